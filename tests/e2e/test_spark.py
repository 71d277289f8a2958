"""graphx spark: the Spark job in local mode (local[2], the machine's Java 17) on a generated snapshot gives
the same ranks as the one-machine path, and graphx builds the page from its Parquet."""
from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # .ci/run installs Java 17; a laptop without it skips
    pytest.skip("Spark needs Java 17 on PATH", allow_module_level=True)

from graphx.cli import main  # noqa: E402
from graphx.snapshot import compute_ranks, load_snapshot, works_glob  # noqa: E402
from tests.support.snapshot import write_snapshot  # noqa: E402

SIZE = 800


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory):
    folder = write_snapshot(tmp_path_factory.mktemp("openalex"), SIZE, updated=5)
    out = tmp_path_factory.mktemp("spark") / "ranks"
    done = CliRunner().invoke(main, ["spark", str(folder), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return folder, out, done.output


def test_spark_ranks_equal_the_one_machine_ranks_on_the_same_snapshot(spark_run):
    folder, out, output = spark_run
    spark = pd.read_parquet(out).set_index("id")
    con = duckdb.connect()
    works, citations = load_snapshot(con, works_glob(folder))
    compute_ranks(con, works)
    local = con.execute("SELECT id, citations, pagerank FROM ranks").df().set_index("id")
    assert f"spark: {works:,} works, {citations:,} citations" in output
    assert sorted(spark.index) == sorted(local.index) and len(spark) == SIZE
    joined = local.merge(spark, left_index=True, right_index=True, suffixes=("_local", ""))
    assert (joined["citations"] == joined["citations_local"]).all()
    assert (joined["pagerank"] - joined["pagerank_local"]).abs().max() < 1e-9
    order = lambda frame: list(frame.sort_values(["pagerank"], ascending=False).index[:50])  # noqa: E731
    assert order(spark) == order(local)


def test_graphx_builds_the_page_from_the_spark_top_n(spark_run, tmp_path):
    folder, out, _ = spark_run
    done = CliRunner().invoke(main, ["snapshot", str(folder), "--ranks", str(out), "--top", "60", "--out", str(tmp_path / "page"), "-q"])
    assert done.exit_code == 0, done.output
    assert f"global ranks from {out}" in done.output
    nodes = pd.read_csv(tmp_path / "page" / "nodes.csv").set_index("id")
    top = pd.read_parquet(out).sort_values(["pagerank", "id"], ascending=[False, True]).head(60).set_index("id")
    assert sorted(nodes.index) == sorted(top.index)
    assert (nodes.loc[top.index, "snapshot_pagerank"] - top["pagerank"]).abs().max() < 1e-12
    assert (tmp_path / "page" / "graph.html").exists()


def test_a_missing_ranks_folder_is_a_one_line_error(tmp_path, spark_run):
    folder, _, _ = spark_run
    done = CliRunner().invoke(main, ["snapshot", str(folder), "--ranks", str(tmp_path / "nowhere")])
    assert done.exit_code == 2 and "expected the output folder of `graphx spark`" in done.output
