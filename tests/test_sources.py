"""Crossref, arXiv, OpenCitations and Hugging Face clients, and a build that uses every source at once.

The stand-ins (tests/support/world.py) each know part of the real recorded Turing neighbourhood, the way the
real sources differ; every build here runs against them on the loopback.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

import graphx
from graphx.errors import SourceError
from graphx.sources import arxiv as ax
from graphx.sources import crossref as cr
from graphx.sources import huggingface as hf
from graphx.sources import opencitations as oc
from graphx.sources.http import Pacer
from tests.support import apis
from tests.support.server import Answer, StandIn
from tests.support.world import (
    HORVITZ_ARXIV,
    HORVITZ_DOI,
    LISTING_DATE,
    NEW_PREPRINT,
    QUO_VADIS,
    SOURCES,
    TURING_DOI,
    World,
    identified_references,
    load_record,
    turing_world,
)

INPUTS = [TURING_DOI, f"hf:{LISTING_DATE}", HORVITZ_DOI]


@pytest.fixture
def world():
    with turing_world() as server:
        yield World(load_record(), server)


@pytest.fixture
def every_source(fast_options, world):
    return replace(fast_options, sources=SOURCES, **world.urls())


def node_with(graph, **wanted):
    [node] = [n for n, d in graph.nodes(data=True) if all(d.get(k) == v for k, v in wanted.items())]
    return node


def test_a_build_with_every_source_has_one_node_per_work_and_the_union_of_their_citations(world, every_source):
    result = graphx.build(INPUTS, every_source)
    graph = result.graph
    for key in ("doi", "arxiv", "s2", "openalex"):
        values = [d[key] for _, d in graph.nodes(data=True) if d.get(key)]
        assert len(values) == len(set(values)), f"two nodes share a {key}"
    turing = node_with(graph, doi=TURING_DOI)
    cited = {graph.nodes[v]["doi"]: d["sources"] for _, v, k, d in graph.out_edges(turing, keys=True, data=True) if k == "cites"}
    references = [r["externalIds"]["DOI"].lower() for r in identified_references(world.record)]
    assert set(cited) == set(references)  # OpenAlex knew 3 of the 8; S2, Crossref and OpenCitations the rest
    assert cited[references[0]] == "openalex; s2"
    assert cited[references[4]] == "s2; crossref"
    assert cited[references[6]] == "s2; crossref; opencitations"
    assert graph.nodes[turing]["sources"] == "openalex; s2; crossref; opencitations"
    assert (graph.nodes[turing]["reference_count"], graph.nodes[turing]["references_known"]) == (14, 8)
    assert not result.failures


def test_fields_missing_from_openalex_come_from_the_next_source(every_source):
    graph = graphx.build(INPUTS, every_source).graph
    quo = graph.nodes[node_with(graph, arxiv=QUO_VADIS)]
    assert quo["abstract"].startswith("The startling success of ChatGPT")  # OpenAlex had none
    assert set(quo["sources"].split("; ")) == {"s2", "arxiv"}
    new = graph.nodes[node_with(graph, arxiv=NEW_PREPRINT)]  # a preprint only arXiv knows
    assert new["sources"] == "arxiv" and new["year"] == 2025 and "imitation game" in new["abstract"]


def test_a_preprint_and_its_published_article_become_one_node_that_names_both(every_source):
    # With --citations OpenAlex returns both of its works for the paper (they cite Turing): the ACM article
    # and the arXiv preprint under another title. arXiv's record names the published DOI, so they are one.
    graph = graphx.build(INPUTS, replace(every_source, citations=True, max_papers=2000)).graph
    horvitz = [n for n, d in graph.nodes(data=True) if "ten priorities" in d["title"].lower()]
    assert horvitz == ["W269004846"]  # the ACM article's OpenAlex id, not the preprint's W9000000001
    node = graph.nodes["W269004846"]
    assert node["doi"] == HORVITZ_DOI and node["arxiv"] == HORVITZ_ARXIV
    assert set(node["versions"].split("; ")) == {f"doi:10.48550/arxiv.{HORVITZ_ARXIV}", "openalex:W9000000001"}
    assert graph.has_edge("W269004846", node_with(graph, doi=TURING_DOI), key="cites")


def test_the_resolution_report_accounts_for_every_input_and_names_the_source(every_source):
    result = graphx.build(INPUTS, every_source)
    rows = [(r.input, r.status, r.source) for r in result.resolutions]
    assert rows == [
        (f"doi:{TURING_DOI}", "resolved", "openalex"),
        (f"hf:{LISTING_DATE}", "listing", "hf"),
        (f"arxiv:{QUO_VADIS}", "resolved", "s2"),  # OpenAlex has no work under its arXiv DOI
        (f"arxiv:{NEW_PREPRINT}", "resolved", "arxiv"),
        (f"doi:{HORVITZ_DOI}", "resolved", "openalex"),
    ]
    assert result.resolutions[2].origin == f"hf:{LISTING_DATE} #1"
    assert all(r.node in result.graph for r in result.resolutions if r.status == "resolved")


def test_a_rebuild_from_the_cache_asks_no_source_again(world, every_source):
    first = graphx.build(INPUTS, every_source)
    asked = len(world.server.requests)
    again = graphx.build(INPUTS, every_source)
    assert len(world.server.requests) == asked
    assert sorted(again.graph.edges(keys=True)) == sorted(first.graph.edges(keys=True))


def test_when_one_source_stays_down_the_build_goes_on_with_the_others_and_says_what_it_missed(world, every_source):
    world.server.fail_next(Answer(503, {"message": "down for maintenance"}), times=100, when=lambda r: r.path.startswith("/crossref"))
    result = graphx.build(INPUTS, every_source)
    graph = result.graph
    turing = node_with(graph, doi=TURING_DOI)
    assert len([v for _, v, k in graph.out_edges(turing, keys=True) if k == "cites"]) == 8  # S2 had them all
    assert "crossref" not in graph.nodes[turing]["sources"]
    assert any(f.startswith("crossref: filling gaps incomplete: crossref: HTTP 503") for f in result.failures)


def test_crossref_asks_50_dois_a_call_and_reads_references_abstracts_and_preprint_links(session, settings):
    items = [apis.crossref_item(f"10.5555/work.{n}", f"Work {n}", 2000 + n % 20, ["Ada Lovelace"]) for n in range(120)]
    items.append(apis.crossref_item("10.1145/3637866", "Now, Later, and Lasting", 2024, ["Eric Horvitz"],
                                    abstract="Advances & <promise>", reference_dois=["10.1093/MIND/LIX.236.433"],
                                    unstructured=["Turing, A. (1950)"], has_preprint="10.48550/arXiv.2404.04750"))
    with StandIn(apis.crossref_handler(items)) as server:
        client = cr.CrossrefClient(session, settings, server.url, mailto="me@example.org")
        papers = cr.works_by_doi(client, [f"10.5555/work.{n}" for n in range(120)] + ["https://doi.org/10.1145/3637866"])
        assert len(server.requests) == 3 and len(papers) == 121
        assert all(r.query["mailto"] == "me@example.org" for r in server.requests)
    horvitz = papers[-1]
    assert (horvitz.abstract, horvitz.references, horvitz.reference_count) == ("Advances & <promise>", ["doi:10.1093/mind/lix.236.433"], 2)
    assert horvitz.versions == ["doi:10.48550/arxiv.2404.04750"] and horvitz.authors == ["Eric Horvitz"]


def test_arxiv_asks_100_ids_a_call_skips_unknown_ids_and_reads_the_published_doi(session, settings):
    entries = [apis.arxiv_entry(f"2401.{n:05d}", f"Preprint {n}", "Text.", ["A B"], "2024-01-02T00:00:00Z") for n in range(250)]
    entries.append(apis.arxiv_entry(HORVITZ_ARXIV, "Now, Later, and Lasting", "Advances.", ["Eric Horvitz"], "2024-04-06T00:00:00Z",
                                    doi=HORVITZ_DOI, journal_ref="Commun. ACM 67 (2024)", categories=("cs.CY", "cs.AI"), version=3))
    with StandIn(apis.arxiv_handler(entries)) as server:
        client = ax.ArxivClient(session, settings, server.url, pacer=Pacer(0.0))
        papers = ax.papers_by_id(client, [f"2401.{n:05d}v2" for n in range(250)] + [f"{HORVITZ_ARXIV}v3", "9999.99999"])
        assert [len(r.query["id_list"].split(",")) for r in server.requests] == [100, 100, 52]
    assert len(papers) == 251  # the unknown id's error entry is not a paper
    horvitz = papers[-1]
    assert (horvitz.id, horvitz.doi, horvitz.venue, horvitz.keywords) == (
        f"arxiv:{HORVITZ_ARXIV}",
        HORVITZ_DOI,
        "Commun. ACM 67 (2024)",
        ["cs.CY", "cs.AI"],
    )
    assert horvitz.versions == [f"doi:{HORVITZ_DOI}"] and horvitz.url == f"https://arxiv.org/abs/{HORVITZ_ARXIV}"


def test_arxiv_is_paced_to_its_published_rate_but_cache_hits_are_not(session, settings):
    entries = [apis.arxiv_entry("2401.00001", "Preprint", "Text.", ["A B"], "2024-01-02T00:00:00Z")]
    with StandIn(apis.arxiv_handler(entries)) as server:
        client = ax.ArxivClient(session, settings, server.url, pacer=Pacer(0.3))
        import time
        started = time.monotonic()
        ax.papers_by_id(client, ["2401.00001"])
        ax.search_title(client, "Preprint")
        paced = time.monotonic() - started
        started = time.monotonic()
        ax.papers_by_id(client, ["2401.00001"])
        ax.search_title(client, "Preprint")
        assert paced >= 0.3 and time.monotonic() - started < 0.3 and len(server.requests) == 2


def test_a_broken_atom_feed_is_asked_again_and_never_cached(session, settings):
    entries = [apis.arxiv_entry("2401.00001", "Preprint", "Text.", ["A B"], "2024-01-02T00:00:00Z")]
    with StandIn(apis.arxiv_handler(entries)) as server:
        server.fail_next(Answer(200, b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>cut',
                                headers={"Content-Type": "application/atom+xml"}))
        client = ax.ArxivClient(session, settings, server.url, pacer=Pacer(0.0))
        assert [p.title for p in ax.papers_by_id(client, ["2401.00001"])] == ["Preprint"]
        assert len(server.requests) == 2


def test_an_atom_feed_with_entity_expansion_is_refused(session, settings):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>')
    with StandIn(lambda request: Answer(200, bomb, {"Content-Type": "application/atom+xml"})) as server:
        client = ax.ArxivClient(session, settings, server.url, pacer=Pacer(0.0))
        with pytest.raises(SourceError, match="unexpected shape.*not valid XML"):
            ax.papers_by_id(client, ["2401.00001"])


def test_opencitations_names_cited_and_citing_works_by_their_best_identifier(session, settings):
    links = [("omid:br/1 doi:10.1093/mind/lix.236.433 openalex:W14636783", "omid:br/2 doi:10.2307/2268810 openalex:W73712"),
             ("omid:br/1 doi:10.1093/mind/lix.236.433", "omid:br/3 pmid:18153422"),
             ("omid:br/4 doi:10.1145/3637866", "omid:br/1 doi:10.1093/MIND/LIX.236.433 openalex:W14636783")]
    with StandIn(apis.opencitations_handler(links)) as server:
        client = oc.OpenCitationsClient(session, settings, server.url)
        assert [oc.work_id(i) for i in oc.references(client, TURING_DOI)] == ["W73712", "pmid:18153422"]
        assert [oc.work_id(i) for i in oc.citations(client, TURING_DOI)] == ["doi:10.1145/3637866"]
        assert [r.path for r in server.requests] == [f"/references/doi:{TURING_DOI}", f"/citations/doi:{TURING_DOI}"]


def test_a_daily_listing_becomes_arxiv_queries_with_the_listed_titles(session, settings):
    listing = {
        LISTING_DATE: [
            apis.hf_entry(QUO_VADIS, "Quo Vadis ChatGPT?", "Abstract.", ["Venkat Venkatasubramanian"], "2024-05-29T00:00:00.000Z"),
            {"paper": {"id": "not-an-id", "title": "A listed paper without an arXiv id", "authors": []}},
        ]
    }
    with StandIn(apis.hf_handler(listing)) as server:
        client = hf.HFClient(session, settings, server.url)
        queries = hf.listing_queries(hf.daily_listing(client, LISTING_DATE), LISTING_DATE)
        assert server.requests[0].query == {"date": LISTING_DATE}
    assert [(q.kind, q.value, q.origin) for q in queries] == [
        ("arxiv", QUO_VADIS, f"hf:{LISTING_DATE} #1"), ("title", "A listed paper without an arXiv id", f"hf:{LISTING_DATE} #2")]
    assert queries[0].title == "Quo Vadis ChatGPT?" and queries[0].first_author == "Venkat Venkatasubramanian"


def test_a_day_without_a_listing_is_reported_not_built(fast_options, world):
    result = graphx.build(["hf:2025-11-22"], replace(fast_options, **world.urls()))
    [row] = result.resolutions
    assert (row.status, row.reason) == ("unresolved", "Hugging Face lists no papers on 2025-11-22")
