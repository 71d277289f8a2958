"""Keyword links on real text: the two seed listings against the topical groups a reader sees in them
(tests/data/keyword_groups.json), and real OpenAlex works whose keywords and topics are shared terms."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from benchmarks.keyword_groups import GROUPS, group_scores, listing_papers, paper_groups
from graphx.keywords import keyword_links
from graphx.sources.openalex import parse_work
from graphx.tfidf import Terms, tfidf_matrix

LISTINGS = sorted(json.loads(GROUPS.read_text(encoding="utf-8")))
WORKS = Path(__file__).parent / "data" / "api" / "openalex" / "academic-explorer" / "works"


@pytest.fixture(scope="module", params=LISTINGS)
def listing(request):
    papers = listing_papers(request.param)
    return papers, paper_groups(request.param, papers), keyword_links(papers)


def test_every_labelled_title_is_a_paper_of_its_listing():
    for name in LISTINGS:
        papers = listing_papers(name)
        groups = paper_groups(name, papers)  # a title missing from the listing would raise KeyError
        assert sum(bool(g) for g in groups.values()) >= len(papers) * 0.6


def test_a_listing_built_offline_shows_its_topics_as_linked_groups(listing):
    _, groups, links = listing
    recall, precision = group_scores(groups, [(link.source, link.target) for link in links])
    # the fixed 0.12 cosine floor it replaced: recall 0.83 / 1.00 at precision 0.36 / 0.49; now 0.80 / 0.87
    # at 0.76 / 0.77 (the target, 0.8 for both, is not reached yet: python benchmarks/keyword_groups.py)
    assert recall >= 0.78
    assert precision >= 0.72


def test_the_listings_named_topics_are_found(listing):
    papers, _, links = listing
    titles = {p.id: p.title for p in papers}
    linked = {frozenset((titles[link.source], titles[link.target])) for link in links}
    expected = {
        "Scaling Laws for Autoregressive Generative Modeling": "Scaling Laws for Neural Machine Translation",
        "AutoInt: Automatic Feature Interaction Learning via Self-Attentive Neural Networks":
            "FCN: Fusing Exponential and Linear Cross Network for Click-Through Rate Prediction",
        "Efficiently Modeling Long Sequences with Structured State Spaces":
            "A Survey on Structured State Space Sequence (S4) Models",
        "Self-Attentive Sequential Recommendation":
            "BERT4Rec: Sequential Recommendation with Bidirectional Encoder Representations from Transformer",
    }
    present = set(titles.values())
    pairs = [frozenset(pair) for pair in expected.items() if set(pair) <= present]
    assert pairs and all(pair in linked for pair in pairs)


def test_each_link_names_terms_both_papers_use(listing):
    papers, _, links = listing
    terms = Terms()
    used = {p.id: set(terms(p.title + " " + p.abstract)) for p in papers}
    assert links
    for link in links:
        assert 1 <= len(link.terms) <= 3
        for term in link.terms:  # shown by one form of the word ("tuned"), used in any ("fine-tuning")
            stemmed = " ".join(terms(term)[:len(term.split())])
            assert stemmed in used[link.source] and stemmed in used[link.target], (term, link)


def test_a_paper_that_is_a_little_like_everything_becomes_no_hub(listing):
    _, _, links = listing
    degree: dict[str, int] = {}
    for link in links:
        for end in (link.source, link.target):
            degree[end] = degree.get(end, 0) + 1
    assert max(degree.values()) <= 5  # each end must count the other among its 5 nearest


def test_the_same_links_every_run():
    papers = listing_papers(LISTINGS[0])
    assert keyword_links(papers) == keyword_links(papers)
    assert keyword_links(list(reversed(papers))) and {(link.source, link.target) for link in keyword_links(papers)} == {
        tuple(sorted((link.source, link.target))) for link in keyword_links(list(reversed(papers)))}


def test_openalex_keywords_and_topics_count_as_shared_keywords():
    works = [parse_work(json.loads(path.read_text(encoding="utf-8"))) for path in sorted(WORKS.glob("*.json"))]
    links = keyword_links(works)
    named = {term for link in links for term in link.terms}
    assert {"Interactive and Immersive Displays", "Virtual Reality Applications and Impacts"} <= named
    without = keyword_links([dataclasses.replace(w, keywords=[]) for w in works])
    assert len(links) > len(without)


def test_general_english_decides_what_is_distinctive_in_a_short_list():
    texts = ["Grokking in transformers: results", "Grokking of small networks: results", "Transformers for poetry"]
    matrix, terms = tfidf_matrix(texts)
    weight = dict(zip(terms, matrix[0].toarray().ravel(), strict=True))
    assert weight["grokking"] > weight["results"] > 0  # both in the same two texts; one is common English


def test_a_prefix_is_joined_to_its_word_whether_hyphenated_or_not():
    # "pre-", "multi-", "re-" are no words of their own: "pre-training" is "pretraining", not the word "training"
    _, terms = tfidf_matrix(["pre-training of language models", "pretraining language models", "training poetry"])
    assert "pretraining" in set(terms) and "training" not in set(terms)
    assert Terms()("multi-task re-ranking") == Terms()("multitask reranking")


def test_word_forms_and_hyphenated_phrases_meet():
    _, terms = tfidf_matrix(["a cross-entropy loss for recommenders", "the cross entropy of recommendation", "poetry"])
    assert {"cross entropy", "recommendation"} <= set(terms) or {"cross entropy", "recommenders"} <= set(terms)
