// The per-page pipeline behind winnow::Cleaner:
// decode -> segment -> fingerprint -> (count | classify -> render).
#include <algorithm>
#include <stdexcept>

#include "classify/classifier.hpp"
#include "classify/site_selectors.hpp"
#include "core/page_analysis.hpp"
#include "core/site_key.hpp"
#include "core/unique_keys.hpp"
#include "fingerprint/fingerprint.hpp"
#include "io/charset.hpp"
#include "io/format_sniffer.hpp"
#include "io/non_page.hpp"
#include "metadata/metadata.hpp"
#include "model/site_model_impl.hpp"
#include "render/render.hpp"
#include "segment/html_segmenter.hpp"

namespace winnow {

struct Cleaner::Impl {
  explicit Impl(Options o) : options(std::move(o)), classifier(options) {}

  Options options;
  HtmlSegmenter segmenter;
  Document doc;
  std::vector<BlockFingerprints> fingerprints;
  Classifier classifier;
  std::vector<Decision> decisions;
  std::string token_scratch;
  std::vector<std::uint64_t> page_fingerprints;
  std::vector<std::uint64_t> unique_scratch;
  std::vector<BlockSample> samples;
  std::vector<double> container_scratch;
  std::vector<std::uint64_t> containers;  // container signatures of the page (pass 1)
  // The container on the page's own evidence: found in pass 1 and, for a
  // kept analysis, handed to the classifier in pass 2 (page_main_known).
  MainContent page_main;
  bool page_main_known = false;
  std::vector<std::uint32_t> element_scratch;

  // Result storage: CleanResult's views point here.
  io::DecodedText decoded;
  bool is_html = false;
  bool site_from_url = false;  // the site key is a URL's host, not a directory or option
  std::string id, url, site, text, output;
  ArticleMeta meta;
  std::vector<BlockResult> block_results;
  std::vector<std::string> notes;
  CleanResult result;

  void analyze(const PageInput& page);
  void fingerprint_blocks();
  void resolve_url_and_site(const PageInput& page);
  // Fills page_fingerprints (each once, in first-seen order) from `fingerprints`.
  void collect_page_fingerprints();
  // Fills `containers` with the page's container signatures (HTML only),
  // from the container found on the page's own evidence (kept in page_main).
  void collect_containers() {
    containers.clear();
    page_main.roots.clear();
    if (!is_html) return;
    page_main = find_main_content(doc, container_scratch);
    container_signatures(doc, page_main, containers);
  }
  // Classifies and renders the analysed page held in doc, url, site, notes.
  const CleanResult& finish_clean(const PageInput& page, const SiteModel* model);
};

bool page_is_html(const PageInput& page, const Options& options) {
  if (page.kind != InputKind::detect) return page.kind == InputKind::html;
  return io::sniff_content_kind(page.body.substr(0, options.max_page_bytes)) == io::ContentKind::html;
}

namespace {

// The note for a document that is not a page: binary data, or a document
// of another kind (robots.txt rules, a feed, a PDF); empty for a page.
std::string not_a_page(std::string_view text) {
  if (const io::BinaryVerdict binary = io::judge_binary(text); binary.binary) {
    return "binary data, not a page: " + std::to_string(binary.controls) + " control characters in the first " +
           std::to_string(binary.sampled) + " bytes of its text; nothing kept";
  }
  if (std::string what = io::recognise_non_page(text); !what.empty()) return what + ", not a page; nothing kept";
  return {};
}

}  // namespace

void Cleaner::Impl::analyze(const PageInput& page) {
  notes.clear();
  std::string_view body = page.body;
  if (body.size() > options.max_page_bytes) {
    notes.push_back("page is " + std::to_string(body.size()) + " bytes; cleaned its first " +
                    std::to_string(options.max_page_bytes));
    body = body.substr(0, options.max_page_bytes);
  }
  is_html = page_is_html(page, options);
  decoded = io::decode_to_utf8(body, page.charset, is_html);
  if (std::string why = not_a_page(decoded.text()); !why.empty()) {
    // Cleaned to nothing, said why: its "text" would be noise, rules or
    // markup, and its blocks would count as the site's. It gets the
    // document of an empty text page, which the later steps already take.
    notes.push_back(std::move(why));
    is_html = false;
    segment_plain_text({}, options.max_blocks, doc);
    return;
  }
  if (decoded.how == "fallback") notes.push_back("charset unknown; read as " + decoded.charset);
  if (is_html) {
    segmenter.segment(decoded.text(), options.parser == ParserKind::gumbo ? html::ParserKind::gumbo
                                                                         : html::ParserKind::fast,
                      options.max_blocks, doc);
    drop_empty_elements(doc, element_scratch);
    clear_promotion_names_on_prose(doc, element_scratch);
  } else {
    segment_plain_text(decoded.text(), options.max_blocks, doc);
  }
  for (std::string& note : doc.notes) notes.push_back(std::move(note));
}

void Cleaner::Impl::fingerprint_blocks() {
  if (fingerprints.size() < doc.blocks.size()) fingerprints.resize(doc.blocks.size());
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    BlockFingerprints& fp = fingerprints[i];
    // The tokens are not kept: the classifier tokenizes again the few
    // blocks a repeated span is cut from.
    fp.tokens.clear();
    fp.counts = fingerprint_text(doc.blocks[i].text, options.shingle_words, fp.block, fp.shingles, token_scratch);
  }
}

void Cleaner::Impl::resolve_url_and_site(const PageInput& page) {
  const PageMeta& m = doc.meta;
  if (is_absolute_url(m.canonical_url)) url = m.canonical_url;
  else if (is_absolute_url(m.og_url)) url = m.og_url;
  else url.assign(page.url);
  // The transport URL is the most trustworthy host: a canonical link may
  // name a syndication partner.
  site = host_of(page.url);
  if (site.empty()) site = host_of(url);
  site_from_url = !site.empty();
  if (site.empty()) site = normalize_site(options.site);
  if (site.empty()) site = normalize_site(page.fallback_site);
  // A directory or option named like a host stands for that host's pages:
  // they share a template, not merely a folder.
  if (!site_from_url && looks_like_host(site)) site_from_url = true;
}

Cleaner::Cleaner(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Cleaner::~Cleaner() = default;
Cleaner::Cleaner(Cleaner&&) noexcept = default;
Cleaner& Cleaner::operator=(Cleaner&&) noexcept = default;

const Options& Cleaner::options() const { return impl_->options; }

std::string_view Cleaner::site_of(const PageInput& page) {
  impl_->analyze(page);
  impl_->resolve_url_and_site(page);
  return impl_->site;
}

void Cleaner::Impl::collect_page_fingerprints() {
  page_fingerprints.clear();
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const BlockFingerprints& fp = fingerprints[i];
    if (fp.block == 0) continue;
    page_fingerprints.push_back(fp.block);
    append_window_minima(fp.shingles, options.winnow_window, page_fingerprints);
    // Winnowing may skip up to w-1 shingles at a block's edges. Counting
    // those too makes a block glued into another one cut at its exact
    // boundaries (a date glued to an appeal keeps the date).
    const std::size_t edge = std::min<std::size_t>(options.winnow_window > 0 ? options.winnow_window - 1 : 0,
                                                   fp.shingles.size());
    for (std::size_t p = 0; p < edge; ++p) {
      page_fingerprints.push_back(fp.shingles[p]);
      page_fingerprints.push_back(fp.shingles[fp.shingles.size() - 1 - p]);
    }
  }
  // A page counts once per fingerprint, however often it repeats it.
  keep_first_of_each(page_fingerprints, unique_scratch);
}

namespace {
void set_params(const Options& options, SiteModel& model) {
  SiteModel::Impl& m = model.impl();
  if (!m.params_set) {
    m.params = FingerprintParams{options.shingle_words, options.winnow_window};
    m.params_set = true;
  }
}
}  // namespace

std::string_view Cleaner::count(const PageInput& page, SiteModel& model) {
  Impl& s = *impl_;
  s.analyze(page);
  s.resolve_url_and_site(page);
  s.fingerprint_blocks();
  set_params(s.options, model);
  s.collect_page_fingerprints();
  s.samples.clear();
  if (model.keeps_block_texts()) {
    for (std::size_t i = 0; i < s.doc.blocks.size(); ++i) {
      if (s.fingerprints[i].block != 0) s.samples.push_back(BlockSample{s.fingerprints[i].block, s.doc.blocks[i].text});
    }
  }
  s.collect_containers();
  model.impl().add_page(s.site, s.page_fingerprints, s.samples, s.containers);
  return s.site;
}

void CleanerAccess::count_page(Cleaner& cleaner, const PageInput& page, PageCount& out, PageCount::Keep keep) {
  Cleaner::Impl& s = *cleaner.impl_;
  s.analyze(page);
  s.resolve_url_and_site(page);
  s.fingerprint_blocks();
  s.collect_page_fingerprints();
  out.fingerprints.assign(s.page_fingerprints.begin(), s.page_fingerprints.end());
  s.collect_containers();
  out.containers.assign(s.containers.begin(), s.containers.end());
  PageAnalysis& a = out.analysis;
  a.site = s.site;
  out.samples.clear();
  out.has_texts = keep != PageCount::Keep::nothing;
  // A page of plain text in a clean is kept as its bytes, and the clean's
  // model keeps no texts: copying its blocks here was a pass over all the
  // text for nothing.
  if (!out.has_texts) return;
  for (std::size_t i = 0; i < s.doc.blocks.size(); ++i) {
    if (s.fingerprints[i].block != 0) {
      out.samples.push_back(PageCount::Sample{s.fingerprints[i].block, static_cast<std::uint32_t>(i)});
    }
  }
  const bool whole = keep == PageCount::Keep::whole;
  const std::size_t n = s.doc.blocks.size();
  std::size_t text_bytes = 0, shingle_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    text_bytes += s.doc.blocks[i].text.size();
    shingle_count += s.fingerprints[i].shingles.size();
  }
  // Without `whole`, only the texts: the samples added to the model read them.
  const std::size_t elements = whole ? s.doc.elements.size() : 0;
  a.layout(static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(elements),
           static_cast<std::uint32_t>(whole ? shingle_count : 0), static_cast<std::uint32_t>(text_bytes), whole);
  const std::span<KeptBlock> blocks = a.blocks();
  const std::span<std::uint64_t> hashes = a.block_hashes(), shingles = a.shingles();
  char* text = a.text();
  std::uint32_t text_end = 0, shingle_end = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Block& b = s.doc.blocks[i];
    std::copy(b.text.begin(), b.text.end(), text + text_end);
    text_end += static_cast<std::uint32_t>(b.text.size());
    KeptBlock& k = blocks[i];
    k.info = b;
    k.text_end = text_end;
    const BlockFingerprints& fp = s.fingerprints[i];
    k.tokens = fp.counts;
    hashes[i] = fp.block;
    if (whole) {
      std::copy(fp.shingles.begin(), fp.shingles.end(), shingles.begin() + shingle_end);
      shingle_end += static_cast<std::uint32_t>(fp.shingles.size());
    }
    k.shingle_end = shingle_end;
  }
  if (!whole) return;
  std::copy(s.doc.elements.begin(), s.doc.elements.end(), a.elements().begin());
  // The document is segmented anew for the next page: its strings move.
  a.meta = std::move(s.doc.meta);
  a.doc_notes = std::move(s.doc.notes);
  a.is_html = s.is_html;
  a.site_from_url = s.site_from_url;
  a.url = s.url;
  a.notes = s.notes;
  a.main_roots = s.page_main.roots;
}

void PageAnalysis::layout(std::uint32_t blocks, std::uint32_t elements, std::uint32_t shingles, std::uint32_t text,
                          bool exact) {
  block_count = blocks;
  element_count = elements;
  shingle_count = shingles;
  text_bytes = text;
  const std::size_t size = text_offset() + text;
  if (arena && size <= arena_bytes && (!exact || size == arena_bytes)) return;
  // Not value-initialised: every byte of the arrays is written next.
  arena.reset(new std::byte[size]);
  arena_bytes = size;
}

void CleanerAccess::add_page(const Options& options, const PageCount& page, SiteModel& model) {
  set_params(options, model);
  std::vector<BlockSample> samples;
  if (model.keeps_block_texts()) {
    if (!page.has_texts) throw std::logic_error("a page counted without its block texts, for a model that keeps them");
    samples.reserve(page.samples.size());
    for (const PageCount::Sample& x : page.samples) {
      samples.push_back(BlockSample{x.hash, page.analysis.block_text(x.block)});
    }
  }
  model.impl().add_page(page.analysis.site, page.fingerprints, samples, page.containers);
}

const CleanResult& CleanerAccess::clean_analyzed(Cleaner& cleaner, PageAnalysis&& analysis, const PageInput& page,
                                                 const SiteModel* model) {
  Cleaner::Impl& s = *cleaner.impl_;
  PageAnalysis& a = analysis;
  const std::size_t n = a.block_count;
  Document& doc = s.doc;
  // Block texts keep their room from page to page: those of blocks past
  // this page's count wait in the document's spares for a longer page.
  const std::size_t before = doc.blocks.size();
  for (std::size_t i = n; i < before; ++i) doc.spare(std::move(doc.blocks[i].text));
  doc.blocks.resize(n);
  for (std::size_t i = before; i < n; ++i) doc.blocks[i].text = doc.take_spare_text();
  if (s.fingerprints.size() < n) s.fingerprints.resize(n);
  const std::span<const KeptBlock> blocks = a.blocks();
  const std::span<const std::uint64_t> hashes = a.block_hashes();
  for (std::size_t i = 0; i < n; ++i) {
    Block& b = doc.blocks[i];
    static_cast<BlockInfo&>(b) = blocks[i].info;
    const std::string_view kept = a.block_text(i);
    b.text.assign(kept.data(), kept.size());
    BlockFingerprints& fp = s.fingerprints[i];
    fp.block = hashes[i];
    fp.counts = blocks[i].tokens;
    fp.tokens.clear();
    const std::span<const std::uint64_t> shingles = a.block_shingles(i);
    fp.shingles.assign(shingles.begin(), shingles.end());
  }
  const std::span<const Element> elements = a.elements();
  doc.elements.assign(elements.begin(), elements.end());
  doc.meta = std::move(a.meta);
  doc.notes = std::move(a.doc_notes);
  s.is_html = a.is_html;
  s.site_from_url = a.site_from_url;
  s.url = std::move(a.url);
  s.site = std::move(a.site);
  s.notes = std::move(a.notes);
  s.page_main.roots = std::move(a.main_roots);
  s.page_main_known = true;
  return s.finish_clean(page, model);
}

std::size_t PageAnalysis::bytes() const {
  auto str = [](const std::string& x) { return x.capacity() > 15 ? x.capacity() + 1 : 0; };
  std::size_t n = sizeof(PageAnalysis) + arena_bytes + str(url) + str(site);
  n += main_roots.capacity() * sizeof(std::uint32_t);
  for (const std::vector<std::string>* list : {&notes, &doc_notes, &meta.h1s, &meta.json_ld}) {
    n += list->capacity() * sizeof(std::string);
    for (const std::string& x : *list) n += str(x);
  }
  for (const std::string* x : {&meta.title, &meta.canonical_url, &meta.og_url, &meta.og_title, &meta.og_site_name,
                               &meta.og_type, &meta.dc_title, &meta.meta_title, &meta.twitter_title,
                               &meta.parsely_title, &meta.author, &meta.published, &meta.language,
                               &meta.description}) {
    n += str(*x);
  }
  return n;
}

const CleanResult& Cleaner::clean(const PageInput& page, const SiteModel* model) {
  Impl& s = *impl_;
  s.analyze(page);
  s.resolve_url_and_site(page);
  s.fingerprint_blocks();
  return s.finish_clean(page, model);
}

const CleanResult& Cleaner::Impl::finish_clean(const PageInput& page, const SiteModel* model) {
  Impl& s = *this;
  SiteEvidence evidence;
  evidence.site = s.site;
  evidence.site_from_url = s.site_from_url;
  if (model != nullptr) {
    const SiteModel::Impl& m = model->impl();
    if (m.params_set && !(m.params == FingerprintParams{s.options.shingle_words, s.options.winnow_window})) {
      s.notes.push_back("model was built with other fingerprint parameters; not used");
    } else if (const SiteTable* table = m.find(s.site)) {
      evidence.table = table;
      evidence.pages = table->pages;
    }
  }
  s.fingerprints.resize(std::max(s.fingerprints.size(), s.doc.blocks.size()));
  s.classifier.classify(s.doc, s.is_html, s.fingerprints, evidence, s.decisions,
                        s.page_main_known ? &s.page_main : nullptr);
  s.page_main_known = false;
  s.meta = extract_metadata(s.doc);
  s.id.assign(page.id);

  RenderInput in{s.doc, s.decisions, s.meta, s.id, s.url, s.site, page.extra_json, s.options.explain};
  s.text.clear();
  render_text(in, s.text);
  s.output.clear();
  if (s.options.dump_block_features) {
    render_block_features(in, s.classifier.block_features(), s.output);
  } else switch (s.options.format) {
    case OutputFormat::text:
      if (s.options.explain) {
        render_explained_text(in, s.output);
      } else {
        s.output = s.text;
        if (!s.output.empty()) s.output.push_back('\n');
      }
      break;
    case OutputFormat::jsonl: render_jsonl(in, s.text, s.output); break;
    case OutputFormat::markdown: render_markdown(in, s.output); break;
    case OutputFormat::html: render_html(in, s.output); break;
  }

  s.block_results.clear();
  for (std::size_t i = 0; i < s.doc.blocks.size(); ++i) {
    const Block& b = s.doc.blocks[i];
    const Decision& d = s.decisions[i];
    s.block_results.push_back(BlockResult{d.text, d.label, b.kind, b.heading_level, d.reason});
  }
  CleanResult& r = s.result;
  r.id = s.id;
  r.url = s.url;
  r.site = s.site;
  r.title = s.meta.title;
  r.author = s.meta.author;
  r.date = s.meta.date;
  r.language = s.meta.language;
  r.site_name = s.meta.site_name;
  r.text = s.text;
  r.output = s.output;
  r.blocks = s.block_results;
  r.notes = s.notes;
  return r;
}

}  // namespace winnow
