"""No secret leaves the environment: the OpenAlex key, the S2 key and the contact address never reach the
cache (redirect history included), an output file, stdout or stderr, nor a host the request was not meant
for; a key the server refuses is said to be refused, and nothing more is asked."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from graphx.build import build
from graphx.sources import semanticscholar as s2
from graphx.sources.http import HttpSettings, make_session
from tests.support.openalex import openalex_handler, work
from tests.support.server import Answer, StandIn

KEY, S2_KEY, MAIL = "oa-KEY-7f3e9", "s2-KEY-c4d2a", "secret.person@example.org"
SECRETS = (KEY, S2_KEY, MAIL, MAIL.replace("@", "%40"))


def stored(folder: Path) -> bytes:
    """Every byte graphx left in a folder: the cache database, its journal files, every output."""
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def assert_no_secret(*blobs: bytes | str) -> None:
    for blob in blobs:
        data = blob.encode() if isinstance(blob, str) else blob
        for secret in SECRETS:
            assert secret.encode() not in data, secret


def merged_handler():
    """OpenAlex with W1 merged into W2: a filter does not find W1, a single lookup redirects to W2, echoing
    the query string (key and mailto) in the Location as the real API does."""
    base = openalex_handler([work(2, "The surviving work", 2001, doi="10.1234/two")])

    def handle(request):
        if request.path.upper() == "/WORKS/W1":
            query = "&".join(f"{k}={v}" for k, v in request.query.items())
            return Answer(301, b"", {"Location": f"/works/W2?{query}"})
        return base(request)

    return handle


def test_a_merged_w_id_is_followed_and_the_redirect_history_keeps_no_secret(fast_options, tmp_path):
    with StandIn(merged_handler()) as server:
        options = replace(fast_options, openalex_url=server.url, openalex_key=KEY, mailto=MAIL)
        result = build(["W1"], options)
        asked = len(server.requests)
        again = build(["W1"], options)
        assert len(server.requests) == asked, "the rerun is answered from the cache, redirect included"
    [row] = result.resolutions
    assert row.status == "resolved" and row.node == "W2" and "merged into W2" in row.method
    assert set(again.graph) == {"W2"}
    assert_no_secret(stored(tmp_path / "cache"))


def test_an_s2_key_is_not_sent_to_another_port_after_a_redirect(tmp_path):
    with StandIn(lambda request: Answer(200, [None])) as elsewhere:
        with StandIn(lambda request: Answer(307, b"", {"Location": elsewhere.url + request.path})) as s2_server:
            settings = HttpSettings(cache_dir=tmp_path / "cache", retries=0, backoff=0.0)
            client = s2.S2Client(make_session(settings), settings, s2_server.url, api_key=S2_KEY, min_interval=0.0)
            assert s2.papers_batch(client, ["DOI:10.1/x"]) == [None]
            client.session.close()
    assert s2_server.requests[0].headers["x-api-key"] == S2_KEY
    [redirected] = elsewhere.requests
    assert "x-api-key" not in redirected.headers and redirected.body == b'{"ids": ["DOI:10.1/x"]}'
    assert_no_secret(stored(tmp_path / "cache"))


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphx", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "GRAPHX_SOURCES": "openalex", **env})


def test_a_key_echoed_in_an_error_reaches_no_stream_and_no_file(tmp_path):
    def echo(request):
        return Answer(500, {"message": f"backend failed for api_key={request.query.get('api_key')} "
                                       f"key {request.query.get('api_key')} mailto {request.query.get('mailto')}"})

    with StandIn(echo) as server:
        done = run_cli(["build", "10.1234/one", "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")],
                       {"GRAPHX_OPENALEX_URL": server.url, "OPENALEX_API_KEY": KEY, "GRAPHX_MAILTO": MAIL})
    assert done.returncode == 3, done.stderr
    assert "HTTP 500" in done.stderr and "Traceback" not in done.stderr
    assert_no_secret(done.stdout, done.stderr, stored(tmp_path))


def test_a_refused_key_is_said_to_be_refused_and_nothing_more_is_asked(tmp_path):
    refused = Answer(403, {"error": "Forbidden", "message": "Invalid API key"})
    with StandIn(lambda request: refused) as server:
        done = run_cli(["build", "10.1234/one", "W7", "attention is all you need", "--out", str(tmp_path / "out"),
                        "--cache-dir", str(tmp_path / "cache")],
                       {"GRAPHX_OPENALEX_URL": server.url, "OPENALEX_API_KEY": KEY})
    assert done.returncode == 3
    assert "openalex: the key was refused (HTTP 403: Invalid API key)" in done.stderr
    assert "daily allowance" not in done.stderr + done.stdout
    assert len(server.requests) == 1, "no retries and no fallback calls after a refusal"
    assert_no_secret(done.stdout, done.stderr, stored(tmp_path))


@pytest.mark.parametrize("status", [401, 403])
def test_without_a_key_a_403_is_still_a_rate_limit_not_a_refusal(status, fast_options, tmp_path):
    answers = [Answer(status, {"message": "slow down"})]

    def handle(request):
        return answers.pop() if answers else openalex_handler([work(1, "One", 2000, doi="10.1234/one")])(request)

    with StandIn(handle) as server:
        result = build(["10.1234/one"], replace(fast_options, openalex_url=server.url))
    if status == 403:
        assert result.complete and set(result.graph) == {"W1"}
    else:
        assert not result.complete and "HTTP 401" in result.failures[0]


def test_an_openalex_key_is_not_carried_to_another_port_even_when_the_location_repeats_it(fast_options, tmp_path):
    seed = work(1, "One", 2000, doi="10.1234/one")
    with StandIn(openalex_handler([seed])) as elsewhere:
        def bounce(request):
            query = "&".join(f"{k}={v}" for k, v in request.query.items())
            return Answer(302, b"", {"Location": f"{elsewhere.url}{request.path}?{query}"})

        with StandIn(bounce) as server:
            result = build(["10.1234/one"], replace(fast_options, openalex_url=server.url, openalex_key=KEY, mailto=MAIL))
    assert set(result.graph) == {"W1"}
    assert server.requests[0].query["api_key"] == KEY
    assert elsewhere.requests and all("api_key" not in r.query and "mailto" not in r.query for r in elsewhere.requests)
    assert_no_secret(stored(tmp_path / "cache"))
