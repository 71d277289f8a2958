"""Build a graph from records already in hand (no network) at 1k, 10k and 100k works: time and peak memory
of each stage — keyword linking, the citation + keyword graph, ranking (PageRank, HITS, betweenness,
communities, similarity), the analysis the outputs share (the map laid out on the ranking's own similarity
backbone, sizes, colours, named communities, reading lists), the page, and the files.

    python benchmarks/build_stages.py [SIZE ...]          # default: 1000 10000 100000

Each size runs in a fresh process so its peak memory (ru_maxrss, after each stage) is its own. Each stage's CPU
time is printed beside its wall time: on a machine shared with other work, CPU time is what the stage costs. The works have
realistic text: titles and abstracts drawn from the vocabulary of the real reading lists in tests/data/seeds
(each work from the words of two real abstracts, so topics overlap as fields do), and 30-40 references each
with preferential attachment. Targets (issue 8): 100k works with abstracts linked by keywords in under 60 s
and under 4 GB.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXACT_LIMIT = 5000  # graphx.neighbours: exact links up to this many papers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(size: int) -> dict:
    from graphx.analysis import analyse
    from graphx.export import write_graph_files
    from graphx.graph import build_graph
    from graphx.keywords import keyword_links
    from graphx.rank import rank
    from graphx.render import write_page
    from tests.support.corpus import realistic_papers

    stages = {}

    def stage(name, action):
        started, cpu = time.perf_counter(), time.process_time()
        value = action()
        stages[name] = (time.perf_counter() - started, peak_mb(), time.process_time() - cpu)
        print(f"  … {size:,} works, {name}: {stages[name][0]:.1f} s ({stages[name][2]:.1f} s CPU), peak {stages[name][1]:.0f} MB",
              file=sys.stderr, flush=True)
        return value

    papers = stage("make records", lambda: realistic_papers(size))
    links = stage("keyword links", lambda: keyword_links(papers))
    graph = stage("graph (citations + keywords)", lambda: build_graph(papers, links=links))
    ranking = stage("rank (all scores, communities)", lambda: rank(graph))
    # what the outputs share is computed once and handed to the page and the files, as write_outputs does
    analysis = stage("analysis (map, sizes, reading lists)", lambda: analyse(graph, ranking.backbone))
    with tempfile.TemporaryDirectory() as folder:
        stage("page (graph.html)", lambda: write_page(graph, Path(folder) / "graph.html", analysis=analysis))
        stage("files (graphml, gexf, json, csv)",
              lambda: write_graph_files(graph, ranking.order, [], Path(folder), analysis.visuals, analysis.suggestions,
                                        analysis.communities))
    cites = sum(1 for _, _, k in graph.edges(keys=True) if k == "cites")
    result = {"size": size, "citations": cites, "keyword_links": len(links), "stages": stages}
    if EXACT_LIMIT < size <= 20_000:
        result["quality"] = link_quality(papers, links)
    return result


def link_quality(papers, links) -> tuple[float, float]:
    """How the approximate links compare with exact top-k ones: (share of the exact links' summed similarity
    the approximate links reach, share of approximate links at least as strong as the paper's exact k-th)."""
    from graphx import neighbours
    from graphx.keywords import keyword_links

    limit, neighbours.EXACT_LIMIT = neighbours.EXACT_LIMIT, 10**9
    try:
        exact = keyword_links(papers)
    finally:
        neighbours.EXACT_LIMIT = limit
    weakest: dict[str, float] = {}
    for link in exact:
        for end in (link.source, link.target):
            weakest[end] = min(weakest.get(end, 1.0), link.weight)
    strong = sum(1 for link in links if link.weight >= min(weakest.get(link.source, 0), weakest.get(link.target, 0)) - 1e-4)
    return sum(link.weight for link in links) / sum(link.weight for link in exact), strong / len(links)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
        return
    sizes = [int(s) for s in sys.argv[1:]] or [1000, 10000, 100000]
    for size in sizes:
        # each stage is reported on stderr as it ends, so a long run shows where it is
        done = subprocess.run([sys.executable, __file__, "--one", str(size)], stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            print(f"{size:>7} works: failed (see above)")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"\n{size:,} works, {result['citations']:,} citations, {result['keyword_links']:,} keyword links")
        print(f"  {'stage':<38} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}")
        for name, (seconds, peak, cpu) in result["stages"].items():
            print(f"  {name:<38} {seconds:>8.1f} {cpu:>8.1f} {peak:>8.0f}")
        if "quality" in result:
            captured, strong = result["quality"]
            print(f"  approximate vs exact keyword links: {captured:.1%} of the summed similarity, "
                  f"{strong:.1%} of links at least as strong as the exact k-th")
        stages = result["stages"]
        after = sum(seconds for name, (seconds, _, _) in stages.items() if name != "make records")
        after_cpu = sum(cpu for name, (_, _, cpu) in stages.items() if name != "make records")
        page = [stages["analysis (map, sizes, reading lists)"][k] + stages["page (graph.html)"][k] for k in (0, 2)]
        peak = max(peak for _, peak, _ in stages.values())
        print(f"  page (analysis + graph.html): {page[0]:.1f} s ({page[1]:.1f} s CPU); whole build from records in hand: {after:.1f} s "
              f"({after_cpu:.1f} s CPU); peak {peak / 1024:.1f} GB  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        if size == 100_000:
            linking, linked_peak, _ = stages["keyword links"]
            print(f"  targets at 100,000: page ≤ 60 s, build ≤ 240 s, peak ≤ 6 GB; linked by keywords in < 60 s and < 4 GB → "
                  f"{linking:.1f} s, {linked_peak / 1024:.1f} GB peak")
        if size == 10_000:
            print("  target at 10,000: page ≤ 5 s")


if __name__ == "__main__":
    main()
