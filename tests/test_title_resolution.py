"""Title resolution measured on a labelled set (tests/support/labelled.py): real titles of the recorded
Turing neighbourhood written the ways people write them, and hard negatives. A wrong match is worse than none.

The full measurement (300 works, 2,248 queries) is `python benchmarks/title_resolution.py`; this runs a sample.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from title_resolution import measure  # noqa: E402


@pytest.fixture(scope="module")
def measured():
    return measure(60)


def test_accepted_title_matches_are_right_at_least_99_times_in_100(measured):
    _, scores, _, _, _ = measured
    assert scores.accepted > 200
    assert scores.precision >= 0.99


def test_titles_written_loosely_still_resolve(measured):
    _, scores, _, _, _ = measured
    assert scores.recall >= 0.95
    for variant in ("exact", "bare", "author"):
        cases, accepted, correct = scores.by_variant[variant]
        assert correct == cases, variant


def test_the_right_title_with_the_wrong_year_or_author_or_an_absent_title_is_never_accepted(measured):
    cases, scores, _, rows, _ = measured
    for variant in ("wrong year", "wrong author", "absent"):
        assert scores.by_variant[variant][1] == 0, variant
    reasons = [(c.variant, r.reason) for c, r in zip(cases, rows, strict=True) if r.status != "resolved"]
    assert all("is not among its authors" in reason for variant, reason in reasons if variant == "wrong author")
    assert any("the titles differ in" in reason for variant, reason in reasons if variant == "changed word")
