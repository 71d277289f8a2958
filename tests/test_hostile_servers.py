"""A hostile server, played by a local stand-in answer by answer: wrong shapes, non-JSON 200s, a transient 404,
trickling bodies and headers, a repeated pager, huge and gzip-bomb bodies, redirects across ports, a key echoed
in an error. Each case ends in the clean graph once the fault clears, or in a one-line failure (exit 3 in the
CLI) naming what was wrong; and nothing wrong is ever cached: a rerun against a healthy server asks again and
gets the clean graph."""
from __future__ import annotations

import gzip
import json
import sqlite3
from dataclasses import replace

import pytest

from graphx.build import build
from graphx.errors import SourceError
from graphx.sources import arxiv as ax
from graphx.sources import crossref as cr
from graphx.sources import huggingface as hf
from graphx.sources import opencitations as oc
from graphx.sources import semanticscholar as s2
from graphx.sources.http import HttpSettings, Pacer, fetch_json, make_session
from tests.support.openalex import openalex_handler, work
from tests.support.server import Answer, StandIn

TURING_DOI = "10.1093/mind/lix.236.433"


def is_lookup(request) -> bool:
    return request.query.get("filter", "").startswith("doi:")


def graph_shape(result) -> tuple[set, set]:
    return set(result.graph.nodes), {(u, v, k) for u, v, k in result.graph.edges(keys=True)}


def good_work(number: int = 1) -> dict:
    return {"id": f"https://openalex.org/W{number}", "display_name": "A work", "publication_year": 2000}


WRONG_SHAPES = {
    "results as a dict": {"meta": {"count": 1}, "results": {}},
    "results as a string": {"meta": {"count": 1}, "results": "W1"},
    "results null": {"meta": {"count": 1}, "results": None},
    "an empty object": {},
    "an error object": {"error": "Something went wrong"},
    "null": None,
    "a list": [],
    "a number": 3,
    "NaN in meta": '{"meta": {"count": NaN}, "results": []}',
    "100k-deep nesting": "[" * 100_000 + "]" * 100_000,
    "a text/plain 200": ("hello, world", {"Content-Type": "text/plain"}),
    "an HTML 200": ("<html>maintenance</html>", {"Content-Type": "text/html"}),
    "a text/plain 200 that looks like JSON": ('{"results": [', {"Content-Type": "text/plain"}),
}


def answer_for(shape) -> Answer:
    if isinstance(shape, tuple):
        return Answer(200, shape[0], shape[1])
    if shape is None:
        return Answer(200, "null")
    return Answer(200, shape)


@pytest.fixture
def options(fast_options, turing_openalex):
    return replace(fast_options, openalex_url=turing_openalex.url, max_papers=400, timeout=2.0)


@pytest.fixture
def clean(options, tmp_path, turing_works):
    with StandIn(openalex_handler(turing_works)) as server:
        return graph_shape(build([TURING_DOI], replace(options, openalex_url=server.url, cache_dir=tmp_path / "clean")))


def cached_bodies(cache_dir) -> list[str]:
    with sqlite3.connect(cache_dir / "http_cache.sqlite") as db:
        return [row[0].decode("utf-8", "replace") if isinstance(row[0], bytes) else str(row[0])
                for row in db.execute("SELECT value FROM responses")]


@pytest.mark.parametrize("shape", list(WRONG_SHAPES), ids=list(WRONG_SHAPES))
def test_a_wrong_shaped_answer_is_retried_and_never_cached(shape, options, clean, turing_openalex):
    turing_openalex.fail_next(answer_for(WRONG_SHAPES[shape]), when=is_lookup)
    result = build([TURING_DOI], options)
    assert not turing_openalex.faults
    assert result.complete and graph_shape(result) == clean
    before = len(turing_openalex.requests)
    assert graph_shape(build([TURING_DOI], options)) == clean
    assert len(turing_openalex.requests) == before, "the good answer was cached, the bad one was not"


@pytest.mark.parametrize("shape", list(WRONG_SHAPES), ids=list(WRONG_SHAPES))
def test_a_lasting_wrong_shape_fails_with_a_message_then_a_healthy_rerun_is_clean(shape, options, clean, turing_openalex):
    turing_openalex.fail_next(answer_for(WRONG_SHAPES[shape]), times=1000, when=is_lookup)
    broken = build([TURING_DOI], options)
    lookups = [r for r in turing_openalex.requests if is_lookup(r)]
    assert not broken.complete and len(lookups) == options.retries + 1
    assert "openalex answered in an unexpected shape at http://127.0.0.1" in broken.failures[0]
    assert "\n" not in broken.failures[0]
    turing_openalex.faults.clear()
    turing_openalex.requests.clear()
    healed = build([TURING_DOI], options)
    assert any(is_lookup(r) for r in turing_openalex.requests), "the rerun asked the server again"
    assert healed.complete and graph_shape(healed) == clean


def test_a_string_year_is_coerced_and_a_record_with_a_numeric_id_is_dropped_and_counted(options, turing_openalex, turing_works):
    base = openalex_handler(turing_works)

    def odd_fields(request):
        answer = base(request)
        if request.query.get("filter", "").startswith("openalex:") and len(answer.body["results"]) >= 2:
            works = answer.body["results"]
            works[0] = dict(works[0], publication_year=str(works[0]["publication_year"]))
            works[1] = dict(works[1], id=12345)
        return answer

    turing_openalex.handler = odd_fields
    result = build([TURING_DOI], options)
    usage = result.usage[0]
    assert usage.dropped == 1 and "1 records left out" in usage.summary()
    assert not result.complete and "left out" in result.failures[0]
    assert all(isinstance(year, int) for _, year in result.graph.nodes(data="year") if year is not None)
    # the answer that lost a record is not cached: once healthy, the rerun asks again and is whole
    turing_openalex.handler = base
    healed = build([TURING_DOI], options)
    assert healed.complete and healed.usage[0].dropped == 0


def test_a_transient_404_on_a_list_call_is_retried_not_cached_as_not_found(options, clean, turing_openalex):
    turing_openalex.fail_next(Answer(404, {"error": "404 Not Found"}), when=is_lookup)
    result = build([TURING_DOI], options)
    assert result.complete and graph_shape(result) == clean


def test_a_lasting_404_on_a_list_call_fails_instead_of_marking_the_seed_not_found(options, turing_openalex):
    turing_openalex.fail_next(Answer(404, {"error": "404 Not Found"}), times=100, when=is_lookup)
    result = build([TURING_DOI], options)
    assert not result.complete and "HTTP 404 on a list call" in result.failures[0]


def test_a_trickling_body_is_cut_at_the_deadline_and_said_to_have_timed_out(options, turing_openalex, tmp_path):
    turing_openalex.fail_next(Answer(200, {"meta": {"count": 0}, "results": []}, trickle=0.1), times=100, when=is_lookup)
    settings = HttpSettings(cache_dir=tmp_path / "c", retries=0, backoff=0.0, timeout=1.0, deadline=1.0)
    with make_session(settings) as session, pytest.raises(SourceError, match="timed out.*1-second deadline on one request"):
        fetch_json(session, settings, source="openalex", method="GET", url=turing_openalex.url + "/works",
                   params={"filter": "doi:10.1/x"})
    assert cached_bodies(tmp_path / "c") == []


def test_trickling_headers_are_cut_at_the_deadline(options, turing_openalex, tmp_path):
    turing_openalex.fail_next(Answer(200, {"results": []}, slow_headers=0.3), times=100, when=is_lookup)
    settings = HttpSettings(cache_dir=tmp_path / "c", retries=0, backoff=0.0, timeout=1.0, deadline=1.0)
    with make_session(settings) as session, pytest.raises(SourceError, match="timed out"):
        fetch_json(session, settings, source="openalex", method="GET", url=turing_openalex.url + "/works",
                   params={"filter": "doi:10.1/x"})


def test_a_hung_server_is_said_to_have_timed_out_not_to_be_unreachable(turing_openalex, tmp_path):
    turing_openalex.fail_next(Answer(200, {"results": []}, delay=3), times=100, when=is_lookup)
    settings = HttpSettings(cache_dir=tmp_path / "c", retries=1, backoff=0.0, timeout=0.3, deadline=5.0)
    with make_session(settings) as session, pytest.raises(SourceError, match="timed out.*read timeout"):
        fetch_json(session, settings, source="openalex", method="GET", url=turing_openalex.url + "/works",
                   params={"filter": "doi:10.1/x"})


def test_a_body_over_the_cap_and_a_gzip_bomb_are_refused_naming_the_cap_and_never_cached(tmp_path):
    bomb = gzip.compress(b'{"results": ["' + b"0" * (20 * 1024 * 1024) + b'"]}')
    huge = json.dumps({"results": ["x" * (3 * 1024 * 1024)]})
    answers = {"/bomb": Answer(200, bomb, {"Content-Encoding": "gzip"}), "/huge": Answer(200, huge)}
    settings = HttpSettings(cache_dir=tmp_path / "c", retries=1, backoff=0.0, max_body=1024 * 1024)
    with StandIn(lambda request: answers[request.path]) as server, make_session(settings) as session:
        for path in answers:
            with pytest.raises(SourceError, match="over the 1,048,576-byte cap on one answer"):
                fetch_json(session, settings, source="openalex", method="GET", url=server.url + path)
    assert len(bomb) < 100_000 and cached_bodies(tmp_path / "c") == []


S2_ID = "0" * 39 + "1"


def s2_client(server, tmp_path, **kwargs) -> s2.S2Client:
    settings = HttpSettings(cache_dir=tmp_path / "c", retries=1, backoff=0.0)
    return s2.S2Client(make_session(settings), settings, server.url, min_interval=0.0, **kwargs)


def test_an_s2_pager_whose_next_repeats_stops_with_a_note(tmp_path):
    page = {"offset": 0, "next": 0, "data": [{"citedPaper": {"paperId": S2_ID, "title": "Cited"}}]}
    with StandIn(lambda request: Answer(200, page)) as server:
        client = s2_client(server, tmp_path)
        found = s2.linked_papers(client, "X", "references", limit=10_000)
    assert [r["paperId"] for r in found] == [S2_ID]
    assert len(server.requests) == 1
    assert "next offset 0 does not move past 0; paging stopped" in client.usage.notes[0]


def test_an_s2_pager_that_never_ends_stops_at_the_page_cap(tmp_path):
    def forever(request):
        offset = int(request.query["offset"])
        return Answer(200, {"offset": offset, "next": offset + 1, "data": [{"citedPaper": {"paperId": S2_ID}}]})

    with StandIn(forever) as server:
        client = s2_client(server, tmp_path)
        s2.linked_papers(client, "X", "references", limit=10**9)
    assert len(server.requests) == s2.MAX_PAGES
    assert "page cap" in client.usage.notes[0]


def test_through_the_cli_a_lasting_wrong_shape_is_exit_3_with_one_line(turing_openalex, tmp_path):
    from click.testing import CliRunner

    from graphx.cli import main

    turing_openalex.fail_next(Answer(200, {"meta": {}, "results": "nope"}), times=1000, when=is_lookup)
    result = CliRunner().invoke(main, ["build", TURING_DOI, "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")],
                                env={"GRAPHX_OPENALEX_URL": turing_openalex.url})
    assert result.exit_code == 3 and "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("graphx: error:")]
    assert "openalex answered in an unexpected shape at " + turing_openalex.url + "/works: a list page: results: " in line


def test_a_wrong_answer_an_older_graphx_cached_is_dropped_and_asked_again(turing_openalex, tmp_path):
    from graphx.sources import shapes
    from graphx.sources.http import Expect

    settings = HttpSettings(cache_dir=tmp_path / "c", retries=1, backoff=0.0)
    url, params = turing_openalex.url + "/works", {"filter": "doi:" + TURING_DOI}
    turing_openalex.fail_next(Answer(200, {"results": "poisoned"}), when=is_lookup)
    with make_session(settings) as session:  # no shape asked: what graphx did before answers were checked
        assert fetch_json(session, settings, source="openalex", method="GET", url=url, params=params)[1] == {"results": "poisoned"}
    with make_session(settings) as session:
        _, page = fetch_json(session, settings, source="openalex", method="GET", url=url, params=params,
                             expect=Expect(shapes.openalex_page))
    assert len(page["results"]) == 1 and page["results"][0]["doi"] == "https://doi.org/" + TURING_DOI
    assert len([r for r in turing_openalex.requests if is_lookup(r)]) == 2
    assert not any("poisoned" in body for body in cached_bodies(tmp_path / "c"))


OTHER_SOURCES = {
    # source: (call that client makes, a wrong-shaped answer to it)
    "s2 batch of the wrong length": (lambda c: s2.papers_batch(c["s2"], ["DOI:10.1/a", "DOI:10.1/b"]), [None]),
    "s2 batch as an object": (lambda c: s2.papers_batch(c["s2"], ["DOI:10.1/a"]), {"error": "busy"}),
    "s2 references without data": (lambda c: s2.linked_papers(c["s2"], "X", "references", 10), {"next": 5}),
    "crossref without message": (lambda c: cr.works_by_doi(c["crossref"], ["10.1234/a"]), {"status": "ok"}),
    "crossref items as a string": (lambda c: cr.works_by_doi(c["crossref"], ["10.1234/a"]), {"message": {"items": "x"}}),
    "arxiv answering an HTML page as XML": (
        lambda c: ax.papers_by_id(c["arxiv"], ["1706.03762"]),
        ("<html><body/></html>", {"Content-Type": "application/xml"}),
    ),
    "opencitations rows as an object": (lambda c: oc.references(c["opencitations"], "10.1234/a"), {"citing": "x"}),
    "hugging face listing as an object": (lambda c: hf.daily_listing(c["hf"], "2025-11-20"), {"papers": []}),
}


@pytest.mark.parametrize("case", list(OTHER_SOURCES), ids=list(OTHER_SOURCES))
def test_every_source_retries_a_wrong_shape_then_says_so_and_caches_nothing(case, tmp_path):
    call, shape = OTHER_SOURCES[case]
    settings = HttpSettings(cache_dir=tmp_path / "c", retries=1, backoff=0.0)
    with StandIn(lambda request: answer_for(shape)) as server, make_session(settings) as session:
        clients = {"s2": s2.S2Client(session, settings, server.url, min_interval=0.0),
                   "crossref": cr.CrossrefClient(session, settings, server.url),
                   "arxiv": ax.ArxivClient(session, settings, server.url, pacer=Pacer(0.0)),
                   "opencitations": oc.OpenCitationsClient(session, settings, server.url),
                   "hf": hf.HFClient(session, settings, server.url)}
        with pytest.raises(SourceError, match="answered in an unexpected shape at " + server.url):
            call(clients)
        assert len(server.requests) == 2
    assert cached_bodies(tmp_path / "c") == []


def test_huge_text_fields_are_cut_to_the_stated_limits(fast_options):
    from graphx.sources import limits

    giant = work(1, "T" * 1_000_000, 2000, doi="10.1234/giant", authors=[f"Author {n}" * 50 for n in range(5000)],
                 abstract="word " * 200_000, keywords=[f"k{n}" for n in range(500)])
    with StandIn(openalex_handler([giant])) as server:
        result = build(["10.1234/giant"], replace(fast_options, openalex_url=server.url))
    node = result.graph.nodes["W1"]
    assert len(node["title"]) == limits.MAX_TITLE and len(node["abstract"]) <= limits.MAX_ABSTRACT
    assert len(node["authors"].split("; ")) == limits.MAX_AUTHORS
    assert all(len(name) <= limits.MAX_NAME for name in node["authors"].split("; "))
