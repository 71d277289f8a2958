"""Parse a pasted reading list of titles with abstracts, whatever page it was copied from.

A listing is keyed on structure, not on one site's layout: an *abstract* is a long prose line (or run of
lines); the *title* is the nearest line above it that is not page furniture (dates, "• 8 authors", "·",
banners, author lists). A date with a year after the abstract ("May 30, 2022") gives the paper's year.
Text with no abstract-like lines is not a listing; `parse_listing` returns [] and the caller reads it as
one identifier or title per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"^(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?|\d{{1,2}}\s+{_MONTH}(?:\s+(\d{{4}}))?|(\d{{4}})-\d{{2}}(?:-\d{{2}})?)(?:\s+\d+)?$",
    re.I,
)
_AUTHOR_COUNT = re.compile(r"^[•·\-*]?\s*\d+\s+authors?$", re.I)
_SEPARATOR = re.compile(r"^[\W_]{1,5}$")
_BANNER_WORDS = re.compile(
    r"^(new|subscribe|daily papers|get trending papers.*|by\s*ak\b.*|submitted by.*|upvote.*|\d+ upvotes?"
    r"|read more|show more|view paper|pdf|code|abstract:?)$",
    re.I,
)
_AUTHOR_LIST = re.compile(
    r"^(?:[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3})(?:\s*(?:,|and|&)\s*[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3}){2,}(?:,?\s*et al\.?)?$"
)

# Banner words a saved page glues onto the first title ("SubscribeScaling Laws…", "Subscribe Scaling Laws…"):
# these never begin a real title, so they go whether glued or spaced; "New" begins real titles, so it goes
# only when glued to the next word's capital.
_GLUED_BANNER = re.compile(r"^(?:(?:get trending papers in your email inbox!?|subscribe|daily papers|by\s*ak and the research community)\s*"
                           r"|new(?=[A-Z]))+", re.I)

ABSTRACT_MIN_CHARS = 150
ABSTRACT_MIN_WORDS = 20
TITLE_MAX_CHARS = 350


@dataclass(frozen=True)
class ListedPaper:
    """One paper found in a listing: its title, abstract, year (when the listing gives one) and line number."""

    title: str
    abstract: str
    year: int | None
    line: int


def is_furniture(line: str) -> bool:
    """True for lines that are page furniture around papers, never a title.

    >>> [is_furniture(s) for s in ["Jun 16 2", "• 8 authors", "·", "Subscribe", "Scaling Laws for LMs"]]
    [True, True, True, True, False]
    """
    text = line.strip()
    return bool(
        not text
        or _DATE.match(text)
        or _AUTHOR_COUNT.match(text)
        or _SEPARATOR.match(text)
        or _BANNER_WORDS.match(text)
        or _AUTHOR_LIST.match(text)
    )


def strip_banner(title: str) -> str:
    """A title without the page banner a saved page glued in front of it.

    >>> strip_banner("SubscribeScaling Laws for Autoregressive Generative Modeling")
    'Scaling Laws for Autoregressive Generative Modeling'
    >>> strip_banner("Get trending papers in your email inbox! Subscribe Feasible Learning")
    'Feasible Learning'
    >>> strip_banner("NewFeasible Learning"), strip_banner("New Results on Old Problems")
    ('Feasible Learning', 'New Results on Old Problems')
    """
    stripped = _GLUED_BANNER.sub("", title).strip()
    return stripped if stripped and stripped[0].isupper() or stripped[:1].isdigit() else title


def is_abstract(line: str) -> bool:
    """An abstract line is long prose: many words and sentence punctuation."""
    text = line.strip()
    return (
        len(text) >= ABSTRACT_MIN_CHARS
        and len(text.split()) >= ABSTRACT_MIN_WORDS
        and bool(re.search(r"[.!?;:]", text))
    )


def date_year(line: str) -> int | None:
    """The year in a date line, if it has one: ``Oct 27, 2020`` → 2020, ``Jun 16`` → None."""
    m = _DATE.match(line.strip())
    if not m:
        return None
    year = next((g for g in m.groups() if g), None)
    return int(year) if year else None


def parse_listing(text: str) -> list[ListedPaper]:
    """Find every (title, abstract) pair in a pasted listing.

    >>> text = "Daily Papers\\nNov 4\\n\\nA Title\\n\\n" + "We study things. " * 12 + "\\n\\n• 3 authors\\n·\\nMay 30, 2022\\n"
    >>> [(p.title, p.year) for p in parse_listing(text)]
    [('A Title', 2022)]
    """
    lines = [" ".join(raw.split()) for raw in text.splitlines()]
    papers: list[ListedPaper] = []
    pending: dict | None = None
    last_title_at = -1
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_abstract(line):
            start = i
            parts = [line]
            # An abstract may run over several lines; blank lines end it.
            while i + 1 < len(lines) and lines[i + 1] and not is_furniture(lines[i + 1]) and is_abstract(lines[i + 1]):
                i += 1
                parts.append(lines[i])
            title_at = _title_above(lines, start, floor=last_title_at)
            if pending:
                papers.append(ListedPaper(**pending))
                pending = None
            if title_at is not None:
                pending = {"title": strip_banner(lines[title_at]), "abstract": " ".join(parts), "year": None, "line": title_at + 1}
                last_title_at = i
        elif pending and pending["year"] is None and (year := date_year(line)):
            pending["year"] = year
        elif pending and line and not is_furniture(line):
            # A new non-furniture line after the abstract: whatever follows belongs to the next paper.
            papers.append(ListedPaper(**pending))
            pending = None
        i += 1
    if pending:
        papers.append(ListedPaper(**pending))
    return papers


def _title_above(lines: list[str], index: int, floor: int) -> int | None:
    """Index of the nearest title-like line above `index` and below `floor`, or None."""
    for j in range(index - 1, floor, -1):
        candidate = lines[j]
        if not candidate or is_furniture(candidate):
            continue
        if len(candidate) > TITLE_MAX_CHARS or is_abstract(candidate):
            return None
        return j
    return None
