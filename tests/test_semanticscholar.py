"""The Semantic Scholar client against real recorded answers replayed from a local server."""
from __future__ import annotations

import json
import time

import pytest

from graphx.errors import SourceError
from graphx.replay import demo_record_path
from graphx.sources import semanticscholar as s2
from graphx.sources.http import Expect
from tests.support.cassettes import S2_FIXTURES, cassette_handler, load_interactions
from tests.support.server import Answer, StandIn


@pytest.fixture
def recorded():
    handler = cassette_handler(
        "test_get_papers.yaml", "test_get_papers_return_not_found.yaml", "test_get_paper_references.yaml",
        "test_get_paper_citations.yaml", "test_search_paper_match_title.yaml", "test_not_found.yaml", "test_get_paper.yaml",
    )
    with StandIn(handler) as server:
        yield server


def client_for(server, session, settings, **kwargs) -> s2.S2Client:
    return s2.S2Client(session, settings, server.url + "/graph/v1", min_interval=kwargs.pop("min_interval", 0.0), **kwargs)


def test_parse_paper_reads_a_full_recorded_record():
    paper = s2.parse_paper(json.loads(demo_record_path().read_text(encoding="utf-8")))
    assert paper.id == "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert paper.doi == "10.1093/mind/lix.236.433"
    assert (paper.title, paper.year, paper.authors) == ("Computing Machinery and Intelligence", 1950, ["A. Turing"])
    assert paper.cited_by_count == 10059
    assert len(paper.references) == 8  # 14 recorded references, 6 of them unidentified (null paperId)


def test_a_record_of_nulls_parses_to_an_empty_paper():
    paper = s2.parse_paper(json.loads((S2_FIXTURES / "PaperWithNullValues.json").read_text()))
    assert paper.id == "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert (paper.authors, paper.references, paper.title) == ([], [], "")


def test_batch_lookup_takes_ids_of_three_forms_in_one_post(recorded, session, settings):
    client = client_for(recorded, session, settings)
    records = s2.papers_batch(
        client, ["CorpusId:470667", "10.2139/ssrn.2250500", "0f40b1f08821e22e859c6050916cec3667778613"], fields="authors"
    )
    assert [r["paperId"] for r in records] == [
        "c31c87c591a25c64fbaa82e8ac6a81831b6ac7ce",
        "cb1ebd913c3724c599f6b276b14b5c6253da68f3",
        "0f40b1f08821e22e859c6050916cec3667778613",
    ]
    assert len(recorded.requests) == 1 and recorded.requests[0].method == "POST"


def test_batch_lookup_keeps_unknown_ids_as_none_in_input_order(recorded, session, settings):
    interaction = load_interactions("test_get_papers_return_not_found.yaml")[0]
    client = client_for(recorded, session, settings)
    records = s2.papers_batch(client, interaction["body"]["ids"], fields=interaction["query"]["fields"])
    assert len(records) == len(interaction["body"]["ids"])
    assert records.count(None) == json.loads(interaction["answer"]).count(None) >= 1


def test_references_are_paged_by_offset_until_the_last_page(recorded, session, settings):
    client = client_for(recorded, session, settings)
    papers = s2.linked_papers(client, "10.2139/ssrn.2250500", "references", limit=10_000, fields="title", page_size=50)
    assert [r.query["offset"] for r in recorded.requests] == ["0", "50"]
    pages = [json.loads(i["answer"])["data"] for i in load_interactions("test_get_paper_references.yaml")]
    identified = [row["citedPaper"]["paperId"] for page in pages for row in page if row["citedPaper"].get("paperId")]
    assert [p["paperId"] for p in papers] == identified and len(identified) == 44


def test_citations_page_through_all_19_recorded_pages(recorded, session, settings):
    client = client_for(recorded, session, settings)
    papers = s2.linked_papers(client, "CorpusID:14514057", "citations", limit=100_000, fields="title", page_size=100)
    assert len(recorded.requests) == 19
    assert len({p["paperId"] for p in papers}) == len(papers) > 1000


def test_title_match_returns_the_recorded_best_match(recorded, session, settings):
    client = client_for(recorded, session, settings)
    record = s2.match_title(client, "mining association rules between", fields="title")
    assert record["title"] == "Mining association rules between sets of items in large databases"


def test_an_unknown_paper_is_none_not_an_error(recorded, session, settings):
    client = client_for(recorded, session, settings)
    assert client.call("GET", "/paper/0", {"fields": "t,i,t,l,e"}, "paper", Expect(not_found_ok=True)) is None


def test_the_key_travels_as_x_api_key_header_and_is_not_stored(recorded, session, settings):
    client = client_for(recorded, session, settings, api_key="s2-secret-key-456")
    s2.papers_batch(client, ["CorpusId:470667", "10.2139/ssrn.2250500", "0f40b1f08821e22e859c6050916cec3667778613"], fields="authors")
    assert recorded.requests[0].headers["x-api-key"] == "s2-secret-key-456"
    session.close()
    stored = b"".join(p.read_bytes() for p in settings.cache_dir.glob("http_cache.sqlite*"))
    assert b"s2-secret-key-456" not in stored


def test_network_requests_are_paced_but_cache_hits_are_not(recorded, session, settings):
    client = client_for(recorded, session, settings, min_interval=0.4)
    started = time.monotonic()
    s2.linked_papers(client, "10.2139/ssrn.2250500", "references", limit=10_000, fields="title", page_size=50)
    paced = time.monotonic() - started
    started = time.monotonic()
    s2.linked_papers(client, "10.2139/ssrn.2250500", "references", limit=10_000, fields="title", page_size=50)
    assert paced >= 0.4 and time.monotonic() - started < 0.3
    assert len(recorded.requests) == 2


def test_a_429_from_s2_is_retried_then_answered(recorded, session, settings):
    recorded.fail_next(Answer(429, {"message": "Too Many Requests"}, {"Retry-After": "0"}))
    client = client_for(recorded, session, settings)
    assert s2.match_title(client, "mining association rules between", fields="title")
    assert len(recorded.requests) == 2


def test_a_dropped_connection_is_retried(recorded, session, settings):
    recorded.fail_next(Answer(drop=True))
    client = client_for(recorded, session, settings)
    assert s2.match_title(client, "mining association rules between", fields="title")


def test_an_unreachable_host_is_a_source_error_not_a_traceback(session, settings):
    client = s2.S2Client(session, settings, "http://127.0.0.1:9/graph/v1", min_interval=0.0)
    with pytest.raises(SourceError, match="cannot reach"):
        s2.match_title(client, "anything")
