"""``graphx triage INPUT --against OUTDIR``: which of today's new papers matter to a map you already have.

The new papers (any input ``graphx build`` takes: a Hugging Face day, a pasted listing, ids, a .bib) are
resolved as a build resolves its seeds, then each is tied to the map five ways:

- it **cites** papers of the map (its reference list, matched by any identifier);
- it **is cited by** papers of the map (when the map already holds it);
- it **shares references** with papers of the map (bibliographic coupling, over the map's own papers);
- it **shares terms** with papers of the map (TF-IDF cosine of title, keywords and abstract, fitted on the
  map and the new papers together, as the map's keyword links are);
- its **nearest community**: the map community its ties fall in, weighted by strength.

The score adds these (a citation either way counts 2, a central paper's 3; coupling up to 1 per paper; term
similarity times 10 over the three nearest), so a paper citing the map's core outranks one that only
shares words. Each paper gets its reason in words, naming the papers and terms it shares; papers tied to
nothing are listed as such, at the bottom, never hidden.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from graphx.config import BuildOptions, options_from_env
from graphx.model import LIST_SEPARATOR, Paper, Query, normalise_title
from graphx.wording import shortened

if TYPE_CHECKING:  # `import graphx` exports triage(): nothing heavy at import, each function imports its own
    import networkx as nx
    import pandas as pd

    from graphx.citation_graph import CitationGraph
    from graphx.resolve import Resolution

MIN_SIMILARITY = 0.15  # cosine below this is noise between short texts (measured on the seed listings)
NEAREST = 3
TRIAGE_COLUMNS = ["rank", "paper", "title", "year", "score", "reason", "nearest_papers", "community", "in_map", "id"]


@dataclass
class Triaged:
    """One new paper and its ties to the map."""

    paper: Paper
    score: float = 0.0
    reason: str = ""
    cites: list[str] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)
    coupled: list[tuple[str, int]] = field(default_factory=list)
    similar: list[tuple[str, float, list[str]]] = field(default_factory=list)  # (map paper, cosine, shared terms)
    community: str = ""
    nearest: list[str] = field(default_factory=list)
    in_map: str = ""  # the map node it already is, if any

    @property
    def tied(self) -> bool:
        return bool(self.cites or self.cited_by or self.coupled or self.similar or self.in_map)


@dataclass
class Triage:
    """The triaged papers, best first, against the map they were ranked on."""

    map: CitationGraph
    papers: list[Triaged]
    resolutions: list[Resolution] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """triage.csv: rank, paper (its identifier), title, year, score, reason, nearest papers, community."""
        graph = self.map.graph
        rows = [{"rank": n, "paper": _label(t.paper), "title": t.paper.title, "year": t.paper.year, "score": t.score,
                 "reason": t.reason, "nearest_papers": LIST_SEPARATOR.join(f"{m} ({_title(graph, m)})" for m in t.nearest),
                 "community": t.community, "in_map": t.in_map, "id": t.paper.id} for n, t in enumerate(self.papers, start=1)]
        import pandas as pd

        return pd.DataFrame(rows, columns=TRIAGE_COLUMNS).astype({"year": "Int64"})

    def text(self, top: int = 10) -> str:
        """The ranked "today" list, a few lines, then how many were tied to nothing."""
        tied = [t for t in self.papers if t.tied]
        lines = [f"{len(self.papers)} new papers: {len(tied)} tied to your map, {len(self.papers) - len(tied)} tied to nothing"]
        lines += [f"{n:>3}. [{t.score:.1f}] {shortened(t.paper.title, 80)}\n      {t.reason}" for n, t in enumerate(tied[:top], start=1)]
        return "\n".join(lines)

    def graph(self) -> nx.MultiDiGraph:
        """The map with the new papers placed beside their ties (``triage_rank``, ``triage_score``,
        ``triage_reason`` on them); the map is not changed."""
        from graphx.graph import node_attributes
        from graphx.rank import rank_graph
        from graphx.recipe import today

        combined = self.map.graph.copy()
        date = today()
        for rank, item in enumerate(self.papers, start=1):
            node = item.in_map or item.paper.id
            if node not in combined:
                combined.add_node(node, **node_attributes(item.paper), first_seen=date)
            combined.nodes[node].update(triage_rank=rank, triage_score=item.score, triage_reason=item.reason,
                                        triage_tied=item.tied)
            for cited in item.cites:
                if not combined.has_edge(node, cited, "cites"):
                    combined.add_edge(node, cited, key="cites", kind="cites", weight=1.0, sources="triage")
            for other, similarity, terms in item.similar:
                if not combined.has_edge(node, other, "keyword") and not combined.has_edge(other, node, "keyword"):
                    combined.add_edge(node, other, key="keyword", kind="keyword", weight=round(similarity, 4),
                                      terms=LIST_SEPARATOR.join(terms))
        rank_graph(combined)
        return combined


def _label(paper: Paper) -> str:
    for kind, value in (("doi", paper.doi), ("arxiv", paper.arxiv), ("openalex", paper.openalex), ("s2", paper.s2)):
        if value:
            return f"{kind}:{value}"
    return paper.id


def _title(graph: nx.MultiDiGraph, node: str, limit: int = 70) -> str:
    title = str(graph.nodes[node].get("title") or node) if node in graph else node
    return title if len(title) <= limit else title[:limit - 1] + "…"


def map_index(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Every identifier form of every map paper (``W1``, ``doi:…``, ``arxiv:…``, ``s2:…``, ``title:…``) → its node."""
    index: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        index[node] = node
        for kind in ("doi", "arxiv", "s2", "pmid"):
            if data.get(kind):
                index[f"{kind}:{str(data[kind]).lower()}"] = node
        if data.get("openalex"):
            index[str(data["openalex"])] = node
        if data.get("title"):
            index.setdefault(f"title:{normalise_title(str(data['title']))}", node)
    return index


def _match(paper: Paper, index: dict[str, str]) -> str:
    keys = [
        paper.id,
        paper.openalex,
        *(f"{k}:{v.lower()}" for k, v in (("doi", paper.doi), ("arxiv", paper.arxiv), ("s2", paper.s2), ("pmid", paper.pmid)) if v),
    ]
    for key in keys:
        if key and key in index:
            return index[key]
    return index.get(f"title:{normalise_title(paper.title)}", "") if paper.title else ""


def _similarities(papers: list[Paper], graph: nx.MultiDiGraph, nodes: list[str]) -> list[list[tuple[str, float, list[str]]]]:
    """For each new paper, its nearest map papers by terms: (node, cosine, shared terms), at most `NEAREST`."""
    import numpy as np

    from graphx.keywords import paper_text, shared_terms
    from graphx.tfidf import tfidf_matrix
    from graphx.update import paper_of_node

    map_papers = [paper_of_node(graph, n) for n in nodes]
    texts = [paper_text(p) for p in map_papers + papers]
    if not papers or not nodes:
        return [[] for _ in papers]
    try:
        matrix, vocabulary = tfidf_matrix(texts, [p.keywords for p in map_papers + papers])
    except ValueError:
        return [[] for _ in papers]
    known, new = matrix[:len(nodes)], matrix[len(nodes):]
    cosine = (new @ known.T).toarray()
    found = []
    for row in range(len(papers)):
        best = [int(c) for c in np.argsort(-cosine[row], kind="stable")[:NEAREST] if cosine[row, c] >= MIN_SIMILARITY]
        terms = shared_terms(matrix, np.full(len(best), len(nodes) + row), np.array(best, dtype=np.int64), 3) if best else []
        found.append(
            [(nodes[c], float(cosine[row, c]), [str(vocabulary[t]) for t in named]) for c, named in zip(best, terms, strict=True) if named]
        )
    return found


def rank_against(papers: list[Paper], graph: nx.MultiDiGraph, central: list[str]) -> list[Triaged]:
    """Each of `papers` tied to the map `graph` and scored (see the module notes), best first; ties to
    nothing last, in the order given."""
    index = map_index(graph)
    core = set(central[:max(10, len(central) // 10)])
    nodes = list(graph)
    references = {n: {v for _, v, k in graph.out_edges(n, keys=True) if k == "cites"} for n in nodes}
    similar = _similarities(papers, graph, nodes)
    results = []
    for paper, near in zip(papers, similar, strict=True):
        item = Triaged(paper, in_map=_match(paper, index))
        cited = [index[r if r.startswith("W") else r.lower()] for r in paper.references if (r if r.startswith("W") else r.lower()) in index]
        if item.in_map:
            cited += [v for _, v, k in graph.out_edges(item.in_map, keys=True) if k == "cites"]
            item.cited_by = sorted({u for u, _, k in graph.in_edges(item.in_map, keys=True) if k == "cites"}, key=lambda n: n not in core)
        item.cites = sorted(dict.fromkeys(c for c in cited if c != item.in_map), key=lambda n: (n not in core, n))
        mine = set(item.cites)
        if mine:
            shared = [(n, len(mine & references[n])) for n in nodes if n != item.in_map and n not in mine]
            item.coupled = sorted([(n, s) for n, s in shared if s >= 2], key=lambda pair: (-pair[1], pair[0]))[:NEAREST]
        item.similar = [(n, s, t) for n, s, t in near if n != item.in_map]
        weights: dict[str, float] = {}
        for n in item.cites + item.cited_by:
            weights[n] = weights.get(n, 0.0) + (3.0 if n in core else 2.0)
        for n, s in item.coupled:
            weights[n] = weights.get(n, 0.0) + min(1.0, s / max(1, len(mine)))
        for n, s, _ in item.similar:
            weights[n] = weights.get(n, 0.0) + 10 * s / NEAREST
        item.score = round(sum(weights.values()), 3)
        item.nearest = [n for n, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
        votes: dict[str, float] = {}
        for n, w in weights.items():
            label = str(graph.nodes[n].get("community_label") or "")
            if label:
                votes[label] = votes.get(label, 0.0) + w
        item.community = max(sorted(votes), key=lambda label: votes[label]) if votes else ""
        item.reason = reason(item, graph, core)
        results.append(item)
    order = sorted(range(len(results)), key=lambda i: (not results[i].tied, -results[i].score, i))
    return [results[i] for i in order]


def _quoted(graph: nx.MultiDiGraph, nodes: list[str], core: set[str], limit: int = 3) -> str:
    named = ", ".join(f"'{_title(graph, n, 60)}'" for n in nodes[:limit])
    return named + (f" and {len(nodes) - limit} more" if len(nodes) > limit else "")


def reason(item: Triaged, graph: nx.MultiDiGraph, core: set[str]) -> str:
    """The ties of one paper in words, naming the map's papers and the shared terms."""
    if not item.tied:
        return "tied to nothing in your map: cites none of its papers and shares no distinctive terms with them"
    parts = []
    if item.in_map:
        parts.append(f"already in your map as {item.in_map}")
    if item.cites:
        central = [n for n in item.cites if n in core]
        what = (
            f"{len(central)} of your central papers" if central and len(central) == len(item.cites) else f"{len(item.cites)} of your papers"
        )
        parts.append(f"cites {what}: {_quoted(graph, item.cites, core)}")
    if item.cited_by:
        parts.append(f"cited by {len(item.cited_by)} of your papers: {_quoted(graph, item.cited_by, core)}")
    if item.coupled:
        parts.append("shares references with " + ", ".join(f"'{_title(graph, n, 50)}' ({s} in common)" for n, s in item.coupled))
    if item.similar:
        terms = list(dict.fromkeys(t for _, _, named in item.similar for t in named))[:4]
        parts.append(f"shares terms {', '.join(repr(t) for t in terms)} with {_quoted(graph, [n for n, _, _ in item.similar], core)}")
    if item.community:
        parts.append(f"nearest community '{item.community}'")
    return "; ".join(parts)


def triage(inputs: Sequence[str | Query], against: CitationGraph | Path | str, options: BuildOptions | None = None,
           progress: Callable[..., None] = lambda *_: None, **settings) -> Triage:
    """Resolve the new papers `inputs` and rank each by its ties to the map `against` (a `CitationGraph`
    or a build's folder). `settings` override fields of `options` (``offline``, ``cache_dir``, URLs …).
    Example::

        ranked = graphx.triage(["hf:2025-11-20"], against="outputs/lib")
        print(ranked.text())
        graphx.write_triage(ranked, Path("outputs/lib/triage-2025-11-20"))
    """
    from graphx.build import collect_queries, connected
    from graphx.citation_graph import CitationGraph
    from graphx.resolve import resolve

    graph = against if isinstance(against, CitationGraph) else CitationGraph.load(Path(against), rescore=False)
    options = replace(options or options_from_env(), **settings)
    queries = collect_queries(inputs)
    with connected(options, queries) as clients:
        resolutions, papers = resolve(queries, clients, progress)
    progress(f"ranking {len(papers)} papers against a map of {graph.graph.number_of_nodes()}")
    return Triage(graph, rank_against(papers, graph.graph, graph.central), resolutions)


def write_triage(result: Triage, folder: Path, title: str = "graphx triage") -> list[Path]:
    """Write triage.csv and triage.html (the map with the new papers placed and highlighted, and the ranked
    "today" list) into `folder`; returns the paths."""
    from graphx.export import write_csv
    from graphx.render import write_page

    folder.mkdir(parents=True, exist_ok=True)
    table = write_csv(folder / "triage.csv", result.frame())
    page = write_page(result.graph(), folder / "triage.html", title)
    return [table, page]


__all__ = ["Triage", "Triaged", "rank_against", "triage", "write_triage"]
