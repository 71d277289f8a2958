"""arXiv API client: preprints by id in batches (``id_list``) and title search, read from the Atom feed.

arXiv asks clients to leave three seconds between calls and to batch ids, so records are asked 100 ids at a
time and network calls are paced (cache hits are not). A record carries what the other sources often lack
for preprints: the abstract, the categories, the version count and, once published, the journal DOI
(``<arxiv:doi>``), which is how a preprint and its published version are recognised as one work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import requests

from graphx.config import ARXIV_INTERVAL, DEFAULT_URLS
from graphx.model import Paper, normalise_doi
from graphx.sources import limits
from graphx.sources.http import Expect, HttpSettings, Pacer, Usage, fetch_json

DEFAULT_URL = DEFAULT_URLS["arxiv"]
BATCH = 100
INTERVAL = ARXIV_INTERVAL
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ID_IN_URL = re.compile(r"arxiv\.org/abs/(.+?)(v(\d+))?$", re.I)


@dataclass
class ArxivClient:
    """Session, settings, base URL and pacing for the arXiv API."""

    session: requests.Session
    settings: HttpSettings
    base_url: str = DEFAULT_URL
    usage: Usage = field(default_factory=lambda: Usage("arxiv"))
    pacer: Pacer = field(default_factory=lambda: Pacer(INTERVAL))

    def _query(self, params: dict[str, Any], kind: str) -> Any:
        from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

        url = self.base_url.rstrip("/") + "/query"
        self.pacer.wait(self.session, self.settings, "GET", url, params)
        _, feed = fetch_json(self.session, self.settings, source="arxiv", method="GET", url=url, params=params,
                             usage=self.usage, kind=kind, expect=Expect(shapes.atom_feed, xml=True))
        return feed


def _text(element: Any, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def parse_entry(entry: Any) -> Paper | None:
    """A `Paper` from one Atom ``<entry>`` (pure); None for arXiv's error entries (an id it does not know).

    The id keeps no version (graphx treats all versions as one work); `versions` names the published DOI when
    the authors reported one.
    """
    match = _ID_IN_URL.search(_text(entry, f"{ATOM}id"))
    title = _text(entry, f"{ATOM}title")
    if not match or not title or title.lower() == "error":
        return None
    arxiv_id = match.group(1)
    published = _text(entry, f"{ATOM}published")
    doi = normalise_doi(_text(entry, f"{ARXIV}doi"))
    categories = [c.get("term", "") for c in entry.findall(f"{ATOM}category") if c.get("term")]
    return limits.bounded(Paper(
        id=f"arxiv:{arxiv_id}",
        title=title,
        authors=[_text(a, f"{ATOM}name") for a in entry.findall(f"{ATOM}author") if _text(a, f"{ATOM}name")],
        year=int(published[:4]) if published[:4].isdigit() else None,
        venue=_text(entry, f"{ARXIV}journal_ref") or "arXiv",
        doi=doi,
        arxiv=arxiv_id,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        abstract=_text(entry, f"{ATOM}summary"),
        keywords=list(dict.fromkeys(categories)),
        versions=[f"doi:{doi}"] if doi else [],
        sources=["arxiv"],
    ))


def entries(feed: Any) -> list[Paper]:
    """Every real entry of a feed as a Paper."""
    return [paper for paper in map(parse_entry, feed.findall(f"{ATOM}entry")) if paper is not None] if feed is not None else []


def papers_by_id(client: ArxivClient, arxiv_ids: list[str]) -> list[Paper]:
    """Records for `arxiv_ids` (versions stripped), 100 ids per call; unknown ids are left out."""
    wanted = list(dict.fromkeys(re.sub(r"v\d+$", "", i) for i in arxiv_ids if i))
    papers: list[Paper] = []
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        papers += entries(client._query({"id_list": ",".join(chunk), "max_results": len(chunk)}, "id_list"))
    return papers


def search_title(client: ArxivClient, title: str, candidates: int = 5) -> list[Paper]:
    """Preprints whose title matches `title` (arXiv's ``ti:`` field search, words quoted as a phrase)."""
    words = re.sub(r"[^\w\s-]", " ", title).split()
    if not words:
        return []
    query = "ti:\"" + " ".join(words) + "\""
    return entries(client._query({"search_query": query, "max_results": candidates}, "search"))
