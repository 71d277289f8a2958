"""Importance scores written onto the graph's nodes, each meaning something to a reader of papers.

- ``pagerank``: importance by the citation network — a paper cited by important papers is important
  (Brin & Page 1998), over ``cites`` edges only.
- ``hits_authority`` / ``hits_hub`` (Kleinberg 1999): an authority is cited by good hubs (foundational work);
  a hub cites good authorities (surveys, reading lists). Scaled so each sums to 1.
- ``local_citations``: how many papers *in this graph* cite it (Local Citation Network's sort key).
- ``local_references``: how many papers in this graph it cites (high for surveys).
- ``cited_by_count``: citations in the whole literature, as the source reports them.
- ``citations_per_year``: ``cited_by_count`` per year since publication (counting its year as one), so
  that a 2023 paper with 300 citations can stand beside a 1998 paper with 3,000.
- ``betweenness``: how often a paper lies on shortest citation paths between others (either direction),
  i.e. a bridge between lines of work. Exact on small graphs; on large ones estimated from a stated
  number of sampled source papers (Brandes & Pich 2007), recorded in the graph attribute
  ``betweenness_samples`` (0 means exact).
- ``keyword_strength``: sum of the paper's shared-keyword link weights.

`rank_graph` also writes communities (`graphx.communities`) and similarity to the seeds
(`graphx.similarity`), so one call gives every number the page and the files show.
"""
from __future__ import annotations

import datetime
import random

import igraph
import networkx as nx
import numpy as np

from graphx.communities import assign_communities
from graphx.graph import citation_graph
from graphx.similarity import score_similarity

SCORES = {
    "pagerank": "importance in this graph's citation network (cited by important papers)",
    "local_citations": "papers in this graph citing it",
    "local_references": "papers in this graph it cites (high for surveys)",
    "hits_authority": "cited by papers that cite the graph's key works (foundational)",
    "hits_hub": "cites the graph's most cited works (surveys, reading lists)",
    "betweenness": "lies on citation paths between other papers (a bridge between lines of work)",
    "cited_by_count": "citations in the whole literature",
    "citations_per_year": "citations in the whole literature per year since publication",
    "similarity": "how closely it is tied to your seed papers (shared references, co-citation, keywords, direct citation)",
    "keyword_strength": "summed weight of its shared-keyword links",
}
EXACT_BETWEENNESS_WORK = 40_000_000  # nodes × edges up to which exact betweenness takes about a second in igraph
BETWEENNESS_SAMPLES_WORK = 40_000_000  # samples × edges of the estimate on larger graphs (at least 64 samples)


def rank_graph(graph: nx.MultiDiGraph, seed: int = 42, this_year: int | None = None) -> list[str]:
    """Write every score above, the communities and the seed similarity onto `graph`; return node ids, most
    central (by PageRank) first.

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
    this_year = this_year or datetime.date.today().year
    scores = {
        "pagerank": pagerank(cites),
        **dict(zip(("hits_hub", "hits_authority"), hits(cites))),
        "betweenness": betweenness(cites, seed, graph),
        "keyword_strength": keyword_strength(graph),
    }
    for node in graph:
        attributes = graph.nodes[node]
        for name, values in scores.items():
            attributes[name] = round(float(values[node]), 8)
        attributes["local_citations"] = cites.in_degree(node)
        attributes["local_references"] = cites.out_degree(node)
        per_year = citations_per_year(attributes.get("cited_by_count"), attributes.get("year"), this_year)
        if per_year is not None:
            attributes["citations_per_year"] = per_year
    assign_communities(graph, seed)
    score_similarity(graph)
    return order_by(graph, "pagerank")


def order_by(graph: nx.MultiDiGraph, score: str) -> list[str]:
    """Node ids by `score`, highest first; ties by PageRank, local citations, then id (deterministic)."""
    data = graph.nodes
    return sorted(graph, key=lambda n: (
        -(data[n].get(score) or 0), -(data[n].get("pagerank") or 0), -(data[n].get("local_citations") or 0),
        -(data[n].get("keyword_strength") or 0), -(data[n].get("cited_by_count") or 0), n))


def pagerank(cites: nx.DiGraph) -> dict[str, float]:
    """PageRank over citations (damping 0.85); uniform when there are no citations."""
    if not cites.number_of_edges():
        return {n: 1.0 / len(cites) for n in cites}
    return nx.pagerank(cites, alpha=0.85)


def hits(cites: nx.DiGraph, max_iter: int = 1000, tol: float = 1e-10) -> tuple[dict[str, float], dict[str, float]]:
    """(hubs, authorities), each summing to 1; zeros when there are no citations.

    Kleinberg's power iteration from a uniform start, rather than networkx's SVD: when the top singular
    value is shared (a graph of separate citation clusters, common here) the SVD returns an arbitrary mix
    that changes from run to run, while the uniform start gives the same answer for the same graph always.

    >>> hubs, authorities = hits(nx.DiGraph([("survey", "a"), ("survey", "b"), ("paper", "a")]))
    >>> max(authorities, key=authorities.get), max(hubs, key=hubs.get)
    ('a', 'survey')
    """
    nodes = list(cites)
    zeros = {n: 0.0 for n in nodes}
    if not cites.number_of_edges():
        return zeros, dict(zeros)
    matrix = nx.to_scipy_sparse_array(cites, nodelist=nodes, weight=None, format="csr")
    hub = np.full(len(nodes), 1.0 / len(nodes))
    for _ in range(max_iter):
        authority = matrix.T @ hub
        authority /= authority.sum()
        updated = matrix @ authority
        updated /= updated.sum()
        if np.abs(updated - hub).sum() < tol:
            hub = updated
            break
        hub = updated
    authority = matrix.T @ hub
    authority /= authority.sum()
    return dict(zip(nodes, hub.tolist())), dict(zip(nodes, authority.tolist()))


def betweenness(cites: nx.DiGraph, seed: int, graph: nx.MultiDiGraph | None = None) -> dict[str, float]:
    """Normalised betweenness over citations taken in either direction, computed by igraph (C).

    Exact when nodes × edges is small; otherwise estimated from a seeded sample of source papers, scaled
    by nodes / samples (Brandes & Pich 2007). The sample size goes to ``graph.graph["betweenness_samples"]``
    (0 for exact).

    >>> scores = betweenness(nx.DiGraph([("a", "bridge"), ("bridge", "b")]), seed=1)
    >>> scores["bridge"], scores["a"]
    (1.0, 0.0)
    """
    nodes = list(cites)
    count, edges = len(nodes), cites.number_of_edges()
    if count < 3 or not edges:
        return {n: 0.0 for n in nodes}
    index = {n: i for i, n in enumerate(nodes)}
    undirected = igraph.Graph(n=count, edges=[(index[u], index[v]) for u, v in cites.edges()], directed=False).simplify()
    samples = 0
    if count * edges > EXACT_BETWEENNESS_WORK:
        samples = min(count, max(64, BETWEENNESS_SAMPLES_WORK // edges))
    if graph is not None:
        graph.graph["betweenness_samples"] = samples
    if samples:
        sources = random.Random(seed).sample(range(count), samples)
        raw, scale = undirected.betweenness(directed=False, sources=sources), count / samples
    else:
        raw, scale = undirected.betweenness(directed=False), 1.0
    pairs = (count - 1) * (count - 2) / 2
    return {n: min(1.0, raw[i] * scale / pairs) for i, n in enumerate(nodes)}


def keyword_strength(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Each paper's summed shared-keyword link weight."""
    strength = {n: 0.0 for n in graph}
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == "keyword":
            strength[u] += float(data.get("weight", 0.0))
            strength[v] += float(data.get("weight", 0.0))
    return strength


def citations_per_year(cited_by_count: int | None, year: int | None, this_year: int) -> float | None:
    """Citations per year since publication, counting the year of publication as one.

    >>> citations_per_year(300, 2024, 2026), citations_per_year(10, None, 2026)
    (100.0, None)
    """
    if cited_by_count is None or not year or year > this_year:
        return None
    return round(cited_by_count / (this_year - int(year) + 1), 3)
