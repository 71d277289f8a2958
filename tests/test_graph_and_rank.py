"""Graph construction, keyword links, merging and ranking on small graphs with hand-checked answers."""
from __future__ import annotations

from dataclasses import asdict

import networkx as nx
from hypothesis import given, strategies as st

from graphx.graph import build_graph, citation_edges
from graphx.keywords import keyword_links
from graphx import merge
from graphx.merge import merge_papers
from graphx.model import Paper
from graphx.rank import rank_graph
from graphx.resolve import best_candidate, title_score
from graphx.model import Query


def test_only_citations_between_papers_in_the_set_become_edges():
    papers = [Paper(id="A", references=["B", "C", "Z"]), Paper(id="B", references=["C", "B"]), Paper(id="C")]
    assert citation_edges(papers) == [("A", "B"), ("A", "C"), ("B", "C")]


def test_a_chain_ranks_the_most_cited_end_highest_and_counts_local_citations():
    papers = [Paper(id="A", title="a", references=["B"]), Paper(id="B", title="b", references=["C"]), Paper(id="C", title="c")]
    graph = build_graph(papers)
    order = rank_graph(graph)
    assert order == ["C", "B", "A"]
    assert [graph.nodes[n]["local_citations"] for n in order] == [1, 1, 0]
    assert [graph.nodes[n]["local_references"] for n in order] == [0, 1, 1]


def test_a_star_puts_its_centre_first():
    papers = [Paper(id="hub", title="hub")] + [Paper(id=f"s{i}", title=f"s{i}", references=["hub"]) for i in range(6)]
    graph = build_graph(papers)
    assert rank_graph(graph)[0] == "hub"
    assert graph.nodes["hub"]["local_citations"] == 6


def test_two_cliques_joined_by_a_bridge_form_two_communities_the_same_way_every_time():
    left = [Paper(id=f"L{i}", title=f"l{i}", references=[f"L{j}" for j in range(i)]) for i in range(5)]
    right = [Paper(id=f"R{i}", title=f"r{i}", references=[f"R{j}" for j in range(i)]) for i in range(5)]
    right[0].references.append("L0")
    graph = build_graph(left + right)
    rank_graph(graph)
    communities = {graph.nodes[n]["community"] for n in graph}
    assert len(communities) == 2
    assert len({graph.nodes[f"L{i}"]["community"] for i in range(5)}) == 1
    again = build_graph(left + right)
    rank_graph(again)
    assert [again.nodes[n]["community"] for n in again] == [graph.nodes[n]["community"] for n in graph]


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


def test_the_same_work_from_openalex_and_s2_merges_into_one_node_with_both_sources():
    openalex = Paper(id="W1", openalex="W1", doi="10.1/x", title="Attention", references=["W2"], sources=["openalex"], is_seed=True)
    s2 = Paper(id="s2:aa", s2="aa", doi="10.1/x", title="Attention", abstract="We propose", references=["s2:bb"], sources=["s2"])
    cited_oa = Paper(id="W2", openalex="W2", doi="10.1/y", title="Cited", sources=["openalex"])
    cited_s2 = Paper(id="s2:bb", s2="bb", doi="10.1/Y".lower(), title="Cited", sources=["s2"])
    merged = merge_papers([openalex, s2, cited_oa, cited_s2])
    assert [p.id for p in merged] == ["W1", "W2"]
    assert merged[0].abstract == "We propose" and merged[0].sources == ["openalex", "s2"] and merged[0].s2 == "aa"
    assert merged[0].references == ["W2"]


def test_records_without_shared_ids_merge_on_title_and_year():
    a = Paper(id="s2:a", s2="a", title="Deep Residual Learning", year=2016)
    b = Paper(id="doi:10.1/r", doi="10.1/r", title="Deep residual learning.", year=2016)
    c = Paper(id="s2:c", s2="c", title="Deep residual learning", year=2019)
    assert len(merge_papers([a, b, c])) == 2


def test_title_verification_accepts_close_titles_and_refuses_far_or_wrong_year_ones():
    query = Query("title", "Attention is all you need", year=2017)
    good = Paper(id="W1", title="Attention Is All You Need.", year=2017)
    wrong_year = Paper(id="W2", title="Attention is all you need", year=2003)
    far = Paper(id="W3", title="Attention is not all you need for vision", year=2017)
    assert title_score(query, good.title, good.year) == 100
    assert best_candidate(query, [far, wrong_year, good])[0] is good
    paper, score, reason = best_candidate(query, [far, wrong_year])
    assert paper is None and "scored" in reason


def test_one_paper_seen_by_three_sources_with_conflicting_metadata_merges_by_stated_rules():
    """OpenAlex's title and year win, the longest abstract wins, references and sources are united, and the
    edge to a cited work remembers every source that reported it."""
    openalex = Paper(id="W1", openalex="W1", doi="10.1145/3637866", title="Now, Later, and Lasting", year=2024,
                     references=["W9"], reference_count=40, sources=["openalex"], is_seed=True)
    crossref = Paper(id="doi:10.1145/3637866", doi="10.1145/3637866", title="Now, later and lasting: ten priorities",
                     year=2025, abstract="Short.", references=["doi:10.1093/mind/lix.236.433"], reference_count=42,
                     versions=["doi:10.48550/arxiv.2404.04750"], sources=["crossref"])
    arxiv = Paper(id="arxiv:2404.04750", arxiv="2404.04750", doi="10.1145/3637866", title="Now, Later, and Lasting (v3)",
                  year=2023, abstract="A much longer abstract from the preprint.", sources=["arxiv"])
    cited = Paper(id="W9", openalex="W9", doi="10.1093/mind/lix.236.433", title="Computing Machinery and Intelligence", sources=["openalex"])
    [paper, turing] = merge_papers([crossref, arxiv, openalex, cited])
    assert (paper.id, paper.title, paper.year) == ("W1", "Now, Later, and Lasting", 2024)
    assert paper.abstract == "A much longer abstract from the preprint." and paper.arxiv == "2404.04750"
    assert paper.sources == ["openalex", "crossref", "arxiv"] and paper.reference_count == 42
    assert paper.references == ["W9"] and paper.reference_sources == {"W9": ["openalex", "crossref"]}
    assert paper.versions == ["doi:10.48550/arxiv.2404.04750"]
    graph = build_graph([paper, turing])
    assert graph.edges["W1", "W9", "cites"]["sources"] == "openalex; crossref"
    assert graph.nodes["W1"]["reference_coverage"] == round(1 / 42, 3)


def test_two_works_with_a_common_short_title_stay_apart():
    a = Paper(id="doi:10.1000/a", doi="10.1000/a", title="Introduction", year=2020, authors=["A Smith"], sources=["crossref"])
    b = Paper(id="doi:10.1000/b", doi="10.1000/b", title="Introduction", year=2020, authors=["A Smith"], sources=["crossref"])
    assert len(merge_papers([a, b])) == 2


_texts = st.sampled_from(["", "Attention Is All You Need", "Ünïcode títle with accents"])
_records = st.builds(
    Paper,
    id=st.sampled_from(["W1", "s2:ab12", "doi:10.1/x", "arxiv:2101.00001"]),
    title=_texts, year=st.sampled_from([None, 2017]), venue=_texts,
    doi=st.sampled_from(["", "10.1/x", "10.48550/arxiv.2101.00001"]), arxiv=st.sampled_from(["", "2101.00001"]),
    openalex=st.sampled_from(["", "W1", "W2"]), s2=st.sampled_from(["", "ab12"]), abstract=_texts,
    authors=st.lists(st.sampled_from(["Ada Lovelace", "A. Turing"]), max_size=2),
    keywords=st.lists(st.sampled_from(["graphs", "citations"]), max_size=3),
    cited_by_count=st.sampled_from([None, 0, 12]), reference_count=st.sampled_from([None, 3]),
    references=st.lists(st.sampled_from(["W5", "W6", "doi:10.2/y", "s2:cd34"]), max_size=4),
    sources=st.lists(st.sampled_from(["openalex", "s2", "crossref", "arxiv"]), min_size=1, max_size=3, unique=True),
    versions=st.lists(st.sampled_from(["doi:10.1/x", "arxiv:2101.00001", "openalex:W9"]), max_size=3),
    reference_sources=st.dictionaries(st.sampled_from(["W5", "doi:10.2/y"]), st.sampled_from([["s2"], ["crossref", "s2"]]), max_size=2),
    is_seed=st.booleans(),
)


@given(_records)
def test_a_work_only_one_record_describes_merges_exactly_as_the_general_rules_would(record):
    # The shortcut for lone records (most of a build) must not change a single field.
    assert asdict(merge._alone(record)) == asdict(merge._combine_many([record]))
