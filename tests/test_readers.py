"""The demo graph (Turing 1950, its references and 1,000 citing papers) exported in each graph format and
read by the client's own reader: the GraphML XSD and graphology-graphml, the GEXF 1.3 RELAX NG schema and
graphology-gexf, cytoscape.js, igraph (Pajek) and networkx's Cytoscape reader, with every node and edge."""
from __future__ import annotations

import json
from collections import Counter

import igraph
import networkx as nx
import pytest

from graphx.build import CitationGraph
from tests.support.readers import read_with_node, schema_errors


def links(graph: nx.MultiDiGraph) -> Counter:
    return Counter((u, v, k) for u, v, k in graph.edges(keys=True))


def test_the_demo_has_a_citation_and_a_keyword_link_between_some_same_two_papers(demo_map):
    pairs = Counter((u, v) for u, v in demo_map.nx.edges())
    kinds = Counter(k for _, _, k in demo_map.nx.edges(keys=True))
    # the 1,007 citations are fixed; how many keyword links there are moves a little with scikit-learn's version
    assert demo_map.nx.number_of_nodes() == 1008 and kinds["cites"] == 1007 and kinds["keyword"] > 1000
    assert sum(1 for n in pairs.values() if n > 1) >= 1  # what each reader below must keep as two edges


def test_graphml_is_valid_against_the_graphml_schema_and_graphology_reads_every_node_and_edge(demo_map, tmp_path):
    [path] = demo_map.export(tmp_path / "demo_map.graphml", format="graphml")
    assert schema_errors(path, "graphml") == []
    read = read_with_node("graphml", path)
    assert (read["order"], read["size"], read["type"], read["multi"]) == (1008, demo_map.nx.number_of_edges(), "directed", True)
    assert Counter((e["source"], e["target"], e["kind"]) for e in read["edges"]) == links(demo_map.nx)
    assert len({e["key"] for e in read["edges"]}) == demo_map.nx.number_of_edges()
    graph = demo_map.nx
    for node in read["nodes"]:
        data = graph.nodes[node["id"]]
        assert node["label"] == data["title"]
        assert (node["x"], node["y"]) == (data["x"], -data["y"])  # Gephi's y points up, as in the GEXF


def test_gexf_is_valid_gexf_1_3_and_graphology_reads_citations_directed_and_keyword_links_undirected(demo_map, tmp_path):
    [path] = demo_map.export(tmp_path / "demo.gexf", format="gexf")
    assert schema_errors(path, "gexf") == []
    text = path.read_text(encoding="utf-8")
    assert 'name=""' not in text and "<description>" in text and 'defaultedgetype="directed"' in text
    read = read_with_node("gexf", path)
    assert (read["order"], read["size"], read["multi"]) == (1008, demo_map.nx.number_of_edges(), True)
    assert {(e["kind"], e["undirected"]) for e in read["edges"]} == {("cites", False), ("keyword", True)}
    assert Counter(e["kind"] for e in read["edges"]) == Counter(k for _, _, k in demo_map.nx.edges(keys=True))
    for node in read["nodes"]:
        data = demo_map.nx.nodes[node["id"]]
        assert node["label"] == data["title"] and (node["x"], node["y"]) == (data["x"], -data["y"])


def test_graphml_and_gexf_read_back_by_graphx_equal_the_graph(demo_map, tmp_path):
    for fmt in ("graphml", "gexf"):
        [path] = demo_map.export(tmp_path / f"demo.{fmt}", format=fmt)
        back = CitationGraph.load(path).nx
        assert links(back) == links(demo_map.nx)
        assert all(back.nodes[n]["y"] == demo_map.nx.nodes[n]["y"] for n in demo_map.nx)


def test_cytoscape_js_loads_the_file_with_every_node_at_its_position(demo_map, tmp_path):
    [path] = demo_map.export(tmp_path / "demo.cyjs", format="cytoscape")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["directed"], data["multigraph"], data["layout"]) == (True, True, {"name": "preset"})
    read = read_with_node("cytoscape", path)
    assert len(read["nodes"]) == 1008 and len(read["edges"]) == demo_map.nx.number_of_edges()
    for node in read["nodes"]:
        assert (node["x"], node["y"]) == (demo_map.nx.nodes[node["id"]]["x"], demo_map.nx.nodes[node["id"]]["y"])
    back = nx.cytoscape_graph(data)  # Cytoscape desktop's reading, as networkx does it
    assert back.is_directed() and back.is_multigraph() and back.number_of_edges() == demo_map.nx.number_of_edges()


def test_pajek_keeps_citation_direction_in_igraph_and_keyword_links_in_their_own_file(demo_map, tmp_path):
    cites_path, keywords_path = demo_map.export(tmp_path / "demo.net", format="pajek")
    assert keywords_path.name == "demo_keywords.net"
    cites, keywords = igraph.Graph.Read_Pajek(str(cites_path)), igraph.Graph.Read_Pajek(str(keywords_path))
    kinds = Counter(k for _, _, k in demo_map.nx.edges(keys=True))
    assert cites.is_directed() and (cites.vcount(), cites.ecount()) == (1008, kinds["cites"])
    assert not keywords.is_directed() and (keywords.vcount(), keywords.ecount()) == (1008, kinds["keyword"])
    order = list(demo_map.nx)
    assert Counter((order[e.source], order[e.target]) for e in cites.es) == Counter(
        (u, v) for u, v, k in demo_map.nx.edges(keys=True) if k == "cites")


def test_exports_of_a_loaded_graph_with_hostile_characters_are_clean(demo_map, tmp_path):
    data = nx.node_link_data(demo_map.nx, edges="edges")
    data["nodes"][0]["title"] = "Null\u0000 byte, form\u000cfeed and \ufffe in a title"
    data["nodes"][1]["venue"] = "Bell\u0007 Labs"
    (tmp_path / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    hostile = CitationGraph.load(tmp_path / "graph.json")
    [graphml] = hostile.export(tmp_path / "h.graphml", format="graphml")
    [gexf] = hostile.export(tmp_path / "h.gexf", format="gexf")
    assert schema_errors(graphml, "graphml") == [] and schema_errors(gexf, "gexf") == []
    assert igraph.Graph.Read_GraphML(str(graphml)).ecount() == demo_map.nx.number_of_edges()
    assert "Null byte, formfeed and  in a title" in graphml.read_text(encoding="utf-8")
    assert hostile.nx.nodes[data["nodes"][0]["id"]]["title"].startswith("Null\u0000")  # the graph itself is left alone


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson"])
def test_citation_js_reads_every_demo_paper_back_with_its_title_doi_and_url(demo_map, tmp_path, fmt):
    from tests.test_bibliography import pybtex_read

    [path] = demo_map.export(tmp_path / f"demo.{fmt}", format=fmt)
    want = {
        row["title"]: (row["doi"] or None, row["url"])
        for row in demo_map.nodes_frame()[["title", "doi", "url"]].fillna("").to_dict("records")
    }
    readers = [read_with_node(fmt, path)] + ([pybtex_read(path.read_text(encoding="utf-8"))] if fmt == "bibtex" else [])
    for read in readers:
        assert len(read) == 1008
        got = {item["title"]: (item["DOI"], item["URL"]) for item in read}
        assert got == want
