"""graphx snapshot: a generated OpenAlex snapshot (the published layout and record shape) read with DuckDB."""
from __future__ import annotations

import gzip
import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("duckdb")

from graphx.cli import main  # noqa: E402
from graphx.errors import InputError  # noqa: E402
from graphx.graph import edge_arrays  # noqa: E402
from graphx.rank import pagerank  # noqa: E402
from graphx.snapshot import SnapshotFilter, snapshot_graph, sparse_pagerank, works_glob  # noqa: E402
from tests.support.snapshot import FIELDS, write_snapshot  # noqa: E402

SIZE = 3000


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return write_snapshot(tmp_path_factory.mktemp("openalex"), SIZE)


def all_records(folder):
    for part in sorted(works_glob_files(folder)):
        with gzip.open(part, "rt", encoding="utf-8") as lines:
            yield from (json.loads(line) for line in lines)


def works_glob_files(folder):
    return (folder / "data" / "works").glob("*/*.gz")


def reference_graph(folder) -> nx.DiGraph:
    """The whole snapshot's citation graph read with plain json + networkx, newest copy of each work."""
    newest = {}
    for record in all_records(folder):  # partitions in date order: later copies overwrite
        newest[record["id"].rsplit("/", 1)[-1]] = record
    graph = nx.DiGraph()
    graph.add_nodes_from(newest)
    for work_id, record in newest.items():
        graph.add_edges_from((work_id, r.rsplit("/", 1)[-1]) for r in record["referenced_works"] if r.rsplit("/", 1)[-1] in newest)
    return graph


def test_global_ranks_are_pagerank_and_citation_counts_over_the_whole_snapshot(snapshot):
    result = snapshot_graph(snapshot, SnapshotFilter(top=300))
    reference = reference_graph(snapshot)
    assert (result.works, result.citations) == (SIZE, reference.number_of_edges())
    expected = nx.pagerank(reference, alpha=0.85, tol=1e-12, max_iter=1000)
    for node, data in result.graph.nx.nodes(data=True):
        assert data["snapshot_pagerank"] == pytest.approx(expected[node], abs=1e-9)
        assert data["snapshot_citations"] == reference.in_degree(node)
    chosen = sorted(expected, key=lambda n: (-expected[n], n))[:300]
    assert sorted(result.graph.nx) == sorted(chosen), "the graph holds the 300 works highest in global PageRank"


def test_the_graph_of_the_chosen_works_is_built_ranked_and_keyword_linked_like_any_other(snapshot):
    result = snapshot_graph(snapshot, SnapshotFilter(topics=("T10006",), top=150))
    graph = result.graph.nx
    assert graph.number_of_nodes() == 150 and result.matched == SIZE // len(FIELDS)
    assert all("Quantum Error Correction" in data["keywords"] for _, data in graph.nodes(data=True))
    kinds = {kind for _, _, kind in graph.edges(keys=True)}
    assert kinds == {"cites", "keyword"}
    first = result.graph.central[0]
    assert graph.nodes[first]["abstract"] and graph.nodes[first]["authors"].startswith("Author ")
    assert graph.nodes[first]["pagerank"] == max(d["pagerank"] for _, d in graph.nodes(data=True))


def test_filters_by_topic_name_concept_years_and_query_words(snapshot):
    by_name = snapshot_graph(snapshot, SnapshotFilter(topics=("protein folding",), top=5000))
    assert by_name.matched == SIZE // len(FIELDS) and by_name.graph.nx.number_of_nodes() == by_name.matched
    two = snapshot_graph(snapshot, SnapshotFilter(concepts=("C1001", "statistics"), top=5000))
    assert two.matched == 2 * SIZE // len(FIELDS)  # the C1001 id picks one field, the word "statistics" another
    shared_name = snapshot_graph(snapshot, SnapshotFilter(concepts=("machine learning",), top=10))
    assert shared_name.matched == 2 * SIZE // len(FIELDS)  # two fields carry the concept "Machine learning"
    years = snapshot_graph(snapshot, SnapshotFilter(first_year=2000, last_year=2004, top=5000))
    assert {d["year"] for _, d in years.graph.nx.nodes(data=True)} == set(range(2000, 2005))
    query = snapshot_graph(snapshot, SnapshotFilter(query="qubit logical", top=5000))
    for _, data in query.graph.nx.nodes(data=True):
        text = (data["title"] + " " + data.get("keywords", "")).lower()
        assert "qubit" in text and "logical" in text


def test_a_work_updated_later_is_read_from_its_newest_partition_only(snapshot):
    result = snapshot_graph(snapshot, SnapshotFilter(first_year=2024, top=5000))
    updated = [f"W{n}" for n in range(SIZE - 9, SIZE + 1)]
    assert result.works == SIZE, "ten works in two partitions are still ten works"
    for work_id in updated:
        assert result.graph.nx.nodes[work_id]["title"].startswith("Updated: ")


def test_sparse_pagerank_agrees_with_igraph_on_the_ranking_path(snapshot):
    graph = reference_graph(snapshot)
    multi = nx.MultiDiGraph()
    multi.add_nodes_from(graph)
    multi.add_edges_from((u, v, "cites", {"kind": "cites"}) for u, v in graph.edges())
    arrays = edge_arrays(multi)
    ours = sparse_pagerank(arrays.citing, arrays.cited, len(arrays.nodes))
    assert np.abs(ours - pagerank(arrays)).max() < 1e-9


def test_the_cli_writes_the_page_and_files_and_names_bad_folders(snapshot, tmp_path):
    out = tmp_path / "quantum"
    done = CliRunner().invoke(
        main, ["snapshot", str(snapshot), "--topic", "T10006", "--years", "1990-", "--top", "80", "--out", str(out), "-q"]
    )
    assert done.exit_code == 0, done.output
    assert f"snapshot: {SIZE:,} works" in done.output and "global ranks from this machine" in done.output
    nodes = pd.read_csv(out / "nodes.csv")
    assert len(nodes) == 80 and nodes["year"].min() >= 1990 and "snapshot_pagerank" in nodes.columns
    assert (out / "graph.html").stat().st_size > 10_000
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, expected in [([str(empty)], "no work partitions found"), ([str(tmp_path / "missing")], "not a folder"),
                           ([str(snapshot), "--years", "twenty"], "expected a year or a range"),
                           ([str(snapshot), "--topic", "no such topic"], "no work matches the filters")]:
        done = CliRunner().invoke(main, ["snapshot", *args, "--out", str(tmp_path / "x")])
        assert done.exit_code == 2 and expected in done.output and "Traceback" not in done.output


def test_works_glob_finds_partitions_from_the_snapshot_root_or_the_works_folder(snapshot):
    assert works_glob(snapshot) == works_glob(snapshot / "data" / "works")
    with pytest.raises(InputError):
        works_glob(snapshot / "data" / "works" / "nothing")


def test_without_duckdb_the_command_says_what_to_install(snapshot, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def refuse_duckdb(name, *args, **kwargs):
        if name == "duckdb":
            raise ImportError("No module named 'duckdb'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse_duckdb)
    done = CliRunner().invoke(main, ["snapshot", str(snapshot)])
    assert done.exit_code == 4 and 'pip install "graphx[snapshot]"' in done.output and "Traceback" not in done.output
