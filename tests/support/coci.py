"""A source graphx does not ship, written as a new source would be: OpenCitations' COCI v1 API (retired in
2023; recorded answers in tests/data/api/opencitations/citecorp/). One file, one class implementing
`graphx.sources.base.Source`; `tests/test_registry.py` registers it with one line and builds with it.

COCI looks works up by DOI, many to a call (``/metadata/DOI__DOI``: title, authors, year, venue, and the DOIs a
work cites and is cited by); it fills gaps by looking the wanted works up so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from graphx.model import Paper, normalise_doi
from graphx.sources.base import Progress, SourceBase, Wanted
from graphx.sources.http import Expect, HttpSettings, Usage, fetch_json

BATCH = 50  # DOIs per metadata call, joined by "__"


@dataclass
class CociClient(SourceBase):
    """Session, settings and base URL for COCI."""

    session: requests.Session
    settings: HttpSettings
    base_url: str
    usage: Usage = field(default_factory=lambda: Usage("coci"))

    name: ClassVar[str] = "coci"
    label: ClassVar[str] = "COCI"
    kinds: ClassVar[tuple[str, ...]] = ("doi",)
    id_kind: ClassVar[str] = "doi"

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> CociClient:
        return cls(session, settings, options.urls.get("coci", "https://opencitations.net/index/coci/api/v1"))

    def get(self, path: str, kind: str) -> list[dict[str, Any]]:
        _, body = fetch_json(self.session, self.settings, source="coci", method="GET", url=self.base_url.rstrip("/") + path,
                             usage=self.usage, kind=kind, expect=Expect(not_found_ok=True))
        return body if isinstance(body, list) else []

    def lookup(self, kind: str, values: list[str]) -> list[Paper]:
        wanted = list(dict.fromkeys(normalise_doi(v) for v in values if v)) if kind == "doi" else []
        return [parse_row(row) for start in range(0, len(wanted), BATCH)
                for row in self.get("/metadata/" + "__".join(wanted[start:start + BATCH]), "metadata")]

    def fill(self, wanted: Wanted, progress: Progress) -> list[Paper]:
        dois = [p.doi for p in wanted.all() if p.doi]
        progress(f"filling gaps: {len(dois)} works from COCI")
        return self.lookup("doi", dois)


def parse_row(row: dict[str, Any]) -> Paper:
    """A `Paper` from one COCI metadata row (authors as "Family, Given; …", DOIs as "a; b")."""
    doi = normalise_doi(row.get("doi", ""))
    year = str(row.get("year", ""))[:4]
    return Paper(
        id=f"doi:{doi}",
        doi=doi,
        title=" ".join(str(row.get("title", "")).split()),
        authors=[
            " ".join(reversed([p.strip() for p in name.split(",", 1)])) for name in str(row.get("author", "")).split(";") if name.strip()
        ],
        year=int(year) if year.isdigit() else None,
        venue=row.get("source_title", ""),
        references=[f"doi:{d}" for d in map(normalise_doi, str(row.get("reference", "")).split("; ")) if d],
        cited_by_count=int(row["citation_count"]) if str(row.get("citation_count", "")).isdigit() else None,
        sources=["coci"],
    )
