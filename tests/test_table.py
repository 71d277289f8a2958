"""The graph read once into columns for the files: values that Python calls equal but the files write apart
stay apart, missing values stay out, each element keeps its attributes in its own order, and the files come out
the same however many rows are rendered at a time."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import networkx as nx

import graphx.export
import graphx.table
from graphx.export import write_graph_files, write_node_link
from graphx.formats import GRAPH_FORMATS, default_name, write_format
from graphx.render.visual import node_visuals
from graphx.table import attribute_order, factorize, graph_table
from graphx.xmlgraph import write_graphml

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"




def odd_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="odd")
    graph.add_node("W1", title="First\x00 <b>paper</b>", year=1999, score=float("nan"), x=1.5, y=-2.0, community=0)
    graph.add_node("W2", title="Second", doi="10.1/x,y", year=None, x=0.0, y=-0.0, community=1)
    graph.add_node("W3", title="Third", x=-1.0, y=3.25, community=1)
    for number, weight in enumerate([1, 1.0, True, -0.0, 0.0, float("nan"), None]):
        graph.add_edge("W1", "W3", key=f"k{number}", kind="cites", weight=weight)
    graph.add_edge("W2", "W1", key="keyword", kind="keyword", weight=0.25, terms="graphs; trees")
    return graph


def test_values_equal_in_python_but_written_apart_stay_apart():
    column = factorize([1, 1.0, True, -0.0, 0.0, float("nan"), None, 1.0])
    assert column.values == [1, 1.0, True, -0.0, 0.0]
    assert [type(value) for value in column.values] == [int, float, bool, float, float]
    assert column.codes.tolist() == [0, 1, 2, 3, 4, -1, -1, 1]


def test_graphml_writes_each_weight_as_its_own_type_and_leaves_missing_ones_out(tmp_path):
    graph = odd_graph()
    path = write_graphml(graph, tmp_path / "g.graphml")
    root = ElementTree.parse(path).getroot()
    keys = {key.get("id"): (key.get("attr.name"), key.get("attr.type")) for key in root.iter(f"{GRAPHML}key")}
    weights = [[(keys[data.get("key")][1], data.text) for data in edge.iter(f"{GRAPHML}data") if keys[data.get("key")][0] == "weight"]
               for edge in root.iter(f"{GRAPHML}edge")]
    assert weights == [[("long", "1")], [("double", "1.0")], [("boolean", "True")], [("double", "-0.0")], [("double", "0.0")], [], [],
                       [("double", "0.25")]]
    titles = [
        data.text for node in root.iter(f"{GRAPHML}node") for data in node.iter(f"{GRAPHML}data") if keys[data.get("key")][0] == "title"
    ]
    assert titles == ["First <b>paper</b>", "Second", "Third"]
    assert "score" not in {name for name, _ in keys.values()}  # NaN everywhere: no column at all


def test_graph_json_keeps_each_value_and_leaves_missing_ones_out(tmp_path):
    graph = odd_graph()
    data = json.loads(write_node_link(graph, tmp_path / "g.json").read_text(encoding="utf-8"))
    assert [link.get("weight", "absent") for link in data["edges"]] == [1, 1.0, True, -0.0, 0.0, "absent", "absent", 0.25]
    assert [type(link.get("weight")) for link in data["edges"][:3]] == [int, float, bool]
    assert "year" not in data["nodes"][1] and "score" not in data["nodes"][0]
    assert nx.node_link_graph(data, edges="edges").number_of_edges() == graph.number_of_edges()


def test_each_node_keeps_its_attributes_in_its_own_order():
    assert attribute_order([("title", "year"), ("title", "doi", "year"), ("title", "year", "pagerank")]) == [
        "title",
        "doi",
        "year",
        "pagerank",
    ]
    graph = nx.MultiDiGraph()
    graph.add_node("a", title="A", year=2000)
    graph.add_node("b", title="B", doi="10.1/b", year=2001)
    assert list(graph_table(graph).attributes.columns) == ["title", "doi", "year"]


def test_a_selection_is_read_like_the_subgraph_it_shows(demo_map):
    chosen = set(list(demo_map.graph)[:300])
    view = graph_table(nx.subgraph_view(demo_map.graph, filter_node=chosen.__contains__))
    copy = nx.MultiDiGraph()
    copy.add_nodes_from((node, demo_map.graph.nodes[node]) for node in demo_map.graph if node in chosen)
    copy.add_edges_from((u, v, k, d) for u, v, k, d in demo_map.graph.edges(keys=True, data=True) if u in chosen and v in chosen)
    table = graph_table(copy)
    assert view.ids == table.ids and view.source.tolist() == table.source.tolist() and view.target.tolist() == table.target.tolist()
    assert {name: column.to_list() for name, column in view.links.columns.items()} == {
        name: column.to_list() for name, column in table.links.columns.items()
    }


def test_every_file_is_the_same_whatever_the_number_of_rows_rendered_at_a_time(demo_map, tmp_path, monkeypatch):
    visuals = node_visuals(demo_map.graph)

    def write_all(folder: Path) -> dict[str, bytes]:
        for fmt in GRAPH_FORMATS:
            write_format(demo_map.graph, fmt, folder / default_name(fmt), visuals=visuals)
        write_graph_files(demo_map.graph, list(demo_map.graph), [], folder / "build", visuals)
        return {
            str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and "parquet" not in path.name
        }

    whole = write_all(tmp_path / "whole")
    monkeypatch.setattr(graphx.table, "CHUNK_ROWS", 7)  # the demo's 1,008 papers and 2,556 links in many chunks, the last one short
    chunked = write_all(tmp_path / "chunked")
    assert len(whole) >= 15 and whole == chunked


def test_a_build_reads_the_graph_into_columns_once_for_all_its_files(demo_map, tmp_path, monkeypatch):
    reads = []
    real = graphx.export.graph_table
    monkeypatch.setattr(graphx.export, "graph_table", lambda *args, **kwargs: reads.append(1) or real(*args, **kwargs))
    written = write_graph_files(demo_map.graph, list(demo_map.graph), [], tmp_path, node_visuals(demo_map.graph))
    assert reads == [1] and len(written) == 9
