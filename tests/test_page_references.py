"""The page makes each paper's BibTeX, RIS and CSL-JSON itself (graphx/render/references.js) from the metadata it
carries, instead of carrying a ready-made copy of each: run in node over the demo's 1,008 real papers and a set
of awkward ones, it writes exactly what graphx.bibliography writes, and citation-js reads it back."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphx.bibliography import bibtex_by_paper, csl_json, ris_by_paper
from graphx.build import CitationGraph
from graphx.cli import main
from graphx.graph import build_graph
from graphx.model import Paper
from graphx.rank import rank_graph
from graphx.render.page import read_page_data, render_page
from tests.support.readers import read_with_node

REFERENCES_JS = Path(__file__).resolve().parents[1] / "graphx" / "render" / "references.js"
RUN = """
const make = require(process.argv[1]);
const papers = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {};
for (const id of Object.keys(papers)) {
  out[id] = {bibtex: make.bibtex(papers[id], id), ris: make.ris(papers[id], id), csl: make.csl(papers[id], id)};
}
process.stdout.write(JSON.stringify(out));
"""


def made_in_page(graph) -> dict[str, dict]:
    """What references.js makes for every paper of `graph`, from the metadata of the page graphx writes."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (.ci/run installs Debian's nodejs)")
    page = read_page_data(render_page(graph))
    papers = page["papers"]
    for paper, abstract in page["abstracts"].items():  # as the page passes them on an export
        papers[paper]["abstract"] = abstract
    done = subprocess.run([node, "-e", RUN, str(REFERENCES_JS)], input=json.dumps(papers), capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def awkward_papers() -> list[Paper]:
    return [
        Paper(id="W1", title="Erdős & Rényi: 50% of {G} -- a_b ~ ^ ``quoted''  \\ end?`", authors=["Paul Erdős", "Alfréd Rényi"],
              year=1959, venue="Publ. Math. #6 $", doi="10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"),
        Paper(id="W2", title="Observation of a new particle", authors=["The ATLAS Collaboration", "World Health Organization", "OpenAI"],
              year=2012, arxiv="1207.7214", references=["W1"], abstract="We observe {a} new_particle & 5% ~ more --\nat 125 GeV."),
        Paper(id="W3", title="Same   first word,\nnew line", authors=["Turing, A. M.", "Jean-Paul van der Berg", "Smith & Wesson Ltd"],
              doi="10.1/{braced}", references=["W1"]),
        Paper(id="W4", title="Erdős again", authors=["Paul Erdős"], year=1959, venue="Publ. Math.", references=["W1"]),
        Paper(id="W5", title="", authors=[], references=["W2"]),
    ]


def expected(graph) -> dict[str, dict]:
    order = list(graph)
    bibtex, ris = bibtex_by_paper(graph, order), ris_by_paper(graph, order)
    csl = dict(zip(order, csl_json(graph, order), strict=True))
    return {n: {"bibtex": bibtex[n], "ris": ris[n], "csl": csl[n]} for n in order}


@pytest.fixture(scope="module")
def demo_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "demo"
    done = CliRunner().invoke(main, ["demo", "--out", str(folder), "-q"])
    assert done.exit_code == 0, done.output
    return CitationGraph.load(folder).graph


def test_the_page_makes_the_same_references_as_graphx_for_every_demo_paper(demo_graph):
    made, wanted = made_in_page(demo_graph), expected(demo_graph)
    assert len(made) == 1008
    for paper in wanted:
        assert made[paper] == wanted[paper], paper


def test_the_page_makes_the_same_references_for_awkward_metadata():
    graph = build_graph(awkward_papers())
    rank_graph(graph)
    made, wanted = made_in_page(graph), expected(graph)
    assert made == wanted
    assert made["W1"]["bibtex"].startswith("@article{erdos1959erdos,\n\ttitle = {Erdős \\& Rényi: 50\\% of \\{G\\} -{}- a\\_b")
    assert made["W4"]["csl"]["id"] == "erdos1959erdosa"  # keys unique across the page


def test_citation_js_reads_the_pages_bibtex_and_ris_back(tmp_path):
    graph = build_graph(awkward_papers())
    rank_graph(graph)
    made = made_in_page(graph)
    for fmt, suffix in (("bibtex", ".bib"), ("ris", ".ris")):
        path = tmp_path / f"page{suffix}"
        path.write_text(("\n" if fmt == "bibtex" else "").join(made[n][fmt] for n in graph), encoding="utf-8")
        read = read_with_node(fmt, path)
        assert [item.get("title") for item in read][:2] == ["Erdős & Rényi: 50% of {G} -- a_b ~ ^ ``quoted'' \\ end?`"
                                                        if fmt == "bibtex" else graph.nodes["W1"]["title"], "Observation of a new particle"]
        assert read[1]["authors"][0] == "The ATLAS Collaboration"
