"""Requests and time for depth-1 builds of N seeds, against a local OpenAlex stand-in with latency.

Compares graphx's batched client with a one-request-per-paper client (litstudy's pattern) in the same run,
and checks that a warm rebuild makes zero requests. Also times the offline demo.

    python benchmarks/build_requests.py            # 8 seeds, 20 ms latency
    python benchmarks/build_requests.py 8 100 --latency 0.1
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphx.build import build  # noqa: E402
from graphx.config import BuildOptions  # noqa: E402
from tests.support.openalex import openalex_handler, synthetic_corpus  # noqa: E402
from tests.support.server import StandIn  # noqa: E402


def one_request_per_paper(url: str, dois: list[str]) -> int:
    """The naive client: one GET per seed, then one GET per referenced work."""
    calls = 0
    with requests.Session() as session:
        references: set[str] = set()
        for doi in dois:
            work = session.get(f"{url}/works/doi:{doi}").json()
            calls += 1
            references.update(r.rsplit("/", 1)[-1] for r in work["referenced_works"])
        for ref in sorted(references):
            session.get(f"{url}/works/{ref}")
            calls += 1
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="*", type=int, default=[8])
    parser.add_argument("--latency", type=float, default=0.02, help="seconds the stand-in waits per request")
    parser.add_argument("--corpus", type=int, default=5000)
    args = parser.parse_args()
    works = synthetic_corpus(args.corpus)
    print(f"corpus: {len(works)} synthetic works, 30-40 references each; latency {args.latency * 1000:.0f} ms per request")
    print(f"{'seeds':>6} {'papers':>7} {'graphx requests':>16} {'floor':>6} {'1-per-paper':>12} {'graphx s':>9} {'naive s':>8} {'warm rebuild requests':>22}")
    for count in args.seeds:
        dois = [w["doi"].removeprefix("https://doi.org/") for w in works[-count:]]
        seed_ids = {w["id"] for w in works[-count:]}
        references = {r for w in works[-count:] for r in w["referenced_works"]} - seed_ids
        floor = -(-count // 100) + -(-len(references) // 100)
        with tempfile.TemporaryDirectory() as cache, StandIn(openalex_handler(works), latency=args.latency) as server:
            options = BuildOptions(cache_dir=Path(cache), openalex_url=server.url, max_papers=100_000, backoff=0.0)
            started = time.perf_counter()
            result = build(dois, options)
            graphx_seconds = time.perf_counter() - started
            graphx_requests = len(server.requests)
            build(dois, options)
            warm = len(server.requests) - graphx_requests
            started = time.perf_counter()
            naive = one_request_per_paper(server.url, dois)
            naive_seconds = time.perf_counter() - started
        print(f"{count:>6} {result.graph.number_of_nodes():>7} {graphx_requests:>16} {floor:>6} {naive:>12} {graphx_seconds:>9.2f} {naive_seconds:>8.2f} {warm:>22}")
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "graphx", "demo", "--out", out, "-q"], check=True, capture_output=True)
        print(f"\ngraphx demo (1,009 papers, build + page + 7 files, incl. interpreter start): {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
