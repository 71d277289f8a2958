"""Keyword links past the exact path's reach: the vectorised term counts are the very matrix scikit-learn's
CountVectorizer makes, and the latent-space candidates find links as strong as the exact top-k ones, on text made of real abstracts."""
from __future__ import annotations

import numpy as np
import pytest

from graphx import neighbours, tfidf
from graphx.keywords import keyword_links, paper_text
from tests.support.corpus import realistic_papers


@pytest.fixture(scope="module")
def papers():
    return realistic_papers(6000)


def test_the_vectorised_counts_are_the_ones_scikit_learn_makes_with_the_same_terms(papers):
    from sklearn.feature_extraction.text import CountVectorizer

    texts = [paper_text(p) for p in papers[:3000]] + ["", "A clause. Another one; and: a third!", "pre-training"]
    vectorizer = CountVectorizer(analyzer=tfidf.Terms(), dtype=np.int32)
    expected = vectorizer.fit_transform(texts).tocsr()
    counts, vocabulary = tfidf.count_terms(texts, tfidf.Terms())
    assert vocabulary.tolist() == vectorizer.get_feature_names_out().tolist()
    assert counts.shape == expected.shape and (counts != expected).nnz == 0
    frequency = np.bincount(expected.indices, minlength=expected.shape[1])
    kept, kept_vocabulary = tfidf.count_terms(texts, tfidf.Terms(), min_df=2, max_df=0.5)
    keep = (frequency >= 2) & (frequency <= 0.5 * len(texts))
    assert kept_vocabulary.tolist() == vocabulary[keep].tolist() and (kept != expected[:, keep]).nnz == 0


def test_approximate_links_are_as_strong_as_the_exact_ones(papers, monkeypatch):
    assert len(papers) > neighbours.EXACT_LIMIT
    approximate = keyword_links(papers)
    monkeypatch.setattr(neighbours, "EXACT_LIMIT", 10**9)
    exact = keyword_links(papers)
    weakest: dict[str, float] = {}
    for link in exact:
        for end in (link.source, link.target):
            weakest[end] = min(weakest.get(end, 1.0), link.weight)
    as_strong = sum(link.weight >= min(weakest.get(link.source, 0), weakest.get(link.target, 0)) - 1e-4 for link in approximate)
    assert as_strong / len(approximate) > 0.95
    assert sum(link.weight for link in approximate) / sum(link.weight for link in exact) > 0.97
    shared = {(link.source, link.target): link for link in exact}
    for link in approximate:  # a link found both ways has the same weight and terms: it is the exact cosine
        if (link.source, link.target) in shared:
            assert link.weight == pytest.approx(shared[(link.source, link.target)].weight, abs=2e-4)
            assert link.terms == shared[(link.source, link.target)].terms


def test_approximate_links_are_the_same_on_every_run(papers):
    first = keyword_links(papers[:5500])
    assert first == keyword_links(papers[:5500])
