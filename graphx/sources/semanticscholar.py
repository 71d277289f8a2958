"""Semantic Scholar Graph API v1 client: batch lookup, references/citations with offset paging, title match.

Unauthenticated use shares a public pool of about 100 requests per 5 minutes, and a key gives 1 request per
second (graphx.sources.limits); requests that go to the network are paced to that (cache hits are not). So
whatever can be batched is: ids 500 to a POST, titles some 40 to a bulk search (``/paper/search/bulk``). The key (``S2_API_KEY``) is
sent as the ``x-api-key`` header, which the cache neither keys on nor stores.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from graphx.config import DEFAULT_URLS
from graphx.errors import SourceError
from graphx.model import Paper, arxiv_doi, normalise_doi, page_range
from graphx.sources import limits
from graphx.sources.base import ExpandOptions, Identifier, Note, Progress, SourceBase, Wanted
from graphx.sources.http import Expect, HttpSettings, KeyRefused, Pacer, Usage, fetch_json

log = logging.getLogger("graphx")

DEFAULT_URL = DEFAULT_URLS["s2"]
BATCH = 500  # ids per POST /paper/batch
PAGE = 1000  # rows per /references or /citations page
FIELDS = "paperId,externalIds,title,abstract,venue,journal,year,authors,citationCount,referenceCount,fieldsOfStudy,url"
MAX_PAGES = 100  # pages of one paper's references or citations (100,000 rows): a pager that never ends stops here
UNAUTHENTICATED_INTERVAL = limits.S2_UNAUTHENTICATED_INTERVAL
KEYED_INTERVAL = limits.S2_KEYED_INTERVAL
BULK_PAGE = 1000  # rows of one /paper/search/bulk answer (S2's fixed page size)
BULK_RESULTS = 2000  # rows read per batched title query (two pages)
FIELDS_WITH_REFERENCES = FIELDS + ",references.paperId,references.externalIds"


@dataclass
class S2Client(SourceBase):
    """Session, settings, base URL, optional key and pacing for Semantic Scholar.

    As a `graphx.sources.base.Source`: it looks papers up by S2 id, DOI, arXiv id and PMID (any mix, 500 to
    a POST), matches one title or many (bulk search), builds a neighbourhood one paged call per seed, and
    fills the reference lists and abstracts others lack. An S2 id is asked of it even when --sources leaves
    it out: no other source knows one.
    """

    name: ClassVar[str] = "s2"
    label: ClassVar[str] = "Semantic Scholar"
    kinds: ClassVar[tuple[str, ...]] = ("s2", "doi", "arxiv", "pmid")
    id_kind: ClassVar[str] = "s2"
    always_for: ClassVar[tuple[str, ...]] = ("s2",)
    batch_search: ClassVar[str] = "s2 bulk search"

    session: requests.Session
    settings: HttpSettings
    base_url: str = DEFAULT_URL
    api_key: str = ""
    min_interval: float | None = None
    usage: Usage = field(default_factory=lambda: Usage("s2"))
    pacer: Pacer = field(init=False)

    def __post_init__(self) -> None:
        interval = self.min_interval
        if interval is None:
            interval = KEYED_INTERVAL if self.api_key else UNAUTHENTICATED_INTERVAL
        self.pacer = Pacer(interval)

    def call(self, method: str, path: str, params: dict[str, Any], kind: str, expect: Expect, body: Any = None) -> Any:
        """One paced call, its answer checked against `expect`: the call every S2 function makes."""
        if self.usage.refused:
            raise KeyRefused(self.usage.refused, source="s2")
        url = self.base_url.rstrip("/") + path
        headers = {"x-api-key": self.api_key} if self.api_key else None
        self.pacer.wait(self.session, self.settings, method, url, params, body, headers)
        try:
            _, answer = fetch_json(
                self.session, self.settings, source="s2", method=method, url=url, params=params, json_body=body,
                headers=headers, usage=self.usage, kind=kind, expect=expect,
            )
        except KeyRefused as error:
            self.usage.refused = str(error)
            raise
        return answer

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> S2Client:
        return cls(session, settings, options.s2_url, options.s2_key, options.s2_interval)

    def lookup(self, kind: str, values: list[str]) -> list[Paper]:
        """Papers by identifier kind (``s2``, ``doi``, ``arxiv``, ``pmid``), 500 per POST."""
        records = papers_batch(self, [s2_lookup_id(kind, v) for v in values])
        return [parse_paper(r) for r in records if r and r.get("paperId")]

    def find(self, wanted: list[Identifier], thorough: bool = False, errors: dict | None = None) -> dict[Identifier, Paper]:
        """Every identifier in one batch of mixed kinds (S2 takes them together), answered in order."""
        errors = {} if errors is None else errors
        asked = [(k, v) for k, v in wanted if k in self.kinds]
        try:
            records = papers_batch(self, [s2_lookup_id(k, v) for k, v in asked])
        except SourceError as error:
            for kind, _ in asked:
                errors.setdefault(kind, error)
            return {}
        return {identifier: parse_paper(r) for identifier, r in zip(asked, records, strict=True) if r and r.get("paperId")}

    def search(self, title: str) -> list[Paper]:
        """S2's best match for one title (free, but one paced call a title)."""
        record = match_title(self, title)
        return [parse_paper(record)] if record else []

    def search_titles(self, titles: list[str]) -> list[Paper]:
        return search_titles(self, titles)

    def batch_rows(self) -> int:
        return BULK_PAGE

    def fill(self, wanted: Wanted, progress: Progress) -> list[Paper]:
        """Every wanted work in one batch with its reference list (ids and external ids)."""
        ids = [i for i in dict.fromkeys(_lookup_id(p) for p in wanted.all()) if i]
        if not ids:
            return []
        progress(f"filling gaps: {len(ids)} works from Semantic Scholar")
        records = papers_batch(self, ids, fields=FIELDS_WITH_REFERENCES)
        return [parse_paper(r) for r in records if r and r.get("paperId")]

    def neighbourhood(self, papers: list[Paper], reach: ExpandOptions, seed_records: bool, note: Note,
                      progress: Progress) -> list[Paper]:
        """The seeds' references (and, on request, citing works), one paged call per seed and direction,
        then the neighbours' own reference lists in batches of 500, so the citations among them are known.
        With `seed_records`, the seeds another source found are looked up here first (their S2 ids)."""
        added: list[Paper] = []
        seeds = [p for p in papers if p.is_seed]
        if seed_records:
            missing = [p for p in seeds if not p.s2 and (p.doi or p.arxiv)]
            if missing:
                progress(f"looking up {len(missing)} seeds in Semantic Scholar")
                lookup = [s2_lookup_id("arxiv", p.arxiv) if p.arxiv and p.doi == arxiv_doi(p.arxiv) else s2_lookup_id("doi", p.doi)
                          for p in missing]
                try:
                    for record in papers_batch(self, lookup):
                        if record and record.get("paperId"):
                            extra = parse_paper(record)
                            extra.is_seed = True
                            added.append(extra)
                except SourceError as error:
                    note(f"s2 seed lookup failed: {error}", error)
        seed_ids = list(dict.fromkeys([p.s2 for p in seeds if p.s2] + [p.s2 for p in added]))
        have = set(seed_ids) | {p.s2 for p in papers if p.s2}
        room = max(0, reach.max_papers - len(papers))
        neighbours: dict[str, Paper] = {}
        directions = ["references"] + (["citations"] if reach.citations else [])
        for number, paper_id in enumerate(seed_ids, start=1):
            for direction in directions:
                progress(f"s2 {direction} of seed {number}/{len(seed_ids)}", number - 1, len(seed_ids))
                try:
                    records = linked_papers(self, paper_id, direction, limit=max(room, 1) * 2 + 1000)
                except SourceError as error:
                    note(f"s2 {direction} of {paper_id} incomplete: {error}", error)
                    continue
                linked_ids = []
                for record in records:
                    linked = parse_paper(record)
                    linked_ids.append(linked.id)
                    if linked.s2 not in have and linked.s2 not in neighbours:
                        neighbours[linked.s2] = linked
                seed_record = next((p for p in papers + added if p.s2 == paper_id), None)
                if seed_record is not None and direction == "references":
                    seed_record.references = list(dict.fromkeys(seed_record.references + linked_ids))
                if direction == "citations":
                    for linked_id in linked_ids:
                        citing = neighbours.get(linked_id[3:])
                        if citing is not None and f"s2:{paper_id}" not in citing.references:
                            citing.references.append(f"s2:{paper_id}")
        chosen = reach.cap(sorted(neighbours.values(), key=lambda p: -(p.cited_by_count or 0)) if len(neighbours) > room
                           else list(neighbours.values()), room, "Semantic Scholar neighbours", note)
        if chosen and reach.depth >= 1:
            # Their own reference lists give the citations among neighbours: one batch per 500 papers.
            progress(f"s2: reference lists of {len(chosen)} neighbours")
            try:
                records = papers_batch(self, [p.s2 for p in chosen], fields="paperId,references.paperId")
                for paper, record in zip(chosen, records, strict=True):
                    if record and record.get("references"):
                        paper.references = list(dict.fromkeys(paper.references + [f"s2:{r['paperId']}" for r in record["references"]
                                                                                   if r and r.get("paperId")]))
            except SourceError as error:
                note(f"s2 neighbour references incomplete: {error}", error)
        return added + chosen


def s2_lookup_id(kind: str, value: str) -> str:
    """The id form S2's batch endpoint takes for a graphx identifier.

    >>> s2_lookup_id("doi", "10.1093/mind/lix.236.433"), s2_lookup_id("arxiv", "1706.03762")
    ('DOI:10.1093/mind/lix.236.433', 'ARXIV:1706.03762')
    """
    return {"doi": f"DOI:{value}", "arxiv": f"ARXIV:{value}", "pmid": f"PMID:{value}"}.get(kind, value)


def parse_paper(record: dict[str, Any]) -> Paper:
    """A `Paper` from one S2 paper record (pure). References, when the record carries them, become ids."""
    external = record.get("externalIds") or {}
    doi = normalise_doi(external.get("DOI") or "")
    arxiv = external.get("ArXiv") or ""
    paper_id = record.get("paperId") or ""
    references = record.get("references")
    fields = [f for f in record.get("fieldsOfStudy") or [] if f]
    journal = record.get("journal") or {}
    if (journal.get("name") or "").lower() == "arxiv":  # a preprint: S2 files it under "ArXiv", volume "abs/<id>"
        journal = {}
    return limits.bounded(Paper(
        id=f"s2:{paper_id}",
        title=" ".join((record.get("title") or "").split()),
        authors=[a.get("name", "") for a in record.get("authors") or [] if a.get("name")],
        year=record.get("year"),
        # the journal it appeared in, where S2 knows one: its "venue" may name a reprint (Turing 1950 in an anthology)
        venue=journal.get("name") or record.get("venue") or "",
        volume=journal.get("volume") or "",
        pages=page_range(journal.get("pages")),
        doi=doi,
        arxiv=arxiv,
        s2=paper_id,
        url=record.get("url") or (f"https://www.semanticscholar.org/paper/{paper_id}" if paper_id else ""),
        abstract=record.get("abstract") or "",
        keywords=fields,
        cited_by_count=record.get("citationCount"),
        references=[reference_id(r) for r in references or [] if r and r.get("paperId")],
        sources=["s2"],
        pmid=limits.clean_pmid(external.get("PubMed")),
        reference_count=record.get("referenceCount"),
    ))


def _lookup_id(paper: Paper) -> str:
    """The id form to ask S2 about a work by: its S2 id, else its DOI (not an arXiv DOI, which S2 does not
    index), else its arXiv id, else its PMID."""
    if paper.s2:
        return paper.s2
    if paper.doi and not paper.doi.startswith("10.48550/"):
        return s2_lookup_id("doi", paper.doi)
    if paper.arxiv:
        return s2_lookup_id("arxiv", paper.arxiv)
    return s2_lookup_id("pmid", paper.pmid) if paper.pmid else ""


def reference_id(record: dict[str, Any]) -> str:
    """The id a reference is best known by across sources: its DOI, else arXiv id, else S2 id.

    >>> reference_id({"paperId": "ab12", "externalIds": {"DOI": "10.1007/X"}}), reference_id({"paperId": "ab12"})
    ('doi:10.1007/x', 's2:ab12')
    """
    external = record.get("externalIds") or {}
    if doi := normalise_doi(external.get("DOI") or ""):
        return f"doi:{doi}"
    if external.get("ArXiv"):
        return f"arxiv:{external['ArXiv']}"
    return f"s2:{record['paperId']}"


def papers_batch(client: S2Client, ids: list[str], fields: str = FIELDS) -> list[dict[str, Any] | None]:
    """Records for `ids` (any S2 form), 500 per POST; None where S2 does not know the id, in input order."""
    from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

    records: list[dict[str, Any] | None] = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        records.extend(client.call("POST", "/paper/batch", {"fields": fields}, "batch", Expect(shapes.s2_batch(len(chunk))),
                                    body={"ids": chunk}))
    return records


def linked_papers(
    client: S2Client, paper_id: str, direction: str, limit: int, fields: str = FIELDS, page_size: int = PAGE
) -> list[dict[str, Any]]:
    """The papers `paper_id` cites (direction "references") or that cite it ("citations"), paged by offset.

    Rows whose linked paper S2 could not identify (a null paperId) are skipped. A ``next`` that does not move
    forward, or `MAX_PAGES` pages, ends the paging with a note: never an endless loop.
    """
    key = "citedPaper" if direction == "references" else "citingPaper"
    records: list[dict[str, Any]] = []
    offset = 0
    from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

    expect = Expect(shapes.s2_links(key), not_found_ok=True)
    for _ in range(MAX_PAGES):
        page = client.call("GET", f"/paper/{paper_id}/{direction}", {"fields": fields, "offset": offset, "limit": page_size},
                            direction, expect) or {}
        rows = page.get("data") or []
        records.extend(row[key] for row in rows)
        if len(records) >= limit or page.get("next") is None or not rows:
            break
        if page["next"] <= offset:
            client.usage.notes.append(
                f"{direction} of {paper_id}: the server's next offset {page['next']} does not move past {offset}; paging stopped"
            )
            log.warning("s2: %s of %s: next offset %s repeats; paging stopped", direction, paper_id, page["next"])
            break
        offset = page["next"]
    else:
        client.usage.notes.append(f"{direction} of {paper_id}: paging stopped at the page cap ({MAX_PAGES} pages)")
    return records[:limit]


def match_title(client: S2Client, title: str, fields: str = FIELDS) -> dict[str, Any] | None:
    """S2's best title match (``/paper/search/match``), or None when it has none (a 404)."""
    from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

    answer = client.call("GET", "/paper/search/match", {"query": title, "fields": fields}, "search",
                          Expect(shapes.s2_match, not_found_ok=True))
    data = (answer or {}).get("data") or []
    return data[0] if data else None


def title_phrase(title: str) -> str:
    """A title as one quoted phrase of S2's bulk query syntax, its operator characters (``+ | - " * ( ) ~``)
    spaced out so that a title never changes the query's logic.

    >>> title_phrase('Self-Play (SPIN) + "fine-tuning" | ~3')
    '"self play spin fine tuning 3"'
    """
    return '"' + " ".join(re.sub(r'[+|\-"*()~\\]', " ", title).lower().split()) + '"'


def bulk_queries(titles: list[str], budget: int = limits.TITLE_BATCH_CHARS) -> list[str]:
    """Titles as ``"…" | "…"`` bulk queries, each within `budget` URL-encoded characters."""
    queries: list[list[str]] = []
    size = budget + 1
    for phrase in dict.fromkeys(title_phrase(t) for t in titles if t.strip()):
        if phrase == '""':
            continue
        cost = len(requests.utils.quote(phrase, safe="")) + 9  # the encoded " | " between phrases
        if not queries or size + cost > budget:
            queries.append([])
            size = 0
        queries[-1].append(phrase)
        size += cost
    return [" | ".join(q) for q in queries]


def search_titles(client: S2Client, titles: list[str], results: int = BULK_RESULTS, fields: str = FIELDS) -> list[Paper]:
    """Candidates for many titles at once, by S2's bulk search: one OR-query of quoted titles per ~4 KB
    (phrases match titles and abstracts; up to 1,000 rows an answer, paged by ``token``), `results` rows
    at most per query. Paced like every S2 call."""
    from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

    papers: list[Paper] = []
    for query in bulk_queries(titles):
        token, read = None, 0
        while read < results:
            params = {"query": query, "fields": fields, **({"token": token} if token else {})}
            page = client.call("GET", "/paper/search/bulk", params, "bulk search", Expect(shapes.s2_bulk)) or {}
            rows = page.get("data") or []
            read += len(rows)
            papers += [parse_paper(r) for r in rows if r and r.get("paperId")]
            token = page.get("token")
            if not token or not rows:
                break
    return papers
