#include "base/yaml_errors.h"

#include <string_view>

#include "base/codes_yaml.h"

namespace decree {

MessageArg yaml_error_detail(const std::string& what) {
  // yaml-cpp's ErrorMsg texts (yaml-cpp/exceptions.h), exact or as a prefix.
  struct Known {
    std::string_view text;
    Code code;
    bool prefix;  // followed by the character or value concerned
  };
  static const Known known[] = {
      {"end of map not found", msg::yaml_detail_end_of_map, false},
      {"end of map flow not found", msg::yaml_detail_end_of_map_flow, false},
      {"end of sequence not found", msg::yaml_detail_end_of_seq, false},
      {"end of sequence flow not found", msg::yaml_detail_end_of_seq_flow, false},
      {"illegal map value", msg::yaml_detail_map_value, false},
      {"illegal map key", msg::yaml_detail_map_key, false},
      {"illegal block entry", msg::yaml_detail_block_entry, false},
      {"illegal flow end", msg::yaml_detail_flow_end, false},
      {"illegal EOF in scalar", msg::yaml_detail_eof_in_scalar, false},
      {"illegal character in scalar", msg::yaml_detail_char_in_scalar, false},
      {"unknown escape character: ", msg::yaml_detail_unknown_escape, true},
      {"unknown token", msg::yaml_detail_unknown_token, false},
      {"the referenced anchor is not defined", msg::yaml_detail_unknown_anchor, false},
      {"nesting too deep", msg::yaml_detail_too_deep, false},
  };
  for (const Known& k : known) {
    if (k.prefix ? what.rfind(k.text, 0) == 0 : what == k.text) {
      MessageArgs args;
      if (k.prefix) args.emplace_back("char", what.substr(k.text.size()));
      return MessageArg("detail", Message{k.code, std::move(args)});
    }
  }
  return MessageArg("detail", what);
}

}  // namespace decree
