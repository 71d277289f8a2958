"""The shape of the package: imports flow one way, with no cycle, and the command line starts light.

The import graph is read from the source (every ``import graphx…``, at the top of a module or inside a
function, except under ``if TYPE_CHECKING``), so a lazy import that climbs a layer is caught as surely as a
top-level one. ``python benchmarks/import_graph.py`` prints the same picture for a reader.
"""
from __future__ import annotations

import subprocess
import sys

from tests.support.imports import LAYERS, import_graph, layer_of, layer_violations

HEAVY = ("networkx", "pandas", "numpy", "scipy", "igraph", "sklearn", "requests", "requests_cache", "pydantic", "jinja2", "pyvis",
         "rich", "rispy", "bibtexparser")


def test_every_module_of_the_package_has_a_layer():
    graph = import_graph()
    assert graph, "no module found"
    assert [module for module in graph if layer_of(module) is None] == []


def test_the_import_graph_has_no_cycle():
    import networkx as nx

    directed = nx.DiGraph([(a, b) for a, targets in import_graph().items() for b in targets if a != b])
    assert list(nx.simple_cycles(directed)) == []


def test_imports_flow_down_the_layers_from_the_cli_to_inputs_and_sources():
    assert layer_violations(import_graph()) == []


def test_the_layers_run_from_foundations_to_the_cli():
    names = [name for name, _ in LAYERS]
    assert names[0] == "foundations" and names[-1] == "command line"
    assert layer_of("graphx.sources.openalex") < layer_of("graphx.resolve") < layer_of("graphx.rank") < layer_of("graphx.render.page") \
        < layer_of("graphx.build") < layer_of("graphx.cli")


def _modules_loaded_by(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"], capture_output=True, text=True,
                          check=True)
    return {line.split(".")[0] for line in done.stdout.split()}


def test_import_graphx_loads_no_scientific_or_http_stack():
    assert _modules_loaded_by("import graphx") & set(HEAVY) == set()


def test_the_command_line_and_its_help_load_no_scientific_or_http_stack():
    code = (
        "import contextlib, io\nfrom graphx.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])"
    )
    assert _modules_loaded_by(code) & set(HEAVY) == set()


def test_graphx_build_stays_the_function_when_its_module_is_imported_too():
    code = "import graphx.build, graphx\nprint(callable(graphx.build), graphx.build is graphx.build.__globals__['build'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True"]


def _third_party_imports(folder: str) -> set[str]:
    import ast
    from pathlib import Path

    names: set[str] = set()
    for path in (Path(__file__).resolve().parents[1] / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name not in ("graphx", "tests", "benchmarks")}


def _declared(*groups: str) -> set[str]:
    import re
    from pathlib import Path

    import pytest

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"]) + [r for group in groups for r in project["optional-dependencies"][group]]
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_package_graphx_imports_is_a_declared_dependency():
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    imported = {dist.lower().replace("_", "-") for name in _third_party_imports("graphx") for dist in distributions.get(name, [name])}
    assert imported - _declared("parquet", "snapshot", "spark") == set()


def test_the_pipeline_reaches_the_sources_only_through_their_one_shape():
    from graphx.config import SOURCES

    graph = import_graph()
    clients = {path.partition(":")[0] for path in SOURCES.values()}
    assert {m: graph[m] & clients for m in ("graphx.resolve", "graphx.expand", "graphx.gaps", "graphx.merge", "graphx.judge")} \
        == dict.fromkeys(("graphx.resolve", "graphx.expand", "graphx.gaps", "graphx.merge", "graphx.judge"), set())
    # each source is one file: no client imports another, and the registry names them in config.SOURCES only
    assert {c: graph[c] & clients for c in clients if graph[c] & clients} == {}
    assert graph["graphx.sources.registry"] & clients == set()
    assert graph["graphx.judge"] <= {"graphx.model"}  # judging titles is pure
