"""The graph in the formats other tools read, each looking like the page where the format allows.

- GraphML (Gephi, Cytoscape, yEd, graphology, igraph): one ``<edge>`` per link with a unique id, ``label``
  (the title) and ``kind`` keys, and the node attributes Gephi's importer turns into a picture (``x``, ``y``,
  ``size``, ``r``, ``g``, ``b``), y pointing up as in Gephi; Cytoscape and yEd read the rest as columns;
- GEXF 1.3 (Gephi): ``viz:`` colour, size and position, labels set to titles, the title of the graph in
  ``<meta>``, citations directed and keyword links ``type="undirected"``, each edge's ``kind`` set, so a
  citation and a keyword link between the same two papers stay two edges (networkx writes GEXF 1.2; graphx
  moves it to the 1.3 namespaces and adds what 1.3 has);
- Cytoscape.js JSON (``elements`` with data and positions, ``directed``/``multigraph`` flags and the
  ``preset`` layout named), which Cytoscape desktop and networkx's ``cytoscape_graph`` read too;
- VOSviewer map and network files (tab-separated, integer ids, clusters from the communities, text quoted);
- Pajek ``.net`` (citations as arcs; keyword links in a second file, since igraph cannot read a mix);
- Parquet node and edge tables when pyarrow is installed;
- bibliographies of chosen papers (BibTeX, RIS, CSL-JSON; see `graphx.bibliography`).

Every writer only reads the graph it is given; the picture (positions, sizes, colours) comes from
`graphx.render.visual.node_visuals`, computed once by the caller or here. All are written atomically
(`graphx.atomic`); pure functions build the small ones, the large ones stream.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from graphx.atomic import open_atomic, write_atomic, write_text_atomic
from graphx.errors import InputError, SetupError
from graphx.model import clean_text

if TYPE_CHECKING:  # the CLI lists FORMATS in its help: nothing heavy at import, each writer imports its own
    import networkx as nx
    import pandas as pd

    from graphx.attributes import Visuals
    from graphx.table import GraphTable

    Writer = Callable[[nx.MultiDiGraph, Path, Visuals | None], list[Path]]


def write_cytoscape(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None, table: GraphTable | None = None) -> Path:
    """Cytoscape.js JSON: nodes with data and position, edges with a unique id, source, target, ``key`` (the
    link's kind), kind and weight; ``directed`` and ``multigraph`` set, and the ``preset`` layout named.

    ``cytoscape(json)`` in cytoscape.js draws the page's positions because of ``layout: {name: "preset"}``
    (without it cytoscape.js lays the graph out afresh); Cytoscape desktop and networkx's ``cytoscape_graph``
    read the flags, so citations stay directed and a citation beside a keyword link stays two edges.

    Written from the graph's columns (`graphx.table.graph_table`; `table` when already read), each distinct
    value's JSON made once.
    """
    from graphx.attributes import visuals_of
    from graphx.export import json_members, json_objects, json_text
    from graphx.table import Column, chunks, graph_table, joined, taken, text_array, write_items
    from graphx.xmlgraph import DEFAULT_NAME, node_labels

    if table is None:
        table = graph_table(graph, visuals_of(graph, visuals))
    ids = table.id_column()
    # "name" is Cytoscape's display label and "value" the id, as networkx's cytoscape_data writes them
    data = {"id": ids, "value": ids, "name": node_labels(table)}
    for name, column in table.attributes.columns.items():
        if name not in ("x", "y"):
            data[name] = column.over(data[name]) if name in data else column
    position = json_members({name: table.attributes.columns[name] for name in ("x", "y") if name in table.attributes.columns})
    links = {**table.links.columns, "id": None, "source": Column(table.source, ids.values), "target": Column(table.target, ids.values),
             "key": table.keys}
    members = json_members({name: column for name, column in links.items() if column is not None})
    inside = text_array(json_text(text)[1:-1] for text in ids.values)  # an id inside a JSON string
    key_inside = text_array(json_text(text)[1:-1] for text in table.keys.values)
    id_at = [name for name, column in links.items() if column is None or column.values].index("id")
    with open_atomic(Path(path)) as handle:
        name = table.graph.get("name", DEFAULT_NAME)
        handle.write(json_text({"data": {"name": name}, "directed": True, "multigraph": True, "layout": {"name": "preset"}})[:-1]
                     + ',"elements":{"nodes":[')
        node_members = json_members(data)
        for start, stop in chunks(len(table.ids)):
            write_items(handle, joined(['{"data":', json_objects(node_members, start, stop), ',"position":',
                                         json_objects(position, start, stop), "}"]), start == 0)
        handle.write('],"edges":[')
        for start, stop in chunks(table.link_count):
            rows = slice(start, stop)
            parts = [taken(texts, column.codes[rows]) for column, texts in members]
            parts.insert(id_at, joined(['"id":"', taken(key_inside, table.keys.codes[rows]), ":", taken(inside, table.source[rows]), "->",
                                        taken(inside, table.target[rows]), '"']))
            write_items(handle, joined(['{"data":{', joined(parts, ",", skip=True), "}}"]), start == 0)
        handle.write("]}}")
    return Path(path)


VOSVIEWER_COLUMNS = ["id", "label", "description", "url", "x", "y", "cluster", "weight<Citations>", "weight<Links>", "score<Pub. year>"]


def vosviewer_frames(
    graph: nx.MultiDiGraph, visuals: Visuals | None = None, table: GraphTable | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(map, network) tables for VOSviewer: items numbered from 1, clusters from 1, links summed per pair.

    Weights are local citations (VOSviewer's item size); scores are publication years (its overlay colours).
    VOSviewer needs a score for every item, so a paper without a year gets the median year of the others and
    its description says "year unknown"; with no year at all the score column is left out. Descriptions are
    HTML to VOSviewer, so their text is escaped; text a spreadsheet would run as a formula is neutralised
    (the manual suggests editing the map in Excel). Read from the graph's columns (`table` when given).
    """
    import html
    import statistics

    import numpy as np
    import pandas as pd

    from graphx.attributes import visuals_of
    from graphx.export import neutralise_formula
    from graphx.table import graph_table

    if table is None:
        table = graph_table(graph, visuals_of(graph, visuals))
    count = len(table.ids)

    def column(name: str) -> list:
        found = table.attributes.columns.get(name)
        return found.to_list() if found is not None else [None] * count

    years = [int(y) for y in column("year") if y not in (None, "")]
    fill = int(statistics.median_low(years)) if years else None
    degrees = (np.bincount(table.source, minlength=count) + np.bincount(table.target, minlength=count)).tolist()
    items = []
    for number, (node, title, authors, year, venue, doi, url, x, y, community, cited, degree) in enumerate(zip(
            table.nodes, column("title"), column("authors"), column("year"), column("venue"), column("doi"), column("url"), column("x"),
            column("y"), column("community"), column("local_citations"), degrees, strict=True), start=1):
        description = f"{'' if authors is None else authors} ({year if year else 'year unknown'}){f' {venue}' if venue else ''}"
        items.append({
            "id": number, "label": neutralise_formula(_one_line(title or node)[:200]),
            "description": neutralise_formula(html.escape(_one_line(description)[:500], quote=False)),
            "url": f"https://doi.org/{doi}" if doi else str(url or ""),
            "x": round(x / 100, 4), "y": round(-y / 100, 4), "cluster": int(community or 0) + 1,
            "weight<Citations>": int(cited or 0), "weight<Links>": degree,
            "score<Pub. year>": int(year) if year not in (None, "") else fill,
        })
    columns = VOSVIEWER_COLUMNS if fill is not None else VOSVIEWER_COLUMNS[:-1]
    links = pd.DataFrame(_summed_links(table), columns=["source", "target", "strength"])
    return pd.DataFrame(items, columns=columns), links


def _summed_links(table: GraphTable) -> dict[str, list]:
    # Links summed per unordered pair of item numbers (weights in link order, as a running sum would add
    # them), pairs in order, each sum rounded to 4 places; without self-links. In numpy: millions of links.
    import numpy as np

    count = len(table.ids)
    weights = table.links.columns.get("weight")
    if weights is None:
        weight = np.ones(table.link_count)
    else:  # a missing weight counts 1
        weight = np.array([float(value) for value in weights.values] + [1.0])[weights.codes]
    first, second = table.source + 1, table.target + 1
    low, high = np.minimum(first, second), np.maximum(first, second)
    keep = low != high
    pairs, inverse = np.unique(low[keep] * (count + 1) + high[keep], return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=weight[keep], minlength=len(pairs))
    return {"source": (pairs // (count + 1)).tolist(), "target": (pairs % (count + 1)).tolist(),
            "strength": [round(value, 4) for value in sums.tolist()]}


def pajek_text(graph: nx.MultiDiGraph, kind: str = "cites", table: GraphTable | None = None) -> str:
    """Pajek ``.net`` of one kind of link: numbered vertices labelled with titles, then citations as
    ``*Arcs`` (source cites target) or keyword links as ``*Edges`` with their weights.

    One kind per file: igraph cannot read ``*Arcs`` and ``*Edges`` in one file and would read every citation
    as undirected. Read from the graph's columns (`table` when given).
    """
    import numpy as np

    from graphx.table import Column, graph_table, joined, rendered, taken
    from graphx.xmlgraph import node_labels

    if table is None:
        table = graph_table(graph)
    lines = [f"*Vertices {len(table.ids)}"]
    lines += [f'{i} "{_one_line(label).replace(chr(34), chr(39))}"' for i, label in enumerate(node_labels(table).to_list(), start=1)]
    chosen = np.flatnonzero(np.isin(table.keys.codes, [code for code, key in enumerate(table.keys.values) if key == kind]))
    if kind == "cites":
        lines.append("*Arcs")
        weights = "1"
    else:
        lines.append("*Edges")
        found = table.links.columns.get("weight")
        found = found if found is not None else Column(np.full(table.link_count, -1, dtype=np.int64), [])
        weights = taken(rendered(found, lambda value: f"{float(value):.4f}"), found.codes[chosen])
        weights = weights.fill_null("1.0000")
    if len(chosen):
        numbered = joined([_numbers(table.source[chosen] + 1), " ", _numbers(table.target[chosen] + 1), " ", weights])
        lines += numbered.to_pylist()
    return "\n".join(lines) + "\n"


def _numbers(values: object) -> object:
    import pyarrow as pa

    return pa.array(values).cast(pa.large_string())


def _one_line(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _write_vosviewer(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    items, links = vosviewer_frames(graph, visuals)
    base = path.with_suffix("")
    map_path, network_path = Path(f"{base}_map.txt"), Path(f"{base}_network.txt")
    # Every text cell in double quotes (VOSviewer's rule for text holding a comma, semicolon or tab; quotes doubled)
    return [write_atomic(map_path, lambda tmp: items.to_csv(tmp, sep="\t", index=False, quoting=csv.QUOTE_NONNUMERIC,
                                                            lineterminator="\n", encoding="utf-8")),
            write_atomic(network_path, lambda tmp: links.to_csv(tmp, sep="\t", index=False, header=False, lineterminator="\n"))]


def _write_pajek(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    from graphx.table import graph_table

    table = graph_table(graph)
    written = [write_text_atomic(path, pajek_text(graph, "cites", table))]
    if "keyword" in table.keys.values and (table.keys.codes == table.keys.values.index("keyword")).any():
        written.append(write_text_atomic(Path(f"{path.with_suffix('')}_keywords{path.suffix}"), pajek_text(graph, "keyword", table)))
    return written


def _write_parquet(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    from graphx.export import edges_frame, nodes_frame

    try:
        import pyarrow  # noqa: F401  (pandas needs it for Parquet)
    except ImportError:
        raise SetupError("Parquet needs pyarrow: pip install pyarrow") from None
    from graphx.table import graph_table

    base = path.with_suffix("")
    table = graph_table(graph)  # read once for both tables
    return [write_atomic(Path(f"{base}_nodes.parquet"), lambda tmp: nodes_frame(graph, table=table).to_parquet(tmp, index=False)),
            write_atomic(Path(f"{base}_edges.parquet"), lambda tmp: edges_frame(graph, table=table).to_parquet(tmp, index=False))]


def _write_graphml(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    from graphx.xmlgraph import write_graphml

    return [write_graphml(graph, path, visuals)]


def _write_gexf(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    from graphx.xmlgraph import write_gexf

    return [write_gexf(graph, path, visuals)]


def _write_cytoscape(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    return [write_cytoscape(graph, path, visuals)]


def _write_json(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    from graphx.export import write_node_link

    return [write_node_link(graph, path, visuals)]


def _write_csv(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> list[Path]:
    from graphx.export import nodes_frame, write_csv, write_edges_csv
    from graphx.table import graph_table

    base = path.with_suffix("")
    table = graph_table(graph)  # read once for both tables
    return [write_csv(Path(f"{base}_nodes.csv"), nodes_frame(graph, table=table)), write_edges_csv(graph, Path(f"{base}_edges.csv"), table)]


def _bibtex(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    from graphx.bibliography import bibtex_text

    return bibtex_text(graph, nodes)


def _bibtex_ascii(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    from graphx.bibliography import bibtex_text

    return bibtex_text(graph, nodes, ascii_only=True)


def _ris(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    from graphx.bibliography import ris_text

    return ris_text(graph, nodes)


def _csljson(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    from graphx.bibliography import csl_json

    return json.dumps(csl_json(graph, nodes), ensure_ascii=False, indent=1)


# Every format, its file's extension and its writer, declared here once. The writers import what they use when
# they run, so that this table (and `graphx export --help`, which lists it) loads nothing heavy.
GRAPH_FORMATS: dict[str, tuple[str, Writer]] = {
    "graphml": (".graphml", _write_graphml),
    "gexf": (".gexf", _write_gexf),
    "cytoscape": (".cyjs", _write_cytoscape),
    "json": (".json", _write_json),
    "csv": (".csv", _write_csv),
    "vosviewer": (".txt", _write_vosviewer),
    "pajek": (".net", _write_pajek),
    "parquet": (".parquet", _write_parquet),
}
BIBLIOGRAPHY_FORMATS: dict[str, tuple[str, Callable[[nx.MultiDiGraph, list[str]], str]]] = {
    "bibtex": (".bib", _bibtex),
    "bibtex-ascii": (".bib", _bibtex_ascii),
    "ris": (".ris", _ris),
    "csljson": (".json", _csljson),
}
FORMATS = [*GRAPH_FORMATS, *BIBLIOGRAPHY_FORMATS]


# The files a build writes into its folder, each with the format that writes the same file ("html": `graphx
# render`; None: nothing but a build): an export must not overwrite one of them with anything else (`refuse_overwrite`).
BUILD_FILES: dict[str, str | None] = {
    "graph.html": "html", "build.json": None, "graph.graphml": "graphml", "graph.gexf": "gexf", "graph.json": "json",
    "nodes.csv": None, "edges.csv": None, "central.csv": None, "communities.csv": None, "suggestions.csv": None,
    "resolution.csv": None, "changes.csv": None,
}


def selection_name(top: int | None = None, by: str = "pagerank", seeds: bool = False, community: int | None = None) -> str:
    """What a selection of papers holds, as a file name's part: "" for the whole graph, else ``seeds``,
    ``community-3``, ``top5`` (``top5-similarity`` when not by PageRank), joined by ``-``.

    >>> selection_name(), selection_name(top=5), selection_name(top=30, by="similarity", community=2)
    ('', 'top5', 'community-2-top30-similarity')
    """
    parts = ["seeds"] if seeds else []
    if community is not None:
        parts.append(f"community-{community}")
    if top:
        parts.append(f"top{top}" + ("" if by == "pagerank" else f"-{by}"))
    return "-".join(parts)


def default_name(fmt: str, selection: str = "") -> str:
    """The file name an export gets when none is given: ``graph.cyjs``, ``papers.bib``, ``papers-ascii.bib``;
    a selection (`selection_name`) says what it holds (``graph-top5.gexf``), so it never takes the name of
    one of a build's own files, which hold the whole graph.

    >>> default_name("gexf"), default_name("gexf", "top5"), default_name("bibtex-ascii"), default_name("csv", "seeds")
    ('graph.gexf', 'graph-top5.gexf', 'papers-ascii.bib', 'graph-csv-seeds.csv')
    """
    if fmt in BIBLIOGRAPHY_FORMATS:
        stem = "papers-ascii" if fmt == "bibtex-ascii" else "papers"
        extension = BIBLIOGRAPHY_FORMATS[fmt][0]
    else:
        stem = "graph-" + fmt if fmt in ("json", "csv", "parquet") else "graph"
        extension = GRAPH_FORMATS[fmt][0]
    return "-".join(filter(None, [stem, selection])) + extension


def refuse_overwrite(path: Path, fmt: str, selection: str, graph_folder: Path) -> None:
    """Refuse (InputError, exit 2) to write an export (or, `fmt` "html", a page) over one of a build's own files,
    unless it is the whole graph (`selection` "") in that file's own format: the same content, written again. A
    build's folder is the graph's own folder or any folder holding a build.json."""
    folder = path.parent
    own_folder = folder.resolve() == graph_folder.resolve() or (folder / "build.json").is_file()
    if not own_folder or path.name not in BUILD_FILES or (not selection and BUILD_FILES[path.name] == fmt):
        return
    what = f"a selection ({selection})" if selection else "a page" if fmt == "html" else fmt
    default = "graph.html" if fmt == "html" else default_name(fmt, selection)
    raise InputError(f"--out {path}: would overwrite the build's own {path.name} with {what}; leave out --out "
                     f"(it writes {default}) or give another name")


def write_format(graph: nx.MultiDiGraph, fmt: str, path: Path, nodes: list[str] | None = None,
                 visuals: Visuals | None = None) -> list[Path]:
    """Write `graph` (or the papers `nodes`, most central first) as `fmt` to `path` or files named after it;
    the graph is left as it was.

    Graph formats take the subgraph of `nodes` (sized and laid out as a graph of its own); `visuals`, the
    whole graph's `node_visuals`, saves computing the picture again. Bibliography formats list `nodes`
    (default: every paper).
    """
    import networkx as nx

    from graphx.export import clean_papers
    from graphx.rank import central_order

    if fmt in BIBLIOGRAPHY_FORMATS:
        chosen = nodes if nodes is not None else central_order(graph)
        papers = clean_papers(graph, [n for n in dict.fromkeys(chosen) if n in graph])
        return [write_text_atomic(Path(path), BIBLIOGRAPHY_FORMATS[fmt][1](papers, [clean_text(str(n)) for n in chosen]))]
    if fmt not in GRAPH_FORMATS:
        raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if nodes is None:
        return GRAPH_FORMATS[fmt][1](graph, Path(path), visuals)
    chosen = set(nodes)  # a view in the graph's own order (networkx's subgraph follows a set's order, which varies by run)
    return GRAPH_FORMATS[fmt][1](nx.subgraph_view(graph, filter_node=chosen.__contains__), Path(path), None)
