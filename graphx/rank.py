"""Scores written onto the graph's nodes, each meaning something to a reader of papers.

- ``pagerank``: importance by the citation network — a paper cited by important papers is important
  (Brin & Page 1998), over ``cites`` edges only.
- ``local_citations``: how many papers *in this graph* cite it (Local Citation Network's sort key).
- ``local_references``: how many papers in this graph it cites (high for surveys).
- ``cited_by_count``: citations in the whole literature, as the source reports them.
- ``community``: Louvain community (Blondel et al. 2008) over citations and keyword links together,
  seeded so the same graph always gives the same communities; 0 is the largest.
"""
from __future__ import annotations

import networkx as nx

from graphx.graph import citation_graph, undirected_weighted

SCORE_COLUMNS = ["pagerank", "local_citations", "local_references", "cited_by_count", "keyword_strength"]


def rank_graph(graph: nx.MultiDiGraph, seed: int = 42) -> list[str]:
    """Write the scores above onto `graph`'s nodes; return node ids, most central first.

    >>> g = nx.MultiDiGraph([("a", "c", "cites"), ("b", "c", "cites"), ("c", "d", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> rank_graph(g)[:2]
    ['d', 'c']
    >>> g.nodes["c"]["local_citations"], g.nodes["c"]["local_references"]
    (2, 1)
    """
    if graph.number_of_nodes() == 0:
        return []
    cites = citation_graph(graph)
    pagerank = nx.pagerank(cites, alpha=0.85) if cites.number_of_edges() else {n: 1.0 / len(cites) for n in cites}
    strength: dict[str, float] = {n: 0.0 for n in graph}
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == "keyword":
            strength[u] += float(data.get("weight", 0.0))
            strength[v] += float(data.get("weight", 0.0))
    communities = nx.community.louvain_communities(undirected_weighted(graph), weight="weight", seed=seed)
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    for number, members in enumerate(ordered):
        for node in members:
            graph.nodes[node]["community"] = number
    for node in graph:
        attributes = graph.nodes[node]
        attributes["pagerank"] = round(float(pagerank[node]), 8)
        attributes["local_citations"] = cites.in_degree(node)
        attributes["local_references"] = cites.out_degree(node)
        attributes["keyword_strength"] = round(strength[node], 4)
    return sorted(graph, key=lambda n: (
        -graph.nodes[n]["pagerank"], -graph.nodes[n]["local_citations"], -graph.nodes[n]["keyword_strength"],
        -(graph.nodes[n].get("cited_by_count") or 0), n))
