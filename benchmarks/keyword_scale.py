"""Keyword linking alone at growing sizes: time, peak memory and how many links each paper gets.

    python benchmarks/keyword_scale.py [SIZE ...]          # default: 1000 10000 100000

The papers are `tests.support.corpus.realistic_papers` (text drawn from the real abstracts of the seed
listings, one field throughout), each size in a fresh process so that its peak memory (ru_maxrss) is its own.
Besides the wall time it prints the CPU time (all threads and worker processes: steadier on a shared
machine), links per paper and the share of papers linked at all: a rule that adapts to the corpus must
neither leave a large one-field corpus unlinked nor turn it into a hairball (targets, issue 21:
100,000 papers linked in < 60 s, the stage's peak ≤ 6 GB). Run the 100k size under `flock /work/heavy.lock`
on a shared machine.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    """User + system time of this process's threads and of the child processes it has waited for."""
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))


def run_one(size: int) -> dict:
    from graphx.keywords import keyword_links
    from tests.support.corpus import realistic_papers

    papers = realistic_papers(size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), cpu_seconds()
    links = keyword_links(papers)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    linked = {end for link in links for end in (link.source, link.target)}
    return {"size": size, "seconds": seconds, "cpu": cpu, "peak_mb": peak, "records_mb": before, "links": len(links),
            "per_paper": 2 * len(links) / size, "linked_share": len(linked) / size}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
        return
    sizes = [int(s) for s in sys.argv[1:]] or [1000, 10000, 100000]
    print(f"{'papers':>8} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'links':>9} {'links/paper':>11} {'linked':>7}")
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['size']:>8,} {r['seconds']:>8.1f} {r['cpu']:>8.1f} {r['peak_mb']:>8.0f} {r['links']:>9,} {r['per_paper']:>11.2f} "
              f"{r['linked_share']:>7.0%}", flush=True)
    print("targets: 100,000 papers linked in < 60 s, peak ≤ 6 GB (peak includes the records themselves)")


if __name__ == "__main__":
    main()
