"""Titles resolved in batches, cheapest first: OpenAlex ``title.search`` OR-filters, arXiv ``ti:`` OR-queries and
S2 bulk search, each answer's candidates verified as a single search's are; the single search only for what the
batches left. Served by local stand-ins replaying real recorded answers (tests/data/api/PROVENANCE.md) or
holding real records, with faults injected.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest

import graphx
from graphx.inputs.listing import parse_listing
from graphx.judge import best_candidate
from graphx.model import Query, normalise_title
from graphx.resolve import batch_routes, resolve
from graphx.sources import arxiv as ax
from graphx.sources import openalex as oa
from graphx.sources import semanticscholar as s2
from graphx.sources.http import Pacer
from graphx.sources.limits import TITLE_BATCH_CHARS, openalex_units
from graphx.sources.registry import Registry
from tests.support import apis
from tests.support.listing_world import listing_world
from tests.support.openalex import openalex_handler, works_from_s2_recording
from tests.support.server import Answer, Request, StandIn
from tests.support.world import load_record

DATA = Path(__file__).parent / "data"
RECORDED = DATA / "api" / "openalex" / "paper-qa"
PAPERQA = "PaperQA: Retrieval-Augmented Generative Agent for Scientific Research"
CHEMISTRY = "Augmenting large language models with chemistry tools"


def listing_titles() -> list[str]:
    return [p.title for path in sorted((DATA / "seeds").glob("listing-*.txt")) for p in parse_listing(path.read_text(encoding="utf-8"))]


def recorded_title_filters():
    """A handler answering a ``title.search`` OR-filter with the recorded OpenAlex answers of the titles it names."""
    recorded = {title: json.loads((RECORDED / f"title_search-paper_attributes{n}.json").read_text(encoding="utf-8"))
                for n, title in ((1, PAPERQA), (2, CHEMISTRY))}

    def handle(request: Request) -> Answer:
        key, _, values = request.query.get("filter", "").partition(":")
        if request.path != "/works" or key != "title.search":
            return Answer(404, {"error": "404 Not Found"})
        asked = {normalise_title(v) for v in values.split("|")}
        results = [w for title, body in recorded.items() if normalise_title(title) in asked for w in body["results"]]
        return Answer(200, {"meta": {"count": len(results), "page": 1, "per_page": 100}, "results": results})

    return handle


def test_titles_are_packed_into_or_filters_within_a_4_kb_url_each_title_once():
    titles = listing_titles()
    groups = oa.title_groups(titles)
    assert [t for g in groups for t in g] == list(dict.fromkeys(oa.title_terms(t) for t in titles))
    assert all(len("title.search:" + quote("|".join(g), safe="")) <= TITLE_BATCH_CHARS for g in groups)
    assert len(groups) <= len(titles) / 25  # some 40 titles a call, not one


def test_recorded_title_filters_resolve_two_titles_in_one_call_to_the_article_not_its_renamed_preprint(session, settings):
    with StandIn(recorded_title_filters()) as server:
        client = oa.OpenAlexClient(session, settings, server.url)
        rows, papers = resolve([Query("title", PAPERQA), Query("title", CHEMISTRY)], Registry([client], ("openalex",)))
    assert [(r.status, r.node, r.source) for r in rows] == [
        ("resolved", "W4389761608", "openalex"),
        ("resolved", "W4396723768", "openalex"),
    ]
    assert client.usage.calls == {"title search": 1}  # one batched call, no single search
    assert openalex_units(client.usage.calls) == 10
    [asked] = server.requests
    assert asked.query["filter"] == "title.search:" + "|".join(oa.title_terms(t) for t in (PAPERQA, CHEMISTRY))
    assert any("2 of 2 settled in 1 calls, 10 OpenAlex units" in note for note in client.usage.notes)
    assert client.usage.summary().startswith("openalex: 1 calls (title search 1), 0 from cache, 10 units")


def test_a_recorded_arxiv_feed_answers_an_or_query_of_titles(session, settings):
    recorded = json.loads((DATA / "api" / "arxiv" / "q_testing_s0_m10_bc5a6c384fe9.json").read_text(encoding="utf-8"))
    titles = ["Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques",
              "Towards Explainable Test Case Prioritisation with Learning-to-Rank Models"]
    with StandIn(lambda request: Answer(200, recorded["body"], {"Content-Type": "application/atom+xml"})) as server:
        client = ax.ArxivClient(session, settings, server.url, pacer=Pacer(0))
        rows, _ = resolve([Query("title", t) for t in titles], Registry([client], ("arxiv",)))
    [asked] = server.requests
    assert asked.query["search_query"] == " OR ".join(ax.title_clause(t) for t in titles)
    assert [r.status for r in rows] == ["resolved", "resolved"] and all(r.node.startswith("arxiv:") for r in rows)


def test_s2_bulk_search_settles_real_titles_in_one_paced_call(session, settings):
    record = load_record()
    citing = [c for c in record["citations"] if c.get("title") and c.get("abstract")][:12]
    with StandIn(apis.s2_handler(citing)) as server:
        client = s2.S2Client(session, settings, server.url, min_interval=0)
        rows, _ = resolve([Query("title", c["title"]) for c in citing], Registry([client], ("s2",)))
    assert [r.node for r in rows] == [f"s2:{c['paperId']}" for c in citing]
    assert client.usage.calls == {"bulk search": 1}
    [asked] = server.requests
    assert asked.path == "/paper/search/bulk" and asked.query["query"].count('" | "') == 11


def test_a_filter_refused_as_too_long_is_asked_again_in_halves(session, settings, demo_works):
    titles = [w["display_name"] for w in demo_works[1:41]]
    with StandIn(openalex_handler(demo_works)) as server:
        server.fail_next(
            Answer(400, {"error": "Invalid query parameters error."}), when=lambda r: "title.search" in r.query.get("filter", "")
        )
        client = oa.OpenAlexClient(session, settings, server.url)
        rows, _ = resolve([Query("title", t) for t in titles], Registry([client], ("openalex",)))
    assert sum(r.status == "resolved" for r in rows) >= 39
    assert client.usage.calls.get("title search") == 3 and "search" not in client.usage.calls


def test_a_spent_allowance_stops_the_filters_and_the_titles_go_on_to_the_free_routes(session, settings, demo_works):
    record = load_record()
    citing = [c for c in record["citations"] if c.get("title")][:10]
    spent = Answer(429, {"error": "Daily limit exceeded"}, {"Retry-After": "36000"})
    handler = apis.router(openalex=openalex_handler(demo_works), s2=apis.s2_handler(citing))
    with StandIn(handler) as server:
        server.fail_next(spent, times=100, when=lambda r: r.path.startswith("/openalex"))
        clients = Registry([oa.OpenAlexClient(session, settings, f"{server.url}/openalex"),
                            s2.S2Client(session, settings, f"{server.url}/s2", min_interval=0)], ("openalex", "s2"))
        rows, _ = resolve([Query("title", c["title"]) for c in citing], clients)
    assert [r.node for r in rows] == [f"s2:{c['paperId']}" for c in citing]
    assert clients.openalex.usage.allowance_spent and clients.s2.usage.calls == {"bulk search": 1}


def test_a_failing_batch_route_is_passed_by_and_its_failure_kept_as_a_reason(session, settings, demo_works):
    handler = apis.router(openalex=openalex_handler(demo_works), s2=apis.s2_handler([]))
    titles = [w["display_name"] for w in demo_works[1:6]] + ["A title no source knows about at all today"]
    with StandIn(handler) as server:
        server.fail_next(Answer(503, {"error": "down"}), times=100, when=lambda r: r.path.startswith("/s2/paper/search/bulk"))
        clients = Registry([oa.OpenAlexClient(session, settings, f"{server.url}/openalex"),
                            s2.S2Client(session, settings, f"{server.url}/s2", min_interval=0)], ("s2", "openalex"))
        clients.openalex.api_key = ""
        rows, _ = resolve([Query("title", t) for t in titles], clients)
    assert [r.status for r in rows[:5]] == ["resolved"] * 5 and all(r.source == "openalex" for r in rows[:5])
    assert rows[5].status == "unresolved" and "s2 bulk search failed" in rows[5].reason


def test_routes_go_cheapest_first_by_price_and_allowance(session, settings):
    clients = Registry([oa.OpenAlexClient(session, settings), s2.S2Client(session, settings), ax.ArxivClient(session, settings)],
                       ("openalex", "s2", "arxiv"))
    titles = listing_titles()
    # 150 titles cost ~40 units of a day's 1,000: the filters go first, then the free routes by their wait
    assert [r.source for r in batch_routes(clients, titles)] == ["openalex", "arxiv", "s2"]
    many = [f"{t} part {n}" for n in range(8) for t in titles]
    # 1,200 titles would spend a third of the keyless allowance: the free routes first
    assert [r.source for r in batch_routes(clients, many)] == ["arxiv", "s2", "openalex"]
    keyed = Registry([oa.OpenAlexClient(session, settings, api_key="k"), s2.S2Client(session, settings, api_key="k"),
                      ax.ArxivClient(session, settings)], ("openalex", "s2", "arxiv"))
    assert [r.source for r in batch_routes(keyed, many)] == ["openalex", "s2", "arxiv"]


def test_a_short_title_is_accepted_on_the_same_abstract_and_refused_on_another():
    # "Alien Coding" (2023), a real two-word title of the recorded neighbourhood, given without year or author
    citing = [c for c in load_record()["citations"] if c.get("abstract")]
    alien = next(c for c in citing if c["title"] == "Alien Coding")
    query = Query("title", "Alien coding", abstract=alien["abstract"])
    same = s2.parse_paper(dict(alien, abstract=alien["abstract"].replace("We ", "Here we ", 1)))
    found, _, reason = best_candidate(query, [same])
    assert found is same, reason
    other = replace(same, abstract=next(c for c in citing if c["title"] != "Alien Coding" and len(c["abstract"]) > 500)["abstract"])
    assert "abstract differs" in best_candidate(query, [other])[2]
    assert "title too short" in best_candidate(Query("title", "Alien coding"), [same])[2]


def test_a_banner_glued_to_the_first_title_is_stripped():
    text = (DATA / "seeds" / "listing-scaling-and-entropy.txt").read_text(encoding="utf-8")
    glued = text.replace("Subscribe\n\nDaily Papers\n\nbyAK and the research community\n\nNov 20\n\nScaling Laws",
                         "SubscribeScaling Laws", 1)
    assert glued != text
    assert parse_listing(glued)[0].title == "Scaling Laws for Autoregressive Generative Modeling"
    assert [p.title for p in parse_listing(glued)] == [p.title for p in parse_listing(text)]


def test_a_listing_builds_with_every_title_right_its_citations_whole_and_under_a_unit_a_paper(fast_options):
    queries, handler, truth = listing_world(30)
    with StandIn(handler) as server:
        options = replace(fast_options, sources=("openalex", "s2", "arxiv"), openalex_url=f"{server.url}/openalex",
                          s2_url=f"{server.url}/s2", arxiv_url=f"{server.url}/arxiv", s2_interval=0.0, arxiv_interval=0.0)
        result = graphx.build(queries, options)
    keys = {}
    for node, data in result.graph.nodes(data=True):
        ids = [data.get("openalex", "")] + [f"{k}:{data[k]}" for k in ("s2", "doi", "arxiv") if data.get(k)]
        keys[node] = next((truth.ids[i] for i in ids if i in truth.ids), "")
    assert [keys.get(r.node) for r in result.resolutions] == truth.by_query
    found = {(keys[a], keys[b]) for a, b, kind in result.graph.edges(data="kind") if kind == "cites"}
    present = set(keys.values())
    within = {(a, b) for a, b in truth.edges if a in present and b in present}  # the works built and what they cite
    assert len(within) > 150 and within <= found
    usage = {u.source: u.calls for u in result.usage}
    assert openalex_units(usage["openalex"]) <= 30 and "search" not in usage["openalex"]
    assert "references" not in usage["s2"]  # S2-only seeds' references came in the gap batch, not a call each


@pytest.fixture(scope="module")
def demo_works():
    from graphx.replay import demo_record_path

    return works_from_s2_recording(demo_record_path())
