"""Many records → one Paper per real work: records sharing any identifier (OpenAlex, DOI, arXiv, S2), or the
same normalised title and year, are one work. Fields are filled from the first record that has them
(OpenAlex first), lists are united, and reference ids are rewritten to the merged node ids.
"""
from __future__ import annotations

from graphx.model import Paper, normalise_title

SOURCE_ORDER = {"openalex": 0, "s2": 1, "crossref": 2, "arxiv": 3, "input": 9}


def _keys(paper: Paper) -> list[str]:
    keys = paper.identifiers()
    if paper.title and paper.year:
        keys.append(f"title:{normalise_title(paper.title)}:{paper.year}")
    return keys


def merge_papers(papers: list[Paper]) -> list[Paper]:
    """Merge records of the same work; order follows each work's first appearance.

    >>> a = Paper(id="W1", doi="10.1/x", title="A", openalex="W1", references=["s2:b"], sources=["openalex"])
    >>> b = Paper(id="s2:a", doi="10.1/x", s2="a", abstract="text", sources=["s2"])
    >>> c = Paper(id="s2:b", s2="b", title="B", sources=["s2"])
    >>> [(p.id, p.abstract, p.references, p.sources) for p in merge_papers([a, b, c])]
    [('W1', 'text', ['s2:b'], ['openalex', 's2']), ('s2:b', '', [], ['s2'])]
    """
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
    alias = {}
    for source_group, paper in zip(groups.values(), merged):
        for record in source_group:
            alias[record.id] = paper.id
            for key in record.identifiers():
                alias[key] = paper.id
            if record.openalex:
                alias[record.openalex] = paper.id
    for paper in merged:
        paper.references = list(dict.fromkeys(alias.get(r, r) for r in paper.references if alias.get(r, r) != paper.id))
    return merged


def _combine(records: list[Paper]) -> Paper:
    records = sorted(records, key=lambda p: min((SOURCE_ORDER.get(s, 5) for s in p.sources), default=5))
    first = records[0]
    merged = Paper(id=next((r.openalex for r in records if r.openalex), first.id))
    for name in ("title", "year", "venue", "doi", "arxiv", "openalex", "s2", "url", "cited_by_count"):
        setattr(merged, name, next((getattr(r, name) for r in records if getattr(r, name) not in ("", None)), getattr(merged, name)))
    merged.authors = next((r.authors for r in records if r.authors), [])
    merged.abstract = max((r.abstract for r in records), key=len)
    merged.keywords = list(dict.fromkeys(k for r in records for k in r.keywords))
    merged.references = list(dict.fromkeys(ref for r in records for ref in r.references))
    merged.is_seed = any(r.is_seed for r in records)
    merged.sources = sorted({s for r in records for s in r.sources}, key=lambda s: SOURCE_ORDER.get(s, 5))
    if merged.openalex:
        merged.url = f"https://openalex.org/{merged.openalex}"
    return merged
