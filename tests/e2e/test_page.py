"""The page: one self-contained file, inert to hostile metadata, drawn in Debian's chromium."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphx.graph import build_graph
from graphx.model import Paper
from graphx.rank import rank_graph
from graphx.render import render_page, write_page
from graphx.render.page import read_page_data
from tests.e2e.conftest import open_page

HOSTILE = '</script><script>alert("title")</script><img src=x onerror=alert(1)>'
HOSTILE_AUTHOR = '<svg onload=alert(2)>'


def hostile_graph():
    papers = [
        Paper(
            id="W1",
            title=HOSTILE,
            authors=[HOSTILE_AUTHOR],
            venue="<iframe src=javascript:alert(3)>",
            doi='10.1/"><script>alert(4)</script>',
            abstract="&lt;b&gt; </SCRIPT > \u2028 end",
            references=["W2"],
            is_seed=True,
        ),
        Paper(id="W2", title="A normal paper about citations", year=2001, doi="10.1/normal"),
    ]
    graph = build_graph(papers)
    rank_graph(graph)
    return graph


def test_the_page_loads_nothing_from_outside_the_file():
    html = render_page(hostile_graph())
    assert not re.search(r"<script[^>]+src=", html, re.I)
    assert not re.search(r"<link[^>]+href=", html, re.I)
    assert "cdn" not in " ".join(re.findall(r"<(?:script|link|img|iframe)[^>]*>", html, re.I)).lower()
    assert "default-src 'none'" in html


def test_hostile_metadata_is_data_not_markup():
    html = render_page(hostile_graph())
    assert (
        HOSTILE not in html
        and HOSTILE_AUTHOR not in html
        and "</SCRIPT" not in html.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    )
    data = read_page_data(html)
    assert data["papers"]["W1"]["title"] == HOSTILE and data["papers"]["W1"]["authors"] == HOSTILE_AUTHOR
    assert data["abstracts"]["W1"].startswith("&lt;b&gt; </SCRIPT >")  # packed (gzip + base64), so no markup at all


@pytest.mark.browser
def test_the_page_draws_the_network_in_chromium_with_no_errors_or_requests(browser, tmp_path):
    graph = hostile_graph()
    path = write_page(graph, tmp_path / "graph.html")
    page, events = open_page(browser, path)
    assert page.evaluate("window.graphx.nodes.length") == 2
    assert page.evaluate("window.graphx.edges.length") == graph.number_of_edges()
    canvas = page.locator("#network canvas")
    assert canvas.count() == 1 and canvas.bounding_box()["width"] > 500
    page.fill("#search", "normal paper")
    page.press("#search", "Enter")
    assert page.locator("#panel h2").text_content() == "A normal paper about citations"
    page.evaluate("window.graphx.network.selectNodes(['W1'])")
    page.fill("#search", "script")
    page.press("#search", "Enter")
    assert page.locator("#panel h2").text_content() == HOSTILE
    assert page.locator("#panel img, #panel svg, #panel iframe, #panel script").count() == 0
    page.wait_for_timeout(300)
    assert events == {"errors": [], "requests": [path.as_uri()], "dialogs": []}
    doi_link = page.locator("#panel a", has_text="DOI").get_attribute("href")
    assert doi_link.startswith("https://doi.org/10.1/") and "<" not in doi_link


def titles(page, selector="#panel li"):
    return page.locator(selector + " > button.link").all_text_contents()


@pytest.mark.browser
def test_the_demo_page_opens_settled_and_lists_central_papers_with_their_numbers(browser, demo):
    page, events = open_page(browser, demo / "graph.html")
    assert page.evaluate("window.graphx.nodes.length") == 1008
    assert titles(page)[0] == "Computing Machinery and Intelligence"
    assert page.locator("#panel li .value").first.text_content() == "PageRank 0.3295 · 1950 · 10,059 citations, cited 999× here"
    # 999 papers share one PageRank: the stated tie-break (citations in all the literature) orders them
    assert "Ties broken by citations in all the literature" in page.locator("#panel p.meta").first.text_content()
    page.locator("#panel li button").first.click()
    assert page.locator("#panel h3", has_text="Cited by in this graph").text_content() == "Cited by in this graph (first 50 of 999)"
    assert page.locator("#panel table.scores th").all_text_contents() == ["PageRank", "Authority", "Hub", "Betweenness", "Similarity"]
    assert page.locator("#panel .provenance").text_content() == "Found in: s2 · references known 8 of 14"
    assert page.locator("#panel table.scores td").nth(3).text_content() == "1.0000"  # Turing bridges all his neighbours
    page.locator("#panel ol").nth(1).locator("li > button").first.click()  # the most central paper citing Turing
    assert page.locator("#panel .reason").text_content().startswith("Tied to your seeds: cites 1 seed")
    assert page.evaluate("document.getElementById('panel').scrollTop") == 0
    assert events["errors"] == [] and events["dialogs"] == []
    assert all(url.startswith("file:") for url in events["requests"])


@pytest.mark.browser
def test_filters_hide_what_they_should_count_what_is_left_and_the_legend_names_the_communities(browser, demo):
    import pandas as pd

    nodes = pd.read_csv(demo / "nodes.csv")
    edges = pd.read_csv(demo / "edges.csv")
    communities = pd.read_csv(demo / "communities.csv")
    page, events = open_page(browser, demo / "graph.html")
    counts = lambda: page.locator("#counts").text_content()  # noqa: E731
    assert counts() == f"1008 of 1008 papers · {len(edges)} of {len(edges)} links"

    page.select_option("#scope", "seeds")
    assert counts().startswith("1 of 1008 papers · 0 of")
    page.select_option("#scope", "neighbours")
    assert counts().startswith("1008 of 1008 papers")  # every paper cites Turing or is cited by him
    page.select_option("#scope", "all")

    page.fill("#year-from", "2020")
    page.dispatch_event("#year-from", "change")
    assert counts().startswith(f"{(nodes['year'] >= 2020).sum()} of 1008 papers")
    page.fill("#year-from", "")
    page.dispatch_event("#year-from", "change")

    page.uncheck("#show-keyword")
    assert counts() == f"1008 of 1008 papers · {(edges['kind'] == 'cites').sum()} of {len(edges)} links"
    page.check("#show-keyword")

    first = communities.iloc[0]
    page.select_option("#community", str(first["community"]))
    assert counts().startswith(f"{first['size']} of 1008 papers")
    page.select_option("#community", "all")

    page.fill("#min-citations", "1")
    page.dispatch_event("#min-citations", "change")
    assert counts().startswith(f"{(nodes['local_citations'] >= 1).sum()} of 1008 papers")

    legend = page.locator("#legend .item").all_text_contents()
    assert len(legend) == min(14, (communities["size"] > 1).sum())
    assert legend[0] == f"{first['community']}: {first['label']} ({first['size']})"
    assert events["errors"] == [] and events["dialogs"] == []


@pytest.mark.browser
def test_the_central_list_sorts_by_each_score_and_the_view_and_shown_papers_download(browser, demo):
    import pandas as pd
    import rispy

    nodes = pd.read_csv(demo / "nodes.csv")
    page, events = open_page(browser, demo / "graph.html")
    page.select_option("#rank-by", "cited_by_count")
    most_cited = nodes.sort_values(["cited_by_count", "pagerank"], ascending=False)["title"].iloc[0]
    assert titles(page)[0] == most_cited
    page.select_option("#rank-by", "year")
    assert page.locator("#panel h3").first.text_content() == "By Newest first (first 50 of 1008)"
    newest = nodes[nodes["year"] == nodes["year"].max()].sort_values(["cited_by_count", "pagerank"], ascending=False)["title"].iloc[0]
    assert titles(page)[0] == newest

    page.select_option("#layout", "time")
    by_year = nodes.dropna(subset=["year"]).sort_values("year")["id"]
    old, new, undated = by_year.iloc[0], by_year.iloc[-1], nodes[nodes["year"].isna()]["id"].iloc[0]
    positions = page.evaluate(f"window.graphx.network.getPositions(['{old}', '{new}', '{undated}'])")
    assert positions[undated]["x"] < positions[old]["x"] < positions[new]["x"]  # papers with no year: a lane of their own
    page.select_option("#size-by", "local_citations")
    assert page.evaluate("window.graphx.nodes.get('s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad').value") == 1

    page.select_option("#scope", "seeds")
    with page.expect_download() as ris:
        page.click("#ris")
    [record] = rispy.loads(Path(ris.value.path()).read_text(encoding="utf-8"))
    assert record["title"] == "Computing Machinery and Intelligence"
    assert page.locator("#status").text_content() == "papers.ris: all 1 papers shown (your basket is empty)"
    assert events["errors"] == []


@pytest.mark.browser
def test_papers_no_source_resolved_are_said_so_and_each_offers_a_search_by_its_title(browser, tmp_path):
    """An offline listing: every paper is a local node. The page says so above the ranking, the citation lists
    are turned off with the reason, and a paper's details link to searches for its title instead of to nothing."""
    from urllib.parse import parse_qs, urlparse

    from click.testing import CliRunner

    from graphx.cli import main
    from tests.conftest import SEEDS

    done = CliRunner().invoke(main, ["build", str(SEEDS / "listing-sequence-models.txt"), "--offline", "--out", str(tmp_path / "rl"), "-q"])
    assert done.exit_code == 0, done.output
    page, events = open_page(browser, tmp_path / "rl" / "graph.html")
    assert page.locator("#panel .unfound").text_content().startswith("None of the 68 papers was found in a source")
    assert page.locator("#tab-prior").is_disabled()  # the lists that follow citations are greyed, and say why
    assert page.locator("#no-citations-tabs").text_content() == "The greyed lists follow citations: no paper here cites another."
    page.locator("#panel li[data-id] button").first.click()
    heading = page.locator("#panel h2").text_content()
    links = page.locator("#panel a[href*='search'], #panel a[href*='scholar']").evaluate_all("as => as.map(a => [a.textContent, a.href])")
    assert [name for name, _ in links] == ["OpenAlex", "Semantic Scholar", "arXiv", "Google Scholar"]
    for _, href in links:
        asked = [v for values in parse_qs(urlparse(href).query).values() for v in values]
        assert heading in asked, (href, heading)
    assert events["errors"] == []
