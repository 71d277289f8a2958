"""Writing a built graph to its output folder: GraphML, GEXF, node-link JSON and CSV tables.

Every file is written to a temporary name beside it and renamed into place, so an interrupted run never
leaves a half-written file behind. Every writer works on `export_graph`, a cleaned copy: a graph loaded from
a graph.json someone edited gets the same cleaning as a fresh build, and the caller's graph is never changed.
"""
from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx
import pandas as pd

from graphx.communities import summarise_communities
from graphx.errors import OutputError
from graphx.graph import LIST_SEPARATOR
from graphx.model import clean_text
from graphx.rank import order_by
from graphx.suggest import suggest

NODE_COLUMNS = ["id", "title", "year", "doi", "authors", "venue", "is_seed", "cited_by_count", "local_citations",
                "local_references", "pagerank", "community", "community_label", "hits_authority", "hits_hub", "betweenness",
                "citations_per_year", "similarity", "similarity_reason", "shared_references", "cocited_with_seeds",
                "cites_seeds", "cited_by_seeds", "keyword_strength", "arxiv", "openalex", "s2", "url", "keywords", "sources",
                "abstract"]
EDGE_COLUMNS = ["source", "target", "kind", "weight", "terms", "sources"]
CENTRAL_COLUMNS = ["rank", "id", "title", "year", "pagerank", "local_citations", "local_references", "hits_authority",
                   "hits_hub", "betweenness", "cited_by_count", "citations_per_year", "similarity", "similarity_reason",
                   "community", "community_label", "is_seed", "doi"]
COMMUNITY_COLUMNS = ["community", "label", "size", "seeds", "first_year", "median_year", "last_year", "top_ids", "top_titles"]
SUGGESTION_COLUMNS = ["list", "rank", "id", "title", "year", "score", "reason"]
RESOLUTION_COLUMNS = ["input", "origin", "kind", "status", "node", "title", "method", "score", "source", "reason"]


def _write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    try:  # a folder that cannot be made or written (read-only, under a regular file) is one line, not a traceback
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"{path.parent}: cannot write here ({error.strerror or error}); choose another --out") from None
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write `text` to `path` via a temporary file and a rename."""
    return _write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def json_text(data: object) -> str:
    """`data` as compact JSON (UTF-8 kept as is). Indentation would send json through its pure-Python
    encoder, five to ten times slower: 8 s of a 10,000-work graph's files went to indenting graph.json.

    >>> json_text({"id": "W1", "title": "Über Graphen"})
    '{"id":"W1","title":"Über Graphen"}'
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _clean_value(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


def _clean_attributes(data: dict) -> dict:
    # missing values are left out (GraphML and GEXF writers have no None), text loses XML-illegal characters
    return {clean_text(str(k)): _clean_value(v) for k, v in data.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}


def export_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    r"""A copy of `graph` fit for every writer: ids and text without XML-illegal characters (NUL, other C0
    controls, lone surrogates, U+FFFE/U+FFFF), no None or NaN values. A fresh build is already clean
    (`graphx.graph.build_graph`); a graph loaded from a file may not be.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("W1\x00", title="Null\x00 title", year=None)
    >>> clean = export_graph(g)
    >>> list(clean.nodes(data=True)), list(g)
    ([('W1', {'title': 'Null title'})], ['W1\x00'])
    """
    clean = nx.MultiDiGraph()
    clean.graph.update(_clean_attributes(graph.graph))
    for node, data in graph.nodes(data=True):
        clean.add_node(clean_text(str(node)), **_clean_attributes(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        clean.add_edge(clean_text(str(u)), clean_text(str(v)), key=clean_text(str(key)), **_clean_attributes(data))
    return clean


def nodes_frame(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per paper, the documented columns first, most central first when ranked."""
    rows = [{"id": node, **data} for node, data in graph.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=NODE_COLUMNS + sorted({k for r in rows for k in r} - set(NODE_COLUMNS)))
    if "pagerank" in frame and frame["pagerank"].notna().any():
        frame = frame.sort_values(["pagerank", "local_citations"], ascending=False, kind="stable")
    return frame.astype({"year": "Int64", "cited_by_count": "Int64", "local_citations": "Int64", "local_references": "Int64", "community": "Int64"}, errors="ignore")


def edges_frame(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per link: source, target, kind (cites: source cites target; keyword: undirected), weight, terms."""
    rows = [{"source": u, "target": v, **data} for u, v, data in graph.edges(data=True)]
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def central_frame(graph: nx.MultiDiGraph, order: list[str]) -> pd.DataFrame:
    """Papers ranked most central first, with their scores."""
    rows = [{"rank": rank, "id": node, **graph.nodes[node]} for rank, node in enumerate(order, start=1)]
    return pd.DataFrame(rows, columns=CENTRAL_COLUMNS).astype({"year": "Int64", "cited_by_count": "Int64", "community": "Int64"}, errors="ignore")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made plain text by a leading apostrophe.

    Titles and names come from the web; ``=HYPERLINK(...)`` in one would run when the CSV is opened in
    Excel or LibreOffice (OWASP "CSV injection"). Numbers are left alone, so ``-0.5`` stays a number.

    >>> neutralise_formula("=1+1"), neutralise_formula("@SUM(A1)"), neutralise_formula(-0.5)
    ("'=1+1", "'@SUM(A1)", -0.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def ranking_frame(graph: nx.MultiDiGraph, by: str, top: int) -> pd.DataFrame:
    """The `top` papers by score `by` (see `graphx.rank.SCORES`), with the main scores beside it."""
    columns = ["pagerank", "local_citations", "cited_by_count"]
    shown = [by] + [c for c in columns if c != by]
    rows = []
    for rank, node in enumerate(order_by(graph, by)[:top], start=1):
        data = graph.nodes[node]
        row = {"rank": rank, "id": node, "title": data.get("title", ""), "year": data.get("year")}
        row.update({c: data.get(c) for c in shown})
        if by == "similarity":
            row["why"] = data.get("similarity_reason", "")
        rows.append(row)
    return pd.DataFrame(rows, columns=["rank", "id", "title", "year", *shown] + (["why"] if by == "similarity" else [])).astype({"year": "Int64"})


def communities_frame(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per community, largest first: its label, size, seeds, years and top papers."""
    rows = [asdict(c) | {"community": c.number, "top_ids": LIST_SEPARATOR.join(c.top_ids), "top_titles": LIST_SEPARATOR.join(c.top_titles)}
            for c in summarise_communities(graph)]
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS).astype({"first_year": "Int64", "median_year": "Int64", "last_year": "Int64"})


def suggestions_frame(graph: nx.MultiDiGraph, top: int = 20) -> pd.DataFrame:
    """The reading suggestions (prior, derivative, reviews, missing), each with its reason."""
    return pd.DataFrame([asdict(s) for s in suggest(graph, top)], columns=SUGGESTION_COLUMNS).astype({"year": "Int64"})


def csv_cell(value: object) -> object:
    r"""A text cell every CSV reader splits the same way: line breaks inside it made ``\n`` (a lone CR is a
    row break to LibreOffice and Excel, a CR LF pair becomes two breaks in some readers), formula-like text
    neutralised (see `neutralise_formula`). The writer then quotes every cell holding a line break, a quote
    or the delimiter.

    >>> csv_cell("line one\r\nline two\rthree"), csv_cell("=cmd")
    ('line one\nline two\nthree', "'=cmd")
    """
    if isinstance(value, str):
        value = neutralise_formula(value.replace("\r\n", "\n").replace("\r", "\n"))
    return value


def write_csv(path: Path, frame: pd.DataFrame, sep: str = ",") -> Path:
    """`frame` as CSV (UTF-8, no index, ``\n`` rows) with cells made safe by `csv_cell`; any cell holding a
    line break, a quote or `sep` is quoted, quotes doubled (RFC 4180)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(csv_cell)
    return _write_atomic(path, lambda tmp: safe.to_csv(tmp, index=False, sep=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL,
                                                       encoding="utf-8"))


def write_graph_files(graph: nx.MultiDiGraph, order: list[str], resolutions: Iterable, folder: Path) -> list[Path]:
    """All graph files of a build into `folder`; returns the paths written."""
    from graphx.formats import gexf_text, graphml_text, visual_graph  # formats builds on this module's tables

    graph = visual_graph(graph)  # cleaned once, laid out once (kept if the graph has positions already)
    written = [
        write_text_atomic(folder / "graph.graphml", graphml_text(graph)),
        write_text_atomic(folder / "graph.gexf", gexf_text(graph)),
        write_text_atomic(folder / "graph.json", json_text(nx.node_link_data(graph, edges="edges"))),
        write_csv(folder / "nodes.csv", nodes_frame(graph)),
        write_csv(folder / "edges.csv", edges_frame(graph)),
        write_csv(folder / "central.csv", central_frame(graph, order)),
        write_csv(folder / "communities.csv", communities_frame(graph)),
        write_csv(folder / "suggestions.csv", suggestions_frame(graph)),
        write_csv(folder / "resolution.csv", pd.DataFrame([asdict(r) for r in resolutions], columns=RESOLUTION_COLUMNS)),
    ]
    return written
