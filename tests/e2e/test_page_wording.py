"""The page's words about numbers read as a person writes them: "1 citation", "(131 a year)", and a suggestion's
count said once."""
from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import open_page, wait_until


@pytest.mark.browser
def test_counts_read_as_words_and_a_derivative_work_says_its_seeds_once(browser, demo):
    papers = json.loads((demo / "graph.json").read_text(encoding="utf-8"))["nodes"]
    once = next(p for p in papers if p.get("cited_by_count") == 1 and len(p.get("title", "")) > 30)
    page, events = open_page(browser, demo / "graph.html")
    page.fill("#search", once["title"])
    wait_until(page, "/match/.test(document.getElementById('search-status').textContent)")
    values = page.locator("#panel li .value").all_text_contents()
    assert any(v.endswith(" · 1 citation") or " · 1 citation," in v for v in values), values
    assert not any(re.search(r"\b1 citations", v) for v in values), values

    page.keyboard.press("Escape")
    page.locator("#panel li button").first.click()  # Turing (1950): 10,059 citations over 77 years
    meta = page.locator("#panel p.meta", has_text="in all").text_content()
    assert "10,059 in all (131 a year)" in meta, meta

    page.click("#tab-derivative")
    entries = page.locator("#panel li").all_text_contents()
    assert entries and all(e.count("of your") == 1 for e in entries), entries[:3]
    assert "cites 1 of your 1 seed: Computing Machinery and Intelligence" in entries[0]
    assert events["errors"] == []
