"""`graphx update`: a graph built against a stand-in world that then moves on finds exactly what changed,
at the cost of the batched "what is new" calls alone."""
from __future__ import annotations

import csv
import json
import math
from dataclasses import replace

import pytest
from click.testing import CliRunner

import graphx
from graphx.build import CitationGraph, build, write_outputs
from graphx.cli import main
from graphx.errors import SourceError
from graphx.sources.openalex import STANDING_SELECT
from graphx.update import STATE_FILE, write_update
from tests.support.changing import ChangingOpenAlex, today
from tests.support.server import Answer, StandIn


@pytest.fixture
def world(synthetic_works):
    changing = ChangingOpenAlex(synthetic_works[:400])
    with StandIn(changing) as server:
        yield changing, server


@pytest.fixture
def built(world, fast_options, tmp_path):
    """A depth-1 graph of the last 8 works of the corpus, written to a folder, then the world moves on."""
    changing, server = world
    options = replace(fast_options, openalex_url=server.url, max_papers=5000)
    seeds = [w["doi"].removeprefix("https://doi.org/") for w in changing.works[-8:]]
    result = build(seeds, options)
    folder = tmp_path / "lib"
    write_outputs(result, folder, "lib")
    ids = sorted(result.graph)
    outside = next(w["id"].rsplit("/", 1)[-1] for w in changing.works if w["id"].rsplit("/", 1)[-1] not in result.graph)
    server.requests.clear()
    change = changing.advance(ids, outside)
    return folder, options, result, change


def floor(papers: int) -> int:
    """The fewest calls that can say what is new about `papers` papers: one per 100 for citing works
    created since, one per 100 for the counts."""
    return 2 * math.ceil(papers / 100)


def test_every_build_saves_its_recipe_and_each_paper_the_day_it_was_first_seen(built, synthetic_works):
    folder, _, result, _ = built
    recipe = json.loads((folder / "build.json").read_text())
    assert recipe["built_at"] == today()
    assert recipe["options"] == {"depth": 1, "citations": False, "max_papers": 5000, "sources": ["openalex"],
                                 "keyword_top_k": 5, "max_age": 7 * 24 * 3600.0}
    assert recipe["inputs"] == [w["doi"].removeprefix("https://doi.org/") for w in synthetic_works[392:400]]
    assert recipe["sources"]["openalex"] == {"calls": 3, "from_cache": 0, "fetched": today()}
    assert recipe["graphx_version"] == graphx.__version__
    nodes = json.loads((folder / "graph.json").read_text())["nodes"]
    assert {n["first_seen"] for n in nodes} == {today()}


def test_an_update_finds_exactly_the_new_works_links_counts_retraction_and_merge(built, world):
    folder, options, result, change = built
    _, server = world
    updated = CitationGraph.load(folder).update(options)
    changes = updated.changes
    assert {row["id"]: row["other"].split("; ") for row in changes.added} == change.added
    assert set(updated.graph) == (set(result.graph) - {change.merged[0]}) | {change.merged[1]} | set(change.added)
    assert set(changes.links) == {(new, old) for new, olds in change.added.items() for old in olds} | {("W900002", "W900001")}
    assert {row["id"]: (row["before"], row["after"]) for row in changes.risen} == change.risen
    assert [(e["change"], e["id"], e.get("other")) for e in changes.events] == [
        ("retracted", change.retracted, None), ("merged", change.merged[0], change.merged[1])]
    assert updated.graph.nodes[change.retracted]["retracted"] is True
    assert change.unrelated[0] not in updated.graph
    cites = {(u, v) for u, v, k in updated.graph.edges(keys=True) if k == "cites"}
    assert set(changes.links) <= cites
    merged_in = {u for u, v in cites if v == change.merged[1]}
    assert merged_in == {u for u, v, k in result.graph.edges(keys=True) if k == "cites" and v == change.merged[0]}
    assert (
        "cites" in changes.added[0]["reason"] and result.graph.nodes[change.added["W900001"][0]]["title"][:30] in changes.added[0]["reason"]
    )
    # the batched calls the floor allows, plus one free lookup of the work that vanished; no record asked again
    papers = result.graph.number_of_nodes()
    assert len(server.requests) == floor(papers) + 1
    filters = [r.query.get("filter", "") for r in server.requests if r.path == "/works"]
    news = [f for f in filters if f.startswith("cites:") and f.endswith(f",from_created_date:{today()}")]
    counts = [r for r in server.requests if r.query.get("filter", "").startswith("openalex:") and r.query.get("select") == STANDING_SELECT]
    assert len(news) == len(counts) == math.ceil(papers / 100) and len(news) + len(counts) == len(filters)
    assert [r.path for r in server.requests if r.path != "/works"] == [f"/works/{change.merged[0]}"]
    new_nodes = {n for n, d in updated.graph.nodes(data=True) if d["first_seen"] == today() and d.get("new_since")}
    assert new_nodes == set(change.added)


def test_changes_csv_is_exact_and_a_second_update_asks_only_what_is_new(built, world):
    folder, options, result, change = built
    _, server = world
    write_update(CitationGraph.load(folder).update(options), folder)
    rows = list(csv.DictReader((folder / "changes.csv").open(encoding="utf-8")))
    kinds = [row["change"] for row in rows]
    assert kinds == ["paper added"] * 2 + ["link added"] * 4 + ["retracted", "merged"] + ["citations rose"] * 2
    assert [(r["id"], r["before"], r["after"]) for r in rows if r["change"] == "citations rose"] == [
        (wid, str(before), str(after)) for wid, (before, after) in sorted(change.risen.items(), key=lambda kv: kv[1][0] - kv[1][1])]
    assert rows[0]["id"] == "W900001" and rows[0]["other"] == "; ".join(change.added["W900001"])
    assert not (folder / STATE_FILE).exists()
    recipe = json.loads((folder / "build.json").read_text())
    assert [h["kind"] for h in recipe["history"]] == ["build", "update"]
    assert recipe["history"][-1]["papers_added"] == 2
    server.requests.clear()
    again = CitationGraph.load(folder).update(options)
    assert again.changes.empty
    assert "nothing new" in again.changes.summary()
    assert len(server.requests) == floor(again.graph.number_of_nodes())
    assert all(r.path == "/works" for r in server.requests)


def test_an_interrupted_update_resumes_asking_only_what_it_had_not_asked(built, world):
    folder, options, result, change = built
    _, server = world
    counts = lambda r: r.query.get("filter", "").startswith("openalex:")  # noqa: E731
    server.fail_next(Answer(500, {"error": "down"}), times=100, when=counts)
    with pytest.raises(SourceError):
        CitationGraph.load(folder).update(replace(options, retries=0))
    assert (folder / STATE_FILE).exists()
    server.faults.clear()
    server.requests.clear()
    updated = CitationGraph.load(folder).update(options)
    assert {row["id"] for row in updated.changes.added} == set(change.added)
    papers = math.ceil(result.graph.number_of_nodes() / 100)
    assert [r.query["filter"].split(":")[0] for r in server.requests if r.path == "/works"] == ["openalex"] * papers


def test_update_on_the_command_line_prints_a_summary_and_writes_changes(built, world, monkeypatch):
    folder, options, result, change = built
    monkeypatch.setenv("GRAPHX_OPENALEX_URL", options.openalex_url)
    run = CliRunner().invoke(main, ["update", str(folder), "--cache-dir", str(options.cache_dir), "-q"])
    assert run.exit_code == 0, run.output
    assert f"since {today()}: 2 new papers, 4 new citation links, 2 papers cited more" in run.output
    assert "retracted" in run.output and (folder / "changes.csv").is_file()
    nodes = {n["id"]: n for n in json.loads((folder / "graph.json").read_text())["nodes"]}
    assert nodes["W900001"]["new_since"] == today()


def test_a_recipe_never_holds_a_key(tmp_path, fast_options):
    result = build(["A title kept as a local node"], replace(fast_options, offline=True, openalex_key="s3cret-key", s2_key="s2-s3cret"))
    write_outputs(result, tmp_path, "t")
    text = (tmp_path / "build.json").read_text()
    assert "s3cret" not in text and "_key" not in text


def test_an_update_needs_a_recipe_and_the_network(tmp_path, built):
    folder, options, *_ = built
    run = CliRunner().invoke(main, ["update", str(tmp_path)])
    assert run.exit_code == 2 and "build.json" in run.output
    with pytest.raises(Exception, match="without --offline"):
        CitationGraph.load(folder).update(replace(options, offline=True))


def test_papers_without_an_openalex_id_are_counted_and_an_update_that_can_check_nothing_says_so(tmp_path):
    from graphx.update import Changes

    demo = tmp_path / "demo"  # Semantic Scholar papers: not one has an OpenAlex id
    assert CliRunner().invoke(main, ["demo", "--out", str(demo), "-q"]).exit_code == 0
    run = CliRunner().invoke(main, ["update", str(demo), "--cache-dir", str(tmp_path / "cache"), "-q"],
                             env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})
    assert run.exit_code == 0, run.output
    assert run.output.splitlines()[0] == (
        "the update could check nothing: 1,008 papers have no OpenAlex id and were not asked (their sources cannot list "
        "works created since a date); rebuild it online with openalex among --sources to make it updatable")
    run = CliRunner().invoke(main, ["update", str(demo), "--cache-dir", str(tmp_path / "cache")],
                             env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})
    assert run.exit_code == 0 and "could check nothing" in run.output and "asking OpenAlex" not in run.output, run.output
    some = Changes("2026-01-01", "2026-02-01", asked=40, not_asked=1)
    assert some.summary().splitlines() == [
        "nothing new since 2026-01-01: 40 papers asked, no new citing works, no count changed",
        "  1 paper has no OpenAlex id and was not asked (their sources cannot list works created since a date)"]
