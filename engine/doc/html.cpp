#include "doc/html.h"

#include "base/markup.h"
#include "doc/labels.h"

namespace decree::doc {
namespace {

// One style sheet, inline in every page (no file to fetch, each page stands
// alone when saved or mailed).
constexpr const char* kStyle = R"(body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:0 auto;max-width:70em;padding:0 1.5em 3em;color:#1a1a1a;line-height:1.5}
header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:1px solid #ccc;margin-bottom:1em}
header nav a{margin-left:1em}
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #eee;margin-top:2em}h3{font-size:1.1em;margin-bottom:.3em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f7f7f5;border:1px solid #e4e4e0;padding:.5em .8em;overflow-x:auto;white-space:pre-wrap}
code,pre{font-family:"DejaVu Sans Mono","WenQuanYi Micro Hei Mono",monospace;font-size:.92em}
.rule{border-left:3px solid #4a7;padding:.1em 0 .4em 1em;margin:1.2em 0}.rule.let{border-color:#aab}
.doc{white-space:pre-wrap}.meta{color:#555}.meta dt{font-weight:bold;float:left;clear:left;width:9.5em}.meta dd{margin-left:10em}
.badge{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:.3em;background:#eee;margin-left:.5em}
.weak{background:#fde8c8;color:#7a4500}.over{background:#dde9ff}.unsourced{color:#a00}
svg{border:1px solid #eee;background:#fff;max-width:100%;height:auto}svg text{font-size:11px;fill:#333}
)";

bool id_char(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '_' || c == '.' || c == '-';
}

}  // namespace

std::string esc(const std::string& text) { return xml_escape(text, /*hide_urls=*/true); }

std::string anchor(const std::string& kind, const std::string& name) {
  std::string out = kind + "-";
  for (unsigned char c : name) out += id_char(c) ? static_cast<char>(c) : '_';
  return out;
}

std::string version_file(const std::string& version) {
  std::string out;
  for (unsigned char c : version) out += id_char(c) && c < 0x80 ? static_cast<char>(c) : '_';
  return (out.empty() ? std::string("unversioned") : out) + ".html";
}

std::string root_of(const std::string& path) {
  std::string out;
  for (char c : path)
    if (c == '/') out += "../";
  return out;
}

std::string page(Lang lang, const std::string& path, const std::string& title,
                 const std::string& body) {
  const Lang other = lang == Lang::zh ? Lang::en : Lang::zh;
  const std::string root = root_of(path);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += html_lang(lang);
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"generator\" content=\"decree doc\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + esc(title) + "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header><span><a href=\"" + root + "index.html\">" +
         esc(label(L::back_to_index, lang)) + "</a></span><nav>";
  out += "<a href=\"" + root + "../" + lang_dir(other) + "/" + path + "\" hreflang=\"" +
         html_lang(other) + "\" lang=\"" + html_lang(other) + "\">" +
         esc(label(L::other_language, lang)) + "</a>";
  out += "</nav></header>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace decree::doc
