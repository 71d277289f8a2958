"""What to read next: prior works, derivative works, reviews and papers missing from the seeds, each list
answering its own question on a graph worked out by hand."""
from __future__ import annotations

from graphx.graph import build_graph
from graphx.model import Paper
from graphx.rank import rank_graph
from graphx.suggest import suggest


def ranked(papers: list[Paper]):
    graph = build_graph(papers)
    rank_graph(graph, this_year=2026)
    return graph


def test_the_suggestion_lists_answer_their_own_questions():
    seeds = [Paper(id=f"S{i}", is_seed=True, year=2020, references=["old", "older"]) for i in range(3)]
    survey = Paper(id="survey", year=2024, references=["S0", "S1", "S2", "old", "older", "follow"])
    follow = Paper(id="follow", year=2023, references=["S0", "S1"])
    graph = ranked(seeds + [survey, follow, Paper(id="old", year=1990), Paper(id="older", year=1985, references=["old"])])
    lists = {}
    for item in suggest(graph, top=3):
        lists.setdefault(item.list, []).append((item.id, item.reason))
    assert [i for i, _ in lists["prior"]] == ["old", "older"]
    assert lists["prior"][0][1] == "cited by 5 papers here, 3 of them your seeds"
    assert [i for i, _ in lists["derivative"]] == ["survey", "follow"]
    assert lists["derivative"][1][1] == "cites 2 of your 3 seeds: S0, S1"
    assert lists["reviews"][0] == ("survey", "cites 6 papers of this graph (3 seeds)")
    assert "S0" not in [i for i, _ in lists["missing"]]


def test_a_seed_citing_the_graph_is_never_suggested_to_its_own_reader_as_a_review(demo_map):
    """The demo's one seed cites 8 of its graph's papers because they are its references; the Reviews list
    offered it back to the user who gave it."""
    graph = demo_map.graph
    seeds = {n for n, seed in graph.nodes(data="is_seed") if seed}
    assert seeds and all(graph.nodes[s]["local_references"] >= 3 for s in seeds)
    assert not {item.id for item in suggest(graph, top=50)} & seeds
