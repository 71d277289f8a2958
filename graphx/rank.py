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
from dataclasses import dataclass

import igraph
import networkx as nx
import numpy as np
from scipy import sparse

from graphx.backbone import Backbone
from graphx.communities import assign_communities
from graphx.graph import EdgeArrays, edge_arrays
from graphx.scores import SCORES  # noqa: F401  (the scores' names and meanings, re-exported)
from graphx.similarity import score_similarity

EXACT_BETWEENNESS_WORK = 40_000_000  # nodes × edges up to which exact betweenness takes about a second in igraph
BETWEENNESS_SAMPLES_WORK = 40_000_000  # samples × edges of the estimate on larger graphs (at least 64 samples)


@dataclass(frozen=True)
class Ranking:
    """What ranking a graph gives besides the scores it writes: the node ids, most central first
    (`central_order`), and the similarity backbone its communities were found on (None for an empty graph), which the
    analysis for the page and the files (`graphx.analysis`) lays the map out on rather than computing again."""

    order: list[str]
    backbone: Backbone | None


def rank(graph: nx.MultiDiGraph, seed: int = 42, this_year: int | None = None) -> Ranking:
    """Write every score above, the communities and the seed similarity onto `graph`; return the `Ranking`.

    >>> g = nx.MultiDiGraph([("a", "c", "cites"), ("b", "c", "cites"), ("c", "d", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> ranking = rank(g)
    >>> ranking.order[:2], ranking.backbone.nodes == list(g)
    (['d', 'c'], True)
    """
    if graph.number_of_nodes() == 0:
        return Ranking([], None)
    arrays = edge_arrays(graph)
    this_year = this_year or datetime.date.today().year
    citations = citation_igraph(arrays)  # made once for PageRank and betweenness (seconds at millions of links)
    scores = {
        "pagerank": pagerank(arrays, citations),
        **dict(zip(("hits_hub", "hits_authority"), hits(arrays), strict=True)),
        "betweenness": betweenness(arrays, seed, graph, citations),
        "keyword_strength": keyword_strength(arrays),
    }
    count = len(arrays.nodes)
    local_citations = np.bincount(arrays.cited, minlength=count).tolist()
    local_references = np.bincount(arrays.citing, minlength=count).tolist()
    scores = {name: values.tolist() for name, values in scores.items()}
    for position, node in enumerate(arrays.nodes):
        attributes = graph.nodes[node]
        for name, values in scores.items():
            attributes[name] = round(values[position], 8)
        attributes["local_citations"] = local_citations[position]
        attributes["local_references"] = local_references[position]
        per_year = citations_per_year(attributes.get("cited_by_count"), attributes.get("year"), this_year)
        if per_year is not None:
            attributes["citations_per_year"] = per_year
    backbone = assign_communities(graph, seed, arrays)
    score_similarity(graph, arrays)
    return Ranking(central_order(graph), backbone)


def rank_graph(graph: nx.MultiDiGraph, seed: int = 42, this_year: int | None = None) -> list[str]:
    """`rank`, returning only the node ids, most central first (`central_order`).

    >>> g = nx.MultiDiGraph([("a", "c", "cites"), ("b", "c", "cites"), ("c", "d", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> rank_graph(g)[:2]
    ['d', 'c']
    >>> g.nodes["c"]["local_citations"], g.nodes["c"]["local_references"]
    (2, 1)
    """
    return rank(graph, seed, this_year).order


def has_citations(graph: nx.MultiDiGraph) -> bool:
    """Whether any paper of the graph cites another."""
    return any(kind == "cites" for _, _, kind in graph.edges(data="kind"))


def default_ranking(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The ranking the page opens on, with its tie-break, both named for the reader.

    PageRank means something only over citations. In a graph without them (a reading list of titles) it is
    uniform, so the page ranks by ties to the other papers instead: summed shared-keyword strength.
    Ties (999 of the demo's 1,008 papers share one PageRank) go to citations in all the literature.
    """
    if has_citations(graph):
        return {"key": "pagerank", "tie": "cited_by_count"}
    return {"key": "keyword_strength", "tie": "cited_by_count"}


def central_order(graph: nx.MultiDiGraph) -> list[str]:
    """Node ids, most central first, in the one order the page, central.csv, nodes.csv and the CLI all show:
    by `default_ranking`'s measure, ties by citations in all the literature, then by citations here, then id.

    >>> g = nx.MultiDiGraph([("a", "c", "cites"), ("b", "c", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> nx.set_node_attributes(g, {"a": 0.2, "b": 0.2, "c": 0.6}, "pagerank")
    >>> nx.set_node_attributes(g, {"a": 5, "b": 40}, "cited_by_count")
    >>> central_order(g)
    ['c', 'b', 'a']
    """
    ranking = default_ranking(graph)
    key, tie, data = ranking["key"], ranking["tie"], graph.nodes
    return sorted(graph, key=lambda n: (-(data[n].get(key) or 0), -(data[n].get(tie) or 0), -(data[n].get("local_citations") or 0), n))


def order_by(graph: nx.MultiDiGraph, score: str) -> list[str]:
    """Node ids by `score`, highest first; ties in `central_order`, so that ``graphx rank``, a bibliography's
    ``--top`` and ``CitationGraph.rank`` list the default score exactly as the page and central.csv do, and
    any other score's ties (every paper but the seed has betweenness 0 in a citation star) most central first.

    >>> g = nx.MultiDiGraph([("a", "c", "cites"), ("b", "c", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> nx.set_node_attributes(g, {"a": 0.2, "b": 0.2, "c": 0.6}, "pagerank")
    >>> nx.set_node_attributes(g, {"a": 5, "b": 40}, "cited_by_count")
    >>> order_by(g, "pagerank") == central_order(g), order_by(g, "local_citations")
    (True, ['c', 'b', 'a'])
    """
    data = graph.nodes
    place = {node: position for position, node in enumerate(central_order(graph))}
    return sorted(graph, key=lambda n: (-(data[n].get(score) or 0), place[n]))


def pagerank(arrays: EdgeArrays, citations: igraph.Graph | None = None) -> np.ndarray:
    """PageRank over citations (damping 0.85, a dangling paper's share spread evenly), by igraph's PRPACK
    solver; uniform when there are no citations. One value per node of `arrays`, summing to 1 (`citations`: its
    `citation_igraph`, when made already).

    >>> g = nx.MultiDiGraph([("a", "c", "cites"), ("b", "c", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> pagerank(edge_arrays(g)).round(3).tolist()  # a, c, b: c is cited by both
    [0.213, 0.574, 0.213]
    """
    count = len(arrays.nodes)
    if not len(arrays.citing):
        return np.full(count, 1.0 / count)
    return np.array((citations if citations is not None else citation_igraph(arrays)).pagerank(damping=0.85, directed=True))


def citation_igraph(arrays: EdgeArrays) -> igraph.Graph:
    """The citations as a directed igraph graph over the same node positions (edges added as one array: igraph
    takes that faster than a list of pairs given to the constructor)."""
    network = igraph.Graph(n=len(arrays.nodes), directed=True)
    network.add_edges(np.column_stack([arrays.citing, arrays.cited]))
    return network


def hits(arrays: EdgeArrays, max_iter: int = 1000, tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """(hubs, authorities), each summing to 1; zeros when there are no citations.

    Kleinberg's power iteration from a uniform start, rather than networkx's SVD: when the top singular
    value is shared (a graph of separate citation clusters, common here) the SVD returns an arbitrary mix
    that changes from run to run, while the uniform start gives the same answer for the same graph always.

    >>> g = nx.MultiDiGraph([("survey", "a", "cites"), ("survey", "b", "cites"), ("paper", "a", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> arrays = edge_arrays(g)
    >>> hubs, authorities = hits(arrays)
    >>> arrays.nodes[authorities.argmax()], arrays.nodes[hubs.argmax()]
    ('a', 'survey')
    """
    count = len(arrays.nodes)
    if not len(arrays.citing):
        return np.zeros(count), np.zeros(count)
    matrix = sparse.csr_matrix((np.ones(len(arrays.citing)), (arrays.citing, arrays.cited)), shape=(count, count))
    hub = np.full(count, 1.0 / count)
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
    return hub, authority


def betweenness(arrays: EdgeArrays, seed: int, graph: nx.MultiDiGraph | None = None, citations: igraph.Graph | None = None) -> np.ndarray:
    """Normalised betweenness over citations taken in either direction, computed by igraph (C).

    Exact when nodes × edges is small; otherwise estimated from a seeded sample of source papers, scaled
    by nodes / samples (Brandes & Pich 2007). The sample size goes to ``graph.graph["betweenness_samples"]``
    (0 for exact). `citations`: the `citation_igraph`, when made already.

    >>> g = nx.MultiDiGraph([("a", "bridge", "cites"), ("bridge", "b", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> betweenness(edge_arrays(g), seed=1).tolist()
    [0.0, 1.0, 0.0]
    """
    count, edges = len(arrays.nodes), len(arrays.citing)
    if count < 3 or not edges:
        return np.zeros(count)
    citations = citations if citations is not None else citation_igraph(arrays)
    # taken either way; one link per pair of papers: the citations' graph as it is when no two papers cite each
    # other (edge_arrays leaves no loop and no repeat), else collapsed (copying 3 million links took seconds)
    undirected = citations.as_undirected(mode="collapse") if citations.reciprocity() > 0 else citations
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
    return np.minimum(1.0, np.array(raw) * scale / pairs)


def keyword_strength(arrays: EdgeArrays) -> np.ndarray:
    """Each paper's summed shared-keyword link weight."""
    count = len(arrays.nodes)
    return (np.bincount(arrays.linked[:, 0], weights=arrays.link_weights, minlength=count)
            + np.bincount(arrays.linked[:, 1], weights=arrays.link_weights, minlength=count))


def citations_per_year(cited_by_count: int | None, year: int | None, this_year: int) -> float | None:
    """Citations per year since publication, counting the year of publication as one.

    >>> citations_per_year(300, 2024, 2026), citations_per_year(10, None, 2026)
    (100.0, None)
    """
    if cited_by_count is None or not year or year > this_year:
        return None
    return round(cited_by_count / (this_year - int(year) + 1), 3)
