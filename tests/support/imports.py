"""The import graph of the graphx package, read from its source, and the layers it must flow down.

Layers, bottom to top (a module may import its own layer and those below, never one above):

    foundations      errors, model, config, scores,         plain data and settings, no I/O
                     sources/limits (published rates)
    inputs, sources  graphx.inputs.*, graphx.sources.*      reading files and talking to APIs
    pipeline         resolve, expand, gaps, merge, judge    queries → papers, one per real work
    graph, analysis  graph, keywords, rank, communities …   papers → a ranked graph and what it says
    outputs          render.*, export, formats, …           the page and the files, writing only
    orchestration    build, citation_graph, snapshot …      one call that runs the flow
    command line     cli, __main__
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "graphx"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundations", ("graphx.errors", "graphx.model", "graphx.config", "graphx.scores", "graphx.sources.limits", "graphx.wording")),
    ("inputs and sources", ("graphx.inputs", "graphx.sources", "graphx.replay")),
    ("pipeline", ("graphx.judge", "graphx.resolve", "graphx.expand", "graphx.gaps", "graphx.merge")),
    (
        "graph and analysis",
        (
            "graphx.graph",
            "graphx.keywords",
            "graphx.tfidf",
            "graphx.neighbours",
            "graphx.rank",
            "graphx.communities",
            "graphx.backbone",
            "graphx.similarity",
            "graphx.seeded",
            "graphx.suggest",
            "graphx.connect",
            "graphx.analysis",
            "graphx.picture",
        ),
    ),
    (
        "outputs",
        (
            "graphx.render",
            "graphx.export",
            "graphx.formats",
            "graphx.bibliography",
            "graphx.load",
            "graphx.report",
            "graphx.atomic",
            "graphx.attributes",
            "graphx.table",
            "graphx.xmlgraph",
        ),
    ),
    (
        "orchestration",
        (
            "graphx.build",
            "graphx.citation_graph",
            "graphx.outputs",
            "graphx.snapshot",
            "graphx.spark",
            "graphx.update",
            "graphx.triage",
            "graphx.recipe",
        ),
    ),
    ("command line", ("graphx.cli", "graphx.__main__")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    """The index in LAYERS of `module`'s layer (the package root itself has none: it only re-exports)."""
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def _imported(tree: ast.AST, known: set[str]) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # names for type hints only, never imported at run time
            if isinstance(child, ast.ImportFrom) and child.module and child.module.split(".")[0] == "graphx":
                for alias in child.names:
                    submodule = f"{child.module}.{alias.name}"
                    found.add(submodule if submodule in known else child.module)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names if alias.name.split(".")[0] == "graphx")
            visit(child)

    visit(tree)
    return found & known


def import_graph() -> dict[str, set[str]]:
    """Each module of the package (but its root) → the package modules it imports anywhere in its code."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(paths)
    return {name: _imported(ast.parse(path.read_text(encoding="utf-8")), known) - {"graphx", name}
            for name, path in sorted(paths.items()) if name != "graphx"}


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    """Imports that climb: `a → b` where b sits in a higher layer than a."""
    return [f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
            for a, targets in graph.items() for b in sorted(targets)
            if layer_of(a) is not None and layer_of(b) is not None and layer_of(b) > layer_of(a)]
