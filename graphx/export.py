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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

import networkx as nx
import numpy as np
import pandas as pd

from graphx.atomic import open_atomic, write_atomic
from graphx.attributes import (
    Visuals,
    clean_attributes,
    clean_ids,
    edge_rows,
    missing,
    pictured_nodes,
    remember_shape,
    remembered,
    remembered_shape,
    shape,
    visuals_of,
)
from graphx.graph import LIST_SEPARATOR
from graphx.model import clean_text
from graphx.rank import order_by
from graphx.suggest import READING_LIST, suggest

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


def write_node_link(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> Path:
    """graph.json: networkx's node-link form (``nx.node_link_graph(data, edges="edges")`` reads it) with the
    picture on each node, streamed: ``directed``, ``multigraph``, ``graph``, then ``nodes`` and ``edges``,
    each link with its ``source``, ``target`` and ``key``; the same text as ``json_text(nx.node_link_data(...))``."""
    visuals = visuals_of(graph, visuals)
    with open_atomic(Path(path)) as handle:
        handle.write(json_text({"directed": True, "multigraph": True, "graph": clean_attributes(graph.graph)})[:-1] + ',"nodes":[')
        write_json_items(handle, (json_text({**attributes, "id": node}) for node, attributes in pictured_nodes(graph, visuals)))
        handle.write('],"edges":[')
        write_json_items(handle, _json_edges(graph))
        handle.write("]}")
    return Path(path)


def json_pieces() -> Callable[[str, object], str]:
    """A function making the JSON text of one ``"name":value`` member (empty for a missing value, text
    cleaned), remembering its answers: a link's members repeat over millions of links, and
    ``"{" + ",".join(pieces) + "}"`` is the text json.dumps makes of the link's dict, without the dict.

    >>> piece = json_pieces()
    >>> piece("kind", "cites"), piece("weight", 1.0), piece("terms", None)
    ('"kind":"cites"', '"weight":1.0', '')
    """
    made: dict[tuple, str] = {}

    def make(name: str, value: object) -> str:
        return "" if missing(value) else json_text({name: clean_text(value) if isinstance(value, str) else value})[1:-1]

    def piece(name: str, value: object) -> str:
        token = (name, value.__class__, value)
        try:
            return made[token]
        except KeyError:
            text = make(name, value)
            if len(made) < 1 << 16:
                made[token] = text
            return text
        except TypeError:  # a value that cannot be a dict key
            return make(name, value)

    return piece


def _json_edges(graph: nx.MultiDiGraph) -> Iterator[str]:
    quoted = {node: json_text(clean) for node, clean in clean_ids(graph).items()}
    piece = json_pieces()
    bodies: dict[tuple, tuple[str, str]] = {}  # each shape of link (`graphx.attributes.shape`) made once
    for u, v, key, data in edge_rows(graph, quoted):
        if "source" in data or "target" in data or "key" in data:  # names the link's own fields take over
            item = {name: clean_text(value) if isinstance(value, str) else value for name, value in data.items() if not missing(value)}
            yield json_text(item | {"source": json.loads(u), "target": json.loads(v), "key": clean_text(str(key))})
            continue
        token = shape(key, data)
        body = remembered_shape(bodies, token)
        if body is None:
            members = [made for made in [piece(name, value) for name, value in data.items()] if made]
            body = "".join(f"{member}," for member in members), piece("key", key if key.__class__ is str else str(key))
            remember_shape(bodies, token, body)
        yield f'{{{body[0]}"source":{u},"target":{v},{body[1]}}}'


def write_json_items(handle: TextIO, items: Iterable[str]) -> None:
    """JSON texts `items` written as the members of an array (the brackets are the caller's), in chunks."""
    chunk: list[str] = []
    first = True
    for item in items:
        chunk.append(item)
        if len(chunk) == JSON_CHUNK:
            handle.write(("" if first else ",") + ",".join(chunk))
            chunk, first = [], False
    if chunk:
        handle.write(("" if first else ",") + ",".join(chunk))


def _columns(rows: list[dict], names: list[str]) -> dict[str, list]:
    return {name: [row.get(name) for row in rows] for name in names}


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
            cells = np.array([convert(value) if isinstance(value, str) else value for value in uniques], dtype=object)
            converted = column_values.to_numpy(dtype=object, copy=True)  # missing cells stay as they are
            present = codes >= 0
            converted[present] = cells[codes[present]]
            # (Index.take(codes, allow_fill=True) would read the sentinel -1 as the last text in pandas 2.0)
            frame[column] = pd.Series(converted, index=frame.index, dtype=column_values.dtype)
    return frame


def nodes_frame(graph: nx.MultiDiGraph, visuals: Visuals | None = None) -> pd.DataFrame:
    """One row per paper, the documented columns first (then any others, sorted), most central first when
    ranked; with `visuals`, the picture (x, y, size, size_share, colour) as columns too."""
    if visuals is None:
        ids, rows = [clean_text(str(n)) for n in graph], [clean_attributes(d) for _, d in graph.nodes(data=True)]
    else:
        ids, rows = [], []
        for node, attributes in pictured_nodes(graph, visuals):
            ids.append(node)
            rows.append(attributes)
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    extra = sorted(set(names) - set(NODE_COLUMNS))
    frame = _typed(pd.DataFrame({"id": ids, **_columns(rows, NODE_COLUMNS[1:] + extra)}, columns=NODE_COLUMNS + extra))
    if "pagerank" in frame and frame["pagerank"].notna().any():
        frame = frame.sort_values(["pagerank", "local_citations"], ascending=False, kind="stable")
    return frame.astype(
        {"year": "Int64", "cited_by_count": "Int64", "local_citations": "Int64", "local_references": "Int64", "community": "Int64"},
        errors="ignore",
    )


def edges_frame(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per link: source, target, kind (cites: source cites target; keyword: undirected), weight, terms,
    sources; read column by column."""
    ids = clean_ids(graph)
    sources, targets, kinds, weights, terms, reporters = [], [], [], [], [], []
    for u, v, data in graph.edges(data=True):
        sources.append(ids[u])
        targets.append(ids[v])
        kinds.append(data.get("kind"))
        weights.append(data.get("weight"))
        terms.append(data.get("terms"))
        reporters.append(data.get("sources"))
    columns = {"source": sources, "target": targets, "kind": kinds, "weight": weights, "terms": terms, "sources": reporters}
    frame = _typed(pd.DataFrame(columns, columns=EDGE_COLUMNS))
    return _map_text(frame, clean_text, ["kind", "terms", "sources"])  # the ids are clean already


def central_frame(graph: nx.MultiDiGraph, order: list[str]) -> pd.DataFrame:
    """Papers ranked most central first, with their scores."""
    rows = [clean_attributes(graph.nodes[node]) for node in order]
    columns = {"rank": list(range(1, len(order) + 1)), "id": [clean_text(str(n)) for n in order], **_columns(rows, CENTRAL_COLUMNS[2:])}
    frame = _typed(pd.DataFrame(columns, columns=CENTRAL_COLUMNS))
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
    return pd.DataFrame(rows, columns=["rank", "id", "title", "year", *shown] + (["why"] if by == "similarity" else [])).astype(
        {"year": "Int64"}
    )


def communities_frame(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per community, largest first: its label, size, seeds, years and top papers."""
    from graphx.communities import summarise_communities

    rows = [asdict(c) | {"community": c.number, "top_ids": LIST_SEPARATOR.join(c.top_ids), "top_titles": LIST_SEPARATOR.join(c.top_titles)}
            for c in summarise_communities(graph)]
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
    return write_atomic(path, lambda tmp: safe.to_csv(tmp, index=False, sep=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL,
                                                      encoding="utf-8"))


def write_edges_csv(graph: nx.MultiDiGraph, path: Path) -> Path:
    """edges.csv: the text `write_csv(path, edges_frame(graph))` writes, streamed row by row through the csv
    module's C writer (the table of 3.5 million links at 100,000 papers is never built)."""
    ids = {node: csv_cell(clean) for node, clean in clean_ids(graph).items()}
    cell = remembered(lambda text: csv_cell(clean_text(text)))

    def shown(value: object) -> object:
        if value is None or value != value:
            return ""
        return cell(value) if value.__class__ is str else value

    def rows() -> Iterator[tuple]:
        known: dict[tuple, tuple] = {}  # the cells of each shape of link, made once
        for u, v, _, data in edge_rows(graph, ids):
            token = shape(None, data)
            cells = remembered_shape(known, token)
            if cells is None:
                cells = (shown(data.get("kind")), shown(data.get("weight")), shown(data.get("terms")), shown(data.get("sources")))
                remember_shape(known, token, cells)
            yield (u, v, *cells)

    with open_atomic(Path(path)) as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(EDGE_COLUMNS)
        writer.writerows(rows())
    return Path(path)


def write_graph_files(graph: nx.MultiDiGraph, order: list[str], resolutions: Iterable, folder: Path,
                      visuals: Visuals | None = None, suggestions: list | None = None) -> list[Path]:
    """All graph files of a build into `folder`, drawn as `visuals` (`node_visuals(graph)`, computed here when
    not given); returns the paths written. The graph is left as it was."""
    from graphx.xmlgraph import write_gexf, write_graphml

    visuals = visuals_of(graph, visuals)
    return [
        write_graphml(graph, folder / "graph.graphml", visuals),
        write_gexf(graph, folder / "graph.gexf", visuals),
        write_node_link(graph, folder / "graph.json", visuals),
        write_csv(folder / "nodes.csv", nodes_frame(graph, visuals)),
        write_edges_csv(graph, folder / "edges.csv"),
        write_csv(folder / "central.csv", central_frame(graph, order)),
        write_csv(folder / "communities.csv", communities_frame(graph)),
        write_csv(folder / "suggestions.csv", suggestions_frame(graph, suggestions=suggestions)),
        write_csv(folder / "resolution.csv", pd.DataFrame([asdict(r) for r in resolutions], columns=RESOLUTION_COLUMNS)),
    ]
