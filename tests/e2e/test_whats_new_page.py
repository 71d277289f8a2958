"""The page after `graphx update` and `graphx triage`: new papers ringed, a "new since" filter, a sortable
Changes list, and the ranked "today" list of a triage with the papers tied to nothing apart."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from graphx.build import CitationGraph, build, write_outputs
from graphx.triage import triage, write_triage
from graphx.update import write_update
from tests.e2e.conftest import open_page
from tests.support.changing import ChangingOpenAlex, today
from tests.support.server import StandIn

BEFORE = "2026-11-01"


@pytest.fixture(scope="module")
def pages(synthetic_works, tmp_path_factory):
    """An updated map whose old papers were first seen on BEFORE, and a triage of three new works against it."""
    from graphx.config import BuildOptions

    root = tmp_path_factory.mktemp("whats-new")
    options = BuildOptions(cache_dir=root / "cache", retries=1, backoff=0.0, timeout=5.0, sources=("openalex",), max_papers=5000)
    changing = ChangingOpenAlex(synthetic_works[:400])
    with StandIn(changing) as server:
        options = replace(options, openalex_url=server.url)
        seeds = [w["doi"].removeprefix("https://doi.org/") for w in changing.works[-8:]]
        result = build(seeds, options)
        folder = root / "lib"
        write_outputs(result, folder, "lib")
        saved = json.loads((folder / "graph.json").read_text())
        for node in saved["nodes"]:
            node["first_seen"] = BEFORE
        (folder / "graph.json").write_text(json.dumps(saved))
        ids = sorted(result.graph)
        changing.advance(ids, next(w["id"].rsplit("/", 1)[-1] for w in changing.works if w["id"].rsplit("/", 1)[-1] not in result.graph))
        write_update(CitationGraph.load(folder).update(options), folder)
        ranked = triage(["W900003", "W900002", "W900001"], against=folder, options=options)
        write_triage(ranked, root / "today")
    return folder / "graph.html", root / "today" / "triage.html"


def test_new_papers_are_ringed_filtered_by_date_and_listed_in_a_sortable_changes_list(browser, pages):
    page, events = open_page(browser, pages[0])
    page.wait_for_selector("#changes-list li")
    assert page.evaluate("window.graphx.nodes.get('W900001').borderWidth") == 5
    assert page.evaluate("window.graphx.nodes.get('W1001').borderWidth") != 5
    listed = page.eval_on_selector_all("#changes-list li", "items => items.map(li => li.dataset.id)")
    assert listed[:2] == ["W900001", "W900002"] or listed[:2] == ["W900002", "W900001"]
    page.select_option("#changes-sort", "citations_rose")
    risen = page.eval_on_selector_all("#changes-list li", "items => items.map(li => li.dataset.id)")
    gained = page.evaluate("ids => ids.map(id => window.graphx.papers[id].citations_rose || 0)", risen)
    assert gained == sorted(gained, reverse=True) and gained[0] == 7
    total = page.evaluate("window.graphx.nodeView.length")
    page.select_option("#new-since", BEFORE)
    assert page.evaluate("window.graphx.nodeView.getIds().sort()") == ["W900001", "W900002"]
    page.select_option("#new-since", "")
    assert page.evaluate("window.graphx.nodeView.length") == total
    assert events["errors"] == []


def test_a_triage_page_opens_on_the_ranked_today_list_with_the_untied_apart(browser, pages):
    page, events = open_page(browser, pages[1])
    page.wait_for_selector("#changes-list li")
    assert page.eval_on_selector_all("#changes-list li", "items => items.map(li => li.dataset.id)") == ["W900001", "W900002"]
    assert "tied to nothing in your map (1)" in page.inner_text("#panel").lower()
    assert "Medieval poetry" in page.inner_text("#panel")
    assert page.inner_text("#show-changes") == "Today (3)"
    # the open list is marked, not a tab whose list is not shown; a tab's click hands the mark back
    assert page.get_attribute("#show-changes", "aria-pressed") == "true"
    assert page.eval_on_selector_all("#tabs [aria-selected=true]", "tabs => tabs.length") == 0
    page.click("#tab-central")
    assert page.get_attribute("#show-changes", "aria-pressed") == "false"
    assert page.get_attribute("#tab-central", "aria-selected") == "true"
    page.click("#show-changes")
    page.wait_for_selector("#changes-list li")
    assert page.get_attribute("#tab-central", "aria-selected") == "false"
    assert page.evaluate("window.graphx.nodes.get('W900001').borderWidth") == 5
    page.screenshot(path=str(pages[1].with_suffix(".png")))
    assert events["errors"] == [] and today()
