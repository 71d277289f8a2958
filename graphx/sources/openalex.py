"""OpenAlex client: batched work lookups, reference expansion, citing works and title search.

OpenAlex (2026) prices calls against a daily allowance: single-work lookups (``/works/W1``) are free,
list/filter calls are cheap, searches cost ten times more; OR-filters and ``per_page`` take at most 100
values. So this client looks works up 100 at a time with OR-filters, selects only the fields graphx uses,
searches only for titles that have no identifier, and, when the allowance is spent (429), goes on with the
free single-work lookups and says so in its `Usage`.

The API key (``OPENALEX_API_KEY``) travels as the ``api_key`` parameter, which the cache never stores.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from graphx.config import DEFAULT_URLS
from graphx.errors import SourceError
from graphx.model import Paper, arxiv_doi, normalise_doi, page_range
from graphx.sources import limits
from graphx.sources.base import ExpandOptions, Identifier, Note, Progress, SourceBase, Wanted, match
from graphx.sources.http import Expect, HttpSettings, KeyRefused, Pacer, RateLimited, Usage, fetch_json

log = logging.getLogger("graphx")

DEFAULT_URL = DEFAULT_URLS["openalex"]
BATCH = 100  # OR-filter values and per_page are capped at 100
CONCURRENCY = 4  # batches in flight at once: the wall time of a build is its longest chain of calls, not their sum
MAX_PER_SECOND = limits.OPENALEX_PER_SECOND
MAX_PAGES = 200  # pages of one list query: 20,000 works, past any --max-papers; a server paging on forever stops here
PAGED_RESULTS_WITHOUT_KEY = 10_000  # numbered pages reach this far; beyond it needs a cursor, so a key
STANDING_SELECT = "id,cited_by_count,is_retracted"  # all `graphx update` asks of a known work
SELECT = ",".join([
    "id", "doi", "ids", "display_name", "publication_year", "authorships", "primary_location", "biblio",
    "cited_by_count", "referenced_works", "referenced_works_count", "abstract_inverted_index", "keywords", "topics",
])


@dataclass
class OpenAlexClient(SourceBase):
    """Everything one build needs to talk to OpenAlex: session, settings, base URL, key, contact, usage.

    As a `graphx.sources.base.Source`: it looks works up by W-id, DOI, arXiv id (by its arXiv DOI) and PMID,
    searches titles one at a time and in OR-filters, builds the neighbourhood (reference lists come with
    every record; citing works by a ``cites:`` filter) and joins works other sources found by DOI.
    """

    name: ClassVar[str] = "openalex"
    label: ClassVar[str] = "OpenAlex"
    kinds: ClassVar[tuple[str, ...]] = ("openalex", "doi", "arxiv", "pmid")
    id_kind: ClassVar[str] = "openalex"
    prices: ClassVar[dict[str, int]] = limits.OPENALEX_UNITS
    batch_search: ClassVar[str] = "openalex title.search OR-filter"

    session: requests.Session
    settings: HttpSettings
    base_url: str = DEFAULT_URL
    api_key: str = ""
    mailto: str = ""
    usage: Usage = field(default_factory=lambda: Usage("openalex"))
    concurrency: int = CONCURRENCY
    pacer: Pacer = field(default_factory=lambda: Pacer(1.0 / MAX_PER_SECOND))

    def _params(self, extra: dict[str, Any]) -> dict[str, Any]:
        params = dict(extra)
        if self.api_key:
            params["api_key"] = self.api_key
        if self.mailto:
            params["mailto"] = self.mailto
        return params

    def get(self, path: str, params: dict[str, Any], kind: str) -> Any:
        """One call, its answer checked: a single work (``singleton``; None when unknown) or a list page."""
        if self.usage.refused:
            raise KeyRefused(self.usage.refused, source="openalex")
        url = self.base_url.rstrip("/") + path
        self.pacer.wait(self.session, self.settings, "GET", url, self._params(params))
        from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

        expect = Expect(shapes.openalex_work, not_found_ok=True) if kind == "singleton" else Expect(shapes.openalex_page)
        try:
            _, body = fetch_json(
                self.session, self.settings, source="openalex", method="GET", url=url,
                params=self._params(params), usage=self.usage, kind=kind, throttle_statuses=(429, 403), expect=expect,
            )
        except KeyRefused as error:
            self.usage.refused = str(error)
            raise
        return body

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> OpenAlexClient:
        return cls(session, settings, options.openalex_url, options.openalex_key, options.mailto)

    def lookup(self, kind: str, values: list[str]) -> list[Paper]:
        """Works by identifier kind, 100 to a list call (an arXiv id by its arXiv DOI)."""
        if kind == "arxiv":
            return papers_by_filter(self, "doi", [arxiv_doi(v) for v in values])
        return papers_by_filter(self, kind, values)

    def find(self, wanted: list[Identifier], thorough: bool = False, errors: dict | None = None) -> dict[Identifier, Paper]:
        """W-ids, then DOIs and arXiv DOIs in one filter, then PMIDs; with `thorough`, a W-id no filter found
        is looked up alone (a free call): OpenAlex answers a W-id merged into another work with a redirect to
        it, which a filter does not follow."""
        errors = {} if errors is None else errors
        found: dict[Identifier, Paper] = {}
        groups = [(("openalex",), "openalex", lambda v: v.upper()), (("doi", "arxiv"), "doi", lambda v: v),
                  (("pmid",), "pmid", lambda v: v)]
        for kinds, key, value_of in groups:
            group = [(k, v) for k, v in wanted if k in kinds]
            if not group:
                continue
            try:
                papers = papers_by_filter(self, key, [arxiv_doi(v) if k == "arxiv" else value_of(v) for k, v in group])
            except SourceError as error:
                for kind, _ in group:
                    errors.setdefault(kind, error)
                continue
            found.update(match(group, papers))
        if thorough and "openalex" not in errors:
            for kind, value in [(k, v) for k, v in wanted if k == "openalex" and (k, v) not in found]:
                try:
                    [work] = single_works(self, "openalex", [value.upper()]) or [None]
                except SourceError as error:
                    errors.setdefault(kind, error)
                    break
                if work:
                    found[(kind, value)] = parse_work(work)
        return found

    def search(self, title: str) -> list[Paper]:
        """Candidates for one title by OpenAlex search (ten list calls' price)."""
        return [parse_work(w) for w in search_title(self, title)]

    def search_titles(self, titles: list[str]) -> list[Paper]:
        return search_titles(self, titles)

    def allowance(self) -> int:
        return limits.OPENALEX_DAILY_UNITS["key" if self.api_key else "none"]

    def batch_units(self, titles: list[str]) -> int:
        return len(title_groups(titles)) * self.prices["title search"]

    def batch_rows(self) -> int:
        return BATCH

    def join(self, papers: list[Paper]) -> list[Paper]:
        """OpenAlex records of works another source brought (an S2 neighbour, a preprint), by DOI or arXiv
        DOI, 100 to a list call: OpenAlex's citations name works by W-id, so without their W-ids those edges
        would point at nothing. The merge makes one work of each pair."""
        wanted = []
        for paper in papers:
            if paper.openalex or paper.id.startswith("local:"):
                continue
            wanted += [paper.doi] if paper.doi else []
            wanted += [arxiv_doi(paper.arxiv)] if paper.arxiv and paper.doi != arxiv_doi(paper.arxiv) else []
        return papers_by_filter(self, "doi", wanted) if wanted else []

    def fill(self, wanted: Wanted, progress: Progress) -> list[Paper]:
        dois = [p.doi for p in wanted.all() if p.doi and not p.openalex]
        if not dois:
            return []
        progress(f"filling gaps: {len(dois)} works from OpenAlex")
        return papers_by_filter(self, "doi", dois)

    def neighbourhood(self, papers: list[Paper], reach: ExpandOptions, seed_records: bool, note: Note,
                      progress: Progress) -> list[Paper]:
        """The works the seeds reach: references (``depth`` steps; records carry their reference lists, so
        each step is one lookup of 100 W-ids a call, the works most referenced first when --max-papers
        cuts) and, on request, the works citing the seeds, most cited first."""
        have = {p.openalex for p in papers if p.openalex}
        added: list[Paper] = []
        frontier = [p for p in papers if p.openalex]
        room = max(0, reach.max_papers - len(papers))
        for step in range(1, reach.depth + 1):
            counts = Counter(r for p in frontier for r in p.references if r and r not in have)
            wanted = reach.cap([w for w, _ in counts.most_common()], room, f"referenced works at depth {step}", note)
            if not wanted:
                break
            progress(f"depth {step}: fetching {len(wanted)} referenced works from OpenAlex")
            try:
                fetched = papers_by_filter(self, "openalex", wanted)
            except SourceError as error:
                note(f"references at depth {step} incomplete: {error}", error)
                break
            fetched = [p for p in fetched if p.openalex not in have]
            have.update(p.openalex for p in fetched)
            added += fetched
            frontier = fetched
            room -= len(fetched)
        seed_ids = [p.openalex for p in papers if p.is_seed and p.openalex]
        if reach.citations and seed_ids and room > 0:
            progress(f"fetching up to {room} works citing the seeds from OpenAlex")
            try:
                citing = [parse_work(w) for w in citing_works(self, seed_ids, room + len(have))]
            except SourceError as error:
                note(f"citing works incomplete: {error}", error)
                citing = []
            new = reach.cap([p for p in citing if p.openalex not in have], room, "works citing the seeds", note)
            have.update(p.openalex for p in new)
            added += new
        return added

    # what can change about works once known: `graphx update` asks these
    def citing_since(self, openalex_ids: list[str], since: str) -> list[Paper]:
        """Works citing any of `openalex_ids` created on or after `since` (YYYY-MM-DD), 100 ids a call."""
        def ask(batch: list[str]) -> list[dict[str, Any]]:
            params = {"filter": f"cites:{'|'.join(batch)},from_created_date:{since}", "per_page": BATCH, "select": SELECT}
            return list(pages(self, params, limit=10 ** 9))
        return [parse_work(work) for work in in_parallel(self, list(chunks(openalex_ids)), ask)]

    def standings(self, openalex_ids: list[str]) -> dict[str, Standing]:
        """Each found work's W-id → its citation count and retraction flag now, 100 ids a call selecting only
        those fields (a list call's price for a hundred works). A work missing from the answer was merged or
        withdrawn: ask `current_record` about it."""
        def ask(batch: list[str]) -> list[dict[str, Any]]:
            params = {"filter": f"openalex:{'|'.join(batch)}", "per_page": BATCH, "select": STANDING_SELECT}
            return list(pages(self, params, limit=len(batch)))
        answers = in_parallel(self, list(chunks(openalex_ids)), ask)
        return {short_id(w.get("id") or ""): Standing(_count(w.get("cited_by_count")), bool(w.get("is_retracted")))
                for w in answers}

    def current_record(self, openalex_id: str) -> Paper | None:
        """The work `openalex_id` names today, by the free singleton lookup, which answers a merged id with the
        surviving work; None when OpenAlex no longer holds it."""
        found = single_works(self, "openalex", [openalex_id])
        return parse_work(found[0]) if found else None


@dataclass(frozen=True)
class Standing:
    """What OpenAlex says of a known work today."""

    cited_by_count: int | None
    retracted: bool


def _count(value: Any) -> int | None:
    return None if value is None else int(value)


def short_id(openalex_url: str) -> str:
    """``https://openalex.org/W123`` → ``W123``."""
    return openalex_url.rstrip("/").rsplit("/", 1)[-1].upper() if openalex_url else ""


def abstract_from_index(index: dict[str, list[int]] | None) -> str:
    """Rebuild an abstract from OpenAlex's ``abstract_inverted_index`` (word → positions).

    >>> abstract_from_index({"Can": [0], "machines": [1], "think?": [2]})
    'Can machines think?'
    """
    if not index:
        return ""
    slots: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions:
            slots[position] = word
    return " ".join(slots[i] for i in sorted(slots))


def parse_work(work: dict[str, Any]) -> Paper:
    """A `Paper` from one OpenAlex work record (pure; missing fields become empty values)."""
    ids = work.get("ids") or {}
    openalex = short_id(work.get("id", ""))
    doi = normalise_doi(work.get("doi") or ids.get("doi") or "")
    arxiv = ""
    if doi.startswith("10.48550/arxiv."):
        arxiv = doi.split("arxiv.", 1)[1]
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    biblio = work.get("biblio") or {}
    keywords = [k.get("display_name", "") for k in work.get("keywords") or [] if k.get("display_name")]
    keywords += [t.get("display_name", "") for t in (work.get("topics") or [])[:3] if t.get("display_name")]
    return limits.bounded(
        Paper(
            id=openalex or (f"doi:{doi}" if doi else ""),
            title=" ".join((work.get("display_name") or work.get("title") or "").split()),
            authors=[
                (a.get("author") or {}).get("display_name", "")
                for a in work.get("authorships") or []
                if (a.get("author") or {}).get("display_name")
            ],
            year=work.get("publication_year"),
            venue=source.get("display_name") or "",
            volume=biblio.get("volume") or "",
            issue=biblio.get("issue") or "",
            pages=page_range(biblio.get("first_page"), biblio.get("last_page") or ""),
            doi=doi,
            arxiv=arxiv,
            openalex=openalex,
            url=f"https://openalex.org/{openalex}" if openalex else "",
            abstract=abstract_from_index(work.get("abstract_inverted_index")),
            keywords=list(dict.fromkeys(keywords)),
            cited_by_count=work.get("cited_by_count"),
            references=[short_id(r) for r in work.get("referenced_works") or []],
            sources=["openalex"],
            pmid=limits.clean_pmid(ids.get("pmid")),
            reference_count=work.get("referenced_works_count"),
        ),
        markup=True,  # titles carry the publisher's HTML (<i>, <sup>)
    )


def chunks(values: list[str], size: int = BATCH) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def works_by_filter(client: OpenAlexClient, key: str, values: Iterable[str]) -> list[dict[str, Any]]:
    """Works whose `key` (``openalex`` or ``doi``) is any of `values`, 100 per list call, `client.concurrency`
    calls in flight at once (results in the order asked; the session and its cache are thread-safe).

    A server that refuses a batch as too long (HTTP 400) gets it again in halves; a value it refuses on its
    own is skipped with a note. When the daily allowance is spent, the rest go by free single-work lookups.
    """
    return _by_filter(client, key, values, lambda works: works)


def papers_by_filter(client: OpenAlexClient, key: str, values: Iterable[str]) -> list[Paper]:
    """`works_by_filter` as `Paper` records, each batch parsed by the thread that fetched it, so that the
    parsing overlaps the other calls' waiting instead of following the last of them."""
    return _by_filter(client, key, values, lambda works: [parse_work(w) for w in works])


UNSAFE_IN_FILTER = re.compile(r"[,|]")  # a value holding one would add a clause or an OR-value to the filter


def _by_filter(client: OpenAlexClient, key: str, values: Iterable[str], finish: Callable[[list[dict[str, Any]]], list]) -> list:
    wanted = list(dict.fromkeys(v for v in values if v))
    # A DOI may hold a comma: in an OR-filter it would end the filter there and break the whole batch, so it is
    # asked alone, by a free single lookup (/works/doi:…), where it is only a path.
    alone = [v for v in wanted if UNSAFE_IN_FILTER.search(v)]
    if alone:
        wanted = [v for v in wanted if v not in set(alone)]
        if key in ("doi", "openalex"):
            singles = finish(single_works(client, key, alone))
        else:
            client.usage.notes.append(f"{len(alone)} {key} values refused: they hold ',' or '|', which would change the filter")
            singles = []
    else:
        singles = []
    batches = list(chunks(wanted))
    if client.concurrency <= 1 or len(batches) <= 1:
        answers = [finish(_batch(client, key, batch)) for batch in batches]
    else:
        pool = ThreadPoolExecutor(max_workers=min(client.concurrency, len(batches)), thread_name_prefix="openalex")
        try:
            answers = list(pool.map(lambda batch: finish(_batch(client, key, batch)), batches))
        finally:  # on Ctrl-C or a failed batch, drop the batches not started: only those in flight finish
            pool.shutdown(wait=True, cancel_futures=True)
    return [item for answer in answers for item in answer] + singles


def _batch(client: OpenAlexClient, key: str, batch: list[str]) -> list[dict[str, Any]]:
    if not client.usage.allowance_spent:
        try:
            return _filtered(client, key, batch)
        except RateLimited:
            if not client.usage.allowance_spent:
                client.usage.allowance_spent = True
                client.usage.notes.append("daily allowance spent: went on with free single-work lookups")
                log.warning("openalex: daily allowance spent; going on with free single-work lookups")
    return single_works(client, key, batch)


def _filtered(client: OpenAlexClient, key: str, batch: list[str]) -> list[dict[str, Any]]:
    params = {"filter": f"{key}:{'|'.join(batch)}", "per_page": BATCH, "select": SELECT}
    try:
        return list(pages(client, params, limit=len(batch)))
    except RateLimited:
        raise
    except SourceError as error:
        if error.status != 400:
            raise
        if len(batch) > 1:
            log.info("openalex: a filter of %d values was refused (HTTP 400); asking in halves", len(batch))
            half = len(batch) // 2
            return _filtered(client, key, batch[:half]) + _filtered(client, key, batch[half:])
        client.usage.notes.append(f"refused {key} {batch[0]!r} (HTTP 400)")
        return []


def pages(client: OpenAlexClient, params: dict[str, Any], limit: int, kind: str = "list") -> Iterator[dict[str, Any]]:
    """The results of one list query, page after page, until `limit` results, the count, or the pages end.

    Cursor paging when there is a key (2026: cursors need one), numbered pages otherwise. An empty page,
    a missing or repeated cursor, or a page past the count ends the paging: never an endless loop.
    """
    cursor_mode = bool(client.api_key)
    page, cursor, seen_cursors, delivered, received = 1, "*", set(), 0, 0
    while delivered < limit:
        step = dict(params, cursor=cursor) if cursor_mode else dict(params, page=page)
        body = client.get("/works", step, kind) or {}
        results = body.get("results") or []
        received += len(results)
        for work in results[:limit - delivered]:
            delivered += 1
            yield work
        meta = body.get("meta") or {}
        seen_cursors.add(cursor)
        cursor = meta.get("next_cursor")
        page += 1
        count = meta.get("count") or 0
        if not results or received >= count or (cursor_mode and (not cursor or cursor in seen_cursors)):
            if received < min(count, limit):
                client.usage.notes.append(f"paging ended early: {received} of {count} results")
                log.warning("openalex: paging ended early at %d of %d results", received, count)
            return
        if page > MAX_PAGES:
            client.usage.notes.append(f"paging stopped at the page cap ({MAX_PAGES} pages of one query)")
            log.warning("openalex: paging stopped at the page cap (%d pages)", MAX_PAGES)
            return
        if not cursor_mode and received >= PAGED_RESULTS_WITHOUT_KEY:
            client.usage.notes.append(f"numbered pages stop at {PAGED_RESULTS_WITHOUT_KEY:,} results; set OPENALEX_API_KEY for more")
            return


def single_works(client: OpenAlexClient, key: str, values: list[str]) -> list[dict[str, Any]]:
    """One free singleton call per value (``/works/W1`` or ``/works/doi:…``); misses are skipped."""
    works = []
    for value in values:
        quoted = requests.utils.quote(value, safe="/:;()<>.-_")
        path = f"/works/{quoted}" if key == "openalex" else f"/works/doi:{quoted}"
        body = client.get(path, {"select": SELECT}, "singleton")
        if body:
            works.append(body)
    return works


def citing_works(client: OpenAlexClient, openalex_ids: list[str], limit: int) -> list[dict[str, Any]]:
    """Works citing any of `openalex_ids`, most cited first, at most `limit`, paged 100 at a time."""
    works: list[dict[str, Any]] = []
    for batch in chunks(openalex_ids):
        params = {"filter": f"cites:{'|'.join(batch)}", "per_page": BATCH, "select": SELECT, "sort": "cited_by_count:desc"}
        try:
            works.extend(pages(client, params, limit - len(works)))
        except RateLimited as error:
            client.usage.allowance_spent = True
            client.usage.shortfalls.append(f"citing works incomplete: {error}")
            break
        if len(works) >= limit:
            break
    return works[:limit]


def search_title(client: OpenAlexClient, title: str, candidates: int = 5) -> list[dict[str, Any]]:
    """Works matching a title by OpenAlex search (a search call: ten times a list call's price)."""
    cleaned = re.sub(r"[,|:]", " ", title)  # commas and pipes have filter meaning; colons confuse search
    try:
        body = client.get("/works", {"search": cleaned, "per_page": candidates, "select": SELECT}, "search")
    except RateLimited:
        client.usage.allowance_spent = True
        if "daily allowance spent: title searches skipped" not in client.usage.notes:
            client.usage.notes.append("daily allowance spent: title searches skipped")
        raise SourceError("openalex: daily allowance spent, title search skipped", source="openalex", status=429) from None
    return (body or {}).get("results") or []


_TITLE_SEARCH = "title.search:"
TITLE_RESULTS = 200  # results read per OR-filter of titles (two pages): each title's own work ranks near the top


def title_terms(title: str) -> str:
    """A title as a ``title.search`` filter value: lower case (so AND/OR/NOT in a title are words, not
    operators), without the characters that carry filter meaning (``,`` ends a clause, ``|`` ORs, ``:``
    names a field) or quote a phrase.

    >>> title_terms('PaperQA: Retrieval-Augmented Agents, AND more | "Quoted"')
    'paperqa retrieval-augmented agents and more quoted'
    """
    return " ".join(re.sub(r"[,|:\"()!*\\]", " ", title).lower().split())


def title_groups(titles: Iterable[str], budget: int = limits.TITLE_BATCH_CHARS, most: int = BATCH) -> list[list[str]]:
    """Titles (as `title_terms`) packed into OR-groups whose URL-encoded filter stays within `budget`
    characters and `most` values; a title too long for any group goes alone.

    >>> [len(g) for g in title_groups(["one title", "two title", "three title", "four title"], budget=60)]
    [3, 1]
    """
    groups: list[list[str]] = []
    size = budget + 1
    for terms in dict.fromkeys(t for t in map(title_terms, titles) if t):
        cost = len(requests.utils.quote(terms, safe="")) + 3  # the encoded "|" between values
        if not groups or size + cost > budget or len(groups[-1]) >= most:
            groups.append([])
            size = len(_TITLE_SEARCH)
        groups[-1].append(terms)
        size += cost
    return groups


def search_titles(client: OpenAlexClient, titles: Iterable[str], results: int = TITLE_RESULTS) -> list[Paper]:
    """Candidates for many titles at once: OR-filters of ``title.search`` packed to a ~4 KB URL (about 40
    titles a call; counted at the search price, ten units, so under half a unit a title), each read for at
    most `results` works, `client.concurrency` filters in flight. A filter the server refuses (HTTP 400) is
    asked again in halves. When the allowance is spent the remaining groups are skipped with a note (the
    caller goes on with its other routes).
    """
    groups = title_groups(titles)

    def ask(group: list[str]) -> list[Paper]:
        if client.usage.allowance_spent:
            return []
        params = {"filter": _TITLE_SEARCH + "|".join(group), "per_page": BATCH, "select": SELECT}
        try:
            return [parse_work(w) for w in pages(client, params, limit=results, kind="title search")]
        except RateLimited:
            client.usage.allowance_spent = True
            client.usage.notes.append("daily allowance spent: batched title searches stopped")
            return []
        except SourceError as error:
            if error.status != 400 or len(group) == 1:
                raise
            half = len(group) // 2
            return ask(group[:half]) + ask(group[half:])

    return in_parallel(client, groups, ask)


def in_parallel(client: OpenAlexClient, groups: list[list[str]], ask: Callable[[list[str]], list]) -> list:
    """`ask` of each group, the answers joined in the groups' order, up to `client.concurrency` calls in flight
    (the pacer still spaces them); a failure cancels the calls not yet started."""
    if client.concurrency <= 1 or len(groups) <= 1:
        return [item for group in groups for item in ask(group)]
    pool = ThreadPoolExecutor(max_workers=min(client.concurrency, len(groups)), thread_name_prefix="openalex")
    try:
        return [item for answer in pool.map(ask, groups) for item in answer]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
