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


@pytest.fixture(scope="module")
def sequences(tmp_path_factory) -> Path:
    return build(tmp_path_factory, "listing-sequence-models.txt")


def _written_words(listing: str) -> set[str]:
    """Every word the listing's papers write, lower-cased, hyphenated words also joined ("pre-training" →
    "pretraining", as graphx reads them)."""
    text = (SEEDS / listing).read_text(encoding="utf-8").lower()
    return set(re.findall(r"[a-z][a-z0-9]+", text)) | {w.replace("-", "") for w in re.findall(r"[a-z][a-z0-9]*-[a-z0-9-]+", text)}


def _shown_terms(folder: Path) -> list[str]:
    import pandas as pd

    edges = pd.read_csv(folder / "edges.csv")
    terms = [t for cell in edges.loc[edges["kind"] == "keyword", "terms"].dropna() for t in cell.split("; ")]
    central = pd.read_csv(folder / "central.csv")
    terms += [t for cell in central["similarity_reason"].dropna() for t in cell.removeprefix("shares keywords: ").split(", ")]
    return terms


@pytest.mark.parametrize("listing", ["listing-scaling-and-entropy.txt", "listing-sequence-models.txt"])
def test_every_term_shown_is_made_of_words_the_papers_write(listing, scaling, sequences):
    folder = scaling if "scaling" in listing else sequences
    shown = _shown_terms(folder)
    assert len(shown) > 100
    written = _written_words(listing)
    fragments = sorted({word for term in shown for word in term.split() if word not in written})
    assert fragments == [], fragments  # stems such as "scale", "learn", "seri" are no words of these papers


def test_two_word_phrases_read_as_the_papers_write_them(scaling, sequences):
    shown = set(_shown_terms(scaling)) | set(_shown_terms(sequences))
    assert {"learning rate", "time series", "language models"} <= shown
    assert shown & {"scaling law", "scaling laws"}
    assert not shown & {"scale law", "learn rate", "machine learn", "deep learn", "reinforcement learn", "time seri"}


def test_the_demo_shows_what_turing_asked_and_names_a_keyword_once_whatever_its_case(demo_map):
    graph = demo_map.graph
    reasons = " ".join(str(data.get("similarity_reason", "")) for _, data in graph.nodes(data=True))
    assert "machines think" in reasons and "machine think" not in reasons
    keyword_terms = [str(data.get("terms", "")).split("; ") for _, _, k, data in graph.edges(keys=True, data=True) if k == "keyword"]
    assert sum("medicine" in {t.casefold() for t in terms} for terms in keyword_terms) > 10  # S2's field, and the texts' word
    assert not any(len({t.casefold() for t in terms}) < len(terms) for terms in keyword_terms)


def _names(folder: Path) -> list[str]:
    import pandas as pd

    communities = pd.read_csv(folder / "communities.csv")
    return communities.loc[communities["size"] > 1, "label"].fillna("").tolist()


def test_communities_are_named_by_the_topics_they_share(scaling, sequences):
    names = _names(scaling)
    assert any("scaling law" in n for n in names) and any("time series" in n for n in names)
    assert any("knowledge distillation" in n for n in names)
    assert any("learning rate" in n for n in _names(sequences))


@pytest.mark.parametrize("listing", ["listing-scaling-and-entropy.txt", "listing-sequence-models.txt"])
def test_no_community_is_named_by_a_generic_word_or_a_phrase_no_paper_writes(listing, scaling, sequences):
    from wordfreq import zipf_frequency

    folder = scaling if "scaling" in listing else sequences
    parts = [part for name in _names(folder) for part in name.split(", ") if part and part != "mixed"]
    assert len(parts) >= 20
    alone = [p for p in parts if " " not in p and "-" not in p]
    assert not {"left", "release", "serve", "build", "upper"} & set(alone)
    assert [p for p in alone if zipf_frequency(p, "en") >= 4.7] == []  # no common English word names a topic alone
    assert sum(" " in p or "-" in p for p in parts) > len(parts) / 2  # mostly phrases
    text = re.sub(r"[\s-]+", " ", (SEEDS / listing).read_text(encoding="utf-8").lower())
    unwritten = [p for p in parts if (" " in p or "-" in p) and re.sub(r"[\s-]+", " ", p) not in text]
    assert unwritten == [], unwritten
