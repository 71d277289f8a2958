"""Keeping up: requests and time of `graphx update` beside a from-scratch rebuild and the floor, and of a
triage of a 240-paper listing against a 1,000-paper map from the cache.

    python benchmarks/update_cost.py                       # 100 ms a request, 50 new citing works
    python benchmarks/update_cost.py --latency 0.02 --new 200

The map: a reading list of 240 titles (as a daily listing gives them: no identifiers, so each is one title
search) at depth 1, capped at 1,000 papers, built against an OpenAlex stand-in serving a synthetic corpus
(30-40 references a work) with `--latency` seconds added to every answer. Then the world moves on: `--new`
works created today, each citing 2-6 papers of the map (and some works outside it). Measured:

- update: `CitationGraph.update()` (what `graphx update` runs, files not written);
- rebuild: the same recipe from an empty cache against the changed world (what a peer without updates does);
- floor: the fewest calls that can say what is new: one "cites …, from_created_date" call per 100 papers of
  the map (more when a batch has over 100 new citing works) and one count call per 100 papers. "Price"
  weighs calls by OpenAlex's 2026 price list (a search costs 10 list calls).
- triage: 240 titles (newer works of the corpus, half citing the map) resolved and ranked against the map,
  once to fill the cache, then timed from the cache (no request).
"""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphx.build import CitationGraph, build, write_outputs  # noqa: E402
from graphx.config import BuildOptions  # noqa: E402
from graphx.triage import triage  # noqa: E402
from tests.support.changing import ChangingOpenAlex, today  # noqa: E402
from tests.support.openalex import openalex_handler, synthetic_corpus, work  # noqa: E402
from tests.support.server import StandIn  # noqa: E402


def counts(server: StandIn, since: int) -> tuple[int, int]:
    """(calls, price) of the requests from `since` on: a search costs 10."""
    asked = server.requests[since:]
    return len(asked), sum(10 if r.query.get("search") else 1 for r in asked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every answer")
    parser.add_argument("--new", type=int, default=50, help="new works citing the map")
    parser.add_argument("--seeds", type=int, default=240, help="titles in the reading list the map is built from")
    parser.add_argument("--papers", type=int, default=1000, help="papers in the map (--max-papers)")
    args = parser.parse_args()
    corpus = synthetic_corpus(4000)
    world = ChangingOpenAlex(corpus)
    rng = random.Random(11)
    with StandIn(world, latency=args.latency) as server, tempfile.TemporaryDirectory(prefix="graphx-update-") as tmp:
        options = BuildOptions(cache_dir=Path(tmp) / "cache", sources=("openalex",), max_papers=args.papers, retries=2,
                               backoff=0.0, openalex_url=server.url)
        reading_list = Path(tmp) / "reading-list.txt"
        reading_list.write_text("\n".join(w["display_name"] for w in corpus[2000:2000 + args.seeds]) + "\n", encoding="utf-8")
        started = time.monotonic()
        first = build([str(reading_list)], options)
        folder = Path(tmp) / "map"
        write_outputs(first, folder, "map")
        print(f"map: {first.summary()} in {time.monotonic() - started:.1f} s ({len(server.requests)} requests)")
        # the world moves on: new works citing the map, and some citing only works outside it
        graph_ids = sorted(n for n in first.graph if n.startswith("W"))
        outside = [w["id"].rsplit("/", 1)[-1] for w in corpus if w["id"].rsplit("/", 1)[-1] not in first.graph]
        new_works = []
        for n in range(args.new):
            cited = rng.sample(graph_ids, rng.randint(2, 6)) + rng.sample(outside, 2)
            new_works.append(work(800_000 + n, f"New work number {n} on citation graphs", 2026, f"10.5555/fresh.{n}", ["New Author"],
                                  "Fresh", "A new study.", 0, [int(c[1:]) for c in cited]))
        for n in range(args.new):
            new_works.append(work(850_000 + n, f"Unrelated new work {n}", 2026, f"10.5555/other.{n}", ["Other"], "Elsewhere", "",
                                  0, [int(c[1:]) for c in rng.sample(outside, 3)]))
        for w in new_works:
            w["created_date"], w["is_retracted"] = today(), False
        world.works += new_works
        world._handler = openalex_handler(world.works)
        batches = [graph_ids[i:i + 100] for i in range(0, len(graph_ids), 100)]
        per_batch = [
            sum(1 for w in new_works[: args.new] if {r.rsplit("/", 1)[-1] for r in w["referenced_works"]} & set(b)) for b in batches
        ]
        floor = sum(max(1, math.ceil(c / 100)) for c in per_batch) + len(batches)

        mark = len(server.requests)
        started = time.monotonic()
        updated = CitationGraph.load(folder, rescore=False).update(options)
        update_time = time.monotonic() - started
        update_calls, update_price = counts(server, mark)
        found = len(updated.changes.added)

        mark = len(server.requests)
        started = time.monotonic()
        rebuilt = build([str(reading_list)], replace(options, cache_dir=Path(tmp) / "empty-cache"))
        rebuild_time = time.monotonic() - started
        rebuild_calls, rebuild_price = counts(server, mark)

        load = os.getloadavg()
        print(f"\nupdate of a {first.graph.number_of_nodes()}-paper map gaining {args.new} citing works "
              f"(+{args.new} citing only outside works), {args.latency * 1000:.0f} ms a request; load average {load[0]:.2f}")
        print(f"{'':10} {'requests':>9} {'price':>7} {'seconds':>8}")
        print(f"{'update':10} {update_calls:>9} {update_price:>7} {update_time:>8.2f}   found {found} new papers, "
              f"{len(updated.changes.links)} links, {len(updated.changes.risen)} counts risen")
        print(f"{'rebuild':10} {rebuild_calls:>9} {rebuild_price:>7} {rebuild_time:>8.2f}   ({rebuilt.graph.number_of_nodes()} papers; "
              "a rebuild with the same cap does not add the new citing works)")
        print(f"{'floor':10} {floor:>9} {floor:>7} {floor * args.latency:>8.2f}   (one call after another)")
        print(f"update / floor: {update_calls / floor:.2f}× requests (target ≤ 1.2); rebuild / update: "
              f"{rebuild_calls / max(1, update_calls):.1f}× requests, {rebuild_price / max(1, update_price):.1f}× price (target ≥ 10)")

        # triage: 240 newer works of the corpus, found by title, against the map
        listing = Path(tmp) / "listing.txt"
        listing.write_text("\n".join(w["display_name"] for w in corpus[3000:3240]) + "\n", encoding="utf-8")
        triage([str(listing)], against=folder, options=options)  # fills the cache
        mark = len(server.requests)
        started = time.monotonic()
        ranked = triage([str(listing)], against=folder, options=options)
        triage_time = time.monotonic() - started
        tied = sum(1 for t in ranked.papers if t.tied)
        print(f"\ntriage of a {len(ranked.papers)}-paper listing against the {updated.graph.number_of_nodes() - found}-paper map "
              f"from the cache: {triage_time:.2f} s, {len(server.requests) - mark} requests, {tied} tied (target < 10 s); "
              f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
