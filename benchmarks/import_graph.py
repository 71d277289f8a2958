"""The import picture of the graphx package, in words: its layers, what each module imports, any import that
climbs a layer, and any cycle. tests/test_architecture.py asserts the same facts.

    python benchmarks/import_graph.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from tests.support.imports import LAYERS, import_graph, layer_of, layer_violations  # noqa: E402


def main() -> None:
    graph = import_graph()
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "graphx").rglob("*.py"))
    print(f"{len(graph) + 1} modules, {lines:,} lines of Python in graphx/\n")
    for index, (name, _) in enumerate(reversed(LAYERS)):
        layer = len(LAYERS) - 1 - index
        members = [m for m in graph if layer_of(m) == layer]
        print(f"{name} ({len(members)} modules)")
        for module in members:
            print(f"  {module.removeprefix('graphx.')} → {', '.join(t.removeprefix('graphx.') for t in sorted(graph[module])) or '—'}")
    cycles = list(nx.simple_cycles(nx.DiGraph([(a, b) for a, ts in graph.items() for b in ts])))
    print(f"\nimports that climb a layer: {layer_violations(graph) or 'none'}")
    print(f"cycles: {cycles or 'none'}")
    print(f"modules in no layer: {[m for m in graph if layer_of(m) is None] or 'none'}")


if __name__ == "__main__":
    main()
