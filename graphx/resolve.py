"""Queries → Papers, each query ending resolved (to which work, how, with what score) or unresolved (why).

Resolution goes cheapest first: identifiers in batches (OpenAlex OR-filters of 100, S2 batches of 500),
then titles by search, each candidate verified before it is accepted — a wrong match is worse than none.
A title that resolves nowhere (or an offline listing) still becomes a local node carrying its own title,
abstract and year, so it can be linked by shared keywords.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Callable

from rapidfuzz import fuzz

from graphx.errors import OfflineMiss, SourceError
from graphx.model import Paper, Query, arxiv_doi, normalise_title
from graphx.sources import openalex as oa
from graphx.sources import semanticscholar as s2

log = logging.getLogger("graphx")

TITLE_ACCEPT = 92.0  # token-sort similarity (0-100) a candidate title needs
YEAR_TOLERANCE = 1  # preprint and published versions are often a year apart


@dataclass
class Resolution:
    """The outcome of one input: what it was, where it came from, and what it became."""

    input: str
    origin: str
    kind: str
    status: str  # "resolved" | "unresolved" | "duplicate"
    node: str = ""
    title: str = ""
    method: str = ""  # "openalex id", "doi", "arxiv", "s2 id", "title match", "duplicate", "local"
    score: float | None = None
    source: str = ""
    reason: str = ""
    source_failed: bool = False  # unresolved because a source failed (not because the work is unknown)


@dataclass
class Clients:
    """The source clients a build uses; `sources` says which may resolve and expand."""

    openalex: oa.OpenAlexClient | None
    s2: s2.S2Client | None
    sources: tuple[str, ...] = ("openalex",)

    def uses(self, name: str) -> bool:
        return name in self.sources and getattr(self, name) is not None


def title_score(query: Query, title: str, year: int | None) -> float:
    """Similarity of a candidate to a title query, 0-100; 0 when the years disagree by more than a year.

    >>> q = Query("title", "Attention is all you need", year=2017)
    >>> title_score(q, "Attention Is All You Need", 2017)
    100.0
    >>> title_score(q, "Attention Is All You Need", 2010)
    0.0
    """
    score = fuzz.token_sort_ratio(normalise_title(query.value), normalise_title(title))
    if query.year and year and abs(query.year - year) > YEAR_TOLERANCE:
        return 0.0
    return float(score)


def best_candidate(query: Query, candidates: list[Paper]) -> tuple[Paper | None, float, str]:
    """The verified best candidate, its score, and why none was accepted when none was."""
    scored = sorted(((title_score(query, c.title, c.year), c) for c in candidates if c.title), key=lambda sc: -sc[0])
    if not scored:
        return None, 0.0, "no candidates found"
    score, paper = scored[0]
    if score < TITLE_ACCEPT:
        return None, score, f"best candidate {paper.title!r} scored {score:.0f} < {TITLE_ACCEPT:.0f}"
    rivals = [c for s, c in scored[1:] if s >= TITLE_ACCEPT and normalise_title(c.title) != normalise_title(paper.title)]
    if rivals:
        return None, score, f"ambiguous: {paper.title!r} and {rivals[0].title!r} both match"
    return paper, score, ""


def local_paper(query: Query) -> Paper:
    """A node for a title nobody resolved: it keeps the input's own title, abstract and year."""
    digest = hashlib.sha1(normalise_title(query.value).encode()).hexdigest()[:12]
    return Paper(id=f"local:{digest}", title=query.value, year=query.year, abstract=query.abstract,
                 authors=[query.first_author] if query.first_author else [], is_seed=True, sources=["input"])


def resolve(queries: list[Query], clients: Clients, progress: Callable[..., None] = lambda *_: None) -> tuple[list[Resolution], list[Paper]]:
    """Resolve every query; returns one Resolution per query (in order) and the seed Papers found."""
    outcomes: dict[int, Resolution] = {}
    papers: list[Paper] = []
    first_seen: dict[str, int] = {}
    pending: list[tuple[int, Query]] = []
    for index, query in enumerate(queries):
        if query.problem:
            outcomes[index] = Resolution(query.label, query.origin, query.kind, "unresolved", reason=query.problem)
        elif (key := f"{query.kind}:{normalise_title(query.value) if query.kind == 'title' else query.value.lower()}") in first_seen:
            outcomes[index] = Resolution(query.label, query.origin, query.kind, "duplicate", reason=f"same input as {queries[first_seen[key]].origin}")
        else:
            first_seen[key] = index
            pending.append((index, query))

    def settle(index: int, query: Query, paper: Paper, method: str, source: str, score: float | None = None) -> None:
        paper.is_seed = True
        papers.append(paper)
        outcomes[index] = Resolution(query.label, query.origin, query.kind, "resolved", paper.id, paper.title, method, score, source)

    def fail(index: int, query: Query, reason: str, source_failed: bool = False) -> None:
        if index in outcomes:
            return
        outcomes[index] = Resolution(query.label, query.origin, query.kind, "unresolved", reason=reason, source_failed=source_failed)

    ids = [(i, q) for i, q in pending if q.kind != "title"]
    titles = [(i, q) for i, q in pending if q.kind == "title"]
    errors: dict[str, SourceError] = {}

    if clients.uses("openalex") and ids:
        progress(f"looking up {len(ids)} identifiers in OpenAlex")
        _resolve_ids_openalex(ids, clients.openalex, settle, errors)
    s2_wanted = [(i, q) for i, q in ids if i not in outcomes and (q.kind == "s2" or clients.uses("s2"))]
    if s2_wanted and clients.s2 is not None:
        progress(f"looking up {len(s2_wanted)} identifiers in Semantic Scholar")
        _resolve_ids_s2(s2_wanted, clients.s2, settle, errors)
    for i, q in ids:
        error = errors.get(q.kind)
        fail(i, q, str(error) if error else _not_found(q, clients), is_failure(error))

    for number, (i, q) in enumerate(titles, start=1):
        progress(f"searching titles {number}/{len(titles)}", number - 1, len(titles))
        reason, failed = _resolve_title(i, q, clients, settle)
        if i not in outcomes:
            local = local_paper(q)
            papers.append(local)
            outcomes[i] = Resolution(q.label, q.origin, q.kind, "unresolved", local.id, q.value, "local",
                                     reason=reason + "; kept as a local node", source_failed=failed)
    return [outcomes[i] for i in range(len(queries))], papers


def _not_found(query: Query, clients: Clients) -> str:
    where = " or ".join(s for s in clients.sources if getattr(clients, s, None) is not None) or "no source"
    hint = " (add --sources openalex,s2 to also ask Semantic Scholar)" if query.kind == "arxiv" and not clients.uses("s2") else ""
    return f"not found in {where}{hint}"


def _resolve_ids_openalex(ids, client: oa.OpenAlexClient, settle, errors: dict[str, str]) -> None:
    by_kind: dict[str, list[tuple[int, Query]]] = {}
    for i, q in ids:
        by_kind.setdefault(q.kind, []).append((i, q))
    lookups = [
        ("openalex", "openalex", lambda q: q.value.upper(), lambda p: p.openalex, "openalex id"),
        ("doi", "doi", lambda q: q.value, lambda p: p.doi, "doi"),
        ("arxiv", "doi", lambda q: arxiv_doi(q.value), lambda p: p.doi, "arxiv"),
    ]
    for kind, key, value_of, key_of, method in lookups:
        group = by_kind.get(kind, [])
        if not group:
            continue
        try:
            works = oa.works_by_filter(client, key, [value_of(q) for _, q in group])
        except SourceError as error:
            errors[kind] = error
            continue
        found = {key_of(p).lower(): p for p in map(oa.parse_work, works)}
        for i, q in group:
            if paper := found.get(value_of(q).lower()):
                settle(i, q, paper, method, "openalex")


def _resolve_ids_s2(ids, client: s2.S2Client, settle, errors: dict[str, str]) -> None:
    try:
        records = s2.papers_batch(client, [s2.s2_lookup_id(q.kind, q.value) for _, q in ids])
    except SourceError as error:
        for _, q in ids:
            errors[q.kind] = error
        return
    for (i, q), record in zip(ids, records):
        if record and record.get("paperId"):
            settle(i, q, s2.parse_paper(record), {"s2": "s2 id"}.get(q.kind, q.kind), "s2")


def is_failure(error: SourceError | None) -> bool:
    """Whether `error` means a source failed; an --offline cache miss is expected, not a failure."""
    return error is not None and not isinstance(error, OfflineMiss)


def _title_candidates(clients: Clients) -> list[tuple[str, Callable[[str], list[Paper]]]]:
    """The sources to search for a title, in order, each as (name, title → candidate papers)."""
    searches = []
    if clients.uses("openalex"):
        searches.append(("openalex", lambda title: [oa.parse_work(w) for w in oa.search_title(clients.openalex, title)]))
    if clients.uses("s2"):
        searches.append(("s2", lambda title: [s2.parse_paper(r) for r in [s2.match_title(clients.s2, title)] if r]))
    return searches


def _resolve_title(index: int, query: Query, clients: Clients, settle) -> tuple[str, bool]:
    """Search each source in turn; settle the first verified match. Returns why none matched, and whether
    a source failed on the way."""
    reasons = []
    failed = False
    for name, search in _title_candidates(clients):
        try:
            paper, score, reason = best_candidate(query, search(query.value))
        except SourceError as error:
            reasons.append(str(error))
            failed = failed or is_failure(error)
            continue
        if paper:
            settle(index, query, paper, "title match", name, score)
            return "", False
        reasons.append(f"{name}: {reason}")
    return "; ".join(reasons) or "no source searched", failed
