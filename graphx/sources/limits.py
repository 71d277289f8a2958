"""Limits on what one record from an API may carry, and identifier checks every parser applies: plain Python,
cheap to import (the shape checks in `graphx.sources.shapes` load pydantic, so they are imported when a
source first fetches, not when ``graphx --help`` starts)."""
from __future__ import annotations

import re
from typing import Any

from graphx.model import plain_text

# -- published rates and prices (read 2026-11; pace by these, never by a guess) ----------------------------
# OpenAlex (developers.openalex.org/api-reference/authentication): at most 100 requests a second on every plan;
# a daily allowance priced per call: singletons (/works/W1, /works/doi:…) free, list/filter calls $0.10 per
# 1,000, searches $1 per 1,000 (ten list calls). graphx counts "units" of one list call. A ``title.search``
# filter is a full-text search inside a filter: it is counted at the search price, so the figures graphx
# prints never understate what a build spent.
OPENALEX_PER_SECOND = 100
# The free daily allowance in units: $1 with a (free) key, $0.10 without one (developers.openalex.org/guides/
# authentication; its API-reference page says $0.01 without a key: the lower figure only makes a build more
# careful). Routes that spend units go first only while a build's share of this stays small.
OPENALEX_DAILY_UNITS = {"key": 10_000, "none": 1_000}
OPENALEX_ALLOWANCE_SHARE = 0.1
OPENALEX_UNITS = {"singleton": 0, "list": 1, "search": 10, "title search": 10}
# Semantic Scholar (api.semanticscholar.org/product/api): without a key a pool of 100 requests per 5 minutes
# shared by every anonymous caller (one call every 3 s at most); with a key, 1 request a second on every endpoint.
S2_UNAUTHENTICATED_INTERVAL = 3.0
S2_KEYED_INTERVAL = 1.0
# arXiv (info.arxiv.org/help/api/tou.html): one request every three seconds, a single connection at a time.
ARXIV_INTERVAL = 3.0
# Batched title queries are kept to a URL of about 4 KB: every proxy and server on the way accepts that.
TITLE_BATCH_CHARS = 4_000


def openalex_units(calls: dict[str, int]) -> int:
    """OpenAlex units (list-call equivalents) that `calls` (kind → count, as a `Usage` holds them) cost.

    >>> openalex_units({"list": 3, "search": 2, "singleton": 40, "title search": 1})
    33
    """
    return sum(OPENALEX_UNITS.get(kind, 1) * count for kind, count in calls.items())


# -- text limits --------------------------------------------------------------------------------------------

MAX_TITLE = 1_000  # characters; the longest real titles run to a few hundred
MAX_ABSTRACT = 10_000  # characters; abstracts run to 300 words or so, long ones to 3,000 words
MAX_AUTHORS = 100  # names kept per work (consortium papers list thousands: the first hundred are kept)
MAX_NAME = 200  # characters of one author's, venue's or keyword's name
MAX_KEYWORDS = 50
MAX_PLACE = 40  # characters of a volume, issue or page range ("LIX", "Suppl. 2", "e4375-e4390")


def bounded(paper: Any, markup: bool = False) -> Any:
    """`paper` (a fresh `Paper` from a parser) as a reader should see it: its text fields (title, venue,
    abstract, authors, keywords) in plain text — character references decoded, and the tags taken out when
    the source sends markup (`markup`; `graphx.model.plain_text`) — and cut to the limits above, so that one
    hostile record cannot make every later step slow (a 1 MB title took a build from 2.5 s to 25 s). Every
    parser ends here, so this is the one place a record's text is cleaned."""
    paper.title = plain_text(paper.title[:MAX_TITLE * 2], markup)[:MAX_TITLE]
    paper.abstract = plain_text(paper.abstract[:MAX_ABSTRACT * 2], markup)[:MAX_ABSTRACT]
    paper.venue = plain_text(paper.venue[:MAX_NAME * 2], markup)[:MAX_NAME]
    paper.volume, paper.issue, paper.pages = (" ".join(plain_text(str(value)[:MAX_NAME], markup).split())[:MAX_PLACE]
                                              for value in (paper.volume, paper.issue, paper.pages))
    paper.authors = [plain_text(name[:MAX_NAME * 2], markup)[:MAX_NAME] for name in paper.authors[:MAX_AUTHORS]]
    paper.keywords = [plain_text(word[:MAX_NAME * 2], markup)[:MAX_NAME] for word in paper.keywords[:MAX_KEYWORDS]]
    return paper


_PMID = re.compile(r"^[1-9]\d{0,8}$")


def clean_pmid(value: Any) -> str:
    """A PubMed id as digits (from a bare id or a pubmed URL), or "" when it is not one: a junk PMID shared
    by many records would merge them all into one work.

    >>> clean_pmid("https://pubmed.ncbi.nlm.nih.gov/31983780"), clean_pmid("0"), clean_pmid("n/a"), clean_pmid(None)
    ('31983780', '', '', '')
    """
    text = str(value or "").strip().rstrip("/").rsplit("/", 1)[-1]
    return text if _PMID.match(text) else ""
