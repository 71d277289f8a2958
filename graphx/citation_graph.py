"""`CitationGraph`: a built or loaded graph, with what was said while building it — the library's main object.

It sits above the pipeline, not inside it: reading a saved graph or wrapping a snapshot's works needs no
source client, and each method imports the part of graphx it uses only when called.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graphx.errors import InputError
from graphx.wording import counted

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from graphx.backbone import Backbone
    from graphx.config import BuildOptions
    from graphx.model import Paper
    from graphx.resolve import Resolution
    from graphx.sources.http import Usage
    from graphx.suggest import Suggestion
    from graphx.update import Changes


@dataclass(repr=False)
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
    changes: Changes | None = None  # what an update found (graphx.update), else None
    folder: Path | None = None  # the output folder it was loaded from, if any
    # the similarity backbone its ranking found the communities on (`graphx.rank.Ranking`), which the map of its
    # outputs is laid out on too (`graphx.analysis`); None when not ranked here (made again when needed)
    backbone: Backbone | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_papers(cls, papers: list[Paper]) -> CitationGraph:
        """A ranked graph of papers already in hand (no network)."""
        from graphx.graph import build_graph
        from graphx.merge import merge_papers
        from graphx.rank import rank

        graph = build_graph(merge_papers(papers))
        ranking = rank(graph)
        return cls(graph, ranking.order, backbone=ranking.backbone)

    @classmethod
    def load(cls, path: Path | str, rescore: bool = True) -> CitationGraph:
        """A graph a build saved (its folder, graph.json, graph.graphml or graph.gexf), scores recomputed
        (older files may lack newer scores); ``rescore=False`` keeps the saved scores and communities when
        every paper has them (an update or a triage reads the map as it was drawn, and saves seconds)."""
        from graphx.load import load_graph
        from graphx.rank import central_order, rank
        from graphx.recipe import RECIPE_FILE, read_recipe

        graph = load_graph(Path(path))
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        recipe = read_recipe(folder) if (folder / RECIPE_FILE).is_file() else None
        if rescore or not all("pagerank" in data for _, data in graph.nodes(data=True)):
            ranking = rank(graph)
            return cls(graph, ranking.order, recipe=recipe, folder=folder, backbone=ranking.backbone)
        return cls(graph, central_order(graph), recipe=recipe, folder=folder)

    def update(self, options: BuildOptions | None = None, progress: Callable[..., None] = lambda *_: None,
               **settings) -> CitationGraph:
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
        from graphx.recipe import previous_first_seen, stamp_first_seen, today

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
        from graphx.export import ranking_frame

        return ranking_frame(self.graph, by, top)

    def nodes_frame(self) -> pd.DataFrame:
        """Every paper with every attribute and score, one row each (as nodes.csv)."""
        from graphx.export import nodes_frame

        return nodes_frame(self.graph)

    def edges_frame(self) -> pd.DataFrame:
        """Every link: source, target, kind, weight, terms (as edges.csv)."""
        from graphx.export import edges_frame

        return edges_frame(self.graph)

    def suggest(self, top: int = 10) -> list[Suggestion]:
        """Prior works, derivative works, reviews and papers missing from the seeds, each with its reason."""
        from graphx.suggest import suggest

        return suggest(self.graph, top)

    def to_html(self, path: Path | str, title: str = "graphx") -> Path:
        """Write the interactive page (one self-contained file) to `path`."""
        from graphx.analysis import analyse
        from graphx.render import write_page

        return write_page(self.graph, Path(path), title, analyse(self.graph, self.backbone))

    def export(self, path: Path | str, format: str, nodes: list[str] | None = None) -> list[Path]:  # noqa: A002
        """Write the graph (or the papers `nodes`) as `format`: graphml, gexf, cytoscape, json, csv, vosviewer,
        pajek, parquet, bibtex, ris or csljson. Returns the files written."""
        from graphx.formats import write_format

        return write_format(self.graph, format, Path(path), nodes)

    def _repr_html_(self) -> str:
        # The page inside an iframe's srcdoc: self-contained, so it works offline in JupyterLab, VS Code and
        # Colab, where raw pyvis output (which loads from CDNs and relies on the notebook's own scripts) is blank.
        import html

        from graphx.analysis import analyse
        from graphx.render import render_page

        page = html.escape(render_page(self.graph, "graphx", analyse(self.graph, self.backbone)), quote=True)
        return (f'<iframe srcdoc="{page}" style="width:100%;height:640px;border:1px solid #ddd" '
                f'sandbox="allow-scripts allow-popups" title="graphx citation graph"></iframe>')

    def __repr__(self) -> str:
        """A short line for a REPL (the fields would print every node): papers, links, the folder it came from.

        >>> from graphx.model import Paper
        >>> CitationGraph.from_papers([Paper(id="W1", title="Citing", references=["W2"]), Paper(id="W2", title="Cited")])
        <CitationGraph: 2 papers, 1 citation, 1 keyword link>
        """
        kinds = [kind for _, _, kind in self.graph.edges(data="kind")]
        parts = [counted(self.graph.number_of_nodes(), "paper"), counted(kinds.count("cites"), "citation"),
                 counted(kinds.count("keyword"), "keyword link")]
        if self.failures:
            parts.append("incomplete")
        return f"<CitationGraph: {', '.join(parts)}{f'; folder {self.folder}' if self.folder else ''}>"

    def summary(self) -> str:
        """One line: how many inputs resolved, and the graph's size."""
        counts: dict[str, int] = {}
        for r in self.resolutions:
            counts[r.status] = counts.get(r.status, 0) + 1
        kinds: dict[str, int] = {}
        for _, _, kind in self.graph.edges(data="kind"):
            kinds[kind] = kinds.get(kind, 0) + 1
        parts = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        return (f"{counted(len(self.resolutions), 'input')}: {parts}; graph: {counted(self.graph.number_of_nodes(), 'paper')}, "
                f"{counted(kinds.get('cites', 0), 'citation')}, {counted(kinds.get('keyword', 0), 'keyword link')}")


BuildResult = CitationGraph  # the name of earlier releases


__all__ = ["BuildResult", "CitationGraph"]
