"""How each paper looks, computed once and written onto its node so that the page, Gephi and Cytoscape
all show the same picture: position (``x``, ``y``), size (``size`` in pixels, ``size_share`` in [0, 1]) and
colour (``colour``, by community).
"""
from __future__ import annotations

import math

import igraph
import networkx as nx
import numpy as np

from graphx.graph import undirected_weighted
from graphx.seeded import igraph_seeded

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf"]
KEYWORD_PULL = 8.0  # in the layout a keyword link pulls harder than a citation, so topics form visible clusters
SIZE_RANGE = (6.0, 42.0)  # node diameter in pixels, smallest to largest PageRank (the page's scaling too)


CORE_SIZE = 2000  # papers laid out by force; the page shows this many by default on larger graphs


def layout(graph: nx.MultiDiGraph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Node positions in page pixels: Fruchterman-Reingold over all links, from a seeded start.

    igraph's force layout costs time in the square of the papers, so on graphs over `CORE_SIZE` papers it lays
    out the `CORE_SIZE` most central (by PageRank: the papers the page shows first) and places every other
    paper beside the papers it is linked to, nearest the core first. The same graph always gets the same
    picture.
    """
    if graph.number_of_nodes() == 0:
        return {}
    simple = undirected_weighted(graph, keyword_factor=KEYWORD_PULL)
    core = _most_central(graph, CORE_SIZE)
    placed = _force_layout(simple.subgraph(core), seed)
    if len(placed) < simple.number_of_nodes():
        placed = _place_beside_neighbours(simple, placed, seed)
    nodes = list(simple)
    coords = np.array([placed[n] for n in nodes], dtype=float)
    coords -= coords.mean(axis=0)
    span = float(np.abs(coords).max()) or 1.0
    coords *= (60 * math.sqrt(len(nodes)) + 200) / span
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coords)}


def _most_central(graph: nx.MultiDiGraph, count: int) -> list[str]:
    if graph.number_of_nodes() <= count:
        return list(graph)
    return sorted(graph, key=lambda n: (-float(graph.nodes[n].get("pagerank") or 0.0), str(n)))[:count]


def _force_layout(simple: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    nodes = list(simple)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in simple.edges()]
    weights = [float(w) for _, _, w in simple.edges(data="weight", default=1.0)]
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)).tolist()
    with igraph_seeded(seed):  # the same graph gets the same picture
        positions = igraph.Graph(n=len(nodes), edges=edges).layout_fruchterman_reingold(
            weights=weights or None, niter=500 if len(nodes) <= 1000 else 250, seed=start)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, positions.coords)}


def _place_beside_neighbours(simple: nx.Graph, placed: dict[str, tuple[float, float]], seed: int) -> dict[str, tuple[float, float]]:
    """Every unplaced node at the weighted mean of its placed neighbours, plus a small seeded offset, in
    breadth-first order from the core; nodes linked to nothing placed go on a ring around the picture."""
    rng = np.random.default_rng(seed)
    placed = dict(placed)
    coords = np.array(list(placed.values()), dtype=float)
    centre, radius = coords.mean(axis=0), float(np.abs(coords - coords.mean(axis=0)).max() or 1.0)
    spread = radius / math.sqrt(len(placed)) * 2
    frontier = sorted({v for u in placed for v in simple[u] if v not in placed}, key=str)
    while frontier:
        following = set()
        for node in frontier:
            anchors = [(placed[v], float(simple[node][v].get("weight", 1.0))) for v in simple[node] if v in placed]
            total = sum(w for _, w in anchors)
            x = sum(p[0] * w for p, w in anchors) / total
            y = sum(p[1] * w for p, w in anchors) / total
            dx, dy = rng.normal(0.0, spread, 2)
            placed[node] = (x + dx, y + dy)
            following.update(v for v in simple[node] if v not in placed)
        frontier = sorted(following, key=str)
    rest = sorted((n for n in simple if n not in placed), key=str)
    for i, node in enumerate(rest):
        angle = 2 * math.pi * i / max(1, len(rest))
        placed[node] = (centre[0] + 1.15 * radius * math.cos(angle), centre[1] + 1.15 * radius * math.sin(angle))
    return placed


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
