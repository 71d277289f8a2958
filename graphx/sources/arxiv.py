"""arXiv API client: preprints by id in batches (``id_list``) and title search, read from the Atom feed.

arXiv asks clients to leave three seconds between calls and to batch ids, so records are asked 100 ids at a
time and network calls are paced (cache hits are not). A record carries what the other sources often lack
for preprints: the abstract, the categories, the version count and, once published, the journal DOI
(``<arxiv:doi>``), which is how a preprint and its published version are recognised as one work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from graphx.config import DEFAULT_URLS
from graphx.model import Paper, normalise_doi
from graphx.sources import limits
from graphx.sources.base import Progress, SourceBase, Wanted
from graphx.sources.http import Expect, HttpSettings, Pacer, Usage, fetch_json

DEFAULT_URL = DEFAULT_URLS["arxiv"]
BATCH = 100
INTERVAL = limits.ARXIV_INTERVAL
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
PER_TITLE = 5  # entries read per title of a batched query
BATCH_ROWS = PER_TITLE * 40  # entries one batched answer carries at most (some 40 titles a ~4 KB query)
_ID_IN_URL = re.compile(r"arxiv\.org/abs/(.+?)(v(\d+))?$", re.I)


@dataclass
class ArxivClient(SourceBase):
    """Session, settings, base URL and pacing for the arXiv API. As a `graphx.sources.base.Source`: preprints
    by arXiv id (100 a call), title search one at a time and in ``ti:`` OR-queries, and the abstracts and
    records of preprints the other sources found."""

    name: ClassVar[str] = "arxiv"
    label: ClassVar[str] = "arXiv"
    kinds: ClassVar[tuple[str, ...]] = ("arxiv",)
    id_kind: ClassVar[str] = "arxiv"
    batch_search: ClassVar[str] = "arxiv ti: OR-query"

    session: requests.Session
    settings: HttpSettings
    base_url: str = DEFAULT_URL
    usage: Usage = field(default_factory=lambda: Usage("arxiv"))
    pacer: Pacer = field(default_factory=lambda: Pacer(INTERVAL))

    def query(self, params: dict[str, Any], kind: str) -> Any:
        """One paced call of ``/query``, its Atom feed checked: the call every arXiv function makes."""
        from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

        url = self.base_url.rstrip("/") + "/query"
        self.pacer.wait(self.session, self.settings, "GET", url, params)
        _, feed = fetch_json(self.session, self.settings, source="arxiv", method="GET", url=url, params=params,
                             usage=self.usage, kind=kind, expect=Expect(shapes.atom_feed, xml=True))
        return feed

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> ArxivClient:
        return cls(session, settings, options.arxiv_url, pacer=Pacer(options.arxiv_interval))

    def lookup(self, kind: str, values: list[str]) -> list[Paper]:
        return papers_by_id(self, values) if kind == "arxiv" else []

    def search(self, title: str) -> list[Paper]:
        return search_title(self, title)

    def search_titles(self, titles: list[str]) -> list[Paper]:
        return search_titles(self, titles)

    def batch_rows(self) -> int:
        return BATCH_ROWS

    def fill(self, wanted: Wanted, progress: Progress) -> list[Paper]:
        """The arXiv records of the seeds and of works without an abstract (a work whose arXiv record is
        merged in already, as when the arXiv batch settled its title, is not asked again)."""
        ids = [p.arxiv for p in wanted.seeds + wanted.abstracts if p.arxiv and "arxiv" not in p.sources]
        if not ids:
            return []
        progress(f"filling gaps: {len(set(ids))} preprints from arXiv")
        return papers_by_id(self, ids)


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
        papers += entries(client.query({"id_list": ",".join(chunk), "max_results": len(chunk)}, "id_list"))
    return papers


def search_title(client: ArxivClient, title: str, candidates: int = 5) -> list[Paper]:
    """Preprints whose title matches `title` (arXiv's ``ti:`` field search, words quoted as a phrase)."""
    words = re.sub(r"[^\w\s-]", " ", title).split()
    if not words:
        return []
    query = "ti:\"" + " ".join(words) + "\""
    return entries(client.query({"search_query": query, "max_results": candidates}, "search"))


def title_clause(title: str) -> str:
    """A title as one ``ti:"…"`` clause, punctuation spaced out (arXiv's query parser reads it otherwise).

    >>> title_clause("Scaling Laws: (Revisited) for LLMs?")
    'ti:"Scaling Laws Revisited for LLMs"'
    """
    words = re.sub(r"[^\w\s-]", " ", title).split()
    return 'ti:"' + " ".join(words) + '"' if words else ""


def search_titles(client: ArxivClient, titles: list[str], per_title: int = PER_TITLE) -> list[Paper]:
    """Candidates for many titles at once: ``ti:"…" OR ti:"…"`` queries, each within a ~4 KB URL (some 40
    titles), reading `per_title` entries a title. Free, paced at arXiv's three seconds a call."""
    queries: list[list[str]] = []
    size = limits.TITLE_BATCH_CHARS + 1
    for clause in dict.fromkeys(c for c in map(title_clause, titles) if c):
        cost = len(requests.utils.quote(clause, safe="")) + 8  # "+OR+" encoded
        if not queries or size + cost > limits.TITLE_BATCH_CHARS:
            queries.append([])
            size = 0
        queries[-1].append(clause)
        size += cost
    papers: list[Paper] = []
    for clauses in queries:
        feed = client.query({"search_query": " OR ".join(clauses), "max_results": per_title * len(clauses)}, "title search")
        papers += entries(feed)
    return papers
