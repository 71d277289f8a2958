"""Browser fixtures: Debian's chromium driven by Playwright, with no way out to the network."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest


def chromium_or_skip() -> str:
    path = "/usr/bin/chromium"
    if not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/run must install Debian's chromium")
        pytest.skip("Debian chromium not installed")
    return path


@pytest.fixture
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_or_skip(), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    events = {"errors": [], "requests": [], "dialogs": []}
    page.on("pageerror", lambda error: events["errors"].append(str(error)))
    page.on("request", lambda request: events["requests"].append(request.url))
    page.on("dialog", lambda dialog: (events["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    wait_until(page, "window.graphx && window.graphx.drawn === true", timeout=60)
    return page, events


def wait_until(page, expression: str, timeout: float = 20.0) -> None:
    """Poll `expression` in the page until it is true (the page's CSP forbids Playwright's eval-based waits)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The folder `graphx demo` writes (built once per test module)."""
    from click.testing import CliRunner

    from graphx.cli import main

    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo", "--out", str(folder), "-q"])
    assert result.exit_code == 0, result.output
    return folder


