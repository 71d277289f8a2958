"""The Python API takes what the command line takes, and refuses what it refuses, through the same code."""
from __future__ import annotations

import pytest

import graphx
from graphx.config import BuildOptions, options_from_env
from graphx.errors import GraphxError, InputError
from graphx.scores import SCORES
from tests.conftest import SEEDS

LISTING = str(SEEDS / "listing-scaling-and-entropy.txt")


@pytest.fixture(scope="module")
def listing_graph(tmp_path_factory):
    """An offline build of a pasted listing (82 titles with abstracts, linked by shared keywords), from the
    library with options written as on the command line."""
    return graphx.build([LISTING], offline=True, sources="all", max_age="7d", cache_dir=str(tmp_path_factory.mktemp("cache")))


def test_sources_and_max_age_read_as_the_cli_reads_them(listing_graph):
    assert BuildOptions(sources="all").sources == ("openalex", "s2", "crossref", "arxiv", "opencitations")
    assert BuildOptions(sources="openalex,s2").sources == ("openalex", "s2")
    assert BuildOptions(sources=["OpenAlex", "semanticscholar"]).sources == ("openalex", "s2")
    assert [BuildOptions(max_age=age).max_age for age in ("7d", "12h", 90)] == [604800, 43200, 90]
    assert options_from_env({}, sources="s2,openalex", max_age="0").sources == ("s2", "openalex")
    assert listing_graph.recipe["options"]["sources"] == ["openalex", "s2", "crossref", "arxiv", "opencitations"]
    assert listing_graph.recipe["options"]["max_age"] == 604800
    assert listing_graph.graph.number_of_nodes() == 82


@pytest.mark.parametrize("settings, message", [
    ({"sources": "openalex,scopus"}, "--sources 'openalex,scopus': unknown source scopus"),
    ({"sources": "crossref"}, "needs openalex or s2"),
    ({"max_age": "a week"}, "--max-age 'a week': expected a number with s, m, h, d or w"),
    ({"max_age": "-1d"}, "an age cannot be negative"),
])
def test_the_library_refuses_what_the_cli_refuses_in_the_same_words(settings, message):
    with pytest.raises(InputError, match=message):
        graphx.build([LISTING], offline=True, **settings)


def test_rank_names_the_valid_scores_and_refuses_a_top_below_one(listing_graph):
    assert len(listing_graph.rank(by="keyword_strength", top=3)) == 3
    with pytest.raises(GraphxError) as unknown:
        listing_graph.rank(by="foo")
    assert str(unknown.value) == f"unknown score 'foo' (expected one of: {', '.join(SCORES)})"
    for top in (0, -1):
        with pytest.raises(GraphxError, match=f"top must be ≥ 1 \\(got {top}\\)"):
            listing_graph.rank(top=top)


def test_a_graph_shows_itself_in_a_repl_as_one_short_line(listing_graph, tmp_path):
    from graphx.citation_graph import CitationGraph

    kinds = [kind for _, _, kind in listing_graph.graph.edges(data="kind")]
    assert repr(listing_graph) == f"<CitationGraph: 82 papers, 0 citations, {kinds.count('keyword'):,} keyword links>"
    graphx.write_outputs(listing_graph, tmp_path / "lib")
    assert repr(CitationGraph.load(tmp_path / "lib")).endswith(f"keyword links; folder {tmp_path / 'lib'}>")
