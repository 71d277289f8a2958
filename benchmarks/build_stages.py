"""Build a graph from records already in hand (no network) at 1k, 10k and 100k works: time and peak memory
of each stage — keyword linking, the citation + keyword graph, ranking (PageRank, HITS, betweenness,
communities, similarity), the picture (layout, sizes, colours), the page, and the files.

    python benchmarks/build_stages.py [SIZE ...]          # default: 1000 10000 100000

Each size runs in a fresh process so its peak memory (ru_maxrss, after each stage) is its own. The works have
realistic text: titles and abstracts drawn from the vocabulary of the real reading lists in tests/data/seeds
(each work from the words of two real abstracts, so topics overlap as fields do), and 30-40 references each
with preferential attachment. Targets (issue 8): 100k works with abstracts linked by keywords in under 60 s
and under 4 GB.
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
EXACT_LIMIT = 5000  # graphx.neighbours: exact links up to this many papers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(size: int) -> dict:
    from graphx.export import write_graph_files
    from graphx.graph import build_graph
    from graphx.keywords import keyword_links
    from graphx.rank import rank_graph
    from graphx.render import write_page
    from graphx.render.visual import node_visuals
    from tests.support.corpus import realistic_papers

    stages = {}

    def stage(name, action):
        started = time.perf_counter()
        value = action()
        stages[name] = (time.perf_counter() - started, peak_mb())
        print(f"  … {size:,} works, {name}: {stages[name][0]:.1f} s, peak {stages[name][1]:.0f} MB", file=sys.stderr, flush=True)
        return value

    papers = stage("make records", lambda: realistic_papers(size))
    links = stage("keyword links", lambda: keyword_links(papers))
    graph = stage("graph (citations + keywords)", lambda: build_graph(papers, links=links))
    central = stage("rank (all scores, communities)", lambda: rank_graph(graph))
    # the picture (layout, sizes, colours) is computed once and shared by the page and the files, as write_outputs does
    visuals = stage("picture (layout, sizes, colours)", lambda: node_visuals(graph))
    with tempfile.TemporaryDirectory() as folder:
        stage("page (graph.html)", lambda: write_page(graph, Path(folder) / "graph.html", visuals=visuals))
        stage("files (graphml, gexf, json, csv)", lambda: write_graph_files(graph, central, [], Path(folder), visuals))
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
        print(f"  {'stage':<34} {'seconds':>8} {'peak MB':>8}")
        for name, (seconds, peak) in result["stages"].items():
            print(f"  {name:<34} {seconds:>8.1f} {peak:>8.0f}")
        if "quality" in result:
            captured, strong = result["quality"]
            print(f"  approximate vs exact keyword links: {captured:.1%} of the summed similarity, "
                  f"{strong:.1%} of links at least as strong as the exact k-th")
        if size == 100_000:
            linking, peak = result["stages"]["keyword links"]
            print(f"  target: linked by keywords in < 60 s and < 4 GB → {linking:.1f} s, {peak / 1024:.1f} GB peak")


if __name__ == "__main__":
    main()
