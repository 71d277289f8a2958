"""Bibliographies read back by the readers reference managers use: citation-js (BibTeX, RIS, CSL-JSON, as
Zotero's web translators do) and pybtex (BibTeX), on a stress set of titles, names and identifiers; title,
authors, year, DOI and URL come back as nodes.csv has them. CSL-JSON is valid against the CSL-JSON schema."""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pandas as pd
import pytest

from graphx.bibliography import bibtex_escape, bibtex_text, is_corporate, ris_text
from graphx.build import CitationGraph, write_outputs
from graphx.model import Paper
from tests.support.readers import SCHEMAS, read_with_node

LONG_TITLE = ("A very long title " * 20)[:300].strip() + " ending in ő"
STRESS = [
    Paper(id="p1", title="Erdős–Rényi gráfok és a Kőnig-tétel: über Größe, façade, naïve, Łódź, Ærø, Čapek, Dvořák, Ångström, "
          "Şişli, Nguyễn, Ørsted, ß", authors=["Pál Erdős", "Alfréd Rényi", "Dénes Kőnig"], year=1959, venue="Publicationes Mathematicae",
          doi="10.4103/ijo.ijo_644_22", url="https://example.org/a_b%20c?x=1&y=2#frag~x", is_seed=True, references=["p2", "p3"]),
    Paper(id="p2", title="Specials & % _ # $ { } ~ ^ \\ in one title -- with a dash",
          authors=["World Health Organization", "Zoë O'Brien-Ünal"], year=2001, venue="Bulletin of the WHO",
          doi="10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O", references=["p3"]),
    Paper(id="p3", title='Straight "double" and \'single\' quotes, “curly” and ‘curly’ ones, and two \'\'apostrophes\'\'',
          authors=["The ATLAS Collaboration", "Ludwig van Beethoven"], year=2012, arxiv="1207.7214"),
    Paper(id="p4", title=LONG_TITLE, authors=["Jean-Paul Ñúñez", "Søren Kierkegaard"], year=2020, venue="Journal of Long Titles",
          doi="10.1000/a<b>c;d(e)", references=["p1"]),
    Paper(id="p5", title="LLaMA and ChatGPT beside S4 and GPT-4: Érdős's mRNA (COVID-19) in XAI", authors=["Hugo Touvron"], year=2023,
          arxiv="2302.13971"),
]


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    graph = CitationGraph.from_papers(STRESS)
    folder = tmp_path_factory.mktemp("stress")
    write_outputs(graph, folder)
    nodes = pd.read_csv(folder / "nodes.csv", keep_default_na=False)
    return graph, folder, nodes


def expected(nodes: pd.DataFrame) -> dict[str, dict]:
    """What every reader must give back for each title: nodes.csv's fields, authors as display names."""
    rows = {}
    for row in nodes.to_dict("records"):
        # a paper without a URL of its own gets its DOI link, < and > percent-encoded as URLs need
        doi_link = "https://doi.org/" + quote(row["doi"], safe="/:;()@!$&'*+,=-._~")
        url = row["url"] or (doi_link if row["doi"] else f"https://arxiv.org/abs/{row['arxiv']}")
        rows[row["title"]] = {"authors": [a for a in row["authors"].split("; ") if a], "year": int(row["year"]),
                              "DOI": row["doi"] or None, "URL": url}
    return rows


def assert_read_back(read: list[dict], nodes: pd.DataFrame) -> None:
    want = expected(nodes)
    assert sorted(item["title"] for item in read) == sorted(want)
    for item in read:
        assert {"authors": item["authors"], "year": item["year"], "DOI": item["DOI"], "URL": item["URL"]} == want[item["title"]], item[
            "title"
        ]


@pytest.mark.parametrize("fmt", ["bibtex", "bibtex-ascii", "ris", "csljson"])
def test_citation_js_reads_every_field_back_as_nodes_csv_has_it(stress, tmp_path, fmt):
    graph, _, nodes = stress
    [path] = graph.export(tmp_path / f"papers.{fmt}", format=fmt)
    assert_read_back(read_with_node("csljson" if fmt == "csljson" else fmt.split("-")[0], path), nodes)


def pybtex_read(text: str) -> list[dict]:
    """Entries as pybtex parses them (BibTeX's own syntax and name rules), LaTeX turned into text by pylatexenc."""
    from pybtex.database import parse_string
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db().filter_context()
    # pylatexenc reads \textasciicircum as U+02C6 (a modifier letter); LaTeX prints ^
    context.add_context_category("ascii-circumflex", prepend=True, macros=[MacroTextSpec("textasciicircum", "^")])
    decode = LatexNodes2Text(latex_context=context, math_mode="verbatim").latex_to_text
    entries = []
    for entry in parse_string(text, "bibtex").entries.values():
        authors = [
            decode(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names)) for p in entry.persons.get("author", [])
        ]
        entries.append(
            {
                "title": decode(entry.fields["title"]),
                "authors": authors,
                "year": int(entry.fields["year"]) if "year" in entry.fields else None,
                "DOI": entry.fields.get("doi"),
                "URL": entry.fields.get("url"),
            }
        )
    return entries


@pytest.mark.parametrize("ascii_only", [False, True])
def test_pybtex_reads_every_field_back_as_nodes_csv_has_it(stress, ascii_only):
    graph, _, nodes = stress
    text = bibtex_text(graph.nx, list(graph.nx), ascii_only=ascii_only)
    assert_read_back(pybtex_read(text), nodes)
    assert text.isascii() == ascii_only


def test_bibtex_is_utf_8_with_dois_and_urls_verbatim_and_organisations_braced(stress):
    graph, _, _ = stress
    text = bibtex_text(graph.nx, list(graph.nx))
    assert "Erdős" in text and "Kőnig" in text and "Rényi" in text
    assert "doi = {10.4103/ijo.ijo_644_22}" in text and "doi = {10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O}" in text
    assert "url = {https://example.org/a_b%20c?x=1&y=2#frag~x}" in text
    assert "{World Health Organization}" in text and "{The ATLAS Collaboration}" in text
    assert "\\ensuremath" not in text and "\\H{" not in text


def test_the_ascii_bibtex_spells_accents_as_latex_macros():
    assert bibtex_escape("őűéÅ", ascii_only=True) == "{\\H{o}}{\\H{u}}{\\'{e}}{\\r{A}}"
    assert is_corporate("Bill & Melinda Gates Foundation") and not is_corporate("Ada Lovelace")


def test_bibtex_encoding_takes_each_character_once():
    # A title of 200,000 specials and accents is escaped by regular expressions, one pass each, not by a
    # search per character (pylatexenc's encoder took 15.9 s on a 1 MB title); benchmarks/exports.py times it.
    text = "ő&_{}~^\\" * 25_000
    escaped = bibtex_escape(text, ascii_only=True)
    assert escaped.count("{\\H{o}}") == 25_000 and escaped.count("\\&") == 25_000


def test_ris_names_the_journal_in_t2_and_never_in_jo(stress):
    graph, _, _ = stress
    text = ris_text(graph.nx, list(graph.nx))
    assert "T2  - Publicationes Mathematicae" in text and not re.search(r"^JO  -", text, re.MULTILINE)
    assert "AU  - World Health Organization" in text and "AU  - Erdős, Pál" in text


def test_csl_json_is_valid_against_the_csl_json_schema(stress, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    graph, _, _ = stress
    [path] = graph.export(tmp_path / "papers.json", format="csljson")
    items = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(items)
    assert {"literal": "World Health Organization"} in next(i for i in items if i.get("DOI", "").startswith("10.1002"))["author"]


def test_a_sentence_case_style_keeps_the_capitals_a_title_spells_with(stress):
    """pybtex's plain style (as BibTeX's) lowercases a title but for its first letter and braced words: the
    review saw "LLaMA: Open …" printed as "Llama: open …" and "(S4)" as "(s4)"."""
    from pybtex import format_from_string

    graph, _, _ = stress
    for ascii_only in (False, True):
        printed = format_from_string(bibtex_text(graph.graph, ["p5"], ascii_only=ascii_only), style="plain",
                                     output_backend="text")
        assert "LLaMA and ChatGPT beside S4 and GPT-4: " in printed and "'s mRNA (COVID-19) in XAI." in printed, printed
