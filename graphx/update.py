"""``graphx update OUTDIR``: a saved graph made again by its recipe, asking only what can have changed.

What can change about a graph since it was built, and how each is asked (OpenAlex, 100 ids a call):

- works citing its papers that were created since: ``filter=cites:W1|…|W100,from_created_date:DATE``, one
  call per 100 papers (more only when a batch has more than 100 new citing works). The answers are the new
  works' full records, reference lists included, so their links into the graph cost nothing more;
- citation counts: ``filter=openalex:W1|…|W100`` selecting only ``id,cited_by_count,is_retracted``;
- a paper the count batch no longer finds was merged into another work or withdrawn: one free single
  lookup (OpenAlex answers a merged id with the surviving work).

These "what is new" questions are never answered from the cache: their answers must be fetched after the
update started (`HttpSettings.fresh_after`). Everything else, the unchanged records, is not asked at all: it
is in the saved graph. An interrupted update resumes: the start time is kept in ``.update-state.json`` in
the folder, so a rerun takes the answers fetched since then from the cache and asks only the rest.

What the update does with what it finds: new citing works join the graph (`Changes.added`, with the papers
they cite); counts are replaced (`Changes.risen`); a retracted work stays, flagged ``retracted`` and listed,
since readers must see what cited it; a merged work takes the surviving work's id (joining that node when
the graph already holds it); a withdrawn work (no longer in OpenAlex) stays, flagged ``withdrawn``.
Papers without an OpenAlex id (found only by Semantic Scholar or arXiv) are not asked: those sources have
no "created since" filter, and the update says how many were left so.
"""
from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphx.config import BuildOptions, options_from_env
from graphx.errors import InputError, OutputError
from graphx.model import LIST_SEPARATOR, Paper
from graphx.recipe import options_of, source_dates, stamp_first_seen, today
from graphx.wording import counted, shortened

if TYPE_CHECKING:  # `import graphx` exports write_update: nothing heavy at import, each function imports its own
    import networkx as nx
    import pandas as pd

    from graphx.citation_graph import CitationGraph

log = logging.getLogger("graphx")

STATE_FILE = ".update-state.json"
CHANGE_COLUMNS = ["change", "id", "title", "year", "reason", "other", "before", "after"]
KEPT = ("first_seen", "references_known", "reference_coverage", "retracted", "withdrawn")  # not recomputed from edges


@dataclass
class Changes:
    """What an update found: papers added (and why), citation links added, counts that rose, and works
    retracted, merged or withdrawn. `since` is the date asked from; `asked` the papers asked about."""

    since: str
    date: str
    added: list[dict[str, Any]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    risen: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)  # retracted, merged, withdrawn
    asked: int = 0
    not_asked: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.links or self.risen or self.events)

    def frame(self) -> pd.DataFrame:
        """changes.csv: one row per change, papers added first (most ties first), then links, then the
        retracted/merged/withdrawn works, then counts that rose (most first)."""
        rows = list(self.added)
        rows += [{"change": "link added", "id": s, "other": t, "reason": f"{s} cites {t}"} for s, t in self.links]
        rows += self.events + self.risen
        import pandas as pd

        frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
        return frame.astype({"year": "Int64", "before": "Int64", "after": "Int64"})  # whole numbers, blanks where none

    def summary(self, top: int = 3) -> str:
        """A few lines: what is new since `since`."""
        unasked = (f"{counted(self.not_asked, 'paper')} {'has' if self.not_asked == 1 else 'have'} no OpenAlex id and "
                   f"{'was' if self.not_asked == 1 else 'were'} not asked (their sources cannot list works created since a date)")
        if not self.asked and self.not_asked:
            return (f"the update could check nothing: {unasked}; rebuild it online with openalex among --sources to make it "
                    "updatable")
        if self.empty:
            nothing = f"nothing new since {self.since}: {counted(self.asked, 'paper')} asked, no new citing works, no count changed"
            return "\n".join([nothing,
                              *([f"  {unasked}"] if self.not_asked else [])])
        lines = [f"since {self.since}: {counted(len(self.added), 'new paper')}, {counted(len(self.links), 'new citation link')}, "
                 f"{counted(len(self.risen), 'paper')} cited more"]
        lines += [f"  + {shortened(row['title'], 70)} — {row['reason']}" for row in self.added[:top]]
        lines += [f"  ↑ {shortened(row['title'], 70)}: {row['before']} → {row['after']}" for row in self.risen[:top]]
        lines += [f"  ! {shortened(row['title'], 70)}: {row['reason']}" for row in self.events]
        if self.not_asked:
            lines.append(f"  {unasked}")
        return "\n".join(lines)


def paper_of_node(graph: nx.MultiDiGraph, node: str) -> Paper:
    """The `Paper` a saved node describes (lists split back), its references the papers it cites in the graph."""
    data = graph.nodes[node]

    def listed(key: str) -> list[str]:
        return [v for v in str(data.get(key) or "").split(LIST_SEPARATOR) if v]

    def number(key: str) -> int | None:
        value = data.get(key)
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)

    references = [v for _, v, k in graph.out_edges(node, keys=True) if k == "cites"]
    return Paper(id=node, title=str(data.get("title") or ""), authors=listed("authors"), year=number("year"),
                 venue=str(data.get("venue") or ""), volume=str(data.get("volume") or ""), issue=str(data.get("issue") or ""),
                 pages=str(data.get("pages") or ""), doi=str(data.get("doi") or ""), arxiv=str(data.get("arxiv") or ""),
                 openalex=str(data.get("openalex") or ""), s2=str(data.get("s2") or ""), url=str(data.get("url") or ""),
                 abstract=str(data.get("abstract") or ""), keywords=listed("keywords"), cited_by_count=number("cited_by_count"),
                 references=references, is_seed=bool(data.get("is_seed")), sources=listed("sources"), pmid=str(data.get("pmid") or ""),
                 reference_count=number("reference_count"), versions=listed("versions"))


def _title(graph: nx.MultiDiGraph, node: str, limit: int = 60) -> str:
    title = str(graph.nodes[node].get("title") or node) if node in graph else node
    return title if len(title) <= limit else title[:limit - 1] + "…"


def _cites_reason(cited: list[str], cited_by: list[str], graph: nx.MultiDiGraph, new_titles: dict[str, str]) -> str:
    parts = []
    if cited:
        named = ", ".join(f"{n} ({_title(graph, n)})" for n in cited[:3])
        parts.append(f"cites {named}" + (f" and {len(cited) - 3} more of the graph" if len(cited) > 3 else ""))
    if cited_by:
        parts.append("cited by " + ", ".join(f"{n} ({new_titles.get(n, n)[:60]}, also new)" for n in cited_by[:3]))
    return "; ".join(parts)


def _state(folder: Path, since: str) -> float:
    """The start time of this update: an interrupted one's (same `since`), so its answers count as fresh."""
    path = folder / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if state.get("since") == since and isinstance(state.get("started"), (int, float)):
            return float(state["started"])
    except (OSError, ValueError, AttributeError):
        pass
    started = time.time()
    try:
        path.write_text(json.dumps({"since": since, "started": started}), encoding="utf-8")
    except OSError as error:
        raise OutputError(f"{folder}: cannot write here ({error.strerror or error}); an update rewrites the folder's files") from None
    return started


def update_graph(saved: CitationGraph, options: BuildOptions | None = None, progress: Callable[..., None] = lambda *_: None,
                 **settings) -> CitationGraph:
    """The graph `saved` (loaded from a build's folder) brought up to date; its `.changes` say what is new.

    `options` carry this run's URLs, keys and cache (default: from the environment); the recipe's own
    options (depth, sources, …) shape the graph. Raises InputError offline: what is new cannot come from a cache.
    """
    from graphx.graph import build_graph
    from graphx.merge import merge_papers
    from graphx.rank import rank
    from graphx.sources import openalex as oa
    from graphx.sources.http import http_settings, make_session

    recipe, folder = saved.recipe or {}, Path(saved.folder or ".")
    options = options_of(recipe, replace(options or options_from_env(), **settings))
    if options.offline:
        raise InputError("graphx update asks the sources what is new, which no cache can answer: run it without --offline")
    started_clock = time.monotonic()
    since = str(recipe.get("built_at"))
    date = today()
    graph = saved.graph
    ids = sorted(str(graph.nodes[n]["openalex"]) for n in graph if graph.nodes[n].get("openalex"))
    node_of = {str(graph.nodes[n]["openalex"]): n for n in graph if graph.nodes[n].get("openalex")}
    changes = Changes(since, date, asked=len(ids), not_asked=graph.number_of_nodes() - len(ids))
    started = _state(folder, since)
    records_settings = http_settings(options)
    news_settings = replace(records_settings, fresh_after=started)  # answers fetched before this update began are old news
    session = make_session(records_settings)
    try:
        news = oa.OpenAlexClient(session, news_settings, options.openalex_url, options.openalex_key, options.mailto)
        asking = progress if ids else (lambda *_: None)  # with no OpenAlex id nothing is asked (the summary says so)
        asking(f"asking OpenAlex for works citing {counted(len(ids), 'paper')} created since {since}")
        citing = news.citing_since(ids, since)
        asking(f"asking OpenAlex for the citation counts of {counted(len(ids), 'paper')}")
        counts = news.standings(ids)
        replaced = {old: news.current_record(old) for old in ids if old not in counts}
    finally:
        session.close()
    papers = {n: paper_of_node(graph, n) for n in graph}
    kept = {n: {k: graph.nodes[n][k] for k in KEPT if k in graph.nodes[n]} for n in graph}
    # counts, retractions
    for wid, answer in counts.items():
        node = node_of.get(wid)
        if node is None:
            continue
        before, after = papers[node].cited_by_count, answer.cited_by_count
        if after is not None:
            papers[node].cited_by_count = after
            if before is not None and after > before:
                changes.risen.append({"change": "citations rose", "id": node, "title": papers[node].title, "year": papers[node].year,
                                      "reason": f"+{counted(after - before, 'citation')}",
                                      "before": before, "after": after})
        if answer.retracted and not kept[node].get("retracted"):
            kept[node]["retracted"] = True
            changes.events.append({"change": "retracted", "id": node, "title": papers[node].title, "year": papers[node].year,
                                   "reason": "retracted: kept in the graph and flagged, so what cites it shows"})
    changes.risen.sort(key=lambda row: (-(row["after"] - row["before"]), row["id"]))
    # merged and withdrawn works
    for old, survivor in replaced.items():
        node = node_of[old]
        if survivor is None or not survivor.openalex:
            kept[node]["withdrawn"] = True
            changes.events.append({"change": "withdrawn", "id": node, "title": papers[node].title, "year": papers[node].year,
                                   "reason": "no longer in OpenAlex: kept in the graph and flagged"})
            continue
        if survivor.openalex == old:
            continue
        target = node_of.get(survivor.openalex, survivor.openalex)
        changes.events.append({"change": "merged", "id": node, "title": papers[node].title, "year": papers[node].year,
                               "reason": f"merged into {target}: its links and citations now go to that work", "other": target})
        gone = papers.pop(node)
        info = kept.pop(node)
        if target in papers:
            papers[target].references = list(dict.fromkeys(papers[target].references + gone.references))
            papers[target].is_seed = papers[target].is_seed or gone.is_seed
        else:
            survivor.id, survivor.is_seed = target, gone.is_seed
            survivor.references = list(dict.fromkeys(survivor.references + gone.references))
            papers[target] = survivor
            kept[target] = {k: v for k, v in info.items() if k == "first_seen"}
        for paper in papers.values():
            paper.references = [target if r == node else r for r in paper.references]
        node_of[survivor.openalex] = target
    # new works
    new: dict[str, Paper] = {}
    for paper in citing:
        if paper.id and paper.id not in papers and paper.id not in new:
            new[paper.id] = paper
    present = set(papers) | set(new)
    new_titles = {i: p.title for i, p in new.items()}
    cited_by_new: dict[str, list[str]] = {}
    for paper in new.values():
        for ref in paper.references:
            if ref in new:
                cited_by_new.setdefault(ref, []).append(paper.id)
    rows = []
    for paper in new.values():
        cited = [r for r in dict.fromkeys(paper.references) if r in present and r != paper.id]
        changes.links += [(paper.id, r) for r in cited]
        in_graph = [r for r in cited if r in papers]
        rows.append({"change": "paper added", "id": paper.id, "title": paper.title, "year": paper.year,
                     "reason": _cites_reason(in_graph, cited_by_new.get(paper.id, []), graph, new_titles),
                     "other": LIST_SEPARATOR.join(in_graph), "after": paper.cited_by_count})
    changes.added = sorted(rows, key=lambda row: (-len(row["other"].split(LIST_SEPARATOR)), row["id"]))
    changes.links.sort()
    # the graph again, from the papers
    progress(f"linking and ranking {counted(len(present), 'paper')}")
    updated = build_graph(merge_papers(list(papers.values()) + list(new.values())), keyword_top_k=options.keyword_top_k)
    ranking = rank(updated)
    for node, values in kept.items():
        if node in updated:
            updated.nodes[node].update(values)
    stamp_first_seen(updated, date)
    for node in new:
        if node in updated:
            updated.nodes[node]["new_since"] = since
    for row in changes.risen:
        if row["id"] in updated:
            updated.nodes[row["id"]]["citations_rose"] = row["after"] - row["before"]
    usage = [session_usage for session_usage in (news.usage,) if session_usage.total or session_usage.cached]
    new_recipe = dict(recipe, built_at=date, graphx_version=recipe.get("graphx_version"))
    from graphx import __version__

    new_recipe["graphx_version"] = __version__
    new_recipe["sources"] = dict(recipe.get("sources") or {}, **source_dates(usage, date))
    new_recipe["history"] = list(recipe.get("history") or []) + [{
        "date": date, "kind": "update", "since": since, "papers_added": len(changes.added), "links_added": len(changes.links),
        "counts_risen": len(changes.risen), "calls": sum(u.total for u in usage)}]
    notes = [n for u in usage for n in u.notes]
    # The same kind of object as the map it updates, made without naming its class (citation_graph imports this module)
    return replace(
        saved,
        graph=updated,
        central=ranking.order,
        backbone=ranking.backbone,
        usage=usage,
        problems=notes,
        seconds=time.monotonic() - started_clock,
        failures=[],
        recipe=new_recipe,
        changes=changes,
        folder=folder,
    )


def write_update(result: CitationGraph, folder: Path, title: str | None = None) -> list[Path]:
    """Write an updated graph's files, changes.csv and its recipe into `folder`; the update is then done
    (its resume state removed). Returns the paths written."""
    from graphx.export import write_csv
    from graphx.outputs import write_outputs

    resolution = folder / "resolution.csv"
    inputs = resolution.read_bytes() if resolution.is_file() and not result.resolutions else None
    written = write_outputs(result, folder, title)
    if inputs is not None:  # how the inputs resolved is the build's, unchanged by an update
        resolution.write_bytes(inputs)
    if result.changes is not None:
        written.append(write_csv(folder / "changes.csv", result.changes.frame()))
    (folder / STATE_FILE).unlink(missing_ok=True)
    return written


__all__ = ["Changes", "update_graph", "write_update"]
