"""How fast the page opens and answers in headless Debian chromium, at 1,000 and 10,000 papers.

    python benchmarks/page_speed.py [papers:citations ...]      # default: 1000:5000 10000:50000

Prints, per size: the time to write the page, its file size (and per paper), the time from navigation start
to the first frame showing the map (dots, links, labels, community names; drawn by the page itself from the
positions it carries; ``graphx.firstFrameAt``, taken in a task queued from the animation frame after the
drawing, so the frame has been painted; median of three), to vis-network's first frame, from which the map is
interactive (``graphx.drawnAt``, as the page records it) and to that as the harness sees it (including
Playwright's polling), what the map shows, and the time from Enter in the search box to the panel showing the
found paper and to the network's next frame drawn around it. The searched paper is one outside the top-N view
on large graphs, so the figure includes bringing it into view. Targets (issues 16 and 22): first frame ≤ 1.0 s
at 1,000 papers and ≤ 2.0 s at 10,000; ≤ 1.5 KB per paper at 10,000; search-to-focus < 100 ms. Synthetic
graphs: papers cite older ones with preferential attachment; titles come from a few topics so keyword links
form.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import chromium  # noqa: E402  (same folder)
from playwright.sync_api import sync_playwright  # noqa: E402
from rank_measures import synthetic_papers  # noqa: E402  (same folder)

from graphx.graph import build_graph  # noqa: E402
from graphx.model import Paper  # noqa: E402
from graphx.rank import rank_graph  # noqa: E402
from graphx.render import write_page  # noqa: E402


def papers_with(count: int, citations: int) -> list[Paper]:
    """`count` synthetic papers with about `citations` citations among them (see rank_measures.py)."""
    return synthetic_papers(count, max(1, citations // count))


def measure(browser, path: Path, target_title: str) -> tuple[float, float]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    started = time.perf_counter()
    page.goto(path.as_uri())
    while not page.evaluate("window.graphx && window.graphx.drawn === true"):  # (the page's CSP forbids eval-based waits)
        assert time.perf_counter() - started < 120
        page.wait_for_timeout(20)
    seen = time.perf_counter() - started
    first_draw = page.evaluate("window.graphx.firstFrameAt") / 1000
    interactive = page.evaluate("window.graphx.drawnAt") / 1000
    shown = page.evaluate("document.getElementById('counts').textContent")
    # Measured inside the page, from the Enter key to the panel showing the paper and to the network's next
    # drawn frame (focused on it); Playwright's own waits would add their overhead to either.
    panel, redraw = page.evaluate("""title => new Promise(resolve => {
        const search = document.getElementById("search");
        const network = window.graphx.network;
        search.value = title;
        let panel = null, redraw = null;
        const done = () => { if (panel !== null && redraw !== null) resolve([panel, redraw]); };
        // The frame that counts is the first one drawn with the found paper selected (focus selects it).
        const drawn = () => {
            const chosen = network.getSelectedNodes();
            if (!chosen.length || window.graphx.papers[chosen[0]].title !== title) return;
            network.off("afterDrawing", drawn);
            redraw = performance.now() - started;
            done();
        };
        network.on("afterDrawing", drawn);
        const started = performance.now();
        search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"}));
        panel = document.querySelector("#panel h2").textContent === title ? performance.now() - started : -1;
        done();
    })""", target_title)
    page.close()
    return first_draw, interactive, seen, panel / 1000, redraw / 1000, shown


def main() -> None:
    sizes = [tuple(map(int, s.split(":"))) for s in (sys.argv[1:] or ["1000:5000", "10000:50000"])]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        print(f"{'papers':>7} {'citations':>9} {'links':>7} {'write s':>8} {'file MB':>8} {'KB/paper':>9} {'first frame s':>13} "
              f"{'interactive s':>13} {'(harness) s':>11} {'search→panel ms':>16} {'search→redrawn ms':>18}  the map shows")
        for count, citations in sizes:
            graph = build_graph(papers_with(count, citations))
            rank_graph(graph)
            started = time.perf_counter()
            path = write_page(graph, Path(folder) / f"graph-{count}.html")
            written = time.perf_counter() - started
            least_central = min(graph, key=lambda n: (graph.nodes[n]["pagerank"], n))
            target = graph.nodes[least_central]["title"]
            runs = [measure(browser, path, target) for _ in range(3)]
            first_draw, interactive, seen, panel, redraw = (sorted(r[i] for r in runs)[1] for i in range(5))  # medians of three
            size = path.stat().st_size
            cites = sum(1 for _, _, k in graph.edges(keys=True) if k == "cites")
            print(f"{count:>7} {cites:>9} {graph.number_of_edges():>7} {written:>8.1f} {size / 1e6:>8.1f} {size / count / 1e3:>9.2f} "
                  f"{first_draw:>13.2f} {interactive:>13.2f} {seen:>11.2f} {panel * 1000:>16.0f} {redraw * 1000:>18.0f}  {runs[0][5]}")
        browser.close()


if __name__ == "__main__":
    main()
