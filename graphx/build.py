"""The whole flow as one function: inputs → queries → papers → merged → graph → ranking.

`build` is what both ``graphx build`` and ``graphx.build()`` call; `write_outputs` writes the folder.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import networkx as nx

from graphx.config import BuildOptions
from graphx.errors import InputError
from graphx.expand import ExpandOptions, expand
from graphx.export import write_graph_files
from graphx.graph import build_graph
from graphx.inputs import read_input
from graphx.merge import merge_papers
from graphx.model import Paper, Query
from graphx.rank import rank_graph
from graphx.render import write_page
from graphx.resolve import Clients, Resolution, resolve
from graphx.sources.http import HttpSettings, Usage, make_session
from graphx.sources.openalex import OpenAlexClient
from graphx.sources.semanticscholar import S2Client

log = logging.getLogger("graphx")


@dataclass
class BuildResult:
    """A built graph with everything said about how it was built."""

    graph: nx.MultiDiGraph
    central: list[str]
    resolutions: list[Resolution]
    usage: list[Usage]
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """False when a source failed past its retries: the graph lacks works a rerun would fetch."""
        return not self.failures

    def top(self, count: int = 10) -> list[dict]:
        """The `count` most central papers as dicts (id, title, year and scores)."""
        return [{"id": n, **self.graph.nodes[n]} for n in self.central[:count]]

    def summary(self) -> str:
        """One line: how many inputs resolved, and the graph's size."""
        counts: dict[str, int] = {}
        for r in self.resolutions:
            counts[r.status] = counts.get(r.status, 0) + 1
        kinds: dict[str, int] = {}
        for _, _, kind in self.graph.edges(data="kind"):
            kinds[kind] = kinds.get(kind, 0) + 1
        parts = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        return (f"{len(self.resolutions)} inputs: {parts}; graph: {self.graph.number_of_nodes()} papers, "
                f"{kinds.get('cites', 0)} citations, {kinds.get('keyword', 0)} keyword links")


def collect_queries(inputs: Sequence[str | Query]) -> list[Query]:
    """Queries from arguments: file paths are read, strings are identifiers or titles."""
    queries: list[Query] = []
    for item in inputs:
        queries.extend([item] if isinstance(item, Query) else read_input(str(item)))
    if not queries:
        raise InputError("no inputs given (expected DOIs, arXiv/OpenAlex/S2 ids, titles, or a .bib/.ris/.csv/.txt file)")
    return queries


def build(inputs: Sequence[str | Query], options: BuildOptions | None = None, progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    """Build the citation graph around `inputs`.

    Example (no network: an offline build of titles with abstracts links them by shared keywords)::

        result = build(["reading-list.txt"], BuildOptions(offline=True))
        result.top(3)
    """
    options = options or BuildOptions()
    started = time.monotonic()
    queries = collect_queries(inputs)
    settings = HttpSettings(cache_dir=options.cache_dir, offline=options.offline, timeout=options.timeout,
                            retries=options.retries, backoff=options.backoff, max_wait=options.max_wait)
    session = make_session(settings)
    try:
        clients = Clients(
            openalex=OpenAlexClient(session, settings, options.openalex_url, options.openalex_key, options.mailto),
            s2=S2Client(session, settings, options.s2_url, options.s2_key, options.s2_interval),
            sources=options.sources,
        )
        resolutions, seeds = resolve(queries, clients, progress)
        papers, problems = expand(seeds, clients, ExpandOptions(options.depth, options.citations, options.max_papers), progress)
        problems.failures += clients.openalex.usage.shortfalls + clients.s2.usage.shortfalls
        failed_inputs = [r for r in resolutions if r.source_failed]
        if failed_inputs:
            problems.failures.insert(0, f"{len(failed_inputs)} inputs unresolved because a source failed: {failed_inputs[0].reason}")
    finally:
        session.close()
    progress(f"linking and ranking {len(papers)} records")
    merged = merge_papers(papers)
    graph = build_graph(merged, keyword_top_k=options.keyword_top_k)
    central = rank_graph(graph)
    usage = [u for u in (clients.openalex.usage, clients.s2.usage) if u.total or u.cached or u.notes]
    return BuildResult(graph, central, resolutions, usage, problems.notes + problems.failures, time.monotonic() - started,
                       problems.failures)


def write_outputs(result: BuildResult, folder: Path, title: str = "graphx") -> list[Path]:
    """Write graph.html and every graph file into `folder`; returns the paths."""
    written = write_graph_files(result.graph, result.central, result.resolutions, folder)
    written.insert(0, write_page(result.graph, folder / "graph.html", title))
    return written


__all__ = ["BuildResult", "build", "write_outputs", "Paper"]
