"""How fast the page opens and answers in headless Debian chromium, at 1,000 and 10,000 papers.

    python benchmarks/page_speed.py [papers:citations ...]      # default: 1000:5000 10000:50000

Prints, per size: file size (and per paper), time to the first drawn frame after navigation (median of three),
and the time from Enter in the search box to the panel showing the found paper and to the network's next
frame drawn around it. Synthetic graphs: papers cite
older ones with preferential attachment; titles come from a few topics so keyword links form.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from graphx.graph import build_graph  # noqa: E402
from graphx.model import Paper  # noqa: E402
from graphx.rank import rank_graph  # noqa: E402
from graphx.render import write_page  # noqa: E402

TOPICS = ["protein folding", "graph networks", "language models", "causal inference", "climate models", "quantum codes"]


def papers_with(count: int, citations: int, seed: int = 5) -> list[Paper]:
    rng = random.Random(seed)
    per_paper = max(1, citations // count)
    cited: list[int] = []
    papers = []
    for number in range(count):
        chosen = set()
        while number and len(chosen) < min(number, per_paper):
            chosen.add(rng.choice(cited) if cited and rng.random() < 0.6 else rng.randrange(number))
        cited.extend(chosen)
        papers.append(Paper(id=f"W{number}", title=f"{TOPICS[number % 6]} {rng.choice(['study', 'model', 'survey'])} {number}",
                            authors=[f"Author {number % 301}"], year=1990 + number * 35 // count, references=[f"W{c}" for c in chosen],
                            is_seed=number >= count - 5, abstract=f"We study {TOPICS[number % 6]} at scale {number % 17}."))
    return papers


def measure(browser, path: Path, target_title: str) -> tuple[float, float]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    started = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.graphx && window.graphx.drawn === true", timeout=120_000, polling=20)
    first_draw = time.perf_counter() - started
    # Measured inside the page, from the Enter key to the panel showing the paper and to the network's next
    # drawn frame (focused on it); Playwright's own waits would add their overhead to either.
    panel, redraw = page.evaluate("""title => new Promise(resolve => {
        const search = document.getElementById("search");
        search.value = title;
        const started = performance.now();
        let panel = null;
        window.graphx.network.once("afterDrawing", () => resolve([panel, performance.now() - started]));
        search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"}));
        panel = document.querySelector("#panel h2").textContent === title ? performance.now() - started : -1;
    })""", target_title)
    page.close()
    return first_draw, panel / 1000, redraw / 1000


def main() -> None:
    sizes = [tuple(map(int, s.split(":"))) for s in (sys.argv[1:] or ["1000:5000", "10000:50000"])]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        print(f"{'papers':>7} {'citations':>9} {'links':>7} {'file MB':>8} {'KB/paper':>9} {'first draw s':>12} "
              f"{'search→panel ms':>16} {'search→redrawn ms':>18}")
        for count, citations in sizes:
            graph = build_graph(papers_with(count, citations))
            rank_graph(graph)
            path = write_page(graph, Path(folder) / f"graph-{count}.html")
            target = graph.nodes[f"W{count // 2}"]["title"]
            runs = [measure(browser, path, target) for _ in range(3)]
            first_draw, panel, redraw = (sorted(r[i] for r in runs)[1] for i in range(3))  # medians of three
            size = path.stat().st_size
            cites = sum(1 for _, _, k in graph.edges(keys=True) if k == "cites")
            print(f"{count:>7} {cites:>9} {graph.number_of_edges():>7} {size / 1e6:>8.1f} {size / count / 1e3:>9.2f} "
                  f"{first_draw:>12.2f} {panel * 1000:>16.0f} {redraw * 1000:>18.0f}")
        browser.close()


if __name__ == "__main__":
    main()
