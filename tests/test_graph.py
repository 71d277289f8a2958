"""Graph construction: citations between the papers in hand become edges; attributes stay scalars that every
graph format accepts; keyword links join papers on shared distinctive terms."""
from __future__ import annotations

import networkx as nx

from graphx.graph import build_graph, citation_edges
from graphx.keywords import keyword_links
from graphx.model import Paper
from graphx.rank import rank_graph


def test_only_citations_between_papers_in_the_set_become_edges():
    papers = [Paper(id="A", references=["B", "C", "Z"]), Paper(id="B", references=["C", "B"]), Paper(id="C")]
    assert citation_edges(papers) == [("A", "B"), ("A", "C"), ("B", "C")]


def test_graph_attributes_are_scalars_so_graphml_and_gexf_accept_them(tmp_path):
    papers = [Paper(id="W1", title="T", authors=["A", "B"], keywords=["x", "y"], references=["W2"], doi="10.1/x", is_seed=True),
              Paper(id="W2", title="U")]
    graph = build_graph(papers)
    rank_graph(graph)
    assert graph.nodes["W1"]["authors"] == "A; B"
    assert "year" not in graph.nodes["W1"]  # missing values are left out, not None
    nx.write_graphml(graph, tmp_path / "g.graphml")
    nx.write_gexf(graph, tmp_path / "g.gexf")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["W1"]["title"] == "T" and back.number_of_edges() == 1


def test_keyword_links_join_papers_on_shared_distinctive_terms_and_name_them():
    papers = [
        Paper(id="a", title="Diffusion models for protein structure", abstract="denoising diffusion generates protein backbones"),
        Paper(id="b", title="Protein structure prediction with diffusion", abstract="a diffusion model predicts protein folds"),
        Paper(id="c", title="Medieval trade routes of the Baltic", abstract="merchants shipped grain across the Baltic sea"),
    ]
    links = keyword_links(papers)
    assert [(link.source, link.target) for link in links] == [("a", "b")]
    assert {"diffusion", "protein"} & set(links[0].terms)
    assert 0 < links[0].weight <= 1


def test_keyword_links_are_sparse_top_k_per_paper():
    papers = [Paper(id=str(i), title=f"graph neural networks molecules variant {i}") for i in range(40)]
    links = keyword_links(papers, top_k=3)
    degree = {}
    for link in links:
        degree[link.source] = degree.get(link.source, 0) + 1
        degree[link.target] = degree.get(link.target, 0) + 1
    assert len(links) <= 40 * 3
    assert all(d >= 1 for d in degree.values())
