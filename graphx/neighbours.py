"""Each document's most similar documents by cosine over L2-normalised sparse TF-IDF rows.

Two ways, the same answer shape — ``(rows, columns, similarities)`` arrays, each row's pairs strongest first:

- `exact_neighbours`: the sparse product ``X @ X.T`` in row blocks. Exact, but its cost grows with the square
  of the corpus (papers of one field share hundreds of mid-frequency words, so the product is nearly dense):
  about 10 s at 10,000 papers, a minute at 30,000.
- `approximate_neighbours`: nominate candidates cheaply, then score only those exactly. Candidates are the
  nearest documents in a 64-dimensional latent semantic space (truncated SVD of the TF-IDF matrix, Deerwester
  et al. 1990), found with a FAISS inverted-file index (a k-means partition searched in its nearest cells,
  Jégou et al. 2011); every candidate pair then gets its true TF-IDF cosine, so a link's weight means the same
  as on the exact path. Recall of the exact links is measured by ``benchmarks/build_stages.py``.

`nearest_neighbours` picks the exact path up to `EXACT_LIMIT` documents. `similarity_moments` gives each
document's mean and spread of similarity to all the others, so a link can be judged against the paper's own
distribution rather than one fixed floor.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

EXACT_LIMIT = 5000
BLOCK_ROWS = 2000
LATENT_DIMENSIONS = 64
LATENT_COLUMNS = 30_000  # the most widespread terms carry the topics; rare bigrams only add noise to the SVD
SVD_SAMPLE = 40_000
CANDIDATES_PER_LINK = 12  # candidates nominated per link kept: 97% of links as strong as the exact ones at 10k
PAIR_CHUNK = 50_000
PROBED_CELLS = 8  # index cells searched for each paper's candidates (of 2 sqrt(n))
MOMENT_SAMPLE = 400  # rows each document is compared with for its similarity spread (all of them below this)
MOMENT_BLOCK = 10_000


def nearest_neighbours(
    matrix: sp.csr_matrix, top_k: int, min_similarity: float, seed: int = 42
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Up to `top_k` most similar other rows of each row, with similarity at least `min_similarity`.

    >>> m = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> rows, columns, values = nearest_neighbours(m, top_k=1, min_similarity=0.5)
    >>> list(zip(rows.tolist(), columns.tolist()))
    [(0, 1), (1, 0), (2, 1)]
    """
    if matrix.shape[0] <= EXACT_LIMIT:
        return exact_neighbours(matrix, top_k, min_similarity)
    return approximate_neighbours(matrix, top_k, min_similarity, seed)


def exact_neighbours(matrix: sp.csr_matrix, top_k: int, min_similarity: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The exact top-k by sparse products in blocks of rows (never the whole square at once)."""
    transposed = matrix.T.tocsc()
    rows, columns, values = [], [], []
    for start in range(0, matrix.shape[0], BLOCK_ROWS):
        block = (matrix[start:start + BLOCK_ROWS] @ transposed).tocoo()
        block_rows = block.row + start
        keep = (block.col != block_rows) & (block.data >= min_similarity)
        rows.append(block_rows[keep])
        columns.append(block.col[keep])
        values.append(block.data[keep])
    return top_per_row(np.concatenate(rows), np.concatenate(columns), np.concatenate(values), top_k)


def approximate_neighbours(
    matrix: sp.csr_matrix, top_k: int, min_similarity: float, seed: int = 42
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates from a latent-space index, scored by their exact TF-IDF cosine; see the module notes."""
    candidates = latent_candidates(matrix, top_k * CANDIDATES_PER_LINK, seed)
    count = matrix.shape[0]
    rows = np.repeat(np.arange(count), candidates.shape[1])
    columns = candidates.ravel()
    keep = (columns >= 0) & (columns != rows)
    # a pair nominated from both ends is scored once
    keys = np.sort(np.minimum(rows[keep], columns[keep]).astype(np.int64) * count + np.maximum(rows[keep], columns[keep]))
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]  # sort-based unique: 4x numpy's hashing here
    first, second = keys // count, keys % count
    values = pair_similarities(matrix, first, second)
    keep = values >= min_similarity
    first, second, values = first[keep], second[keep], values[keep]
    return top_per_row(np.concatenate([first, second]), np.concatenate([second, first]), np.concatenate([values, values]), top_k)


def latent_candidates(matrix: sp.csr_matrix, per_row: int, seed: int) -> np.ndarray:
    """For each row, the ids of its `per_row` nearest rows in latent semantic space (-1 where fewer exist)."""
    import faiss
    from sklearn.decomposition import TruncatedSVD
    from threadpoolctl import threadpool_limits

    count = matrix.shape[0]
    document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    columns = np.sort(np.argsort(-document_frequency, kind="stable")[:LATENT_COLUMNS])
    narrowed = matrix[:, columns]
    dimensions = max(2, min(LATENT_DIMENSIONS, len(columns) - 1))
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(count, size=min(count, SVD_SAMPLE), replace=False))
    svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=4, random_state=seed)
    # one BLAS thread: the products here are tall and thin (64 + 10 columns), where BLAS threads only add
    # hand-offs; with two they took 2-4x the wall and CPU time of one on a 2-core machine, more under load
    with threadpool_limits(limits=1, user_api="blas"):
        svd.fit(narrowed[sample])
        latent = np.ascontiguousarray(svd.transform(narrowed), dtype=np.float32)
    faiss.normalize_L2(latent)
    cells = max(1, int(2 * np.sqrt(count)))  # k-means cells, trained on ≥ 30 points each
    quantizer = faiss.IndexFlatIP(dimensions)
    index = faiss.IndexIVFFlat(quantizer, dimensions, cells, faiss.METRIC_INNER_PRODUCT)
    index.cp.seed = seed
    index.train(latent[sample])
    index.add(latent)
    # the nearest 8 cells hold a paper's latent neighbours: searching 24 found the very same links at 10,000 and
    # 20,000 papers (the candidates' limit is the latent space, not the search), at three times the cost
    index.nprobe = min(cells, PROBED_CELLS)
    _, found = index.search(latent, per_row + 1)  # +1: each row finds itself
    return found


def pair_similarities(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Cosine of each (row, column) pair of L2-normalised rows: the sum of their shared terms' products.

    >>> m = sp.csr_matrix(np.array([[0.6, 0.8], [1.0, 0.0]]))
    >>> pair_similarities(m, np.array([0, 1]), np.array([1, 1])).round(2).tolist()
    [0.6, 1.0]
    """
    values = np.empty(len(rows), dtype=np.float64)

    def score(start: int) -> None:
        stop = start + PAIR_CHUNK
        product = matrix[rows[start:stop]].multiply(matrix[columns[start:stop]])
        values[start:stop] = np.asarray(product.sum(axis=1)).ravel()

    # scipy's sparse kernels release the GIL, so chunks run side by side on every core
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(score, range(0, len(rows), PAIR_CHUNK)))
    return values


def similarity_moments(matrix: sp.csr_matrix, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """(mean, standard deviation) of each row's cosine with the other rows: exact up to `MOMENT_SAMPLE`
    rows, beyond that over the same `MOMENT_SAMPLE` rows drawn at random (seeded) for every row — a spread
    known to a few per cent, at the cost of one thin sparse product.

    >>> m = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> [v.round(2).tolist() for v in similarity_moments(m)]
    [[0.4, 0.7, 0.3], [0.4, 0.1, 0.3]]
    """
    count = matrix.shape[0]
    if count <= MOMENT_SAMPLE:
        sample = np.arange(count)
    else:
        sample = np.sort(np.random.default_rng(seed).choice(count, size=MOMENT_SAMPLE, replace=False))
    in_sample = np.zeros(count, dtype=bool)
    in_sample[sample] = True
    others = (len(sample) - in_sample).astype(np.float64)  # a row is not compared with itself
    transposed = matrix[sample].T.tocsc()
    own = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    total, squares = np.empty(count), np.empty(count)
    for start in range(0, count, MOMENT_BLOCK):
        block = (matrix[start:start + MOMENT_BLOCK] @ transposed).tocsr()
        total[start:start + MOMENT_BLOCK] = np.asarray(block.sum(axis=1)).ravel()
        squares[start:start + MOMENT_BLOCK] = np.asarray(block.multiply(block).sum(axis=1)).ravel()
    total -= own * in_sample
    squares -= own ** 2 * in_sample
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(others > 0, total / others, 0.0)
        variance = np.where(others > 0, squares / others - mean ** 2, 0.0)
    return mean, np.sqrt(np.clip(variance, 0.0, None))


def top_per_row(rows: np.ndarray, columns: np.ndarray, values: np.ndarray, top_k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's `top_k` pairs, strongest first (ties by column), rows in order.

    One unstable sort of a single key (row, then strength) finds each row's k-th strength; only the pairs at
    least that strong (ties included) are then put in the exact order: a three-key sort of every candidate
    pair was the slowest step of linking 100,000 papers.

    >>> top_per_row(np.array([0, 0, 0, 1]), np.array([3, 1, 2, 0]), np.array([0.5, 0.9, 0.5, 0.2]), 2)
    (array([0, 0, 1]), array([1, 2, 0]), array([0.9, 0.5, 0.2]))
    """
    if not len(rows):
        return rows, columns, values
    order = np.argsort(rows.astype(np.float64) * 4 + (2 - np.clip(values, -1.0, 1.0)))  # row, then strongest
    rows, columns, values = rows[order], columns[order], values[order]
    counts = np.bincount(rows)
    ends = np.cumsum(counts)  # each row's pairs end here in the sorted order
    last = np.minimum(ends - counts + top_k, ends) - 1  # its k-th strongest pair (or its last)
    keep = values >= values[last[rows]]
    rows, columns, values = rows[keep], columns[keep], values[keep]
    order = np.lexsort((columns, -values, rows))
    rows, columns, values = rows[order], columns[order], values[order]
    counts = np.bincount(rows)
    keep = np.arange(len(rows)) - (np.cumsum(counts) - counts)[rows] < top_k
    return rows[keep], columns[keep], values[keep]
