"""What a source's record says reaches the reader as text, and where the work appeared reaches the bibliography.

Sources send entity-escaped text ("Mind &amp; Language": 18 of the demo's papers) and, Crossref and OpenAlex,
HTML/JATS tags in titles and abstracts. Every parser decodes and strips once, so no export shows "&amp;" and no
title shows "<i>"; a "<" or "&" that is text stays. S2 files Turing (1950) under an anthology reprint as its
"venue" but names the journal (Mind, LIX, 433-460): the journal, its volume and pages reach BibTeX, RIS and
CSL-JSON, and OpenAlex's ``biblio`` and Crossref's ``volume``/``page`` are read the same way.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import rispy
import yaml
from click.testing import CliRunner

from graphx.cli import main
from graphx.replay import demo_record_path
from graphx.sources import crossref, openalex
from graphx.sources import semanticscholar as s2

API = Path(__file__).resolve().parent / "data" / "api"
TURING = "2d5673caa9e6af3a7b82a43f19ee920992db07ad"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The folder `graphx demo` writes, with the demo's papers as papers.bib, papers.ris and papers.json."""
    folder = tmp_path_factory.mktemp("demo") / "demo"
    runner = CliRunner()
    done = runner.invoke(main, ["demo", "--out", str(folder), "-q"])
    assert done.exit_code == 0, done.output
    for fmt, name in (("bibtex", "papers.bib"), ("ris", "papers.ris"), ("csljson", "papers.json")):
        done = runner.invoke(main, ["export", str(folder), "--format", fmt, "--out", str(folder / name)])
        assert done.exit_code == 0, done.output
    return folder


def test_the_demo_recording_does_send_escaped_venues():
    record = json.loads(demo_record_path().read_text(encoding="utf-8"))
    venues = [p.get("venue") or "" for p in record["citations"]]
    assert sum("&amp;" in v for v in venues) >= 18


def test_no_demo_export_shows_an_html_entity(demo):
    with open(demo / "nodes.csv", encoding="utf-8") as handle:
        venues = [row["venue"] for row in csv.DictReader(handle)]
    assert "Mind & Language" in venues and "AI & SOCIETY" in venues
    assert not any("&amp;" in v for v in venues)
    bib = (demo / "papers.bib").read_text(encoding="utf-8")
    assert r"Mind \& Language" in bib and "&amp;" not in bib
    assert "Mind & Language" in (demo / "papers.ris").read_text(encoding="utf-8")
    assert "&amp;" not in (demo / "papers.ris").read_text(encoding="utf-8")
    assert "Mind & Language" in {item.get("container-title") for item in json.loads((demo / "papers.json").read_text(encoding="utf-8"))}
    for xml in ("graph.graphml", "graph.gexf"):  # XML escapes "&" once: Gephi reads "Mind & Language"
        text = (demo / xml).read_text(encoding="utf-8")
        assert "Mind &amp; Language" in text and "&amp;amp;" not in text


def test_the_demo_seed_is_cited_as_mind_lix_433_460(demo):
    nodes = {n["s2"]: n for n in json.loads((demo / "graph.json").read_text(encoding="utf-8"))["nodes"] if n.get("s2")}
    turing = nodes[TURING]
    assert (turing["venue"], turing["volume"], turing["pages"]) == ("Mind", "LIX", "433-460")
    bib = (demo / "papers.bib").read_text(encoding="utf-8")
    entry = bib[bib.index("@article{turing1950computing"):].split("\n}\n", 1)[0]
    assert "journal = {Mind}" in entry and "volume = {LIX}" in entry and "pages = {433--460}" in entry
    assert "Philosophy of Artificial Intelligence" not in entry
    ris = next(r for r in rispy.loads((demo / "papers.ris").read_text(encoding="utf-8")) if r.get("doi") == "10.1093/mind/lix.236.433")
    assert (ris["secondary_title"], ris["volume"], ris["start_page"], ris["end_page"]) == ("Mind", "LIX", "433", "460")
    csl = next(i for i in json.loads((demo / "papers.json").read_text(encoding="utf-8")) if i["id"] == "turing1950computing")
    assert (csl["container-title"], csl["volume"], csl["page"]) == ("Mind", "LIX", "433-460")


def test_an_s2_preprint_keeps_its_venue_and_no_abs_volume():
    record = json.loads((API / "semanticscholar" / "PaperWithNullValues.json").read_text(encoding="utf-8"))
    preprint = {**record, "venue": "arXiv.org", "journal": {"name": "ArXiv", "volume": "abs/2312.07559"}}
    paper = s2.parse_paper(preprint)
    assert (paper.venue, paper.volume, paper.pages) == ("arXiv.org", "", "")


def test_openalex_reads_volume_issue_and_pages_from_biblio_and_strips_title_markup():
    work = json.loads((API / "openalex" / "openalexPro" / "W2091406001.json").read_text(encoding="utf-8"))
    assert "<i>b</i><sup>2</sup>" in work["display_name"]
    paper = openalex.parse_work(work)
    assert paper.title == "Tests for departure from normality. Empirical results for the distributions of b2 and √b1"
    assert (paper.volume, paper.issue, paper.pages) == ("60", "3", "613-622")
    journal = openalex.parse_work(json.loads((API / "openalex" / "academic-explorer" / "works" / "W2250748100.json").read_text()))
    assert (journal.venue, journal.volume, journal.issue, journal.pages) == ("Journal on Computing and Cultural Heritage", "9", "1", "1-18")


def _crossref_work() -> dict:
    cassette = yaml.safe_load((API / "crossref" / "bookworm" / "returns_details_about_a_paper.yml").read_text(encoding="utf-8"))
    return json.loads(cassette["http_interactions"][0]["response"]["body"]["string"])["message"]


def test_crossref_reads_volume_issue_and_page():
    paper = crossref.parse_work(_crossref_work())
    assert (paper.venue, paper.volume, paper.issue, paper.pages) == ("American Journal of Sociology", "85", "3", "551-575")


def test_crossref_jats_and_entities_become_plain_text_and_a_textual_lt_or_amp_survives():
    work = {**_crossref_work(),
            "title": ["P < 0.05 in R&amp;D: <i>why</i> H<sub>2</sub>O &lt; 1%"],
            "container-title": ["Theory, Culture &amp; Society"],
            "abstract": "<jats:title>Abstract</jats:title><jats:p>Feeling rules &amp; <jats:italic>emotion work</jats:italic>"
                        " at P < 0.05 and R&D.</jats:p>"}
    paper = crossref.parse_work(work)
    assert paper.title == "P < 0.05 in R&D: why H2O < 1%"
    assert paper.venue == "Theory, Culture & Society"
    assert paper.abstract == "Feeling rules & emotion work at P < 0.05 and R&D."


def test_s2_text_is_decoded_once_and_never_stripped_of_a_textual_lt():
    record = json.loads((API / "semanticscholar" / "PaperWithNullValues.json").read_text(encoding="utf-8"))
    paper = s2.parse_paper({**record, "title": "Sub-<b>linear &amp;amp; P < 0.05", "venue": "Mind &amp; Language",
                            "authors": [{"name": "J. O&#39;Neil"}], "fieldsOfStudy": ["Art &amp; Design"]})
    assert paper.title == "Sub-<b>linear &amp; P < 0.05"  # S2 sends no markup: a "<b>" there is the title's own text
    assert (paper.venue, paper.authors, paper.keywords) == ("Mind & Language", ["J. O'Neil"], ["Art & Design"])
