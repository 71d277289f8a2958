"""The clients' own readers for graphx's exports: the published schemas (via lxml) and the npm readers in
tests/js (graphology-graphml, graphology-gexf, cytoscape.js, citation-js), run with Debian's node."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
SCHEMAS = TESTS / "schemas"
JS = TESTS / "js"


def schema_errors(path: Path, kind: str) -> list[str]:
    """The schema's complaints about the file at `path` (GraphML XSD, GEXF 1.3 RELAX NG); empty when valid."""
    etree = pytest.importorskip("lxml.etree")
    if kind == "graphml":
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml-1.0" / "graphml.xsd")))
    else:
        schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf-1.3" / "gexf.rng")))
    valid = schema.validate(etree.parse(str(path)))
    return [] if valid else [f"{e.line}: {e.message}" for e in schema.error_log][:20]


def read_with_node(fmt: str, path: Path) -> object:
    """What tests/js/read.js prints for `path` read as `fmt` by the client's own JavaScript reader."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (.ci/run installs Debian's nodejs and npm)")
    if not (JS / "node_modules").is_dir():
        _install_readers()
    done = subprocess.run([node, str(JS / "read.js"), fmt, str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _install_readers() -> None:
    """`npm ci` in tests/js, once, so the README's test command runs the JavaScript readers on a fresh
    machine too (at the versions pinned in tests/js/package-lock.json). Skipped, saying why, without npm or
    the registry; a failure under CI is a failure."""
    npm = shutil.which("npm")
    problem = "npm is not installed (.ci/run installs Debian's npm)"
    if npm is not None:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS, capture_output=True,
                              text=True, timeout=600, check=False)
        if done.returncode == 0 and (JS / "node_modules").is_dir():
            return
        problem = f"`npm ci` in tests/js failed: {done.stderr.strip()[-300:]}"
    if os.environ.get("CI"):
        pytest.fail(problem)
    pytest.skip(problem)
