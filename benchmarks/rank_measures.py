"""Time every ranking measure on a synthetic citation graph (default 20,000 papers, ~100,000 citations).

    python benchmarks/rank_measures.py [papers] [citations_per_paper]
    python benchmarks/rank_measures.py 30000 34      # ~1M citations: the PageRank + communities target

Prints one line per measure with its wall time in seconds. Papers cite older ones, preferring the already
cited (preferential attachment), as real literatures do; ten are seeds.
"""
from __future__ import annotations

import random
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))

from graphx import rank  # noqa: E402
from graphx.communities import assign_communities  # noqa: E402
from graphx.graph import build_graph, edge_arrays  # noqa: E402
from graphx.model import Paper  # noqa: E402
from graphx.similarity import score_similarity  # noqa: E402
from graphx.suggest import suggest  # noqa: E402

TOPICS = ["protein folding", "graph networks", "language models", "causal inference", "climate models", "quantum codes"]


def synthetic_papers(count: int, per_paper: int, seed: int = 3) -> list[Paper]:
    rng = random.Random(seed)
    cited: list[int] = []
    papers = []
    for number in range(count):
        chosen = set()
        while number and len(chosen) < min(number, per_paper):
            chosen.add(rng.choice(cited) if cited and rng.random() < 0.6 else rng.randrange(number))
        cited.extend(chosen)
        topic = TOPICS[number % len(TOPICS)]
        papers.append(Paper(id=f"W{number}", title=f"{topic} study {number}", year=1980 + number * 45 // count,
                            authors=[f"Author {number % 301}"], abstract=f"We study {topic} at scale {number % 17}.",
                            cited_by_count=rng.randint(0, 500), references=[f"W{c}" for c in chosen],
                            is_seed=number >= count - 10))
    return papers


def timed(label: str, action):
    started = time.perf_counter()
    value = action()
    print(f"{label:<42} {time.perf_counter() - started:8.2f} s")
    return value


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    per_paper = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    papers = synthetic_papers(count, per_paper)
    graph = timed("build graph (citations + keyword links)", lambda: build_graph(papers))
    arrays = timed("read the links into index arrays", lambda: edge_arrays(graph))
    print(f"{graph.number_of_nodes():,} papers, {len(arrays.citing):,} citations, {len(arrays.linked):,} keyword links")
    started = time.perf_counter()
    timed("pagerank", lambda: rank.pagerank(arrays))
    timed("communities (Louvain) and their labels", lambda: assign_communities(graph, 42, arrays))
    both = time.perf_counter() - started
    timed("hits (authority and hub)", lambda: rank.hits(arrays))
    timed("betweenness", lambda: rank.betweenness(arrays, 42, graph))
    print(f"{'  betweenness samples (0 = exact)':<42} {graph.graph['betweenness_samples']:8d}")
    timed("similarity to the seeds, with reasons", lambda: score_similarity(graph))
    timed("whole rank_graph", lambda: rank.rank_graph(graph))
    timed("suggestion lists", lambda: suggest(graph))
    print(f"\npagerank + communities: {both:.1f} s on {len(arrays.citing):,} citations "
          f"(target: under 30 s on 1,000,000)")


if __name__ == "__main__":
    main()
