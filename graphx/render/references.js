// BibTeX, RIS and CSL-JSON of a paper, made in the page from the metadata it carries (its abstract, when it
// has one, as `abstract`: the page unpacks the abstracts before an export): the same text as
// graphx.bibliography writes (bibtex_by_paper, ris_by_paper, csl_json), rule for rule, so the page holds no
// per-paper copy of each format. tests/test_page_references.py runs this file in node
// on real graphs and compares every entry with the Python writers.
(function (root) {
  "use strict";
  var SEPARATOR = "; ";
  var CORPORATE = new RegExp("(?<![\\p{L}\\p{N}_])(collaboration|consortium|organi[sz]ation|group|team|association|society|institute|"
    + "university|committee|council|agency|foundation|project|network|initiative|alliance|federation|corporation|company|inc|"
    + "ltd|gmbh|laboratory|laboratories|centre|center|department|ministry|office|board|commission|working|investigators|"
    + "authors|contributors)(?![\\p{L}\\p{N}_])", "iu");
  var SPECIAL = /[\\{}&%$#_~^]/g;
  var ESCAPED = { "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
                  "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };
  var LIGATURE = /(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)/g;

  function words(text) { return String(text).split(/\s+/).filter(Boolean).join(" "); }
  function authorsOf(p) { return String(p.authors || "").split(SEPARATOR).map(function (a) { return a.trim(); }).filter(Boolean); }
  function isCorporate(name) {
    name = words(name);
    if (name.indexOf(",") >= 0) return false;
    return name.indexOf(" ") < 0 || CORPORATE.test(name) || name.indexOf(" and ") >= 0 || name.indexOf("&") >= 0;
  }
  function splitName(name) {
    name = words(name);
    var comma = name.indexOf(",");
    if (comma >= 0) return [name.slice(0, comma).trim(), name.slice(comma + 1).trim()];
    var space = name.lastIndexOf(" ");
    return space >= 0 ? [name.slice(space + 1), name.slice(0, space)] : [name, ""];
  }
  function escape(text) { return String(text).replace(SPECIAL, function (c) { return ESCAPED[c]; }).replace(LIGATURE, "{}"); }
  // graphx.bibliography.protect_capitals: a word whose capitals are part of its spelling ("LLaMA", "S4") braced
  function protectCapitals(text) {
    return text.replace(/[\p{L}\p{N}]+/gu, function (word) {
      var chars = Array.from(word);
      var kept = chars.slice(1).some(function (c) { return /\p{Lu}/u.test(c); })
        || (/\p{Lu}/u.test(chars[0]) && chars.some(function (c) { return /\p{Nd}/u.test(c); }));
      return kept ? "{" + word + "}" : word;
    });
  }
  function doiUrl(doi) {
    // Python's quote(doi, safe="/:;()[]@!$&'*+,=-._~"): encodeURIComponent leaves fewer characters alone
    return "https://doi.org/" + encodeURIComponent(doi).replace(/%(2F|3A|3B|5B|5D|40|24|26|2B|2C|3D)/g, function (m, hex) {
      return String.fromCharCode(parseInt(hex, 16));
    });
  }
  function url(p) {
    if (p.url) return String(p.url);
    if (p.doi) return doiUrl(String(p.doi));
    if (p.arxiv) return "https://arxiv.org/abs/" + p.arxiv;
    return "";
  }
  function present(value) { return value !== undefined && value !== null && value !== ""; }
  function pages(p) { return present(p.pages) ? String(p.pages) : ""; }  // "433-460", or one page

  function bibtex(p) {
    var names = authorsOf(p).map(function (name) {
      if (isCorporate(name)) return "{" + escape(words(name)) + "}";
      return splitName(name).filter(Boolean).map(escape).join(", ");
    });
    var fields = [
      ["title", p.title, "text"], ["author", names.join(" and ")], ["year", p.year], ["journal", p.venue, "text"],
      ["volume", p.volume, "text"], ["number", p.issue, "text"], ["pages", pages(p).split("-").length > 1
        ? escape(words(pages(p).slice(0, pages(p).indexOf("-")))) + "--" + escape(words(pages(p).slice(pages(p).indexOf("-") + 1)))
        : (pages(p) ? escape(words(pages(p))) : null)],
      ["doi", p.doi, "verbatim"], ["eprint", p.arxiv], ["archiveprefix", p.arxiv ? "arXiv" : null], ["url", url(p), "verbatim"],
      ["abstract", p.abstract, "text"]
    ];
    var lines = [];
    fields.forEach(function (f) {
      if (!present(f[1])) return;
      var value = words(f[1]);
      if (f[2] === "text") value = f[0] === "title" ? protectCapitals(escape(value)) : escape(value);
      else if (f[2] === "verbatim") value = value.replace(/\{/g, "%7B").replace(/\}/g, "%7D");
      lines.push("\t" + f[0] + " = {" + value + "}");
    });
    return "@" + (p.venue ? "article" : "misc") + "{" + p.key + ",\n" + lines.map(function (line) { return line + "\n"; }).join("").replace(/\n(?=.)/g, ",\n") + "}\n";
  }

  function ris(p, id) {
    var lines = ["TY  - " + (p.venue ? "JOUR" : "GEN"), "TI  - " + (p.title || id)];
    authorsOf(p).forEach(function (name) {
      lines.push("AU  - " + (isCorporate(name) ? name : splitName(name).join(", ").replace(/[, ]+$/, "")));
    });
    if (present(p.year)) lines.push("PY  - " + p.year);
    if (present(p.venue)) lines.push("T2  - " + p.venue);
    if (present(p.volume)) lines.push("VL  - " + p.volume);
    if (present(p.issue)) lines.push("IS  - " + p.issue);
    var dash = pages(p).indexOf("-");
    if (pages(p)) lines.push("SP  - " + (dash >= 0 ? pages(p).slice(0, dash) : pages(p)));
    if (dash >= 0 && dash < pages(p).length - 1) lines.push("EP  - " + pages(p).slice(dash + 1));
    if (present(p.doi)) lines.push("DO  - " + p.doi);
    if (url(p)) lines.push("UR  - " + url(p));
    if (present(p.abstract)) lines.push("AB  - " + p.abstract);
    return lines.join("\n") + "\nER  - \n";
  }

  function csl(p, id) {
    var item = { id: p.key, type: p.venue ? "article-journal" : "article", title: p.title || id };
    var author = authorsOf(p).map(function (name) {
      if (isCorporate(name)) return { literal: words(name) };
      var parts = splitName(name);
      return { family: parts[0], given: parts[1] };
    });
    if (author.length) item.author = author;
    if (present(p.venue)) item["container-title"] = p.venue;
    if (present(p.volume)) item.volume = p.volume;
    if (present(p.issue)) item.issue = p.issue;
    if (pages(p)) item.page = pages(p);
    if (present(p.doi)) item.DOI = p.doi;
    if (url(p)) item.URL = url(p);
    if (present(p.abstract)) item.abstract = p.abstract;
    if (p.year) item.issued = { "date-parts": [[parseInt(p.year, 10)]] };
    return item;
  }

  var api = { bibtex: bibtex, ris: ris, csl: csl };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.graphxReferences = api;
})(this);
