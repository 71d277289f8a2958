"""Bibliographies of chosen papers for reference managers: BibTeX, RIS and CSL-JSON that Zotero imports cleanly.

BibTeX is UTF-8 (biblatex, biber, Zotero, JabRef and citation-js read it) with LaTeX escaping only where
BibTeX and LaTeX syntax need it (``& % $ # _ { } ~ ^ \\`` and the ``--``, ````` ``, ``''`` ligatures); DOI and URL
fields are verbatim, as biblatex and Zotero read them; corporate authors are braced so no reader splits them
into given and family names; in titles, words whose capitals are part of their spelling are braced (``{LLaMA}``,
``{S4}``) so that a sentence-case style keeps them, and Zotero, citation-js and pybtex read the braces as
nothing. ``bibtex-ascii`` writes every accent as a LaTeX macro (``{\\H{o}}`` for ő) for toolchains that predate
UTF-8; citation-js and pybtex read both back to the same text, though Zotero does not know ``\\H``. Both encoders
look at each character once, so time grows linearly with the text. RIS goes through rispy, the journal's full name
in ``T2`` (``JO`` is for abbreviations, which graphx does not have); CSL-JSON follows the CSL-JSON schema. Citation
keys are unique (``turing1950computing``, then ``…a``, ``…b``).
"""
from __future__ import annotations

import re
import unicodedata

import bibtexparser
import networkx as nx
import rispy
from bibtexparser.model import Entry, Field
from rispy.writer import RisWriter

from graphx.graph import LIST_SEPARATOR
from graphx.rank import order_by

STOP_WORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "from", "by", "at", "is", "are"}


def select_papers(graph: nx.MultiDiGraph, top: int | None = None, by: str = "pagerank", seeds: bool = False,
                  community: int | None = None) -> list[str]:
    """The papers a bibliography or an export covers, most central first: all, the seeds, one community,
    and/or the `top` by a score."""
    chosen = [n for n in order_by(graph, by)
              if (not seeds or graph.nodes[n].get("is_seed")) and (community is None or graph.nodes[n].get("community") == community)]
    return chosen[:top] if top else chosen


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a display name: "Alan M. Turing" → ("Turing", "Alan M."); "Turing, A." stays split.

    >>> split_name("Alan M. Turing"), split_name("Turing, A. M."), split_name("Plato")
    (('Turing', 'Alan M.'), ('Turing', 'A. M.'), ('Plato', ''))
    """
    name = " ".join(name.split())
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    parts = name.rsplit(" ", 1)
    return (parts[1], parts[0]) if len(parts) == 2 else (name, "")


def _ascii(text: str) -> str:
    if text.isascii():  # most names and titles: nothing to decompose, the letters and digits kept as they are
        return _NOT_ALNUM.sub("", text).lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum()).lower()


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")  # what str.isalnum rejects among ASCII characters


def citation_keys(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    """A unique key per paper: first author's family name, year, first significant title word.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", title="Computing Machinery and Intelligence", authors="Alan Turing", year=1950)
    >>> g.add_node("b", title="Computing machinery, again", authors="Alan Turing", year=1950)
    >>> g.add_node("c", title="Gateformer: Advancing Time Series Forecasting")
    >>> g.add_node("d", title="Gateformer", year=2024)
    >>> citation_keys(g, ["a", "b", "c", "d"])
    {'a': 'turing1950computing', 'b': 'turing1950computinga', 'c': 'gateformer', 'd': 'gateformer2024'}
    """
    keys: dict[str, str] = {}
    used: set[str] = set()
    for node in nodes:
        data = graph.nodes[node]
        authors = [a for a in str(data.get("authors", "")).split(LIST_SEPARATOR) if a.strip()]
        family = _ascii(split_name(authors[0])[0]) if authors else ""
        word = next((_ascii(w) for w in re.findall(r"\w+", str(data.get("title", ""))) if w.lower() not in STOP_WORDS and _ascii(w)), "")
        year = str(data.get("year") or "")
        # what is known, nothing made up: "gateformer" for a paper with neither author nor year (not
        # "anonndgateformer"); a key never starts with the year, which some BibTeX styles choke on
        base = f"{family}{year}{word}" if family else f"{word}{year}" or "paper"
        key, suffix = base, 0
        while key in used:
            key = base + chr(ord("a") + suffix % 26) * (suffix // 26 + 1)
            suffix += 1
        used.add(key)
        keys[node] = key
    return keys


def _authors(data: dict) -> list[str]:
    return [a.strip() for a in str(data.get("authors", "")).split(LIST_SEPARATOR) if a.strip()]


CORPORATE_WORDS = re.compile(
    r"\b(collaboration|consortium|organi[sz]ation|group|team|association|society|institute|university|committee|council|"
    r"agency|foundation|project|network|initiative|alliance|federation|corporation|company|inc|ltd|gmbh|laboratory|"
    r"laboratories|centre|center|department|ministry|office|board|commission|working|investigators|authors|contributors)\b",
    re.IGNORECASE)


def is_corporate(name: str) -> bool:
    """Whether an author name is an organisation (or a one-word name), to be kept whole, not split into
    given and family names.

    >>> is_corporate("World Health Organization"), is_corporate("The ATLAS Collaboration"), is_corporate("OpenAI")
    (True, True, True)
    >>> is_corporate("Alan M. Turing"), is_corporate("Turing, A. M."), is_corporate("Jean-Paul van der Berg")
    (False, False, False)
    """
    name = " ".join(name.split())
    if "," in name:
        return False
    return " " not in name or bool(CORPORATE_WORDS.search(name)) or " and " in name or "&" in name


# What BibTeX and LaTeX give a meaning to, each written so that it means itself.
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                   "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
# "--" is an en dash to LaTeX, "``" and "''" curly quotes, "?`" and "!`" inverted marks: a brace pair between
# the two characters keeps them as typed.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)")
_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
# Accents by their Unicode combining mark (what NFD splits ő into: o + U+030B) and the letters with no
# decomposition; used only by the ASCII encoding.
_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u", "\u0307": ".",
            "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k",
            "\u0331": "b"}
_LETTERS = {"ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "ø": r"{\o}", "Ø": r"{\O}", "ł": r"{\l}", "Ł": r"{\L}",
            "œ": r"{\oe}", "Œ": r"{\OE}", "đ": r"{\dj}", "Đ": r"{\DJ}", "ı": r"{\i}", "\u00a0": "~",
            "“": r"{\textquotedblleft}", "”": r"{\textquotedblright}", "‘": r"{\textquoteleft}", "’": r"{\textquoteright}",
            "–": r"{\textendash}", "—": r"{\textemdash}", "…": r"{\ldots}", "«": r"{\guillemotleft}", "»": r"{\guillemotright}"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def bibtex_escape(text: str, ascii_only: bool = False, protect: bool = False) -> str:
    r"""`text` as a BibTeX field value that every reader turns back into `text`.

    UTF-8 letters stay as they are; only what BibTeX or LaTeX would read as syntax is escaped. With
    `protect` (titles), words whose capitals are part of their spelling are braced (`protect_capitals`);
    with `ascii_only`, accented letters become LaTeX accent macros too (after the braces, whose words must not
    reach into a macro). Each character is looked at once per step.

    >>> bibtex_escape("Erdős & Rényi: 50% of {G} -- a_b ~ ^")
    'Erdős \\& Rényi: 50\\% of \\{G\\} -{}- a\\_b \\textasciitilde{} \\textasciicircum{}'
    >>> bibtex_escape("Erdős, Gödel, Łukasiewicz “quoted”", ascii_only=True)
    'Erd{\\H{o}}s, G{\\"{o}}del, {\\L}ukasiewicz {\\textquotedblleft}quoted{\\textquotedblright}'
    """
    text = _SPECIAL.sub(lambda m: _BIBTEX_SPECIAL[m.group()], text)
    text = _LIGATURE.sub("{}", text)
    if protect:
        text = protect_capitals(text)
    if ascii_only:
        text = _NON_ASCII.sub(lambda m: _latex_letter(m.group()), text)
    return text


_WORD_RUN = re.compile(r"[^\W_]+")


def protect_capitals(text: str) -> str:
    """`text` (a title, already escaped) with each word whose capitals are part of its spelling braced, so
    that a style that sets titles in sentence case does not turn "LLaMA" into "Llama" or "S4" into "s4":
    a capital after the first letter ("LLaMA", "ChatGPT", "GPT") or a capital with a digit ("S4", "T5").
    A word merely capitalised ("Open", "Turing") is left to the style, as Zotero's own export does with its
    ``dontProtectInitialCase`` choice; Zotero, citation-js and pybtex read the braces back as nothing.

    >>> protect_capitals("LLaMA: Open and Efficient Foundation Language Models")
    '{LLaMA}: Open and Efficient Foundation Language Models'
    >>> protect_capitals("ChatGPT, GPT-4 and S4 (mRNA, COVID-19), XAI Human-Machine")
    '{ChatGPT}, {GPT}-4 and {S4} ({mRNA}, {COVID}-19), {XAI} Human-Machine'
    """
    def braced(match: re.Match) -> str:
        word = match.group()
        kept = any(c.isupper() for c in word[1:]) or (word[0].isupper() and any(c.isdecimal() for c in word))
        return "{" + word + "}" if kept else word

    return _WORD_RUN.sub(braced, text)


def _latex_letter(char: str) -> str:
    if char in _LETTERS:
        return _LETTERS[char]
    base, *marks = unicodedata.normalize("NFD", char)
    if marks and base.isascii() and all(mark in _ACCENTS for mark in marks):
        for mark in marks:
            base = f"\\{_ACCENTS[mark]}{{{base}}}"
        return "{" + base + "}"
    from pylatexenc.latexencode import get_builtin_uni2latex_dict  # Greek, symbols: pylatexenc's table, one look-up

    latex = get_builtin_uni2latex_dict().get(ord(char))
    return "{" + latex + "}" if latex else char


def _bibtex_name(name: str, ascii_only: bool) -> str:
    if is_corporate(name):
        return "{" + bibtex_escape(" ".join(name.split()), ascii_only) + "}"
    family, given = split_name(name)
    return ", ".join(bibtex_escape(part, ascii_only) for part in (family, given) if part)


def _verbatim(value: str) -> str:
    # DOI and URL fields are read verbatim; only an unbalanced brace would end the field early
    return value.replace("{", "%7B").replace("}", "%7D")


def bibtex_text(graph: nx.MultiDiGraph, nodes: list[str], ascii_only: bool = False) -> str:
    """BibTeX entries for `nodes` (``@article`` with a venue, ``@misc`` without); see the module docstring."""
    return bibtexparser.write_string(bibtexparser.Library(_bibtex_entries(graph, nodes, ascii_only=ascii_only)))


def bibtex_by_paper(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    """One BibTeX entry per paper, keys unique across `nodes`: what the page's download button writes for
    each paper (graphx/render/references.js), abstracts included."""
    return {node: bibtexparser.write_string(bibtexparser.Library([entry])).strip() + "\n"
            for node, entry in zip(nodes, _bibtex_entries(graph, nodes), strict=True)}


def ris_by_paper(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    """One RIS record per paper, abstracts included (what the page's download button writes for each)."""
    return {node: ris_text(graph, [node]) for node in nodes}


def _bibtex_entries(graph: nx.MultiDiGraph, nodes: list[str], abstracts: bool = True, ascii_only: bool = False) -> list[Entry]:
    keys = citation_keys(graph, nodes)
    entries = []
    for node in nodes:
        data = graph.nodes[node]
        text = {"title": data.get("title"), "journal": data.get("venue"), "abstract": data.get("abstract") if abstracts else None}
        fields = {
            "title": text["title"], "author": " and ".join(_bibtex_name(a, ascii_only) for a in _authors(data)) or None,
            "year": data.get("year"), "journal": text["journal"], "volume": data.get("volume"), "number": data.get("issue"),
            "pages": "--".join(bibtex_escape(end, ascii_only) for end in _pages(data).split("-", 1)) or None, "doi": data.get("doi"),
            "eprint": data.get("arxiv"), "archiveprefix": "arXiv" if data.get("arxiv") else None,
            "url": _url(data), "abstract": text["abstract"],
        }
        values = []
        for name, value in fields.items():
            if value in (None, ""):
                continue
            value = " ".join(str(value).split())  # a line break inside a field is only a space to BibTeX
            if name in text or name in ("volume", "number"):
                value = bibtex_escape(value, ascii_only, protect=name == "title")
            elif name in ("doi", "url"):
                value = _verbatim(value)
            values.append(Field(name, value))  # bibtexparser encloses the value in braces
        entries.append(Entry("article" if data.get("venue") else "misc", keys[node], values))
    return entries


class _RisWithoutNumbers(RisWriter):
    """rispy numbers each record ("1."); reference managers expect records to start at their TY line."""

    def set_header(self, count: int) -> str:
        return ""


def ris_text(graph: nx.MultiDiGraph, nodes: list[str], abstracts: bool = True) -> str:
    """RIS records for `nodes` (JOUR with a venue, GEN without)."""
    records = []
    for node in nodes:
        data = graph.nodes[node]
        record = {"type_of_reference": "JOUR" if data.get("venue") else "GEN", "title": data.get("title") or node,
                  "authors": [a if is_corporate(a) else "{}, {}".format(*split_name(a)).rstrip(", ") for a in _authors(data)],
                  "year": str(data.get("year") or ""), "secondary_title": data.get("venue"), "volume": data.get("volume"),
                  "number": data.get("issue"), "start_page": _pages(data).partition("-")[0],
                  "end_page": _pages(data).partition("-")[2], "doi": data.get("doi"),
                  "urls": [_url(data)] if _url(data) else [], "abstract": data.get("abstract") if abstracts else None}
        records.append({k: v for k, v in record.items() if v not in (None, "", [])})
    return rispy.dumps(records, implementation=_RisWithoutNumbers).lstrip("\n")


def csl_json(graph: nx.MultiDiGraph, nodes: list[str]) -> list[dict]:
    """CSL-JSON items for `nodes`: the format Zotero, Pandoc and citeproc read."""
    keys = citation_keys(graph, nodes)
    items = []
    for node in nodes:
        data = graph.nodes[node]
        item = {"id": keys[node], "type": "article-journal" if data.get("venue") else "article", "title": data.get("title") or node,
                "author": [_csl_name(a) for a in _authors(data)],
                "container-title": data.get("venue"), "volume": data.get("volume"), "issue": data.get("issue"),
                "page": _pages(data), "DOI": data.get("doi"), "URL": _url(data), "abstract": data.get("abstract")}
        if data.get("year"):
            item["issued"] = {"date-parts": [[int(data["year"])]]}
        items.append({k: v for k, v in item.items() if v not in (None, "", [])})
    return items


def _pages(data: dict) -> str:
    """The page range of a paper ("433-460", "e4375"), "" when unknown."""
    return str(data.get("pages") or "")


def _csl_name(name: str) -> dict:
    if is_corporate(name):
        return {"literal": " ".join(name.split())}
    family, given = split_name(name)
    return {"family": family, "given": given}


def _url(data: dict) -> str:
    """The work's own URL (as in nodes.csv), else its DOI or arXiv link."""
    if data.get("url"):
        return str(data["url"])
    if data.get("doi"):
        return doi_url(str(data["doi"]))
    if data.get("arxiv"):
        return f"https://arxiv.org/abs/{data['arxiv']}"
    return ""


def doi_url(doi: str) -> str:
    """The doi.org link of `doi`, with what a URL cannot hold percent-encoded (as the DOI Handbook says).

    >>> doi_url("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O")
    'https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O'
    """
    from urllib.parse import quote

    return "https://doi.org/" + quote(doi, safe="/:;()[]@!$&'*+,=-._~")
