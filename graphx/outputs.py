"""Everything a build writes into its folder: the page, the graph files and the recipe, from one analysis.

Apart from `graphx.build` so that what writes a folder (a build, an update, a snapshot) needs nothing of the
fetch pipeline; light at import, like the rest of the orchestration.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphx.citation_graph import CitationGraph


def write_outputs(result: CitationGraph, folder: Path, title: str = "graphx") -> list[Path]:
    """Write graph.html, every graph file and the recipe (build.json) into `folder`; returns the paths. The
    analysis (`graphx.analysis`: the map on the ranking's own similarity backbone, sizes, colours, named
    communities, reading lists) is made once and every output shows it; the graph itself is left as it was."""
    from graphx.analysis import analyse
    from graphx.export import write_graph_files
    from graphx.recipe import write_recipe
    from graphx.render import write_page

    analysis = analyse(result.graph, result.backbone)
    page = write_page(result.graph, folder / "graph.html", title, analysis)
    written = [page, *write_graph_files(result.graph, result.central, result.resolutions, folder, analysis.visuals, analysis.suggestions,
                                        analysis.communities)]
    if result.recipe is not None:
        written.append(write_recipe(folder, result.recipe))
    return written


__all__ = ["write_outputs"]
