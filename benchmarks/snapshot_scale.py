"""`graphx snapshot` on a generated OpenAlex snapshot of N works (default one million): time and peak memory.

    python benchmarks/snapshot_scale.py [WORKS] [--keep FOLDER] [--memory-limit 4GB]

The snapshot is written in the published layout (gzipped JSON Lines partitions, 30-40 references a work; see
tests/support/snapshot.py), then read in a fresh process — DuckDB's scan, the citation table, global PageRank,
the filter and the graph of the top 1,000 works of one topic — with each step's time and the process's peak
memory (ru_maxrss, which covers DuckDB's own allocations). `--keep` writes the snapshot to FOLDER and reuses it.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def read_once(folder: str, memory_limit: str) -> dict:
    from graphx.snapshot import SnapshotFilter, snapshot_graph

    marks: list[tuple[str, float]] = [("start", time.perf_counter())]
    result = snapshot_graph(Path(folder), SnapshotFilter(topics=("T10006",), top=1000), memory_limit=memory_limit,
                            progress=lambda message, *_: marks.append((message, time.perf_counter())))
    marks.append(("done", time.perf_counter()))
    steps = [(marks[i][0], marks[i + 1][1] - marks[i][1]) for i in range(1, len(marks) - 1)]
    return {"works": result.works, "citations": result.citations, "matched": result.matched,
            "nodes": result.graph.nx.number_of_nodes(), "steps": steps, "total": marks[-1][1] - marks[0][1],
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(read_once(sys.argv[2], sys.argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("works", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the snapshot here and reuse it on the next run")
    parser.add_argument("--memory-limit", default="4GB")
    args = parser.parse_args()
    from tests.support.snapshot import write_snapshot

    with tempfile.TemporaryDirectory(prefix="graphx-snapshot-") as scratch:
        folder = args.keep or Path(scratch)
        if not (folder / "data" / "works").exists():
            started = time.perf_counter()
            write_snapshot(folder, args.works, parts=max(8, args.works // 50_000))
            print(f"generated {args.works:,} works in {time.perf_counter() - started:.0f} s")
        size = sum(f.stat().st_size for f in (folder / "data" / "works").glob("*/*.gz"))
        print(f"snapshot: {size / 1e6:,.0f} MB of gzipped JSON Lines")
        done = subprocess.run([sys.executable, __file__, "--one", str(folder), args.memory_limit], capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr[-3000:])
        result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{result['works']:,} works, {result['citations']:,} citations; {result['matched']:,} match topic T10006; "
          f"graph of the top {result['nodes']:,}")
    for name, seconds in result["steps"]:
        print(f"  {name:<48} {seconds:8.1f} s")
    print(f"  {'total':<48} {result['total']:8.1f} s, peak memory {result['peak_mb'] / 1024:.1f} GB "
          f"(DuckDB capped at {args.memory_limit})")


if __name__ == "__main__":
    main()
