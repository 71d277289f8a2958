"""The files stage alone (graph.graphml, graph.gexf, graph.json and the CSV tables of an output folder) at 10k
and 100k works: its time and the process's peak memory before and after it.

    python benchmarks/files_stage.py [--quick] [SIZE ...]          # default: 10000 100000

The graph is the one `build_stages.py` makes (realistic text, 30-40 references each, keyword links, ranked);
positions are given to the nodes as a saved graph carries them, so the (separately measured) layout is not
part of the figure. With --quick the graph has citations only and the scores are drawn at random instead of
ranked (minutes less, and less memory, before the files; the files cost the same per link and column). Each
size runs in a fresh process so its peak memory is its own. Target (issue 22): the files in 5 s at 10,000 works
and 60 s at 100,000, the whole build under 6 GB.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


SCORES = ("pagerank", "hits_hub", "hits_authority", "betweenness", "keyword_strength", "similarity", "citations_per_year")
COUNTS = ("local_citations", "local_references", "community", "shared_references", "cocited_with_seeds", "cites_seeds", "cited_by_seeds")


def run_one(size: int, quick: bool = False) -> dict:
    import numpy as np

    from graphx.export import write_graph_files
    from graphx.graph import build_graph
    from graphx.keywords import keyword_links
    from graphx.rank import rank_graph
    from graphx.render.visual import node_visuals
    from tests.support.corpus import realistic_papers

    papers = realistic_papers(size)
    graph = build_graph(papers, links=[] if quick else keyword_links(papers))
    del papers
    if quick:
        rng = np.random.default_rng(7)
        for _, data in graph.nodes(data=True):
            data.update({name: round(float(rng.random()), 8) for name in SCORES})
            data.update({name: int(rng.integers(0, 40)) for name in COUNTS}, community_label="attention; transformer; language")
        central = sorted(graph, key=lambda n: -graph.nodes[n]["pagerank"])
    else:
        central = rank_graph(graph)
    spots = np.random.default_rng(42).uniform(-3000, 3000, size=(graph.number_of_nodes(), 2)).round(2).tolist()
    for (_, data), (x, y) in zip(graph.nodes(data=True), spots, strict=True):
        data["x"], data["y"] = x, y
    visuals = node_visuals(graph)
    before = peak_mb()
    with tempfile.TemporaryDirectory() as folder:
        started, cpu = time.perf_counter(), time.process_time()
        written = write_graph_files(graph, central, [], Path(folder), visuals)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        megabytes = sum(path.stat().st_size for path in written) / 1e6
    return {"size": size, "links": graph.number_of_edges(), "seconds": seconds, "cpu": cpu, "peak_before": before,
            "peak_after": peak_mb(), "megabytes": megabytes}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]), quick="--quick" in sys.argv)))
        return
    quick = "--quick" in sys.argv
    sizes = [int(s) for s in sys.argv[1:] if s != "--quick"] or [10_000, 100_000]
    print(f"{'works':>8} {'links':>10} {'files s':>8} {'cpu s':>7} {'MB written':>10} {'peak MB before':>14} {'peak MB after':>13}")
    for size in sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size), *(["--quick"] if quick else [])], stdout=subprocess.PIPE, text=True
        )
        if done.returncode != 0:
            print(f"{size:>8,} failed (see above)")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{r['size']:>8,} {r['links']:>10,} {r['seconds']:>8.1f} {r['cpu']:>7.1f} {r['megabytes']:>10,.0f} {r['peak_before']:>14,.0f} "
            f"{r['peak_after']:>13,.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
