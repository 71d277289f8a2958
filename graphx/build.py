"""The whole flow as one function: inputs → queries → papers → merged → graph → ranking.

`build` is what both ``graphx build`` and ``graphx.build()`` call; `write_outputs` writes the folder.
Each function imports the stages it runs when it runs them, so that ``import graphx`` (which exports `build`)
and ``graphx --help`` load none of the HTTP or scientific stack.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from graphx.citation_graph import BuildResult, CitationGraph
from graphx.config import BuildOptions
from graphx.errors import InputError
from graphx.model import Query
from graphx.outputs import write_outputs

if TYPE_CHECKING:
    from graphx.resolve import Clients
    from graphx.sources.http import HttpSettings, Usage

log = logging.getLogger("graphx")


def collect_queries(inputs: Sequence[str | Query]) -> list[Query]:
    """Queries from arguments: file paths are read, strings are identifiers or titles."""
    from graphx.inputs import read_input

    queries: list[Query] = []
    for item in inputs:
        queries.extend([item] if isinstance(item, Query) else read_input(str(item)))
    if not queries:
        raise InputError("no inputs given (expected DOIs, arXiv/OpenAlex/S2 ids, titles, or a .bib/.ris/.csv/.txt file)")
    return queries


def build(inputs: Sequence[str | Query], options: BuildOptions | None = None, progress: Callable[..., None] = lambda *_: None,
          **settings) -> CitationGraph:
    """Build the citation graph around `inputs` (identifiers, titles, file paths or `Query` records).

    `settings` override fields of `options` (see `graphx.config.BuildOptions`): ``depth``, ``citations``,
    ``max_papers``, ``sources``, ``offline``, ``cache_dir``, … Example (no network: an offline build of titles
    with abstracts links them by shared keywords)::

        graph = graphx.build(["reading-list.txt"], offline=True)
        graph.rank(by="pagerank", top=5)
        graph.export("reading-list.bib", format="bibtex")
    """
    from graphx.expand import ExpandOptions, expand
    from graphx.gaps import fill_gaps
    from graphx.graph import build_graph
    from graphx.merge import merge_with_aliases
    from graphx.rank import rank
    from graphx.recipe import make_recipe, source_dates, stamp_first_seen, today
    from graphx.resolve import resolve

    options = replace(options or BuildOptions(), **settings)
    started = time.monotonic()
    queries = collect_queries(inputs)
    with connected(options, queries) as clients:
        resolutions, seeds = resolve(queries, clients, progress)
        reach = ExpandOptions(options.depth, options.citations, options.max_papers)
        papers, problems = expand(seeds, clients, reach, progress)
        papers += fill_gaps(papers, clients, reach, problems, progress)
        problems.failures += [shortfall for usage in clients.usages() for shortfall in usage.shortfalls]
        failed_inputs = [r for r in resolutions if r.source_failed]
        if failed_inputs:
            problems.failures.insert(0, f"{len(failed_inputs)} inputs unresolved because a source failed: {failed_inputs[0].reason}")
    progress(f"linking and ranking {len(papers)} records")
    merged, alias = merge_with_aliases(papers)
    for row in resolutions:
        row.node = alias.get(row.node, row.node)
    graph = build_graph(merged, keyword_top_k=options.keyword_top_k)
    ranking = rank(graph)
    usage = [u for u in clients.usages() if u.total or u.cached or u.notes]
    if options.offline and (note := cache_age_note(usage)):
        problems.notes.append(note)
    date = today()
    stamp_first_seen(graph, date)
    recipe = make_recipe(inputs, options, source_dates(usage, date), date)
    return CitationGraph(graph, ranking.order, resolutions, usage, problems.notes + problems.failures, time.monotonic() - started,
                         problems.failures, recipe, backbone=ranking.backbone)


def cache_age_note(usages: list[Usage]) -> str:
    """For an --offline run: how old the oldest cached answer it used was (a reader must know the counts
    and citing works are as of then), or "" when no answer came from the cache."""
    oldest = min((u.oldest for u in usages if u.oldest is not None), default=None)
    if oldest is None:
        return ""
    from datetime import datetime, timezone

    created = oldest if oldest.tzinfo else oldest.replace(tzinfo=timezone.utc)
    days = (datetime.now(timezone.utc) - created).total_seconds() / 86400
    age = f"{days:.0f} days" if days >= 2 else f"{days * 24:.0f} hours" if days * 24 >= 1 else "less than an hour"
    return f"offline: answers from the cache, the oldest fetched {created:%Y-%m-%d %H:%M} UTC ({age} ago)"


@contextmanager
def connected(options: BuildOptions, queries: Sequence[Query] = ()) -> Iterator[Clients]:
    """The sources of `options` on one cached session (and Zotero, when a query names a library), closed on
    leaving: what a build, or a triage of new papers, asks its questions through."""
    from graphx.sources import zotero
    from graphx.sources.http import http_settings, make_session

    settings = http_settings(options)
    session = make_session(settings)
    try:
        clients = make_clients(session, settings, options)
        if any(q.kind == "zotero" and not q.problem for q in queries):
            clients.zotero = zotero.connect(settings, options.zotero_url, options.zotero_key, options.zotero_library)
        yield clients
    finally:
        session.close()


def make_clients(session, settings: HttpSettings, options: BuildOptions) -> Clients:
    """One client per source, all on the build's one cached session."""
    from graphx.resolve import Clients
    from graphx.sources.arxiv import ArxivClient
    from graphx.sources.crossref import CrossrefClient
    from graphx.sources.http import Pacer
    from graphx.sources.huggingface import HFClient
    from graphx.sources.openalex import OpenAlexClient
    from graphx.sources.opencitations import OpenCitationsClient
    from graphx.sources.semanticscholar import S2Client

    return Clients(
        openalex=OpenAlexClient(session, settings, options.openalex_url, options.openalex_key, options.mailto),
        s2=S2Client(session, settings, options.s2_url, options.s2_key, options.s2_interval),
        sources=options.sources,
        crossref=CrossrefClient(session, settings, options.crossref_url, options.mailto),
        arxiv=ArxivClient(session, settings, options.arxiv_url, pacer=Pacer(options.arxiv_interval)),
        opencitations=OpenCitationsClient(session, settings, options.opencitations_url),
        hf=HFClient(session, settings, options.hf_url),
    )



__all__ = ["BuildResult", "CitationGraph", "build", "write_outputs"]
