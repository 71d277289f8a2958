"""Identifiers as people paste them: wrapped in punctuation, followed by a full stop, carrying invisible
characters; special files and empty arguments; values that would rewrite an API filter; junk PMIDs. Each is
recognised as what it is, or refused on its own with a reason — never searched as a title, never breaking the
batch it travels in, never merging works that are not one."""
from __future__ import annotations

import io
import os
from dataclasses import replace
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphx.build import build
from graphx.errors import InputError
from graphx.inputs import read_input
from graphx.inputs.ids import detect_query
from graphx.sources.openalex import parse_work
from tests.conftest import SEEDS
from tests.support.openalex import openalex_handler, work
from tests.support.server import StandIn

IDENTIFIERS = ["10.1093/mind/lix.236.433", "https://doi.org/10.1145/3292500.3330701", "W2741809807", "arXiv:1706.03762",
               "https://arxiv.org/abs/2106.09685v2", "PMID: 31983780", "CorpusId:14636783", "hep-th/9901001",
               "0f40b1f08821e22e859c6050916cec3667778613", "doi:10.1007/s11192-019-03217-6"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u00ad", "\u202a", "\u00a0", "\t"]
WRAPS = [("(", ")"), ("[", "]"), ('"', '"'), ("<", ">"), ("'", "'"), ("\u201c", "\u201d"), ("{", "}")]


@st.composite
def pasted(draw) -> tuple[str, str]:
    """An identifier as pasted: invisible characters anywhere at its edges and inside its prefix-free body,
    wrapped once or twice, followed by a full stop or a semicolon."""
    identifier = draw(st.sampled_from(IDENTIFIERS))
    text = identifier
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.sampled_from([0, len(text)]))
        text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(INVISIBLE[:8])) + text[at:]  # zero-width, anywhere
    for _ in range(draw(st.integers(0, 2))):
        left, right = draw(st.sampled_from(WRAPS))
        text = left + text + right
    text += draw(st.sampled_from(["", ".", ";", ","]))
    return identifier, text


@settings(max_examples=400, deadline=None)
@given(pasted())
def test_wrapping_punctuation_and_invisible_characters_do_not_change_what_an_identifier_is(case):
    identifier, text = case
    expected = detect_query(identifier)
    found = detect_query(text)
    assert (found.kind, found.value, found.problem) == (expected.kind, expected.value, ""), text


def test_two_wrapped_doi_links_stay_two_inputs(tmp_path):
    inputs = ["<https://doi.org/10.1234/aaaa>", "<https://doi.org/10.1234/bbbb>", "(10.1234/aaaa)."]
    result = build(inputs, cache_dir=tmp_path / "cache", offline=True, sources=("openalex",))
    assert [(r.input, r.status) for r in result.resolutions] == [
        ("doi:10.1234/aaaa", "unresolved"), ("doi:10.1234/bbbb", "unresolved"), ("doi:10.1234/aaaa", "duplicate")]


def test_a_zero_width_space_after_a_doi_is_not_kept():
    assert detect_query("10.1093/mind/lix.236.433\u200b").value == "10.1093/mind/lix.236.433"


def test_special_files_are_refused_and_standard_input_is_read_with_a_dash(tmp_path):
    fifo = tmp_path / "list.fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a named pipe \\(FIFO\\), not a regular file; .* give - as the input"):
        read_input(str(fifo))
    with pytest.raises(InputError, match="/dev/zero: is a device, not a regular file"):
        read_input("/dev/zero")
    seeds = (SEEDS / "listing-sequence-models.txt").read_bytes()
    from_stdin = read_input("-", stdin=io.BytesIO(seeds))
    assert from_stdin and all(q.origin.startswith("stdin") for q in from_stdin)


def test_an_empty_argument_is_reported_as_empty_and_a_mistyped_file_as_missing():
    [empty] = read_input("")
    assert empty.problem == "empty argument ('')"
    with pytest.raises(InputError, match="seeds.lst: no such file"):
        read_input("seeds.lst")
    assert read_input("Attention is all you need.")[0].kind == "title"


def test_a_doi_that_would_extend_the_filter_is_refused_alone_and_the_batch_resolves(fast_options, tmp_path):
    works = [work(n, f"Paper {n}", 2000 + n, doi=f"10.5555/p{n}") for n in range(1, 21)]
    entries = [f"@article{{p{n}, title={{Paper {n}}}, doi={{10.5555/p{n}}}}}" for n in range(1, 20)]
    entries.append("@article{bad, doi={10.5555/x,doi:10.5555/p20}}")
    entries.append("@article{comma, title={Paper 20}, doi={10.5555/p20,a}}")
    library = tmp_path / "library.bib"
    library.write_text("\n".join(entries), encoding="utf-8")
    with StandIn(openalex_handler(works)) as server:
        result = build([str(library)], replace(fast_options, openalex_url=server.url))
        filters = [r.query.get("filter", "") for r in server.requests]
    rows = {r.origin.split(":")[0] + ":" + str(i): r for i, r in enumerate(result.resolutions)}
    assert sum(r.status == "resolved" for r in result.resolutions) == 19
    bad = result.resolutions[19]
    assert bad.status == "unresolved" and "would extend a search filter" in bad.reason
    assert all(",doi:" not in f and "p20,a" not in f for f in filters)
    assert any(unquote(r.path) == "/works/doi:10.5555/p20,a" for r in server.requests), "a DOI with a comma is asked alone"
    assert rows and result.complete


def test_junk_pmids_are_dropped_so_they_cannot_merge_works(fast_options):
    works = [work(n, f"Different paper {n}", 2000, doi=f"10.5555/j{n}") for n in range(1, 6)]
    for w in works:
        w["ids"]["pmid"] = "https://pubmed.ncbi.nlm.nih.gov/0"
    assert {parse_work(w).pmid for w in works} == {""}
    with StandIn(openalex_handler(works)) as server:
        result = build([f"10.5555/j{n}" for n in range(1, 6)], replace(fast_options, openalex_url=server.url))
    assert result.graph.number_of_nodes() == 5
    assert detect_query("PMID: 0").kind == "title"
