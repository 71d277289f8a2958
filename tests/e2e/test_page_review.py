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
    title = page.evaluate("(() => { const h = document.querySelector('header h1'); return [h.scrollWidth, h.clientWidth, h.textContent]; })()")
    assert title[2] == "Computing Machinery and Intelligence — citation neighbourhood" and title[0] <= title[1]
    assert errors == []
