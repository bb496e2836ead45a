// Placeholder until the streaming tokenizer lands: forwards to Gumbo.
#include "html/html_events.hpp"
namespace winnow::html {
void parse_with_fast_tokenizer(std::string_view html, EventHandler& handler) {
  parse_with_gumbo(html, handler);
}
}  // namespace winnow::html
