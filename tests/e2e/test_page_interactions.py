"""What a reader does on the page, in Debian's chromium: pick papers into a basket, search, step back with
Escape, read each list, find a path, take a picture of the map."""
from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

import pytest

from graphx.communities import stop_words
from graphx.connect import citation_paths
from graphx.export import suggestions_frame
from graphx.graph import build_graph
from graphx.model import Paper
from graphx.rank import rank_graph
from graphx.render import write_page
from tests.e2e.conftest import open_page, wait_until

TOPICS = {"protein": "Protein folding dynamics", "galaxy": "Galaxy redshift surveys"}


def field_papers() -> list[Paper]:
    """Two small fields, each with foundations many papers cite, two seeds, papers building on the seeds and
    a review citing most of its field; one paper links the fields."""
    papers = []
    for topic, words in TOPICS.items():
        foundations = [f"{topic}-F{i}" for i in range(4)]
        for i, node in enumerate(foundations):
            papers.append(Paper(id=node, title=f"{words} foundation {i}", year=1990 + i, authors=[f"Ada {topic.title()}{i}"],
                                abstract=f"{words} early theory {topic}", cited_by_count=1000 - i, doi=f"10.1/{node.lower()}"))
        seeds = [f"{topic}-S{i}" for i in range(2)]
        for i, node in enumerate(seeds):
            papers.append(Paper(id=node, title=f"{words} seed study {i}", year=2015 + i, authors=[f"Sam Seed{i}", "Co Author"],
                                abstract=f"{words} seed method {topic}", references=foundations[: 3 + i], is_seed=True,
                                cited_by_count=300 - i, doi=f"10.1/{node.lower()}"))
        for i in range(8):
            node = f"{topic}-D{i}"
            papers.append(Paper(id=node, title=f"{words} follow-up {i}", year=2018 + i % 5, authors=[f"Dee Follow{i}"],
                                abstract=f"{words} extends seeds {topic}", references=seeds[: 1 + i % 2] + foundations[i % 4: i % 4 + 2],
                                cited_by_count=50 - i, doi=f"10.1/{node.lower()}"))
        papers.append(
            Paper(
                id=f"{topic}-R",
                title=f"A review of {words.lower()}",
                year=2024,
                authors=["Rev Iewer"],
                abstract=f"{words} survey of the field {topic}",
                references=foundations + seeds + [f"{topic}-D{i}" for i in range(6)],
                cited_by_count=20,
                doi=f"10.1/{topic}-r",
            )
        )
    papers[0].references.append("galaxy-F0")  # the one citation between the fields
    return papers


@pytest.fixture(scope="module")
def field(tmp_path_factory):
    graph = build_graph(field_papers())
    rank_graph(graph)
    folder = tmp_path_factory.mktemp("field")
    write_page(graph, folder / "graph.html", "Two fields")
    suggestions_frame(graph).to_csv(folder / "suggestions.csv", index=False)
    return graph, folder


def screen_point(page, node: str) -> tuple[float, float]:
    """Where a paper's dot is on the screen."""
    box = page.locator("#network").bounding_box()
    at = page.evaluate(f"(() => {{ const n = window.graphx.network; return n.canvasToDOM(n.getPositions(['{node}'])['{node}']); }})()")
    return box["x"] + at["x"], box["y"] + at["y"]


def apart(page, count: int) -> list[str]:
    """`count` papers whose dots are at least 20 px from every other dot, most important first."""
    return page.evaluate(f"""(() => {{
        const n = window.graphx.network, ids = n.body.nodeIndices;
        const at = ids.map(id => n.canvasToDOM({{x: n.body.nodes[id].x, y: n.body.nodes[id].y}}));
        const box = document.getElementById('network').getBoundingClientRect();
        return window.graphx.order.filter(id => {{
            const i = ids.indexOf(id); if (i < 0) return false;
            const p = at[i];
            if (p.x < 30 || p.y < 30 || p.x > box.width - 30 || p.y > box.height - 30) return false;
            return at.every((q, j) => j === i || Math.hypot(p.x - q.x, p.y - q.y) >= 20);
        }}).slice(0, {count});
    }})()""")


def panel_ids(page) -> list[str]:
    return page.locator("#panel li[data-id]").evaluate_all("items => items.map(li => li.dataset.id)")


@pytest.mark.browser
def test_three_ctrl_clicks_fill_the_basket_and_bibtex_exports_those_three(browser, field):
    import bibtexparser

    graph, folder = field
    page, events = open_page(browser, folder / "graph.html")
    chosen = apart(page, 3)
    assert len(chosen) == 3
    for node in chosen:
        page.mouse.move(*screen_point(page, node))
        page.keyboard.down("Control")
        page.mouse.click(*screen_point(page, node))
        page.keyboard.up("Control")
    assert page.evaluate("window.graphx.basket()") == chosen
    assert page.locator("#tab-basket").text_content() == "Basket (3)"
    with page.expect_download() as bib:
        page.click("#bibtex")
    entries = bibtexparser.parse_string(Path(bib.value.path()).read_text(encoding="utf-8")).entries
    assert sorted(e["doi"] for e in entries) == sorted(graph.nodes[n]["doi"] for n in chosen)
    assert page.locator("#status").text_content() == "papers.bib: the 3 papers in your basket"
    assert events["errors"] == []


@pytest.mark.browser
def test_the_basket_lists_removes_clears_gives_the_build_command_and_shift_drag_adds(browser, field):
    graph, folder = field
    page, events = open_page(browser, folder / "graph.html")
    chosen = apart(page, 2)
    for node in chosen:
        x, y = screen_point(page, node)
        page.mouse.move(x, y)
        page.keyboard.down("Control")
        page.mouse.click(x, y)
        page.keyboard.up("Control")
    page.click("#tab-basket")
    assert page.locator("#panel h2").text_content() == "Your basket: 2 papers"
    assert panel_ids(page) == chosen
    command = page.input_value("#basket-command")
    assert command == "graphx build " + " ".join(graph.nodes[n]["doi"] for n in chosen)
    page.locator("#panel li button.remove").first.click()
    assert panel_ids(page) == chosen[1:] and page.locator("#tab-basket").text_content() == "Basket (1)"
    page.click("#basket-clear")
    assert page.locator("#panel h2").text_content() == "Your basket is empty"

    box = page.locator("#network").bounding_box()
    page.keyboard.down("Shift")
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] - 2, steps=4)
    page.mouse.up()
    page.keyboard.up("Shift")
    assert len(page.evaluate("window.graphx.basket()")) == graph.number_of_nodes()  # the fitted map: every paper in the box
    assert page.locator("#status").text_content() == f"{graph.number_of_nodes()} papers added to your basket"

    # a click on a paper opens it; a click on the empty map goes back to the list, the basket kept
    x, y = screen_point(page, chosen[0])
    page.mouse.click(x, y)
    assert page.locator("#panel h2").text_content() == graph.nodes[chosen[0]]["title"]
    page.mouse.click(box["x"] + 3, box["y"] + box["height"] - 3)
    assert page.locator("#panel h2").text_content() == f"Your basket: {graph.number_of_nodes()} papers"
    assert events["errors"] == []


@pytest.mark.browser
def test_search_matches_every_word_in_any_field_lists_every_hit_steps_with_enter_and_says_when_none(browser, demo):
    import pandas as pd

    nodes = pd.read_csv(demo / "nodes.csv")
    page, events = open_page(browser, demo / "graph.html")
    fields = (
        nodes[["title", "authors", "doi", "venue"]].fillna("").astype(str).agg(" ".join, axis=1)
        + " "
        + nodes["year"].astype("Int64").astype(str)
    ).str.lower()
    expected = set(nodes[fields.str.contains("chatgpt") & fields.str.contains("education")]["id"])
    assert len(expected) > 3
    page.fill("#search", "education ChatGPT")  # both words, in either order
    wait_until(page, "document.getElementById('search-status').textContent.endsWith('matches')")
    assert page.locator("#search-status").text_content() == f"{len(expected)} matches"
    assert set(panel_ids(page)) == expected
    page.evaluate("window.focusCalls = 0; const f = window.graphx.network.focus.bind(window.graphx.network);"
                  "window.graphx.network.focus = (...a) => { window.focusCalls += 1; return f(...a); }; true")
    page.press("#search", "Enter")
    wait_until(page, "window.focusCalls === 1")
    first = page.locator("#panel h2").text_content()
    assert page.locator("#search-status").text_content() == f"1 of {len(expected)}"
    page.press("#search", "Enter")
    wait_until(page, "window.focusCalls === 2")
    assert page.locator("#search-status").text_content() == f"2 of {len(expected)}" and page.locator("#panel h2").text_content() != first
    page.click("#search-prev")
    wait_until(page, "window.focusCalls === 3")
    assert page.locator("#panel h2").text_content() == first
    page.wait_for_timeout(200)
    assert page.evaluate("window.focusCalls") == 3  # each step moves the map once

    page.fill("#search", "turing 1950 mind")  # author, year and venue words together
    wait_until(page, "document.getElementById('search-status').textContent === '1 match'")
    page.fill("#search", "chatgpt zzyzx")
    wait_until(page, "document.getElementById('search-status').textContent === 'No paper matches'")
    assert page.locator("#panel h2").text_content() == "No paper matches “chatgpt zzyzx”"
    assert events["errors"] == []


@pytest.mark.browser
def test_escape_clears_the_search_and_returns_to_the_overview(browser, demo):
    page, events = open_page(browser, demo / "graph.html")
    overview = page.evaluate("window.graphx.network.getScale()")
    page.fill("#search", "turing test")
    page.press("#search", "Enter")
    wait_until(page, f"Math.abs(window.graphx.network.getScale() - {overview}) > 0.01")
    page.keyboard.press("Escape")
    assert page.input_value("#search") == "" and page.locator("#search-status").text_content() == ""
    assert page.locator("#panel h2").text_content() == "Most central papers"
    assert page.evaluate("window.graphx.network.getSelectedNodes()") == []
    assert abs(page.evaluate("window.graphx.network.getScale()") - overview) < 0.01
    assert events["errors"] == []


@pytest.mark.browser
def test_each_list_tab_shows_the_lists_of_suggestions_csv_with_their_numbers(browser, field):
    import pandas as pd

    _, folder = field
    suggestions = pd.read_csv(folder / "suggestions.csv")
    page, events = open_page(browser, folder / "graph.html")
    for name, tab in (("prior", "#tab-prior"), ("derivative", "#tab-derivative"), ("reviews", "#tab-reviews"), ("missing", "#tab-missing")):
        page.click(tab)
        expected = suggestions[suggestions["list"] == name]
        assert len(expected) > 0, name
        assert panel_ids(page) == expected["id"].tolist(), name
        reasons = page.locator("#panel li > div.value:nth-of-type(2)").all_text_contents()
        assert reasons == expected["reason"].tolist(), name
    page.click("#tab-prior")
    first = suggestions[suggestions["list"] == "prior"].iloc[0]
    # the reason says the count ("cited by 3 papers here"): no second figure beside it
    assert page.locator("#panel li .value b").count() == 0
    reason = page.locator("#panel li > div.value:nth-of-type(2)").first.text_content()
    assert reason.startswith(f"cited by {int(first['score'])} papers here")
    page.click("#tab-central")
    values = page.locator("#panel li .value").all_text_contents()[:30]
    assert all(re.match(r"^PageRank \d\.\d{4} · \d{4} · [\d,]+ citations?", v) for v in values), values
    assert len({v.split(" · ")[0] for v in values}) > 5
    page.locator("#panel li").first.hover()
    assert page.evaluate("window.graphx.labels.filter(l => l.id)[0].id") == panel_ids(page)[0]  # the hovered paper is labelled first
    assert events["errors"] == []


@pytest.mark.browser
def test_the_page_central_csv_nodes_csv_and_the_cli_list_the_central_papers_in_one_order(browser, demo):
    """999 of the demo's 1,008 papers share one PageRank: every output breaks those ties the way the page says
    it does (by citations in all the literature), so the page's top papers are the files' top papers."""
    import pandas as pd

    from graphx.citation_graph import CitationGraph
    from graphx.report import build_report

    central = pd.read_csv(demo / "central.csv")["id"].tolist()
    nodes = pd.read_csv(demo / "nodes.csv")["id"].tolist()
    page, events = open_page(browser, demo / "graph.html")
    shown = panel_ids(page)
    assert len(shown) >= 20 and shown == central[:len(shown)] and nodes[:len(shown)] == central[:len(shown)]
    lines = build_report(CitationGraph.load(demo, rescore=False), []).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Most central papers")) + 1
    printed = [line.split(". ", 1)[1].rsplit(" (", 1)[0].rstrip("…") for line in lines[first:first + 10]]
    titles = pd.read_csv(demo / "central.csv")["title"].head(10).tolist()
    assert all(title.startswith(shown) for shown, title in zip(printed, titles, strict=True)), (printed, titles)
    assert events["errors"] == []


@pytest.mark.browser
def test_the_path_tab_finds_and_draws_the_citation_paths_between_two_papers(browser, field):
    graph, folder = field
    source, target = "protein-D3", "galaxy-R"
    expected = citation_paths(graph, source, target, 5)
    page, events = open_page(browser, folder / "graph.html")
    page.click("#tab-path")
    page.fill("#path-from", graph.nodes[source]["title"])
    page.fill("#path-to", graph.nodes[target]["title"])
    page.click("#path-go")
    steps = len(expected[0]) - 1
    assert page.locator("#path-result h3").text_content() == f"{len(expected)} shortest path{'s' * (len(expected) != 1)} of {steps} steps"
    shown = page.locator("#path-result ol").first.evaluate("ol => [...ol.querySelectorAll('li')].map(li => li.dataset.id)")
    assert shown == [node for node, _ in expected[0]]
    drawn = page.evaluate("window.graphx.network.body && window.graphx.labels.length")
    assert drawn > 0
    assert events["errors"] == []


@pytest.mark.browser
def test_the_png_is_twice_the_map_opaque_and_titled(browser, demo):
    page, events = open_page(browser, demo / "graph.html")
    width = page.evaluate("document.querySelector('#network canvas').clientWidth")
    map_height = page.evaluate("document.querySelector('#network canvas').clientHeight")
    with page.expect_download() as png:
        page.click("#png")
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    png_width, png_height = struct.unpack(">II", data[16:24])
    assert png_width == 2 * width and png_height > 2 * map_height  # title above, legend below
    alpha = page.evaluate("""src => new Promise(resolve => { const img = new Image(); img.onload = () => {
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, c.width, c.height).data; let low = 255;
        for (let i = 3; i < px.length; i += 4) low = Math.min(low, px[i]);
        resolve(low); }; img.src = src; })""", "data:image/png;base64," + base64.b64encode(data).decode())
    assert alpha == 255
    assert page.evaluate("document.querySelector('#network canvas').width") == width  # the map is back at screen resolution
    with page.expect_download() as svg:
        page.click("#svg")
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert text.startswith("<svg") and text.count("<circle") == 1008
    assert events["errors"] == []


@pytest.mark.browser
def test_colour_by_year_has_quantile_ticks_and_the_timeline_year_ticks_and_an_undated_lane(browser, demo):
    import pandas as pd

    nodes = pd.read_csv(demo / "nodes.csv")
    page, events = open_page(browser, demo / "graph.html")
    page.select_option("#colour-by", "year")
    ticks = [int(t) for t in page.locator("#legend .tick").all_text_contents()]
    assert ticks[0] == int(nodes["year"].min()) and ticks[-1] == int(nodes["year"].max()) and ticks == sorted(ticks)
    assert {2022, 2023} <= set(ticks)  # the years most papers have get room on the scale
    assert page.locator("#legend .item").first.text_content() == f"no year ({nodes['year'].isna().sum()})"
    colours = page.evaluate(
        "[2022, 2023, 2024].map(y => window.graphx.nodes.get("
        "window.graphx.order.find(id => window.graphx.papers[id].year === y)).color.background)"
    )
    assert len(set(colours)) == 3
    page.select_option("#layout", "time")
    wait_until(page, "window.graphx.yearTicks.length > 2")
    ticks = page.evaluate("window.graphx.yearTicks")
    years = [t["year"] for t in ticks if t["year"] is not None]
    assert {2022, 2023, 2024} <= set(years) and years == sorted(years)
    lane = [t for t in ticks if t["year"] is None]
    assert lane and lane[0]["x"] < min(t["x"] for t in ticks if t["year"] is not None)
    assert events["errors"] == []


@pytest.mark.browser
def test_community_names_on_the_map_and_legend_carry_no_stop_words_of_any_language(browser, demo):
    import pandas as pd

    communities = pd.read_csv(demo / "communities.csv")
    topics = set(pd.read_csv(demo / "nodes.csv")["keywords"].dropna().str.split("; ").explode())
    stop = set(stop_words())
    # names are the sources' topics (Semantic Scholar fields here: "Computer Science") or distinctive terms
    terms = [part for label in communities["label"].dropna() for part in re.split(r", |: ", label) if part not in topics]
    assert len(terms) > 10 and not {t.lower() for t in terms} & stop
    assert {"der", "les", "und", "uma", "para", "que", "los", "las"} <= stop
    page, events = open_page(browser, demo / "graph.html")
    drawn = [label["text"] for label in page.evaluate("window.graphx.labels") if "community" in label]
    assert len(drawn) >= 5 and set(drawn) <= set(communities["label"])
    assert events["errors"] == []


@pytest.mark.browser
def test_the_first_frame_is_the_labelled_map_and_vis_network_takes_over_on_the_same_view(browser, demo):
    page, events = open_page(browser, demo / "graph.html")
    first = page.evaluate("window.graphx.firstFrameView")
    assert len([label for label in first["labels"] if "id" in label]) >= 20  # paper labels, drawn by the page itself
    assert page.evaluate("window.graphx.firstFrameAt < window.graphx.drawnAt")
    assert page.locator("#first-frame").count() == 0  # the page's drawing is gone once vis-network has drawn
    view = page.evaluate("({scale: window.graphx.network.getScale(), position: window.graphx.network.getViewPosition()})")
    assert view["scale"] == pytest.approx(first["scale"])
    assert (view["position"]["x"], view["position"]["y"]) == pytest.approx((first["position"]["x"], first["position"]["y"]))
    assert [label["id"] for label in page.evaluate("window.graphx.labels") if "id" in label][:5] == \
        [label["id"] for label in first["labels"] if "id" in label][:5]  # the same papers labelled first
    assert events["errors"] == []


@pytest.mark.browser
def test_a_papers_abstract_is_unpacked_from_the_page_when_the_paper_is_read(browser, field):
    graph, folder = field
    page, events = open_page(browser, folder / "graph.html")
    page.fill("#search", "Protein folding dynamics foundation 0")
    page.press("#search", "Enter")
    assert page.locator("#panel h2").text_content() == "Protein folding dynamics foundation 0"
    wait_until(page, "(document.querySelector('#panel .abstract') || {}).textContent")
    assert page.locator("#panel .abstract").text_content() == graph.nodes["protein-F0"]["abstract"]
    assert events["errors"] == [] and len(events["requests"]) == 1  # unpacked in the page: nothing fetched
