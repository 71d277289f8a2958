"""How each paper looks, computed once (`node_visuals`) and read by the page and every file, so that the
page, Gephi, Cytoscape and VOSviewer all show the same picture: position (``x``, ``y``), size (``size`` in
pixels, ``size_share`` in [0, 1]) and colour (``colour``, by community). Nothing here changes the graph.
"""
from __future__ import annotations

import math

import igraph
import networkx as nx
import numpy as np

from graphx.backbone import similarity_backbone
from graphx.graph import edge_arrays
from graphx.seeded import igraph_seeded

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf"]
COMMUNITY_PULL = 4.0  # a tie inside a community pulls this much harder in the layout, so communities are regions
ANCHOR_PULL = 1.0  # the tie of each paper to its community's invisible anchor in the layout
CITED_SHARE = 0.2  # sizes show citations in this graph when at least this share of its papers is cited here
SIZE_RANGE = (5.0, 24.0)  # node diameter in pixels, least to most cited (the page's scaling too)


CORE_SIZE = 2000  # papers laid out by force; the page shows this many by default on larger graphs


def layout(graph: nx.MultiDiGraph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Node positions in page pixels: Fruchterman-Reingold over the similarity backbone
    (`graphx.backbone`), ties inside a community pulled `COMMUNITY_PULL` times harder, from a seeded start.

    Citations alone draw a star around the most cited paper; the backbone (shared references, co-citation,
    shared keywords, hub-discounted direct citations, kNN-sparsified) puts papers that share something side by
    side, and the community pull keeps each community a region of the map with its name drawn over it.
    igraph's force layout costs time in the square of the papers, so on graphs over `CORE_SIZE` papers it lays
    out the `CORE_SIZE` most central (the papers the page shows first) and places every other paper beside
    the papers it is tied to, nearest the core first. The same graph always gets the same picture.
    """
    if graph.number_of_nodes() == 0:
        return {}
    simple = backbone_graph(graph)
    core = _most_central(graph, CORE_SIZE)
    placed = _force_layout(_with_community_anchors(simple.subgraph(core), graph), seed)
    placed = {node: at for node, at in placed.items() if node in simple}
    if len(placed) < simple.number_of_nodes():
        placed = _place_beside_neighbours(simple, placed, seed)
    nodes = list(simple)
    coords = np.array([placed[n] for n in nodes], dtype=float)
    coords -= coords.mean(axis=0)
    span = float(np.abs(coords).max()) or 1.0
    coords *= (60 * math.sqrt(len(nodes)) + 200) / span
    shares = size_shares(graph)
    radii = np.array([SIZE_RANGE[0] + shares[n] * (SIZE_RANGE[1] - SIZE_RANGE[0]) for n in nodes])
    coords = spread_overlaps(coords, radii)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coords)}


def spread_overlaps(coords: np.ndarray, radii: np.ndarray, rounds: int = 30, gap: float = 2.0) -> np.ndarray:
    """Push apart dots that would cover each other (a tight community drawn as one blot), each overlapping
    pair moved apart along the line between them by half the overlap, for a few rounds; the pairs are found
    with a k-d tree, so this stays fast at thousands of papers.

    >>> spread_overlaps(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([5.0, 5.0])).round(1).tolist()
    [[-5.5, 0.0], [6.5, 0.0]]
    """
    from scipy.spatial import cKDTree

    coords = coords.copy()
    reach = 2 * float(radii.max()) + gap
    for _ in range(rounds):
        pairs = cKDTree(coords).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        a, b = pairs[:, 0], pairs[:, 1]
        delta = coords[b] - coords[a]
        distance = np.sqrt((delta ** 2).sum(axis=1))
        overlap = radii[a] + radii[b] + gap - distance
        keep = overlap > 0
        if not keep.any():
            break
        a, b, delta, distance, overlap = a[keep], b[keep], delta[keep], distance[keep], overlap[keep]
        same = distance < 1e-9  # two dots on one spot: split them sideways
        delta[same] = np.column_stack([np.ones(same.sum()), np.zeros(same.sum())])
        distance[same] = 1.0
        push = (delta / distance[:, None]) * (overlap / 2)[:, None]
        moves = np.zeros_like(coords)
        np.add.at(moves, a, -push)
        np.add.at(moves, b, push)
        coords += moves
    return coords


def backbone_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The similarity backbone as an undirected weighted graph over every paper, ties within a community
    weighted `COMMUNITY_PULL` times (all papers present, tied or not)."""
    backbone = similarity_backbone(edge_arrays(graph))
    community = [graph.nodes[n].get("community") for n in backbone.nodes]
    simple = nx.Graph()
    simple.add_nodes_from(backbone.nodes)
    for i, j, weight in zip(backbone.first.tolist(), backbone.second.tolist(), backbone.weights.tolist()):
        pull = COMMUNITY_PULL if community[i] is not None and community[i] == community[j] else 1.0
        simple.add_edge(backbone.nodes[i], backbone.nodes[j], weight=weight * pull)
    return simple


def _with_community_anchors(simple: nx.Graph, graph: nx.MultiDiGraph) -> nx.Graph:
    """`simple` plus one invisible anchor per community of three or more papers, tied to each of its papers
    with weight `ANCHOR_PULL`: papers tied to little but a hub (the demo's citers of Turing sharing a few
    keywords) gather with their community instead of ringing the hub."""
    anchored = nx.Graph(simple)
    members: dict[object, list[str]] = {}
    for node in simple:
        members.setdefault(graph.nodes[node].get("community"), []).append(node)
    for community, nodes in members.items():
        if community is None or len(nodes) < 3:
            continue
        anchor = ("community anchor", community)
        anchored.add_edges_from((anchor, node, {"weight": ANCHOR_PULL}) for node in nodes)
    return anchored


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


def has_citations(graph: nx.MultiDiGraph) -> bool:
    """Whether any paper of the graph cites another."""
    return any(kind == "cites" for _, _, kind in graph.edges(data="kind"))


def size_basis(graph: nx.MultiDiGraph) -> str:
    """The score a paper's size shows: citations in this graph; in all the literature when too few papers are
    cited here to tell them apart (a reading list, or the demo's 999 papers citing Turing and cited by none);
    the strength of its ties to the other papers when no source counted citations at all."""
    cited_here = sum(1 for _, data in graph.nodes(data=True) if data.get("local_citations"))
    if has_citations(graph) and cited_here >= CITED_SHARE * graph.number_of_nodes():
        return "local_citations"
    if any(data.get("cited_by_count") for _, data in graph.nodes(data=True)):
        return "cited_by_count"
    if has_citations(graph):
        return "local_citations"
    return "keyword_strength"


def default_ranking(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The ranking the page opens on, with its tie-break, both named for the reader.

    PageRank means something only over citations. In a graph without them (a reading list of titles) it is
    uniform, so the page ranks by ties to the other papers instead: summed shared-keyword strength.
    Ties (999 of the demo's 1,008 papers share one PageRank) go to citations in all the literature.
    """
    if has_citations(graph):
        return {"key": "pagerank", "tie": "cited_by_count"}
    return {"key": "keyword_strength", "tie": "cited_by_count"}


def size_shares(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Each paper's size in [0, 1]: `size_basis` on a log scale, smallest to largest."""
    basis = size_basis(graph)
    values = {n: math.log1p(max(0.0, float(graph.nodes[n].get(basis) or 0.0))) for n in graph}
    low, high = min(values.values()), max(values.values())
    return {n: (values[n] - low) / (high - low) if high > low else 0.5 for n in graph}


def node_visuals(graph: nx.MultiDiGraph, seed: int = 42) -> dict[str, dict[str, object]]:
    """How each paper is drawn, computed without touching `graph`: ``x``, ``y`` (page pixels, rounded to
    0.01), ``size_share`` (in [0, 1]), ``size`` (pixels) and ``colour`` (by community), per node.

    Positions the graph already carries are kept when every node has them (a saved graph keeps its
    picture); otherwise every node is laid out afresh (`layout`). Size follows `size_basis` on a log scale, so
    one paper cited 999 times does not shrink every other paper to a dot. The page and every file read this
    one picture, so Gephi, Cytoscape and VOSviewer show what the page shows.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("W1", x=1.0, y=2.0, community=1)
    >>> node_visuals(g)["W1"], dict(g.nodes["W1"])
    ({'x': 1.0, 'y': 2.0, 'size_share': 0.5, 'size': 14.5, 'colour': '#f28e2b'}, {'x': 1.0, 'y': 2.0, 'community': 1})
    """
    if graph.number_of_nodes() == 0:
        return {}
    if any(data.get("x") is None or data.get("y") is None for _, data in graph.nodes(data=True)):
        positions = {node: (round(x, 2), round(y, 2)) for node, (x, y) in layout(graph, seed).items()}
    else:
        positions = {node: (data["x"], data["y"]) for node, data in graph.nodes(data=True)}
    shares = size_shares(graph)
    visuals = {}
    for node, community in graph.nodes(data="community"):
        share = shares[node]
        x, y = positions[node]
        visuals[node] = {"x": x, "y": y, "size_share": round(share, 4),
                         "size": round(SIZE_RANGE[0] + share * (SIZE_RANGE[1] - SIZE_RANGE[0]), 2), "colour": colour_of(community)}
    return visuals
