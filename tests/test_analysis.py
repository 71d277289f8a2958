"""The analysis step: what the page and the files share is computed once per build, on the similarity backbone the
ranking found the communities on, and the page and every file show that one picture."""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from graphx import backbone as backbone_module
from graphx.analysis import analyse
from graphx.backbone import similarity_backbone
from graphx.citation_graph import CitationGraph
from graphx.graph import edge_arrays
from graphx.outputs import write_outputs
from graphx.picture import node_visuals
from graphx.render.page import read_page_data
from graphx.suggest import READING_LIST, suggest
from tests.support.corpus import realistic_papers


@pytest.fixture(scope="module")
def built() -> CitationGraph:
    return CitationGraph.from_papers(realistic_papers(400))


def counting_backbones(monkeypatch) -> list[int]:
    """Count how often the similarity backbone is computed (every way to it reads the matrix in blocks)."""
    calls: list[int] = []
    blocks = backbone_module.similarity_blocks

    def counted(arrays):
        calls.append(len(arrays.nodes))
        yield from blocks(arrays)

    monkeypatch.setattr(backbone_module, "similarity_blocks", counted)
    return calls


def test_a_build_computes_the_similarity_backbone_once_for_the_communities_and_the_map(monkeypatch, tmp_path):
    calls = counting_backbones(monkeypatch)
    result = CitationGraph.from_papers(realistic_papers(200))
    write_outputs(result, tmp_path, "once")
    assert calls == [200]  # ranking made it; the analysis laid the map out on the same ties


def test_the_analysis_uses_the_rankings_backbone_and_makes_its_own_only_for_another_graph(built, monkeypatch):
    calls = counting_backbones(monkeypatch)
    assert analyse(built.graph, built.backbone).backbone is built.backbone and calls == []
    smaller = built.graph.subgraph(list(built.graph)[:300]).copy()
    analysis = analyse(smaller, built.backbone)  # a backbone of other papers is not used
    assert calls == [300] and analysis.backbone.nodes == list(smaller)


def test_the_analysis_is_the_picture_the_lists_and_the_communities_of_the_graph_and_leaves_it_as_it_was(built):
    before = copy.deepcopy(dict(built.graph.nodes(data=True)))
    analysis = analyse(built.graph, built.backbone)
    assert dict(built.graph.nodes(data=True)) == before
    assert analysis.visuals == node_visuals(built.graph)
    assert analysis.suggestions == suggest(built.graph, READING_LIST)
    numbers = {data["community"] for _, data in built.graph.nodes(data=True)}
    assert [c.number for c in analysis.communities] == sorted(numbers)
    assert sum(c.size for c in analysis.communities) == built.graph.number_of_nodes()
    for community in analysis.communities:
        member = next(n for n, data in built.graph.nodes(data=True) if data["community"] == community.number)
        assert community.label == built.graph.nodes[member]["community_label"]


def test_the_page_and_the_files_show_the_one_analysis(built, tmp_path):
    write_outputs(built, tmp_path, "shared")
    analysis = analyse(built.graph, built.backbone)
    page = read_page_data((tmp_path / "graph.html").read_text(encoding="utf-8"))
    saved = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    positions = {node["id"]: (node["x"], node["y"]) for node in saved["nodes"]}
    for node in page["nodes"]:
        picture = analysis.visuals[node["id"]]
        assert (node["x"], node["y"], node["colour"]) == (picture["x"], picture["y"], picture["colour"])
        assert positions[node["id"]] == (picture["x"], picture["y"])
    assert page["community_labels"] == {str(number): label for number, label in analysis.community_labels.items()}
    assert [entry["id"] for entry in page["suggestions"]["prior"]] == [s.id for s in analysis.suggestions if s.list == "prior"]


def test_the_backbone_read_in_blocks_keeps_the_same_ties_as_in_one_piece(built, monkeypatch):
    arrays = edge_arrays(built.graph)
    whole = similarity_backbone(arrays)
    monkeypatch.setattr(backbone_module, "BLOCK_WORK", 500)  # many blocks of a few rows each
    assert len(list(backbone_module.similarity_blocks(arrays))) > 10
    pieces = similarity_backbone(arrays)
    assert np.array_equal(whole.first, pieces.first) and np.array_equal(whole.second, pieces.second)
    assert np.array_equal(whole.weights, pieces.weights)
