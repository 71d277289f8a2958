"""Writing a built graph to its output folder (GraphML, GEXF, node-link JSON and CSV tables) and the tables
themselves (pandas DataFrames, built column by column).

Writers only read: the graph they are given is never changed, and what every output shares (the layout,
sizes and colours) is computed once (`graphx.render.visual.node_visuals`) and handed to each. Files are
written atomically (`graphx.atomic`); the large ones stream, so memory stays flat in the size of the graph.
Text is cleaned as it is written (`graphx.attributes`): a graph loaded from a graph.json someone edited gets
the same cleaning as a fresh build.
"""
from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import networkx as nx
import numpy as np
import pandas as pd

from graphx.atomic import open_atomic, write_atomic
from graphx.attributes import Visuals, clean_attributes, visuals_of
from graphx.errors import InputError
from graphx.graph import LIST_SEPARATOR
from graphx.model import clean_text
from graphx.rank import order_by
from graphx.suggest import READING_LIST, suggest
from graphx.table import Column, GraphTable, chunks, graph_table, joined, rendered_by_kind, taken, text_array, write_items, write_joined

if TYPE_CHECKING:
    import pyarrow as pa

NODE_COLUMNS = ["id", "title", "year", "doi", "authors", "venue", "is_seed", "cited_by_count", "local_citations",
                "local_references", "pagerank", "community", "community_label", "hits_authority", "hits_hub", "betweenness",
                "citations_per_year", "similarity", "similarity_reason", "shared_references", "cocited_with_seeds",
                "cites_seeds", "cited_by_seeds", "keyword_strength", "arxiv", "openalex", "s2", "url", "keywords", "sources",
                "abstract"]
EDGE_COLUMNS = ["source", "target", "kind", "weight", "terms", "sources"]
CENTRAL_COLUMNS = ["rank", "id", "title", "year", "pagerank", "keyword_strength", "local_citations", "local_references",
                   "hits_authority", "hits_hub", "betweenness", "cited_by_count", "citations_per_year", "similarity", "similarity_reason",
                   "community", "community_label", "is_seed", "doi"]
COMMUNITY_COLUMNS = ["community", "label", "size", "seeds", "first_year", "median_year", "last_year", "top_ids", "top_titles"]
SUGGESTION_COLUMNS = ["list", "rank", "id", "title", "year", "score", "reason"]
RESOLUTION_COLUMNS = ["input", "origin", "kind", "status", "node", "title", "method", "score", "source", "reason"]
JSON_CHUNK = 2048  # nodes or links written per call
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps with options builds one per call


def json_text(data: object) -> str:
    """`data` as compact JSON (UTF-8 kept as is). Indentation would send json through its pure-Python
    encoder, five to ten times slower.

    >>> json_text({"id": "W1", "title": "Über Graphen"})
    '{"id":"W1","title":"Über Graphen"}'
    """
    return _COMPACT.encode(data)


def clean_papers(graph: nx.MultiDiGraph, nodes: list[str] | None = None) -> nx.MultiDiGraph:
    r"""The papers `nodes` (default: all) of `graph` as a new graph without links, ids and text cleaned and
    missing values left out: what a bibliography reads, without copying the links.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("W1\x00", title="Null\x00 title", year=None)
    >>> list(clean_papers(g).nodes(data=True)), list(g)
    ([('W1', {'title': 'Null title'})], ['W1\x00'])
    """
    papers = nx.MultiDiGraph()
    for node in graph if nodes is None else nodes:
        papers.add_node(clean_text(str(node)), **clean_attributes(graph.nodes[node]))
    return papers


def write_node_link(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None, table: GraphTable | None = None) -> Path:
    """graph.json: networkx's node-link form (``nx.node_link_graph(data, edges="edges")`` reads it) with the
    picture on each node, streamed: ``directed``, ``multigraph``, ``graph``, then ``nodes`` and ``edges``,
    each link with its ``source``, ``target`` and ``key``; the same text as ``json_text(nx.node_link_data(...))``.
    `table`, the graph already read into columns (`graphx.table.graph_table`), saves reading it again."""
    if table is None:
        table = graph_table(graph, visuals_of(graph, visuals))
    ids = table.id_column()
    nodes = table.attributes.columns | {"id": ids}
    links = table.links.columns | {
        "source": Column(table.source, ids.values),
        "target": Column(table.target, ids.values),
        "key": table.keys,
    }
    with open_atomic(Path(path)) as handle:
        handle.write(json_text({"directed": True, "multigraph": True, "graph": table.graph})[:-1] + ',"nodes":[')
        write_json_objects(handle, nodes, len(table.ids))
        handle.write('],"edges":[')
        write_json_objects(handle, links, table.link_count)
        handle.write("]}")
    return Path(path)


def json_values(kind: type, values: list) -> pa.Array:
    """The JSON text of each of `values` (all of type `kind`), as json.dumps writes it (UTF-8 kept as is)."""
    if kind is str:
        return text_array(map(_json_string, values))
    if kind is float:
        return text_array(map(_json_float, values))
    if kind is int:
        return text_array(map(int.__repr__, values))
    if kind is bool:
        return text_array("true" if value else "false" for value in values)
    return text_array(map(json_text, values))


_json_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C encoder json.dumps uses


def _json_float(value: float) -> str:
    return "Infinity" if value == math.inf else "-Infinity" if value == -math.inf else float.__repr__(value)


def json_members(columns: dict[str, Column]) -> list[tuple[Column, pa.Array]]:
    """Each column's ``"name":value`` JSON text for each of its distinct values."""
    return [(column, rendered_by_kind(column, lambda kind, values, name=name: joined([json_text(name) + ":", json_values(kind, values)])))
            for name, column in columns.items() if column.values]


def json_objects(members: list[tuple[Column, pa.Array]], start: int, stop: int) -> pa.Array:
    """The JSON object of each row from `start` to `stop`: its members present, in column order."""
    parts = [taken(made, column.codes[start:stop]) for column, made in members]
    return joined(["{", joined(parts, ",", skip=True) if parts else "", "}"])


def write_json_objects(handle: TextIO, columns: dict[str, Column], count: int, wrap: tuple[str, str] = ("", "")) -> None:
    """The JSON objects of `count` rows of `columns` written as the members of an array (the brackets are the
    caller's), each inside `wrap`."""
    members = json_members(columns)
    for start, stop in chunks(count):
        items = json_objects(members, start, stop)
        if any(wrap):
            items = joined([wrap[0], items, wrap[1]])
        write_items(handle, items, start == 0)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    # Columns typed as pandas types a table of records: numbers as numbers, an empty column as float NaN.
    frame = frame.infer_objects()
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].isna().all():
            frame[column] = frame[column].astype("float64")
    return frame


def clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the XML-illegal characters taken out of its text (each distinct text cleaned once)."""
    return _map_text(frame, clean_text)


def _map_text(frame: pd.DataFrame, convert: Callable[[str], object], columns: list[str] | None = None) -> pd.DataFrame:
    # `convert` applied to each distinct text of the text columns (of `columns`), once: 3.5 million links
    # carry a few thousand distinct kinds, sources and terms.
    frame = frame.copy(deep=False)
    for column in frame.columns if columns is None else columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            column_values = frame[column]
            codes, uniques = pd.factorize(column_values, use_na_sentinel=True)
            if not len(uniques):  # no text at all
                continue
            cells = np.array(
                [convert(value) if isinstance(value, str) else value for value in uniques.to_numpy(dtype=object)], dtype=object
            )
            converted = column_values.to_numpy(dtype=object, copy=True)  # missing cells stay as they are
            present = codes >= 0
            converted[present] = cells[codes[present]]
            # (Index.take(codes, allow_fill=True) would read the sentinel -1 as the last text in pandas 2.0)
            frame[column] = pd.Series(converted, index=frame.index, dtype=column_values.dtype)
    return frame


def nodes_frame(graph: nx.MultiDiGraph, visuals: Visuals | None = None, table: GraphTable | None = None) -> pd.DataFrame:
    """One row per paper, the documented columns first (then any others, sorted), most central first when
    ranked; with `visuals`, the picture (x, y, size, size_share, colour) as columns too. Built column by
    column from the graph's columns (`table`, `graph_table(graph, visuals)` when not given)."""
    if table is None:
        table = graph_table(graph, visuals)
    columns = table.attributes.columns
    extra = sorted(set(columns) - set(NODE_COLUMNS))
    missing = [None] * len(table.ids)
    data = {"id": list(table.ids), **{name: columns[name].to_list() if name in columns else missing for name in NODE_COLUMNS[1:] + extra}}
    frame = _typed(pd.DataFrame(data, columns=NODE_COLUMNS + extra))
    if "pagerank" in columns and len(table.ids):  # ranked: most central first, in the order every output shows
        from graphx.rank import central_order

        frame = frame.iloc[[table.index[node] for node in central_order(graph)]]
    return frame.astype(
        {"year": "Int64", "cited_by_count": "Int64", "local_citations": "Int64", "local_references": "Int64", "community": "Int64"},
        errors="ignore",
    )


def edges_frame(graph: nx.MultiDiGraph, table: GraphTable | None = None) -> pd.DataFrame:
    """One row per link: source, target, kind (cites: source cites target; keyword: undirected), weight, terms,
    sources; built column by column from the graph's columns (`table`, read here when not given)."""
    if table is None:
        table = graph_table(graph)
    ids = np.array(table.ids, dtype=object)
    columns = table.links.columns
    data = {
        "source": ids[table.source],
        "target": ids[table.target],
        **{
            name: columns[name].to_array() if name in columns else np.full(table.link_count, None, dtype=object)
            for name in EDGE_COLUMNS[2:]
        },
    }
    return _typed(pd.DataFrame(data, columns=EDGE_COLUMNS))


def central_frame(graph: nx.MultiDiGraph, order: list[str], table: GraphTable | None = None) -> pd.DataFrame:
    """Papers ranked most central first, with their scores (from the graph's columns, `table`, when given)."""
    if table is None:
        table = graph_table(graph)
    rows = np.array([table.index[node] for node in order], dtype=np.int64)
    columns = table.attributes.columns
    ids = np.array(table.ids, dtype=object)
    data = {"rank": list(range(1, len(order) + 1)), "id": ids[rows].tolist() if len(rows) else [],
            **{name: columns[name].to_array()[rows].tolist() if name in columns else [None] * len(rows) for name in CENTRAL_COLUMNS[2:]}}
    frame = _typed(pd.DataFrame(data, columns=CENTRAL_COLUMNS))
    return frame.astype({"year": "Int64", "cited_by_count": "Int64", "community": "Int64"}, errors="ignore")


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
    """The `top` papers by score `by` (see `graphx.rank.SCORES`), with the main scores beside it. An unknown
    score, or a `top` below 1, is an InputError naming what is valid (not a column of blanks, not every paper)."""
    from graphx.scores import SCORES

    if by not in SCORES:
        raise InputError(f"unknown score {by!r} (expected one of: {', '.join(SCORES)})")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise InputError(f"top must be ≥ 1 (got {top!r})")
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
    return pd.DataFrame(rows, columns=["rank", "id", "title", "year", *shown] + (["why"] if by == "similarity" else [])).astype(
        {"year": "Int64"}
    )


def communities_frame(graph: nx.MultiDiGraph, communities: list | None = None) -> pd.DataFrame:
    """One row per community, largest first: its label, size, seeds, years and top papers (`communities`:
    `summarise_communities(graph)` when already made, as the analysis step makes it)."""
    from graphx.communities import summarise_communities

    found = summarise_communities(graph) if communities is None else communities
    rows = [asdict(c) | {"community": c.number, "top_ids": LIST_SEPARATOR.join(c.top_ids), "top_titles": LIST_SEPARATOR.join(c.top_titles)}
            for c in found]
    return clean_frame(pd.DataFrame(rows, columns=COMMUNITY_COLUMNS)).astype(
        {"first_year": "Int64", "median_year": "Int64", "last_year": "Int64"}
    )


def suggestions_frame(graph: nx.MultiDiGraph, top: int = READING_LIST, suggestions: list | None = None) -> pd.DataFrame:
    """The reading suggestions (prior, derivative, reviews, missing), each with its reason (`suggestions`:
    `suggest(graph, top)` when already made)."""
    found = suggest(graph, top) if suggestions is None else suggestions
    return clean_frame(pd.DataFrame([asdict(s) for s in found], columns=SUGGESTION_COLUMNS)).astype({"year": "Int64"})


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
    line break, a quote or `sep` is quoted, quotes doubled (RFC 4180). Each distinct text is made safe once."""
    safe = _map_text(frame, csv_cell)
    if sep != "," or not len(safe) or any(safe[name].dtype == object for name in safe.columns):
        return write_atomic(path, lambda tmp: safe.to_csv(tmp, index=False, sep=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL,
                                                          encoding="utf-8"))
    # Typed columns (numbers, text, booleans): each column's texts as pandas writes them (its str of the value,
    # missing as empty), quoted as the csv module does, the rows joined by pyarrow
    cells = [csv_texts(_column_texts(safe[name])) for name in safe.columns]
    with open_atomic(Path(path)) as handle:
        handle.write(",".join(csv_texts(text_array(map(str, safe.columns))).to_pylist()) + "\n")
        for start, stop in chunks(len(safe)):
            write_joined(handle, joined([joined([cell[start:stop] for cell in cells], ","), "\n"]))
    return Path(path)


def _column_texts(column: pd.Series) -> pa.Array:
    # A typed column's texts as pandas writes them: its str of each value, missing as empty; a text column
    # handed to pyarrow as it is (no Python string made per cell)
    import pyarrow as pa

    if pd.api.types.is_string_dtype(column):
        try:
            return pa.array(column, type=pa.large_string(), from_pandas=True).fill_null("")
        except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
            pass
    return text_array(column.astype(str).where(column.notna(), "").tolist())


def csv_texts(texts: pa.Array) -> pa.Array:
    """Each text as a CSV cell written with minimal quoting (the csv module's rule: quoted when it holds the
    delimiter, a quote or a line break, its quotes doubled), vectorised."""
    import pyarrow.compute as pc

    quoted = joined(['"', pc.replace_substring(texts, '"', '""'), '"'])
    return pc.if_else(pc.match_substring_regex(texts, '[,"\r\n]'), quoted, texts)


def _csv_values(kind: type, values: list) -> pa.Array:
    # A cell as `write_csv` writes it: text made safe (`csv_cell`), other values as the csv module writes them
    return csv_texts(text_array(map(csv_cell, values)) if kind is str else text_array(map(str, values)))


def write_edges_csv(graph: nx.MultiDiGraph, path: Path, table: GraphTable | None = None) -> Path:
    """edges.csv: the text `write_csv(path, edges_frame(graph))` writes, built from the graph's columns
    (`table`, read here when not given): each distinct cell made once, the rows joined by pyarrow (the table
    of 3.5 million links at 100,000 papers is never built)."""
    if table is None:
        table = graph_table(graph)
    ids = _csv_values(str, table.ids)
    columns = table.links.columns
    cells = [(columns[name], rendered_by_kind(columns[name], _csv_values)) for name in EDGE_COLUMNS[2:] if name in columns]
    places = [name for name in EDGE_COLUMNS[2:]]
    with open_atomic(Path(path)) as handle:
        handle.write(",".join(EDGE_COLUMNS) + "\n")
        for start, stop in chunks(table.link_count):
            rows = slice(start, stop)
            made = {
                name: taken(texts, column.codes[rows])
                for name, (column, texts) in zip([n for n in places if n in columns], cells, strict=True)
            }
            write_joined(handle, joined([joined([taken(ids, table.source[rows]), taken(ids, table.target[rows]),
                                                 *[made.get(name, "") for name in places]], ","), "\n"]))
    return Path(path)


def write_graph_files(graph: nx.MultiDiGraph, order: list[str], resolutions: Iterable, folder: Path,
                      visuals: Visuals | None = None, suggestions: list | None = None, communities: list | None = None) -> list[Path]:
    """All graph files of a build into `folder`, drawn as `visuals` (`node_visuals(graph)`, computed here when
    not given), with the reading lists `suggestions` and the `communities` the analysis step made (`graphx.analysis`;
    made here when not given); returns the paths written. The graph is read once into columns
    (`graphx.table.graph_table`) and every file is written from them; the graph is left as it was."""
    from graphx.xmlgraph import write_gexf, write_graphml

    table = graph_table(graph, visuals_of(graph, visuals))
    return [
        write_graphml(graph, folder / "graph.graphml", table=table),
        write_gexf(graph, folder / "graph.gexf", table=table),
        write_node_link(graph, folder / "graph.json", table=table),
        write_csv(folder / "nodes.csv", nodes_frame(graph, table=table)),
        write_edges_csv(graph, folder / "edges.csv", table=table),
        write_csv(folder / "central.csv", central_frame(graph, order, table=table)),
        write_csv(folder / "communities.csv", communities_frame(graph, communities)),
        write_csv(folder / "suggestions.csv", suggestions_frame(graph, suggestions=suggestions)),
        write_csv(folder / "resolution.csv", pd.DataFrame([asdict(r) for r in resolutions], columns=RESOLUTION_COLUMNS)),
    ]
