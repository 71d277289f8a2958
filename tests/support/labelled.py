"""A labelled set for title resolution: title queries with the work each truly names (or none).

Built from real data: the recorded Turing neighbourhood (its 1,000 citing papers and references, served as
OpenAlex works whose W-number is the S2 CorpusId) and the real reading lists in tests/data/seeds (papers
that are not in that corpus). Hand-made variants stand for how people write titles:

positives (the work is in the corpus)   exact title + year · lower case without punctuation · a typo + year ·
                                          title + first author
negatives (no work in the corpus is it) one word changed to another title's word · the right title with a
                                          year six years off · the right title with another first author ·
                                          a real title from a reading list on another subject
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from graphx.inputs import read_input
from graphx.model import Query, normalise_title
from tests.support.openalex import works_from_s2_recording

POSITIVE = ("exact", "bare", "typo", "author")
NEGATIVE = ("changed word", "wrong year", "wrong author", "absent")


@dataclass(frozen=True)
class Case:
    query: Query
    truth: str  # the W-id it names, or "" when no work of the corpus is it
    variant: str


def _usable(works: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for w in works:
        counts[normalise_title(w["display_name"])] = counts.get(normalise_title(w["display_name"]), 0) + 1
    return [w for w in works if len(normalise_title(w["display_name"]).split()) >= 3 and counts[normalise_title(w["display_name"])] == 1
            and w["publication_year"]]


def _typo(title: str, rng: random.Random) -> str | None:
    words = title.split()
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    j = rng.randrange(1, len(words[i]) - 2)
    word = words[i]
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


def _changed(title: str, vocabulary: list[str], rng: random.Random) -> str | None:
    words = title.split()
    content = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not content:
        return None
    i = rng.choice(content)
    present = set(normalise_title(title).split())
    replacement = rng.choice([v for v in vocabulary if v not in present])
    words[i] = replacement
    return " ".join(words)


def labelled_cases(record_path, seed_listings: list, sample: int, seed: int = 11) -> tuple[list[dict[str, Any]], list[Case]]:
    """The OpenAlex works to serve and the labelled cases (`sample` works drawn for the variants)."""
    works = works_from_s2_recording(record_path)
    rng = random.Random(seed)
    usable = _usable(works)
    chosen = rng.sample(usable, min(sample, len(usable)))
    vocabulary = sorted({w for work in usable for w in normalise_title(work["display_name"]).split() if len(w) >= 6})
    cases: list[Case] = []
    for work in chosen:
        title, year, truth = work["display_name"], work["publication_year"], work["id"].rsplit("/", 1)[-1]
        authors = [a["author"]["display_name"] for a in work["authorships"]]
        cases.append(Case(Query("title", title, "labelled", year), truth, "exact"))
        cases.append(Case(Query("title", normalise_title(title), "labelled"), truth, "bare"))
        if typo := _typo(title, rng):
            cases.append(Case(Query("title", typo, "labelled", year), truth, "typo"))
        if authors:
            cases.append(Case(Query("title", title, "labelled", first_author=authors[0]), truth, "author"))
            cases.append(Case(Query("title", title, "labelled", first_author="Zbigniew Nowakowski"), "", "wrong author"))
        if changed := _changed(title, vocabulary, rng):
            cases.append(Case(Query("title", changed, "labelled", year), "", "changed word"))
        cases.append(Case(Query("title", title, "labelled", year + 6), "", "wrong year"))
    corpus_titles = {normalise_title(w["display_name"]) for w in works}
    absent = [
        q for path in seed_listings for q in read_input(str(path)) if q.kind == "title" and normalise_title(q.value) not in corpus_titles
    ]
    cases += [
        Case(Query("title", q.value, "labelled", q.year, abstract=q.abstract), "", "absent")
        for q in rng.sample(absent, min(sample // 2, len(absent)))
    ]
    return works, cases


@dataclass
class Scores:
    accepted: int
    correct: int
    positives: int
    by_variant: dict[str, tuple[int, int, int]]  # variant → (cases, accepted, correct)

    @property
    def precision(self) -> float:
        return self.correct / self.accepted if self.accepted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.positives if self.positives else 0.0


def score(cases: list[Case], found: list[str]) -> Scores:
    """Precision of accepted matches and recall over the positives; `found` is the node each case resolved to
    ("" when none)."""
    by_variant: dict[str, list[int]] = {}
    accepted = correct = 0
    for case, node in zip(cases, found, strict=True):
        row = by_variant.setdefault(case.variant, [0, 0, 0])
        row[0] += 1
        if node:
            accepted += 1
            row[1] += 1
            if node == case.truth:
                correct += 1
                row[2] += 1
    positives = sum(1 for c in cases if c.truth)
    return Scores(accepted, correct, positives, {k: tuple(v) for k, v in by_variant.items()})
