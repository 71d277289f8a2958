"""graphx rank, suggest and path over what a build saved: no refetching, every graph file alike."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from graphx.cli import main

TURING = "W14636783"


@pytest.fixture
def built(turing_openalex, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "10.1093/mind/lix.236.433", "--citations", "--max-papers", "60", "--out", str(out),
                                       "--cache-dir", str(tmp_path / "cache")], env={"GRAPHX_OPENALEX_URL": turing_openalex.url})
    assert result.exit_code == 0, result.output
    turing_openalex.requests.clear()
    return out


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})


def test_rank_reads_the_folder_and_each_graph_file_alike_without_a_request(built, turing_openalex):
    answers = {}
    for target in (built, built / "graph.json", built / "graph.graphml", built / "graph.gexf"):
        result = invoke("rank", target, "--by", "local_citations", "--top", "5", "--format", "csv")
        assert result.exit_code == 0, result.output
        answers[target.name] = result.output
    assert len(set(answers.values())) == 1
    table = pd.read_csv(io.StringIO(answers["out"]))
    assert list(table.columns) == ["rank", "id", "title", "year", "local_citations", "pagerank", "cited_by_count"]
    assert (table["id"][0], table["local_citations"][0]) == (TURING, 51)
    assert turing_openalex.requests == []


def test_rank_by_similarity_explains_each_row_and_every_format_parses(built):
    rows = json.loads(invoke("rank", built, "--by", "similarity", "--top", "3", "--format", "json").output)
    assert len(rows) == 3 and all(row["why"].startswith(("cites 1 seed", "shares", "cited")) for row in rows)
    assert rows[0]["similarity"] >= rows[1]["similarity"] >= rows[2]["similarity"]
    markdown = invoke("rank", built, "--format", "markdown", "--top", "2").output.splitlines()
    assert markdown[0].startswith("|") and len(markdown) == 4
    table = invoke("rank", built, "--by", "hits_authority", "--top", "1").output
    assert "Computing Machinery and Intelligence" in table


def test_suggest_prints_every_list_with_a_reason_for_each_paper(built):
    result = invoke("suggest", built, "--top", "3")
    assert result.exit_code == 0, result.output
    text = result.output
    for heading in ("Prior works", "Derivative works", "Review-like papers", "Missing from your list"):
        assert heading in text
    assert "cites 1 of your 1 seed: Computing Machinery and Intelligence" in text
    rows = pd.read_csv(io.StringIO(invoke("suggest", built, "--format", "csv").output))
    assert set(rows["list"]) >= {"derivative", "missing"} and rows["reason"].str.len().min() > 0


def test_path_shows_how_two_papers_connect_through_citations(built):
    nodes = pd.read_csv(built / "nodes.csv")
    reference = nodes[(nodes["local_citations"] == 1) & (nodes["year"] < 1950)]["title"].iloc[0]
    citing = nodes[nodes["local_references"] == 1]["id"].iloc[0]
    result = invoke("path", built, citing, reference)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1 shortest path of 2 steps:"
    assert lines[2:] == [
        "1.",
        lines[3],
        "     ↓ cites",
        f"   Computing Machinery and Intelligence (1950) [{TURING}]",
        "     ↓ cites",
        lines[7],
    ]
    assert f"[{citing}]" in lines[3] and reference[:40] in lines[7]


@pytest.mark.parametrize("args, message", [
    (["rank", "no/such/folder"], "no/such/folder: no such file or folder"),
    (["path", "{out}", "W14636783", "words in no title at all"], "'words in no title at all': no paper in this graph"),
])
def test_read_commands_answer_bad_input_with_one_line(built, args, message):
    result = invoke(*[a.format(out=built) for a in args])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"graphx: error: {message}")


def test_a_file_that_is_not_a_graph_is_refused_by_name(tmp_path):
    broken = tmp_path / "graph.graphml"
    broken.write_text("<graphml><graph><node id='a'>", encoding="utf-8")
    result = invoke("rank", broken)
    assert result.exit_code == 2 and "graph.graphml: cannot read this graph" in result.output


def test_export_writes_each_format_beside_the_graph_and_selections_narrow_it(built):
    result = invoke("export", built, "--format", "cytoscape")
    assert result.exit_code == 0 and result.output.strip() == f"Wrote {built / 'graph.cyjs'}"
    result = invoke("export", built, "--format", "bibtex", "--top", "5", "--by", "local_citations", "--out", built / "five.bib")
    assert result.exit_code == 0 and result.output.strip().endswith("(5 papers)")
    assert (built / "five.bib").read_text(encoding="utf-8").count("\n@") + 1 == 5
    result = invoke("export", built, "--format", "ris", "--seeds")
    assert result.exit_code == 0 and (built / "papers-seeds.ris").read_text(encoding="utf-8").count("ER  -") == 1
    result = invoke("export", built, "--format", "gexf", "--community", "99")
    communities = pd.read_csv(built / "communities.csv")["community"]
    assert result.exit_code == 2 and result.output.strip() == (
        f"graphx: error: {built}: no paper matches that selection "
        f"(--community 99: this graph's communities are {communities.min()} to {communities.max()})")


def test_a_selection_never_overwrites_the_builds_own_files(built):
    whole = {name: (built / name).read_bytes() for name in ("graph.gexf", "graph.graphml", "graph.json")}
    papers = len(pd.read_csv(built / "nodes.csv"))
    for fmt, written in (("gexf", "graph-top5.gexf"), ("graphml", "graph-top5-local_citations.graphml")):
        by = "pagerank" if fmt == "gexf" else "local_citations"
        result = invoke("export", built, "--format", fmt, "--top", "5", "--by", by)
        assert result.exit_code == 0 and result.output.strip() == f"Wrote {built / written} (5 papers)"
    community = int(pd.read_csv(built / "communities.csv")["community"].iloc[0])
    assert invoke("export", built, "--format", "graphml", "--community", community).exit_code == 0
    assert (built / f"graph-community-{community}.graphml").is_file()
    assert {name: (built / name).read_bytes() for name in whole} == whole
    assert len(invoke("rank", built, "--top", "1000", "--format", "csv").output.splitlines()) == papers + 1

    for args in (["--format", "gexf", "--seeds", "--out", built / "graph.gexf"],
                 ["--format", "graphml", "--out", built / "graph.gexf"],
                 ["--format", "csv", "--out", built / "nodes.csv"]):
        result = invoke("export", built, *args)
        assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
        assert result.output.startswith(f"graphx: error: --out {args[-1]}: would overwrite the build's own {args[-1].name}")
    result = invoke("render", built, "--out", built / "graph.json")
    assert result.exit_code == 2 and "would overwrite the build's own graph.json with a page" in result.output
    assert {name: (built / name).read_bytes() for name in whole} == whole
    assert invoke("export", built, "--format", "gexf", "--out", built / "graph.gexf").exit_code == 0  # the whole graph again


def test_bibtex_and_its_ascii_form_each_keep_their_own_file(built):
    assert invoke("export", built, "--format", "bibtex").exit_code == 0
    assert invoke("export", built, "--format", "bibtex-ascii").exit_code == 0
    utf8, ascii_only = (built / "papers.bib").read_text(encoding="utf-8"), (built / "papers-ascii.bib").read_text(encoding="utf-8")
    assert utf8.count("\n@") == ascii_only.count("\n@") > 1
    assert "\u201cCan machines think?\u201d" in utf8 and "{\\textquotedblleft}Can machines think?{\\textquotedblright}" in ascii_only


def test_render_rebuilds_the_page_from_a_saved_graph_file(built, tmp_path):
    page = tmp_path / "again.html"
    result = invoke("render", built / "graph.graphml", "--out", page, "--title", "Turing again")
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "<title>Turing again · graphx</title>" in text and "Computing Machinery and Intelligence" in text


def test_a_page_is_headed_by_what_was_built_not_by_its_folder_and_a_given_title_lasts(built, turing_openalex, tmp_path):
    def heading(folder):
        return (folder / "graph.html").read_text(encoding="utf-8").split("<title>")[1].split(" · graphx</title>")[0]

    assert heading(built) == "Computing Machinery and Intelligence — citation neighbourhood"
    named = tmp_path / "named"
    result = CliRunner().invoke(main, ["build", "10.1093/mind/lix.236.433", "--max-papers", "20", "--out", str(named), "--title",
                                       "Turing's neighbours", "--cache-dir", str(tmp_path / "cache")],
                                env={"GRAPHX_OPENALEX_URL": turing_openalex.url})
    assert result.exit_code == 0, result.output
    assert invoke("render", named).exit_code == 0  # the page made again keeps the build's own heading
    assert heading(named) == "Turing&#39;s neighbours"  # escaped as HTML text


@pytest.mark.browser
def test_the_notebook_view_draws_inside_its_iframe_offline(built, browser, tmp_path):
    from graphx.build import CitationGraph

    notebook = tmp_path / "notebook.html"
    notebook.write_text("<!doctype html><html><body><h1>Out[1]:</h1>" + CitationGraph.load(built)._repr_html_() + "</body></html>",
                        encoding="utf-8")
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(notebook.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("#network canvas").wait_for(timeout=30_000)
    inner = page.frames[1]
    # polled from here: Playwright's own polling evaluates the predicate with eval(), which the page's
    # Content-Security-Policy forbids, so wait_for_function fails whenever the first look comes too early
    for _ in range(300):
        if inner.evaluate("Boolean(window.graphx && window.graphx.drawn === true)"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the notebook view never finished drawing")
    assert inner.evaluate("window.graphx.nodes.length") == 60
    assert errors == [] and all(url.startswith(("file:", "about:")) for url in requests)


def test_path_finds_titles_by_their_words_in_any_order_and_says_which_of_several_it_took(demo):
    result = invoke("path", demo, "computing machinery", "can machines think")  # the example of `graphx path --help`
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "1 shortest path of 1 step:"
    assert "Can I say, now machines can think? (2023)" in result.output
    result = invoke("path", demo, "Computing Machinery and Intelligence", "MACHINES think")
    assert result.exit_code == 0, result.output
    said = result.output.splitlines()[0]
    assert said.startswith("'MACHINES think': took ")
    assert said.endswith("the most central of 2 matching papers (give an id to take another)")
    assert "matching" not in result.output.splitlines()[1]  # the exact title named one paper: nothing to say
