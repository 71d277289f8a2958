"""Every export format, written then read back by an independent reader (igraph, ElementTree, pandas,
bibtexparser, rispy, networkx's Cytoscape reader), and the saved graphs round-trip with their attributes."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import bibtexparser
import igraph
import networkx as nx
import pandas as pd
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from graphx.build import CitationGraph, write_outputs
from graphx.formats import FORMATS
from graphx.load import load_graph
from graphx.model import Paper
from graphx.render.visual import node_visuals

TRICKY_TITLE = "Über 50% of {braces} & under_scores: the #1 study of ~tildes and $dollars"


@pytest.fixture(scope="module")
def citation_graph() -> CitationGraph:
    papers = [
        Paper(id="W1", title="Computing Machinery and Intelligence", authors=["Alan M. Turing"], year=1950, venue="Mind",
              doi="10.1093/mind/lix.236.433", is_seed=True, references=["W2", "W3"], abstract="Can machines think?"),
        Paper(id="W2", title="On Computable Numbers", authors=["Alan M. Turing"], year=1937, references=["W3"], cited_by_count=8254),
        Paper(id="W3", title=TRICKY_TITLE, authors=["Kurt Gödel", "Alonzo Church"], year=1931, venue="Monatshefte", arxiv="1234.56789"),
        Paper(id="W4", title="Machines that think: a survey", authors=["Ada Lovelace"], year=2020, references=["W1", "W2", "W3"]),
        Paper(id="W5", title="Thinking machines revisited", year=2021, references=["W1", "W4"]),
    ]
    return CitationGraph.from_papers(papers)


def kinds(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in graph.edges(keys=True)}


@pytest.mark.parametrize("name", ["graph.json", "graph.graphml", "graph.gexf"])
def test_each_saved_graph_reads_back_with_its_nodes_edges_and_attributes(citation_graph, tmp_path, name):
    write_outputs(citation_graph, tmp_path)
    loaded = load_graph(tmp_path / name)
    original, picture = citation_graph.nx, node_visuals(citation_graph.nx)  # the picture every output shows
    assert set(loaded) == set(original) and kinds(loaded) == kinds(original)
    for node in original:
        for key in ("title", "year", "authors", "doi", "is_seed", "pagerank", "community", "local_citations", "x", "y"):
            assert loaded.nodes[node].get(key) == (original.nodes[node] | picture[node]).get(key), (node, key)


def test_graphml_opens_in_igraph_with_gephis_visual_attributes(citation_graph, tmp_path):
    [path] = citation_graph.export(tmp_path / "g.graphml", format="graphml")
    read = igraph.Graph.Read_GraphML(str(path))
    assert read.vcount() == 5 and read.ecount() == citation_graph.nx.number_of_edges()
    turing = read.vs.find(id="W1")
    node = citation_graph.nx.nodes["W1"] | node_visuals(citation_graph.nx)["W1"]
    assert (turing["x"], turing["y"], turing["size"], turing["label"]) == (node["x"], -node["y"], node["size"], node["title"])
    assert sorted(read.es["kind"]) == sorted(k for _, _, k in citation_graph.nx.edges(keys=True))
    assert f"#{int(turing['r']):02x}{int(turing['g']):02x}{int(turing['b']):02x}" == node["colour"]


def test_gexf_is_version_1_3_with_viz_colour_size_and_position_per_node(citation_graph, tmp_path):
    [path] = citation_graph.export(tmp_path / "g.gexf", format="gexf")
    root = ElementTree.parse(path).getroot()
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    nodes, picture = root.findall(".//g:node", ns), node_visuals(citation_graph.nx)
    assert [n.get("label") for n in nodes][:1] == ["Computing Machinery and Intelligence"]
    for element in nodes:
        data = citation_graph.nx.nodes[element.get("id")] | picture[element.get("id")]
        position = element.find("viz:position", ns)
        assert float(position.get("x")) == data["x"] and float(position.get("y")) == -data["y"]
        assert float(element.find("viz:size", ns).get("value")) == data["size"]
        assert element.find("viz:color", ns) is not None


def test_cytoscape_json_reads_back_through_networkx_as_a_directed_multigraph_with_positions(citation_graph, tmp_path):
    [path] = citation_graph.export(tmp_path / "g.cyjs", format="cytoscape")
    data = json.loads(path.read_text(encoding="utf-8"))
    read = nx.cytoscape_graph(data)
    assert read.is_directed() and read.is_multigraph() and data["layout"] == {"name": "preset"}
    assert kinds(read) == kinds(citation_graph.nx)
    first = data["elements"]["nodes"][0]
    picture = node_visuals(citation_graph.nx)[first["data"]["id"]]
    assert first["position"] == {"x": picture["x"], "y": picture["y"]}


def test_vosviewer_map_and_network_files_have_its_columns_and_consistent_ids(citation_graph, tmp_path):
    paths = citation_graph.export(tmp_path / "vos.txt", format="vosviewer")
    assert [p.name for p in paths] == ["vos_map.txt", "vos_network.txt"]
    items = pd.read_csv(paths[0], sep="\t")
    links = pd.read_csv(paths[1], sep="\t", header=None, names=["a", "b", "strength"])
    assert list(items.columns) == ["id", "label", "description", "url", "x", "y", "cluster", "weight<Citations>", "weight<Links>",
                                   "score<Pub. year>"]
    assert list(items["id"]) == [1, 2, 3, 4, 5] and items["cluster"].min() == 1
    assert set(links["a"]) | set(links["b"]) <= set(items["id"]) and (links["a"] < links["b"]).all()
    turing = items[items["label"] == "Computing Machinery and Intelligence"].iloc[0]
    assert (turing["weight<Citations>"], turing["score<Pub. year>"], turing["url"]) == (2, 1950, "https://doi.org/10.1093/mind/lix.236.433")


def test_pajek_opens_in_igraph_with_every_citation_directed(citation_graph, tmp_path):
    paths = citation_graph.export(tmp_path / "g.net", format="pajek")
    read = igraph.Graph.Read_Pajek(str(paths[0]))
    cites = sum(1 for _, _, k in citation_graph.nx.edges(keys=True) if k == "cites")
    assert read.is_directed() and read.vcount() == 5 and read.ecount() == cites == 8
    keyword_links = sum(1 for _, _, k in citation_graph.nx.edges(keys=True) if k == "keyword")
    assert len(paths) == (2 if keyword_links else 1)


def test_csv_and_parquet_tables_read_back_with_pandas(citation_graph, tmp_path):
    pytest.importorskip("pyarrow")
    nodes_csv, edges_csv = citation_graph.export(tmp_path / "t.csv", format="csv")
    nodes_parquet, edges_parquet = citation_graph.export(tmp_path / "t.parquet", format="parquet")
    for nodes, edges in (
        (pd.read_csv(nodes_csv), pd.read_csv(edges_csv)),
        (pd.read_parquet(nodes_parquet), pd.read_parquet(edges_parquet)),
    ):
        assert sorted(nodes["id"]) == ["W1", "W2", "W3", "W4", "W5"] and len(edges) == citation_graph.nx.number_of_edges()


def test_bibtex_reads_back_with_unique_keys_and_the_titles_intact(citation_graph, tmp_path):
    [path] = citation_graph.export(tmp_path / "papers.bib", format="bibtex")
    library = bibtexparser.parse_file(str(path), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks and len(library.entries) == 5
    keys = [entry.key for entry in library.entries]
    assert len(set(keys)) == 5 and {"turing1950computing", "turing1937computable", "godel1931uber"} <= set(keys)
    by_key = {entry.key: entry for entry in library.entries}
    assert by_key["godel1931uber"]["title"] == TRICKY_TITLE
    assert by_key["godel1931uber"]["author"] == "Gödel, Kurt and Church, Alonzo"
    assert by_key["turing1950computing"]["doi"] == "10.1093/mind/lix.236.433" and by_key["turing1950computing"].entry_type == "article"


def test_ris_and_csl_json_of_a_selection_read_back(citation_graph, tmp_path):
    seeds = [n for n in citation_graph.nx if citation_graph.nx.nodes[n].get("is_seed")]
    [ris] = citation_graph.export(tmp_path / "s.ris", format="ris", nodes=seeds)
    [record] = rispy.loads(ris.read_text(encoding="utf-8"))
    assert (record["title"], record["authors"], record["doi"], record["year"]) == (
        "Computing Machinery and Intelligence", ["Turing, Alan M."], "10.1093/mind/lix.236.433", "1950")
    [csl] = citation_graph.export(tmp_path / "all.json", format="csljson")
    items = json.loads(csl.read_text(encoding="utf-8"))
    gödel = next(i for i in items if i["id"] == "godel1931uber")
    assert gödel["author"][0] == {"family": "Gödel", "given": "Kurt"} and gödel["issued"] == {"date-parts": [[1931]]}
    assert gödel["URL"] == citation_graph.nx.nodes["W3"]["url"]  # the work's own URL, as nodes.csv has it


def test_the_notebook_view_is_the_whole_page_in_an_iframe_with_nothing_from_outside(citation_graph):
    html = citation_graph._repr_html_()
    assert html.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts allow-popups"' in html
    assert "Computing Machinery and Intelligence" in html and "<script" not in html  # escaped inside srcdoc
    assert "https://cdn" not in html and "unpkg" not in html


def test_the_library_build_takes_options_as_keywords(tmp_path):
    import graphx

    listing = Path(__file__).parent / "data" / "seeds" / "listing-scaling-and-entropy.txt"
    graph = graphx.build([str(listing)], offline=True, cache_dir=tmp_path, openalex_url="http://127.0.0.1:9")
    assert isinstance(graph, graphx.CitationGraph) and graph.nx.number_of_nodes() == 82
    frame = graph.rank(by="keyword_strength", top=3)
    assert list(frame.columns[:5]) == ["rank", "id", "title", "year", "keyword_strength"] and len(frame) == 3
    assert len(graph.nodes_frame()) == 82 and set(graph.edges_frame()["kind"]) == {"keyword"}


HOSTILE_CELLS = ["=HYPERLINK(\"http://x\")", "a, b; c", 'say "hi"', "line one\r\nline two", "lone\rreturn", "tab\there", "-0.5 minus"]


def hostile_graph() -> CitationGraph:
    papers = [Paper(id=f"H{i}", title=title, authors=["Ada Lovelace", "Charles Babbage"], year=1843 + i if i else None,
                    venue="Notes, vol. 1; part \"2\"", references=[f"H{i + 1}"] if i + 1 < len(HOSTILE_CELLS) else [])
              for i, title in enumerate(HOSTILE_CELLS)]
    return CitationGraph.from_papers(papers)


def libreoffice_rows(text: str) -> list[list[str]]:
    """Rows as LibreOffice and Excel split them: a CR or LF outside quotes ends the row (a lone CR too)."""
    rows, row, cell, quoted, i = [], [], "", False, 0
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"' and text[i + 1:i + 2] == '"':
                cell, i = cell + '"', i + 1
            elif char == '"':
                quoted = False
            else:
                cell += char
        elif char == '"':
            quoted = True
        elif char == ",":
            row, cell = row + [cell], ""
        elif char in "\r\n":
            rows.append(row + [cell])
            row, cell = [], ""
            if char == "\r" and text[i + 1:i + 2] == "\n":
                i += 1
        else:
            cell += char
        i += 1
    return rows + ([row + [cell]] if row or cell else [])


def test_csv_cells_read_the_same_in_python_csv_pandas_and_spreadsheets(tmp_path):
    import csv

    graph = hostile_graph()
    nodes_path, edges_path = graph.export(tmp_path / "t.csv", format="csv")
    text = nodes_path.read_text(encoding="utf-8")
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        python_rows = list(csv.reader(handle))
    spreadsheet_rows = libreoffice_rows(text)
    frame = pd.read_csv(nodes_path, keep_default_na=False, dtype=str)
    assert python_rows == spreadsheet_rows and len(python_rows) == len(HOSTILE_CELLS) + 1 == len(frame) + 1
    titles = set(frame["title"])
    assert {"'=HYPERLINK(\"http://x\")", "a, b; c", 'say "hi"', "line one\nline two", "lone\nreturn", "tab\there", "'-0.5 minus"} == titles
    assert "\r" not in text
    edges = pd.read_csv(edges_path)
    assert list(edges.columns) == ["source", "target", "kind", "weight", "terms", "sources"]


def test_vosviewer_files_follow_its_quoting_rules_with_a_score_for_every_item(tmp_path):
    graph = hostile_graph()
    map_path, network_path = graph.export(tmp_path / "vos.txt", format="vosviewer")
    lines = map_path.read_text(encoding="utf-8").split("\n")[:-1]
    header, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:]]
    assert header[-1] == '"score<Pub. year>"' and len(rows) == len(HOSTILE_CELLS)
    for row in rows:
        assert len(row) == len(header)
        label, description, url = row[1:4]
        assert all(cell.startswith('"') and cell.endswith('"') for cell in (label, description, url))  # text always quoted
        assert all(cell and not cell.startswith('"') for cell in row[4:])  # numbers never, and never empty
        assert not label.strip('"').startswith(("=", "+", "-", "@"))
    items = pd.read_csv(map_path, sep="\t")
    unknown = items[items["description"].str.contains("year unknown")]
    assert len(unknown) == 1 and unknown["score<Pub. year>"].notna().all()
    assert "a, b; c" in set(items["label"]) and 'say "hi"' in set(items["label"])
    assert "&quot;" not in items["description"].iloc[0] and "Notes, vol. 1; part \"2\"" in items["description"].iloc[0]
    links = pd.read_csv(network_path, sep="\t", header=None)
    assert len(links) == len(HOSTILE_CELLS) - 1


def snapshot(graph: nx.MultiDiGraph) -> tuple:
    """Everything a graph holds: its attributes, its nodes in order with theirs, its links with keys and theirs."""
    return (dict(graph.graph), [(n, dict(d)) for n, d in graph.nodes(data=True)],
            [(u, v, k, dict(d)) for u, v, k, d in graph.edges(keys=True, data=True)])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_writer_leaves_the_graph_it_is_given_exactly_as_it_was(tmp_path, fmt):
    graph = CitationGraph.from_papers([Paper(id="H0", title="Null\u0000 title", year=1999, references=["H1"], is_seed=True),
                                       Paper(id="H1", title="Cited paper", authors=["Ada Lovelace"])])
    graph.nx.graph["name"] = "A graph"
    graph.nx.add_edge("H0", "H1", key="keyword", kind="keyword", weight=0.5, terms="paper")  # parallel to the citation
    graph.nx.nodes["H1"]["venue"] = None  # as in a graph.json someone edited
    before = snapshot(graph.nx)
    graph.export(tmp_path / f"all.{fmt}", format=fmt)
    graph.export(tmp_path / f"one.{fmt}", format=fmt, nodes=["H0"])
    assert snapshot(graph.nx) == before
    if fmt == FORMATS[0]:  # the whole folder and the page too
        write_outputs(graph, tmp_path / "folder")
        graph.to_html(tmp_path / "page.html")
        assert snapshot(graph.nx) == before
