"""Zotero inputs: ``zotero:`` (the whole library), ``zotero:collection/NAME`` and ``zotero:tag/NAME`` as
queries, and a library's items (as Zotero's API gives them) as one query each (pure; the reading is in
`graphx.sources.zotero`).

An item with a DOI, an arXiv id or a PubMed id is looked up by that id, keeping its title for the check and
for an offline node; any other item by its title, year and first author. Notes and attachments are not
papers: they are skipped and counted.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote

from graphx.inputs.ids import strip_arxiv_version
from graphx.model import Query, normalise_doi

SKIPPED_TYPES = {"note": "notes", "attachment": "attachments", "annotation": "annotations"}
_ARXIV = re.compile(r"(?:arxiv[:\s]\s*|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5}(?:v\d+)?|[a-z.-]+/\d{7}(?:v\d+)?)", re.IGNORECASE)
_PMID = re.compile(r"^\s*PMID:\s*(\d+)\s*$", re.IGNORECASE | re.MULTILINE)
_DOI_IN_EXTRA = re.compile(r"^\s*DOI:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def zotero_query(text: str, origin: str = "argument") -> Query:
    """The query for a ``zotero:`` argument: value ``library``, ``collection/NAME`` or ``tag/NAME``.

    >>> [zotero_query(t).value for t in ("zotero:", "zotero:collection/Thesis/Ch 2", "Zotero:tag/to read")]
    ['library', 'collection/Thesis/Ch 2', 'tag/to read']
    >>> zotero_query("zotero:folder/x").problem
    "not a Zotero input: 'zotero:folder/x' (expected zotero:, zotero:collection/NAME or zotero:tag/NAME)"
    """
    rest = text.strip()[len("zotero:"):].strip()
    kind, _, name = rest.partition("/")
    if not rest:
        return Query("zotero", "library", origin)
    if kind.lower() in ("collection", "tag") and name.strip():
        return Query("zotero", f"{kind.lower()}/{name.strip()}", origin)
    return Query(
        "zotero",
        rest,
        origin,
        problem=f"not a Zotero input: {text.strip()!r} (expected zotero:, zotero:collection/NAME or zotero:tag/NAME)",
    )


@dataclass
class LibraryQueries:
    """What a library's items became: one query per paper, and how many items of each other kind were skipped."""

    queries: list[Query]
    skipped: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """e.g. "12 items: 9 papers; skipped 2 attachments, 1 note"."""
        total = len(self.queries) + sum(self.skipped.values())
        text = f"{total} items: {len(self.queries)} papers"
        if self.skipped:
            text += "; skipped " + ", ".join(f"{n} {kind if n != 1 else kind.rstrip('s')}" for kind, n in sorted(self.skipped.items()))
        return text


def item_queries(items: list[dict], label: str) -> LibraryQueries:
    """One query per paper among `items` (Zotero API records, ``{"data": {...}}``), in the library's order.

    >>> items = [{"data": {"itemType": "journalArticle", "title": "Computing Machinery and Intelligence", "DOI": "10.1093/MIND/LIX.236.433",
    ...                    "date": "1950-10-01", "creators": [{"creatorType": "author", "firstName": "A. M.", "lastName": "Turing"}]}},
    ...          {"data": {"itemType": "preprint", "title": "Attention Is All You Need", "archiveID": "arXiv:1706.03762v7"}},
    ...          {"data": {"itemType": "book", "title": "Gödel, Escher, Bach", "date": "1979", "creators": [{"name": "Hofstadter"}]}},
    ...          {"data": {"itemType": "attachment", "title": "Full Text PDF"}}, {"data": {"itemType": "note", "note": "<p>x</p>"}}]
    >>> found = item_queries(items, "zotero:library")
    >>> for q in found.queries:
    ...     print(q.kind, q.value, q.year, q.first_author or "(no author)")
    doi 10.1093/mind/lix.236.433 1950 Turing
    arxiv 1706.03762 None (no author)
    title Gödel, Escher, Bach 1979 Hofstadter
    >>> found.summary()
    '5 items: 3 papers; skipped 1 attachment, 1 note'
    """
    found = LibraryQueries([])
    for item in items:
        data = item.get("data", item)
        item_type = str(data.get("itemType", ""))
        if item_type in SKIPPED_TYPES:
            found.skipped[SKIPPED_TYPES[item_type]] += 1
            continue
        origin = f"{label} #{len(found.queries) + 1}" + (f" ({item['key']})" if item.get("key") else "")
        found.queries.append(item_query(data, origin))
    return found


def item_query(data: dict, origin: str) -> Query:
    """The query for one Zotero item's data: by DOI, arXiv id or PMID when it has one, else by title."""
    title = " ".join(str(data.get("title") or data.get("caseName") or data.get("subject") or "").split())
    extra = str(data.get("extra") or "")
    year_match = _YEAR.search(str(data.get("date") or ""))
    year = int(year_match.group(1)) if year_match else None
    creators = [c for c in data.get("creators") or [] if isinstance(c, dict)]
    first = next((c for c in creators if c.get("creatorType", "author") == "author"), creators[0] if creators else {})
    first_author = str(first.get("lastName") or first.get("name") or "")
    abstract = " ".join(str(data.get("abstractNote") or "").split())
    details = {"year": year, "first_author": first_author, "abstract": abstract}
    doi_text = str(data.get("DOI") or "") or next(iter(_DOI_IN_EXTRA.findall(extra)), "")
    if doi := normalise_doi(doi_text):
        if doi.startswith("10.48550/arxiv."):
            return Query("arxiv", strip_arxiv_version(doi.split("arxiv.", 1)[1]), origin, title=title, **details)
        return Query("doi", doi, origin, title=title, **details)
    for text in (str(data.get("archiveID") or ""), unquote(str(data.get("url") or "")), extra):
        if m := _ARXIV.search(text):
            return Query("arxiv", strip_arxiv_version(m.group(1)), origin, title=title, **details)
    if m := _PMID.search(extra):
        return Query("pmid", m.group(1), origin, title=title, **details)
    if not title:
        return Query("title", "", origin, problem=f"Zotero item without a title or identifier ({data.get('itemType', 'unknown type')})")
    return Query("title", title, origin, **details)
