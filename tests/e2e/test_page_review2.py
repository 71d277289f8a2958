"""The page as a second first-time reader met it, in Debian's chromium: a narrow window whose panel sits below
the map, filters that leave nothing, a graph with no citations, labels at every zoom, identifiers pasted as
links, community names the legend gives, the PNG's legend, the Central list past 50, and references with their
abstracts. One demo and one offline listing are built per module and shared by its tests."""
from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.test_page_review import opened

pytestmark = pytest.mark.browser

TURING = "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"  # the demo's seed: "Computing Machinery and Intelligence"


@pytest.fixture(scope="module")
def listing(tmp_path_factory):
    """An offline build of a pasted listing: 68 papers no source resolved, linked by shared keywords alone."""
    from click.testing import CliRunner

    from graphx.cli import main
    from tests.conftest import SEEDS

    folder = tmp_path_factory.mktemp("listing") / "rl"
    done = CliRunner().invoke(main, ["build", str(SEEDS / "listing-sequence-models.txt"), "--offline", "--out", str(folder), "-q"])
    assert done.exit_code == 0, done.output
    return folder


def on_screen(page, paper: str) -> dict:
    """Where `paper`'s dot is drawn, in window coordinates."""
    return page.evaluate("""(id) => {
        const n = window.graphx.network, box = document.getElementById('network').getBoundingClientRect();
        const p = n.canvasToDOM({x: n.body.nodes[id].x, y: n.body.nodes[id].y});
        return {x: box.left + p.x, y: box.top + p.y};
    }""", paper)


PANEL_IN_VIEW = ("(() => { const r = document.querySelector('aside').getBoundingClientRect();"
                 " return r.top >= -1 && (r.top <= innerHeight - 200 || r.bottom <= innerHeight + 1); })()")


def panel_in_view(page) -> bool:
    """Whether the panel's top is on screen with room below it to read (or the whole panel is)."""
    return page.evaluate(PANEL_IN_VIEW)


# ---- 1. a narrow window: the panel below the map ----

def test_in_an_800px_window_the_first_click_on_a_paper_opens_it_and_scrolls_the_panel_into_view(browser, demo):
    page, errors = opened(browser, demo / "graph.html", 800, 900)
    assert page.locator("aside").bounding_box()["y"] > 900  # the panel starts below the window
    at = on_screen(page, TURING)
    page.mouse.move(at["x"] - 40, at["y"] - 40)  # the pointer crosses the map on its way, as a hand's does
    page.mouse.move(at["x"], at["y"], steps=4)
    page.mouse.click(at["x"], at["y"])
    wait_until(page, "(document.querySelector('#panel h2') || {}).textContent === 'Computing Machinery and Intelligence'")
    wait_until(page, PANEL_IN_VIEW)
    assert errors == []


def test_in_an_800px_window_a_tab_or_a_listed_paper_brings_the_panel_into_view_at_once_when_motion_is_reduced(browser, demo):
    page, errors = opened(browser, demo / "graph.html", 800, 900)
    page.emulate_media(reduced_motion="reduce")
    page.evaluate("document.getElementById('tab-derivative').click()")  # a click that does not itself scroll
    assert panel_in_view(page)  # no smooth scrolling to wait for
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate("document.querySelector('#panel li[data-id] button').click()")
    assert panel_in_view(page) and not page.locator("#panel h2").text_content().startswith("Derivative works")
    assert errors == []


# ---- 2. filters that leave no paper ----

def test_filters_that_leave_no_paper_say_so_and_one_button_resets_every_filter(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    assert page.locator("#empty").is_hidden()
    page.fill("#year-from", "2030")
    page.press("#year-from", "Enter")
    page.select_option("#scope", "neighbours")
    wait_until(page, "window.graphx.nodeView.length === 0")
    assert page.locator("#empty").is_visible()
    assert page.locator("#empty").text_content().startswith("No paper matches these filters")
    assert "No paper matches these filters" in page.locator("#panel").text_content()
    page.click("#empty button")
    wait_until(page, "window.graphx.nodeView.length === 1008")
    assert page.locator("#empty").is_hidden()
    filters = ("#year-from", "#year-to", "#scope", "#min-citations", "#community")
    assert [page.input_value(s) for s in filters] == ["", "", "all", "0", "all"]

    page.fill("#min-citations", "5000")  # cited here ≥ 5000: no paper is
    page.press("#min-citations", "Enter")
    wait_until(page, "window.graphx.nodeView.length === 0")
    assert page.locator("#empty").is_visible()
    page.locator("#panel button.reset-filters").click()
    wait_until(page, "window.graphx.nodeView.length === 1008")
    assert page.locator("#empty").is_hidden()
    assert errors == []


def test_a_from_year_later_than_the_to_year_is_swapped_where_the_reader_sees_it(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    page.fill("#year-from", "2030")
    page.press("#year-from", "Enter")
    page.fill("#year-to", "2023")
    page.press("#year-to", "Enter")
    wait_until(page, "window.graphx.shown.yearFrom === 2023 && window.graphx.shown.yearTo === 2030")
    assert (page.input_value("#year-from"), page.input_value("#year-to")) == ("2023", "2030")
    assert page.locator("#status").text_content() == "Years 2030–2023 read as 2023–2030"
    assert page.evaluate("window.graphx.nodeView.length") > 100 and page.locator("#empty").is_hidden()
    assert errors == []


# ---- 3. a graph with no citations ----

def test_a_graph_without_citations_turns_off_what_needs_them_and_says_why(browser, listing):
    page, errors = opened(browser, listing / "graph.html")
    for tab in ("prior", "derivative", "reviews", "path"):
        assert page.locator(f"#tab-{tab}").is_disabled(), tab
    for tab in ("central", "missing", "basket"):
        assert page.locator(f"#tab-{tab}").is_enabled(), tab
    assert page.locator("#no-citations-tabs").is_visible()
    assert page.locator("#show-cites").is_disabled() and page.locator("#min-citations").is_disabled()
    assert page.locator("#no-citations").text_content() == "No paper here cites another: citation links, counts and scores are off."
    off = page.eval_on_selector_all("#size-by option:disabled", "os => os.map(o => o.value)")
    assert set(off) >= {"local_citations", "pagerank", "hits_authority", "betweenness"} and "keyword_strength" not in off
    ranked_off = page.eval_on_selector_all("#rank-by option:disabled", "os => os.map(o => o.value)")
    assert {"pagerank", "local_citations", "hits_authority", "hits_hub", "betweenness"} <= set(ranked_off)

    note = page.locator("#panel p.meta").nth(1).text_content()  # under the notice that no source found the papers
    assert "ranked by their ties to the others" in note and "citations in all the literature" not in note

    page.click("#tab-missing")  # ties are not said to be broken by PageRank, the same for every paper here
    assert page.locator("#panel p.meta").first.text_content() == "Best first. The build's suggestions.csv holds the same list."
    page.click("#tab-central")
    page.locator("#panel li[data-id] button").first.click()
    details = page.locator("#panel").text_content()
    for absent in ("PageRank", "Authority", "Hub", "Betweenness", "Cited by 0 here", "?"):
        assert absent not in details, absent
    assert errors == []


def test_a_graph_with_citations_keeps_its_citation_views_and_scores(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    assert page.locator("#tabs button:disabled").count() == 0 and page.locator("#no-citations, #no-citations-tabs").count() == 0
    assert page.locator("#size-by option:disabled").count() == 0 and page.locator("#show-cites").is_enabled()
    assert "Ties broken by citations in all the literature." in page.locator("#panel").text_content()
    page.locator("#panel li[data-id] button").first.click()
    details = page.locator("#panel").text_content()
    assert "Cited by 999 here, 10,059 in all" in details and "PageRank" in details and "Betweenness" in details
    assert errors == []


# ---- 4. labels by importance at every zoom ----

def test_the_seed_keeps_its_label_at_every_zoom(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    unlabelled = []
    for step in range(11):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(250)
        page.mouse.move(box["x"] + 30, box["y"] + box["height"] - 10)  # the pointer away from the seed
        page.wait_for_timeout(150)
        seen = page.evaluate("""(id) => {
            const n = window.graphx.network, box = document.getElementById('network').getBoundingClientRect();
            const p = n.canvasToDOM({x: n.body.nodes[id].x, y: n.body.nodes[id].y});
            return {inView: p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height,
                    labelled: window.graphx.labels.some(l => l.id === id)};
        }""", TURING)
        if seen["inView"] and not seen["labelled"]:
            unlabelled.append(step)
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert unlabelled == []
    assert errors == []


# ---- 5. identifiers written as links or with prefixes ----

def test_search_finds_a_paper_by_its_doi_or_arxiv_link_or_prefix(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    page.fill("#search", "https://doi.org/10.1093/mind/lix.236.433")
    wait_until(page, "document.getElementById('search-status').textContent === '1 match'")
    for written in ("https://dx.doi.org/10.1093/mind/LIX.236.433", "DOI:10.1093/mind/lix.236.433", "doi: 10.1093/MIND/lix.236.433",
                    "HTTP://DOI.ORG/10.1093/mind/lix.236.433"):
        assert page.evaluate("(t) => window.graphx.findAll(t)", written) == [TURING], written
    paper = page.evaluate("Object.keys(window.graphx.papers).find(id => window.graphx.papers[id].arxiv)")
    arxiv = page.evaluate("(id) => window.graphx.papers[id].arxiv", paper)
    for written in (f"https://arxiv.org/abs/{arxiv}", f"https://arxiv.org/abs/{arxiv}v3", f"http://arxiv.org/pdf/{arxiv}v1.pdf",
                    f"arXiv:{arxiv}", f"ARXIV:{arxiv}v2"):
        assert paper in page.evaluate("(t) => window.graphx.findAll(t)", written), written
    assert errors == []


def test_search_finds_a_paper_by_its_openalex_link(browser, tmp_path):
    """A page whose papers carry OpenAlex ids (the recorded OpenAlex answers of the test server)."""
    import networkx as nx

    from graphx.render.page import write_page

    graph = nx.MultiDiGraph()
    graph.add_node("W2741809807", title="Attention Is All You Need", openalex="W2741809807", year=2017, community=0)
    graph.add_node("W1", title="Another paper", openalex="W1", year=2018, community=0)
    graph.add_edge("W1", "W2741809807", key="cites", kind="cites")
    from graphx.rank import rank_graph

    rank_graph(graph)
    write_page(graph, tmp_path / "graph.html")
    page, errors = opened(browser, tmp_path / "graph.html")
    for written in ("https://openalex.org/W2741809807", "https://api.openalex.org/works/w2741809807", "openalex.org/W2741809807"):
        assert page.evaluate("(t) => window.graphx.findAll(t)", written) == ["W2741809807"], written
    assert errors == []


# ---- 6. the map names the communities the legend colours ----

def test_the_map_names_only_the_communities_the_legend_shows_in_colour(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    legend = set(page.eval_on_selector_all(".legend .item[data-community]", "items => items.map(i => i.dataset.community)"))
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(3):  # zoomed in, where more names find room
        named = set(page.evaluate("window.graphx.labels.filter(l => l.community).map(l => l.community)"))
        assert named and named <= legend, named - legend
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(300)
    assert errors == []


# ---- 7. the PNG's legend ----

def test_the_png_legend_fits_each_name_to_its_column_and_lists_the_smaller_communities_as_the_svg_does(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    legend = page.evaluate("window.graphx.pngCanvas().legend")
    rows: dict[int, list[dict]] = {}
    for entry in legend["entries"]:
        rows.setdefault(entry["y"], []).append(entry)
    assert len(legend["entries"]) == 14
    for entries in rows.values():
        entries.sort(key=lambda e: e["x"])
        for left, right in zip(entries, entries[1:], strict=False):
            assert left["x"] + 14 + left["width"] < right["x"] - 8, (left["text"], right["text"])
    notes = [note["text"] for note in legend["notes"]]
    assert re.match(r"… and \d+ smaller communities \(grey\)", notes[0]) and notes[-1] == "dark outline: your seeds"
    svg = page.evaluate("window.graphx.svgText()")
    for text in [e["text"] for e in legend["entries"]] + notes:
        assert text.replace("&", "&amp;") in svg, text
    assert errors == []


# ---- 8. the Central list past 50 ----

def test_the_central_list_shows_50_more_at_a_time_by_keyboard_and_with_filters(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    assert page.locator("#panel ol li").count() == 50
    more = page.locator("#panel button.more")
    assert more.text_content() == "Show 50 more (958 not listed)"
    more.focus()
    page.keyboard.press("Enter")
    assert page.locator("#panel ol li").count() == 100
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == page.locator("#panel ol li").nth(50).get_attribute("data-id")
    assert "(first 100 of 1008)" in page.locator("#panel h3").text_content()
    page.fill("#year-from", "2023")  # a filter re-lists the papers it leaves, as many as were shown
    page.press("#year-from", "Enter")
    wait_until(page, "window.graphx.shown.yearFrom === 2023")
    shown = page.evaluate("window.graphx.nodeView.length")
    assert shown > 150 and page.locator("#panel ol li").count() == 100
    page.locator("#panel button.more").click()
    assert page.locator("#panel ol li").count() == 150
    years = page.eval_on_selector_all("#panel ol li", "items => items.map(li => window.graphx.papers[li.dataset.id].year)")
    assert min(years) >= 2023
    assert errors == []


# ---- 9. the suggestion lists speak to a reader ----

def test_the_suggestion_lists_say_where_the_list_is_kept_without_command_line_words(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    for tab in ("prior", "derivative", "reviews", "missing"):
        page.click(f"#tab-{tab}")
        note = page.locator("#panel p.meta").first.text_content()
        assert "graphx suggest" not in note and "`" not in note and "suggestions.csv" in note, note
    assert errors == []


# ---- 10. references with their abstracts ----

def test_the_pages_bibtex_ris_and_csl_json_carry_the_abstracts_the_page_shows(browser, listing):
    page, errors = opened(browser, listing / "graph.html")
    abstracts = json.loads((listing / "graph.json").read_text(encoding="utf-8"))
    with_abstract = sum(1 for node in abstracts["nodes"] if node.get("abstract"))
    assert with_abstract > 40
    got = {}
    for button in ("bibtex", "ris", "csl"):
        with page.expect_download() as download:
            page.click(f"#{button}")
        got[button] = open(download.value.path(), encoding="utf-8").read()
    assert got["bibtex"].count("\tabstract = {") == with_abstract
    assert got["ris"].count("\nAB  - ") == with_abstract
    items = json.loads(got["csl"])
    assert sum(1 for item in items if item.get("abstract")) == with_abstract
    read = next(node for node in abstracts["nodes"] if node.get("abstract"))
    item = next(item for item in items if item["title"] == read["title"])
    assert item["abstract"] == read["abstract"]
    assert errors == []


# ---- polish ----

def test_typing_a_search_and_stepping_through_it_keeps_the_header_height(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    height = page.locator("header").bounding_box()["height"]
    page.fill("#search", "Turing")
    wait_until(page, "document.getElementById('search-status').textContent.endsWith('matches')")
    assert page.locator("header").bounding_box()["height"] == height
    page.press("#search", "Enter")
    wait_until(page, "/^1 of \\d+$/.test(document.getElementById('search-status').textContent)")
    assert page.locator("header").bounding_box()["height"] == height
    page.fill("#search", "zzzz no such words")
    wait_until(page, "document.getElementById('search-status').textContent === 'No paper matches'")
    assert page.locator("header").bounding_box()["height"] == height and page.locator("#search-status").is_visible()
    assert errors == []


def test_each_community_of_the_list_keeps_its_colour_dot_on_the_first_line_of_its_name(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    page.click("#more-communities")
    rows = page.eval_on_selector_all("#communities-list li", """items => items.map(li => {
        const dot = li.querySelector('i').getBoundingClientRect(), name = li.querySelector('button').getBoundingClientRect();
        return {dot: dot.top, name: name.top, lines: Math.round(name.height / 17), right: dot.right <= name.left};
    })""")
    assert any(row["lines"] > 1 for row in rows)  # some names take two lines in the 400 px panel
    for row in rows:
        assert row["right"] and row["name"] - 2 <= row["dot"] <= row["name"] + 12, row
    assert errors == []


def test_arrow_keys_move_between_the_tabs_that_can_open(browser, listing):
    page, errors = opened(browser, listing / "graph.html")
    assert page.eval_on_selector_all("#tabs button[role=tab]", "bs => bs.map(b => b.tabIndex)") == [0, -1, -1, -1, -1, -1, -1]
    page.focus("#tab-central")
    page.keyboard.press("ArrowRight")  # Prior, Derivative and Reviews follow citations: skipped in this graph
    assert page.evaluate("document.activeElement.id") == "tab-missing"
    assert page.get_attribute("#tab-missing", "aria-selected") == "true"
    assert page.evaluate("document.getElementById('tab-missing').tabIndex") == 0
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.id") == "tab-basket"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-central"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.id") == "tab-basket"
    assert errors == []


def test_escape_from_a_papers_details_gives_the_focus_back_to_its_list_entry(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    entry = page.locator("#panel li[data-id]").nth(2)
    paper = entry.get_attribute("data-id")
    entry.locator("button.link").focus()
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('#panel h2').textContent !== 'Most central papers'")
    page.keyboard.press("Escape")
    wait_until(page, "document.querySelector('#panel h2').textContent === 'Most central papers'")
    assert page.evaluate("document.activeElement.closest('li') && document.activeElement.closest('li').dataset.id") == paper
    assert errors == []


def test_the_timeline_keeps_papers_with_no_year_apart_and_its_labels_clear_of_each_other(browser, listing):
    page, errors = opened(browser, listing / "graph.html")
    page.select_option("#layout", "time")
    wait_until(page, "window.graphx.yearTicks.length > 2")
    ticks = sorted(page.evaluate("window.graphx.yearTicks"), key=lambda t: t["x"])
    assert ticks[0]["year"] is None  # the "no year" lane, left of the axis
    for left, right in zip(ticks, ticks[1:], strict=False):
        assert left["x"] + left["w"] / 2 <= right["x"] - right["w"] / 2, (left, right)
    assert ticks[1]["x"] - ticks[1]["w"] / 2 - (ticks[0]["x"] + ticks[0]["w"] / 2) > 40  # apart from the first year
    assert errors == []


def test_the_layout_button_says_whether_the_dots_move_and_frames_the_map_once_they_settle(browser, listing):
    page, errors = opened(browser, listing / "graph.html")
    button = page.locator("#physics")
    assert button.text_content() == "Layout: still"
    button.click()
    assert button.text_content() == "Layout: moving" and button.get_attribute("aria-pressed") == "true"
    page.evaluate("window.__settled = false; window.graphx.network.once('stabilized', () => { window.__settled = true; })")
    wait_until(page, "window.__settled === true", timeout=60)
    page.wait_for_timeout(100)
    inside = page.evaluate("""(() => {
        const n = window.graphx.network, box = document.getElementById('network').getBoundingClientRect();
        return n.body.nodeIndices.every(id => { const p = n.canvasToDOM({x: n.body.nodes[id].x, y: n.body.nodes[id].y});
            return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; });
    })()""")
    assert inside
    button.click()
    assert button.text_content() == "Layout: still"
    assert errors == []
