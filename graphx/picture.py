"""How each paper looks, computed once (`node_visuals`, by the analysis step `graphx.analysis`) and read by
the page and every file, so that the page, Gephi, Cytoscape and VOSviewer all show the same picture: position
(``x``, ``y``), size (``size`` in pixels, ``size_share`` in [0, 1]) and colour (``colour``, by community).
Nothing here changes the graph.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter

import igraph
import networkx as nx
import numpy as np

from graphx.backbone import Backbone, similarity_backbone
from graphx.graph import edge_arrays
from graphx.rank import default_ranking, has_citations  # noqa: F401  (default_ranking re-exported)
from graphx.seeded import igraph_seeded

# The named communities' colours: Sasha Trubetskoy's "20 simple distinct colors" (sashamaps.net/docs/resources/
# 20-colors), a categorical palette of distinct hues, in its own order (each colour unlike the one before it)
# without its white, black, grey (kept for the small communities) and beige (lost on the page's white), and
# with navy brought before maroon so that brown and maroon are not neighbours. Communities are numbered by
# size, so the largest `LEGEND_COMMUNITIES` (those the legend names) each get a colour of their own.
PALETTE = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45",
           "#fabed4", "#469990", "#dcbeff", "#9a6324", "#000075", "#800000", "#aaffc3", "#808000", "#ffd8b1"]
LEGEND_COMMUNITIES = 14  # communities the legend names (the page's and the PNG's), each in a colour of its own
SMALL_COMMUNITY = "#a9a9a9"  # the one neutral tone of every smaller community and of papers tied to no other
COMMUNITY_PULL = 4.0  # a tie inside a community pulls this much harder in the layout, so communities are regions
ANCHOR_PULL = 1.0  # the tie of each paper to its community's invisible anchor in the layout
CITED_SHARE = 0.2  # sizes show citations in this graph when at least this share of its papers is cited here
SIZE_RANGE = (5.0, 24.0)  # node diameter in pixels, least to most cited (the page's scaling too)


CORE_SIZE = 2000  # papers laid out by force; the page shows this many by default on larger graphs
FORCE_ROUNDS = 100  # rounds of the force layout, from a start near each paper's community (see `_force_layout`)


def layout(graph: nx.MultiDiGraph, seed: int = 42, backbone: Backbone | None = None) -> dict[str, tuple[float, float]]:
    """Node positions in page pixels: Fruchterman-Reingold over the similarity backbone
    (`graphx.backbone`), ties inside a community pulled `COMMUNITY_PULL` times harder, from a seeded start.

    Citations alone draw a star around the most cited paper; the backbone (shared references, co-citation,
    shared keywords, hub-discounted direct citations, kNN-sparsified) puts papers that share something side by
    side, and the community pull keeps each community a region of the map with its name drawn over it.
    igraph's force layout costs time in the square of the papers, so on graphs over `CORE_SIZE` papers it lays
    out the `CORE_SIZE` most central (the papers the page shows first) and places every other paper beside
    the papers it is tied to, nearest the core first, a whole ring of neighbours at a time with sparse matrix
    products: the cost past the core grows with the ties, not the square of the papers (100,000 papers in
    seconds). Everything runs on the backbone's arrays; no graph object is built. The same graph always gets
    the same picture. `backbone`: the graph's `similarity_backbone` when the ranking made it already.
    """
    if graph.number_of_nodes() == 0:
        return {}
    backbone = backbone or similarity_backbone(edge_arrays(graph))
    nodes = backbone.nodes
    codes = {}
    of = dict(graph.nodes(data="community"))
    community = np.array([-1 if of[n] is None else codes.setdefault(of[n], len(codes)) for n in nodes])
    first, second = backbone.first, backbone.second
    pulled = (community[first] == community[second]) & (community[first] >= 0)
    weights = backbone.weights * np.where(pulled, COMMUNITY_PULL, 1.0)
    core = _most_central(graph, nodes, CORE_SIZE)
    coords = np.full((len(nodes), 2), np.nan)
    coords[core] = _force_layout(core, first, second, weights, community, seed)
    if len(core) < len(nodes):
        coords = _place_beside_neighbours(coords, first, second, weights, nodes, seed)
    coords -= coords.mean(axis=0)
    span = float(np.abs(coords).max()) or 1.0
    coords *= (60 * math.sqrt(len(nodes)) + 200) / span
    shares = size_shares(graph)
    radii = np.array([SIZE_RANGE[0] + shares[n] * (SIZE_RANGE[1] - SIZE_RANGE[0]) for n in nodes])
    coords = spread_overlaps(coords, radii)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coords.tolist(), strict=True)}


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
        # the k-d tree finds every pair within the widest reach, most of them further apart than their own
        # dots reach: those are dropped on squared distances first, then the few left measured exactly
        a, b = pairs[:, 0], pairs[:, 1]
        x, y = coords[:, 0], coords[:, 1]
        dx, dy = x[b] - x[a], y[b] - y[a]
        apart = radii[a] + radii[b] + gap
        near = np.flatnonzero(dx * dx + dy * dy < apart * apart * (1 + 1e-9) + 1e-9)
        a, b, apart = a[near], b[near], apart[near]
        delta = np.column_stack([dx[near], dy[near]])
        distance = np.sqrt((delta ** 2).sum(axis=1))
        overlap = apart - distance
        keep = overlap > 0
        if not keep.any():
            break
        a, b, delta, distance, overlap = a[keep], b[keep], delta[keep], distance[keep], overlap[keep]
        same = distance < 1e-9  # two dots on one spot: split them sideways
        delta[same] = np.column_stack([np.ones(same.sum()), np.zeros(same.sum())])
        distance[same] = 1.0
        push = (delta / distance[:, None]) * (overlap / 2)[:, None]
        # each dot's moves summed in order, first away from the pairs it leads then towards those it follows:
        # np.bincount does in one pass what np.add.at does index by index (the same sums, many times faster)
        ends = np.concatenate([a, b])
        for axis in (0, 1):
            coords[:, axis] += np.bincount(ends, np.concatenate([-push[:, axis], push[:, axis]]), minlength=len(coords))
    return coords


def _most_central(graph: nx.MultiDiGraph, nodes: list[str], count: int) -> np.ndarray:
    """Positions in `nodes` of the `count` papers of highest PageRank (ties by id), in node order."""
    if len(nodes) <= count:
        return np.arange(len(nodes))
    pagerank = dict(graph.nodes(data="pagerank"))
    ranked = heapq.nsmallest(count, range(len(nodes)), key=lambda i: (-float(pagerank[nodes[i]] or 0.0), str(nodes[i])))
    return np.sort(np.array(ranked))


def _force_layout(core: np.ndarray, first: np.ndarray, second: np.ndarray, weights: np.ndarray, community: np.ndarray,
                  seed: int) -> np.ndarray:
    """Fruchterman-Reingold positions of the `core` papers over their ties, plus one invisible anchor per
    community of three or more core papers tied to each of them with weight `ANCHOR_PULL`: papers tied to
    little but a hub (the demo's citers of Turing sharing a few keywords) gather with their community instead
    of ringing the hub.

    The papers start around their community's place on a map of the communities (`_community_start`), so
    `FORCE_ROUNDS` rounds of exact forces settle them: as far apart as 250 rounds from a random start (the
    mean distance inside a community over the mean distance between communities, 0.42 against 0.42-0.54 on
    the 10,000-paper benchmark) in a quarter of the time. igraph's grid approximation is not used: from a
    spread-out start it merged communities (0.84)."""
    local = np.full(len(community), -1)
    local[core] = np.arange(len(core))
    inside = (local[first] >= 0) & (local[second] >= 0)
    edges = np.column_stack([local[first[inside]], local[second[inside]]])
    edge_weights = weights[inside]
    kinds, counts = np.unique(community[core], return_counts=True)
    anchored = [k for k, c in zip(kinds.tolist(), counts.tolist(), strict=True) if k >= 0 and c >= 3]
    anchor_of = {k: i for i, k in enumerate(anchored)}
    anchor = np.array([anchor_of.get(c, -1) for c in community[core].tolist()], dtype=np.int64)
    start = _community_start(edges, edge_weights, anchor, len(anchored), seed)
    members = np.flatnonzero(anchor >= 0)
    if len(members):
        edges = np.vstack([edges, np.column_stack([len(core) + anchor[members], members])])
        edge_weights = np.concatenate([edge_weights, np.full(len(members), ANCHOR_PULL)])
    count = len(core) + len(anchored)
    with igraph_seeded(seed):  # the same graph gets the same picture
        positions = igraph.Graph(n=count, edges=edges.tolist()).layout_fruchterman_reingold(
            weights=edge_weights.tolist() or None, niter=FORCE_ROUNDS, seed=start.tolist(), grid=False)
    return np.array(positions.coords, dtype=float)[: len(core)]


def _community_start(edges: np.ndarray, weights: np.ndarray, anchor: np.ndarray, anchors: int, seed: int) -> np.ndarray:
    """Start positions for the force layout of papers + anchors: the communities laid out first as a small
    graph (their summed ties), each paper near its community's place, each anchor on it; papers of no
    anchored community spread over the whole picture."""
    from scipy import sparse

    rng = np.random.default_rng(seed)
    papers = len(anchor)
    scale = math.sqrt(papers + anchors) / 2  # about the extent Fruchterman-Reingold gives this many vertices
    places = np.zeros((anchors, 2))
    if anchors > 1:
        a, b = anchor[edges[:, 0]], anchor[edges[:, 1]]
        between = (a >= 0) & (b >= 0) & (a != b)
        ties = sparse.coo_matrix(
            (weights[between], (np.minimum(a, b)[between], np.maximum(a, b)[between])), shape=(anchors, anchors)
        ).tocsr()
        ties.sum_duplicates()
        pairs = ties.tocoo()
        with igraph_seeded(seed):
            places = np.array(igraph.Graph(n=anchors, edges=np.column_stack([pairs.row, pairs.col]).tolist()).layout_fruchterman_reingold(
                weights=pairs.data.tolist() or None, niter=500, seed=rng.uniform(-1, 1, size=(anchors, 2)).tolist()).coords, dtype=float)
        places -= places.mean(axis=0)
        places /= float(np.abs(places).max()) or 1.0
    start = np.vstack([rng.uniform(-1, 1, size=(papers, 2)), places]) * scale
    start[:papers][anchor >= 0] = places[anchor[anchor >= 0]] * scale + rng.uniform(-1, 1, size=(int((anchor >= 0).sum()), 2)) * 0.3 * scale
    return start


def _place_beside_neighbours(coords: np.ndarray, first: np.ndarray, second: np.ndarray, weights: np.ndarray,
                             nodes: list[str], seed: int) -> np.ndarray:
    """Every unplaced paper (NaN) at the weighted mean of its placed neighbours, plus a small seeded offset,
    ring by ring out from the core; papers tied to nothing placed go on a ring around the picture."""
    from scipy import sparse

    rng = np.random.default_rng(seed)
    coords = coords.copy()
    placed = ~np.isnan(coords[:, 0])
    centre = coords[placed].mean(axis=0)
    radius = float(np.abs(coords[placed] - centre).max() or 1.0)
    spread = radius / math.sqrt(placed.sum()) * 2
    ties = sparse.coo_matrix((np.concatenate([weights, weights]), (np.concatenate([first, second]), np.concatenate([second, first]))),
                             shape=(len(nodes), len(nodes))).tocsr()
    while True:
        towards = ties @ sparse.diags(placed.astype(float))  # each paper's ties to placed papers
        total = np.asarray(towards.sum(axis=1)).ravel()
        frontier = np.flatnonzero(~placed & (total > 0))
        if not len(frontier):
            break
        sums = towards[frontier] @ np.where(placed[:, None], coords, 0.0)
        coords[frontier] = sums / total[frontier, None] + rng.normal(0.0, spread, (len(frontier), 2))
        placed[frontier] = True
    rest = sorted(np.flatnonzero(~placed).tolist(), key=lambda i: str(nodes[i]))
    for k, i in enumerate(rest):
        angle = 2 * math.pi * k / max(1, len(rest))
        coords[i] = (centre[0] + 1.15 * radius * math.cos(angle), centre[1] + 1.15 * radius * math.sin(angle))
    return coords


def colour_of(community: object, size: int = 2) -> str:
    """The colour of community number `community` of `size` papers: its own palette colour when it is one of
    the `LEGEND_COMMUNITIES` largest (communities are numbered by size, 0 the largest) and holds more than one
    paper, else the neutral tone the small communities share.

    >>> colour_of(0), colour_of(13), colour_of(14), colour_of(3, size=1), colour_of(None)
    ('#e6194b', '#000075', '#a9a9a9', '#a9a9a9', '#a9a9a9')
    """
    if community is None or size < 2 or not 0 <= int(community) < LEGEND_COMMUNITIES:
        return SMALL_COMMUNITY
    return PALETTE[int(community)]


def seeds_stand_out(seeds: int, papers: int) -> bool:
    """Whether `seeds` of `papers` are worth marking (outlined on the page, named in the CLI's report): only
    while they are a minority; in a reading list, where every paper is a seed, marking all says nothing."""
    return seeds <= papers / 2


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


def size_shares(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Each paper's size in [0, 1]: `size_basis` on a log scale, smallest to largest."""
    basis = size_basis(graph)
    values = {n: math.log1p(max(0.0, float(value or 0.0))) for n, value in graph.nodes(data=basis)}
    low, high = min(values.values()), max(values.values())
    return {n: (values[n] - low) / (high - low) if high > low else 0.5 for n in graph}


def has_positions(graph: nx.MultiDiGraph) -> bool:
    """Whether every paper carries a position (``x``, ``y``): a saved graph keeps its picture."""
    return all(data.get("x") is not None and data.get("y") is not None for _, data in graph.nodes(data=True))


def node_visuals(graph: nx.MultiDiGraph, seed: int = 42, backbone: Backbone | None = None) -> dict[str, dict[str, object]]:
    """How each paper is drawn, computed without touching `graph`: ``x``, ``y`` (page pixels, rounded to
    0.01), ``size_share`` (in [0, 1]), ``size`` (pixels) and ``colour`` (by community), per node.

    Positions the graph already carries are kept when every node has them (a saved graph keeps its
    picture); otherwise every node is laid out afresh (`layout`). Size follows `size_basis` on a log scale, so
    one paper cited 999 times does not shrink every other paper to a dot. The page and every file read this
    one picture, so Gephi, Cytoscape and VOSviewer show what the page shows. `backbone`: the graph's
    `similarity_backbone` when the ranking made it already (`graphx.rank.rank`).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("W1", x=1.0, y=2.0, community=1)
    >>> node_visuals(g)["W1"], dict(g.nodes["W1"])
    ({'x': 1.0, 'y': 2.0, 'size_share': 0.5, 'size': 14.5, 'colour': '#a9a9a9'}, {'x': 1.0, 'y': 2.0, 'community': 1})
    """
    if graph.number_of_nodes() == 0:
        return {}
    if not has_positions(graph):
        positions = {node: (round(x, 2), round(y, 2)) for node, (x, y) in layout(graph, seed, backbone).items()}
    else:
        positions = {node: (data["x"], data["y"]) for node, data in graph.nodes(data=True)}
    shares = size_shares(graph)
    sizes = Counter(community for _, community in graph.nodes(data="community"))
    visuals = {}
    for node, community in graph.nodes(data="community"):
        share = shares[node]
        x, y = positions[node]
        visuals[node] = {"x": x, "y": y, "size_share": round(share, 4),
                         "size": round(SIZE_RANGE[0] + share * (SIZE_RANGE[1] - SIZE_RANGE[0]), 2),
                         "colour": colour_of(community, sizes[community])}
    return visuals
