// Reads what a page's authors called an element: class and id tokens and the
// ARIA role, mapped to HintBit / StructureBit values (document.hpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace winnow {

// HintBit set for a class or id attribute value (several tokens allowed).
std::uint32_t hints_from_names(std::string_view class_or_id);

// StructureBit implied by a role attribute (navigation -> kInNav, ...).
std::uint32_t structure_from_role(std::string_view role);

}  // namespace winnow
