"""The page as a first-time reader meets it, in Debian's chromium: narrow windows, hovering links, searching
without accents, filtering from the legend, telling communities apart, exporting the map as SVG, and a
tooltip that stays on screen."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_until

pytestmark = pytest.mark.browser


def opened(browser, path, width: int = 1400, height: int = 900):
    """The page at `path` in a window of `width` × `height`, once vis-network has drawn it."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    wait_until(page, "document.body.dataset.drawn === 'true'", timeout=60)
    return page, errors


def hover(page, x: float, y: float) -> None:
    """The mouse brought to (x, y), then nudged (vis-network reports a hover from a later move)."""
    page.mouse.move(x, y)
    page.mouse.move(x + 1, y + 1, steps=3)


def test_search_ignores_accents_in_the_words_typed_and_in_the_papers(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    counts = []
    for words in ("Gödel", "Godel", "GODEL", "gödel"):
        page.fill("#search", words)
        wait_until(page, "document.getElementById('search-status').textContent.endsWith('match')"
                         " || document.getElementById('search-status').textContent.endsWith('matches')"
                         " || document.getElementById('search-status').textContent === 'No paper matches'")
        counts.append(page.locator("#search-status").text_content())
    assert counts[0] != "No paper matches" and set(counts) == {counts[0]}
    page.fill("#search", "uber formal unentscheidbare")  # "Über formal unentscheidbare Sätze …"
    wait_until(page, "document.getElementById('search-status').textContent === '1 match'")
    assert errors == []


def test_the_hover_tooltip_stays_inside_the_window_for_a_paper_at_the_bottom_of_the_map(browser, demo):
    page, errors = opened(browser, demo / "graph.html")
    low = page.evaluate("""(() => {
        const n = window.graphx.network, box = document.getElementById('network').getBoundingClientRect();
        let best = null;
        n.body.nodeIndices.forEach(id => {
            const p = n.canvasToDOM({x: n.body.nodes[id].x, y: n.body.nodes[id].y});
            if (p.x < 60 || p.x > box.width - 60 || p.y > box.height - 8) return;
            if (!best || p.y > best.y) best = {id: id, x: box.x + p.x, y: box.y + p.y};
        });
        return best;
    })()""")
    assert low["y"] > 900 - 80  # a paper drawn near the bottom edge of the window
    hover(page, low["x"], low["y"])
    wait_until(page, "document.querySelector('.tip.floating') !== null")
    tip = page.locator(".tip.floating").bounding_box()
    assert tip["y"] >= 0 and tip["y"] + tip["height"] <= 900 and tip["x"] >= 0 and tip["x"] + tip["width"] <= 1400
    assert errors == []


@pytest.mark.parametrize("width", [800, 1024])
def test_a_narrow_window_keeps_the_title_the_buttons_and_most_of_the_width_for_the_map(browser, demo, width):
    page, errors = opened(browser, demo / "graph.html", width, 900)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    for selector in ("header h1", "#search", "#fit", "#physics", "#svg", "#csl"):
        box = page.locator(selector).bounding_box()
        assert box["width"] > 20 and box["x"] >= 0 and box["x"] + box["width"] <= width, selector
    assert page.locator("header h1").bounding_box()["width"] > 250  # the title is read, not a sliver
    assert page.locator("#network").bounding_box()["width"] >= 0.65 * width  # the panel narrows or moves below
    panel = page.locator("aside").bounding_box()
    assert panel["width"] >= 300 and panel["x"] + panel["width"] <= width
    assert errors == []


def test_a_wide_window_shows_the_whole_title(browser, demo):
    page, errors = opened(browser, demo / "graph.html", 1400, 900)
    title = page.evaluate("(() => { const h = document.querySelector('header h1'); "
                          "return [h.scrollWidth, h.clientWidth, h.textContent]; })()")
    assert title[2] == "Computing Machinery and Intelligence — citation neighbourhood" and title[0] <= title[1]
    assert errors == []


def shown_spread(page) -> dict:
    """How much of the map the papers shown take up, as shares of its width and height."""
    return page.evaluate("""(() => {
        const n = window.graphx.network, box = document.getElementById('network').getBoundingClientRect();
        const at = n.body.nodeIndices.map(id => n.canvasToDOM({x: n.body.nodes[id].x, y: n.body.nodes[id].y}));
        const xs = at.map(p => p.x), ys = at.map(p => p.y);
        return {count: at.length, inside: at.every(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height),
                width: (Math.max(...xs) - Math.min(...xs)) / box.width, height: (Math.max(...ys) - Math.min(...ys)) / box.height};
    })()""")


def test_a_community_picked_in_the_legend_fills_the_map_and_escape_brings_back_the_whole_map(browser, demo):
    import pandas as pd

    communities = pd.read_csv(demo / "communities.csv")
    page, errors = opened(browser, demo / "graph.html")
    whole = page.evaluate("window.graphx.network.getScale()")
    page.click(".legend .item[data-community='3']")
    wait_until(page, "window.graphx.shown.community === '3'")
    spread = shown_spread(page)
    size = int(communities.loc[communities["community"] == 3, "size"].iloc[0])
    assert spread["count"] == size and spread["inside"] and max(spread["width"], spread["height"]) > 0.7
    assert page.evaluate("window.graphx.network.getScale()") > 1.5 * whole
    page.keyboard.press("Escape")
    wait_until(page, "window.graphx.shown.community === 'all'")
    assert page.input_value("#community") == "all" and shown_spread(page)["count"] == len(pd.read_csv(demo / "nodes.csv"))
    assert abs(page.evaluate("window.graphx.network.getScale()") - whole) < 0.01

    page.fill("#year-from", "2024")  # a filter by year frames what it leaves too
    page.press("#year-from", "Enter")
    wait_until(page, "window.graphx.shown.yearFrom === 2024")
    spread = shown_spread(page)
    assert spread["inside"] and max(spread["width"], spread["height"]) > 0.7
    assert errors == []


def test_the_smaller_communities_of_the_legend_open_a_list_of_every_community(browser, demo):
    import pandas as pd

    communities = pd.read_csv(demo / "communities.csv")
    grouped = communities[communities["size"] > 1]
    page, errors = opened(browser, demo / "graph.html")
    more = page.locator("#more-communities")
    assert more.text_content() == f"… and {len(grouped) - 14} smaller communities"
    more.click()
    assert page.locator("#panel h2").text_content() == f"Communities ({len(grouped)})"
    listed = page.locator("#communities-list li").evaluate_all("items => items.map(li => li.dataset.community)")
    assert listed == [str(c) for c in grouped["community"]]
    smallest = str(grouped["community"].iloc[-1])
    page.click(f"#communities-list li[data-community='{smallest}'] button")
    wait_until(page, f"window.graphx.shown.community === '{smallest}'")
    assert page.input_value("#community") == smallest
    assert shown_spread(page)["count"] == int(grouped["size"].iloc[-1])
    assert errors == []


def test_the_legends_communities_have_clearly_distinct_colours_and_the_files_carry_the_same(browser, demo):
    import networkx as nx
    from coloraide import Color
    from lxml import etree

    page, errors = opened(browser, demo / "graph.html")
    legend = page.locator(".legend .item i").evaluate_all("dots => dots.map(d => getComputedStyle(d).backgroundColor)")
    assert len(legend) == 14
    hexes = [Color(c).to_string(hex=True) for c in legend]
    closest = min(Color(a).delta_e(b, method="2000") for i, a in enumerate(hexes) for b in hexes[i + 1:])
    assert closest > 12  # CIEDE2000: no two legend colours read as one (the old palette had pairs at 5)
    page_colours = page.evaluate("Object.fromEntries(window.graphx.nodes.get().map(n => [n.id, n.color.background]))")
    named = set(hexes)
    small = {c for c in page_colours.values() if c not in named}
    assert len(small) == 1  # every smaller community shares one neutral tone
    names = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    gexf = {node.get("id"): tuple(int(node.find("viz:color", names).get(c)) for c in "rgb")
            for node in etree.parse(str(demo / "graph.gexf")).iterfind(".//g:node", names)}
    graphml = nx.read_graphml(demo / "graph.graphml")
    for node, colour in page_colours.items():
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert gexf[node] == rgb
        assert (graphml.nodes[node]["r"], graphml.nodes[node]["g"], graphml.nodes[node]["b"]) == rgb
    assert errors == []


def link_midpoint(page, kind: str) -> dict:
    """A link of `kind` on screen, at least 80 px long, whose midpoint is on that link and no paper."""
    return page.evaluate("""kind => {
        const n = window.graphx.network, box = document.getElementById('network').getBoundingClientRect();
        for (const id of n.body.edgeIndices) {
            const e = window.graphx.edges[id];
            if (e.kind !== kind) continue;
            const a = n.canvasToDOM(n.getPosition(e.from)), b = n.canvasToDOM(n.getPosition(e.to));
            const m = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
            if (Math.hypot(a.x - b.x, a.y - b.y) < 80 || m.x < 40 || m.y < 60 || m.x > box.width - 40 || m.y > box.height - 40) continue;
            if (n.getNodeAt(m) !== undefined || n.getEdgeAt(m) !== id) continue;
            return {id: id, x: box.x + m.x, y: box.y + m.y, from: e.from, to: e.to};
        }
        return null;
    }""", kind)


def test_hovering_a_link_names_its_papers_and_for_a_keyword_link_the_terms_they_share(browser, demo):
    import pandas as pd

    from graphx.render.page import read_page_data, short_title

    data = read_page_data((demo / "graph.html").read_text(encoding="utf-8"))
    edges = pd.read_csv(demo / "edges.csv")
    page, errors = opened(browser, demo / "graph.html")
    page.uncheck("#show-cites")  # the keyword links alone, so no citation crosses the one hovered
    wait_until(page, "window.graphx.shown.cites === false")
    link = link_midpoint(page, "keyword")
    hover(page, link["x"], link["y"])
    wait_until(page, "document.querySelector('.tip.floating') !== null")
    text = page.locator(".tip.floating").inner_text()
    row = edges[(edges["kind"] == "keyword") & (edges["source"] == link["from"]) & (edges["target"] == link["to"])].iloc[0]
    assert text.splitlines()[0] == "Shared keywords: " + row["terms"].replace("; ", ", ")
    for end in (link["from"], link["to"]):
        assert short_title(data["papers"][end]["title"]) in text
    page.mouse.move(5, 400)
    wait_until(page, "document.querySelector('.tip.floating') === null")

    page.check("#show-cites")
    page.uncheck("#show-keyword")
    wait_until(page, "window.graphx.shown.keyword === false")
    link = link_midpoint(page, "cites")
    hover(page, link["x"], link["y"])
    wait_until(page, "document.querySelector('.tip.floating') !== null")
    lines = page.locator(".tip.floating").inner_text().splitlines()
    hovered = page.evaluate("window.graphx.edges[Number(document.querySelector('.tip.floating').dataset.link)]")
    assert hovered["kind"] == "cites" and link["to"] == hovered["to"]  # (the citations of Turing meet at his paper)
    assert lines[1] == "cites" and lines[0].startswith(short_title(data["papers"][hovered["from"]]["title"]))
    assert lines[2].startswith(short_title(data["papers"][hovered["to"]]["title"]))
    assert errors == []


def test_the_svg_holds_every_label_with_coloured_community_names_a_title_and_the_legend(browser, demo):
    from pathlib import Path

    page, errors = opened(browser, demo / "graph.html")
    with page.expect_download() as download:
        page.click("#svg")
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.count("<circle") == len(page.evaluate("window.graphx.network.body.nodeIndices"))
    on_map = page.evaluate("""window.graphx.labels.filter(l => l.community).map(l => {
        const hex = window.graphx.nodes.get().find(n => String(window.graphx.papers[n.id].community) === l.community).color.background;
        const v = parseInt(hex.slice(1), 16);
        return [l.text, 'rgb(' + [v >> 16, (v >> 8) & 255, v & 255].map(c => Math.round(c * 0.6)).join(',') + ')'];
    })""")
    legend = page.locator(".legend .item").evaluate_all("items => items.map(i => i.textContent)")
    drawn = browser.new_page(viewport={"width": 1400, "height": 900})
    drawn.set_content(svg)
    found = drawn.evaluate("""(() => {
        const svg = document.querySelector('svg'), box = svg.viewBox.baseVal;
        const texts = [...svg.querySelectorAll('text')];
        const outside = texts.filter(t => { const b = t.getBBox();
            return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width || b.y + b.height > box.y + box.height; });
        return {count: texts.length, outside: outside.map(t => t.textContent),
                texts: texts.map(t => [t.textContent, t.getAttribute('fill'), t.getAttribute('font-weight')])};
    })()""")
    assert found["count"] > 40 and found["outside"] == []  # every label inside the picture
    fills = {text: fill for text, fill, _ in found["texts"]}
    assert len(on_map) >= 10 and all(fills[name] == colour for name, colour in on_map)  # community names as on screen
    assert found["texts"][0][:1] == ["Computing Machinery and Intelligence — citation neighbourhood"]
    assert found["texts"][1][0].startswith("1008 of 1008 papers · 2573 of 2573 links · colour: community")
    shortened = [text[:-1] for text in fills if text.endswith("…")]
    assert all(item in fills or any(item.startswith(s) for s in shortened) for item in legend)  # the legend, entry by entry
    assert errors == []
