"""The OpenAlex client against a local stand-in: batching, paging, faults, cache, offline, keys."""
from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from graphx.errors import OfflineMiss, SourceError
from graphx.sources import openalex as oa
from graphx.sources.http import make_session
from tests.support.server import Answer


def client_for(server, session, settings, **kwargs) -> oa.OpenAlexClient:
    return oa.OpenAlexClient(session, settings, server.url, **kwargs)


def test_parse_work_rebuilds_the_abstract_and_keeps_ids_keywords_and_references(turing_works):
    paper = oa.parse_work(turing_works[0])
    assert paper.id == "W14636783"
    assert paper.doi == "10.1093/mind/lix.236.433"
    assert paper.title == "Computing Machinery and Intelligence"
    assert paper.abstract.startswith("I propose to consider the question, “Can machines think?”")
    assert paper.authors == ["A. Turing"]
    assert paper.keywords == ["Computer Science", "Sociology"]
    assert len(paper.references) == 8 and all(r.startswith("W") for r in paper.references)


def test_250_ids_are_fetched_in_three_or_filter_calls_selecting_only_used_fields(synthetic_openalex, session, settings, synthetic_works):
    client = client_for(synthetic_openalex, session, settings)
    ids = [w["id"].rsplit("/", 1)[-1] for w in synthetic_works[:250]]
    works = oa.works_by_filter(client, "openalex", ids)
    assert len(works) == 250
    assert len(synthetic_openalex.requests) == 3
    for request in synthetic_openalex.requests:
        assert request.query["select"] == oa.SELECT
        assert len(request.query["filter"].split("|")) <= 100
        assert request.query["per_page"] == "100"
    assert client.usage.calls == {"list": 3}


def test_dois_resolve_in_one_call_whatever_form_they_were_written_in(turing_openalex, session, settings):
    client = client_for(turing_openalex, session, settings)
    works = oa.works_by_filter(client, "doi", ["10.1093/mind/lix.236.433", "10.2307/3610576"])
    assert {oa.parse_work(w).doi for w in works} == {"10.1093/mind/lix.236.433", "10.2307/3610576"}
    assert len(turing_openalex.requests) == 1


def test_a_second_identical_fetch_is_served_from_the_cache_with_zero_requests(synthetic_openalex, settings, synthetic_works):
    ids = [w["id"].rsplit("/", 1)[-1] for w in synthetic_works[:150]]
    first = make_session(settings)
    oa.works_by_filter(client_for(synthetic_openalex, first, settings), "openalex", ids)
    first.close()
    assert len(synthetic_openalex.requests) == 2
    second = make_session(settings)
    client = client_for(synthetic_openalex, second, settings)
    assert len(oa.works_by_filter(client, "openalex", ids)) == 150
    second.close()
    assert len(synthetic_openalex.requests) == 2
    assert client.usage.cached == 2 and client.usage.total == 0


def test_429_with_retry_after_is_waited_out_and_retried(synthetic_openalex, session, settings):
    synthetic_openalex.fail_next(Answer(429, {"error": "slow down"}, {"Retry-After": "1"}))
    client = client_for(synthetic_openalex, session, settings)
    assert len(oa.works_by_filter(client, "openalex", ["W1001", "W1002"])) == 2
    assert len(synthetic_openalex.requests) == 2


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_with_backoff(synthetic_openalex, session, settings, status):
    synthetic_openalex.fail_next(Answer(status, {"error": "oops"}), times=2)
    client = client_for(synthetic_openalex, session, settings)
    assert len(oa.works_by_filter(client, "openalex", ["W1001"])) == 1
    assert len(synthetic_openalex.requests) == 3


def test_persistent_server_errors_end_in_a_source_error_naming_the_status(synthetic_openalex, session, settings):
    synthetic_openalex.fail_next(Answer(503, {"error": "down"}), times=10)
    client = client_for(synthetic_openalex, session, settings)
    with pytest.raises(SourceError, match="HTTP 503"):
        oa.works_by_filter(client, "openalex", ["W1001"])


def test_an_invalid_json_body_is_retried_and_never_cached(synthetic_openalex, settings):
    synthetic_openalex.fail_next(Answer(200, b'{"meta": {"count": 1}, "results": [{"id": "https://openalex.org/W1'))
    session = make_session(settings)
    client = client_for(synthetic_openalex, session, settings)
    assert len(oa.works_by_filter(client, "openalex", ["W1001"])) == 1
    session.close()
    assert len(synthetic_openalex.requests) == 2
    with sqlite3.connect(settings.cache_dir / "http_cache.sqlite") as db:
        assert db.execute("select count(*) from responses").fetchone()[0] == 1


def test_offline_serves_cached_answers_and_reaches_no_host_for_the_rest(synthetic_openalex, settings):
    online = make_session(settings)
    oa.works_by_filter(client_for(synthetic_openalex, online, settings), "openalex", ["W1001"])
    online.close()
    offline_settings = replace(settings, offline=True)
    offline = make_session(offline_settings)
    client = client_for(synthetic_openalex, offline, offline_settings)
    assert len(oa.works_by_filter(client, "openalex", ["W1001"])) == 1
    with pytest.raises(OfflineMiss, match="--offline"):
        oa.works_by_filter(client, "openalex", ["W1002"])
    offline.close()
    assert len(synthetic_openalex.requests) == 1


def test_a_spent_allowance_falls_back_to_free_single_work_lookups_and_says_so(synthetic_openalex, session, settings):
    synthetic_openalex.fail_next(Answer(429, {"error": "daily limit"}, {"Retry-After": "86400"}), when=lambda r: r.path == "/works")
    client = client_for(synthetic_openalex, session, settings)
    works = oa.works_by_filter(client, "openalex", ["W1001", "W1002", "W1003"])
    assert [w["id"] for w in works] == [f"https://openalex.org/W100{i}" for i in (1, 2, 3)]
    assert client.usage.calls == {"list": 1, "singleton": 3}
    assert client.usage.allowance_spent
    assert "single-work lookups" in client.usage.summary()


def test_the_api_key_is_sent_but_never_written_to_the_cache(synthetic_openalex, session, settings):
    secret = "sk-test-very-secret-123"
    client = client_for(synthetic_openalex, session, settings, api_key=secret, mailto="me@example.org")
    oa.works_by_filter(client, "openalex", ["W1001"])
    assert synthetic_openalex.requests[0].query["api_key"] == secret
    session.close()
    raw = (settings.cache_dir / "http_cache.sqlite").read_bytes()
    wal = settings.cache_dir / "http_cache.sqlite-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert secret.encode() not in raw


def test_citing_works_are_paged_by_page_number_without_a_key_and_capped(turing_openalex, session, settings):
    client = client_for(turing_openalex, session, settings)
    works = oa.citing_works(client, ["W14636783"], limit=250)
    assert len(works) == 250
    assert [r.query.get("page") for r in turing_openalex.requests] == ["1", "2", "3"]


def test_citing_works_use_cursor_paging_with_a_key(turing_openalex, session, settings):
    client = client_for(turing_openalex, session, settings, api_key="k")
    works = oa.citing_works(client, ["W14636783"], limit=10_000)
    assert len(works) == 1000
    assert turing_openalex.requests[0].query["cursor"] == "*"
    assert len(turing_openalex.requests) == 10


def test_title_search_is_counted_as_a_search_call(turing_openalex, session, settings):
    client = client_for(turing_openalex, session, settings)
    results = oa.search_title(client, "Computing machinery and intelligence")
    assert oa.parse_work(results[0]).openalex == "W14636783"
    assert client.usage.calls == {"search": 1}
