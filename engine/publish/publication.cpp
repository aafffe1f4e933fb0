#include "publish/publication.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "base/source.h"

namespace decree::publish {
namespace {

// The fields in their fixed order, by name.
std::vector<std::pair<const char*, std::string Publication::*>> fields() {
  return {{"ruleset", &Publication::ruleset},
          {"version", &Publication::version},
          {"rules_hash", &Publication::rules_hash},
          {"proposal", &Publication::proposal},
          {"author", &Publication::author},
          {"reviewer", &Publication::reviewer},
          {"approved_at", &Publication::approved_at},
          {"published_at", &Publication::published_at},
          {"key", &Publication::key},
          {"signature", &Publication::signature}};
}

}  // namespace

std::string statement(const Publication& p) {
  std::string out = "decree-publication-v1\n";
  for (const auto& [name, member] : fields()) {
    if (member == &Publication::signature) continue;
    const std::string& v = p.*member;
    out += name;
    out += ' ' + std::to_string(v.size()) + ':' + v + '\n';
  }
  return out;
}

std::string publication_yaml(const Publication& p) {
  std::string out =
      "# Written by `decree publish` (docs/publishing.md): the record that this version was\n"
      "# approved by a second person and published. Do not edit: `decree verify` checks it.\n";
  for (const auto& [name, member] : fields()) {
    YAML::Emitter e;
    e << YAML::DoubleQuoted << p.*member;
    out += std::string(name) + ": " + e.c_str() + "\n";
  }
  return out;
}

std::optional<Publication> read_publication(const std::string& path, Diagnostics& diags) {
  std::string text;
  if (int err = read_file(path, 64 * 1024, text)) {
    diags.error({}, "cannot read " + path + ": " + std::strerror(err));
    return std::nullopt;
  }
  auto file = std::make_shared<SourceFile>(path, text);
  auto at = [&](const YAML::Node& n) {
    const YAML::Mark m = n.Mark();
    const auto line = static_cast<uint32_t>(m.line < 0 ? 1 : m.line + 1);
    const auto col = static_cast<uint32_t>(m.column < 0 ? 1 : m.column + 1);
    return Span{file.get(), line, col, line, col};
  };
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const auto line = static_cast<uint32_t>(e.mark.line + 1);
    const auto col = static_cast<uint32_t>(e.mark.column + 1);
    diags.error(Span{file.get(), line, col, line, col}, "not YAML: " + e.msg);
    diags.retain_sources();
    return std::nullopt;
  }
  if (!root.IsMap()) {
    diags.error(Span{file.get(), 1, 1, 1, 1}, "a publication is a mapping of its fields");
    diags.retain_sources();
    return std::nullopt;
  }
  Publication p;
  bool ok = true;
  const auto all = fields();
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    auto f = std::find_if(all.begin(), all.end(), [&](const auto& e) { return key == e.first; });
    if (f == all.end() || !kv.second.IsScalar()) {
      diags.error(at(kv.first),
                  f == all.end() ? "unknown field `" + key + "`" : "`" + key + "` is a text");
      ok = false;
      continue;
    }
    p.*(f->second) = kv.second.Scalar();
  }
  for (const auto& [name, member] : all)
    if ((p.*member).empty()) {
      diags.error(Span{file.get(), 1, 1, 1, 1}, std::string("no `") + name + "`");
      ok = false;
    }
  if (!ok) {
    diags.retain_sources();
    return std::nullopt;
  }
  return p;
}

}  // namespace decree::publish
