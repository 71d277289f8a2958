"""The similarity backbone: which papers belong together, as a sparse weighted graph that both the
communities and the map are computed on.

Citations alone draw a star around a heavily cited paper: in the demo 999 papers cite Turing and nothing
else of the graph, so a citation layout puts them on one ring with their topics mixed. Papers belong
together when they *share* something, as in VOSviewer and CiteSpace:

- bibliographic coupling (Kessler 1963): references in common, each reference weighted by its inverse
  document frequency ``log((n + 1) / (citers + 1))`` (a paper every paper cites tells nothing): the cosine of
  the weighted reference lists times the evidence they share (see `_shared_strength`), in [0, 1];
- co-citation (Small 1973): papers citing both, weighted the same way by how many papers each citer cites
  (a survey citing 500 papers co-cites them all and says little);
- shared keywords: the TF-IDF cosine of the graph's ``keyword`` links;
- direct citation: ``1 / sqrt(degree(u) · degree(v))``, so a citation to a hub weighs little and one between
  two specialised papers weighs much.

The sum is sparsified to each paper's `BACKBONE_K` strongest ties (kept when either end chose it), the
k-nearest-neighbour backbone that keeps clusters apart without the hairball of all pairs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from graphx.graph import EdgeArrays

BACKBONE_K = 8
HUB_CAP = 1000  # references (or citers) past this many papers are left out of coupling: their weight is ~0 and their pairs are millions
DIRECT_WEIGHT = 0.5


@dataclass(frozen=True)
class Backbone:
    """Undirected weighted ties over `nodes` (positions in `EdgeArrays.nodes`), each pair once (first < second)."""

    nodes: list[str]
    first: np.ndarray
    second: np.ndarray
    weights: np.ndarray


def _shared_strength(matrix: sparse.csr_matrix, column_counts: np.ndarray, count: int) -> sparse.csr_matrix:
    """Row × row ties through shared columns (references, or citers): the cosine of the rows weighted by
    inverse document frequency, times the evidence they share (the summed idf of the shared columns, as a
    share of the largest idf, capped at 1). Two papers whose only reference is the one every paper cites have
    identical reference lists, cosine 1, but share no evidence; two sharing a rare reference share much.
    Columns whose idf is under a tenth of the largest (or past `HUB_CAP` rows) are left out: they weigh ~0 and
    would make the product dense."""
    top = np.log(count + 1)
    idf = np.log((count + 1) / (column_counts + 1))
    idf[(column_counts > HUB_CAP) | (idf < 0.1 * top)] = 0.0
    weighted = (matrix @ sparse.diags(idf)).tocsr()
    weighted.eliminate_zeros()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = (sparse.diags(1.0 / norms) @ weighted).tocsr()
    cosine = (unit @ unit.T).tocsr()
    binary = weighted.copy()
    binary.data[:] = 1.0
    evidence = (binary @ sparse.diags(idf / top) @ binary.T).tocsr()
    evidence.data = np.minimum(evidence.data, 1.0)
    return cosine.multiply(evidence).tocsr()


def similarity_matrix(arrays: EdgeArrays) -> sparse.csr_matrix:
    """Coupling + co-citation + keyword + direct-citation ties as a symmetric sparse matrix (zero diagonal).

    >>> import networkx as nx
    >>> from graphx.graph import edge_arrays
    >>> g = nx.MultiDiGraph([("a", "r", "cites"), ("b", "r", "cites"), ("a", "s", "cites"), ("b", "s", "cites"), ("c", "s", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> m = similarity_matrix(edge_arrays(g))
    >>> nodes = list(g)
    >>> bool(m[nodes.index("a"), nodes.index("b")] > m[nodes.index("a"), nodes.index("c")])  # a, b share two references
    True
    """
    count = len(arrays.nodes)
    cites = sparse.csr_matrix((np.ones(len(arrays.citing)), (arrays.citing, arrays.cited)), shape=(count, count))
    cites.data[:] = 1.0
    citers = np.asarray(cites.sum(axis=0)).ravel()
    references = np.asarray(cites.sum(axis=1)).ravel()
    total = _shared_strength(cites, citers, count) + _shared_strength(cites.T.tocsr(), references, count)
    if len(arrays.linked):
        a, b = arrays.linked[:, 0], arrays.linked[:, 1]
        keyword = sparse.csr_matrix(
            (np.concatenate([arrays.link_weights, arrays.link_weights]), (np.concatenate([a, b]), np.concatenate([b, a]))),
            shape=(count, count),
        )
        total = total + keyword
    if len(arrays.citing):
        degree = citers + references
        direct_weight = DIRECT_WEIGHT / np.sqrt(degree[arrays.citing] * degree[arrays.cited])
        direct = sparse.csr_matrix((direct_weight, (arrays.citing, arrays.cited)), shape=(count, count))
        total = total + direct + direct.T
    total = total.tocsr()
    total.setdiag(0.0)
    total.eliminate_zeros()
    return total


def strongest(values: np.ndarray, columns: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` largest `values`, ties at the k-th value going to the lower column (so the same
    graph always keeps the same ties): a linear-time partition, then only the ties are sorted. (A lexsort of
    every row took most of the page's time at 10,000 papers with 35 references each: rows of thousands.)

    >>> strongest(np.array([0.2, 0.9, 0.5, 0.5, 0.1]), np.array([7, 3, 9, 4, 1]), 2).tolist()
    [1, 3]
    """
    if len(values) <= k:
        return np.arange(len(values))
    kth = -np.partition(-values, k - 1)[k - 1]
    above = np.flatnonzero(values > kth)
    tied = np.flatnonzero(values == kth)
    tied = tied[np.argsort(columns[tied], kind="stable")][: k - len(above)]
    return np.sort(np.concatenate([above, tied]))


def similarity_backbone(arrays: EdgeArrays, k: int = BACKBONE_K) -> Backbone:
    """Each paper's `k` strongest ties of `similarity_matrix`, kept when either end chose them.

    >>> import networkx as nx
    >>> from graphx.graph import edge_arrays
    >>> g = nx.MultiDiGraph([("a", "b", "keyword"), ("b", "c", "keyword")])
    >>> for u, v, key in g.edges(keys=True): g.edges[u, v, key].update(kind=key, weight=0.5)
    >>> b = similarity_backbone(edge_arrays(g))
    >>> [(b.nodes[i], b.nodes[j], w) for i, j, w in zip(b.first.tolist(), b.second.tolist(), b.weights.tolist())]
    [('a', 'b', 0.5), ('b', 'c', 0.5)]
    """
    matrix = similarity_matrix(arrays)
    firsts, seconds, kept = [], [], []
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    for row in range(matrix.shape[0]):
        lo, hi = indptr[row], indptr[row + 1]
        order = strongest(data[lo:hi], indices[lo:hi], k) + lo
        firsts.append(np.full(len(order), row))
        seconds.append(indices[order])
        kept.append(data[order])
    rows = np.concatenate(firsts) if firsts else np.zeros(0, np.int64)
    columns = np.concatenate(seconds) if seconds else np.zeros(0, np.int64)
    values = np.concatenate(kept) if kept else np.zeros(0)
    first = np.minimum(rows, columns).astype(np.int64)
    second = np.maximum(rows, columns).astype(np.int64)
    count = max(1, len(arrays.nodes))
    keys, unique = np.unique(first * count + second, return_index=True)
    return Backbone(arrays.nodes, keys // count, keys % count, np.round(values[unique], 6))
