"""Real processes against a local stand-in: Ctrl-C mid-build, two builds sharing a cache, and an API key that
must never be written anywhere."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from graphx.build import build
from graphx.sources.http import CACHE_FILE
from graphx.sources.openalex import CONCURRENCY
from tests.support.openalex import openalex_handler
from tests.support.server import Answer, StandIn

ROOT = Path(__file__).resolve().parents[2]


def graphx(*args: str, env: dict[str, str], **popen) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHX_", "OPENALEX_", "S2_"))}
    environment.update({"GRAPHX_SOURCES": "openalex", **env}, PYTHONPATH=str(ROOT))
    # Ctrl-C from a terminal reaches a process whose SIGINT is at its default; an earlier test (or CI runner) may
    # have left it ignored in this process, and children inherit that, so set it back for the child
    return subprocess.Popen([sys.executable, "-m", "graphx", *args], env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **popen)


def cache_is_sound(cache: Path) -> bool:
    with sqlite3.connect(cache / CACHE_FILE) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def seeds_of(works) -> list[str]:
    return [w["doi"].removeprefix("https://doi.org/") for w in works[-8:]]


def test_ctrl_c_mid_build_leaves_no_half_files_a_sound_cache_and_the_next_run_finishes_the_job(synthetic_works, fast_options, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    arguments = ["build", *seeds_of(synthetic_works), "--depth", "2", "--max-papers", "1500", "--out", str(out), "--cache-dir", str(cache)]
    with StandIn(openalex_handler(synthetic_works), latency=0.15) as server:
        clean = build(seeds_of(synthetic_works), replace(fast_options, openalex_url=server.url, depth=2, max_papers=1500,
                                                          cache_dir=tmp_path / "clean-cache"))
        clean_requests = len(server.requests)
        server.requests.clear()
        server.latency = 0.6  # batches go 4 at a time now: slow the answers so Ctrl-C lands mid-fetch on a busy machine
        process = graphx(*arguments, env={"GRAPHX_OPENALEX_URL": server.url})
        deadline = time.monotonic() + 60
        while len(server.requests) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert "interrupted; everything fetched so far is cached" in stderr and "Traceback" not in stderr
        assert not out.exists() or not list(out.iterdir()), "no output file, whole or half, before the build ends"
        assert cache_is_sound(cache)
        before = [r.query.get("filter") for r in server.requests]
        server.requests.clear()
        server.latency = 0.15

        resumed = graphx(*arguments, env={"GRAPHX_OPENALEX_URL": server.url})
        stdout, stderr = resumed.communicate(timeout=120)
        assert resumed.returncode == 0, stderr
        after = [r.query.get("filter") for r in server.requests]
    assert len(set(before) & set(after)) <= CONCURRENCY, "at most the requests in flight at Ctrl-C are asked again"
    assert len(after) < clean_requests
    assert set(pd.read_csv(out / "nodes.csv")["id"]) == set(clean.graph)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "no temporary files left behind"


def test_two_builds_sharing_one_cache_at_once_both_finish_and_leave_it_sound(synthetic_works, tmp_path):
    cache = tmp_path / "cache"
    with StandIn(openalex_handler(synthetic_works), latency=0.05) as server:
        runs = [graphx("build", *seeds_of(synthetic_works), "--depth", "2", "--max-papers", "1200", "--out", str(tmp_path / f"out{n}"),
                       "--cache-dir", str(cache), "-q", env={"GRAPHX_OPENALEX_URL": server.url}) for n in (1, 2)]
        for run in runs:
            _, stderr = run.communicate(timeout=180)
            assert run.returncode == 0, stderr
        assert cache_is_sound(cache)
        first, second = (pd.read_csv(tmp_path / f"out{n}" / "nodes.csv").sort_values("id").reset_index(drop=True) for n in (1, 2))
        pd.testing.assert_frame_equal(first, second)
        server.requests.clear()
        again = graphx("build", *seeds_of(synthetic_works), "--depth", "2", "--max-papers", "1200", "--out", str(tmp_path / "out3"),
                       "--cache-dir", str(cache), "-q", env={"GRAPHX_OPENALEX_URL": server.url})
        _, stderr = again.communicate(timeout=180)
        assert again.returncode == 0 and server.requests == [], "the shared cache holds every answer"


def test_the_api_key_never_reaches_disk_logs_or_messages_even_when_things_fail(turing_works, tmp_path):
    secret, contact = "sk-graphx-secret-7f3a91", "someone.private@example.org"
    out, cache = tmp_path / "out", tmp_path / "cache"
    with StandIn(openalex_handler(turing_works)) as server:
        server.fail_next(Answer(429, {"error": "slow down"}, {"Retry-After": "0"}))
        server.fail_next(Answer(drop=True))
        server.fail_next(Answer(500, {"error": "oops"}))
        server.fail_next(Answer(503, {"error": "down"}), times=100, when=lambda r: r.query.get("filter", "").startswith("cites:"))
        run = graphx("-v", "build", "10.1093/mind/lix.236.433", "--citations", "--out", str(out), "--cache-dir", str(cache),
                     env={"GRAPHX_OPENALEX_URL": server.url, "OPENALEX_API_KEY": secret, "GRAPHX_MAILTO": contact})
        stdout, stderr = run.communicate(timeout=120)
        sent = [r.query.get("api_key") for r in server.requests]
    assert run.returncode == 3, stderr  # the citing works failed for good: an incomplete build
    assert set(sent) == {secret}, "the key was used on every call"
    assert "Retrying" in stderr and "api_key=REDACTED" in stderr, "verbose logs show retried URLs, redacted"
    for text in (stdout, stderr):
        assert secret not in text and contact not in text
    for path in [*out.rglob("*"), *cache.rglob("*")]:
        if path.is_file():
            data = path.read_bytes()
            assert secret.encode() not in data and contact.encode() not in data, path
