"""Importance, similarity and communities on small graphs whose answers are worked out by hand."""
from __future__ import annotations

import pytest

from graphx import rank as rank_module
from graphx.communities import summarise_communities
from graphx.graph import build_graph
from graphx.model import Paper
from graphx.rank import citations_per_year, order_by, rank_graph


def ranked(papers: list[Paper], **kwargs):
    graph = build_graph(papers)
    rank_graph(graph, this_year=2026, **kwargs)
    return graph


def test_a_star_centre_is_the_authority_the_bridge_and_the_most_cited():
    # four leaves each cite the centre: every leaf-to-leaf path runs through it
    graph = ranked([Paper(id="centre")] + [Paper(id=f"leaf{i}", references=["centre"]) for i in range(4)])
    centre = graph.nodes["centre"]
    assert (centre["local_citations"], centre["hits_authority"], centre["betweenness"]) == (4, 1.0, 1.0)
    assert [graph.nodes[f"leaf{i}"]["hits_hub"] for i in range(4)] == [0.25] * 4
    assert all(graph.nodes[f"leaf{i}"]["betweenness"] == 0.0 for i in range(4))
    assert order_by(graph, "pagerank")[0] == "centre"


def test_a_chain_has_its_inner_papers_on_two_of_three_paths():
    # a → b → c → d; pairs not touching b: (a,c) (a,d) (b,…) — b lies on (a,c) and (a,d) of the 3 pairs without it
    graph = ranked([Paper(id="a", references=["b"]), Paper(id="b", references=["c"]), Paper(id="c", references=["d"]), Paper(id="d")])
    assert [round(graph.nodes[n]["betweenness"], 6) for n in "abcd"] == [0.0, 0.666667, 0.666667, 0.0]
    assert [graph.nodes[n]["local_citations"] for n in "abcd"] == [0, 1, 1, 1]
    assert order_by(graph, "local_references") == ["c", "b", "a", "d"]  # ties go to the more important paper
    assert order_by(graph, "pagerank") == ["d", "c", "b", "a"]  # importance flows down the chain to the most cited end


def test_two_cliques_and_a_bridge_give_two_labelled_communities_and_the_bridge_the_highest_betweenness():
    proteins = [Paper(id=f"P{i}", title=f"Protein folding kinetics part {i}", references=[f"P{j}" for j in range(i)]) for i in range(5)]
    galaxies = [Paper(id=f"G{i}", title=f"Galaxy redshift survey part {i}", references=[f"G{j}" for j in range(i)]) for i in range(5)]
    galaxies[0].references.append("P4")  # the one citation between the fields
    graph = ranked(proteins + galaxies)
    summaries = summarise_communities(graph)
    assert [c.size for c in summaries] == [5, 5]
    labels = {graph.nodes["P0"]["community_label"], graph.nodes["G0"]["community_label"]}
    assert any("protein" in label for label in labels) and any("galaxy" in label for label in labels)
    assert "part" not in " ".join(labels), "a term every community shares is not distinctive"
    assert set(order_by(graph, "betweenness")[:2]) == {"P4", "G0"}
    again = ranked(proteins + galaxies)
    assert [again.nodes[n]["community"] for n in again] == [graph.nodes[n]["community"] for n in graph]


def test_papers_cited_together_with_a_seed_are_similar_to_it_and_say_so():
    # X, Y, Z each cite both A (the seed) and B: A and B are co-cited three times
    graph = ranked([Paper(id="A", is_seed=True, title="A"), Paper(id="B", title="B")]
                   + [Paper(id=name, references=["A", "B"]) for name in "XYZ"])
    b = graph.nodes["B"]
    assert b["cocited_with_seeds"] == 3 and b["similarity"] == 0.35  # co-citation cosine 3/√(3·3) = 1, × 0.35
    assert b["similarity_reason"] == "cited together with a seed by 3 papers"
    assert graph.nodes["X"]["similarity"] == 0.1 and graph.nodes["X"]["similarity_reason"] == "cites 1 seed"
    assert graph.nodes["A"]["similarity"] == 0.0  # a seed is not similar to itself


def test_papers_sharing_references_with_the_seed_are_coupled_and_name_the_best_shared_reference():
    graph = ranked([Paper(id="S", is_seed=True, references=["r1", "r2", "r3"]), Paper(id="P", references=["r1", "r2"]),
                    Paper(id="Q", references=["r3"])] + [Paper(id=r, title=f"Reference {r}") for r in ("r1", "r2", "r3")]
                   + [Paper(id="other", references=["r2"])])
    p, q = graph.nodes["P"], graph.nodes["Q"]
    assert p["shared_references"] == 2 and q["shared_references"] == 1
    assert p["similarity"] == round(0.35 * 2 / (2 * 3) ** 0.5, 6)
    assert p["similarity"] > q["similarity"]
    assert p["similarity_reason"] == "shares 2 references with your seeds, including Reference r2"  # r2 is the most cited


def test_large_graphs_sample_betweenness_with_a_stated_size_and_keep_the_bridge_on_top(monkeypatch):
    hubs = [Paper(id=f"hub{h}", references=[f"hub{h + 1}"] if h < 4 else []) for h in range(5)]
    leaves = [Paper(id=f"leaf{h}-{i}", references=[f"hub{h}"]) for h in range(5) for i in range(30)]
    exact = ranked(hubs + leaves)
    assert exact.graph["betweenness_samples"] == 0
    monkeypatch.setattr(rank_module, "EXACT_BETWEENNESS_WORK", 100)
    monkeypatch.setattr(rank_module, "BETWEENNESS_SAMPLES_WORK", 64 * 154)
    sampled = ranked(hubs + leaves)
    assert sampled.graph["betweenness_samples"] == 64
    assert order_by(sampled, "betweenness")[0] == order_by(exact, "betweenness")[0] == "hub2"
    assert sampled.nodes["hub2"]["betweenness"] == pytest.approx(exact.nodes["hub2"]["betweenness"], rel=0.25)


def test_two_papers_citing_each_other_are_one_link_on_the_paths_between_papers():
    # the square a ⇄ b → c → d → a: each paper lies on one of the two shortest paths between its neighbours (half of
    # one pair of three), as if a and b were tied once; tied twice, b would carry two of the three paths from a to c
    graph = ranked([Paper(id="a", references=["b"]), Paper(id="b", references=["a", "c"]), Paper(id="c", references=["d"]),
                    Paper(id="d", references=["a"])])
    assert [round(graph.nodes[n]["betweenness"], 6) for n in "abcd"] == [0.166667] * 4


def test_citations_per_year_counts_the_year_of_publication_as_one():
    assert citations_per_year(3000, 1998, 2026) == round(3000 / 29, 3)
    assert citations_per_year(300, 2026, 2026) == 300.0
    assert citations_per_year(None, 2000, 2026) is None and citations_per_year(5, 2030, 2026) is None


def test_the_same_graph_gets_the_same_numbers_every_time():
    papers = [Paper(id=f"W{i}", title=f"paper on topic {i % 3}", year=2000 + i, cited_by_count=i * 7, is_seed=i < 2,
                    references=[f"W{j}" for j in range(i) if (i * j) % 3 == 1]) for i in range(40)]
    first, second = ranked(papers), ranked(list(reversed(papers)))
    assert {n: first.nodes[n] for n in first} == {n: second.nodes[n] for n in second}


def test_graphx_rank_and_the_library_list_the_central_papers_in_the_order_of_central_csv(demo_map):
    """`graphx rank` broke the demo's PageRank ties (999 papers share one value) by local citations and put a
    paper cited 100 times second, where central.csv and the page put 'On Computable Numbers' (8,254)."""
    import io

    import pandas as pd
    from click.testing import CliRunner

    from graphx.cli import main

    central = pd.read_csv(demo_map.folder / "central.csv")["id"].head(10).tolist()
    assert demo_map.rank(top=10)["id"].tolist() == central
    done = CliRunner().invoke(main, ["rank", str(demo_map.folder), "--top", "10", "--format", "csv"])
    assert done.exit_code == 0, done.output
    assert pd.read_csv(io.StringIO(done.output))["id"].tolist() == central
    betweenness = demo_map.rank(by="betweenness", top=5)["id"].tolist()
    assert betweenness == central[:5]  # all but the seed score 0: ties go most central first
