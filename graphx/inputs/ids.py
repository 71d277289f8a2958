"""Recognise what kind of identifier a string is, in every form researchers paste.

>>> detect_query("https://arxiv.org/abs/2106.09685v2").label
'arxiv:2106.09685'
>>> detect_query("https://doi.org/10.1145/3292500.3330701").label
'doi:10.1145/3292500.3330701'
>>> detect_query("W2741809807").label
'openalex:W2741809807'
>>> detect_query("CorpusId:14636783").label
's2:CorpusId:14636783'
>>> detect_query("Attention is all you need").kind
'title'
>>> detect_query("https://huggingface.co/papers/date/2025-11-20").label
'hf:2025-11-20'
>>> detect_query("https://huggingface.co/papers/2511.16719").label
'arxiv:2511.16719'
>>> detect_query("PMID: 31983780").label
'pmid:31983780'
"""
from __future__ import annotations

import datetime
import re
import unicodedata

from graphx.model import Query, normalise_doi

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"^(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_ARXIV_URL = re.compile(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/((?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?)(?:\.pdf)?/?$",
    re.I,
)
_OPENALEX = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:works/)?|openalex:)?(W\d+)/?$", re.I)
_S2_HEX = re.compile(r"^(?:s2:)?([0-9a-f]{40})$", re.I)
_S2_URL = re.compile(r"^(?:https?://)?(?:www\.|api\.)?semanticscholar\.org/(?:paper/)(?:[^/]+/)?([0-9a-f]{40})/?$", re.I)
_S2_CORPUS = re.compile(r"^(?:s2:)?corpus_?id:\s*(\d+)$", re.I)
_UNSUPPORTED = re.compile(r"^(pmcid|isbn|issn|mag|hdl|handle|urn|wos|scopus|eid)\s*:\s*\S+$", re.I)
_PMID = re.compile(r"^(?:pmid|pubmed)\s*:\s*([1-9]\d{0,8})$|^(?:https?://)?pubmed\.ncbi\.nlm\.nih\.gov/([1-9]\d{0,8})/?$", re.I)
_DATE = r"(\d{4}-\d{2}-\d{2})"
_HF_DAY = re.compile(rf"^(?:hf:\s*{_DATE}|(?:https?://)?(?:www\.)?huggingface\.co/papers(?:/date/{_DATE}|\?date={_DATE}))/?$", re.I)
_HF_PAPER = re.compile(rf"^(?:https?://)?(?:www\.)?huggingface\.co/papers/({_ARXIV_NEW})(?:v\d+)?/?$", re.I)
_DOI_LIKE = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_DOI_PREFIX = re.compile(r"^10\.\d{4,9}/?$")  # a registrant's prefix alone: "10.1234"
_PMID_LIKE = re.compile(r"^(?:pmid|pubmed)\s*:\s*\S+$", re.I)  # "PMID:abc" (one word: "PubMed: a review" is a title)


def strip_arxiv_version(arxiv_id: str) -> str:
    """``2106.09685v2`` → ``2106.09685``: graphx treats all versions of a preprint as one work."""
    return re.sub(r"v\d+$", "", arxiv_id, flags=re.I)


def _daily_listing(date: str, origin: str) -> Query:
    try:
        datetime.date.fromisoformat(date)
    except ValueError as error:
        return Query("hf", f"hf:{date}", origin, problem=f"not a daily-papers date: 'hf:{date}' ({error}; expected hf:YYYY-MM-DD)")
    return Query("hf", date, origin)


_WRAPPERS = {"(": ")", "[": "]", "<": ">", "{": "}", '"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}
_TRAILING = ".;,:"
_FILTER_SYNTAX = re.compile(r"\||,\s*[a-z_.]+:", re.I)  # what would add a value or a clause to an API filter


def visible(text: str) -> str:
    """`text` without invisible characters (zero-width spaces and joiners, BOMs, direction marks, controls) and
    with every run of whitespace (no-break spaces too) made one space: a DOI copied from a web page often
    carries one, and it would make the DOI a different string.

    >>> visible("10.1093/mind/lix.236.433\u200b"), visible("W2741809807\u00a0\ufeff")
    ('10.1093/mind/lix.236.433', 'W2741809807')
    """
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cf", "Cc", "Cs"))
    return " ".join(kept.split())


def unwrapped(value: str) -> str:
    """`value` without punctuation wrapped around the whole of it: ``(W1)``, ``[doi]``, ``"title"``, ``<url>``.

    >>> unwrapped("<https://doi.org/10.1234/x>"), unwrapped('"(W123)"'), unwrapped("(Re)thinking (graphs)")
    ('https://doi.org/10.1234/x', 'W123', '(Re)thinking (graphs)')
    """
    while len(value) >= 2 and value[0] in _WRAPPERS and value[-1] == _WRAPPERS[value[0]]:
        opening, closing = value[0], value[-1]
        inner = value[1:-1]
        if not _balanced(inner, opening, closing):
            break  # "(A) and (B)": the brackets belong to the text
        value = inner.strip()
    return value


def _balanced(text: str, opening: str, closing: str) -> bool:
    if opening == closing:  # quotes: none inside, or only as further pairs around all of it (""x"")
        core = text.strip(opening)
        return opening not in core and len(text) - len(text.lstrip(opening)) == len(text) - len(text.rstrip(opening))
    depth = 0
    for char in text:
        depth += (char == opening) - (char == closing)
        if depth < 0:
            return False
    return depth == 0


def detect_query(text: str, origin: str = "argument") -> Query:
    """Classify one input string as doi / arxiv / openalex / s2 / title.

    Invisible characters go first; then punctuation wrapped around an identifier (``(W1)``, ``<doi>``) or
    left after it (``W1;``, ``10.1/x.``) is let go, when what remains is an identifier. A string that
    announces a kind (``doi:``, ``arXiv:``, a doi.org URL) but is malformed comes back with `problem` set
    instead of being searched as a title, so the resolution report can say why.

    >>> detect_query("(W2741809807);").label, detect_query("<doi:10.1093/MIND/LIX.236.433>.").label
    ('openalex:W2741809807', 'doi:10.1093/mind/lix.236.433')
    """
    value = visible(text)
    if not value:
        return Query("title", "", origin, problem="empty input")
    first = _detect(value, origin)
    if first.kind != "title" and not first.problem:
        return first
    bare = value
    for _ in range(3):
        bare = unwrapped(bare.rstrip(_TRAILING)).strip()
        if bare and bare != value:
            found = _detect(bare, origin)
            if found.kind != "title" and not found.problem:
                return found
    return first


def _detect(value: str, origin: str) -> Query:
    if m := _ARXIV_URL.match(value) or _HF_PAPER.match(value):
        return Query("arxiv", strip_arxiv_version(m.group(1)), origin)
    if m := _HF_DAY.match(value):
        return _daily_listing(next(g for g in m.groups() if g), origin)
    if re.match(r"^hf:", value, re.I):
        return Query("hf", value, origin, problem=f"not a daily-papers date: {value!r} (expected hf:YYYY-MM-DD)")
    if m := _PMID.match(value):
        return Query("pmid", next(g for g in m.groups() if g), origin)
    if _PMID_LIKE.match(value):
        return Query("title", value, origin, problem=f"not a PMID: {value!r} (expected PMID: and a number, e.g. PMID:31983780)")
    arxiv_value = re.sub(r"^arxiv:\s*", "", value, flags=re.I)
    if _ARXIV_ID.match(arxiv_value):
        return Query("arxiv", strip_arxiv_version(arxiv_value), origin)
    if re.match(r"^arxiv:\s*\S+$", value, re.I) or value.lower() == "arxiv:":
        return Query("arxiv", arxiv_value, origin, problem=f"not an arXiv id: {value!r} (expected e.g. 2106.09685 or hep-th/9901001)")
    if doi := normalise_doi(value):
        if doi.startswith("10.48550/arxiv."):
            return Query("arxiv", strip_arxiv_version(doi.split("arxiv.", 1)[1]), origin)
        if _FILTER_SYNTAX.search(doi):
            return Query("doi", doi, origin, problem=f"not a DOI: {value!r} (its '|' or ',key:' would extend a search filter; "
                                                     "give one DOI per line)")
        return Query("doi", doi, origin)
    if _DOI_PREFIX.match(value):
        return Query("doi", value, origin, problem=f"not a DOI: {value!r} is a prefix with no suffix (expected 10.<registrant>/<suffix>)")
    if _DOI_LIKE.match(value):
        return Query("doi", value, origin, problem=f"not a DOI: {value!r} (expected 10.<registrant>/<suffix>)")
    if m := _OPENALEX.match(value):
        return Query("openalex", m.group(1).upper(), origin)
    if m := _S2_HEX.match(value) or _S2_URL.match(value):
        return Query("s2", m.group(1).lower(), origin)
    if m := _S2_CORPUS.match(value):
        return Query("s2", f"CorpusId:{m.group(1)}", origin)
    if m := _UNSUPPORTED.match(value):
        return Query("title", value, origin, problem=f"{m.group(1).upper()} identifiers are not supported: {value!r} "
                     "(expected a DOI, arXiv, OpenAlex or Semantic Scholar id, or a title)")
    if re.match(r"^https?://", value, re.I):
        return Query(
            "title",
            value,
            origin,
            problem=f"unknown link form: {value!r} "
            "(expected a doi.org, arxiv.org, openalex.org, semanticscholar.org, pubmed or huggingface.co/papers link)",
        )
    return Query("title", value, origin)
