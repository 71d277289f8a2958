"""What the CLI prints, as plain functions returning text: build reports, rankings, suggestions, paths.

Kept apart from `graphx.cli` so that the words a user reads are testable without a terminal.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graphx.wording import counted, shortened

if TYPE_CHECKING:  # the CLI imports this module to list FORMATS in --help: nothing heavy at import
    import networkx as nx
    import pandas as pd

    from graphx.citation_graph import CitationGraph
    from graphx.suggest import Suggestion

FORMATS = ("table", "csv", "json", "markdown")


def _short(text: object, limit: int = 70) -> str:
    return shortened(text, limit)


def build_report(result: CitationGraph, written: list[Path], quiet: bool = False) -> str:
    """The lines printed after a build: resolution summary, cost per source, problems, central papers,
    communities, what to read next, files."""
    from graphx.communities import summarise_communities
    from graphx.picture import seeds_stand_out
    from graphx.rank import default_ranking, order_by

    lines = [result.summary()]
    lines += [f"requests — {usage.summary()}" for usage in result.usage]
    lines += [f"{'failed' if p in result.failures else 'note'}: {p}" for p in result.problems]
    unresolved = [r for r in result.resolutions if r.status == "unresolved"]
    if unresolved and not quiet:
        lines += [f"unresolved: {_short(r.input)} ({r.origin}): {r.reason}" for r in unresolved[:5]]
        if len(unresolved) > 5:
            lines.append(f"… and {len(unresolved) - 5} more unresolved, see resolution.csv")
    graph = result.graph
    if graph.number_of_nodes():
        # the measure the page opens on: PageRank over citations; without any, it ties every paper, so ties to the others
        by_citations = default_ranking(graph)["key"] == "pagerank"
        lines += ["", "Most central papers (PageRank over citations in the graph; ties by citations in all the literature):" if by_citations
                  else "Most central papers (ties to the other papers by shared keywords: no paper here cites another):"]
        marked = seeds_stand_out(sum(1 for _, seed in graph.nodes(data="is_seed") if seed), graph.number_of_nodes())  # as the page
        for rank, paper in enumerate(result.top(10), start=1):
            seed = " · your seed" if paper.get("is_seed") and marked else ""
            value = (f"pagerank {paper['pagerank']:.4f}, cited here {paper['local_citations']}×" if by_citations
                     else f"ties to other papers {paper.get('keyword_strength') or 0:.2f}")
            if paper.get("cited_by_count") is not None:  # the tie-break, as the page states it
                value += f", {paper['cited_by_count']:,} in all the literature"
            lines.append(f"{rank:>3}. {_short(paper.get('title', paper['id']))} ({paper.get('year', '?')}) — {value}{seed}")
        communities = summarise_communities(graph)
        if not quiet and len(communities) > 1:
            lines += ["", f"{len(communities)} communities; the largest:"]
            lines += [
                f"  {c.number}: {c.label or '(no text)'} — {counted(c.size, 'paper')}"
                + (f", {c.first_year}–{c.last_year}" if c.first_year else "")
                for c in communities[:5]
            ]
        missing = [n for n in order_by(graph, "similarity") if not graph.nodes[n].get("is_seed") and graph.nodes[n].get("similarity")][:5]
        if not quiet and missing:
            lines += ["", "Missing from your list (most tied to your seeds; more: graphx suggest):"]
            lines += [f"  {_short(graph.nodes[n].get('title', n))} — {graph.nodes[n].get('similarity_reason', '')}" for n in missing]
    else:
        lines += ["", "The graph is empty: no input was resolved (see resolution.csv)."]
    if written:
        lines += ["", f"Wrote {len(written)} files to {written[0].parent}/: " + ", ".join(p.name for p in written)]
    lines.append(f"Done in {result.seconds:.1f} s.")
    return "\n".join(lines)


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """`frame` as an aligned table, CSV, JSON records or a Markdown table."""
    if fmt == "csv":
        return frame.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1)
    shown = frame.copy()
    for column in ("title", "why", "reason"):
        if column in shown:
            width = 60 if column == "title" else 90
            shown[column] = shown[column].map(lambda t, width=width: _short(t, width))
    if fmt == "markdown":
        return shown.to_markdown(index=False)
    return shown.to_markdown(index=False, tablefmt="simple")


def suggestions_text(suggestions: list[Suggestion]) -> str:
    """The suggestion lists under their headings, one paper a line with its reason."""
    from graphx.suggest import LISTS

    lines: list[str] = []
    for name, heading in LISTS.items():
        items = [s for s in suggestions if s.list == name]
        lines += ["", heading + ":"] if lines else [heading + ":"]
        if not items:
            lines.append("  (none in this graph)")
        for item in items:
            lines.append(f"{item.rank:>3}. {_short(item.title)} ({item.year or '?'}) — {item.reason}")
    return "\n".join(lines)


def paths_text(graph: nx.MultiDiGraph, paths: list[list[tuple[str, str]]], source: str, target: str) -> str:
    """Each citation path on its own block: one paper a line, the step to the next between them."""
    def name(node: str) -> str:
        data = graph.nodes[node]
        return f"{_short(data.get('title', node), 80)} ({data.get('year', '?')}) [{node}]"

    if not paths:
        return f"No citation path links {name(source)} and {name(target)} in this graph."
    hops = len(paths[0]) - 1
    lines = [f"{counted(len(paths), 'shortest path')} of {counted(hops, 'step')}:"]
    for number, path in enumerate(paths, start=1):
        lines.append(f"\n{number}.")
        for node, step in path:
            lines.append(f"   {name(node)}")
            if step:
                lines.append("     ↓ cites" if step == "cites" else "     ↓ is cited by")
    return "\n".join(lines)


__all__ = ["FORMATS", "build_report", "format_frame", "paths_text", "suggestions_text"]
