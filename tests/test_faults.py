"""Faults a public API throws at a build, injected by a local stand-in: every transient fault ends in the same
graph as a clean run; a lasting one ends in a clear message after bounded retries, keeping what was fetched,
and the next run fetches only the rest."""
from __future__ import annotations

from dataclasses import replace

import pytest

from graphx.build import build
from tests.support.openalex import openalex_handler
from tests.support.server import Answer, StandIn

TURING_DOI = "10.1093/mind/lix.236.433"
JSON_ERROR = {"error": "Internal Server Error", "message": "try again"}
HTML = {"Content-Type": "text/html"}


def is_citing_page(request) -> bool:
    return request.query.get("filter", "").startswith("cites:")


def is_lookup(request) -> bool:
    return request.query.get("filter", "").startswith("doi:")


TRANSIENT = {
    "429 with Retry-After": [Answer(429, {"error": "Too Many Requests"}, {"Retry-After": "0"})] * 2,
    "429 without Retry-After": [Answer(429, {"error": "Too Many Requests"})] * 2,
    "403 too fast": [Answer(403, {"error": "Forbidden", "message": "Rate limit exceeded; slow down"})],
    "a burst of 500, 502 and 503": [Answer(500, JSON_ERROR), Answer(502, "<html><h1>502 Bad Gateway</h1></html>", HTML),
                                    Answer(503, JSON_ERROR)],
    "a timeout": [Answer(200, {"meta": {}, "results": []}, delay=1.5)],
    "a connection reset": [Answer(drop=True)],
    "a body broken off mid-way": [Answer(200, {"meta": {"count": 1}, "results": [{"id": "https://openalex.org/W1"}]}, cut_at=25)],
    "a 200 HTML page instead of JSON": [Answer(200, "<html>Service temporarily unavailable</html>", HTML)],
    "truncated JSON of the announced length": [Answer(200, '{"meta": {"count": 10, "results": [')],
}


def graph_shape(result) -> tuple[set, set]:
    return set(result.graph.nodes), {(u, v, k) for u, v, k in result.graph.edges(keys=True)}


@pytest.fixture
def options(fast_options, turing_openalex):
    return replace(fast_options, openalex_url=turing_openalex.url, citations=True, max_papers=400, timeout=0.5)


@pytest.fixture
def clean(options, tmp_path, turing_works):
    """The graph a fault-free run builds (in a cache of its own), and the requests it takes."""
    with StandIn(openalex_handler(turing_works)) as server:
        result = build([TURING_DOI], replace(options, openalex_url=server.url, cache_dir=tmp_path / "clean-cache"))
        return graph_shape(result), len(server.requests)


@pytest.mark.parametrize("where", [is_lookup, is_citing_page], ids=["on the seed lookup", "on a page of citing works"])
@pytest.mark.parametrize("fault", list(TRANSIENT), ids=list(TRANSIENT))
def test_a_transient_fault_ends_in_the_same_graph_as_a_clean_run(fault, where, options, clean, turing_openalex):
    for answer in TRANSIENT[fault]:
        turing_openalex.fail_next(answer, when=where)
    result = build([TURING_DOI], options)
    assert not turing_openalex.faults, "every injected fault was served"
    assert result.complete and graph_shape(result) == clean[0]
    # and nothing of it was cached but the good answers: a rerun makes no request and builds the same graph
    before = len(turing_openalex.requests)
    again = build([TURING_DOI], options)
    assert len(turing_openalex.requests) == before and graph_shape(again) == clean[0]


LASTING = {
    "503 on every try": Answer(503, JSON_ERROR),
    "dropped connections": Answer(drop=True),
    "invalid JSON": Answer(200, "<html>maintenance</html>", HTML),
    "a spent allowance (429, Retry-After of hours)": Answer(429, {"error": "Daily limit exceeded"}, {"Retry-After": "36000"}),
}


@pytest.mark.parametrize("fault", list(LASTING), ids=list(LASTING))
def test_a_lasting_fault_stops_after_bounded_retries_and_the_next_run_fetches_only_the_rest(fault, options, clean, turing_openalex):
    turing_openalex.fail_next(LASTING[fault], times=1000, when=is_citing_page)
    broken = build([TURING_DOI], options)
    failing = [r for r in turing_openalex.requests if is_citing_page(r)]
    assert not broken.complete and any("citing works incomplete" in f for f in broken.failures)
    assert len(failing) <= options.retries + 1, "retries are bounded"
    answered = {r.query["filter"] for r in turing_openalex.requests if not is_citing_page(r)}
    assert set(broken.graph) < clean[0][0]  # the seed and its references, kept
    turing_openalex.faults.clear()
    turing_openalex.requests.clear()
    resumed = build([TURING_DOI], options)
    assert resumed.complete and graph_shape(resumed) == clean[0]
    assert answered.isdisjoint({r.query["filter"] for r in turing_openalex.requests if not is_citing_page(r)})


def test_a_filter_over_the_servers_cap_is_refused_with_400_and_asked_again_in_halves(fast_options, synthetic_works, tmp_path):
    seeds = [w["doi"].removeprefix("https://doi.org/") for w in synthetic_works[-8:]]
    with StandIn(openalex_handler(synthetic_works)) as roomy:
        wide = build(seeds, replace(fast_options, openalex_url=roomy.url, cache_dir=tmp_path / "a", max_papers=5000))
    with StandIn(openalex_handler(synthetic_works, max_or_values=40)) as narrow:
        result = build(seeds, replace(fast_options, openalex_url=narrow.url, cache_dir=tmp_path / "b", max_papers=5000))
        refused = [r for r in narrow.requests if len(r.query.get("filter", "").split("|")) > 40]
    assert result.complete and graph_shape(result) == graph_shape(wide)
    assert refused and all(len(r.query["filter"].split("|")) in (100, 50) for r in refused)


def test_an_empty_page_before_the_count_ends_paging_with_a_note_not_a_loop(options, turing_openalex):
    turing_openalex.fail_next(Answer(200, {"meta": {"count": 1000, "page": 2, "per_page": 100}, "results": []}),
                              when=lambda r: is_citing_page(r) and r.query.get("page") == "2")
    result = build([TURING_DOI], options)
    citing_pages = [r for r in turing_openalex.requests if is_citing_page(r)]
    assert [r.query["page"] for r in citing_pages] == ["1", "2"]
    assert result.graph.number_of_nodes() == 9 + 100
    assert "paging ended early: 100 of 1000 results" in result.usage[0].notes


def build_with_key(handler, options):
    """Build against `handler` with a key (so OpenAlex pages by cursor); returns the result and the cursors asked."""
    with StandIn(handler) as server:
        result = build([TURING_DOI], replace(options, openalex_url=server.url, openalex_key="test-key"))
        return result, [r.query["cursor"] for r in server.requests if is_citing_page(r)]


def test_a_cursor_that_ends_early_stops_paging_with_a_note(options, turing_works):
    base = openalex_handler(turing_works)

    def cursor_gives_out(request):
        answer = base(request)
        if is_citing_page(request) and request.query.get("cursor") == "100":
            answer.body["meta"]["next_cursor"] = None
        return answer

    result, cursors = build_with_key(cursor_gives_out, options)
    assert cursors == ["*", "100"]
    assert result.graph.number_of_nodes() == 9 + 200
    assert "paging ended early: 200 of 1000 results" in result.usage[0].notes


def test_a_cursor_that_repeats_itself_does_not_loop(options, turing_works):
    base = openalex_handler(turing_works)

    def stuck_cursor(request):
        if request.query.get("cursor") == "stuck":  # the server serves its second page again
            request = replace(request, query={**request.query, "cursor": "100"})
        answer = base(request)
        if is_citing_page(request):
            answer.body["meta"]["next_cursor"] = "stuck"
        return answer

    result, cursors = build_with_key(stuck_cursor, options)
    assert cursors == ["*", "stuck"]
    assert result.graph.number_of_nodes() == 9 + 200
