"""Judging a title search's candidates: is this record the work the input names? Pure functions, no I/O.

A candidate is taken when its title is close to the input's (token-sort similarity, years within one), no word
of substance differs (typos and plurals aside), and nothing else the input gave disagrees: the first author,
the abstract, and for a short title some agreement beyond the title. A wrong match is worse than none, so a
candidate that passes beside a different work with an equally close title is refused as ambiguous.
"""
from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from graphx.model import Paper, Query, normalise_title

TITLE_ACCEPT = 92.0  # token-sort similarity (0-100) a candidate title needs
YEAR_TOLERANCE = 1  # preprint and published versions are often a year apart
ABSTRACT_AGREE = 50.0  # token-set similarity two abstracts of one work keep
ABSTRACT_SAME = 85.0  # token-set similarity that says two abstracts are one text (a short title may rest on it)
SHORT_TITLE_WORDS = 3  # titles shorter than this need the year, an author or the abstract to agree too


def title_score(query: Query, title: str, year: int | None) -> float:
    """Similarity of a candidate to a title query, 0-100; 0 when the years disagree by more than a year.

    >>> q = Query("title", "Attention is all you need", year=2017)
    >>> title_score(q, "Attention Is All You Need", 2017)
    100.0
    >>> title_score(q, "Attention Is All You Need", 2010)
    0.0
    """
    score = fuzz.token_sort_ratio(normalise_title(query.value), normalise_title(title))
    if query.year and year and abs(query.year - year) > YEAR_TOLERANCE:
        return 0.0
    return float(score)


def _name_words(name: str) -> set[str]:
    return {w for w in normalise_title(name).split() if len(w) > 1}


_MINOR_WORDS = frozenset("a an the of and or for in on to with by from at as is are via".split())


def _near(word: str, other: str) -> bool:
    """One word written as another: one edit apart (a swap of two neighbours counts as one: a typo, a
    plural), two for long words; "leading" and "learning" are two edits apart, and different words."""
    return OSA.distance(word, other, score_cutoff=2) <= (2 if len(word) >= 9 else 1)


def unmatched_words(title: str, other: str) -> list[str]:
    """Words of either title with no close counterpart in the other (typos, plurals and small words aside):
    "Computing machinery and intelligence" and "Computing machinery and emotion" differ in substance, not
    in spelling, and a near-identical title is no reason to accept a different work.

    >>> unmatched_words("Computing machinery and inteligence", "Computing Machinery and Intelligence")
    []
    >>> unmatched_words("Computing machinery and emotion", "Computing machinery and intelligence")
    ['emotion', 'intelligence']
    >>> unmatched_words("knowledge based leading", "knowledge based learning")
    ['leading', 'learning']
    """
    a, b = normalise_title(title).split(), normalise_title(other).split()
    missing = []
    for words, others in ((a, b), (b, a)):
        for word in words:
            if word in others or word in _MINOR_WORDS:
                continue
            if not any(_near(word, o) for o in others if abs(len(o) - len(word)) <= 2):
                missing.append(word)
    return missing


def abstract_agreement(given: str, found: str) -> float | None:
    """How far two abstracts agree (token-set similarity, 0-100, on their first 1,500 characters), or None
    when either is too short to say (under 100 characters).

    >>> text = "We propose feasible learning, a sample-centric learning paradigm where models are trained by solving a feasibility problem."
    >>> abstract_agreement(text, text.replace("We propose", "We introduce")) > 90
    True
    >>> abstract_agreement(text, "Short.") is None
    True
    """
    if not given or not found or len(given) <= 100 or len(found) <= 100:
        return None
    return float(fuzz.token_set_ratio(given[:1500].lower(), found[:1500].lower()))


def contradiction(query: Query, candidate: Paper) -> str:
    """Why a candidate with a similar title is still another work, or "" when nothing the input gave
    disagrees: the first author (any word of the name, in any order, among the first five authors),
    the abstract, and, for short titles, some agreement beyond the title.

    >>> q = Query("title", "Computing machinery and intelligence", first_author="Alan Turing")
    >>> contradiction(q, Paper(id="x", title="Computing machinery and intelligence", authors=["A. M. Turing"]))
    ''
    >>> contradiction(q, Paper(id="y", title="Computing Machinery and Intelligence", authors=["John Smith"]))
    'first author Alan Turing is not among its authors'
    """
    if differing := unmatched_words(query.value, candidate.title):
        return f"the titles differ in {', '.join(repr(w) for w in differing[:3])}"
    if query.first_author and candidate.authors:
        wanted = _name_words(query.first_author)
        if wanted and not any(wanted & _name_words(a) for a in candidate.authors[:5]):
            return f"first author {query.first_author} is not among its authors"
    abstracts = abstract_agreement(query.abstract, candidate.abstract)
    if abstracts is not None and abstracts < ABSTRACT_AGREE:
        return "its abstract differs"
    if len(normalise_title(query.value).split()) < SHORT_TITLE_WORDS:
        year_agrees = bool(query.year and candidate.year and abs(query.year - candidate.year) <= YEAR_TOLERANCE)
        abstract_agrees = abstracts is not None and abstracts >= ABSTRACT_SAME
        if not year_agrees and not (query.first_author and candidate.authors) and not abstract_agrees:
            return "title too short to match without a year, an author or the same abstract"
    return ""


def best_candidate(query: Query, candidates: list[Paper]) -> tuple[Paper | None, float, str]:
    """The verified best candidate, its score, and why none was accepted when none was."""
    scored = sorted(((title_score(query, c.title, c.year), c) for c in candidates if c.title), key=lambda sc: -sc[0])
    if not scored:
        return None, 0.0, "no candidates found"
    passing = [(s, c) for s, c in scored if s >= TITLE_ACCEPT]
    if not passing:
        score, paper = scored[0]
        return None, score, f"best candidate {paper.title!r} scored {score:.0f} < {TITLE_ACCEPT:.0f}"
    reasons = {id(c): contradiction(query, c) for _, c in passing}
    agreeing = [(s, c) for s, c in passing if not reasons[id(c)]]
    if not agreeing:
        score, paper = passing[0]
        return None, score, f"{paper.title!r} matches the title but {reasons[id(paper)]}"
    score, paper = agreeing[0]
    rivals = [c for s, c in agreeing[1:] if normalise_title(c.title) != normalise_title(paper.title)]
    if rivals:
        return None, score, f"ambiguous: {paper.title!r} and {rivals[0].title!r} both match"
    return paper, score, ""


def candidates_by_query(queries: list[Query], pool: list[Paper]) -> list[list[Paper]]:
    """For each query, the papers of `pool` whose title passes `TITLE_ACCEPT` against it (one vectorised
    rapidfuzz pass over all pairs), for `best_candidate` to verify."""
    import numpy as np
    from rapidfuzz import process

    unique = list({p.id or id(p): p for p in pool if p.title}.values())
    if not unique or not queries:
        return [[] for _ in queries]
    scores = process.cdist([normalise_title(q.value) for q in queries], [normalise_title(p.title) for p in unique],
                           scorer=fuzz.token_sort_ratio, score_cutoff=TITLE_ACCEPT, dtype=np.uint8)  # (rapidfuzz 3.0 takes no dtype name)
    return [[unique[j] for j in row.nonzero()[0]] for row in scores]
