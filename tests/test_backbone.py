"""The similarity backbone's compiled loops compute exactly what its definition in sparse algebra says: the sum of
coupling, co-citation, keyword and direct-citation ties, and each paper's strongest of them."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from graphx import backbone as backbone_module
from graphx.backbone import BACKBONE_K, similarity_backbone, similarity_matrix
from graphx.graph import build_graph, edge_arrays
from graphx.keywords import keyword_links
from tests.support.corpus import realistic_papers


@pytest.fixture(scope="module")
def arrays():
    papers = realistic_papers(300)
    return edge_arrays(build_graph(papers, links=keyword_links(papers)))


def by_sparse_algebra(arrays) -> sparse.csr_matrix:
    """The similarity matrix as the module's notes define it, by scipy's sparse products (slow at scale)."""
    count = len(arrays.nodes)
    cites = sparse.csr_matrix((np.ones(len(arrays.citing)), (arrays.citing, arrays.cited)), shape=(count, count))
    citers, references = np.asarray(cites.sum(axis=0)).ravel(), np.asarray(cites.sum(axis=1)).ravel()
    total = backbone_module._direct_and_keyword(arrays, citers, references)
    for matrix, counts in ((cites, citers), (cites.T.tocsr(), references)):
        left, right, norms = backbone_module._shared_factors(matrix, counts, count)
        product = (left @ right).tocsr()  # real part: the idf-weighted cosine; imaginary part: the shared evidence
        evidence = np.minimum(product.data.imag * np.repeat(norms, np.diff(product.indptr)), 1.0)
        total = total + sparse.csr_matrix((product.data.real * evidence, product.indices, product.indptr), shape=product.shape)
    total = total.tocsr()
    total.setdiag(0)
    total.eliminate_zeros()
    return total


def test_the_similarity_matrix_is_coupling_plus_cocitation_plus_keywords_plus_direct_citations(arrays):
    expected, found = by_sparse_algebra(arrays), similarity_matrix(arrays)
    assert found.nnz == expected.nnz > 10 * len(arrays.nodes)
    assert np.allclose(found.toarray(), expected.toarray(), rtol=1e-12, atol=0)
    assert found.diagonal().tolist() == [0.0] * len(arrays.nodes)


def test_each_paper_keeps_its_strongest_ties_the_lower_column_winning_a_tie(arrays):
    matrix, backbone = similarity_matrix(arrays), similarity_backbone(arrays)
    chosen: set[tuple[int, int]] = set()
    for row in range(matrix.shape[0]):
        columns, values = matrix.indices[matrix.indptr[row]:matrix.indptr[row + 1]], matrix.data[matrix.indptr[row]:matrix.indptr[row + 1]]
        for column in columns[np.lexsort((columns, -values))][:BACKBONE_K]:
            chosen.add((min(row, int(column)), max(row, int(column))))
    assert set(zip(backbone.first.tolist(), backbone.second.tolist(), strict=True)) == chosen
    weights = np.asarray(matrix[backbone.first, backbone.second]).ravel()
    assert np.array_equal(backbone.weights, np.round(weights, 6))


def test_blocks_of_a_few_rows_give_the_matrix_in_one_piece(arrays, monkeypatch):
    whole = similarity_matrix(arrays)
    monkeypatch.setattr(backbone_module, "BLOCK_WORK", 300)
    pieces = similarity_matrix(arrays)
    assert (whole != pieces).nnz == 0
