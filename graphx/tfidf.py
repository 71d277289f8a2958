"""The TF-IDF matrix keyword links are computed on, built by scikit-learn — in two processes for big corpora.

Unigrams and bigrams, English stop words out, sub-linear term frequency, rows L2-normalised; a term must be in
at least two papers (when there are 50 or more) and in at most half (20 or more). Most of the cost at 100,000
papers is scikit-learn counting every distinct bigram in one Python dict (tens of millions of lookups), so from
`PARALLEL_FROM` papers the corpus is counted in halves by ``CountVectorizer`` in two worker processes, the two
vocabularies joined, the same document-frequency limits applied to the joined counts, and the same
``TfidfTransformer`` weighting run on them — the result is the very matrix ``TfidfVectorizer`` makes, columns
in the same (alphabetical) order.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

PARALLEL_FROM = 20_000
TOKENS = {"stop_words": "english", "ngram_range": (1, 2), "token_pattern": r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"}


def frequency_limits(count: int) -> tuple[int, float]:
    """(min_df, max_df) for a corpus of `count` papers: tiny corpora keep every term."""
    return (1 if count < 50 else 2), (0.5 if count >= 20 else 1.0)


def tfidf_matrix(texts: list[str], workers: int | None = None) -> tuple[sp.csr_matrix, np.ndarray]:
    """(float32 CSR matrix, one row per text; the term of each column). ValueError when no term is left.

    >>> matrix, terms = tfidf_matrix(["graph neural networks", "neural networks for graphs"])
    >>> matrix.shape, list(terms[:3])
    ((2, 7), ['graph', 'graph neural', 'graphs'])
    """
    min_df, max_df = frequency_limits(len(texts))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(texts) < PARALLEL_FROM or workers < 2:
        vectorizer = TfidfVectorizer(**TOKENS, sublinear_tf=True, min_df=min_df, max_df=max_df, dtype=np.float32)
        return vectorizer.fit_transform(texts).tocsr(), vectorizer.get_feature_names_out()
    return _parallel_tfidf(texts, min_df, max_df, workers)


def _count_part(texts: list[str]) -> tuple[sp.csr_matrix, np.ndarray]:
    vectorizer = CountVectorizer(**TOKENS, dtype=np.int32)
    try:
        return vectorizer.fit_transform(texts).tocsr(), vectorizer.get_feature_names_out()
    except ValueError:  # this part has only stop words
        return sp.csr_matrix((len(texts), 0), dtype=np.int32), np.array([], dtype=object)


def _parallel_tfidf(texts: list[str], min_df: int, max_df: float, workers: int) -> tuple[sp.csr_matrix, np.ndarray]:
    bounds = np.linspace(0, len(texts), workers + 1).astype(int)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_count_part, [texts[a:b] for a, b in zip(bounds[:-1], bounds[1:])]))
    position: dict[str, int] = {}
    columns = []
    for _, terms in parts:  # one column per distinct term across the parts
        columns.append(np.fromiter((position.setdefault(t, len(position)) for t in terms), dtype=np.int64, count=len(terms)))
    width = len(position)
    joined = sp.vstack([sp.csr_matrix((counts.data, mapping[counts.indices], counts.indptr), shape=(counts.shape[0], width))
                        for (counts, _), mapping in zip(parts, columns)]).tocsr()
    document_frequency = np.bincount(joined.indices, minlength=width)
    keep = np.flatnonzero((document_frequency >= min_df) & (document_frequency <= max_df * len(texts)))
    if not len(keep):
        raise ValueError("After pruning, no terms remain")
    names = np.array(list(position), dtype=object)[keep]
    alphabetical = np.argsort(names, kind="stable")
    counts = joined[:, keep[alphabetical]]
    counts.sort_indices()
    weighted = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float32))
    return weighted.astype(np.float32).tocsr(), names[alphabetical]
