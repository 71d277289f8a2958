"""The literature connector: how two papers are linked through citations, as Inciteful's connector shows.

Shortest paths over citations taken in either direction, each step saying which way it goes:
"A —cites→ B ←cites— C" reads "A cites B, and C cites B".
"""
from __future__ import annotations

import itertools

import networkx as nx

from graphx.errors import InputError
from graphx.graph import citation_graph
from graphx.model import normalise_doi, normalise_title


def find_papers(graph: nx.MultiDiGraph, text: str) -> list[str]:
    """Every node `text` can name, the one to take first: its id, DOI or arXiv id (one node); else the papers
    whose title is exactly `text`; else those whose title holds each of its words, in any order (a word matches
    a title's word it begins, so "machine" finds "machines"), case and accents folded. Most central first
    (PageRank). An InputError when nothing matches.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("W1", title="Computing Machinery and Intelligence", pagerank=0.3)
    >>> g.add_node("W2", title="Can I say, now machines can think?", pagerank=0.01)
    >>> g.add_node("W3", title="Can machines think? A reply", pagerank=0.02)
    >>> find_papers(g, "computing machinery"), find_papers(g, "can machines think"), find_papers(g, "Computing Machinery and Intelligence")
    (['W1'], ['W3', 'W2'], ['W1'])
    """
    wanted = text.strip()
    if wanted in graph:
        return [wanted]
    doi = normalise_doi(wanted)
    phrase = normalise_title(wanted)
    words = phrase.split()
    exact, partial = [], []
    for node, data in graph.nodes(data=True):
        if doi and data.get("doi") == doi or wanted.lower() in {str(data.get("arxiv", "")).lower(), str(data.get("openalex", "")).lower()}:
            return [node]
        title = normalise_title(str(data.get("title", "")))
        if words and title == phrase:
            exact.append(node)
        elif words and all(any(t.startswith(w) for t in title.split()) for w in words):
            partial.append(node)
    matches = exact or partial
    if not matches:
        raise InputError(
            f"{text!r}: no paper in this graph has that id, DOI or title (expected an id like W2741809807, a DOI, or words of a title)"
        )
    return sorted(matches, key=lambda n: (-(graph.nodes[n].get("pagerank") or 0), n))


def find_paper(graph: nx.MultiDiGraph, text: str) -> str:
    """The node `text` names (see `find_papers`): the most central of those it matches.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("W1", title="Attention Is All You Need", doi="10.48550/arxiv.1706.03762", pagerank=0.2)
    >>> find_paper(g, "W1"), find_paper(g, "https://doi.org/10.48550/arXiv.1706.03762"), find_paper(g, "all you need attention")
    ('W1', 'W1', 'W1')
    """
    return find_papers(graph, text)[0]


def choice_text(graph: nx.MultiDiGraph, text: str, matches: list[str]) -> str:
    """One line saying which of several matching papers `text` was taken to name, and how many others matched;
    "" when it named one.

    >>> g = nx.MultiDiGraph([("W1", "W2")])
    >>> g.add_node("W1", title="Can machines think? A reply", year=1990)
    >>> choice_text(g, "machines think", ["W1", "W2"])
    "'machines think': took Can machines think? A reply (1990) [W1], the most central of 2 matching papers (give an id to take another)"
    """
    if len(matches) < 2:
        return ""
    data = graph.nodes[matches[0]]
    return (f"{text!r}: took {data.get('title') or matches[0]} ({data.get('year') or '?'}) [{matches[0]}], the most central of "
            f"{len(matches)} matching papers (give an id to take another)")


def citation_paths(graph: nx.MultiDiGraph, source: str, target: str, limit: int = 10) -> list[list[tuple[str, str]]]:
    """Up to `limit` shortest paths from `source` to `target` over citations in either direction.

    Each path is a list of (node, step) pairs; step says how the node links to the next one
    ("cites" or "cited by"), and is "" for the last node.

    >>> g = nx.MultiDiGraph([("a", "b", "cites"), ("c", "b", "cites")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k]["kind"] = k
    >>> citation_paths(g, "a", "c")
    [[('a', 'cites'), ('b', 'cited by'), ('c', '')]]
    """
    cites = citation_graph(graph)
    try:
        # sorted, so the same graph always lists the same paths first
        paths = sorted(itertools.islice(nx.all_shortest_paths(cites.to_undirected(as_view=True), source, target), 1000))[:limit]
    except nx.NetworkXNoPath:
        return []
    return [[(node, ("cites" if cites.has_edge(node, path[i + 1]) else "cited by") if i + 1 < len(path) else "")
             for i, node in enumerate(path)] for path in paths]
