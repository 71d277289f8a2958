"""The whole flow as one function: inputs → queries → papers → merged → graph → ranking.

`build` is what both ``graphx build`` and ``graphx.build()`` call; `write_outputs` writes the folder.
Each function imports the stages it runs when it runs them, so that ``import graphx`` (which exports `build`)
and ``graphx --help`` load none of the HTTP or scientific stack.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from graphx.citation_graph import BuildResult, CitationGraph
from graphx.config import BuildOptions
from graphx.errors import InputError
from graphx.model import Query
from graphx.outputs import write_outputs
from graphx.wording import counted

if TYPE_CHECKING:
    from graphx.sources.http import Usage
    from graphx.sources.registry import Registry

log = logging.getLogger("graphx")


def collect_queries(inputs: Sequence[str | Query]) -> list[Query]:
    """Queries from arguments: file paths are read, strings are identifiers or titles."""
    from graphx.inputs import read_input

    queries: list[Query] = []
    for item in inputs:
        queries.extend([item] if isinstance(item, Query) else read_input(str(item)))
    if not queries:
        raise InputError("no inputs given (expected DOIs, arXiv/OpenAlex/S2 ids, titles, or a .bib/.ris/.csv/.txt file)")
    if all(q.problem for q in queries):  # nothing could be asked: an empty graph is no answer
        first = queries[0]
        more = f" (and {len(queries) - 1} more unreadable)" if len(queries) > 1 else ""
        raise InputError(f"no input can be read: {first.origin}: {first.problem}{more}")
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
        reach = ExpandOptions.of(options)
        papers, problems = expand(seeds, clients, reach, progress)
        papers += fill_gaps(papers, clients, reach, problems, progress)
        problems.failures += [shortfall for usage in clients.usages() for shortfall in usage.shortfalls]
        failed_inputs = [r for r in resolutions if r.source_failed]
        if failed_inputs:
            problems.failures.insert(0, f"{counted(len(failed_inputs), 'input')} unresolved because a source failed: "
                                        f"{failed_inputs[0].reason}")
    progress(f"linking and ranking {counted(len(papers), 'record')}")
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
def connected(options: BuildOptions, queries: Sequence[Query] = ()) -> Iterator[Registry]:
    """The sources of `options` on one cached session (and a listing source, such as Zotero, when a query
    names one), closed on leaving: what a build, or a triage of new papers, asks its questions through."""
    from graphx.sources.http import http_settings, make_session
    from graphx.sources.registry import connect

    settings = http_settings(options)
    session = make_session(settings)
    try:
        yield connect(session, settings, options, queries)
    finally:
        session.close()


__all__ = ["BuildResult", "CitationGraph", "build", "write_outputs"]
