"""Local faults end in one line naming the path and what to do, never a traceback: a damaged, truncated or
read-only cache, a cache folder under a regular file, an unwritable --out, an --out under a file, a graph.json
of the wrong shape (or nested 100,000 deep) given to rank / render / suggest / export. A full disk under the
cache is a warning, and the build goes on."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphx.cli import main
from tests.support.openalex import openalex_handler, work
from tests.support.server import StandIn

WORKS = [work(1, "Seed work", 2000, doi="10.1234/one", references=[2]), work(2, "Cited work", 1990, doi="10.1234/two")]


def run(args: list[str], url: str = "http://127.0.0.1:9"):
    result = CliRunner().invoke(main, args, env={"GRAPHX_OPENALEX_URL": url})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("graphx: error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.fixture
def server():
    with StandIn(openalex_handler(WORKS)) as stand_in:
        yield stand_in


def build_args(tmp_path: Path, cache: Path, *more: str) -> list[str]:
    return ["build", "10.1234/one", "--out", str(tmp_path / "out"), "--cache-dir", str(cache), *more]


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_a_cache_file_of_random_bytes_is_reported_as_damaged(offline, tmp_path, server):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "http_cache.sqlite").write_bytes(os.urandom(8192))
    result = run(build_args(tmp_path, cache, *(["--offline"] if offline else [])), server.url)
    assert result.exit_code == 1
    assert f"the cache at {cache / 'http_cache.sqlite'} is damaged" in one_error_line(result)
    assert "move it away or run with --cache-dir" in one_error_line(result)


def test_a_truncated_cache_is_reported_as_damaged(tmp_path, server):
    cache = tmp_path / "cache"
    assert run(build_args(tmp_path, cache), server.url).exit_code == 0
    database = cache / "http_cache.sqlite"
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 3])
    for extra in cache.glob("http_cache.sqlite-*"):
        extra.unlink()
    result = run(build_args(tmp_path, cache, "--offline"), server.url)
    assert result.exit_code == 1 and "is damaged" in one_error_line(result)


def test_a_cache_folder_under_a_regular_file_is_one_line(tmp_path, server):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run(build_args(tmp_path, blocker / "cache"), server.url)
    assert result.exit_code == 1
    assert f"cannot make the cache folder {blocker / 'cache'}" in one_error_line(result)


def test_an_out_folder_under_a_regular_file_is_one_line(tmp_path, server):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run(["build", "10.1234/one", "--out", str(blocker / "out"), "--cache-dir", str(tmp_path / "cache")], server.url)
    assert result.exit_code == 2 and f"{blocker}: is a file, not a folder; choose another --out" in one_error_line(result)
    assert server.requests == []  # said before the build, not after it


@contextlib.contextmanager
def tmpfs(where: Path, size: str):
    """A small tmpfs mounted at `where` (root in a container can), else the test is skipped with why."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", f"graphx-{uuid.uuid4().hex[:8]}", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'mount failed'}): needs root or CAP_SYS_ADMIN")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount_read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True, capture_output=True)


def test_a_read_only_cache_is_one_line_saying_what_to_do(tmp_path, server):
    with tmpfs(tmp_path / "ro", "8m") as disk:
        cache = disk / "cache"
        assert run(build_args(tmp_path, cache), server.url).exit_code == 0
        remount_read_only(disk)
        result = run(build_args(tmp_path, cache, "--offline"), server.url)
    if result.exit_code == 0:  # SQLite could read it without writing: the build is whole, from the cache
        assert "Traceback" not in result.output
    else:
        assert result.exit_code == 1 and f"the cache at {cache / 'http_cache.sqlite'}" in one_error_line(result)
        assert "--cache-dir" in one_error_line(result)


def test_an_unwritable_out_folder_is_one_line(tmp_path, server):
    with tmpfs(tmp_path / "ro", "1m") as disk:
        remount_read_only(disk)
        result = run(["build", "10.1234/one", "--out", str(disk / "out"), "--cache-dir", str(tmp_path / "cache")], server.url)
    assert result.exit_code == 2 and f"{disk}: cannot write here (Read-only file system)" in one_error_line(result)
    assert server.requests == []  # said before the build, not after it


def test_a_full_disk_under_the_cache_is_a_warning_and_the_build_goes_on(tmp_path, server):
    many = [work(n, f"Work number {n} " + "words " * 400, 2000, doi=f"10.1234/w{n}") for n in range(1, 200)]
    with StandIn(openalex_handler(many)) as big, tmpfs(tmp_path / "small", "96k") as disk:
        done = subprocess.run([sys.executable, "-m", "graphx", "build", *[f"10.1234/w{n}" for n in range(1, 200)], "--out",
                               str(tmp_path / "out"), "--cache-dir", str(disk / "cache")], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "GRAPHX_OPENALEX_URL": big.url, "GRAPHX_SOURCES": "openalex"})
    assert done.returncode == 0, done.stderr
    [warning] = [line for line in done.stderr.splitlines() if "cannot be written" in line]
    assert f"the cache at {disk / 'cache' / 'http_cache.sqlite'} cannot be written" in warning
    assert "answers are not kept for the next run" in warning and "Traceback" not in done.stderr


BAD_GRAPHS = {
    "a list": [],
    "null": None,
    "nodes not a list": {"nodes": "W1", "edges": []},
    "a node without an id": {"nodes": [{"title": "x"}], "edges": []},
    "edges not a list": {"nodes": [{"id": "W1"}], "edges": 5},
    "an edge without a target": {"nodes": [{"id": "W1"}], "edges": [{"source": "W1"}]},
    "a node that is a string": {"nodes": ["W1"], "edges": []},
    "100k-deep nesting": "[" * 100_000 + "]" * 100_000,
    "not JSON": "{nodes",
}


@pytest.mark.parametrize("command", ["rank", "render", "suggest", "export"])
@pytest.mark.parametrize("case", list(BAD_GRAPHS), ids=list(BAD_GRAPHS))
def test_a_wrong_shaped_graph_json_is_one_line_for_every_reading_command(command, case, tmp_path):
    path = tmp_path / "graph.json"
    value = BAD_GRAPHS[case]
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    args = [command, str(path)] + (["--format", "csv"] if command == "export" else [])
    result = run(args)
    assert result.exit_code == 2
    assert f"{path}: cannot read this graph" in one_error_line(result)


def test_odd_attribute_values_in_a_graph_json_are_coerced_or_left_out(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps({"directed": True, "multigraph": True, "graph": [], "nodes": [
        {"id": "W1", "title": ["a", "list"], "year": "1950", "is_seed": "true", "pagerank": "NaN"},
        {"id": "W2", "title": 42, "year": "soon", "cited_by_count": {"a": 1}},
    ], "edges": [{"source": "W1", "target": "W2", "kind": 7, "weight": "heavy"}]}), encoding="utf-8")
    for command in (["rank", str(path)], ["suggest", str(path)], ["render", str(path)], ["export", str(path), "--format", "bibtex"]):
        result = run(command)
        assert result.exit_code == 0, result.output
    from graphx.load import load_graph

    graph = load_graph(path)
    assert graph.nodes["W1"] == {"year": 1950, "is_seed": True}
    assert graph.nodes["W2"] == {"title": "42"}
    assert list(graph.edges(keys=True)) == [("W1", "W2", "cites")]
