"""Writing outputs: whole files or none, only inside the chosen folder, and nothing read back unsafely."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphx.build import BuildResult, write_outputs
from graphx.cli import _input_name
from graphx.graph import build_graph
from graphx.model import Paper
from graphx.rank import rank_graph

PACKAGE = Path(__file__).resolve().parents[1] / "graphx"


def small_result() -> BuildResult:
    graph = build_graph([Paper(id="W1", title="Citing paper", references=["W2"], is_seed=True), Paper(id="W2", title="Cited paper")])
    return BuildResult(graph, rank_graph(graph), [], [])


def test_an_interrupted_write_keeps_the_previous_file_whole_and_leaves_no_temporary_file(tmp_path):
    write_outputs(small_result(), tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in ("graph.graphml", "graph.gexf", "graph.json", "nodes.csv")}

    class Interrupting:
        """An attribute value whose text is asked for halfway through the writing of the graph files."""

        def __str__(self):
            raise KeyboardInterrupt

    result = small_result()
    result.graph.nodes["W2"]["note"] = Interrupting()  # the second paper: the first is already written out
    with pytest.raises(KeyboardInterrupt):
        write_outputs(result, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_outputs_stay_inside_the_chosen_folder_whatever_the_title_or_input_name(tmp_path):
    folder = tmp_path / "inside"
    written = write_outputs(small_result(), folder, title="../../escape/<x>")
    assert all(path.parent == folder for path in written)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and p.parent != folder) == []
    refs = tmp_path / "refs.bib"
    refs.write_text("@article{a, title={A}}", encoding="utf-8")
    assert _input_name("../../etc/passwd") == "etc-passwd" and _input_name(str(tmp_path / ".." / tmp_path.name / "refs.bib")) == "refs"
    assert _input_name("..") == "graph" and "/" not in _input_name("a/../../b")


def test_nothing_read_from_disk_is_unpickled_or_evaluated():
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    assert not re.search(r"\bimport (pickle|marshal|shelve|dill)\b|\beval\(|\bexec\(|yaml\.load\(", source)
    assert 'serializer="json"' in (PACKAGE / "sources" / "http.py").read_text(encoding="utf-8")
