"""The analysis step: after ranking, everything the page and the files share, computed once.

Ranking (`graphx.rank.rank`) writes the scores, the communities and their names and the similarity to the
seeds onto the graph's nodes, and hands back the similarity backbone the communities were found on. The
outputs also need the map (positions on that same backbone, sizes and colours), the communities as a reader
sees them (name, size, years, best papers) and the reading lists. `analyse` makes all of it once into an
`Analysis`; `graphx.outputs.write_outputs` hands that one value to the page and to every file, which only
serialise it. Nothing here changes the graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from graphx.backbone import Backbone
    from graphx.communities import Community
    from graphx.suggest import Suggestion


@dataclass(frozen=True)
class Analysis:
    """What every output of a ranked graph shows, computed once.

    - ``backbone``: the similarity backbone (`graphx.backbone`): the ties the communities and the map share
      (None when the map was not laid out: a saved graph keeps its positions);
    - ``visuals``: per paper ``x``, ``y`` (page pixels), ``size_share`` ([0, 1]), ``size`` (pixels) and
      ``colour`` (by community), as `graphx.picture.node_visuals` gives them;
    - ``communities``: each community as a reader sees it (`graphx.communities.Community`), largest first;
    - ``suggestions``: the reading lists (`graphx.suggest`), `READING_LIST` papers each.
    """

    backbone: Backbone | None
    visuals: dict[str, dict[str, object]]
    communities: list[Community]
    suggestions: list[Suggestion]

    @property
    def community_labels(self) -> dict[int, str]:
        """Each named community's name, by number."""
        return {c.number: c.label for c in self.communities if c.label}


def analyse(graph: nx.MultiDiGraph, backbone: Backbone | None = None, seed: int = 42) -> Analysis:
    """The `Analysis` of a ranked `graph`. `backbone`: the one its ranking found the communities on
    (`graphx.rank.Ranking.backbone`); it is used when it covers the graph's papers, else made afresh when the
    map must be laid out (a graph that carries every position keeps them and needs none).

    >>> from graphx.graph import build_graph
    >>> from graphx.model import Paper
    >>> from graphx.rank import rank
    >>> graph = build_graph([Paper(id="a", title="Citing", references=["b"], is_seed=True), Paper(id="b", title="Cited")])
    >>> ranking = rank(graph)
    >>> analysis = analyse(graph, ranking.backbone)
    >>> analysis.backbone is ranking.backbone, sorted(analysis.visuals["b"]), [s.id for s in analysis.suggestions]
    (True, ['colour', 'size', 'size_share', 'x', 'y'], ['b'])
    """
    from graphx.backbone import similarity_backbone
    from graphx.communities import summarise_communities
    from graphx.graph import edge_arrays
    from graphx.picture import has_positions, node_visuals
    from graphx.suggest import READING_LIST, suggest

    if graph.number_of_nodes() == 0:
        return Analysis(None, {}, [], [])
    if backbone is not None and backbone.nodes != list(graph):
        backbone = None
    if backbone is None and not has_positions(graph):
        backbone = similarity_backbone(edge_arrays(graph))
    return Analysis(backbone, node_visuals(graph, seed, backbone), summarise_communities(graph), suggest(graph, READING_LIST))


__all__ = ["Analysis", "analyse"]
