"""Crossref REST API client: works by DOI in batches, with the reference lists publishers deposited, and
bibliographic title search.

Crossref is where publishers register their DOIs, so it knows journal and proceedings DOIs (not arXiv's,
which DataCite registers) and often the reference list as deposited: DOIs where the publisher matched
them, free-text strings where it did not. Calls carry ``mailto`` (the "polite pool") when a contact address
is configured. DOIs are asked 50 per ``filter=doi:…,doi:…`` call, which keeps URLs a sane length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from graphx.config import DEFAULT_URLS
from graphx.model import Paper, normalise_doi, page_range
from graphx.sources import limits
from graphx.sources.base import Progress, SourceBase, Wanted
from graphx.sources.http import Expect, HttpSettings, Usage, fetch_json

DEFAULT_URL = DEFAULT_URLS["crossref"]
BATCH = 50
SELECT = ",".join([
    "DOI", "title", "author", "issued", "published", "container-title", "volume", "issue", "page", "abstract", "reference",
    "reference-count", "is-referenced-by-count", "relation", "subject", "URL",
])


@dataclass
class CrossrefClient(SourceBase):
    """Session, settings, base URL and contact address for Crossref. As a `graphx.sources.base.Source`: works
    by DOI in batches (with their deposited reference lists), title search, and gap filling by DOI."""

    name: ClassVar[str] = "crossref"
    label: ClassVar[str] = "Crossref"
    kinds: ClassVar[tuple[str, ...]] = ("doi",)
    id_kind: ClassVar[str] = "doi"

    session: requests.Session
    settings: HttpSettings
    base_url: str = DEFAULT_URL
    mailto: str = ""
    usage: Usage = field(default_factory=lambda: Usage("crossref"))

    def get(self, path: str, params: dict[str, Any], kind: str) -> Any:
        """One call, its answer checked (the ``message`` of a work or a list): the call every Crossref function makes."""
        params = dict(params, **({"mailto": self.mailto} if self.mailto else {}))
        from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

        expect = Expect(shapes.crossref_work, not_found_ok=True) if kind == "singleton" else Expect(shapes.crossref_list)
        _, body = fetch_json(self.session, self.settings, source="crossref", method="GET",
                             url=self.base_url.rstrip("/") + path, params=params, usage=self.usage, kind=kind, expect=expect)
        return (body or {}).get("message") or {}

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> CrossrefClient:
        return cls(session, settings, options.crossref_url, options.mailto)

    def lookup(self, kind: str, values: list[str]) -> list[Paper]:
        return works_by_doi(self, values) if kind == "doi" else []

    def search(self, title: str) -> list[Paper]:
        return search_title(self, title)

    def fill(self, wanted: Wanted, progress: Progress) -> list[Paper]:
        """The wanted works' records by DOI (arXiv's DOIs are DataCite's, unknown here)."""
        dois = [p.doi for p in wanted.all() if p.doi and not p.doi.startswith("10.48550/")]
        if not dois:
            return []
        progress(f"filling gaps: {len(set(dois))} works from Crossref")
        return works_by_doi(self, dois)


def _year(item: dict[str, Any]) -> int | None:
    for key in ("issued", "published", "published-print", "published-online"):
        parts = ((item.get(key) or {}).get("date-parts") or [[None]])[0]
        if parts and parts[0]:
            return int(parts[0])
    return None


def _author(author: dict[str, Any]) -> str:
    return " ".join(p for p in (author.get("given", ""), author.get("family", "")) if p) or author.get("name", "")


# The heading Crossref's JATS abstracts open with ("<jats:title>Abstract</jats:title>"), which is not the abstract.
_ABSTRACT_HEADING = re.compile(r"^\s*(?:<jats:title>\s*Abstract\s*</jats:title>|Abstract\b:?)\s*")


def parse_work(item: dict[str, Any]) -> Paper:
    """A `Paper` from one Crossref work (pure). Deposited references with a DOI become ``doi:`` references;
    the free-text ones still count in `reference_count`."""
    doi = normalise_doi(item.get("DOI") or "")
    relation = item.get("relation") or {}
    versions = [f"doi:{normalise_doi(r.get('id', ''))}" for kind in ("has-preprint", "is-preprint-of")
                for r in relation.get(kind) or [] if r.get("id-type") == "doi" and normalise_doi(r.get("id", ""))]
    references = [f"doi:{d}" for r in item.get("reference") or [] if (d := normalise_doi(r.get("DOI") or ""))]
    return limits.bounded(Paper(
        id=f"doi:{doi}",
        title=" ".join(" ".join(item.get("title") or []).split()),
        authors=[name for a in item.get("author") or [] if (name := _author(a))],
        year=_year(item),
        venue=" ".join((item.get("container-title") or [""])[0].split()),
        volume=item.get("volume") or "",
        issue=item.get("issue") or "",
        pages=page_range(item.get("page")),
        doi=doi,
        url=f"https://doi.org/{doi}" if doi else "",
        abstract=_ABSTRACT_HEADING.sub("", item.get("abstract") or ""),
        keywords=list(dict.fromkeys(item.get("subject") or [])),
        cited_by_count=item.get("is-referenced-by-count"),
        references=list(dict.fromkeys(references)),
        reference_count=item.get("reference-count", item.get("references-count")),
        versions=versions,
        sources=["crossref"],
    ), markup=True)  # titles and abstracts are JATS/HTML fragments


def works_by_doi(client: CrossrefClient, dois: list[str]) -> list[Paper]:
    """Records for `dois`, 50 per filter call; a DOI with a comma (the filter's separator) is asked alone."""
    wanted = list(dict.fromkeys(d for d in (normalise_doi(x) for x in dois) if d))
    listable = [d for d in wanted if "," not in d]
    papers: list[Paper] = []
    for start in range(0, len(listable), BATCH):
        chunk = listable[start:start + BATCH]
        message = client.get("/works", {"filter": ",".join(f"doi:{d}" for d in chunk), "rows": len(chunk), "select": SELECT}, "list")
        papers += [parse_work(item) for item in message.get("items") or []]
    for doi in wanted:
        if "," in doi:
            message = client.get(f"/works/{requests.utils.quote(doi, safe='/')}", {}, "singleton")
            if message.get("DOI"):
                papers.append(parse_work(message))
    return papers


def search_title(client: CrossrefClient, title: str, candidates: int = 5) -> list[Paper]:
    """Works matching `title` by Crossref's bibliographic query (free of charge, unlike OpenAlex search)."""
    message = client.get("/works", {"query.bibliographic": title, "rows": candidates, "select": SELECT}, "search")
    return [parse_work(item) for item in message.get("items") or []]
