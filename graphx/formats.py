"""The graph in the formats other tools read, each looking like the page where the format allows.

- GraphML with the node attributes Gephi's importer turns into a picture (``x``, ``y``, ``size``, ``r``, ``g``,
  ``b``) — Cytoscape and yEd read the rest as columns;
- GEXF 1.3 with ``viz:`` colour, size and position, labels set to titles (networkx writes GEXF 1.2; graphx
  moves it to the 1.3 namespaces, which is all that differs for scalar attributes);
- Cytoscape.js JSON (``elements`` with data and positions), which Cytoscape desktop imports too;
- VOSviewer map and network files (tab-separated, integer ids, clusters from the communities);
- Pajek ``.net``; Parquet node and edge tables when pyarrow is installed;
- bibliographies of chosen papers (BibTeX, RIS, CSL-JSON; see `graphx.bibliography`).

All are written atomically through `graphx.export`. Pure functions build the content; only `write_format`
touches the disk.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import networkx as nx
import pandas as pd

from graphx.bibliography import BIBLIOGRAPHY_FORMATS
from graphx.errors import GraphxError, OutputError
from graphx.export import _write_atomic, edges_frame, json_text, nodes_frame, write_csv, write_text_atomic
from graphx.rank import order_by
from graphx.render.visual import apply_visuals

GEXF_12 = ('xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns="http://www.gexf.net/1.2draft"',
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2"')
GEXF_13 = ('xmlns:viz="http://gexf.net/1.3/viz" xmlns="http://gexf.net/1.3"',
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3"')
VISUAL_ONLY = ("colour", "size_share")


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def gephi_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `graph` carrying Gephi's visual attributes: r, g, b, x, y, size (GraphML) and viz (GEXF)."""
    apply_visuals(graph)
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        r, g, b = _rgb(data["colour"])
        data.update(r=r, g=g, b=b)
        for key in VISUAL_ONLY:
            data.pop(key, None)
    return copy


def graphml_text(graph: nx.MultiDiGraph) -> str:
    """GraphML that opens in Gephi laid out, sized and coloured as the page, and in Cytoscape with every column."""
    # Without networkx's pretty-printing pass, which took most of the time on large graphs (8 s of 14 at
    # 100,000 links); the file is the same XML without indentation.
    return "\n".join(nx.generate_graphml(gephi_graph(graph), prettyprint=False))


def gexf_text(graph: nx.MultiDiGraph) -> str:
    """GEXF 1.3 with viz colour, size and position, and the titles as labels."""
    copy = gephi_graph(graph)
    for node, data in copy.nodes(data=True):
        data["viz"] = {"color": {"r": data.pop("r"), "g": data.pop("g"), "b": data.pop("b"), "a": 1.0},
                       "size": data["size"], "position": {"x": data["x"], "y": -data["y"], "z": 0.0}}  # y grows upwards in Gephi
        data["label"] = str(data.get("title") or node)
    text = "\n".join(nx.generate_gexf(copy, prettyprint=False))
    for old, new in zip(GEXF_12, GEXF_13):
        text = text.replace(old, new, 1)
    return text


def gexf_13_to_12(text: str) -> str:
    """GEXF 1.3 text in the 1.2 namespaces networkx's reader knows (for reading graphx's own files back)."""
    for old, new in zip(GEXF_13, GEXF_12):
        text = text.replace(old, new, 1)
    return text


def cytoscape_json(graph: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements: nodes with data and position, edges with source, target, kind and weight."""
    apply_visuals(graph)
    # "name" is Cytoscape's display label and "value" the id, as networkx's cytoscape_data writes them
    nodes = [{"data": {"id": node, "value": node, "name": str(data.get("title") or node), **{k: v for k, v in data.items() if k not in ("x", "y")}},
              "position": {"x": data["x"], "y": data["y"]}} for node, data in graph.nodes(data=True)]
    # "key" keeps a citation and a keyword link of the same pair apart when networkx reads the file back
    edges = [{"data": {"id": f"{kind}:{u}->{v}", "key": kind, "source": u, "target": v, **data}}
             for u, v, kind, data in graph.edges(keys=True, data=True)]
    return {"data": {"name": graph.graph.get("name", "graphx")}, "elements": {"nodes": nodes, "edges": edges}}


def vosviewer_frames(graph: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(map, network) tables for VOSviewer: items numbered from 1, clusters from 1, links summed per pair.

    Weights are local citations (VOSviewer's item size); scores are publication years (its overlay colours).
    """
    apply_visuals(graph)
    number = {node: i for i, node in enumerate(graph, start=1)}
    items = []
    for node, data in graph.nodes(data=True):
        items.append({
            "id": number[node], "label": _one_line(data.get("title") or node)[:200],
            "description": _one_line(f"{data.get('authors', '')} ({data.get('year', '?')}) {data.get('venue', '')}")[:500],
            "url": f"https://doi.org/{data['doi']}" if data.get("doi") else "",
            "x": round(data["x"] / 100, 4), "y": round(-data["y"] / 100, 4), "cluster": int(data.get("community") or 0) + 1,
            "weight<Citations>": int(data.get("local_citations") or 0), "weight<Links>": graph.degree(node),
            "score<Pub. year>": data.get("year") if data.get("year") else "",
        })
    strength: dict[tuple[int, int], float] = {}
    for u, v, data in graph.edges(data=True):
        pair = tuple(sorted((number[u], number[v])))
        if pair[0] != pair[1]:
            strength[pair] = strength.get(pair, 0.0) + float(data.get("weight", 1.0))
    links = pd.DataFrame([{"source": a, "target": b, "strength": round(s, 4)} for (a, b), s in sorted(strength.items())],
                         columns=["source", "target", "strength"])
    return pd.DataFrame(items), links


def pajek_text(graph: nx.MultiDiGraph) -> str:
    """Pajek ``.net``: numbered vertices labelled with titles, citations as arcs, keyword links as edges."""
    number = {node: i for i, node in enumerate(graph, start=1)}
    lines = [f"*Vertices {len(number)}"]
    lines += [f'{i} "{_one_line(graph.nodes[n].get("title") or n).replace(chr(34), chr(39))}"' for n, i in number.items()]
    lines.append("*Arcs")
    lines += [f"{number[u]} {number[v]} 1" for u, v, kind in graph.edges(data="kind") if kind == "cites"]
    lines.append("*Edges")
    lines += [f"{number[u]} {number[v]} {float(w):.4f}" for u, v, k, w in graph.edges(keys=True, data="weight") if k == "keyword"]
    return "\n".join(lines) + "\n"


def _one_line(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _write_vosviewer(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    items, links = vosviewer_frames(graph)
    base = path.with_suffix("")
    map_path, network_path = Path(f"{base}_map.txt"), Path(f"{base}_network.txt")
    return [_write_atomic(map_path, lambda tmp: items.to_csv(tmp, sep="\t", index=False)),
            _write_atomic(network_path, lambda tmp: links.to_csv(tmp, sep="\t", index=False, header=False))]


def _write_parquet(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    try:
        import pyarrow  # noqa: F401  (pandas needs it for Parquet)
    except ImportError:
        raise GraphxError("Parquet needs pyarrow: pip install pyarrow") from None
    base = path.with_suffix("")
    return [_write_atomic(Path(f"{base}_nodes.parquet"), lambda tmp: nodes_frame(graph).to_parquet(tmp, index=False)),
            _write_atomic(Path(f"{base}_edges.parquet"), lambda tmp: edges_frame(graph).to_parquet(tmp, index=False))]


GRAPH_FORMATS: dict[str, tuple[str, Callable[[nx.MultiDiGraph, Path], list[Path]]]] = {
    "graphml": (".graphml", lambda g, p: [write_text_atomic(p, graphml_text(g))]),
    "gexf": (".gexf", lambda g, p: [write_text_atomic(p, gexf_text(g))]),
    "cytoscape": (".cyjs", lambda g, p: [write_text_atomic(p, json_text(cytoscape_json(g)))]),
    "json": (".json", lambda g, p: [write_text_atomic(p, json_text(nx.node_link_data(g, edges="edges")))]),
    "csv": (".csv", lambda g, p: [write_csv(Path(f"{p.with_suffix('')}_nodes.csv"), nodes_frame(g)),
                                  write_csv(Path(f"{p.with_suffix('')}_edges.csv"), edges_frame(g))]),
    "vosviewer": (".txt", _write_vosviewer),
    "pajek": (".net", lambda g, p: [write_text_atomic(p, pajek_text(g))]),
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
        return [write_text_atomic(Path(path), BIBLIOGRAPHY_FORMATS[fmt][1](graph, chosen))]
    if fmt not in GRAPH_FORMATS:
        raise OutputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    subject = graph if nodes is None else graph.subgraph(nodes).copy()
    return GRAPH_FORMATS[fmt][1](subject, Path(path))
