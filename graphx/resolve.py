"""Queries → Papers, each query ending resolved (to which work, how, with what score) or unresolved (why).

Resolution goes cheapest first: a listing input (a Hugging Face day, a Zotero library) becomes its papers'
queries; identifiers go through the registry's one cascade (each source, in trust order, asked in batches only
about what the ones before it did not find); then titles, first by the sources' batched routes (cheapest
first), then one by one, each candidate verified on title, year, first author and abstract
(`graphx.judge`) before it is accepted — a wrong match is worse than none. A title that resolves nowhere (or
an offline listing) still becomes a local node carrying its own title, abstract and year, so it can be linked
by shared keywords. Nothing here asks which source it holds: each says what it offers and costs.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from graphx.errors import InputError, OfflineMiss, SourceError
from graphx.judge import best_candidate, candidates_by_query
from graphx.model import Paper, Query, normalise_title
from graphx.sources import limits
from graphx.sources.base import Source, failed, holds, offers
from graphx.sources.registry import Registry, listing_label
from graphx.wording import counted

log = logging.getLogger("graphx")

METHODS = {"openalex": "openalex id", "s2": "s2 id"}  # how a resolution by an identifier kind is named


@dataclass
class Resolution:
    """The outcome of one input: what it was, where it came from, and what it became."""

    input: str
    origin: str
    kind: str
    status: str  # "resolved" | "unresolved" | "duplicate" | "listing" (a daily listing, expanded into its papers)
    node: str = ""
    title: str = ""
    method: str = ""  # "openalex id", "doi", "arxiv", "s2 id", "title match", "duplicate", "local"
    score: float | None = None
    source: str = ""
    reason: str = ""
    source_failed: bool = False  # unresolved because a source failed (not because the work is unknown)


def local_paper(query: Query) -> Paper:
    """A node for a title nobody resolved: it keeps the input's own title, abstract, year and identifier (a
    DOI or arXiv id no source answered still belongs in the bibliography and lets a later build resolve it)."""
    title = query.title or query.value
    digest = hashlib.sha1(normalise_title(title).encode()).hexdigest()[:12]
    ids = {query.kind: query.value} if query.kind in ("doi", "arxiv") else {}
    return Paper(id=f"local:{digest}", title=title, year=query.year, abstract=query.abstract,
                 authors=[query.first_author] if query.first_author else [], is_seed=True, sources=["input"], **ids)


def expand_listings(queries: list[Query], sources: Registry, progress: Callable[..., None]) -> tuple[list[Query], dict[int, Resolution]]:
    """Listing inputs (``hf:DATE``, ``zotero:…``) replaced by their papers' queries, each listing keeping a row
    of its own just before them: the queries to resolve, and the rows already settled (by position)."""
    expanded: list[Query] = []
    settled: dict[int, Resolution] = {}
    for query in queries:
        lister = sources.lister(query.kind)
        if query.problem or (lister is None and not listing_label(query.kind)):
            expanded.append(query)
            continue
        method = lister.listing_method if lister else ""
        row = Resolution(query.label, query.origin, query.kind, "listing", method=method, source=query.kind)
        settled[len(expanded)] = row
        expanded.append(query)
        if lister is None:
            row.status, row.reason = "unresolved", f"no {listing_label(query.kind)} client configured"
            continue
        try:
            listed, row.reason = lister.read_listing(query, progress)
        except InputError as error:
            row.status, row.reason = "unresolved", str(error)
            continue
        except SourceError as error:
            row.status, row.reason, row.source_failed = "unresolved", str(error), failed(error)
            continue
        if not listed:
            row.status = "unresolved"
        expanded.extend(listed)
    return expanded, settled


def resolve(
    queries: list[Query], sources: Registry, progress: Callable[..., None] = lambda *_: None
) -> tuple[list[Resolution], list[Paper]]:
    """Resolve every query; returns one Resolution per query (listings followed by one per listed paper), in
    order, and the seed Papers found."""
    queries, outcomes = expand_listings(queries, sources, progress)
    papers: list[Paper] = []
    first_seen: dict[str, int] = {}
    pending: list[tuple[int, Query]] = []
    for index, query in enumerate(queries):
        if index in outcomes:
            continue
        if query.problem:
            outcomes[index] = Resolution(query.label, query.origin, query.kind, "unresolved", reason=query.problem)
        elif (key := f"{query.kind}:{normalise_title(query.value) if query.kind == 'title' else query.value.lower()}") in first_seen:
            outcomes[index] = Resolution(
                query.label, query.origin, query.kind, "duplicate", reason=f"same input as {queries[first_seen[key]].origin}"
            )
        else:
            first_seen[key] = index
            pending.append((index, query))

    def settle(index: int, query: Query, paper: Paper, method: str, source: str, score: float | None = None) -> None:
        paper.is_seed = True
        papers.append(paper)
        outcomes[index] = Resolution(query.label, query.origin, query.kind, "resolved", paper.id, paper.title, method, score, source)

    ids = [(i, q) for i, q in pending if q.kind != "title"]
    titles = [(i, q) for i, q in pending if q.kind == "title"]

    def announce(source: Source, asked: list) -> None:
        progress(f"looking up {counted(len(asked), 'identifier')} in {source.label}")

    found = sources.find([(q.kind, q.value) for _, q in ids], thorough=True, progress=announce)
    for i, q in ids:
        paper = found.records.get((q.kind, q.value))
        if paper is not None:
            source = sources.get(found.sources[(q.kind, q.value)])
            method = METHODS.get(q.kind, q.kind)
            if q.kind == source.id_kind and not holds(paper, q.kind, q.value):
                method += f" (merged into {paper.id})"  # the source answered its own id with the work it now names
            settle(i, q, paper, method, source.name)
            continue
        error = found.errors.get(q.kind)
        if isinstance(error, OfflineMiss):  # said once for every source that would have been asked, no URL
            reason = explain([OfflineMiss(str(error), source=s.name) for s in sources.asked_about(q.kind)] or [error])
        else:
            reason = str(error) if error else _not_found(q, sources)
        if q.title:
            local = local_paper(q)
            papers.append(local)
            outcomes[i] = Resolution(q.label, q.origin, q.kind, "unresolved", local.id, local.title, "local",
                                     reason=reason + "; kept as a local node with its listed title", source_failed=failed(error))
        else:
            outcomes[i] = Resolution(q.label, q.origin, q.kind, "unresolved", reason=reason, source_failed=failed(error))

    judged: dict[int, set[str]] = {}
    batch_reasons = _resolve_titles_in_batches(titles, sources, settle, outcomes, progress, judged) if titles else {}
    single = [(i, q) for i, q in titles if i not in outcomes]
    for number, (i, q) in enumerate(single, start=1):
        progress(f"searching titles one by one {number}/{len(single)}", number - 1, len(single))
        reasons, source_failed = _resolve_title(i, q, sources, settle, skip=judged.get(i, set()))
        if i not in outcomes:
            reason = explain(batch_reasons.get(i, []) + reasons)
            local = local_paper(q)
            papers.append(local)
            outcomes[i] = Resolution(q.label, q.origin, q.kind, "unresolved", local.id, q.value, "local",
                                     reason=reason + "; kept as a local node", source_failed=source_failed)
    papers += _join_primary(papers, sources, progress)
    return [outcomes[i] for i in range(len(queries))], papers


def _join_primary(seeds: list[Paper], sources: Registry, progress: Callable[..., None]) -> list[Paper]:
    """The primary source's records of the seeds another source found (an arXiv preprint, a work S2 matched),
    so that the neighbourhood it builds starts from them too and its citations to them join. Returned as
    extra seed records; the merge makes one work of each pair."""
    primary = sources.primary
    if primary is None or not offers(primary, "join"):
        return []
    others = [p for p in seeds if not getattr(p, primary.id_kind) and not p.id.startswith("local:")]
    if not others:
        return []
    progress(f"joining {len(others)} works found elsewhere to {primary.label}")
    try:
        found = primary.join(others)
    except SourceError as error:
        log.warning("%s: seeds found elsewhere not joined: %s", primary.name, error)
        return []
    for paper in found:
        paper.is_seed = True
    return found


def _not_found(query: Query, sources: Registry) -> str:
    where = " or ".join(s.name for s in sources.chosen()) or "no source"
    hint = next((f" (add {s.name} to --sources to ask {s.label} too)" for s in sources
                 if s.id_kind == query.kind and query.kind in s.kinds and query.kind not in s.always_for and not sources.uses(s)), "")
    return f"not found in {where}{hint}"


@dataclass(frozen=True)
class TitleRoute:
    """One source's batched title route: its name, its source, what one call costs in units, how long the
    source asks a caller to wait between calls, and how many rows an answer carries."""

    name: str
    source: str
    units: int
    interval: float
    rows: int
    client: Source

    @property
    def price(self) -> tuple[int, float, int]:
        """Cheapest first: units (the allowance that runs out), then the wait a call costs, then its weight."""
        return self.units, self.interval, self.rows


def batch_routes(sources: Registry, titles: list[str]) -> list[TitleRoute]:
    """The batched title routes of the sources in use, cheapest first, by price and allowance.

    Routes that cost no units (arXiv ``ti:`` OR-queries, S2 bulk search) make a caller wait (arXiv 3 s a
    call, S2 3 s without a key, 1 s with one); they go in order of that wait. A route that spends units
    (OpenAlex ``title.search`` OR-filters: a search, 10 units, per ~40 titles, and no wait) goes first while
    the titles would spend at most a tenth of the day's allowance (1,000 units without a key, 10,000 with one:
    a 240-title listing takes ~80 units), and last otherwise, so that a long listing spends free calls before
    the allowance.
    """
    routes = sorted((TitleRoute(s.batch_search, s.name, s.prices.get("title search", 0), s.interval, s.batch_rows(), s)
                     for s in sources if sources.uses(s) and offers(s, "search_titles")), key=lambda r: r.price)

    def affordable(route: TitleRoute) -> bool:
        spent = route.client.batch_units(titles)
        return 0 < spent <= limits.OPENALEX_ALLOWANCE_SHARE * route.client.allowance()

    routes.sort(key=lambda r: not affordable(r))
    return routes


def _resolve_titles_in_batches(titles: list[tuple[int, Query]], sources: Registry, settle, outcomes: dict,
                               progress: Callable[..., None], judged: dict[int, set[str]]) -> dict[int, list[str]]:
    """Ask each batched route, cheapest first, about the titles the routes before it did not settle, and
    settle each one whose candidates pass the same verification as a single search. Returns, per title
    left unsettled, why each route passed it by; `judged` gets, per title, the sources whose candidates
    were all refused. Each route's cost is noted on its source's usage."""
    reasons: dict[int, list[str | OfflineMiss]] = {}
    for route in batch_routes(sources, [q.value for _, q in titles]):
        left = [(i, q) for i, q in titles if i not in outcomes]
        if not left:
            break
        source = route.client
        before = dict(source.usage.calls)
        progress(f"searching {counted(len(left), 'title')} in batches: {route.name}")
        try:
            pool = source.search_titles([q.value for _, q in left])
        except SourceError as error:
            for i, _ in left:
                reasons.setdefault(i, []).append(error if isinstance(error, OfflineMiss) else f"{route.name} failed: {error}")
            continue
        settled = 0
        for (i, q), candidates in zip(left, candidates_by_query([q for _, q in left], pool), strict=True):
            paper, score, reason = best_candidate(q, candidates)
            if paper:
                settle(i, q, paper, "title match", source.name, score)
                settled += 1
            elif candidates:
                # The source returned works with this title and all were refused: searching it again for
                # the one title would bring back the same works, so the single search skips this source.
                reasons.setdefault(i, []).append(f"{source.name}: {reason}")
                judged.setdefault(i, set()).add(source.name)
        calls = sum(source.usage.calls.values()) - sum(before.values())
        spent = {k: n - before.get(k, 0) for k, n in source.usage.calls.items() if n - before.get(k, 0)}
        units = f", {source.units(spent)} {source.label} units" if source.prices else ""
        source.usage.notes.append(f"titles by {route.name}: {settled} of {len(left)} settled in {calls} calls{units}")
    return reasons


def _resolve_title(index: int, query: Query, sources: Registry, settle, skip: set[str] = frozenset()) -> tuple[list, bool]:
    """Search each chosen source in turn, cheapest first (but those in `skip`, whose batch already judged
    this title); settle the first verified match. Returns why none matched (for `explain`), and whether a
    source failed."""
    reasons: list[str | OfflineMiss] = []
    source_failed = False
    for source in sorted((s for s in sources if sources.uses(s)), key=lambda s: s.prices.get("search", 0)):
        if source.name in skip or not source.kinds:  # a source that looks nothing up searches nothing either
            continue
        try:
            paper, score, reason = best_candidate(query, source.search(query.value))
        except SourceError as error:
            reasons.append(error if isinstance(error, OfflineMiss) else str(error))
            source_failed = source_failed or failed(error)
            continue
        if paper:
            settle(index, query, paper, "title match", source.name, score)
            return [], False
        reasons.append(f"{source.name}: {reason}")
    return reasons, source_failed


def explain(reasons: list[str | OfflineMiss]) -> str:
    """Why a title was not resolved, in one line: each source's answer, and the searches an offline build
    could not make said once, by source, rather than once per search with its URL.

    >>> explain(["s2: no candidate", OfflineMiss("x", source="openalex"), OfflineMiss("y", source="arxiv"),
    ...          OfflineMiss("z", source="openalex")])
    's2: no candidate; not in the cache and --offline is on (openalex, arxiv)'
    """
    said = [reason for reason in reasons if isinstance(reason, str)]
    offline = [reason.source or "a source" for reason in reasons if isinstance(reason, OfflineMiss)]
    if offline:
        said.append(f"not in the cache and --offline is on ({', '.join(dict.fromkeys(offline))})")
    return "; ".join(said) or "no source searched"
