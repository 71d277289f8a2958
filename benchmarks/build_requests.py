"""Fetching: requests and wall time of depth-1 builds from N seeds against local OpenAlex and Semantic Scholar
stand-ins with injected latency, beside the floor and a one-request-per-paper client, in the same run.

    python benchmarks/build_requests.py                       # 10, 100, 1000 seeds; 100 ms a request
    python benchmarks/build_requests.py 10 100 --latency 0.02 --corpus 20000

The stand-ins serve a synthetic corpus (30-40 references a work, preferring already-cited works) in the
documented shapes and count every request. Each runs in its own process, as a real API is elsewhere, so its
JSON encoding does not share graphx's interpreter (on a 2-core machine each gets a core). Floors:
- OpenAlex: one OR-filter call per 100 seed DOIs, then one per 100 referenced works (per_page and OR-filters
  cap at 100). In time, "floor s" is those calls times the latency (the issue's floor: one after another);
  "4-at-once floor s" is the stricter floor of graphx's own pace, `CONCURRENCY` calls at a time (OpenAlex
  allows 100 a second), one stage after the other, with no time at all for parsing or caching answers.
- Semantic Scholar: one batch call per 500 seeds, one references call per seed (its API has no batch form
  of it), one batch per 500 neighbours for their reference lists; in time, one call after another (S2's
  rate limit, 1 a second with a key, allows no concurrency; the stand-in is not paced, so the times here
  show latency only).
The one-request-per-paper client (litstudy's pattern: one GET per seed, then one per referenced work) runs
4 requests at a time — kinder than litstudy, which runs one — and past 3,000 requests is timed on its first
3,000 and scaled, as the table says. A warm rebuild (same cache) must make zero requests; "fetch s" is the
cold build's time up to linking and ranking (resolving, expanding, filling gaps: the part requests cost).
"""
from __future__ import annotations

import argparse
import gc
import multiprocessing
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphx.build import build  # noqa: E402
from graphx.config import BuildOptions  # noqa: E402
from graphx.sources.openalex import CONCURRENCY  # noqa: E402
from tests.support.apis import s2_handler  # noqa: E402
from tests.support.openalex import openalex_handler, synthetic_corpus  # noqa: E402
from tests.support.server import StandIn  # noqa: E402

NAIVE_THREADS = 4
NAIVE_TIMED = 3000


class StandInProcess:
    """A `StandIn` served from a forked child process; `count()` is how many requests it has answered."""

    def __init__(self, handler, latency: float):
        self._handler, self._latency = handler, latency
        context = multiprocessing.get_context("fork")
        self._answered = context.Value("q", 0)
        self._url_from_child, self._url_to_parent = context.Pipe(duplex=False)
        self._process = context.Process(target=self._serve, daemon=True)

    def _serve(self) -> None:
        # The corpus is read-only here: out of the collector's sight, a full collection does not walk its
        # millions of objects (a pause of most of a second, which no real API server would show).
        gc.freeze()
        answered, handler = self._answered, self._handler

        def counting(request):
            with answered.get_lock():
                answered.value += 1
            return handler(request)

        with StandIn(counting, latency=self._latency) as server:
            self._url_to_parent.send(server.url)
            threading.Event().wait()

    def count(self) -> int:
        return self._answered.value

    def __enter__(self) -> StandInProcess:
        self._process.start()
        self.url = self._url_from_child.recv()
        return self

    def __exit__(self, *exc) -> None:
        self._process.terminate()
        self._process.join()


def s2_records(works: list[dict]) -> list[dict]:
    """The same corpus in Semantic Scholar's shape (paperId, corpusId, externalIds, references as records)."""
    records = {}
    for work in works:
        number = int(work["id"].rsplit("W", 1)[1])
        records[work["id"]] = {
            "paperId": f"{number:040x}",
            "corpusId": number,
            "externalIds": {"DOI": work["doi"].removeprefix("https://doi.org/"), "CorpusId": number},
            "title": work["title"],
            "year": work["publication_year"],
            "abstract": "",
            "venue": "Synthetic Journal",
            "authors": [{"name": a["author"]["display_name"]} for a in work["authorships"]],
            "citationCount": work["cited_by_count"],
            "referenceCount": len(work["referenced_works"]),
        }
    for work in works:
        records[work["id"]]["references"] = [records[r] for r in work["referenced_works"] if r in records]
    return list(records.values())


def naive_client(url: str, dois: list[str]) -> tuple[int, float, bool]:
    """One GET per seed, then one per referenced work: (requests, seconds, scaled from a sample?)."""
    started = time.perf_counter()
    with requests.Session() as session, ThreadPoolExecutor(NAIVE_THREADS) as pool:
        seeds = list(pool.map(lambda doi: session.get(f"{url}/works/doi:{doi}").json(), dois))
        references = sorted({r.rsplit("/", 1)[-1] for work in seeds for r in work["referenced_works"]})
        timed = references[:max(0, NAIVE_TIMED - len(dois))]
        list(pool.map(lambda ref: session.get(f"{url}/works/{ref}").status_code, timed))
    seconds = time.perf_counter() - started
    total = len(dois) + len(references)
    scaled = total > len(dois) + len(timed)
    return total, seconds * total / (len(dois) + len(timed)) if scaled else seconds, scaled


def cold_and_warm(server: StandInProcess, dois: list[str], options: BuildOptions) -> dict:
    """Build once with an empty cache, then again with the same cache: requests, times (the fetch time ends
    where the build says it starts linking and ranking), warm requests."""
    fetched: list[float] = []

    def note(message: str, *_) -> None:
        if message.startswith("linking and ranking"):
            fetched.append(time.perf_counter())

    started = time.perf_counter()
    result = build(dois, options, note)
    seconds = time.perf_counter() - started
    made = server.count()
    build(dois, options)
    return {"papers": result.graph.number_of_nodes(), "requests": made, "seconds": seconds,
            "fetch_seconds": fetched[0] - started, "warm": server.count() - made}


def run_openalex(works: list[dict], count: int, latency: float) -> dict:
    seeds = works[-count:]
    dois = [w["doi"].removeprefix("https://doi.org/") for w in seeds]
    references = {r for w in seeds for r in w["referenced_works"]} - {w["id"] for w in seeds}
    stages = [-(-count // 100), -(-len(references) // 100)]
    floor_seconds = sum(stages) * latency
    parallel_floor_seconds = sum(-(-calls // CONCURRENCY) for calls in stages) * latency
    with tempfile.TemporaryDirectory() as cache, StandInProcess(openalex_handler(works), latency) as server:
        options = BuildOptions(cache_dir=Path(cache), openalex_url=server.url, sources=("openalex",), max_papers=100_000, backoff=0.0)
        measured = cold_and_warm(server, dois, options)
        naive, naive_seconds, scaled = naive_client(server.url, dois)
    return {**measured, "floor": sum(stages), "floor_seconds": floor_seconds, "parallel_floor_seconds": parallel_floor_seconds,
            "naive": naive, "naive_seconds": naive_seconds, "scaled": scaled}


def run_s2(works: list[dict], records: list[dict], count: int, latency: float) -> dict:
    seeds = works[-count:]
    dois = [w["doi"].removeprefix("https://doi.org/") for w in seeds]
    seed_ids = {w["id"] for w in seeds}
    neighbours = {r for w in seeds for r in w["referenced_works"]} - seed_ids
    floor = -(-count // 500) + count + -(-len(neighbours) // 500)
    with tempfile.TemporaryDirectory() as cache, StandInProcess(s2_handler(records), latency) as server:
        options = BuildOptions(cache_dir=Path(cache), s2_url=server.url, sources=("s2",), s2_interval=0.0, max_papers=100_000, backoff=0.0)
        measured = cold_and_warm(server, dois, options)
    return {**measured, "floor": floor, "floor_seconds": floor * latency}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="*", type=int, default=[10, 100, 1000])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the stand-ins wait per request")
    parser.add_argument("--corpus", type=int, default=50_000)
    args = parser.parse_args()
    works = synthetic_corpus(args.corpus)
    records = s2_records(works)
    # The corpus is the stand-ins' data, not graphx's: kept out of the collector's sight, so graphx's full
    # collections walk only its own objects, as they would in a process that holds no corpus.
    gc.freeze()
    print(f"corpus: {len(works):,} synthetic works, 30-40 references each; latency {args.latency * 1000:.0f} ms a request; "
          f"graphx: {CONCURRENCY} OpenAlex calls in flight; target: within 1.2x of the floor\n")
    print("OpenAlex (default source)")
    print(f"{'seeds':>6} {'papers':>7} {'requests':>9} {'floor':>6} {'ratio':>6} {'build s':>8} {'fetch s':>8} {'floor s':>8} {'ratio':>6} "
          f"{'4-at-once floor s':>18} {'ratio':>6} {'1-per-paper':>12} {'its seconds':>12} {'warm rebuild':>13}")
    for count in args.seeds:
        r = run_openalex(works, count, args.latency)
        note = " (scaled)" if r["scaled"] else ""
        print(
            f"{count:>6} {r['papers']:>7,} {r['requests']:>9,} {r['floor']:>6,} {r['requests'] / r['floor']:>5.2f}x "
            f"{r['seconds']:>8.1f} {r['fetch_seconds']:>8.1f} {r['floor_seconds']:>8.1f} {r['fetch_seconds'] / r['floor_seconds']:>5.2f}x "
            f"{r['parallel_floor_seconds']:>18.1f} {r['fetch_seconds'] / r['parallel_floor_seconds']:>5.2f}x "
            f"{r['naive']:>12,} {r['naive_seconds']:>12.1f}{note} {r['warm']:>5} requests"
        )
    print("\nSemantic Scholar (--sources s2; stand-in not paced)")
    print(
        f"{'seeds':>6} {'papers':>7} {'requests':>9} {'floor':>6} {'ratio':>6} "
        f"{'build s':>8} {'fetch s':>8} {'floor s':>8} {'ratio':>6} {'warm rebuild':>13}"
    )
    for count in args.seeds:
        r = run_s2(works, records, count, args.latency)
        print(
            f"{count:>6} {r['papers']:>7,} {r['requests']:>9,} {r['floor']:>6,} {r['requests'] / r['floor']:>5.2f}x "
            f"{r['seconds']:>8.1f} {r['fetch_seconds']:>8.1f} {r['floor_seconds']:>8.1f} "
            f"{r['fetch_seconds'] / r['floor_seconds']:>5.2f}x {r['warm']:>5} requests"
        )


if __name__ == "__main__":
    main()
