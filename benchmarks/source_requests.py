"""Requests per source for a depth-1 build with every source on, against stand-ins of all six APIs.

The stand-ins (tests/support/world.py) each know part of the real recorded Turing neighbourhood the way the
real sources differ (OpenAlex lacks references and abstracts the others have, Crossref holds deposited
reference lists, arXiv the preprints, OpenCitations some links, Hugging Face a daily listing).

    python benchmarks/source_requests.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import graphx  # noqa: E402
from graphx.config import DEFAULT_SOURCES, BuildOptions  # noqa: E402
from tests.support.world import HORVITZ_DOI, LISTING_DATE, SOURCES, TURING_DOI, World, load_record, turing_world  # noqa: E402

INPUTS = [TURING_DOI, f"hf:{LISTING_DATE}", HORVITZ_DOI]


def run(sources: tuple[str, ...], citations: bool) -> None:
    with turing_world() as server, tempfile.TemporaryDirectory() as cache:
        world = World(load_record(), server)
        options = replace(BuildOptions(cache_dir=Path(cache), backoff=0.0, s2_interval=0.0, arxiv_interval=0.0,
                                       max_papers=2000, citations=citations), sources=sources, **world.urls())
        started = time.monotonic()
        result = graphx.build(INPUTS, options)
        seconds = time.monotonic() - started
        counts = world.requests_by_source()
        again = len(server.requests)
        graphx.build(INPUTS, options)
        rerun = len(server.requests) - again
    label = ",".join(sources) + (" --citations" if citations else "")
    per_source = "  ".join(f"{name} {counts.get(name, 0)}" for name in ("openalex", "s2", "crossref", "arxiv", "opencitations", "hf"))
    print(f"{label:<58} {sum(counts.values()):>4} requests ({per_source}); {seconds:.1f} s; "
          f"{result.graph.number_of_nodes()} papers; rerun {rerun} requests")


if __name__ == "__main__":
    print(f"inputs: {' '.join(INPUTS)}  (depth 1)")
    run(DEFAULT_SOURCES, False)
    run(SOURCES, False)
    run(SOURCES, True)
