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

All are written atomically through `graphx.export`, from `graphx.export.export_graph`'s cleaned copy. Pure
functions build the content; only `write_format` touches the disk.
"""
from __future__ import annotations

import csv
import re
from xml.etree import ElementTree
from pathlib import Path
from typing import Callable

import networkx as nx
import pandas as pd

from graphx.bibliography import BIBLIOGRAPHY_FORMATS
from graphx.errors import GraphxError, OutputError
from graphx.export import (_write_atomic, edges_frame, export_graph, json_text, neutralise_formula, nodes_frame, write_csv,
                           write_text_atomic)
from graphx.model import clean_text
from graphx.rank import order_by
from graphx.render.visual import apply_visuals

GEXF_NS = {"": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz", "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
VISUAL_ONLY = ("colour", "size_share")
DEFAULT_NAME = "graphx citation graph"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def visual_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`export_graph`'s clean copy of `graph` with the page's picture on it (x, y, size, colour); positions
    the graph already has are kept, so every file shows the page's layout."""
    copy = export_graph(graph)
    apply_visuals(copy)
    return copy


def gephi_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `graph` in Gephi's terms: r, g, b, x, y (pointing up), size and ``label`` on each node, and
    each edge keyed by a unique id (``e0``, ``e1``, …) with its ``kind`` kept as an attribute.

    Gephi drops an edge whose id it has seen, and networkx writes a multigraph's edge key as the id, so the
    keys ``cites`` and ``keyword`` would leave Gephi two edges.
    """
    visual = visual_graph(graph)
    copy = nx.MultiDiGraph()
    copy.graph.update(visual.graph)
    for node, data in visual.nodes(data=True):
        r, g, b = _rgb(data["colour"])
        attributes = {k: v for k, v in data.items() if k not in VISUAL_ONLY}
        attributes.update(r=r, g=g, b=b, y=-data["y"], label=str(data.get("title") or node))  # y grows upwards in Gephi
        copy.add_node(node, **attributes)
    for number, (u, v, key, data) in enumerate(visual.edges(keys=True, data=True)):
        copy.add_edge(u, v, key=f"e{number}", **data | {"kind": data.get("kind", key)})
    return copy


def graphml_text(graph: nx.MultiDiGraph) -> str:
    """GraphML that opens in Gephi laid out, sized and coloured as the page, and in Cytoscape with every column.

    The file says ``y_axis="up"`` at graph level, so graphx's reader (`graphx.load`) turns y back to the
    page's direction.
    """
    copy = gephi_graph(graph)
    copy.graph["y_axis"] = "up"
    # Without networkx's pretty-printing pass, which took most of the time on large graphs (8 s of 14 at
    # 100,000 links); the file is the same XML without indentation.
    return "\n".join(nx.generate_graphml(copy, prettyprint=False))


def gexf_text(graph: nx.MultiDiGraph) -> str:
    """GEXF 1.3 with viz colour, size and position, titles as labels, the graph's name in ``<meta>``,
    keyword links undirected and every edge's ``kind`` set."""
    copy = gephi_graph(graph)
    name = str(copy.graph.pop("name", "") or DEFAULT_NAME)
    for node, data in copy.nodes(data=True):
        data["viz"] = {"color": {"r": data.pop("r"), "g": data.pop("g"), "b": data.pop("b"), "a": 1.0},
                       "size": data["size"], "position": {"x": data["x"], "y": data["y"], "z": 0.0}}
        data["y"] = -data["y"]  # the attribute keeps the page's y; only the drawn position points up
    for _, _, key, data in copy.edges(keys=True, data=True):
        data["id"] = key
        if data["kind"] == "keyword":
            data["type"] = "undirected"
    text = "\n".join(nx.generate_gexf(copy, prettyprint=False))
    end = text.index(">") + 1  # the root tag: networkx's 1.2 namespaces (viz only when a node has viz) to 1.3
    head = text[:end].replace("http://www.gexf.net/1.2draft", "http://gexf.net/1.3").replace('version="1.2"', 'version="1.3"')
    return _gexf_13_details(head + text[end:], name, {key: data["kind"] for _, _, key, data in copy.edges(keys=True, data=True)})


def _gexf_13_details(text: str, name: str, kinds: dict[str, str]) -> str:
    # What GEXF 1.3 has and networkx's 1.2 writer does not: no name on <graph> (1.3 has none), the title as
    # the meta description, and each edge's kind, which Gephi uses to keep parallel edges of different kinds.
    for prefix, uri in GEXF_NS.items():
        ElementTree.register_namespace(prefix, uri)
    root = ElementTree.fromstring(text)
    # The 1.3 RELAX NG schema has no xsi:schemaLocation, and no reader needs it.
    root.attrib.pop(f"{{{GEXF_NS['xsi']}}}schemaLocation", None)
    ns = {"g": GEXF_NS[""]}
    graph_element = root.find("g:graph", ns)
    graph_element.attrib.pop("name", None)
    meta = root.find("g:meta", ns)
    if meta is None:
        meta = ElementTree.Element(f"{{{GEXF_NS['']}}}meta")
        root.insert(0, meta)
    description = ElementTree.SubElement(meta, f"{{{GEXF_NS['']}}}description")
    description.text = name
    for edge in graph_element.iterfind("g:edges/g:edge", ns):
        edge.set("kind", kinds[edge.get("id")])
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode")


def gexf_13_to_12(text: str) -> str:
    """GEXF 1.3 text in the 1.2 namespaces networkx's reader knows (for reading graphx's own files back);
    keyword links lose ``type="undirected"``, which networkx refuses in a directed graph (their ``kind`` says
    what they are). In attribute values a quote is always escaped, so only edge types match.

    >>> gexf_13_to_12('<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">')
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">'
    """
    start = text.find("<gexf")
    end = text.find(">", start) + 1
    head = text[start:end]
    for old, new in (('xmlns="http://gexf.net/1.3"', 'xmlns="http://www.gexf.net/1.2draft"'),
                     ('xmlns:viz="http://gexf.net/1.3/viz"', 'xmlns:viz="http://www.gexf.net/1.2draft/viz"'),
                     ('version="1.3"', 'version="1.2"')):
        head = head.replace(old, new, 1)
    return text[:start] + head + text[end:].replace(' type="undirected"', "")


def cytoscape_json(graph: nx.MultiDiGraph) -> dict:
    """Cytoscape.js JSON: nodes with data and position, edges with a unique id, source, target, ``key`` (the
    link's kind), kind and weight; ``directed`` and ``multigraph`` set, and the ``preset`` layout named.

    ``cytoscape(json)`` in cytoscape.js draws the page's positions because of ``layout: {name: "preset"}``
    (without it cytoscape.js lays the graph out afresh); Cytoscape desktop and networkx's ``cytoscape_graph``
    read the flags, so citations stay directed and a citation beside a keyword link stays two edges.
    """
    visual = visual_graph(graph)
    # "name" is Cytoscape's display label and "value" the id, as networkx's cytoscape_data writes them
    nodes = [{"data": {"id": node, "value": node, "name": str(data.get("title") or node), **{k: v for k, v in data.items() if k not in ("x", "y")}},
              "position": {"x": data["x"], "y": data["y"]}} for node, data in visual.nodes(data=True)]
    edges = [{"data": {**data, "id": f"{key}:{u}->{v}", "source": u, "target": v, "key": key}}
             for u, v, key, data in visual.edges(keys=True, data=True)]
    return {"data": {"name": visual.graph.get("name", DEFAULT_NAME)}, "directed": True, "multigraph": True,
            "layout": {"name": "preset"}, "elements": {"nodes": nodes, "edges": edges}}


VOSVIEWER_COLUMNS = ["id", "label", "description", "url", "x", "y", "cluster", "weight<Citations>", "weight<Links>", "score<Pub. year>"]


def vosviewer_frames(graph: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(map, network) tables for VOSviewer: items numbered from 1, clusters from 1, links summed per pair.

    Weights are local citations (VOSviewer's item size); scores are publication years (its overlay colours).
    VOSviewer needs a score for every item, so a paper without a year gets the median year of the others and
    its description says "year unknown"; with no year at all the score column is left out. Descriptions are
    HTML to VOSviewer, so their text is escaped; text a spreadsheet would run as a formula is neutralised
    (the manual suggests editing the map in Excel).
    """
    import html
    import statistics

    visual = visual_graph(graph)
    number = {node: i for i, node in enumerate(visual, start=1)}
    years = [int(y) for _, y in visual.nodes(data="year") if y not in (None, "")]
    fill = int(statistics.median_low(years)) if years else None
    items = []
    for node, data in visual.nodes(data=True):
        year = data.get("year")
        venue = f" {data['venue']}" if data.get("venue") else ""
        description = f"{data.get('authors', '')} ({year if year else 'year unknown'}){venue}"
        items.append({
            "id": number[node], "label": neutralise_formula(_one_line(data.get("title") or node)[:200]),
            "description": neutralise_formula(html.escape(_one_line(description)[:500], quote=False)),
            "url": f"https://doi.org/{data['doi']}" if data.get("doi") else str(data.get("url") or ""),
            "x": round(data["x"] / 100, 4), "y": round(-data["y"] / 100, 4), "cluster": int(data.get("community") or 0) + 1,
            "weight<Citations>": int(data.get("local_citations") or 0), "weight<Links>": visual.degree(node),
            "score<Pub. year>": int(year) if year not in (None, "") else fill,
        })
    columns = VOSVIEWER_COLUMNS if fill is not None else VOSVIEWER_COLUMNS[:-1]
    strength: dict[tuple[int, int], float] = {}
    for u, v, data in visual.edges(data=True):
        pair = tuple(sorted((number[u], number[v])))
        if pair[0] != pair[1]:
            strength[pair] = strength.get(pair, 0.0) + float(data.get("weight", 1.0))
    links = pd.DataFrame([{"source": a, "target": b, "strength": round(s, 4)} for (a, b), s in sorted(strength.items())],
                         columns=["source", "target", "strength"])
    return pd.DataFrame(items, columns=columns), links


def pajek_text(graph: nx.MultiDiGraph, kind: str = "cites") -> str:
    """Pajek ``.net`` of one kind of link: numbered vertices labelled with titles, then citations as
    ``*Arcs`` (source cites target) or keyword links as ``*Edges`` with their weights.

    One kind per file: igraph cannot read ``*Arcs`` and ``*Edges`` in one file and would read every citation
    as undirected.
    """
    clean = export_graph(graph)
    number = {node: i for i, node in enumerate(clean, start=1)}
    lines = [f"*Vertices {len(number)}"]
    lines += [f'{i} "{_one_line(clean.nodes[n].get("title") or n).replace(chr(34), chr(39))}"' for n, i in number.items()]
    if kind == "cites":
        lines.append("*Arcs")
        lines += [f"{number[u]} {number[v]} 1" for u, v, k in clean.edges(keys=True) if k == "cites"]
    else:
        lines.append("*Edges")
        lines += [f"{number[u]} {number[v]} {float(w):.4f}" for u, v, k, w in clean.edges(keys=True, data="weight", default=1.0)
                  if k == "keyword"]
    return "\n".join(lines) + "\n"


def _one_line(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _write_vosviewer(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    items, links = vosviewer_frames(graph)
    base = path.with_suffix("")
    map_path, network_path = Path(f"{base}_map.txt"), Path(f"{base}_network.txt")
    # Every text cell in double quotes (VOSviewer's rule for text holding a comma, semicolon or tab; quotes doubled)
    return [_write_atomic(map_path, lambda tmp: items.to_csv(tmp, sep="\t", index=False, quoting=csv.QUOTE_NONNUMERIC,
                                                             lineterminator="\n", encoding="utf-8")),
            _write_atomic(network_path, lambda tmp: links.to_csv(tmp, sep="\t", index=False, header=False, lineterminator="\n"))]


def _write_pajek(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    written = [write_text_atomic(path, pajek_text(graph, "cites"))]
    if any(k == "keyword" for _, _, k in graph.edges(keys=True)):
        written.append(write_text_atomic(Path(f"{path.with_suffix('')}_keywords{path.suffix}"), pajek_text(graph, "keyword")))
    return written


def _node_link_json(graph: nx.MultiDiGraph) -> str:
    return json_text(nx.node_link_data(visual_graph(graph), edges="edges"))


def _write_parquet(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    try:
        import pyarrow  # noqa: F401  (pandas needs it for Parquet)
    except ImportError:
        raise GraphxError("Parquet needs pyarrow: pip install pyarrow") from None
    base = path.with_suffix("")
    clean = export_graph(graph)
    return [_write_atomic(Path(f"{base}_nodes.parquet"), lambda tmp: nodes_frame(clean).to_parquet(tmp, index=False)),
            _write_atomic(Path(f"{base}_edges.parquet"), lambda tmp: edges_frame(clean).to_parquet(tmp, index=False))]


GRAPH_FORMATS: dict[str, tuple[str, Callable[[nx.MultiDiGraph, Path], list[Path]]]] = {
    "graphml": (".graphml", lambda g, p: [write_text_atomic(p, graphml_text(g))]),
    "gexf": (".gexf", lambda g, p: [write_text_atomic(p, gexf_text(g))]),
    "cytoscape": (".cyjs", lambda g, p: [write_text_atomic(p, json_text(cytoscape_json(g)))]),
    "json": (".json", lambda g, p: [write_text_atomic(p, _node_link_json(g))]),
    "csv": (".csv", lambda g, p: [write_csv(Path(f"{p.with_suffix('')}_nodes.csv"), nodes_frame(export_graph(g))),
                                  write_csv(Path(f"{p.with_suffix('')}_edges.csv"), edges_frame(export_graph(g)))]),
    "vosviewer": (".txt", _write_vosviewer),
    "pajek": (".net", _write_pajek),
    "parquet": (".parquet", _write_parquet),
}


FORMATS = [*GRAPH_FORMATS, *BIBLIOGRAPHY_FORMATS]


def default_name(fmt: str) -> str:
    """The file name an export gets when none is given: ``graph.cyjs``, ``papers.bib``, …"""
    if fmt in BIBLIOGRAPHY_FORMATS:
        return "papers" + BIBLIOGRAPHY_FORMATS[fmt][0]
    return ("graph-" + fmt if fmt in ("json", "csv", "parquet") else "graph") + GRAPH_FORMATS[fmt][0]


def write_format(graph: nx.MultiDiGraph, fmt: str, path: Path, nodes: list[str] | None = None) -> list[Path]:
    """Write `graph` (or the papers `nodes`, most central first) as `fmt` to `path` or files named after it.

    Graph formats take the subgraph of `nodes`; bibliography formats list `nodes` (default: every paper).
    """
    if fmt in BIBLIOGRAPHY_FORMATS:
        chosen = nodes if nodes is not None else order_by(graph, "pagerank")
        clean = export_graph(graph)
        return [write_text_atomic(Path(path), BIBLIOGRAPHY_FORMATS[fmt][1](clean, [clean_text(str(n)) for n in chosen]))]
    if fmt not in GRAPH_FORMATS:
        raise OutputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    subject = graph if nodes is None else graph.subgraph(nodes).copy()
    return GRAPH_FORMATS[fmt][1](subject, Path(path))
