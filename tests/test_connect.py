"""How two papers connect: shortest citation paths in either direction, and finding a paper by id, DOI or words."""
from __future__ import annotations

import pytest

from graphx.connect import citation_paths, find_paper
from graphx.errors import InputError
from graphx.graph import build_graph
from graphx.model import Paper
from graphx.rank import rank_graph


def ranked(papers: list[Paper]):
    graph = build_graph(papers)
    rank_graph(graph, this_year=2026)
    return graph


def test_the_connector_finds_every_shortest_path_and_says_which_way_each_step_goes():
    graph = ranked([Paper(id="a", references=["m1", "m2"]), Paper(id="b", references=["m1", "m2"]), Paper(id="m1"), Paper(id="m2"),
                    Paper(id="far")])
    assert citation_paths(graph, "a", "b") == [[("a", "cites"), ("m1", "cited by"), ("b", "")],
                                               [("a", "cites"), ("m2", "cited by"), ("b", "")]]
    assert citation_paths(graph, "a", "far") == []


def test_papers_are_found_by_id_doi_or_title_words_and_a_miss_says_what_was_expected():
    graph = ranked([Paper(id="W1", title="Attention Is All You Need", doi="10.48550/arxiv.1706.03762"),
                    Paper(id="W2", title="Attention is not explanation", references=["W1"])])
    assert find_paper(graph, "doi:10.48550/ARXIV.1706.03762") == "W1"
    assert find_paper(graph, "attention") == "W1"  # both match; the more central wins
    assert find_paper(graph, "Attention is not explanation") == "W2"
    with pytest.raises(InputError, match="no paper in this graph"):
        find_paper(graph, "graph neural networks")
