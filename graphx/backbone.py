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

import numba
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


@numba.njit(cache=True)
def _block_ties(start, stop, shared_indptr, shared_indices, shared_data, tied_indptr, tied_indices, tied_real, tied_imag,
                norms, others_indptr, others_indices, others_data, touched, slot_of, sums, out_indptr, out_indices, out_data):
    """The ties of rows `start`…`stop` (compiled by numba, cached on disk after the first run): for each row,
    every paper it shares a reference or a citer with, or is tied to by a keyword or a citation, with the sum of
    the four ties, its own column and zeros left out. Writes the rows into `out_*`; returns how many ties.

    `shared_*`: each row's references and then its citers (columns ``count +`` citer), from the left factors of
    coupling and co-citation side by side; `tied_*`: the right factors one above the other (see
    `_shared_factors`), their real and imaginary parts apart; `norms`: (coupling, co-citation) norms per row.
    The same arithmetic as the two complex sparse products, the value of each tie and their sum with the other
    ties (`others_*`), in the same order, so every value is the same to the last bit; done one row at a time in
    scratch arrays (`touched`: the columns a row touched, in the order it touched them; `slot_of`: where in
    `touched` a column is, if it is there; `sums`: per place in `touched`, coupling's two sums, co-citation's and
    the other ties'; a row's sums stay together in the processor's cache, where sums per paper did not), so that
    no product, stacked block or sum is ever stored."""
    written = 0
    out_indptr[0] = 0
    for row in range(start, stop):
        found = 0
        for position in range(shared_indptr[row], shared_indptr[row + 1]):
            shared, value = shared_indices[position], shared_data[position]
            part = 0 if shared < len(norms) else 2  # coupling, or co-citation
            for other in range(tied_indptr[shared], tied_indptr[shared + 1]):
                column = tied_indices[other]
                slot = slot_of[column]
                if slot >= found or touched[slot] != column:  # the first tie of this row to this column
                    slot = found
                    slot_of[column], touched[slot] = slot, column
                    found += 1
                    for cell in range(5 * slot, 5 * slot + 5):
                        sums[cell] = 0.0
                sums[5 * slot + part] += value * tied_real[other]
                sums[5 * slot + part + 1] += value * tied_imag[other]
        for position in range(others_indptr[row], others_indptr[row + 1]):
            column = others_indices[position]
            slot = slot_of[column]
            if slot >= found or touched[slot] != column:
                slot = found
                slot_of[column], touched[slot] = slot, column
                found += 1
                for cell in range(5 * slot, 5 * slot + 5):
                    sums[cell] = 0.0
            sums[5 * slot + 4] += others_data[position]
        coupling_norm, cocitation_norm = norms[row, 0], norms[row, 1]
        for slot in range(found):
            column, at = touched[slot], 5 * slot
            tie = ((sums[at] * min(sums[at + 1] * coupling_norm, 1.0)
                    + sums[at + 2] * min(sums[at + 3] * cocitation_norm, 1.0)) + sums[at + 4])
            if column != row and tie != 0.0:
                out_indices[written] = column
                out_data[written] = tie
                written += 1
        out_indptr[row - start + 1] = written
    return written


@numba.njit(cache=True)
def _row_strongest(indptr, indices, data, start, k, rows, columns, values, crowded):
    """Each row's `k` strongest ties (all of a row with at most `k`), ties at the k-th value going to the lower
    column, so the same graph always keeps the same ties (compiled by numba, cached on disk after the first run): written into
    `rows` (``start +`` the row), `columns`, `values` and `crowded` (whether the row had more than `k`);
    returns how many. One pass per row holding the `k` best so far (sorting each row of thousands took most of
    the page's time at 10,000 papers)."""
    best_values = np.empty(k)
    best_positions = np.empty(k, np.int64)
    written = 0
    for row in range(len(indptr) - 1):
        lo, hi = indptr[row], indptr[row + 1]
        held = 0
        for position in range(lo, hi):
            value, column = data[position], indices[position]
            if held == k:  # the weakest held is the last: is this one stronger?
                if value < best_values[k - 1] or (value == best_values[k - 1] and column > indices[best_positions[k - 1]]):
                    continue
                held -= 1
            slot = held
            while slot > 0 and (best_values[slot - 1] < value
                                or (best_values[slot - 1] == value and indices[best_positions[slot - 1]] > column)):
                best_values[slot] = best_values[slot - 1]
                best_positions[slot] = best_positions[slot - 1]
                slot -= 1
            best_values[slot] = value
            best_positions[slot] = position
            held += 1
        for slot in range(held):
            rows[written] = start + row
            columns[written] = indices[best_positions[slot]]
            values[written] = best_values[slot]
            crowded[written] = hi - lo > k
            written += 1
    return written


def _index_arrays(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64), matrix.data


def similarity_blocks(arrays: EdgeArrays):
    """`similarity_matrix` a block of rows at a time: yields (first row, rows × papers block), diagonal zero.
    Each block's arrays are written again for the next block: copy a block to keep it.

    The full matrix of coupling and co-citation ties has a few hundred million entries at 100,000 papers (a
    reference with 1,000 citers alone ties a million pairs); the backbone only keeps each row's strongest,
    so it is computed in blocks of about `BLOCK_WORK` column products, into the same arrays each time (fresh
    memory for each block cost more than computing it)."""
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
    stops = [*starts[1:], count]
    shared = sparse.hstack([coupling[0], cocitation[0]], format="csr")  # each row's references, then its citers
    tied = sparse.vstack([coupling[1], cocitation[1]], format="csr")
    factors = (*_index_arrays(shared), *_index_arrays(tied)[:2], np.ascontiguousarray(tied.data.real),
               np.ascontiguousarray(tied.data.imag), np.column_stack([coupling[2], cocitation[2]]), *_index_arrays(others))
    room = np.concatenate([[0], np.cumsum(work + np.diff(others.indptr))])  # at most this many ties up to each row
    size = int(max(room[stop] - room[start] for start, stop in zip(starts, stops, strict=True))) if starts else 0
    index = np.int32 if max(count, size) < 2**31 else np.int64  # scipy's own choice, so it takes the arrays as they are
    indptr, indices, data = np.empty(count + 1, index), np.empty(size, index), np.empty(size)
    scratch = np.zeros(count, np.int64), np.zeros(count, index), np.zeros(5 * count)
    for start, stop in zip(starts, stops, strict=True):
        written = _block_ties(start, stop, *factors, *scratch, indptr, indices, data)
        yield start, sparse.csr_matrix((data[:written], indices[:written], indptr[:stop - start + 1]), shape=(stop - start, count))


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
    blocks = [block.copy() for _, block in similarity_blocks(arrays)]
    return sparse.vstack(blocks).tocsr() if blocks else sparse.csr_matrix((count, count))


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
        size = block.shape[0] * k
        rows, columns, values, crowded = np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size), np.empty(size, bool)
        written = _row_strongest(block.indptr, block.indices, block.data, start, k, rows, columns, values, crowded)
        # a block's rows with at most k ties first: a tie both ends chose takes its weight from the first seen
        # (the two ends' sums can differ in the last bit)
        order = np.argsort(crowded[:written], kind="stable")
        firsts.append(rows[:written][order])
        seconds.append(columns[:written][order])
        kept.append(values[:written][order])
    rows = np.concatenate(firsts) if firsts else np.zeros(0, np.int64)
    columns = np.concatenate(seconds) if seconds else np.zeros(0, np.int64)
    values = np.concatenate(kept) if kept else np.zeros(0)
    first = np.minimum(rows, columns).astype(np.int64)
    second = np.maximum(rows, columns).astype(np.int64)
    count = max(1, len(arrays.nodes))
    keys, unique = np.unique(first * count + second, return_index=True)
    return Backbone(arrays.nodes, keys // count, keys % count, np.round(values[unique], 6))
