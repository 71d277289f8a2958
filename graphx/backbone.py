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


def _shared_factors(
    matrix: sparse.csr_matrix, column_counts: np.ndarray, count: int
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    """What rows × rows ties through shared columns (references, or citers) are computed from: (left, right,
    norms) with ``left[u] @ right[:, v] = Σ idf² / (norm_u · norm_v) + i·Σ idf / (top · norm_u)`` over the
    columns u and v share.

    The tie is the cosine of the rows weighted by inverse document frequency (the real part), times the
    evidence they share (the imaginary part times the row's norm: the summed idf of the shared columns, as a
    share of the largest idf, capped at 1). Two papers whose only reference is the one every paper cites have
    identical reference lists, cosine 1, but share no evidence; two sharing a rare reference share much. Both
    sums come out of one complex sparse product (left the unit rows, right the unit rows + ``i/top``), which
    halves the work of two products and their element-wise product. Columns whose idf is under a tenth of the largest (or past
    `HUB_CAP` rows) are left out: they weigh ~0 and would make the product dense."""
    top = np.log(count + 1)
    idf = np.log((count + 1) / (column_counts + 1))
    idf[(column_counts > HUB_CAP) | (idf < 0.1 * top)] = 0.0
    weighted = (matrix @ sparse.diags(idf)).tocsr()
    weighted.eliminate_zeros()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    left = (sparse.diags(1.0 / norms) @ weighted).tocsr()
    right = left.astype(complex)
    right.data += 1j / top
    return left, right.T.tocsr(), norms


def _shared_rows(factors: tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray], rows: slice) -> sparse.csr_matrix:
    """The ties of `rows` through shared columns (see `_shared_factors`), a rows × papers matrix whose
    indices are left in the product's order (sorting them took most of the time)."""
    left, right, norms = factors
    product = left[rows] @ right
    row_norms = np.repeat(norms[rows], np.diff(product.indptr))
    value = product.data.real * np.minimum(product.data.imag * row_norms, 1.0)
    return sparse.csr_matrix((value, product.indices, product.indptr), shape=product.shape)


def _direct_and_keyword(arrays: EdgeArrays, citers: np.ndarray, references: np.ndarray) -> sparse.csr_matrix:
    """Keyword ties (their TF-IDF weight) plus direct citations (``DIRECT_WEIGHT / sqrt(degree(u) ·
    degree(v))``), symmetric."""
    count = len(arrays.nodes)
    total = sparse.csr_matrix((count, count))
    if len(arrays.linked):
        a, b = arrays.linked[:, 0], arrays.linked[:, 1]
        total = total + sparse.csr_matrix(
            (np.concatenate([arrays.link_weights, arrays.link_weights]), (np.concatenate([a, b]), np.concatenate([b, a]))),
            shape=(count, count),
        )
    if len(arrays.citing):
        degree = citers + references
        direct_weight = DIRECT_WEIGHT / np.sqrt(degree[arrays.citing] * degree[arrays.cited])
        direct = sparse.csr_matrix((direct_weight, (arrays.citing, arrays.cited)), shape=(count, count))
        total = total + direct + direct.T
    return total.tocsr()


BLOCK_WORK = 4_000_000  # products of shared columns per block of rows: bounds the memory of `similarity_blocks`


def similarity_blocks(arrays: EdgeArrays):
    """`similarity_matrix` a block of rows at a time: yields (first row, rows × papers block), diagonal zero.

    The full matrix of coupling and co-citation ties has a few hundred million entries at 100,000 papers (a
    reference with 1,000 citers alone ties a million pairs); the backbone only keeps each row's strongest,
    so it is computed in blocks of about `BLOCK_WORK` column products and each block is read and dropped."""
    count = len(arrays.nodes)
    cites = sparse.csr_matrix((np.ones(len(arrays.citing)), (arrays.citing, arrays.cited)), shape=(count, count))
    cites.data[:] = 1.0
    citers = np.asarray(cites.sum(axis=0)).ravel()
    references = np.asarray(cites.sum(axis=1)).ravel()
    coupling = _shared_factors(cites, citers, count)
    cocitation = _shared_factors(cites.T.tocsr(), references, count)
    others = _direct_and_keyword(arrays, citers, references)
    work = np.zeros(count)
    for left, right, _ in (coupling, cocitation):  # each row's products: the row counts of its shared columns
        pattern = left.copy()
        pattern.data[:] = 1.0
        work += pattern @ np.diff(right.indptr)
    bounds = np.searchsorted(np.cumsum(work), np.arange(BLOCK_WORK, work.sum() + BLOCK_WORK, BLOCK_WORK))
    starts = sorted(set([0, *np.minimum(bounds + 1, count).tolist()]) - {count})
    summing = sparse.vstack([sparse.identity(count, format="csr")] * 3, format="csr")
    for start, stop in zip(starts, [*starts[1:], count], strict=True):
        rows = slice(start, stop)
        # the three kinds of ties summed by one product with stacked identities, which adds the entries of
        # a row in one pass without sorting them (adding sparse matrices sorts every row first)
        block = sparse.hstack([_shared_rows(coupling, rows), _shared_rows(cocitation, rows), others[rows]], format="csr") @ summing
        row = np.repeat(np.arange(start, stop), np.diff(block.indptr))
        keep = (row != block.indices) & (block.data != 0)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row[keep] - start, minlength=stop - start))])
        yield start, sparse.csr_matrix((block.data[keep], block.indices[keep], indptr), shape=block.shape)


def similarity_matrix(arrays: EdgeArrays) -> sparse.csr_matrix:
    """Coupling + co-citation + keyword + direct-citation ties as a symmetric sparse matrix (zero diagonal).
    Whole, for small graphs and tests; the backbone reads it in blocks (`similarity_blocks`).

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
    blocks = [block for _, block in similarity_blocks(arrays)]
    return sparse.vstack(blocks).tocsr() if blocks else sparse.csr_matrix((count, count))


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
    firsts, seconds, kept = [], [], []
    for start, block in similarity_blocks(arrays):
        indptr, indices, data = block.indptr, block.indices, block.data
        sizes = np.diff(indptr)
        small = np.repeat(sizes <= k, sizes)  # rows with at most k ties keep them all
        firsts.append(start + np.repeat(np.arange(block.shape[0]), sizes)[small])
        seconds.append(indices[small])
        kept.append(data[small])
        for row in np.flatnonzero(sizes > k).tolist():
            lo, hi = indptr[row], indptr[row + 1]
            order = strongest(data[lo:hi], indices[lo:hi], k) + lo
            firsts.append(np.full(len(order), start + row))
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
