"""OpenCitations Index v2 client: the works a DOI cites and the works citing it, as identifier lists.

OpenCitations inverts the open reference lists (Crossref's and others') into a citation index and serves
both directions with no account. It answers one work per call with identifiers only (no titles), so graphx
asks it only for the papers whose references the other sources left incomplete, and learns the cited works'
metadata from OpenAlex by DOI in batches.

Each row names the citing and the cited work as space-separated prefixed identifiers:
``"omid:br/06101 doi:10.1007/s11192-019-03217-6 openalex:W2966124547 pmid:31983780"``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from graphx.config import DEFAULT_URLS
from graphx.model import Paper, normalise_doi
from graphx.sources import limits
from graphx.sources.base import SourceBase
from graphx.sources.http import Expect, HttpSettings, Usage, fetch_json

DEFAULT_URL = DEFAULT_URLS["opencitations"]


@dataclass
class OpenCitationsClient(SourceBase):
    """Session, settings and base URL for the OpenCitations Index. As a `graphx.sources.base.Source` it looks
    nothing up and searches nothing: it answers one work's references and citations (by DOI), one call each,
    as link records."""

    name: ClassVar[str] = "opencitations"
    label: ClassVar[str] = "OpenCitations"
    id_kind: ClassVar[str] = "doi"

    session: requests.Session
    settings: HttpSettings
    base_url: str = DEFAULT_URL
    usage: Usage = field(default_factory=lambda: Usage("opencitations"))

    def get(self, path: str, kind: str) -> list[dict[str, Any]]:
        """One call, its rows checked (none for an unknown DOI)."""
        from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

        _, body = fetch_json(self.session, self.settings, source="opencitations", method="GET",
                             url=self.base_url.rstrip("/") + path, usage=self.usage, kind=kind,
                             expect=Expect(shapes.citation_rows, not_found_ok=True))
        return body or []

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> OpenCitationsClient:
        return cls(session, settings, options.opencitations_url)

    def references(self, paper: Paper) -> list[Paper]:
        """A link record of `paper` naming the works it cites (none when OpenCitations knows none)."""
        cited = [r for r in map(work_id, references(self, paper.doi)) if r]
        return [Paper(id=f"doi:{paper.doi}", doi=paper.doi, references=cited, sources=["opencitations"])] if cited else []

    def citations(self, paper: Paper) -> list[Paper]:
        """A link record per work citing `paper` (its DOI and W-id, and the one reference to `paper`)."""
        return [Paper(id=f"doi:{found['doi']}", doi=found["doi"], openalex=found.get("openalex", "").upper(),
                      references=[f"doi:{paper.doi}"], sources=["opencitations"])
                for found in citations(self, paper.doi) if found.get("doi")]


def parse_ids(text: str) -> dict[str, str]:
    """``"omid:br/1 doi:10.1/X openalex:W7 pmid:9"`` → {"omid": "br/1", "doi": "10.1/x", "openalex": "W7", "pmid": "9"}.

    >>> parse_ids("omid:br/061 doi:10.1007/S11192 openalex:W7")
    {'omid': 'br/061', 'doi': '10.1007/s11192', 'openalex': 'W7'}
    """
    ids: dict[str, str] = {}
    for token in (text or "").split():
        scheme, _, value = token.partition(":")
        scheme = scheme.lower()
        if scheme == "pmid":
            value = limits.clean_pmid(value)
        if value:
            ids[scheme] = normalise_doi(value) if scheme == "doi" else value
    return ids


def work_id(ids: dict[str, str]) -> str:
    """The reference form graphx merges on: the OpenAlex W-id, else ``doi:…``, else ``pmid:…``, else ""."""
    if ids.get("openalex"):
        return ids["openalex"].upper()
    if ids.get("doi"):
        return f"doi:{ids['doi']}"
    return f"pmid:{ids['pmid']}" if ids.get("pmid") else ""


def references(client: OpenCitationsClient, doi: str) -> list[dict[str, str]]:
    """Identifiers of the works `doi` cites (one call)."""
    return [parse_ids(row.get("cited") or "") for row in client.get(f"/references/doi:{doi}", "references")]


def citations(client: OpenCitationsClient, doi: str) -> list[dict[str, str]]:
    """Identifiers of the works citing `doi` (one call)."""
    return [parse_ids(row.get("citing") or "") for row in client.get(f"/citations/doi:{doi}", "citations")]
