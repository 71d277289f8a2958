"""The records that flow through graphx: a `Query` (one input) and a `Paper` (one work).

Identifier normalisation lives here too, so that every module compares identifiers the same way.

>>> normalise_doi("https://doi.org/10.1145/3292500.3330701")
'10.1145/3292500.3330701'
>>> normalise_title("Attention Is All You Need!")
'attention is all you need'
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

# How a list (authors, keywords, sources) is kept in one attribute: GraphML and GEXF take scalars only.
LIST_SEPARATOR = "; "

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class Query:
    """One thing the user asked for: an identifier of a known kind, or a title to search.

    kind is one of "doi", "arxiv", "openalex", "s2", "pmid", "hf" (a Hugging Face daily listing, value the
    date) or "title". `origin` says where it came from ("argument", "refs.bib:12") so that the resolution
    report can point back at it. `title` is a title the input gave beside an identifier (a listing's), used
    to check the match and to keep an unresolved paper as a node.
    """

    kind: str
    value: str
    origin: str = "argument"
    year: int | None = None
    first_author: str = ""
    abstract: str = ""
    problem: str = ""
    title: str = ""

    @property
    def label(self) -> str:
        """The input as the user would recognise it, e.g. ``doi:10.1/x``."""
        return self.value if self.kind == "title" or self.problem else f"{self.kind}:{self.value}"


@dataclass
class Paper:
    """One scholarly work, as one or more sources describe it.

    `id` is the graph node id: the OpenAlex W-id where known, else ``s2:<paperId>``, ``doi:…`` or
    ``arxiv:…``. `references` holds ids of the works this paper cites, in any form `identifiers` gives
    (``W123``, ``doi:10.1/x``, ``arxiv:2106.09685``, ``s2:…``, ``pmid:…``), so that a reference any source
    reports finds the node whichever source described the cited work. `reference_count` is how many
    references the source says the paper has (known or not). `versions` names other identifiers of the same
    work (a preprint's published DOI, a journal article's preprint), and `reference_sources` says, after
    merging, which sources reported each reference. `volume`, `issue` and `pages` place the work in its
    `venue` (pages as "first-last", or one page), so a reference manager can cite it.
    """

    id: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str = ""
    volume: str = ""  # the venue's volume, issue and page range ("LIX", "236", "433-460"), for bibliographies
    issue: str = ""
    pages: str = ""
    doi: str = ""
    arxiv: str = ""
    openalex: str = ""
    s2: str = ""
    url: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    cited_by_count: int | None = None
    references: list[str] = field(default_factory=list)
    is_seed: bool = False
    sources: list[str] = field(default_factory=list)
    pmid: str = ""
    reference_count: int | None = None
    versions: list[str] = field(default_factory=list)
    reference_sources: dict[str, list[str]] = field(default_factory=dict)

    def identifiers(self) -> list[str]:
        """Every identifier this record carries, prefixed by kind, for merging and lookups."""
        ids = []
        if self.openalex:
            ids.append(f"openalex:{self.openalex}")
        if self.doi:
            ids.append(f"doi:{self.doi}")
        if self.arxiv:
            ids.append(f"arxiv:{self.arxiv}")
        if self.s2:
            ids.append(f"s2:{self.s2}")
        if self.pmid:
            ids.append(f"pmid:{self.pmid}")
        return ids


def normalise_doi(text: str) -> str:
    """Lower-case bare DOI from a DOI in any common written form, or "" when it is not a DOI.

    >>> normalise_doi("doi:10.1093/MIND/LIX.236.433")
    '10.1093/mind/lix.236.433'
    >>> normalise_doi("not a doi")
    ''
    """
    value = text.strip()
    value = re.sub(r"^(https?://)?(dx\.)?doi\.org/", "", value, flags=re.I)
    value = re.sub(r"^doi:\s*", "", value, flags=re.I)
    value = clean_text(value).strip().rstrip(".,;").lower()
    return value if DOI_PATTERN.match(value) else ""


def arxiv_doi(arxiv_id: str) -> str:
    """The DataCite DOI arXiv assigns to a preprint: ``10.48550/arxiv.<id>`` (no version).

    >>> arxiv_doi("1706.03762v5")
    '10.48550/arxiv.1706.03762'
    """
    return "10.48550/arxiv." + re.sub(r"v\d+$", "", arxiv_id).lower()


# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/U+FFFF): a title
# carrying one would make GraphML/GEXF unreadable, and a lone surrogate cannot even be written as UTF-8.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    r"""`text` without the characters no XML file or UTF-8 writer accepts; everything else kept as is.

    >>> clean_text("Null\x00 byte and a lone \ud800surrogate")
    'Null byte and a lone surrogate'
    """
    return _NOT_XML.sub("", text)


# A character reference written out in full: named (``&amp;``), decimal (``&#38;``) or hex (``&#x26;``). Only these
# are decoded: html.unescape alone also reads a few names without their semicolon, so "Bits &notation" would
# become "Bits ¬ation".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A markup tag the sources put in titles and abstracts: a namespaced JATS/MathML tag (``<jats:p>``,
# ``<mml:mi>``) or an HTML/JATS formatting tag by name, with quoted attributes only. "P < 0.05", "a<b>c"
# written as maths, or "<1%" stay text: only a known tag name makes a tag.
_INLINE_TAGS = "i|b|em|strong|sub|sup|sc|u|span|font|a|scp|italic|bold|underline|small|tt|inline-formula|tex-math"
_BLOCK_TAGS = "p|br|div|title|sec|list|list-item|label|abstract|h[1-6]|li|ul|ol|hr|table|tr|td|th|disp-formula"
_TAG_TAIL = r"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*\s*/?>"""
_INLINE = re.compile(rf"</?(?:{_INLINE_TAGS}|mml:[\w.-]+|jats:(?:{_INLINE_TAGS}))\b{_TAG_TAIL}", re.IGNORECASE)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS}|jats:[\w.-]+)\b{_TAG_TAIL}", re.IGNORECASE)


# ff, fi, fl, ffi, ffl, long st, st: the Latin ligatures of Unicode's compatibility block, as their letters
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}


def plain_text(text: str, markup: bool = False) -> str:
    """`text` as a reader should see it: character references decoded once (``&amp;`` → ``&``), and, from a
    source that sends markup (`markup`: Crossref's JATS, OpenAlex's HTML), its tags taken out: a formatting
    tag joins its neighbours (``H<sub>2</sub>O`` → ``H2O``), a paragraph or title tag becomes a space. A
    "<" or "&" that is text ("P < 0.05", "R&D") stays. Every parser applies it once, through
    `graphx.sources.limits.bounded`.

    >>> plain_text("Mind &amp; Language"), plain_text("R&D at AT&T: P < 0.05 &amp; q &gt; 1")
    ('Mind & Language', 'R&D at AT&T: P < 0.05 & q > 1')
    >>> plain_text("<jats:title>Abstract</jats:title><jats:p>H<sub>2</sub>O &amp; <i>p</i> < 0.05</jats:p>", markup=True)
    'Abstract H2O & p < 0.05'
    >>> plain_text("Bits &notation and &amp;amp;"), plain_text("if a<b and c>d", markup=True)
    ('Bits &notation and &amp;', 'if a<b and c>d')

    Typographic ligatures, which PDF-extracted abstracts carry, become their letters, so that "artiﬁcial"
    is found, matched and named as "artificial":

    >>> plain_text("inteligência artiﬁcial, eﬀective ﬂow")
    'inteligência artificial, effective flow'
    """
    if not text.isascii():
        text = text.translate(_LIGATURES)
    if "<" in text and markup:
        stripped = _BLOCK.sub(" ", _INLINE.sub("", text))
        if stripped is not text and stripped != text:
            text = " ".join(stripped.split())
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text


def page_range(first: object, last: object = None) -> str:
    """A page range as bibliographies write it ("433-460"), from a first and last page or from one text
    that holds both ("433 - 460", "145-145", "e4375"); "" when there is none.

    >>> page_range("433", "460"), page_range("145 - 145"), page_range("e4375", "e4375"), page_range(None, "9")
    ('433-460', '145', 'e4375', '')
    """
    if last is None and first is not None:
        first, _, last = str(first).replace("–", "-").partition("-")
    start, end = " ".join(str(first or "").split()), " ".join(str(last or "").split())
    if not start:
        return ""
    return start if not end or end == start else f"{start}-{end}"


def fold_accents(text: str) -> str:
    """`text` with its accents taken off ("Gödel" → "Godel"): compatibility decomposition, combining marks
    dropped. Plain ASCII, most titles, comes back at once.

    >>> fold_accents("Über formal unentscheidbare Sätze"), fold_accents("artículo")
    ('Uber formal unentscheidbare Satze', 'articulo')
    """
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def normalise_title(title: str) -> str:
    """Lower-case, accent-free, punctuation-free title with single spaces, for comparisons."""
    text = fold_accents(title)
    text = re.sub(r"<[^>]+>", " ", text)  # markup some sources leave in titles (<i>, <sub>)
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())
