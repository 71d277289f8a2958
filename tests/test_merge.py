"""Merging: one Paper per real work across sources — shared ids first, then title and year — by stated rules."""
from __future__ import annotations

from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from graphx import merge
from graphx.graph import build_graph
from graphx.merge import merge_papers
from graphx.model import Paper


def test_the_same_work_from_openalex_and_s2_merges_into_one_node_with_both_sources():
    openalex = Paper(id="W1", openalex="W1", doi="10.1/x", title="Attention", references=["W2"], sources=["openalex"], is_seed=True)
    s2 = Paper(id="s2:aa", s2="aa", doi="10.1/x", title="Attention", abstract="We propose", references=["s2:bb"], sources=["s2"])
    cited_oa = Paper(id="W2", openalex="W2", doi="10.1/y", title="Cited", sources=["openalex"])
    cited_s2 = Paper(id="s2:bb", s2="bb", doi="10.1/Y".lower(), title="Cited", sources=["s2"])
    merged = merge_papers([openalex, s2, cited_oa, cited_s2])
    assert [p.id for p in merged] == ["W1", "W2"]
    assert merged[0].abstract == "We propose" and merged[0].sources == ["openalex", "s2"] and merged[0].s2 == "aa"
    assert merged[0].references == ["W2"]


def test_records_without_shared_ids_merge_on_title_and_year():
    a = Paper(id="s2:a", s2="a", title="Deep Residual Learning", year=2016)
    b = Paper(id="doi:10.1/r", doi="10.1/r", title="Deep residual learning.", year=2016)
    c = Paper(id="s2:c", s2="c", title="Deep residual learning", year=2019)
    assert len(merge_papers([a, b, c])) == 2


def test_one_paper_seen_by_three_sources_with_conflicting_metadata_merges_by_stated_rules():
    """OpenAlex's title and year win, the longest abstract wins, references and sources are united, and the
    edge to a cited work remembers every source that reported it."""
    openalex = Paper(id="W1", openalex="W1", doi="10.1145/3637866", title="Now, Later, and Lasting", year=2024,
                     references=["W9"], reference_count=40, sources=["openalex"], is_seed=True)
    crossref = Paper(id="doi:10.1145/3637866", doi="10.1145/3637866", title="Now, later and lasting: ten priorities",
                     year=2025, abstract="Short.", references=["doi:10.1093/mind/lix.236.433"], reference_count=42,
                     versions=["doi:10.48550/arxiv.2404.04750"], sources=["crossref"])
    arxiv = Paper(id="arxiv:2404.04750", arxiv="2404.04750", doi="10.1145/3637866", title="Now, Later, and Lasting (v3)",
                  year=2023, abstract="A much longer abstract from the preprint.", sources=["arxiv"])
    cited = Paper(
        id="W9", openalex="W9", doi="10.1093/mind/lix.236.433", title="Computing Machinery and Intelligence", sources=["openalex"]
    )
    [paper, turing] = merge_papers([crossref, arxiv, openalex, cited])
    assert (paper.id, paper.title, paper.year) == ("W1", "Now, Later, and Lasting", 2024)
    assert paper.abstract == "A much longer abstract from the preprint." and paper.arxiv == "2404.04750"
    assert paper.sources == ["openalex", "crossref", "arxiv"] and paper.reference_count == 42
    assert paper.references == ["W9"] and paper.reference_sources == {"W9": ["openalex", "crossref"]}
    assert paper.versions == ["doi:10.48550/arxiv.2404.04750"]
    graph = build_graph([paper, turing])
    assert graph.edges["W1", "W9", "cites"]["sources"] == "openalex; crossref"
    assert graph.nodes["W1"]["reference_coverage"] == round(1 / 42, 3)


def test_two_works_with_a_common_short_title_stay_apart():
    a = Paper(id="doi:10.1000/a", doi="10.1000/a", title="Introduction", year=2020, authors=["A Smith"], sources=["crossref"])
    b = Paper(id="doi:10.1000/b", doi="10.1000/b", title="Introduction", year=2020, authors=["A Smith"], sources=["crossref"])
    assert len(merge_papers([a, b])) == 2


_texts = st.sampled_from(["", "Attention Is All You Need", "Ünïcode títle with accents"])
_records = st.builds(
    Paper,
    id=st.sampled_from(["W1", "s2:ab12", "doi:10.1/x", "arxiv:2101.00001"]),
    title=_texts, year=st.sampled_from([None, 2017]), venue=_texts,
    doi=st.sampled_from(["", "10.1/x", "10.48550/arxiv.2101.00001"]), arxiv=st.sampled_from(["", "2101.00001"]),
    openalex=st.sampled_from(["", "W1", "W2"]), s2=st.sampled_from(["", "ab12"]), abstract=_texts,
    authors=st.lists(st.sampled_from(["Ada Lovelace", "A. Turing"]), max_size=2),
    keywords=st.lists(st.sampled_from(["graphs", "citations"]), max_size=3),
    cited_by_count=st.sampled_from([None, 0, 12]), reference_count=st.sampled_from([None, 3]),
    references=st.lists(st.sampled_from(["W5", "W6", "doi:10.2/y", "s2:cd34"]), max_size=4),
    sources=st.lists(st.sampled_from(["openalex", "s2", "crossref", "arxiv"]), min_size=1, max_size=3, unique=True),
    versions=st.lists(st.sampled_from(["doi:10.1/x", "arxiv:2101.00001", "openalex:W9"]), max_size=3),
    reference_sources=st.dictionaries(st.sampled_from(["W5", "doi:10.2/y"]), st.sampled_from([["s2"], ["crossref", "s2"]]), max_size=2),
    is_seed=st.booleans(),
)


@given(_records)
def test_a_work_only_one_record_describes_merges_exactly_as_the_general_rules_would(record):
    # The shortcut for lone records (most of a build) must not change a single field.
    assert asdict(merge._alone(record)) == asdict(merge._combine_many([record]))
