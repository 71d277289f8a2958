"""The CLI end to end: real processes against local stand-ins, files and columns, one-line errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from graphx.cli import main
from graphx.load import load_graph  # networkx's read_gexf refuses GEXF's per-edge undirected keyword links
from tests.conftest import SEEDS

TURING = "W14636783"
ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "graphx", *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300)


def test_build_writes_every_file_with_the_exact_local_citation_network(turing_openalex, turing_works, tmp_path):
    out = tmp_path / "out"
    secret = "oa-key-never-written-789"
    done = run(["build", "10.1093/mind/lix.236.433", "--citations", "--max-papers", "30", "--out", str(out),
                "--cache-dir", str(tmp_path / "cache")], env={"GRAPHX_OPENALEX_URL": turing_openalex.url, "OPENALEX_API_KEY": secret})
    assert done.returncode == 0, done.stderr
    assert "1 input: 1 resolved" in done.stdout and "Most central papers" in done.stdout
    assert "requests — openalex: " in done.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "graph.html",
            "graph.graphml",
            "graph.gexf",
            "graph.json",
            "nodes.csv",
            "edges.csv",
            "central.csv",
            "communities.csv",
            "suggestions.csv",
            "resolution.csv",
            "build.json",
        ]
    )
    nodes = pd.read_csv(out / "nodes.csv")
    for column in [
        "id",
        "title",
        "year",
        "doi",
        "authors",
        "venue",
        "is_seed",
        "cited_by_count",
        "local_citations",
        "pagerank",
        "community",
    ]:
        assert column in nodes.columns
    edges = pd.read_csv(out / "edges.csv")
    assert list(edges.columns[:4]) == ["source", "target", "kind", "weight"]
    cites = {(s, t) for s, t, k in edges[["source", "target", "kind"]].itertuples(index=False) if k == "cites"}
    references = {(TURING, r.rsplit("/", 1)[-1]) for r in turing_works[0]["referenced_works"]}
    citing = sorted(turing_works[9:], key=lambda w: -w["cited_by_count"])[: 30 - 9]
    assert cites == references | {(w["id"].rsplit("/", 1)[-1], TURING) for w in citing}
    central = pd.read_csv(out / "central.csv")
    assert list(central.columns[:4]) == ["rank", "id", "title", "year"] and central["id"][0] == TURING
    communities = pd.read_csv(out / "communities.csv")
    assert list(communities["community"]) == list(range(len(communities))) and communities["size"].sum() == 30
    assert communities["label"].str.len().min() > 0 and sorted(communities["size"], reverse=True) == list(communities["size"])
    resolution = pd.read_csv(out / "resolution.csv")
    assert resolution[["input", "status", "node", "method"]].values.tolist() == [
        ["doi:10.1093/mind/lix.236.433", "resolved", TURING, "doi"]
    ]
    graph = nx.read_graphml(out / "graph.graphml")
    assert graph.number_of_nodes() == 30 and load_graph(out / "graph.gexf").number_of_nodes() == 30
    written = b"".join(p.read_bytes() for p in out.iterdir()) + b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir())
    assert secret.encode() not in written and secret not in done.stdout + done.stderr


def test_bibtex_ris_and_csv_files_build_through_the_cli(turing_openalex, tmp_path):
    bib = tmp_path / "lib.bib"
    bib.write_text("@article{t, title={Computing Machinery and Intelligence}, doi={10.1093/mind/lix.236.433}, year=1950}\n"
                   "@book{c, title={An Unsolvable Problem of Elementary Number Theory}, year=1936}\n", encoding="utf-8")
    ris = tmp_path / "lib.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - On Computable Numbers, with an Application to the Entscheidungsproblem\nPY  - 1937\nER  - \n", encoding="utf-8"
    )
    table = tmp_path / "lib.csv"
    table.write_text("Title,DOI\nCalculating Instruments and Machines,10.2307/3610576\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(bib), str(ris), str(table), "--depth", "0", "--out", str(tmp_path / "o"),
                                  "--cache-dir", str(tmp_path / "c"), "-q"], env={"GRAPHX_OPENALEX_URL": turing_openalex.url})
    assert result.exit_code == 0, result.output
    resolution = pd.read_csv(tmp_path / "o" / "resolution.csv")
    assert resolution["status"].tolist() == ["resolved"] * 4
    assert resolution["method"].tolist() == ["doi", "title match", "title match", "doi"]
    assert resolution["origin"].tolist()[0].startswith("lib.bib:")


def test_library_records_no_source_answers_stay_in_the_graph_with_their_own_title_abstract_and_identifier(tmp_path):
    """An offline build of a Zotero library whose records carry DOIs or arXiv ids gave an empty graph: every
    record was dropped with its title and abstract, though unresolved titles stay as local nodes."""
    bib = tmp_path / "lib.bib"
    bib.write_text("@article{h, title={Artificial intelligence in ophthalmology - Machines think!}, year={2022},\n"
                   "  doi={10.4103/ijo.ijo_644_22}, abstract={Alan Turing posed the question: can machines think?}}\n"
                   "@misc{v, title={Attention Is All You Need}, eprint={1706.03762}, archiveprefix={arXiv}, year={2017}}\n",
                   encoding="utf-8")
    ris = tmp_path / "lib.ris"
    ris.write_text("TY  - JOUR\nTI  - From Turing to Conscious Machines\nPY  - 2022\nDO  - 10.3390/philosophies7030057\n"
                   "AB  - Can a machine think, and can a machine be conscious?\nER  - \n", encoding="utf-8")
    table = tmp_path / "zotero.csv"
    table.write_text('"Key","Publication Year","Title","DOI","Abstract Note"\n'
                     '"AB12","2023","Can machines think? Turing revisited","10.1000/xyz123","Machines that think, after Turing."\n',
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(bib), str(ris), str(table), "--offline", "--out", str(tmp_path / "o"),
                                       "--cache-dir", str(tmp_path / "c"), "-q"], env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})
    assert result.exit_code == 0, result.output
    nodes = pd.read_csv(tmp_path / "o" / "nodes.csv").set_index("title")
    assert len(nodes) == 4 and nodes["is_seed"].all()
    assert nodes.loc["Artificial intelligence in ophthalmology - Machines think!", "doi"] == "10.4103/ijo.ijo_644_22"
    papers = {p["title"]: p for p in json.loads((tmp_path / "o" / "graph.json").read_text(encoding="utf-8"))["nodes"]}
    assert papers["From Turing to Conscious Machines"]["abstract"].startswith("Can a machine think")
    assert papers["Can machines think? Turing revisited"]["abstract"] == "Machines that think, after Turing."
    resolution = pd.read_csv(tmp_path / "o" / "resolution.csv")
    assert resolution["method"].tolist() == ["local"] * 4
    assert resolution["reason"][0].startswith("not in the cache and --offline is on (openalex")  # once, no URL
    assert resolution["reason"][0].endswith("); kept as a local node with its listed title")


def test_an_offline_listing_build_needs_no_network_and_links_by_keywords(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS / "listing-sequence-models.txt"), "--offline", "--out", str(tmp_path / "rl"),
                                       "--cache-dir", str(tmp_path / "c")], env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})
    assert result.exit_code == 0, result.output
    assert "68 inputs: 68 unresolved" in result.output
    assert "<title>listing-sequence-models.txt · graphx</title>" in (tmp_path / "rl" / "graph.html").read_text(encoding="utf-8")
    edges = pd.read_csv(tmp_path / "rl" / "edges.csv")
    assert set(edges["kind"]) == {"keyword"} and len(edges) >= 30  # its topical groups (tests/test_keywords.py)
    assert edges["terms"].notna().all()


def test_an_offline_listing_says_once_per_title_why_and_logs_a_few_progress_lines_not_one_per_title(tmp_path):
    done = run(["build", str(SEEDS / "listing-sequence-models.txt"), "--offline", "--out", str(tmp_path / "rl"),
                "--sources", "openalex,arxiv,s2", "--cache-dir", str(tmp_path / "c")])
    assert done.returncode == 0, done.stderr
    reasons = pd.read_csv(tmp_path / "rl" / "resolution.csv")["reason"]
    assert (reasons == "not in the cache and --offline is on (openalex, arxiv, s2); kept as a local node").all(), reasons[0]
    one_by_one = [line for line in done.stderr.splitlines() if "one by one" in line]
    assert 1 <= len(one_by_one) <= 3, done.stderr  # a log is not a progress bar: 68 titles, a line every few seconds


def test_a_second_run_of_the_same_build_makes_zero_requests(turing_openalex, tmp_path):
    args = [
        "build",
        "W14636783",
        "--citations",
        "--max-papers",
        "120",
        "--out",
        str(tmp_path / "o"),
        "--cache-dir",
        str(tmp_path / "c"),
        "-q",
    ]
    env = {"GRAPHX_OPENALEX_URL": turing_openalex.url}
    first = CliRunner().invoke(main, args, env=env)
    made = len(turing_openalex.requests)
    second = CliRunner().invoke(main, args, env=env)
    assert first.exit_code == second.exit_code == 0
    assert made > 0 and len(turing_openalex.requests) == made
    assert "0 calls" in second.output


@pytest.mark.parametrize("args, message", [
    (["build", "missing.bib"], "missing.bib: no such file"),
    (["build", "10.1/x", "--sources", "openalex,scopus"], "unknown source scopus"),
    (["build", "empty.txt"], "empty.txt: empty file"),
])
def test_bad_input_gets_one_clear_line_and_a_nonzero_exit(tmp_path, args, message):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    done = run(args + ["--cache-dir", str(tmp_path / "c")], cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("given, message", [
    ("doi:", "not a DOI: 'doi:' (expected 10.<registrant>/<suffix>)"),
    ("https://doi.org/", "not a DOI: 'https://doi.org/'"),
    ("10.1234", "not a DOI: '10.1234' is a prefix with no suffix"),
    ("arXiv:9999.999999", "not an arXiv id: 'arXiv:9999.999999' (expected e.g. 2106.09685"),
    ("hf:2025-13-45", "not a daily-papers date: 'hf:2025-13-45' (month must be in 1..12; expected hf:YYYY-MM-DD)"),
    ("PMID:abc", "not a PMID: 'PMID:abc' (expected PMID: and a number"),
])
def test_a_malformed_identifier_is_one_line_and_exit_2_before_any_request_even_quiet(turing_openalex, tmp_path, given, message):
    out = tmp_path / "out"
    for quiet in ([], ["-q"]):
        result = CliRunner().invoke(main, ["build", "10.1093/mind/lix.236.433", given, "--out", str(out), *quiet,
                                           "--cache-dir", str(tmp_path / "c")], env={"GRAPHX_OPENALEX_URL": turing_openalex.url})
        assert result.exit_code == 2 and result.output == f"graphx: error: {message}" + result.output.split(message, 1)[1]
        assert result.output.count("\n") == 1
    assert turing_openalex.requests == [] and not out.exists()


def test_titles_that_merely_look_odd_stay_titles_and_a_list_of_only_unreadable_lines_is_refused(tmp_path):
    out = tmp_path / "out"
    odd = ["PubMed: a review of search engines", "arXiv: the first decade", "10 things about graphs"]
    result = CliRunner().invoke(main, ["build", *odd, "--offline", "--out", str(out), "--cache-dir", str(tmp_path / "c"), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(pd.read_csv(out / "nodes.csv")["title"]) == sorted(odd)
    listing = tmp_path / "ids.txt"
    listing.write_text("doi:\narXiv:9999.999999\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(listing), "--offline", "--out", str(tmp_path / "o2"),
                                       "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2 and not (tmp_path / "o2").exists()
    assert result.output == "graphx: error: no input can be read: ids.txt:1: not a DOI: 'doi:' (expected 10.<registrant>/<suffix>) " \
                            "(and 1 more unreadable)\n"


def test_an_output_folder_under_a_file_is_refused_before_any_request(turing_openalex, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "10.1093/mind/lix.236.433", "--out", str(afile / "sub"),
                                       "--cache-dir", str(tmp_path / "c")], env={"GRAPHX_OPENALEX_URL": turing_openalex.url})
    assert (result.exit_code, result.output) == (2, f"graphx: error: {afile}: is a file, not a folder; choose another --out\n")
    assert turing_openalex.requests == []
    listing = tmp_path / "list.txt"
    listing.write_text("Computing machinery and intelligence\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(listing), "--offline", "--out", str(tmp_path / "ok"), "-q",
                                     "--cache-dir", str(tmp_path / "c")]).exit_code == 0
    for command in (["export", tmp_path / "ok", "--format", "bibtex", "--out", afile / "x.bib"],
                    ["render", tmp_path / "ok", "--out", afile / "x" / "page.html"]):
        result = CliRunner().invoke(main, [str(a) for a in command])
        assert (result.exit_code, result.output) == (2, f"graphx: error: {afile}: is a file, not a folder; choose another --out\n")


def test_an_unreachable_api_leaves_inputs_unresolved_with_the_reason_and_exits_3(tmp_path):
    done = run(["build", "10.1093/mind/lix.236.433", "--out", str(tmp_path / "o"), "--cache-dir", str(tmp_path / "c")],
               env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"}, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith("…")]
    assert len(errors) == 1 and errors[0].startswith("graphx: error: incomplete graph: 1 input unresolved because a source failed")
    assert "Traceback" not in done.stderr + done.stdout
    assert "cannot reach" in pd.read_csv(tmp_path / "o" / "resolution.csv")["reason"][0]


def test_the_demo_builds_the_recorded_turing_neighbourhood_with_no_network(tmp_path):
    done = run(["demo", "--out", str(tmp_path / "demo")], env={"GRAPHX_S2_URL": "http://127.0.0.1:9", "GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})
    assert done.returncode == 0, done.stderr
    edges = pd.read_csv(tmp_path / "demo" / "edges.csv")
    nodes = pd.read_csv(tmp_path / "demo" / "nodes.csv")
    # Turing, 8 identified references, 1,000 citing papers, two of which are one work: Granville's "Proof in
    # the time of machines", the arXiv preprint (2023) and the Bulletin of the AMS article (2024).
    assert len(nodes) == 1008
    granville = nodes[nodes["title"].str.lower() == "proof in the time of machines"]
    assert len(granville) == 1 and granville["versions"].iloc[0] == "doi:10.48550/arxiv.2305.02329"
    assert (edges["kind"] == "cites").sum() == 1007 and (edges["kind"] == "keyword").sum() > 1000
    assert "1. Computing Machinery and Intelligence (1950)" in done.stdout
    turing = nodes[nodes["title"] == "Computing Machinery and Intelligence"]["id"].iloc[0]
    cites = edges[edges["kind"] == "cites"]
    said = " ".join(CliRunner().invoke(main, ["demo", "--help"]).output.split())
    assert f"its {(cites['source'] == turing).sum()} identified references and {(cites['target'] == turing).sum()} citing papers" in said
    assert f"{len(nodes):,} papers" in said


def test_the_readme_documents_every_command_and_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"graphx {name}" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in readme.splitlines() if "pytest" in line and "pip install" in line).strip()
    assert test_command in ci


def test_every_command_has_help_with_an_example():
    for name in main.commands:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


def test_a_reading_list_with_no_citations_is_reported_by_its_ties_not_by_a_pagerank_that_ties_every_paper(tmp_path):
    done = CliRunner().invoke(main, ["build", str(SEEDS / "listing-scaling-and-entropy.txt"), "--offline", "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert "Most central papers (ties to the other papers by shared keywords" in done.output
    listed = [line for line in done.output.splitlines() if line[:4].strip().rstrip(".").isdigit()][:10]
    values = [float(line.rsplit("ties to other papers ", 1)[1].split()[0]) for line in listed]
    assert len(values) == 10 and values == sorted(values, reverse=True) and values[0] > values[-1]
    assert "pagerank" not in done.output
    assert "your seed" not in done.output  # every paper of a reading list is a seed: marking them all says nothing


def test_the_summary_and_progress_say_one_paper_not_one_papers(tmp_path):
    listing = tmp_path / "one.txt"
    listing.write_text("Computing machinery and intelligence\n", encoding="utf-8")
    done = run(["build", str(listing), "--offline", "--out", str(tmp_path / "o"), "--cache-dir", str(tmp_path / "c")])
    assert done.returncode == 0, done.stderr
    assert "1 input: 1 unresolved; graph: 1 paper, 0 citations, 0 keyword links" in done.stdout
    assert "… searching 1 title in batches" in done.stderr and "… linking and ranking 1 record\n" in done.stderr


def test_the_default_folder_is_named_after_the_whole_identifier_not_its_last_dot(turing_openalex, tmp_path):
    done = run(["build", "10.1093/mind/lix.236.433", "--depth", "0", "-q", "--cache-dir", str(tmp_path / "c")],
               env={"GRAPHX_OPENALEX_URL": turing_openalex.url}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "outputs").iterdir()] == ["mind-lix-236-433"]
    assert "Wrote 11 files to outputs/mind-lix-236-433/" in done.stdout
