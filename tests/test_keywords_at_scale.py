"""Keyword links past the exact path's reach: the two-process TF-IDF is the very matrix one process makes,
and the latent-space candidates find links as strong as the exact top-k ones, on text made of real abstracts."""
from __future__ import annotations

import pytest

from graphx import neighbours, tfidf
from graphx.keywords import keyword_links, paper_text
from tests.support.corpus import realistic_papers


@pytest.fixture(scope="module")
def papers():
    return realistic_papers(6000)


def test_tfidf_in_two_processes_is_the_matrix_one_process_makes(papers, monkeypatch):
    texts = [paper_text(p) for p in papers[:3000]]
    keywords = [["Topic A"] if i % 3 else ["Topic B", "topic a"] for i in range(len(texts))]
    expected, expected_terms = tfidf.tfidf_matrix(texts, keywords, workers=1)
    monkeypatch.setattr(tfidf, "PARALLEL_FROM", 1000)
    matrix, terms = tfidf.tfidf_matrix(texts, keywords, workers=2)
    assert list(terms) == list(expected_terms)
    assert matrix.shape == expected.shape and abs(matrix - expected).max() < 1e-6


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
