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
_PMID = re.compile(r"^(?:pmid|pubmed)\s*:\s*(\d{1,9})$|^(?:https?://)?pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,9})/?$", re.I)
_DATE = r"(\d{4}-\d{2}-\d{2})"
_HF_DAY = re.compile(rf"^(?:hf:\s*{_DATE}|(?:https?://)?(?:www\.)?huggingface\.co/papers(?:/date/{_DATE}|\?date={_DATE}))/?$", re.I)
_HF_PAPER = re.compile(rf"^(?:https?://)?(?:www\.)?huggingface\.co/papers/({_ARXIV_NEW})(?:v\d+)?/?$", re.I)
_DOI_LIKE = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def strip_arxiv_version(arxiv_id: str) -> str:
    """``2106.09685v2`` → ``2106.09685``: graphx treats all versions of a preprint as one work."""
    return re.sub(r"v\d+$", "", arxiv_id, flags=re.I)


def _daily_listing(date: str, origin: str) -> Query:
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        return Query("hf", f"hf:{date}", origin, problem=f"not a daily-papers date: {date!r} (expected hf:YYYY-MM-DD)")
    return Query("hf", date, origin)


def detect_query(text: str, origin: str = "argument") -> Query:
    """Classify one input string as doi / arxiv / openalex / s2 / title.

    A string that announces a kind (``doi:``, ``arXiv:``, a doi.org URL) but is malformed comes back with
    `problem` set instead of being searched as a title, so the resolution report can say why.
    """
    value = " ".join(text.strip().split())
    if not value:
        return Query("title", "", origin, problem="empty input")
    if m := _ARXIV_URL.match(value) or _HF_PAPER.match(value):
        return Query("arxiv", strip_arxiv_version(m.group(1)), origin)
    if m := _HF_DAY.match(value):
        return _daily_listing(next(g for g in m.groups() if g), origin)
    if re.match(r"^hf:", value, re.I):
        return Query("hf", value, origin, problem=f"not a daily-papers date: {value!r} (expected hf:YYYY-MM-DD)")
    if m := _PMID.match(value):
        return Query("pmid", next(g for g in m.groups() if g), origin)
    arxiv_value = re.sub(r"^arxiv:\s*", "", value, flags=re.I)
    if _ARXIV_ID.match(arxiv_value):
        return Query("arxiv", strip_arxiv_version(arxiv_value), origin)
    if re.match(r"^arxiv:", value, re.I):
        return Query("arxiv", arxiv_value, origin, problem=f"not an arXiv id: {arxiv_value!r} (expected e.g. 2106.09685 or hep-th/9901001)")
    if doi := normalise_doi(value):
        if doi.startswith("10.48550/arxiv."):
            return Query("arxiv", strip_arxiv_version(doi.split("arxiv.", 1)[1]), origin)
        return Query("doi", doi, origin)
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
        return Query("title", value, origin, problem=f"unknown link form: {value!r} (expected a doi.org, arxiv.org, openalex.org, semanticscholar.org, pubmed or huggingface.co/papers link)")
    return Query("title", value, origin)
