"""Many records → one Paper per real work, whichever sources described it.

Records are one work when they share any identifier (OpenAlex, DOI, arXiv, S2, PubMed), when one names the
other as a version of itself (arXiv's published DOI, Crossref's has-preprint / is-preprint-of), or when
their normalised titles agree with the year or the first author's surname (titles of three words or more:
"Introduction" 2020 is not one work). A preprint and its published article so become one node, which keeps
the other identifiers in `versions`.

Fields come from the best record that has them (OpenAlex, then S2, Crossref, arXiv; the longest abstract;
the published DOI over arXiv's), references are the union of every source's, rewritten to the merged node
ids, and each reference remembers which sources reported it (`reference_sources`).
"""
from __future__ import annotations

import copy
from collections.abc import Iterable

from graphx.model import Paper, normalise_title

SOURCE_ORDER = {"openalex": 0, "s2": 1, "crossref": 2, "arxiv": 3, "opencitations": 4, "input": 9}
MIN_TITLE_WORDS = 3


def surname(author: str) -> str:
    """The last word of a name, normalised: "Alan M. Turing" and "A. Turing" both give "turing"."""
    words = normalise_title(author.split(",")[0] if "," in author else author).split()
    return words[-1] if words else ""


def _keys(paper: Paper) -> list[str]:
    keys = paper.identifiers() + [v for v in paper.versions if v]
    title = normalise_title(paper.title)
    if len(title.split()) >= MIN_TITLE_WORDS:
        if paper.year:
            keys.append(f"title:{title}:{paper.year}")
        if paper.authors and (name := surname(paper.authors[0])):
            keys.append(f"title:{title}:by:{name}")
    return keys


def merge_papers(papers: list[Paper]) -> list[Paper]:
    """Merge records of the same work; order follows each work's first appearance.

    >>> a = Paper(id="W1", doi="10.1000/x", title="A", openalex="W1", references=["s2:b"], sources=["openalex"])
    >>> b = Paper(id="s2:a", doi="10.1000/x", s2="a", abstract="text", references=["s2:b"], sources=["s2"])
    >>> c = Paper(id="s2:b", s2="b", title="B", sources=["s2"])
    >>> [(p.id, p.abstract, p.references, p.sources) for p in merge_papers([a, b, c])]
    [('W1', 'text', ['s2:b'], ['openalex', 's2']), ('s2:b', '', [], ['s2'])]
    >>> merge_papers([a, b, c])[0].reference_sources
    {'s2:b': ['openalex', 's2']}
    """
    return merge_with_aliases(papers)[0]


def merge_with_aliases(papers: list[Paper]) -> tuple[list[Paper], dict[str, str]]:
    """The merged papers, and every record id and identifier mapped to the id of the node it became."""
    parent = list(range(len(papers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, paper in enumerate(papers):
        for key in _keys(paper):
            if key in owner:
                parent[find(index)] = find(owner[key])
            else:
                owner[key] = index
    groups: dict[int, list[Paper]] = {}
    for index, paper in enumerate(papers):
        groups.setdefault(find(index), []).append(paper)
    merged = [_combine(group) for group in groups.values()]
    alias: dict[str, str] = {}
    for source_group, paper in zip(groups.values(), merged, strict=True):
        for record in source_group:
            alias[record.id] = paper.id
            for key in record.identifiers() + record.versions:
                alias[key] = paper.id
            if record.openalex:
                alias[record.openalex] = paper.id
    for paper in merged:
        by_reference: dict[str, list[str]] = {}
        for reference, sources in paper.reference_sources.items():
            target = alias.get(reference, reference)
            if target != paper.id:
                known = by_reference.get(target)
                by_reference[target] = sources if known is None else _union(known, sources)
        paper.references = list(by_reference)
        paper.reference_sources = {r: s if len(s) == 1 else sorted(s, key=_source_rank) for r, s in by_reference.items()}
    return merged, alias


def _source_rank(name: str) -> int:
    return SOURCE_ORDER.get(name, 5)


def _union(known: list[str] | None, sources: list[str]) -> list[str]:
    """The sources in `known`, then those of `sources` it lacks.

    Runs once per citation (millions on a big build), so the lists are shared between references and never
    changed in place: a union that adds something is a new list.

    >>> _union(None, ["s2"]), _union(["openalex"], ["s2", "openalex"])
    (['s2'], ['openalex', 's2'])
    """
    if known is None or known is sources:
        return sources
    missing = [s for s in sources if s not in known]
    return known + missing if missing else known


def _rank(record: Paper) -> int:
    return min((SOURCE_ORDER.get(s, 5) for s in record.sources), default=5)


# the values a field falls back to when a record leaves it empty ("" or None), as a new Paper has them
_DEFAULTS = {
    name: getattr(Paper(id=""), name)
    for name in ("title", "year", "venue", "arxiv", "openalex", "s2", "pmid", "url", "cited_by_count", "doi")
}


def _alone(record: Paper) -> Paper:
    """What `_combine` makes of a work only one record describes (most works of a build), without the
    field-by-field search: a copy whose references are credited to the record's sources."""
    merged = copy.copy(record)
    merged.id = record.openalex or record.id
    for name, default in _DEFAULTS.items():
        if getattr(record, name) in ("", None):
            setattr(merged, name, default)
    merged.openalex = merged.id if merged.id.startswith("W") else merged.openalex
    merged.keywords = distinct_keywords(record.keywords)
    merged.sources = sorted(set(record.sources), key=_source_rank)
    own = record.reference_sources
    merged.reference_sources = (
        {r: own.get(r) or record.sources for r in record.references} if own else dict.fromkeys(record.references, record.sources)
    )
    merged.references = list(merged.reference_sources)
    ids = {f"doi:{merged.doi}", f"openalex:{merged.openalex}", f"arxiv:{merged.arxiv}"}
    merged.versions = [v for v in dict.fromkeys(record.versions) if v not in ids]
    if merged.openalex:
        merged.url = f"https://openalex.org/{merged.openalex}"
    return merged


def distinct_keywords(keywords: Iterable[str]) -> list[str]:
    """Keywords and fields of study once each, whatever their case, in the first spelling a source gave
    (OpenAlex's "Medicine" and another source's "medicine" are one keyword).

    >>> distinct_keywords(["Medicine", "Computer Science", "medicine", "Deep learning", "Deep Learning"])
    ['Medicine', 'Computer Science', 'Deep learning']
    """
    first: dict[str, str] = {}
    for keyword in keywords:
        first.setdefault(keyword.casefold(), keyword)
    return list(first.values())


def _combine(records: list[Paper]) -> Paper:
    return _alone(records[0]) if len(records) == 1 else _combine_many(records)


def _combine_many(records: list[Paper]) -> Paper:
    records = sorted(records, key=_rank)
    published_first = sorted(records, key=lambda r: (r.doi.startswith("10.48550/") or not r.doi, _rank(r)))
    merged = Paper(id=next((r.openalex for r in published_first if r.openalex), records[0].id))
    for name in ("title", "year", "venue", "arxiv", "openalex", "s2", "pmid", "url", "cited_by_count"):
        setattr(merged, name, next((getattr(r, name) for r in records if getattr(r, name) not in ("", None)), getattr(merged, name)))
    merged.doi = next((r.doi for r in published_first if r.doi), "")
    # volume, issue and pages from a record naming the same venue: another venue's numbers would misplace the work
    venue = normalise_title(merged.venue)
    placed = next((r for r in records if (r.volume or r.issue or r.pages) and normalise_title(r.venue) == venue), None)
    if placed is not None:
        merged.volume, merged.issue, merged.pages = placed.volume, placed.issue, placed.pages
    merged.openalex = merged.id if merged.id.startswith("W") else merged.openalex
    merged.authors = next((r.authors for r in records if r.authors), [])
    merged.abstract = max((r.abstract for r in records), key=len)
    merged.keywords = distinct_keywords(k for r in records for k in r.keywords)
    merged.reference_count = max((r.reference_count for r in records if r.reference_count is not None), default=None)
    merged.is_seed = any(r.is_seed for r in records)
    merged.sources = sorted({s for r in records for s in r.sources}, key=lambda s: SOURCE_ORDER.get(s, 5))
    reference_sources: dict[str, list[str]] = {}
    for record in records:
        own, default = record.reference_sources, record.sources
        if not reference_sources and not own:  # the usual case, one record reporting each reference itself
            reference_sources = dict.fromkeys(record.references, default)
            continue
        for reference in record.references:
            reference_sources[reference] = _union(reference_sources.get(reference), own.get(reference) or default)
    merged.reference_sources = reference_sources
    merged.references = list(reference_sources)
    own = {f"doi:{merged.doi}", f"openalex:{merged.openalex}", f"arxiv:{merged.arxiv}"}
    others = [f"doi:{r.doi}" for r in records if r.doi] + [f"openalex:{r.openalex}" for r in records if r.openalex]
    others += [v for r in records for v in r.versions]
    merged.versions = [v for v in dict.fromkeys(others) if v not in own]
    if merged.openalex:
        merged.url = f"https://openalex.org/{merged.openalex}"
    return merged

