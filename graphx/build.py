"""The whole flow as one function: inputs → queries → papers → merged → graph → ranking.

`build` is what both ``graphx build`` and ``graphx.build()`` call; `write_outputs` writes the folder.
"""
from __future__ import annotations

import html
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import networkx as nx
import pandas as pd

from graphx.config import BuildOptions
from graphx.errors import InputError

if TYPE_CHECKING:
    from graphx.update import Changes
from graphx.expand import ExpandOptions, expand
from graphx.export import edges_frame, nodes_frame, ranking_frame, write_graph_files
from graphx.formats import write_format
from graphx.gaps import fill_gaps
from graphx.graph import build_graph
from graphx.inputs import read_input
from graphx.load import load_graph
from graphx.merge import merge_papers, merge_with_aliases
from graphx.model import Paper, Query
from graphx.rank import rank_graph
from graphx.recipe import RECIPE_FILE, make_recipe, previous_first_seen, read_recipe, source_dates, stamp_first_seen, today, write_recipe
from graphx.render import render_page, write_page
from graphx.resolve import Clients, Resolution, resolve
from graphx.sources.arxiv import ArxivClient
from graphx.sources.crossref import CrossrefClient
from graphx.sources.http import HttpSettings, Pacer, Usage, make_session
from graphx.sources.huggingface import HFClient
from graphx.sources.openalex import OpenAlexClient
from graphx.sources.opencitations import OpenCitationsClient
from graphx.sources import zotero
from graphx.sources.semanticscholar import S2Client
from graphx.suggest import Suggestion, suggest

log = logging.getLogger("graphx")


@dataclass
class CitationGraph:
    """A built (or loaded) citation graph with everything said about how it was built.

    The library's main object: ``graphx.build(...)`` returns one, ``CitationGraph.load(folder)`` reads one
    back, and in Jupyter (JupyterLab, VS Code, Colab) it shows itself as the interactive page, inline and
    offline.

    >>> from graphx.model import Paper
    >>> graph = CitationGraph.from_papers([Paper(id="W1", title="Citing", references=["W2"], is_seed=True), Paper(id="W2", title="Cited")])
    >>> graph.rank(by="local_citations", top=1)[["id", "title", "local_citations"]].values.tolist()
    [['W2', 'Cited', 1]]
    """

    graph: nx.MultiDiGraph
    central: list[str]
    resolutions: list[Resolution] = field(default_factory=list)
    usage: list[Usage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    recipe: dict | None = None  # how it was built (build.json); None for a graph made from papers in hand
    changes: "Changes | None" = None  # what an update found (graphx.update), else None
    folder: Path | None = None  # the output folder it was loaded from, if any

    @classmethod
    def from_papers(cls, papers: list[Paper]) -> "CitationGraph":
        """A ranked graph of papers already in hand (no network)."""
        graph = build_graph(merge_papers(papers))
        return cls(graph, rank_graph(graph))

    @classmethod
    def load(cls, path: Path | str, rescore: bool = True) -> "CitationGraph":
        """A graph a build saved (its folder, graph.json, graph.graphml or graph.gexf), scores recomputed
        (older files may lack newer scores); ``rescore=False`` keeps the saved scores and communities when
        every paper has them (an update or a triage reads the map as it was drawn, and saves seconds)."""
        graph = load_graph(Path(path))
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        recipe = None
        if (folder / RECIPE_FILE).is_file():
            recipe = read_recipe(folder)
        if rescore or not all("pagerank" in data for _, data in graph.nodes(data=True)):
            central = rank_graph(graph)
        else:
            central = sorted(graph, key=lambda node: (-float(graph.nodes[node]["pagerank"]), node))
        return cls(graph, central, recipe=recipe, folder=folder)

    def update(self, options: BuildOptions | None = None, progress: Callable[..., None] = lambda *_: None,
               **settings) -> "CitationGraph":
        """This graph made again by its recipe, asking only what can have changed since it was built: new
        works citing its papers, their records, fresh citation counts (see `graphx.update`). Needs a graph
        loaded from a build's folder (``CitationGraph.load(folder)``); `.changes` says what is new. Example::

            graph = graphx.CitationGraph.load("outputs/lib").update()
            graph.changes.summary()
            graphx.write_update(graph, Path("outputs/lib"))
        """
        from graphx.update import update_graph

        if self.recipe is None or self.folder is None:
            raise InputError("only a graph loaded from a build's folder (with its build.json) can be updated")
        return update_graph(self, options, progress, **settings)

    def carry_first_seen(self, folder: Path | str) -> None:
        """Keep the ``first_seen`` dates of the papers already in `folder`'s graph (a rebuild into it)."""
        stamp_first_seen(self.graph, today(), previous_first_seen(Path(folder)))

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The NetworkX graph: nodes are papers, edges keyed ``cites`` (source cites target) or ``keyword``."""
        return self.graph

    @property
    def complete(self) -> bool:
        """False when a source failed past its retries: the graph lacks works a rerun would fetch."""
        return not self.failures

    def top(self, count: int = 10) -> list[dict]:
        """The `count` most central papers as dicts (id, title, year and scores)."""
        return [{"id": n, **self.graph.nodes[n]} for n in self.central[:count]]

    def rank(self, by: str = "pagerank", top: int = 20) -> pd.DataFrame:
        """The `top` papers by a score of `graphx.rank.SCORES`, as a DataFrame."""
        return ranking_frame(self.graph, by, top)

    def nodes_frame(self) -> pd.DataFrame:
        """Every paper with every attribute and score, one row each (as nodes.csv)."""
        return nodes_frame(self.graph)

    def edges_frame(self) -> pd.DataFrame:
        """Every link: source, target, kind, weight, terms (as edges.csv)."""
        return edges_frame(self.graph)

    def suggest(self, top: int = 10) -> list[Suggestion]:
        """Prior works, derivative works, reviews and papers missing from the seeds, each with its reason."""
        return suggest(self.graph, top)

    def to_html(self, path: Path | str, title: str = "graphx") -> Path:
        """Write the interactive page (one self-contained file) to `path`."""
        return write_page(self.graph, Path(path), title)

    def export(self, path: Path | str, format: str, nodes: list[str] | None = None) -> list[Path]:  # noqa: A002
        """Write the graph (or the papers `nodes`) as `format`: graphml, gexf, cytoscape, json, csv, vosviewer,
        pajek, parquet, bibtex, ris or csljson. Returns the files written."""
        return write_format(self.graph, format, Path(path), nodes)

    def _repr_html_(self) -> str:
        # The page inside an iframe's srcdoc: self-contained, so it works offline in JupyterLab, VS Code and
        # Colab, where raw pyvis output (which loads from CDNs and relies on the notebook's own scripts) is blank.
        page = html.escape(render_page(self.graph, "graphx"), quote=True)
        return (f'<iframe srcdoc="{page}" style="width:100%;height:640px;border:1px solid #ddd" '
                f'sandbox="allow-scripts allow-popups" title="graphx citation graph"></iframe>')

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


BuildResult = CitationGraph  # the name of earlier releases


def collect_queries(inputs: Sequence[str | Query]) -> list[Query]:
    """Queries from arguments: file paths are read, strings are identifiers or titles."""
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
    options = replace(options or BuildOptions(), **settings)
    started = time.monotonic()
    queries = collect_queries(inputs)
    settings = http_settings(options)
    session = make_session(settings)
    try:
        clients = make_clients(session, settings, options)
        if any(q.kind == "zotero" and not q.problem for q in queries):
            clients.zotero = zotero.connect(settings, options.zotero_url, options.zotero_key, options.zotero_library)
        resolutions, seeds = resolve(queries, clients, progress)
        reach = ExpandOptions(options.depth, options.citations, options.max_papers)
        papers, problems = expand(seeds, clients, reach, progress)
        papers += fill_gaps(papers, clients, reach, problems, progress)
        problems.failures += [shortfall for usage in clients.usages() for shortfall in usage.shortfalls]
        failed_inputs = [r for r in resolutions if r.source_failed]
        if failed_inputs:
            problems.failures.insert(0, f"{len(failed_inputs)} inputs unresolved because a source failed: {failed_inputs[0].reason}")
    finally:
        session.close()
    progress(f"linking and ranking {len(papers)} records")
    merged, alias = merge_with_aliases(papers)
    for row in resolutions:
        row.node = alias.get(row.node, row.node)
    graph = build_graph(merged, keyword_top_k=options.keyword_top_k)
    central = rank_graph(graph)
    usage = [u for u in clients.usages() if u.total or u.cached or u.notes]
    if options.offline and (note := cache_age_note(usage)):
        problems.notes.append(note)
    date = today()
    stamp_first_seen(graph, date)
    recipe = make_recipe(inputs, options, source_dates(usage, date), date)
    return CitationGraph(graph, central, resolutions, usage, problems.notes + problems.failures, time.monotonic() - started,
                         problems.failures, recipe)


def http_settings(options: BuildOptions, fresh_after: float | None = None) -> HttpSettings:
    """The HTTP settings of a run: `fresh_after` (a Unix time) makes answers cached before it be asked
    again; ``options.refresh`` sets it to now."""
    if fresh_after is None:
        fresh_after = time.time() if options.refresh else 0.0
    return HttpSettings(cache_dir=options.cache_dir, offline=options.offline, timeout=options.timeout,
                        retries=options.retries, backoff=options.backoff, max_wait=options.max_wait,
                        max_age=options.max_age, fresh_after=fresh_after)


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


def make_clients(session, settings: HttpSettings, options: BuildOptions) -> Clients:
    """One client per source, all on the build's one cached session."""
    return Clients(
        openalex=OpenAlexClient(session, settings, options.openalex_url, options.openalex_key, options.mailto),
        s2=S2Client(session, settings, options.s2_url, options.s2_key, options.s2_interval),
        sources=options.sources,
        crossref=CrossrefClient(session, settings, options.crossref_url, options.mailto),
        arxiv=ArxivClient(session, settings, options.arxiv_url, pacer=Pacer(options.arxiv_interval)),
        opencitations=OpenCitationsClient(session, settings, options.opencitations_url),
        hf=HFClient(session, settings, options.hf_url),
    )


def write_outputs(result: CitationGraph, folder: Path, title: str = "graphx") -> list[Path]:
    """Write graph.html and every graph file into `folder`; returns the paths."""
    page = write_page(result.graph, folder / "graph.html", title)  # lays the graph out once; the files reuse it
    written = [page, *write_graph_files(result.graph, result.central, result.resolutions, folder)]
    if result.recipe is not None:
        written.append(write_recipe(folder, result.recipe))
    return written


__all__ = ["BuildResult", "CitationGraph", "build", "write_outputs"]
