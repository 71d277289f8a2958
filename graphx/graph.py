"""Papers → a NetworkX MultiDiGraph: nodes are works; ``cites`` edges (source cites target) and undirected
``keyword`` edges (stored once, weighted, naming the shared terms), keyed by kind so both can join a pair.

Node and edge attributes are scalars (lists joined with "; ", missing values left out), so the graph
writes to GraphML and GEXF as it is.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import networkx as nx
import numpy as np

from graphx.keywords import KeywordLink, keyword_links
from graphx.model import LIST_SEPARATOR, Paper, clean_text


def node_attributes(paper: Paper) -> dict[str, object]:
    """The scalar attributes a paper's node carries (empty values left out, text made XML-safe)."""
    values: dict[str, object] = {
        "title": paper.title,
        "authors": LIST_SEPARATOR.join(paper.authors),
        "year": paper.year,
        "venue": paper.venue,
        "volume": paper.volume,
        "issue": paper.issue,
        "pages": paper.pages,
        "doi": paper.doi,
        "arxiv": paper.arxiv,
        "openalex": paper.openalex,
        "s2": paper.s2,
        "url": paper.url,
        "abstract": paper.abstract,
        "keywords": LIST_SEPARATOR.join(paper.keywords),
        "cited_by_count": paper.cited_by_count,
        "sources": LIST_SEPARATOR.join(paper.sources),
        "pmid": paper.pmid,
        "versions": LIST_SEPARATOR.join(paper.versions),
        "reference_count": paper.reference_count,
        "references_known": len(paper.references),
        "reference_coverage": reference_coverage(paper),
    }
    attributes = {k: v for k, v in values.items() if v not in ("", None)}
    texts = "\n".join(v for v in attributes.values() if isinstance(v, str))
    if clean_text(texts) != texts:  # one scan of the paper's text: a record almost always has nothing to clean
        attributes = {k: clean_text(v) if isinstance(v, str) else v for k, v in attributes.items()}
    attributes["is_seed"] = bool(paper.is_seed)
    return attributes


def reference_coverage(paper: Paper) -> float | None:
    """Share of a paper's references the sources named (0-1), or None when no source gave a count.

    >>> reference_coverage(Paper(id="a", references=["b", "c"], reference_count=4))
    0.5
    """
    if not paper.reference_count:
        return None
    return round(min(1.0, len(paper.references) / paper.reference_count), 3)


def citation_edges(papers: list[Paper]) -> list[tuple[str, str]]:
    """Every citation between two papers of the set: (citing, cited), de-duplicated, no self-loops.

    >>> citation_edges([Paper(id="a", references=["b", "x"]), Paper(id="b", references=["a"])])
    [('a', 'b'), ('b', 'a')]
    """
    present = {p.id for p in papers}
    return [(source, cited) for source, references in _references(papers).items() for cited in references
            if cited in present and cited != source]


def _references(papers: list[Paper]) -> dict[str, dict[str, None]]:
    """Each paper id's references, each once, in the order first given (a dict per id, made in C by
    `dict.fromkeys`: the references of two records of one id are joined in order)."""
    references: dict[str, dict[str, None]] = {}
    for paper in papers:
        if paper.id in references:
            references[paper.id].update(dict.fromkeys(paper.references))
        else:
            references[paper.id] = dict.fromkeys(paper.references)
    return references


def build_graph(papers: list[Paper], keyword_top_k: int = 5, links: list[KeywordLink] | None = None) -> nx.MultiDiGraph:
    """The citation + shared-keyword graph of `papers` (already merged, one per work); `links` when the
    keyword links are already computed (by `keyword_links` on the same papers).

    Papers are taken in id order, so the graph (keyword ties, communities, layout) does not depend on the
    order in which the sources happened to answer.

    A graph of 100,000 works holds millions of links, each its own attribute dict (networkx's): the work per
    link is one `add_edge` with every name and text prepared once per paper or per term, and Python's cycle
    collector is paused while they are added (`_collector_paused`).
    """
    papers = sorted(papers, key=lambda p: p.id)
    if links is None:
        links = keyword_links(papers, top_k=keyword_top_k)
    names = {p.id: clean_text(p.id) for p in papers}  # node name of each paper id, cleaned once
    reporters = {p.id: p for p in papers}
    graph = nx.MultiDiGraph()
    join = LIST_SEPARATOR.join
    with _collector_paused():
        graph.add_nodes_from((names[p.id], node_attributes(p)) for p in papers)
        add_edge = graph.add_edge
        for source, references in _references(papers).items():
            paper, node = reporters[source], names[source]
            told, by_all = paper.reference_sources, join(paper.sources)
            for cited in filter(names.__contains__, references):  # the references to papers of the set, picked in C
                if cited != source:
                    said = told.get(cited) if told else None
                    add_edge(node, names[cited], "cites", kind="cites", weight=1.0, sources=join(said) if said else by_all)
        terms = _CleanTerms()
        for link in links:
            add_edge(names[link.source] if link.source in names else clean_text(link.source),
                     names[link.target] if link.target in names else clean_text(link.target),
                     "keyword", kind="keyword", weight=link.weight, terms=join(map(terms.__getitem__, link.terms)))
    return graph


class _CleanTerms(dict):
    """Each keyword term made XML-safe once (`clean_text` works character by character, so the joined terms of
    a link are the cleaned terms joined)."""

    def __missing__(self, term: str) -> str:
        self[term] = clean = clean_text(term)
        return clean


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block, then back as it was.

    Every new link adds a container networkx keeps, and the collector, which runs after each few hundred new
    containers and over all of them from time to time, would go through the millions of links again and
    again while they are added (a third of the time at a million links). The links hold no cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def citation_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The ``cites`` edges alone, as a simple directed graph over all nodes."""
    view = nx.DiGraph()
    view.add_nodes_from(graph.nodes)
    view.add_edges_from((u, v) for u, v, kind in graph.edges(data="kind") if kind == "cites")
    return view


def undirected_weighted(graph: nx.MultiDiGraph, keyword_factor: float = 1.0) -> nx.Graph:
    """All links as one undirected weighted graph: a citation counts 1, a keyword link its similarity
    times `keyword_factor`."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        weight = float(data.get("weight", 1.0)) * (keyword_factor if data.get("kind") == "keyword" else 1.0)
        previous = simple.get_edge_data(u, v, {}).get("weight", 0.0)
        simple.add_edge(u, v, weight=previous + weight)
    return simple


@dataclass(frozen=True)
class EdgeArrays:
    """The graph's links as integer arrays over `nodes` (positions in graph order), read once so every
    measure runs in C or numpy: citations de-duplicated without self-loops, keyword links with weights."""

    nodes: list[str]
    citing: np.ndarray
    cited: np.ndarray
    linked: np.ndarray  # keyword links, shape (k, 2)
    link_weights: np.ndarray


def edge_arrays(graph: nx.MultiDiGraph) -> EdgeArrays:
    """`EdgeArrays` of `graph`.

    >>> g = nx.MultiDiGraph([("a", "b", "cites"), ("a", "b", "cites"), ("b", "c", "keyword")])
    >>> for u, v, k in g.edges(keys=True): g.edges[u, v, k].update(kind=k, weight=0.5)
    >>> arrays = edge_arrays(g)
    >>> arrays.citing.tolist(), arrays.cited.tolist(), arrays.linked.tolist(), arrays.link_weights.tolist()
    ([0], [1], [[1, 2]], [0.5])
    """
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    citing, cited, links, weights = [], [], [], []
    add_citing, add_cited, add_link, add_weight = citing.append, cited.append, links.append, weights.append
    for u, neighbours in graph.adjacency():  # the adjacency itself: a view's per-edge tuples cost more than the reading
        i = index[u]
        for v, keyed in neighbours.items():
            if v == u:
                continue
            for data in keyed.values():
                kind = data.get("kind")
                if kind == "cites":  # most links: their ends are looked up in one pass below
                    add_citing(i)
                    add_cited(v)
                elif kind == "keyword":
                    add_link((i, index[v]))
                    add_weight(float(data.get("weight", 0.0)))
    count = max(1, len(nodes))
    cited = np.fromiter(map(index.__getitem__, cited), np.int64, len(cited))
    pairs = np.sort(np.array(citing, dtype=np.int64) * count + cited)
    pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs  # each citing pair once, in order
    # (sorted and compared with the next rather than np.unique: numpy 2's hashing unique took 50 times as long here)
    return EdgeArrays(nodes, pairs // count, pairs % count, np.array(links, dtype=np.int64).reshape(-1, 2), np.array(weights, dtype=float))
