"""Queries → Papers, each query ending resolved (to which work, how, with what score) or unresolved (why).

Resolution goes cheapest first: a Hugging Face daily listing becomes its arXiv ids; identifiers go in
batches (OpenAlex OR-filters of 100, S2 batches of 500, arXiv id lists of 100, Crossref DOI filters of 50),
each source asked only for what the ones before it did not find; then titles by search (OpenAlex, S2,
Crossref, arXiv in turn), each candidate verified on title, year, first author and abstract before it is
accepted — a wrong match is worse than none. A title that resolves nowhere (or an offline listing) still
becomes a local node carrying its own title, abstract and year, so it can be linked by shared keywords.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from graphx.errors import InputError, OfflineMiss, SourceError
from graphx.model import Paper, Query, arxiv_doi, normalise_title
from graphx.sources import arxiv as ax
from graphx.sources import crossref as cr
from graphx.sources import huggingface as hf
from graphx.sources import limits
from graphx.sources import openalex as oa
from graphx.sources import opencitations as oc
from graphx.sources import semanticscholar as s2
from graphx.sources import zotero as zs

log = logging.getLogger("graphx")

TITLE_ACCEPT = 92.0  # token-sort similarity (0-100) a candidate title needs
YEAR_TOLERANCE = 1  # preprint and published versions are often a year apart
ABSTRACT_AGREE = 50.0  # token-set similarity two abstracts of one work keep
ABSTRACT_SAME = 85.0  # token-set similarity that says two abstracts are one text (a short title may rest on it)
SHORT_TITLE_WORDS = 3  # titles shorter than this need the year, an author or the abstract to agree too


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


@dataclass
class Clients:
    """The source clients a build uses; `sources` says which may resolve and expand, in order of trust:
    the first of openalex / s2 builds the neighbourhood, the others fill its gaps."""

    openalex: oa.OpenAlexClient | None
    s2: s2.S2Client | None
    sources: tuple[str, ...] = ("openalex",)
    crossref: cr.CrossrefClient | None = None
    arxiv: ax.ArxivClient | None = None
    opencitations: oc.OpenCitationsClient | None = None
    hf: hf.HFClient | None = None
    zotero: zs.ZoteroClient | None = None  # connected only when an input names a Zotero library

    def uses(self, name: str) -> bool:
        return name in self.sources and getattr(self, name) is not None

    @property
    def primary(self) -> str:
        """The source that builds the neighbourhood: the first of openalex and s2 in `sources`."""
        return next((s for s in self.sources if s in ("openalex", "s2")), "")

    def usages(self) -> list:
        return [c.usage for c in (self.openalex, self.s2, self.crossref, self.arxiv, self.opencitations, self.hf, self.zotero)
                if c is not None]


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


def _name_words(name: str) -> set[str]:
    return {w for w in normalise_title(name).split() if len(w) > 1}


_MINOR_WORDS = frozenset("a an the of and or for in on to with by from at as is are via".split())


def _near(word: str, other: str) -> bool:
    """One word written as another: one edit apart (a swap of two neighbours counts as one: a typo, a
    plural), two for long words; "leading" and "learning" are two edits apart, and different words."""
    return OSA.distance(word, other, score_cutoff=2) <= (2 if len(word) >= 9 else 1)


def unmatched_words(title: str, other: str) -> list[str]:
    """Words of either title with no close counterpart in the other (typos, plurals and small words aside):
    "Computing machinery and intelligence" and "Computing machinery and emotion" differ in substance, not
    in spelling, and a near-identical title is no reason to accept a different work.

    >>> unmatched_words("Computing machinery and inteligence", "Computing Machinery and Intelligence")
    []
    >>> unmatched_words("Computing machinery and emotion", "Computing machinery and intelligence")
    ['emotion', 'intelligence']
    >>> unmatched_words("knowledge based leading", "knowledge based learning")
    ['leading', 'learning']
    """
    a, b = normalise_title(title).split(), normalise_title(other).split()
    missing = []
    for words, others in ((a, b), (b, a)):
        for word in words:
            if word in others or word in _MINOR_WORDS:
                continue
            if not any(_near(word, o) for o in others if abs(len(o) - len(word)) <= 2):
                missing.append(word)
    return missing


def abstract_agreement(given: str, found: str) -> float | None:
    """How far two abstracts agree (token-set similarity, 0-100, on their first 1,500 characters), or None
    when either is too short to say (under 100 characters).

    >>> text = "We propose feasible learning, a sample-centric learning paradigm where models are trained by solving a feasibility problem."
    >>> abstract_agreement(text, text.replace("We propose", "We introduce")) > 90
    True
    >>> abstract_agreement(text, "Short.") is None
    True
    """
    if not given or not found or len(given) <= 100 or len(found) <= 100:
        return None
    return float(fuzz.token_set_ratio(given[:1500].lower(), found[:1500].lower()))


def contradiction(query: Query, candidate: Paper) -> str:
    """Why a candidate with a similar title is still another work, or "" when nothing the input gave
    disagrees: the first author (any word of the name, in any order, among the first five authors),
    the abstract, and, for short titles, some agreement beyond the title.

    >>> q = Query("title", "Computing machinery and intelligence", first_author="Alan Turing")
    >>> contradiction(q, Paper(id="x", title="Computing machinery and intelligence", authors=["A. M. Turing"]))
    ''
    >>> contradiction(q, Paper(id="y", title="Computing Machinery and Intelligence", authors=["John Smith"]))
    'first author Alan Turing is not among its authors'
    """
    if differing := unmatched_words(query.value, candidate.title):
        return f"the titles differ in {', '.join(repr(w) for w in differing[:3])}"
    if query.first_author and candidate.authors:
        wanted = _name_words(query.first_author)
        if wanted and not any(wanted & _name_words(a) for a in candidate.authors[:5]):
            return f"first author {query.first_author} is not among its authors"
    abstracts = abstract_agreement(query.abstract, candidate.abstract)
    if abstracts is not None and abstracts < ABSTRACT_AGREE:
        return "its abstract differs"
    if len(normalise_title(query.value).split()) < SHORT_TITLE_WORDS:
        year_agrees = bool(query.year and candidate.year and abs(query.year - candidate.year) <= YEAR_TOLERANCE)
        abstract_agrees = abstracts is not None and abstracts >= ABSTRACT_SAME
        if not year_agrees and not (query.first_author and candidate.authors) and not abstract_agrees:
            return "title too short to match without a year, an author or the same abstract"
    return ""


def best_candidate(query: Query, candidates: list[Paper]) -> tuple[Paper | None, float, str]:
    """The verified best candidate, its score, and why none was accepted when none was."""
    scored = sorted(((title_score(query, c.title, c.year), c) for c in candidates if c.title), key=lambda sc: -sc[0])
    if not scored:
        return None, 0.0, "no candidates found"
    passing = [(s, c) for s, c in scored if s >= TITLE_ACCEPT]
    if not passing:
        score, paper = scored[0]
        return None, score, f"best candidate {paper.title!r} scored {score:.0f} < {TITLE_ACCEPT:.0f}"
    reasons = {id(c): contradiction(query, c) for _, c in passing}
    agreeing = [(s, c) for s, c in passing if not reasons[id(c)]]
    if not agreeing:
        score, paper = passing[0]
        return None, score, f"{paper.title!r} matches the title but {reasons[id(paper)]}"
    score, paper = agreeing[0]
    rivals = [c for s, c in agreeing[1:] if normalise_title(c.title) != normalise_title(paper.title)]
    if rivals:
        return None, score, f"ambiguous: {paper.title!r} and {rivals[0].title!r} both match"
    return paper, score, ""


def local_paper(query: Query) -> Paper:
    """A node for a title nobody resolved: it keeps the input's own title, abstract and year."""
    title = query.title or query.value
    digest = hashlib.sha1(normalise_title(title).encode()).hexdigest()[:12]
    return Paper(id=f"local:{digest}", title=title, year=query.year, abstract=query.abstract,
                 authors=[query.first_author] if query.first_author else [], is_seed=True, sources=["input"])


def expand_listings(queries: list[Query], clients: Clients, progress: Callable[..., None]) -> tuple[list[Query], dict[int, Resolution]]:
    """Daily listings (``hf:DATE``) replaced by their papers' queries, each listing keeping a row of its own
    just before them: the queries to resolve, and the rows already settled (by position)."""
    expanded: list[Query] = []
    settled: dict[int, Resolution] = {}
    for query in queries:
        if query.kind == "zotero" and not query.problem:
            index = len(expanded)
            settled[index] = _zotero_listing(query, clients, expanded, progress)
            continue
        if query.kind != "hf" or query.problem:
            expanded.append(query)
            continue
        row = Resolution(query.label, query.origin, "hf", "listing", method="daily papers", source="hf")
        settled[len(expanded)] = row
        expanded.append(query)
        if clients.hf is None:
            row.status, row.reason = "unresolved", "no Hugging Face client configured"
            continue
        progress(f"reading the Hugging Face daily papers of {query.value}")
        try:
            listed = hf.listing_queries(hf.daily_listing(clients.hf, query.value), query.value)
        except InputError as error:
            row.status, row.reason = "unresolved", str(error)
            continue
        except SourceError as error:
            row.status, row.reason, row.source_failed = "unresolved", str(error), is_failure(error)
            continue
        if not listed:
            row.status, row.reason = "unresolved", f"Hugging Face lists no papers on {query.value}"
            continue
        row.reason = f"{len(listed)} papers listed"
        expanded.extend(listed)
    return expanded, settled


def _zotero_listing(query: Query, clients: Clients, expanded: list[Query], progress: Callable[..., None]) -> Resolution:
    """The row of a Zotero input (its items counted, notes and attachments skipped), its papers' queries
    appended to `expanded` after it."""
    from graphx.inputs.zotero import item_queries

    row = Resolution(query.label, query.origin, "zotero", "listing", method="zotero library", source="zotero")
    expanded.append(query)
    if clients.zotero is None:
        row.status, row.reason = "unresolved", "no Zotero client configured"
        return row
    progress(f"reading Zotero: {query.value}")
    try:
        found = item_queries(zs.library_items(clients.zotero, query.value), query.label)
    except InputError as error:
        row.status, row.reason = "unresolved", str(error)
        return row
    except SourceError as error:
        row.status, row.reason, row.source_failed = "unresolved", str(error), is_failure(error)
        return row
    row.reason = found.summary()
    if not found.queries:
        row.status = "unresolved"
    expanded.extend(found.queries)
    return row


def resolve(
    queries: list[Query], clients: Clients, progress: Callable[..., None] = lambda *_: None
) -> tuple[list[Resolution], list[Paper]]:
    """Resolve every query; returns one Resolution per query (daily listings followed by one per listed
    paper), in order, and the seed Papers found."""
    queries, outcomes = expand_listings(queries, clients, progress)
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
    errors: dict[str, SourceError] = {}

    def unsettled(kinds: tuple[str, ...]) -> list[tuple[int, Query]]:
        return [(i, q) for i, q in ids if i not in outcomes and q.kind in kinds]

    if clients.uses("openalex") and ids:
        progress(f"looking up {len(ids)} identifiers in OpenAlex")
        _resolve_ids_openalex(ids, clients.openalex, settle, errors)
    s2_wanted = [(i, q) for i, q in unsettled(("s2", "doi", "arxiv", "pmid")) if q.kind == "s2" or clients.uses("s2")]
    if s2_wanted and clients.s2 is not None:
        progress(f"looking up {len(s2_wanted)} identifiers in Semantic Scholar")
        _resolve_ids_s2(s2_wanted, clients.s2, settle, errors)
    if clients.uses("arxiv") and (wanted := unsettled(("arxiv",))):
        progress(f"looking up {len(wanted)} preprints in arXiv")
        _resolve_with(wanted, lambda: ax.papers_by_id(clients.arxiv, [q.value for _, q in wanted]),
                      lambda p: p.arxiv.lower(), lambda q: q.value.lower(), "arxiv", "arxiv", settle, errors)
    if clients.uses("crossref") and (wanted := unsettled(("doi",))):
        progress(f"looking up {len(wanted)} DOIs in Crossref")
        _resolve_with(wanted, lambda: cr.works_by_doi(clients.crossref, [q.value for _, q in wanted]),
                      lambda p: p.doi, lambda q: q.value.lower(), "doi", "crossref", settle, errors)
    for i, q in ids:
        if i in outcomes:
            continue
        error = errors.get(q.kind)
        reason = str(error) if error else _not_found(q, clients)
        if q.title:
            local = local_paper(q)
            papers.append(local)
            outcomes[i] = Resolution(q.label, q.origin, q.kind, "unresolved", local.id, local.title, "local",
                                     reason=reason + "; kept as a local node with its listed title", source_failed=is_failure(error))
        else:
            outcomes[i] = Resolution(q.label, q.origin, q.kind, "unresolved", reason=reason, source_failed=is_failure(error))

    judged: dict[int, set[str]] = {}
    batch_reasons = _resolve_titles_in_batches(titles, clients, settle, outcomes, progress, judged) if titles else {}
    single = [(i, q) for i, q in titles if i not in outcomes]
    for number, (i, q) in enumerate(single, start=1):
        progress(f"searching titles one by one {number}/{len(single)}", number - 1, len(single))
        reason, failed = _resolve_title(i, q, clients, settle, skip=judged.get(i, set()))
        if batch_reasons.get(i) and i not in outcomes:
            reason = "; ".join(batch_reasons[i] + [reason])
        if i not in outcomes:
            local = local_paper(q)
            papers.append(local)
            outcomes[i] = Resolution(q.label, q.origin, q.kind, "unresolved", local.id, q.value, "local",
                                     reason=reason + "; kept as a local node", source_failed=failed)
    papers += _join_openalex(papers, clients, progress)
    return [outcomes[i] for i in range(len(queries))], papers


def _join_openalex(seeds: list[Paper], clients: Clients, progress: Callable[..., None]) -> list[Paper]:
    """OpenAlex records of the seeds another source found (an arXiv preprint, a work S2 matched), looked up
    by DOI (a preprint's by its arXiv DOI) 100 to a list call, so that the neighbourhood OpenAlex builds
    starts from them too and its citations to them (by W-id) join. Returned as extra seed records; the
    merge makes one work of each pair."""
    if not clients.uses("openalex") or clients.primary != "openalex":
        return []
    wanted = {}
    for paper in seeds:
        if paper.openalex or paper.id.startswith("local:"):
            continue
        if paper.doi:
            wanted[paper.doi.lower()] = paper
        if paper.arxiv:
            wanted[arxiv_doi(paper.arxiv).lower()] = paper
    if not wanted:
        return []
    progress(f"joining {len(wanted)} works found elsewhere to OpenAlex by DOI")
    try:
        found = oa.papers_by_filter(clients.openalex, "doi", list(wanted))
    except SourceError as error:
        log.warning("openalex: seeds found elsewhere not joined: %s", error)
        return []
    for paper in found:
        paper.is_seed = True
    return found


def _not_found(query: Query, clients: Clients) -> str:
    where = " or ".join(s for s in clients.sources if getattr(clients, s, None) is not None) or "no source"
    hint = ""
    if query.kind == "arxiv" and not clients.uses("arxiv"):
        hint = " (add arxiv to --sources to ask arXiv itself)"
    elif query.kind == "doi" and not clients.uses("crossref"):
        hint = " (add crossref to --sources to ask Crossref too)"
    return f"not found in {where}{hint}"


def _resolve_with(group, fetch, key_of_paper, key_of_query, method: str, source: str, settle, errors: dict[str, SourceError]) -> None:
    """Settle each query of `group` whose key is among the records `fetch` returns (one batched lookup);
    a source that fails is remembered against the kinds it was asked about."""
    try:
        found = {key_of_paper(p): p for p in fetch()}
    except SourceError as error:
        for _, q in group:
            errors.setdefault(q.kind, error)
        return
    for i, q in group:
        if paper := found.get(key_of_query(q)):
            settle(i, q, paper, method, source)


def _resolve_ids_openalex(ids, client: oa.OpenAlexClient, settle, errors: dict[str, SourceError]) -> None:
    by_kind: dict[str, list[tuple[int, Query]]] = {}
    for i, q in ids:
        by_kind.setdefault(q.kind, []).append((i, q))
    lookups = [
        ("openalex", "openalex", lambda q: q.value.upper(), lambda p: p.openalex, "openalex id"),
        ("doi", "doi", lambda q: q.value, lambda p: p.doi, "doi"),
        ("arxiv", "doi", lambda q: arxiv_doi(q.value), lambda p: p.doi, "arxiv"),
        ("pmid", "pmid", lambda q: q.value, lambda p: p.pmid, "pmid"),
    ]
    settled: set[int] = set()

    def settle_and_note(i, q, paper, method, source, score=None) -> None:
        settled.add(i)
        settle(i, q, paper, method, source, score)

    for kind, key, value_of, key_of, method in lookups:
        if group := by_kind.get(kind, []):
            _resolve_with(group, lambda: oa.papers_by_filter(client, key, [value_of(q) for _, q in group]),
                          lambda p: key_of(p).lower(), lambda q: value_of(q).lower(), method, "openalex", settle_and_note, errors)
    if "openalex" not in errors:
        _follow_merged_ids([(i, q) for i, q in by_kind.get("openalex", []) if i not in settled], client, settle, errors)


def _follow_merged_ids(missing, client: oa.OpenAlexClient, settle, errors: dict[str, SourceError]) -> None:
    """W-ids a filter did not find, looked up one by one (free calls): OpenAlex answers a W-id merged into
    another work with a redirect to it, which a filter does not follow."""
    for i, q in missing:
        try:
            [work] = oa.single_works(client, "openalex", [q.value.upper()]) or [None]
        except SourceError as error:
            errors.setdefault(q.kind, error)
            return
        if work:
            paper = oa.parse_work(work)
            method = "openalex id" if paper.openalex == q.value.upper() else f"openalex id (merged into {paper.openalex})"
            settle(i, q, paper, method, "openalex")


def _resolve_ids_s2(ids, client: s2.S2Client, settle, errors: dict[str, SourceError]) -> None:
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


@dataclass(frozen=True)
class TitleRoute:
    """One way of asking a source about titles: its name, its source, what one call costs in OpenAlex units,
    how long the source asks a caller to wait between calls, and the call itself (titles → candidates)."""

    name: str
    source: str
    units: int
    interval: float
    fetch: Callable[[list[str]], list[Paper]]

    @property
    def price(self) -> tuple[int, float]:
        """Cheapest first: OpenAlex units (the allowance that runs out), then the wait a call costs."""
        return self.units, self.interval


def _interval(client) -> float:
    return client.pacer.interval if client is not None and hasattr(client, "pacer") else 0.0


def batch_routes(clients: Clients, titles: list[str]) -> list[TitleRoute]:
    """The batched title routes of the sources in use, cheapest first, by price and allowance.

    arXiv ``ti:`` OR-queries and S2 bulk search cost no OpenAlex units but make a caller wait (arXiv 3 s a
    call, S2 3 s without a key, 1 s with one); they go in order of that wait. OpenAlex ``title.search``
    OR-filters cost a search (10 units) per ~40 titles and no wait: they go first while the titles' filters
    would spend at most a tenth of the day's allowance (1,000 units without a key, 10,000 with one: a
    240-title listing takes ~80 units), and last otherwise, so that a long listing spends free calls before
    the allowance.
    """
    routes = []
    if clients.uses("arxiv"):
        routes.append(TitleRoute("arxiv ti: OR-query", "arxiv", 0, _interval(clients.arxiv),
                                 lambda titles: ax.search_titles(clients.arxiv, titles)))
    if clients.uses("s2"):
        routes.append(TitleRoute("s2 bulk search", "s2", 0, _interval(clients.s2),
                                 lambda titles: s2.search_titles(clients.s2, titles)))
    if clients.uses("openalex"):
        routes.append(TitleRoute("openalex title.search OR-filter", "openalex", limits.OPENALEX_UNITS["title search"],
                                 0.0, lambda titles: oa.search_titles(clients.openalex, titles)))
    routes.sort(key=lambda r: r.price)
    if clients.uses("openalex"):
        allowance = limits.OPENALEX_DAILY_UNITS["key" if clients.openalex.api_key else "none"]
        units = len(oa.title_groups(titles)) * limits.OPENALEX_UNITS["title search"]
        if units <= limits.OPENALEX_ALLOWANCE_SHARE * allowance:
            routes.sort(key=lambda r: r.source != "openalex")
    return routes


def _title_candidates(clients: Clients) -> list[tuple[str, Callable[[str], list[Paper]]]]:
    """The sources to search one title at a time (what the batches did not settle), cheapest first, each as
    (name, title → candidate papers): S2's match, Crossref and arXiv cost no OpenAlex units; an OpenAlex
    search costs ten."""
    searches = []
    if clients.uses("s2"):
        searches.append((0, "s2", lambda title: s2.search(clients.s2, title)))
    if clients.uses("crossref"):
        searches.append((0, "crossref", lambda title: cr.search_title(clients.crossref, title)))
    if clients.uses("arxiv"):
        searches.append((0, "arxiv", lambda title: ax.search(clients.arxiv, title)))
    if clients.uses("openalex"):
        searches.append((limits.OPENALEX_UNITS["search"], "openalex", lambda title: oa.search(clients.openalex, title)))
    return [(name, search) for _, name, search in sorted(searches, key=lambda s: s[0])]


def candidates_by_query(queries: list[Query], pool: list[Paper]) -> list[list[Paper]]:
    """For each query, the papers of `pool` whose title passes `TITLE_ACCEPT` against it (one vectorised
    rapidfuzz pass over all pairs), for `best_candidate` to verify."""
    import numpy as np
    from rapidfuzz import process

    unique = list({p.id or id(p): p for p in pool if p.title}.values())
    if not unique or not queries:
        return [[] for _ in queries]
    scores = process.cdist([normalise_title(q.value) for q in queries], [normalise_title(p.title) for p in unique],
                           scorer=fuzz.token_sort_ratio, score_cutoff=TITLE_ACCEPT, dtype=np.uint8)  # (rapidfuzz 3.0 takes no dtype name)
    return [[unique[j] for j in row.nonzero()[0]] for row in scores]


def _resolve_titles_in_batches(titles: list[tuple[int, Query]], clients: Clients, settle, outcomes: dict,
                               progress: Callable[..., None], judged: dict[int, set[str]]) -> dict[int, list[str]]:
    """Ask each batched route, cheapest first, about the titles the routes before it did not settle, and
    settle each one whose candidates pass the same verification as a single search. Returns, per title
    left unsettled, why each route passed it by; `judged` gets, per title, the sources whose candidates
    were all refused. Each route's cost is noted on its source's usage."""
    reasons: dict[int, list[str]] = {}
    usages = {"openalex": clients.openalex, "s2": clients.s2, "arxiv": clients.arxiv}
    for route in batch_routes(clients, [q.value for _, q in titles]):
        left = [(i, q) for i, q in titles if i not in outcomes]
        if not left:
            break
        usage = usages[route.source].usage
        before = dict(usage.calls)
        progress(f"searching {len(left)} titles in batches: {route.name}")
        try:
            pool = route.fetch([q.value for _, q in left])
        except SourceError as error:
            for i, _ in left:
                reasons.setdefault(i, []).append(f"{route.name} failed: {error}")
            continue
        settled = 0
        for (i, q), candidates in zip(left, candidates_by_query([q for _, q in left], pool)):
            paper, score, reason = best_candidate(q, candidates)
            if paper:
                settle(i, q, paper, "title match", route.source, score)
                settled += 1
            elif candidates:
                # The source returned works with this title and all were refused: searching it again for
                # the one title would bring back the same works, so the single search skips this source.
                reasons.setdefault(i, []).append(f"{route.source}: {reason}")
                judged.setdefault(i, set()).add(route.source)
        calls = sum(usage.calls.values()) - sum(before.values())
        spent = {k: n - before.get(k, 0) for k, n in usage.calls.items() if n - before.get(k, 0)}
        units = f", {limits.openalex_units(spent)} OpenAlex units" if route.source == "openalex" else ""
        usage.notes.append(f"titles by {route.name}: {settled} of {len(left)} settled in {calls} calls{units}")
    return reasons


def _resolve_title(index: int, query: Query, clients: Clients, settle, skip: set[str] = frozenset()) -> tuple[str, bool]:
    """Search each source in turn (but those in `skip`, whose batch already judged this title); settle
    the first verified match. Returns why none matched, and whether a source failed on the way."""
    reasons = []
    failed = False
    for name, search in _title_candidates(clients):
        if name in skip:
            continue
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
