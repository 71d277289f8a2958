"""Judging a title search's candidates: close titles of the right year are taken, far or wrong-year ones refused
with the score in the reason. (The whole resolution on real listings: tests/test_title_resolution.py.)"""
from __future__ import annotations

from graphx.judge import best_candidate, title_score
from graphx.model import Paper, Query


def test_title_verification_accepts_close_titles_and_refuses_far_or_wrong_year_ones():
    query = Query("title", "Attention is all you need", year=2017)
    good = Paper(id="W1", title="Attention Is All You Need.", year=2017)
    wrong_year = Paper(id="W2", title="Attention is all you need", year=2003)
    far = Paper(id="W3", title="Attention is not all you need for vision", year=2017)
    assert title_score(query, good.title, good.year) == 100
    assert best_candidate(query, [far, wrong_year, good])[0] is good
    paper, score, reason = best_candidate(query, [far, wrong_year])
    assert paper is None and "scored" in reason
