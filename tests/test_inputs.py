"""Input detection and parsing: identifier forms, real reading listings, BibTeX/RIS/CSV, bad files."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphx.errors import InputError
from graphx.inputs import detect_query, read_input
from graphx.inputs.files import read_file
from graphx.inputs.listing import parse_listing
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    "text, label",
    [
        ("10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
        ("doi:10.1093/MIND/LIX.236.433", "doi:10.1093/mind/lix.236.433"),
        ("https://doi.org/10.1093/mind/LIX.236.433", "doi:10.1093/mind/lix.236.433"),
        ("http://dx.doi.org/10.1038/nature14539.", "doi:10.1038/nature14539"),
        ("2106.09685", "arxiv:2106.09685"),
        ("arXiv:1706.03762v5", "arxiv:1706.03762"),
        ("hep-th/9901001", "arxiv:hep-th/9901001"),
        ("math.AG/0309136v2", "arxiv:math.AG/0309136"),
        ("https://arxiv.org/abs/2106.09685v2", "arxiv:2106.09685"),
        ("https://arxiv.org/pdf/1706.03762.pdf", "arxiv:1706.03762"),
        ("10.48550/arXiv.1706.03762", "arxiv:1706.03762"),
        ("W2741809807", "openalex:W2741809807"),
        ("https://openalex.org/W2741809807", "openalex:W2741809807"),
        ("https://api.openalex.org/works/w2741809807", "openalex:W2741809807"),
        ("2d5673caa9e6af3a7b82a43f19ee920992db07ad", "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"),
        ("CorpusId:14636783", "s2:CorpusId:14636783"),
        (
            "https://www.semanticscholar.org/paper/Computing-Machinery-Turing/2d5673caa9e6af3a7b82a43f19ee920992db07ad",
            "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad",
        ),
        ("Computing machinery and intelligence", "Computing machinery and intelligence"),
    ],
)
def test_every_written_form_of_an_identifier_is_recognised(text, label):
    query = detect_query(text)
    assert query.label == label and not query.problem


@pytest.mark.parametrize("text, problem", [
    ("doi:banana", "not a DOI"),
    ("arXiv:12", "not an arXiv id"),
    ("https://example.com/paper/1", "unknown link form"),
    ("   ", "empty input"),
])
def test_malformed_identifiers_carry_a_problem_instead_of_becoming_title_searches(text, problem):
    assert problem in detect_query(text).problem


@given(st.text(max_size=300))
def test_no_string_crashes_identifier_detection(text):
    query = detect_query(text)
    assert query.kind in {"doi", "arxiv", "openalex", "s2", "title"}


@given(st.text(max_size=2000))
def test_no_text_crashes_the_listing_parser(text):
    for paper in parse_listing(text):
        assert paper.title and paper.abstract


def test_the_sequence_models_listing_yields_its_68_papers_with_titles_and_years():
    papers = parse_listing((SEEDS / "listing-sequence-models.txt").read_text(encoding="utf-8"))
    assert len(papers) == 68
    assert papers[0].title == "ADAPT: Vision-Language Navigation with Modality-Aligned Action Prompts"
    assert papers[0].year == 2022
    assert papers[0].abstract.startswith("Vision-Language Navigation (VLN) is a challenging task")
    assert papers[1].title.startswith("CSTRL: Context-Driven Sequential Transfer Learning") and papers[1].year is None
    assert all(not p.title.startswith(("•", "·", "Subscribe", "Get trending")) for p in papers)


def test_the_scaling_listing_yields_its_82_papers():
    papers = parse_listing((SEEDS / "listing-scaling-and-entropy.txt").read_text(encoding="utf-8"))
    assert len(papers) == 82
    assert (papers[0].title, papers[0].year) == ("Scaling Laws for Autoregressive Generative Modeling", 2020)
    assert papers[-1].title == "PCA-RAG: Principal Component Analysis for Efficient Retrieval-Augmented Generation"


ABSTRACT_A = "We propose a method for sparse attention that scales linearly with sequence length. " * 3
ABSTRACT_B = "Diffusion models generate images by reversing a noising process; we study their scaling. " * 3


@pytest.mark.parametrize("listing", [
    # no blank lines at all
    f"Sparse Attention at Scale\n{ABSTRACT_A}\nDiffusion Scaling\n{ABSTRACT_B}\n",
    # authors line between title and abstract, organisation and dates around
    f"ServiceNow-AI\nSparse Attention at Scale\nAda Lovelace, Alan Turing, Grace Hopper\n\n{ABSTRACT_A}\n\nJun 16 2\n\n"
    f"Diffusion Scaling\nA. Author, B. Author and C. Author\n{ABSTRACT_B}\n· Oct 30, 2021\n",
    # windows line endings and trailing spaces, upvote counts
    f"Sparse Attention at Scale  \r\n\r\n{ABSTRACT_A}\r\n\r\n  • 3 authors\r\n·\r\n12\r\nDiffusion Scaling\r\n\r\n{ABSTRACT_B}\r\n",
])
def test_listings_of_other_shapes_parse_by_structure(listing):
    papers = parse_listing(listing)
    assert [p.title for p in papers] == ["Sparse Attention at Scale", "Diffusion Scaling"]


def test_a_listing_without_abstracts_is_read_as_one_title_or_id_a_line(tmp_path):
    path = tmp_path / "titles.txt"
    path.write_text(
        "# my reading list\nAttention is all you need\n\n10.1093/mind/lix.236.433\narXiv:2106.09685\nJun 16\n", encoding="utf-8"
    )
    assert [q.label for q in read_file(path)] == ["Attention is all you need", "doi:10.1093/mind/lix.236.433", "arxiv:2106.09685"]


BIBTEX = r"""
@article{turing1950,
  title = {Computing Machinery and Intelligence},
  author = {Turing, Alan M.},
  journal = {Mind}, year = {1950}, doi = {10.1093/mind/LIX.236.433}
}
@misc{vaswani2017,
  title = {Attention Is All You Need}, author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017}, eprint = {1706.03762}, archivePrefix = {arXiv}
}
@inproceedings{goedel,
  title = {{\"U}ber formal unentscheidbare S{\"a}tze}, author = {G{\"o}del, Kurt}, year = 1931
}
"""


def test_bibtex_entries_become_doi_arxiv_and_title_queries_with_latex_decoded(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(BIBTEX, encoding="utf-8")
    queries = read_file(path)
    assert [q.label for q in queries] == ["doi:10.1093/mind/lix.236.433", "arxiv:1706.03762", "Über formal unentscheidbare Sätze"]
    assert (queries[2].year, queries[2].first_author) == (1931, "Gödel, Kurt")


RIS = """TY  - JOUR
TI  - Computing Machinery and Intelligence
AU  - Turing, Alan
PY  - 1950
DO  - 10.1093/mind/LIX.236.433
ER  - 

TY  - JOUR
TI  - An Unsolvable Problem of Elementary Number Theory
AU  - Church, Alonzo
PY  - 1936
ER  - 
"""


def test_ris_records_become_queries(tmp_path):
    path = tmp_path / "export.ris"
    path.write_text(RIS, encoding="utf-8")
    queries = read_file(path)
    assert [q.label for q in queries] == ["doi:10.1093/mind/lix.236.433", "An Unsolvable Problem of Elementary Number Theory"]
    assert queries[1].year == 1936


def test_a_zotero_csv_export_is_read_by_its_own_column_names(tmp_path):
    path = tmp_path / "zotero.csv"
    path.write_text('"Key","Item Type","Publication Year","Author","Title","DOI","Url"\n'
                    '"AB12","journalArticle","1950","Turing, A. M.","Computing Machinery and Intelligence","10.1093/mind/LIX.236.433",""\n'
                    '"CD34","preprint","2017","Vaswani, Ashish; Shazeer, Noam","Attention Is All You Need","","https://arxiv.org/abs/1706.03762"\n'
                    '"EF56","book","1936","Church, Alonzo","An Unsolvable Problem of Elementary Number Theory","",""\n', encoding="utf-8")
    assert [q.label for q in read_file(path)] == [
        "doi:10.1093/mind/lix.236.433",
        "arxiv:1706.03762",
        "An Unsolvable Problem of Elementary Number Theory",
    ]


def test_a_tsv_with_lowercase_columns_is_read(tmp_path):
    path = tmp_path / "papers.tsv"
    path.write_text("doi\ttitle\n10.1093/mind/lix.236.433\tx\n\tSome Title\n", encoding="utf-8")
    assert [q.label for q in read_file(path)] == ["doi:10.1093/mind/lix.236.433", "Some Title"]


def test_utf16_and_bom_files_are_read(tmp_path):
    utf16 = tmp_path / "list16.txt"
    utf16.write_bytes("10.1093/mind/lix.236.433\nZürich papers\n".encode("utf-16"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeff10.1093/mind/lix.236.433\n".encode())
    assert [q.label for q in read_file(utf16)] == ["doi:10.1093/mind/lix.236.433", "Zürich papers"]
    assert [q.label for q in read_file(bom)] == ["doi:10.1093/mind/lix.236.433"]


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty file"),
    ("blank.bib", b"\n\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    ("undecodable.txt", b"G\x81del \x9d", "not UTF-8, UTF-16 or Windows-1252 text"),
    ("broken.bib", b"@article{x, title = {unclosed", "malformed BibTeX"),
    ("nothing.csv", b"name,colour\nx,red\n", "no doi, arxiv, openalex, s2 or title column"),
])
def test_bad_files_are_refused_with_one_line_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        read_input(str(path))
    assert name in str(error.value) and "\n" not in str(error.value)


def test_a_missing_file_with_a_file_extension_is_an_error_not_a_title(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "missing.bib"))
