"""How each paper looks, computed once and written onto its node so that the page, Gephi and Cytoscape
all show the same picture: position (``x``, ``y``), size (``size`` in pixels, ``size_share`` in [0, 1]) and
colour (``colour``, by community).
"""
from __future__ import annotations

import math
import random

import igraph
import networkx as nx
import numpy as np

from graphx.graph import undirected_weighted

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf"]
KEYWORD_PULL = 8.0  # in the layout a keyword link pulls harder than a citation, so topics form visible clusters
SIZE_RANGE = (6.0, 42.0)  # node diameter in pixels, smallest to largest PageRank (the page's scaling too)


def layout(graph: nx.MultiDiGraph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Node positions in page pixels: Fruchterman-Reingold over all links, from a seeded start.

    igraph's C implementation lays out 10,000 nodes in about a second where networkx's takes minutes, so
    the page opens settled however large the graph. The same graph always gets the same picture.
    """
    if graph.number_of_nodes() == 0:
        return {}
    simple = undirected_weighted(graph, keyword_factor=KEYWORD_PULL)
    nodes = list(simple)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in simple.edges()]
    weights = [float(w) for _, _, w in simple.edges(data="weight", default=1.0)]
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)).tolist()
    # igraph draws random numbers during the layout from Python's `random` module unless told otherwise:
    # give it a seeded generator of its own for this call, so the same graph gets the same picture.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        positions = igraph.Graph(n=len(nodes), edges=edges).layout_fruchterman_reingold(
            weights=weights or None, niter=500, seed=start)
    finally:
        igraph.set_random_number_generator(random)
    coords = np.array(positions.coords, dtype=float)
    coords -= coords.mean(axis=0)
    span = float(np.abs(coords).max()) or 1.0
    coords *= (60 * math.sqrt(len(nodes)) + 200) / span
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coords)}


def colour_of(community: object) -> str:
    """The palette colour of a community number (cycling after 16).

    >>> colour_of(0), colour_of(17)
    ('#4e79a7', '#f28e2b')
    """
    return PALETTE[int(community or 0) % len(PALETTE)]


def apply_visuals(graph: nx.MultiDiGraph, seed: int = 42) -> None:
    """Write x, y, size, size_share and colour onto every node (positions only when some node lacks them,
    so a saved graph keeps its picture)."""
    if graph.number_of_nodes() == 0:
        return
    if any("x" not in data or "y" not in data for _, data in graph.nodes(data=True)):
        for node, (x, y) in layout(graph, seed).items():
            graph.nodes[node]["x"], graph.nodes[node]["y"] = round(x, 2), round(y, 2)
    ranks = [float(graph.nodes[n].get("pagerank") or 0.0) for n in graph]
    low, high = min(ranks), max(ranks)
    for node, data in graph.nodes(data=True):
        share = math.sqrt((float(data.get("pagerank") or 0.0) - low) / (high - low)) if high > low else 0.5
        data["size_share"] = round(share, 4)
        data["size"] = round(SIZE_RANGE[0] + share * (SIZE_RANGE[1] - SIZE_RANGE[0]), 2)
        data["colour"] = colour_of(data.get("community"))
