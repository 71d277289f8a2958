"""Time the rank stage alone (`graphx.rank.rank`: every score, the backbone, communities and their names,
seed similarity) on the graph `benchmarks/build_stages.py` builds, and check that a change leaves its results
as they were.

    python benchmarks/rank_stage.py SIZE                  # time rank on SIZE realistic works
    python benchmarks/rank_stage.py SIZE --profile        # … and print cProfile's top functions
    python benchmarks/rank_stage.py SIZE --save FILE      # … and pickle the results (scores, communities, backbone)
    python benchmarks/rank_stage.py SIZE --compare FILE   # … and compare them with results saved before

The built graph is pickled once to the temporary folder (keyed by size), so that only ranking is timed and
repeated runs skip the keyword linking and graph building. Scores compare to float tolerance; communities,
community names, the backbone's ties and the order must be identical.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pickle
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def built_graph(size: int):
    """The graph of `size` realistic works, as build_stages.py builds it (read from the cache when there)."""
    cache = Path(tempfile.gettempdir()) / f"graphx-rank-stage-{size}.pkl"
    if not cache.exists():
        from graphx.graph import build_graph
        from graphx.keywords import keyword_links
        from tests.support.corpus import realistic_papers

        papers = realistic_papers(size)
        graph = build_graph(papers, links=keyword_links(papers))
        cache.write_bytes(pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
    return pickle.loads(cache.read_bytes())


def results(graph, ranking) -> dict:
    """What ranking wrote and returned, in comparable form."""
    import numpy as np

    names = sorted({k for _, data in graph.nodes(data=True) for k in data})
    written = {name: [graph.nodes[n].get(name) for n in graph] for name in names}
    backbone = ranking.backbone
    return {"nodes": list(graph), "written": written, "graph": dict(graph.graph), "order": ranking.order,
            "backbone": (backbone.nodes, np.asarray(backbone.first), np.asarray(backbone.second), np.asarray(backbone.weights))}


def compare(before: dict, after: dict) -> list[str]:
    """Differences between two `results`: floats to tolerance, everything else exactly."""
    import numpy as np

    problems = []
    if before["nodes"] != after["nodes"]:
        return ["node lists differ"]
    for name in sorted(set(before["written"]) | set(after["written"])):
        old, new = before["written"].get(name), after["written"].get(name)
        if old is None or new is None:
            problems.append(f"{name}: written only {'after' if old is None else 'before'}")
            continue
        if all(isinstance(v, float) or v is None for v in old + new) and any(isinstance(v, float) for v in old):
            a = np.array([np.nan if v is None else v for v in old])
            b = np.array([np.nan if v is None else v for v in new])
            if not np.allclose(a, b, rtol=1e-6, atol=1e-9, equal_nan=True):
                problems.append(f"{name}: {int((~np.isclose(a, b, rtol=1e-6, atol=1e-9, equal_nan=True)).sum())} values differ")
        elif old != new:
            problems.append(f"{name}: {sum(1 for x, y in zip(old, new, strict=True) if x != y)} values differ")
    if before["graph"] != after["graph"]:
        problems.append(f"graph attributes differ: {before['graph']} vs {after['graph']}")
    if before["order"] != after["order"]:
        problems.append("order differs")
    (n0, f0, s0, w0), (n1, f1, s1, w1) = before["backbone"], after["backbone"]
    if n0 != n1 or not np.array_equal(f0, f1) or not np.array_equal(s0, s1):
        problems.append(f"backbone ties differ ({len(f0)} vs {len(f1)})")
    elif not np.allclose(w0, w1, rtol=0, atol=1.5e-6):
        problems.append("backbone weights differ")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    options = parser.parse_args()
    import sklearn.feature_extraction.text  # noqa: F401  (loaded by the keyword stage before ranking, in a build)

    from graphx.rank import rank

    graph = built_graph(options.size)
    started, cpu = time.perf_counter(), time.process_time()
    if options.profile:
        profile = cProfile.Profile()
        ranking = profile.runcall(rank, graph)
    else:
        ranking = rank(graph)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"rank at {options.size:,} works ({graph.number_of_edges():,} links): {wall:.1f} s ({cpu:.1f} s CPU), "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if options.profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    if options.save:
        options.save.write_bytes(pickle.dumps(results(graph, ranking)))
    if options.compare:
        problems = compare(pickle.loads(options.compare.read_bytes()), results(graph, ranking))
        print("results identical" if not problems else "DIFFERENT:\n  " + "\n  ".join(problems))
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
