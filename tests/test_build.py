"""The library's build() against local stand-ins: exact networks, resolution outcomes, request counts."""
from __future__ import annotations

import json
from dataclasses import replace

from graphx.build import build
from graphx.inputs.ids import detect_query
from graphx.model import Query
from graphx.replay import S2Recording, demo_record_path, serve_s2
from tests.conftest import SEEDS

TURING = "W14636783"


def cited_by_turing(works) -> set[str]:
    return {r.rsplit("/", 1)[-1] for r in works[0]["referenced_works"]}


def test_a_depth_1_build_holds_exactly_the_seed_its_references_and_the_citations_among_them(turing_openalex, turing_works, fast_options):
    options = replace(fast_options, openalex_url=turing_openalex.url)
    result = build(["10.1093/mind/lix.236.433"], options)
    cites = {(u, v) for u, v, k in result.graph.edges(data="kind") if k == "cites"}
    assert cites == {(TURING, ref) for ref in cited_by_turing(turing_works)}
    assert set(result.graph) == {TURING} | cited_by_turing(turing_works)
    assert result.central[0] != TURING  # the references are cited; the seed is not
    assert [r.status for r in result.resolutions] == ["resolved"]


def test_citing_works_join_with_citations_capped_by_max_papers(turing_openalex, turing_works, fast_options):
    options = replace(fast_options, openalex_url=turing_openalex.url, citations=True, max_papers=60)
    result = build(["W14636783"], options)
    assert result.graph.number_of_nodes() == 60
    citing = {u for u, v, k in result.graph.edges(data="kind") if k == "cites" and v == TURING}
    assert len(citing) == 60 - 1 - 8
    top_citing = sorted(turing_works[9:], key=lambda w: -w["cited_by_count"])[: len(citing)]
    assert {w["id"].rsplit("/", 1)[-1] for w in top_citing} == citing
    assert result.central[0] == TURING


def test_eight_seeds_at_depth_1_cost_one_batch_plus_one_call_per_hundred_references(synthetic_openalex, synthetic_works, fast_options):
    seeds = [w["doi"].removeprefix("https://doi.org/") for w in synthetic_works[-8:]]
    options = replace(fast_options, openalex_url=synthetic_openalex.url, max_papers=5000)
    result = build(seeds, options)
    seed_ids = {w["id"] for w in synthetic_works[-8:]}
    references = {r for w in synthetic_works[-8:] for r in w["referenced_works"]} - seed_ids
    assert result.graph.number_of_nodes() == 8 + len(references)
    assert len(synthetic_openalex.requests) == 1 + -(-len(references) // 100)
    assert result.usage[0].calls == {"list": len(synthetic_openalex.requests)}
    # a warm rebuild makes no request at all
    again = build(seeds, options)
    assert len(synthetic_openalex.requests) == 1 + -(-len(references) // 100)
    assert again.usage[0].total == 0 and sorted(again.graph.edges) == sorted(result.graph.edges)


def test_titles_resolve_only_when_verified_and_unresolved_titles_stay_as_local_nodes(turing_openalex, fast_options):
    options = replace(fast_options, openalex_url=turing_openalex.url, depth=0)
    result = build([Query("title", "Computing machinery and intelligence", year=1950),
                    Query("title", "Computing machinery and intelligence", year=1990, origin="list.txt:2"),
                    "An unsolvable problem of elementary number theory"], options)
    first, wrong_year, church = result.resolutions
    assert (first.status, first.node, first.method, first.score) == ("resolved", TURING, "title match", 100.0)
    assert wrong_year.status == "duplicate"
    assert church.status == "resolved" and church.title == "An Unsolvable Problem of Elementary Number Theory"


def test_every_input_ends_in_exactly_one_outcome(turing_openalex, fast_options):
    options = replace(fast_options, openalex_url=turing_openalex.url, depth=0)
    listed = detect_query("doi:not-a-doi", "list.txt:3")  # a line of a file: a row of its own, not the end of the build
    result = build(["W14636783", "https://openalex.org/W14636783", listed, "10.9999/unknown", "A title nobody wrote"], options)
    assert [(r.status, r.method) for r in result.resolutions] == [
        ("resolved", "openalex id"), ("duplicate", ""), ("unresolved", ""), ("unresolved", ""), ("unresolved", "local")]
    assert "not a DOI" in result.resolutions[2].reason
    assert "not found in openalex" in result.resolutions[3].reason
    assert result.resolutions[4].node.startswith("local:")


def test_an_offline_listing_with_an_empty_cache_still_becomes_a_keyword_graph(fast_options):
    options = replace(fast_options, offline=True, openalex_url="http://127.0.0.1:9")
    result = build([str(SEEDS / "listing-scaling-and-entropy.txt")], options)
    assert result.graph.number_of_nodes() == 82
    kinds = {k for _, _, k in result.graph.edges(data="kind")}
    assert kinds == {"keyword"} and result.graph.number_of_edges() >= 40  # its topical groups, linked (tests/test_keywords.py)
    assert all(r.status == "unresolved" and "--offline" in r.reason for r in result.resolutions)


def test_openalex_and_s2_records_of_the_same_works_merge_into_one_node_each(turing_openalex, fast_options):
    recording = S2Recording.from_paper_record(json.loads(demo_record_path().read_text(encoding="utf-8")))
    with serve_s2(recording) as (s2_url, log):
        options = replace(fast_options, openalex_url=turing_openalex.url, s2_url=s2_url, sources=("openalex", "s2"))
        result = build(["10.1093/mind/lix.236.433"], options)
    turing = result.graph.nodes[TURING]
    assert turing["sources"] == "openalex; s2" and turing["s2"] == "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert result.graph.number_of_nodes() == 9  # Turing and his 8 identified references, each once
    assert all("openalex" in d["sources"] for _, d in result.graph.nodes(data=True))


def test_a_build_cut_short_by_a_failing_api_resumes_from_the_cache_without_refetching(synthetic_openalex, synthetic_works, fast_options):
    from tests.support.server import Answer

    seeds = [w["doi"].removeprefix("https://doi.org/") for w in synthetic_works[-8:]]
    options = replace(fast_options, openalex_url=synthetic_openalex.url, max_papers=5000)
    # The seed lookup and the first reference batch succeed; then the API fails past every retry.
    synthetic_openalex.fail_next(Answer(503, {"error": "down"}), times=50, when=lambda r: len(synthetic_openalex.requests) > 2)
    broken = build(seeds, options)
    assert any("incomplete" in p for p in broken.problems)
    fetched_before = {r.query.get("filter") for r in synthetic_openalex.requests[:2]}
    synthetic_openalex.faults.clear()
    synthetic_openalex.requests.clear()
    resumed = build(seeds, options)
    assert not resumed.problems
    assert fetched_before.isdisjoint({r.query.get("filter") for r in synthetic_openalex.requests})
    assert resumed.graph.number_of_nodes() > broken.graph.number_of_nodes()
