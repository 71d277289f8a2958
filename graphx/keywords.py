"""Shared-keyword links: papers whose titles, abstracts and keywords share distinctive terms, each link naming them.

TF-IDF vectors (`graphx.tfidf`: stemmed words and two-word phrases, weighted by how rare they are among these
papers and in general English; OpenAlex keywords and topics as whole terms) over title + abstract + keywords.
Which pairs to link adapts to the corpus instead of one fixed cosine floor, which finds nothing in a short
varied listing and everything in a large one of one field:

1. each paper's `top_k` most similar papers are its candidates (`graphx.neighbours`: exact sparse products
   up to 5,000 papers, candidates from a latent-space index scored exactly beyond — never an all-pairs Python
   loop);
2. a candidate stands out only if its similarity is at least `relative` standard deviations above the
   paper's mean similarity to all papers (`graphx.neighbours.similarity_moments`) — a paper that is a little
   like everything stands out to nothing;
   A candidate whose cosine is at least `CLEARLY_ALIKE` needs no standing: where a corpus falls into a
   few tight topics, the spread of each paper's similarities is so wide that nothing stands above it,
   though its own topic's papers share most of their terms with it;
3. the link is kept when it stands out from both ends (mutual nearest neighbours), so a generic paper does
   not become a hub that every other paper links to.

On the labelled topical groups of the two seed listings (``python benchmarks/keyword_groups.py``) this lifts
link precision from 0.36 / 0.49 (a fixed cosine floor) to 0.76 / 0.77 at group recall 0.80 / 0.87.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graphx.model import Paper
from graphx.neighbours import nearest_neighbours, similarity_moments, top_per_row
from graphx.tfidf import tfidf_matrix

RELATIVE = 2.5  # standard deviations above the paper's own mean similarity
CLEARLY_ALIKE = 0.5  # a cosine at which two papers share most of their weighted terms: alike whatever the corpus
TITLE_REPEATS = 3  # a title is dense: its terms say what the paper is about


@dataclass(frozen=True)
class KeywordLink:
    """An undirected link between two papers (source < target by position) with its weight and shared terms."""

    source: str
    target: str
    weight: float
    terms: tuple[str, ...]


def paper_text(paper: Paper) -> str:
    """The text a paper is compared on: title (three times, it is dense), keywords, abstract."""
    return ". ".join([paper.title] * TITLE_REPEATS + ["; ".join(paper.keywords), paper.abstract])


def standing_bar(count: int, relative: float = RELATIVE) -> float:
    """How many standard deviations above its mean a paper's candidate must be among `count` papers.

    One similarity among m others can stand at most sqrt(m - 1) deviations above their mean, so in a tiny
    corpus the bar is lowered to half of that.

    >>> standing_bar(3), standing_bar(12), standing_bar(80)
    (0.5, 1.58, 2.5)
    """
    return round(float(min(relative, 0.5 * np.sqrt(max(count - 2, 0)))), 2)


def keyword_links(papers: list[Paper], top_k: int = 5, min_similarity: float = 0.05, terms_per_link: int = 3,
                  relative: float = RELATIVE, mutual: bool = True) -> list[KeywordLink]:
    """Links between papers sharing distinctive terms, strongest first per paper, de-duplicated.

    A pair is linked when each is among the other's `top_k` most similar papers, at cosine ≥
    `min_similarity` and `relative` standard deviations above that paper's mean similarity (see the module
    notes); ``mutual=False`` keeps pairs that stand out from one end.

    >>> ps = [Paper(id="a", title="graph neural networks for molecules"), Paper(id="b", title="molecules and graph neural networks"),
    ...       Paper(id="c", title="medieval poetry of france")]
    >>> [(l.source, l.target, l.terms) for l in keyword_links(ps)]
    [('a', 'b', ('graph neural', 'neural', 'neural networks'))]
    """
    texts = [paper_text(p) for p in papers]
    if len(papers) < 2 or not any(t.strip() for t in texts):
        return []
    try:
        matrix, vocabulary = tfidf_matrix(texts, [p.keywords for p in papers])
    except ValueError:  # no term is shared by two papers
        return []
    first, second, values = linked_pairs(matrix, top_k, min_similarity, relative, mutual)
    names = [str(term) for term in vocabulary.tolist()]
    # a keyword and a word of the texts may be one name but for case ("Medicine", "medicine"): each is named
    # by the first column of its case-folded name, so a link never lists the same term twice
    folded: dict[str, int] = {}
    same = [folded.setdefault(term.casefold(), column) for column, term in enumerate(names)]
    if len(folded) < len(names):  # a few more asked for, to still name `terms_per_link` after merging
        terms = [list(dict.fromkeys(same[column] for column in named))[:terms_per_link]
                 for named in shared_terms(matrix, first, second, 2 * terms_per_link)]
    else:
        terms = shared_terms(matrix, first, second, terms_per_link)
    name = names.__getitem__
    ids = [paper.id for paper in papers]
    return [KeywordLink(ids[a], ids[b], round(weight, 4), tuple(map(name, named)))
            for a, b, weight, named in zip(first.tolist(), second.tolist(), values.tolist(), terms, strict=True)]


def linked_pairs(matrix: sp.csr_matrix, top_k: int = 5, min_similarity: float = 0.05, relative: float = RELATIVE,
                 mutual: bool = True, clearly_alike: float = CLEARLY_ALIKE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The link rule of `keyword_links` on any rows of unit vectors: (first, second, cosine), first < second.

    Pairs come strongest first; the vectors may be TF-IDF rows or anything else whose dot products are
    similarities (``benchmarks/keyword_embeddings.py`` feeds it a sentence model's vectors, whose cosines run
    higher: `clearly_alike` above 1 turns off the cosine that needs no standing).
    """
    rows, columns, values = nearest_neighbours(matrix, top_k, min_similarity)
    mean, spread = similarity_moments(matrix)
    with np.errstate(divide="ignore", invalid="ignore"):
        standing = np.where(spread[rows] > 0, (values - mean[rows]) / spread[rows], -np.inf)
    keep = (standing >= standing_bar(matrix.shape[0], relative)) | (values >= clearly_alike)
    rows, columns, values = rows[keep], columns[keep], values[keep]
    if mutual:
        count = np.int64(matrix.shape[0])
        chosen = rows.astype(np.int64) * count + columns
        keep = np.isin(columns.astype(np.int64) * count + rows, chosen)
        rows, columns, values = rows[keep], columns[keep], values[keep]
    first, second = np.minimum(rows, columns), np.maximum(rows, columns)
    order = np.lexsort((-values, second, first))  # each pair once, at its larger similarity
    first, second, values = first[order], second[order], values[order]
    unique = np.ones(len(first), dtype=bool)
    unique[1:] = (first[1:] != first[:-1]) | (second[1:] != second[:-1])
    first, second, values = first[unique], second[unique], values[unique]
    strongest = np.lexsort((second, first, -values))
    first, second, values = first[strongest], second[strongest], values[strongest]
    return first, second, values


def shared_terms(matrix: sp.csr_matrix, first: np.ndarray, second: np.ndarray, count: int, chunk: int = 100_000) -> list[list[int]]:
    """For each pair of rows, the columns (terms) both carry, strongest product first, at most `count`.

    Vectorised over all pairs at once (an element-wise product of the gathered rows, then one sort), since a
    per-pair loop costs ~75 µs a link and large graphs have hundreds of thousands of links.

    >>> m = sp.csr_matrix(np.array([[0.1, 0.5, 0.2], [0.9, 0.4, 0.0]]))
    >>> shared_terms(m, np.array([0]), np.array([1]), 2)
    [[1, 0]]
    """
    named: list[list[int]] = []
    for start in range(0, len(first), chunk):
        product = matrix[first[start:start + chunk]].multiply(matrix[second[start:start + chunk]]).tocoo()
        keep = product.data > 0
        rows, columns, _ = top_per_row(product.row[keep], product.col[keep], product.data[keep], count)
        starts = np.searchsorted(rows, np.arange(min(chunk, len(first) - start) + 1))
        columns = columns.tolist()
        named += [columns[lo:hi] for lo, hi in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True)]
    return named
