"""What to read next, as lists a reader can check: each suggestion carries its reason in words.

- **prior works**: papers the graph's papers cite most — the foundations (Connected Papers' "prior works");
- **derivative works**: papers citing the most seeds — where the seeds' ideas went next;
- **reviews**: papers, not seeds, citing many papers of the graph — surveys and reading lists (Inciteful's
  "review papers");
- **missing from your list**: papers not among the seeds that are most similar to them
  (`graphx.similarity`): the ones a researcher usually wants.

All read scores `graphx.rank.rank_graph` has written onto the nodes, so they work on a saved graph as well.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

import networkx as nx

from graphx.wording import counted

LISTS = {
    "prior": "Prior works: the papers this graph's papers cite most",
    "derivative": "Derivative works: papers citing the most of your seeds",
    "reviews": "Review-like papers: citing many papers of this graph",
    "missing": "Missing from your list: not among your seeds, most tied to them",
}


@dataclass(frozen=True)
class Suggestion:
    """One suggested paper in one list, with the number it was ranked by and why."""

    list: str
    rank: int
    id: str
    title: str
    year: int | None
    score: float
    reason: str


def _title(data: dict, node: str) -> str:
    return str(data.get("title") or node)


# Papers per reading list in a build's outputs: the page's lists and suggestions.csv show the same ones.
READING_LIST = 20


def suggest(graph: nx.MultiDiGraph, top: int = 10) -> list[Suggestion]:
    """Every list above, `top` papers each, best first (deterministic: ties by PageRank, then citations in all
    the literature, then id).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", is_seed=True, title="Seed", year=2020)
    >>> for u, v in [("s", "old"), ("a", "old"), ("a", "s")]:
    ...     _ = g.add_edge(u, v, key="cites", kind="cites")
    >>> from graphx.rank import rank_graph
    >>> _ = rank_graph(g, this_year=2026)
    >>> [(x.list, x.id) for x in suggest(g, top=1)]
    [('prior', 'old'), ('derivative', 'a'), ('missing', 'old')]
    """
    data = dict(graph.nodes(data=True))  # each paper's attributes, read as a plain dict (a node view's lookup costs more)
    seeds = {n for n in graph if data[n].get("is_seed")}
    # the counts the ranking wrote: papers here citing each paper, and seeds among them
    citing_here = {n: data[n].get("local_citations") or 0 for n in graph}
    seed_citers = {n: data[n].get("cited_by_seeds") or 0 for n in graph}

    def ranked(candidates, key) -> list[str]:
        # the first `top` in that order, without sorting them all (as sorted(...)[:top] gives them)
        return heapq.nsmallest(top, candidates,
                               key=lambda n: (-key(n), -(data[n].get("pagerank") or 0), -(data[n].get("cited_by_count") or 0), n))

    found: list[Suggestion] = []

    def add(name: str, nodes: list[str], score, reason) -> None:
        for rank, node in enumerate(nodes, start=1):
            found.append(Suggestion(name, rank, node, _title(data[node], node), data[node].get("year"), float(score(node)), reason(node)))

    prior = ranked([n for n in graph if n not in seeds and citing_here[n] >= 2], lambda n: citing_here[n])
    add("prior", prior, lambda n: citing_here[n],
        lambda n: f"cited by {citing_here[n]} papers here" + (f", {seed_citers[n]} of them your seeds" if seed_citers[n] else ""))

    derivative = ranked([n for n in graph if n not in seeds and (data[n].get("cites_seeds") or 0) >= 1], lambda n: data[n]["cites_seeds"])
    add("derivative", derivative, lambda n: data[n]["cites_seeds"], lambda n: _cites_seeds_reason(graph, n, seeds))

    threshold = max(3, _percentile([data[n].get("local_references") or 0 for n in graph], 0.9))
    # a seed cites the graph's papers by construction (they are its references): never its own suggestion
    reviews = ranked([n for n in graph if n not in seeds and (data[n].get("local_references") or 0) >= threshold],
                     lambda n: data[n]["local_references"])
    add(
        "reviews",
        reviews,
        lambda n: data[n]["local_references"],
        lambda n: (
            f"cites {data[n]['local_references']} papers of this graph"
            + (f" ({data[n].get('cites_seeds')} seeds)" if data[n].get("cites_seeds") else "")
        ),
    )

    missing = ranked([n for n in graph if n not in seeds and (data[n].get("similarity") or 0) > 0], lambda n: data[n]["similarity"])
    add("missing", missing, lambda n: data[n]["similarity"], lambda n: data[n].get("similarity_reason", ""))
    return found


def _cites_seeds_reason(graph: nx.MultiDiGraph, node: str, seeds: set[str]) -> str:
    cited = sorted((v for _, v, kind in graph.out_edges(node, data="kind") if kind == "cites" and v in seeds),
                   key=lambda v: (-(graph.nodes[v].get("pagerank") or 0), v))
    names = ", ".join(_title(graph.nodes[v], v)[:50] for v in cited[:2]) + (" …" if len(cited) > 2 else "")
    return f"cites {len(cited)} of your {counted(len(seeds), 'seed')}: {names}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
