"""A graph larger than vis-network draws smoothly: the page shows the most central papers, says so, and
search still reaches every paper."""
from __future__ import annotations

import random

import pytest

from graphx.graph import build_graph
from graphx.keywords import keyword_links
from graphx.model import Paper
from graphx.rank import rank_graph
from graphx.render import write_page
from tests.e2e.conftest import open_page, wait_until

TOPICS = ["graph neural networks", "protein folding", "language models", "causal inference", "climate models"]


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    rng = random.Random(5)
    papers = []
    for number in range(2500):
        topic = TOPICS[number % len(TOPICS)]
        cited = {f"W{rng.randrange(number)}" for _ in range(min(number, 5))}
        papers.append(Paper(id=f"W{number}", openalex=f"W{number}", title=f"{topic.title()} paper {number}", year=1990 + number // 100,
                            abstract=f"We study {topic} with method {number % 7}.", references=sorted(cited), is_seed=number == 2499,
                            sources=["openalex"]))
    # every paper's 5 nearest, one-sided: far more than the 4,000 links past which the page hides them (the
    # default mutual rule links few of 500 identical texts a topic: each names the same 5 lowest ids)
    graph = build_graph(papers, links=keyword_links(papers, relative=0.0, mutual=False))
    rank_graph(graph)
    path = write_page(graph, tmp_path_factory.mktemp("large") / "graph.html")
    return graph, path


@pytest.mark.browser
def test_a_large_graph_opens_on_its_most_central_papers_and_says_so(large_page, browser):
    graph, path = large_page
    page, events = open_page(browser, path)
    shown = page.evaluate("window.graphx.nodeView.getIds()")
    top = sorted(graph, key=lambda n: -graph.nodes[n]["pagerank"])[:2000]
    assert set(shown) == set(top) | {"W2499"}  # the 2,000 most central, and the seed however peripheral
    notice = page.locator("#notice").text_content()
    assert "The map shows the 2,000 most central of 2,500 papers" in notice and "Search finds every paper" in notice
    assert "shared-keyword links are hidden" in notice and not page.is_checked("#show-keyword")
    assert events["errors"] == []


@pytest.mark.browser
def test_search_brings_a_paper_outside_the_view_onto_the_map_with_its_neighbours(large_page, browser):
    graph, path = large_page
    page, _ = open_page(browser, path)
    hidden = min(graph, key=lambda n: (graph.nodes[n]["pagerank"], n))
    assert page.evaluate(f"window.graphx.mapNodes.get('{hidden}')") is None
    page.fill("#search", graph.nodes[hidden]["title"])
    page.press("#search", "Enter")
    assert page.locator("#panel h2").text_content() == graph.nodes[hidden]["title"]
    wait_until(page, f"window.graphx.network.getSelectedNodes()[0] === '{hidden}'")
    on_map = set(page.evaluate("window.graphx.nodeView.getIds()"))
    neighbours = {v for _, v, k in graph.out_edges(hidden, keys=True) if k == "cites"} | {
        u for u, _, k in graph.in_edges(hidden, keys=True) if k == "cites"
    }
    assert {hidden} | neighbours <= on_map


@pytest.mark.browser
def test_show_all_draws_every_paper_and_the_keyword_box_every_keyword_link(large_page, browser):
    graph, path = large_page
    page, _ = open_page(browser, path)
    page.click("#show-all")
    assert len(page.evaluate("window.graphx.nodeView.getIds()")) == 2500
    page.check("#show-keyword")
    links = graph.number_of_edges()
    wait_until(page, f"document.getElementById('counts').textContent.endsWith('{links} of {links} links')")
    assert page.locator("#notice").is_hidden()


@pytest.mark.browser
def test_the_page_is_usable_from_the_keyboard_alone(large_page, browser):
    graph, path = large_page
    page, _ = open_page(browser, path)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search"  # the first stop is the search box
    page.keyboard.type(graph.nodes["W7"]["title"])
    page.keyboard.press("Enter")
    assert page.locator("#panel h2").text_content() == graph.nodes["W7"]["title"]
    first_cited_by = page.locator("#panel ol").nth(1).locator("button").first
    first_cited_by.focus()
    title = first_cited_by.text_content()
    page.keyboard.press("Enter")  # every paper in the panel is a button: Enter opens it
    assert page.locator("#panel h2").text_content() == title
