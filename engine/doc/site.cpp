#include "doc/site.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "base/codes_doc.h"
#include "doc/html.h"
#include "doc/labels.h"
#include "doc/pages.h"

namespace decree::doc {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGenerator = "<meta name=\"generator\" content=\"decree doc\">";

// DIR/index.html: the two languages, side by side.
std::string chooser(const RuleTimeline& t) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += std::string(kGenerator) + "\n<title>" + esc(t.name()) +
         "</title>\n<style>body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Micro "
         "Hei\",sans-serif;margin:3em auto;max-width:40em;line-height:1.6}a{font-size:1.3em;"
         "margin-right:2em}</style>\n</head>\n<body>\n<h1>" +
         esc(t.name()) + "</h1>\n<p>";
  for (Lang lang : {Lang::zh, Lang::en})
    out += "<a href=\"" + std::string(lang_dir(lang)) + "/index.html\" lang=\"" + html_lang(lang) +
           "\">" + esc(label(L::site_title, lang)) + " (" + esc(label(L::language_name, lang)) +
           ")</a>";
  out += "</p>\n</body>\n</html>\n";
  return out;
}

std::string absolute(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  return (ec ? fs::path(path) : p).lexically_normal().generic_string();
}

// Whether `dir` holds a site this command wrote (its index.html says so).
bool is_site(const fs::path& dir) {
  std::ifstream in(dir / "index.html");
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head.find(kGenerator) != std::string::npos;
}

Message cannot_write(const fs::path& path, const std::string& why) {
  return {msg::doc_cannot_write, {{"path", path.generic_string()}, {"reason", why}}};
}

}  // namespace

std::string Site::location(const Span& span) const {
  if (!span.valid()) return "?";
  fs::path file(absolute(span.file->path()));
  fs::path rel = file.lexically_relative(rules_dir);
  std::string where =
      rel.empty() || *rel.begin() == ".." ? file.filename().generic_string() : rel.generic_string();
  return where + ":" + std::to_string(span.line);
}

std::vector<std::pair<std::string, std::string>> render_site(const RuleTimeline& timeline,
                                                             const std::string& rules_dir) {
  Site site{timeline, absolute(rules_dir), parameter_history(timeline), {}};
  for (const auto& h : site.history) site.documented.insert(h.name);
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("index.html", chooser(timeline));
  for (Lang lang : {Lang::zh, Lang::en}) {
    const std::string dir = std::string(lang_dir(lang)) + "/";
    files.emplace_back(dir + "index.html", index_page(site, lang));
    files.emplace_back(dir + "parameters.html", parameters_page(site, lang));
    for (const auto& v : timeline.versions())
      files.emplace_back(dir + "versions/" + version_file(v->version().name),
                         version_page(site, *v, lang));
    for (const auto& pv : timeline.payment_versions())
      files.emplace_back(dir + "payments/" + version_file(pv.name), payment_page(site, pv, lang));
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool write_site(const RuleTimeline& timeline, const std::string& rules_dir,
                const std::string& out_dir, Message& error) {
  const fs::path out(out_dir);
  std::error_code ec;
  if (fs::is_directory(out, ec) && !fs::is_empty(out, ec)) {
    if (!is_site(out)) {
      error = {msg::doc_out_not_site, {{"dir", out.generic_string()}}};
      return false;
    }
    for (Lang lang : {Lang::zh, Lang::en}) {
      fs::remove_all(out / lang_dir(lang), ec);
      if (ec) {
        error = cannot_write(out / lang_dir(lang), ec.message());
        return false;
      }
    }
  }
  for (const auto& [path, text] : render_site(timeline, rules_dir)) {
    const fs::path file = out / path;
    fs::create_directories(file.parent_path(), ec);
    if (ec) {
      error = cannot_write(file.parent_path(), ec.message());
      return false;
    }
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();
    if (!f) {
      error = cannot_write(file, "the file could not be written");
      return false;
    }
  }
  return true;
}

}  // namespace decree::doc
