"""What a pasted listing costs to build: requests by source and kind, OpenAlex units, wall time (without and
with keys), resolution precision and recall, and citation-edge recall against the stand-ins' truth.

Stand-ins of OpenAlex, Semantic Scholar and arXiv (tests/support/listing_world.py) answer at 100 ms a call and
hold the listing's papers (80% preprints every source knows, 10% journal papers, 10% only in S2), two decoys
per paper (a word changed, a word added) and the works they cite. graphx builds the listing as a user would
(`graphx.build` with its default sources, depth 1), paced at the sources' published rates.

Edge recall is the share of the true citations among the works the graph holds (the listed papers and the
works they cite) that the graph has. Targets: at most 2 OpenAlex units a paper; precision >= 0.99, recall
>= 0.97; edge recall >= 0.99; a 240-title listing in at most 30 s without keys.

    python benchmarks/listing_cost.py [SIZE ...]        # default 30 240 1000
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphx.build import build  # noqa: E402
from graphx.config import BuildOptions  # noqa: E402
from graphx.sources.limits import openalex_units  # noqa: E402
from tests.support.listing_world import listing_world  # noqa: E402
from tests.support.server import StandIn  # noqa: E402

LATENCY = 0.1


def node_key(attributes: dict, truth_ids: dict[str, str]) -> str:
    """The truth key of a graph node, by any identifier it carries."""
    candidates = [attributes.get("openalex", "")] + [
        f"{kind}:{attributes[kind]}" for kind in ("s2", "doi", "arxiv") if attributes.get(kind)
    ]
    return next((truth_ids[c] for c in candidates if c in truth_ids), "")


def measure(size: int, keys: bool) -> dict:
    queries, handler, truth = listing_world(size)
    with StandIn(handler, latency=LATENCY) as server, tempfile.TemporaryDirectory() as cache:
        options = BuildOptions(cache_dir=Path(cache), max_papers=20 * size, retries=1, backoff=0.0,
                               openalex_url=f"{server.url}/openalex", s2_url=f"{server.url}/s2", arxiv_url=f"{server.url}/arxiv",
                               openalex_key="bench-key" if keys else "", s2_key="bench-key" if keys else "")
        started = time.monotonic()
        result = build(queries, options)
        seconds = time.monotonic() - started
    graph = result.graph
    keys_of = {node: node_key(data, truth.ids) for node, data in graph.nodes(data=True)}
    rows = [r for r in result.resolutions if r.kind == "title"]
    accepted = [(r, want) for r, want in zip(rows, truth.by_query, strict=True) if r.status == "resolved"]
    correct = sum(1 for r, want in accepted if keys_of.get(r.node) == want)
    found = {(keys_of[a], keys_of[b]) for a, b, kind in graph.edges(data="kind") if kind == "cites" and keys_of.get(a) and keys_of.get(b)}
    present = set(keys_of.values())
    within = {(a, b) for a, b in truth.edges if a in present and b in present}  # citations among the works built
    calls = {u.source: dict(u.calls) for u in result.usage}
    return {
        "size": size,
        "keys": keys,
        "seconds": seconds,
        "calls": calls,
        "units": openalex_units(calls.get("openalex", {})),
        "precision": correct / len(accepted) if accepted else 1.0,
        "recall": correct / len(rows),
        "edge_recall": len(found & within) / len(within),
        "notes": [u.summary() for u in result.usage] + [n for n in result.problems if n.startswith("reference lists")],
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [30, 240, 1000]
    print(f"stand-ins at {LATENCY * 1000:.0f} ms a call; load average {os.getloadavg()[0]:.2f} at start")
    print(
        f"{'titles':>6} {'keys':>4} {'wall s':>7} {'OA units':>8} {'units/paper':>11} {'precision':>9} {'recall':>6} "
        f"{'edge recall':>11}  requests by source and kind"
    )
    for size in sizes:
        for keys in (False, True):
            m = measure(size, keys)
            requests = "; ".join(f"{source} " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
                                 for source, kinds in sorted(m["calls"].items()))
            print(f"{size:>6} {'yes' if keys else 'no':>4} {m['seconds']:>7.1f} {m['units']:>8} {m['units'] / size:>11.2f} "
                  f"{m['precision']:>9.3f} {m['recall']:>6.3f} {m['edge_recall']:>11.3f}  {requests}", flush=True)
            if os.environ.get("LISTING_COST_VERBOSE"):
                for note in m["notes"]:
                    print("        " + note)
    print(f"load average {os.getloadavg()[0]:.2f} at end. Targets: <= 2 units a paper; precision >= 0.99, recall >= 0.97; "
          "edge recall >= 0.99; 240 titles <= 30 s without keys")


if __name__ == "__main__":
    main()
