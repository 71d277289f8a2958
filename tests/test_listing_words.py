"""The words a build of a pasted reading list shows its reader (tests/data/seeds/, built --offline from the
listing's own titles and abstracts): citation keys, terms and community names read as a person writes them."""
from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner

from graphx.cli import main

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def build(tmp_path_factory, name: str) -> Path:
    folder = tmp_path_factory.mktemp("listing") / "out"
    runner = CliRunner()
    done = runner.invoke(main, ["build", str(SEEDS / name), "--offline", "--out", str(folder),
                                "--cache-dir", str(folder.parent / "cache"), "-q"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(main, ["export", str(folder), "--format", "bibtex", "--out", str(folder / "papers.bib")])
    assert done.exit_code == 0, done.output
    return folder


@pytest.fixture(scope="module")
def scaling(tmp_path_factory) -> Path:
    return build(tmp_path_factory, "listing-scaling-and-entropy.txt")


def test_a_paper_with_no_author_or_year_gets_a_readable_unique_key(scaling):
    library = bibtexparser.parse_string((scaling / "papers.bib").read_text(encoding="utf-8"))
    keys = [entry.key for entry in library.entries]
    titles = {entry.key: entry.fields_dict["title"].value for entry in library.entries}
    assert titles["gateformer"].startswith("Gateformer: Advancing Multivariate Time Series Forecasting")
    assert not any(key.startswith("anon") for key in keys)
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"[a-z][a-z0-9]*", key) for key in keys)
