"""Cache freshness, as documented: list answers (citing works, searches) expire after --max-age, records keep,
--refresh asks everything afresh once, --offline uses any cached answer and says how old it is."""
from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner

from graphx.build import build
from graphx.cli import main
from graphx.config import parse_age
from graphx.errors import InputError


@pytest.fixture
def citing_build(synthetic_openalex, synthetic_works, fast_options):
    """A depth-1 build of 8 seeds with the works citing them: id lookups and one 'cites' list call."""
    seeds = [w["doi"].removeprefix("https://doi.org/") for w in synthetic_works[600:608]]
    options = replace(fast_options, openalex_url=synthetic_openalex.url, citations=True, max_papers=5000)
    build(seeds, options)
    return seeds, options


def kinds(requests) -> list[str]:
    return sorted(r.query.get("filter", "?").split(":")[0] for r in requests)


def test_a_rebuild_within_max_age_asks_nothing(citing_build, synthetic_openalex):
    seeds, options = citing_build
    synthetic_openalex.requests.clear()
    again = build(seeds, options)
    assert synthetic_openalex.requests == [] and again.usage[0].cached > 0


def test_list_answers_older_than_max_age_are_asked_again_and_records_keep(citing_build, synthetic_openalex):
    seeds, options = citing_build
    first = kinds(synthetic_openalex.requests)
    assert "cites" in first and "openalex" in first
    synthetic_openalex.requests.clear()
    build(seeds, replace(options, max_age=0))
    assert kinds(synthetic_openalex.requests) == [k for k in first if k == "cites"]


def test_refresh_asks_every_answer_once_and_the_next_run_uses_the_fresh_cache(citing_build, synthetic_openalex):
    seeds, options = citing_build
    first = kinds(synthetic_openalex.requests)
    synthetic_openalex.requests.clear()
    build(seeds, replace(options, refresh=True))
    assert kinds(synthetic_openalex.requests) == first
    synthetic_openalex.requests.clear()
    build(seeds, options)
    assert synthetic_openalex.requests == []


def test_offline_uses_old_answers_and_says_how_old_they_are(citing_build, synthetic_openalex):
    seeds, options = citing_build
    synthetic_openalex.requests.clear()
    result = build(seeds, replace(options, offline=True, max_age=0))
    assert synthetic_openalex.requests == []
    note = next(p for p in result.problems if p.startswith("offline:"))
    assert "answers from the cache, the oldest fetched" in note and "less than an hour ago" in note


def test_max_age_reads_units_and_refuses_nonsense():
    assert parse_age("7d") == 604800 and parse_age("12h") == 43200 and parse_age("0") == 0
    with pytest.raises(InputError, match="--max-age"):
        parse_age("soon")
    run = CliRunner().invoke(main, ["build", "x", "--max-age", "-3d"])
    assert run.exit_code == 2 and "cannot be negative" in run.output
