"""Title resolution on a labelled set: precision of accepted matches (target ≥ 0.99) and recall.

The set (tests/support/labelled.py) holds real titles of the recorded Turing neighbourhood in the ways people
write them, each with the OpenAlex work it names, and hard negatives (one word changed, a wrong year, another
first author, titles on other subjects). They are resolved by graphx's own resolver against the OpenAlex
stand-in, whose search ranks near misses beside the right work, as the real API does.

    python benchmarks/title_resolution.py [WORKS_SAMPLED]      # default 300
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphx.replay import demo_record_path  # noqa: E402
from graphx.resolve import resolve  # noqa: E402
from graphx.sources.http import HttpSettings, make_session  # noqa: E402
from graphx.sources.limits import openalex_units  # noqa: E402
from graphx.sources.openalex import OpenAlexClient  # noqa: E402
from graphx.sources.registry import Registry  # noqa: E402
from tests.support.labelled import NEGATIVE, POSITIVE, labelled_cases, score  # noqa: E402
from tests.support.openalex import openalex_handler  # noqa: E402
from tests.support.server import StandIn  # noqa: E402


def measure(sample: int):
    listings = sorted((ROOT / "tests" / "data" / "seeds").glob("listing-*.txt"))
    works, cases = labelled_cases(demo_record_path(), listings, sample)
    with StandIn(openalex_handler(works)) as server, tempfile.TemporaryDirectory() as cache:
        settings = HttpSettings(cache_dir=Path(cache), retries=1, backoff=0.0)
        session = make_session(settings)
        clients = Registry([OpenAlexClient(session, settings, server.url)], ("openalex",))
        started = time.monotonic()
        # One resolve per variant: a build treats the same title given twice as one input, and each variant
        # of a title must be judged on its own.
        by_case = {}
        for variant in dict.fromkeys(c.variant for c in cases):
            group = [i for i, c in enumerate(cases) if c.variant == variant]
            answers, _ = resolve([cases[i].query for i in group], clients)
            by_case.update(zip(group, answers, strict=True))
        rows = [by_case[i] for i in range(len(cases))]
        seconds = time.monotonic() - started
        session.close()
        usage = clients.openalex.usage
    found = [r.node if r.status == "resolved" else "" for r in rows]
    return cases, score(cases, found), seconds, rows, usage


def main() -> None:
    sample = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    cases, scores, seconds, rows, usage = measure(sample)
    print(f"{len(cases)} labelled title queries ({scores.positives} naming a work of the corpus), resolved in {seconds:.1f} s")
    print(f"{'variant':<14} {'cases':>6} {'accepted':>9} {'correct':>8}")
    for variant in POSITIVE + NEGATIVE:
        n, accepted, correct = scores.by_variant.get(variant, (0, 0, 0))
        print(f"{variant:<14} {n:>6} {accepted:>9} {correct:>8}")
    print(f"precision of accepted matches: {scores.precision:.4f}   (target >= 0.99)")
    print(f"recall over the positives:     {scores.recall:.4f}")
    print(f"OpenAlex: {dict(sorted(usage.calls.items()))} = {openalex_units(usage.calls)} units "
          f"({openalex_units(usage.calls) / len(cases):.2f} a query)")
    wrong = [(c, r) for c, r in zip(cases, rows, strict=True) if r.status == "resolved" and r.node != c.truth]
    for case, row in wrong[:10]:
        print(f"  wrong: {case.variant}: {case.query.value!r} → {row.title!r}")


if __name__ == "__main__":
    main()
