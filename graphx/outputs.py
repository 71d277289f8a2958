"""Everything a build writes into its folder: the page, the graph files and the recipe, from one analysis.

Apart from `graphx.build` so that what writes a folder (a build, an update, a snapshot) needs nothing of the
fetch pipeline; light at import, like the rest of the orchestration.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from graphx.citation_graph import CitationGraph


def page_title(graph: nx.MultiDiGraph, inputs: list[str]) -> str:
    """The heading a page gets when none is given: what was built, in the reader's words.

    A file or a Hugging Face day is named as given; one seed paper by its title; several by the first and how
    many more. The output folder's name ("listing", "out") says nothing of the graph, so it is never used.

    >>> import networkx as nx
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("W1", title="Computing Machinery and Intelligence", is_seed=True)
    >>> page_title(graph, ["10.1093/mind/lix.236.433"])
    'Computing Machinery and Intelligence — citation neighbourhood'
    >>> page_title(graph, ["/home/me/reading/listing-sequence-models.txt"])
    'listing-sequence-models.txt'
    >>> page_title(graph, ["hf:2025-11-20"])
    'Hugging Face daily papers, 2025-11-20'
    """
    from graphx.inputs.ids import detect_query

    seeds = [str(data.get("title") or node) for node, data in graph.nodes(data=True) if data.get("is_seed")]
    if len(inputs) == 1:
        given = inputs[0]
        query = detect_query(given) if given.strip() else None
        if query is not None and query.kind == "hf":
            return f"Hugging Face daily papers, {query.value}"
        if given.startswith("zotero:"):
            return f"Zotero {given.removeprefix('zotero:') or 'library'}"
        path = Path(given)  # the recipe keeps a file input as an absolute path
        if path.suffix and (path.is_absolute() or path.is_file()) and (query is None or query.kind == "title"):
            return path.name
    if len(seeds) == 1:
        return f"{seeds[0]} — citation neighbourhood"
    if seeds:
        return f"{seeds[0]} and {len(seeds) - 1} more seeds"
    return "graphx"


def heading(result: CitationGraph, title: str | None = None) -> str:
    """`title` if given, else the one its recipe kept from an earlier ``--title``, else `page_title`'s."""
    recipe = result.recipe or {}
    return title or recipe.get("title") or page_title(result.graph, recipe.get("inputs", []))


def write_outputs(result: CitationGraph, folder: Path, title: str | None = None) -> list[Path]:
    """Write graph.html, every graph file and the recipe (build.json) into `folder`; returns the paths. The
    analysis (`graphx.analysis`: the map on the ranking's own similarity backbone, sizes, colours, named
    communities, reading lists) is made once and every output shows it; the graph itself is left as it was.

    The page's heading is `heading`'s; a given title is kept in the recipe, so that ``graphx update`` and
    ``graphx render`` keep it too."""
    from graphx.analysis import analyse
    from graphx.export import write_graph_files
    from graphx.recipe import write_recipe
    from graphx.render import write_page

    recipe = result.recipe
    if title and recipe is not None:
        recipe = {**recipe, "title": title}
    title = heading(result, title)
    analysis = analyse(result.graph, result.backbone)
    page = write_page(result.graph, folder / "graph.html", title, analysis)
    written = [page, *write_graph_files(result.graph, result.central, result.resolutions, folder, analysis.visuals, analysis.suggestions,
                                        analysis.communities)]
    if recipe is not None:
        written.append(write_recipe(folder, recipe))
    return written


__all__ = ["heading", "page_title", "write_outputs"]
