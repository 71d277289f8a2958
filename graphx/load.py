"""Reading a saved graph back: an output folder, or a graph.json / .graphml / .gexf file graphx wrote.

`graphx rank`, `graphx suggest` and `graphx path` work on what a build saved, with no refetching. Every
format comes back as the same MultiDiGraph, edges keyed by their kind, as `graphx.graph.build_graph` makes.
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from xml.etree.ElementTree import ParseError

import networkx as nx

from graphx.errors import InputError
from graphx.formats import gexf_13_to_12

READER_EXTRAS = ("label", "id", "viz", "r", "g", "b")  # added by GEXF readers or for Gephi; not paper attributes
EXPECTED = "expected an output folder of graphx build, or its graph.json, graph.graphml or graph.gexf"


def graph_file(path: Path) -> Path:
    """The graph file to read for `path`: a folder's graph.json (else its GraphML, GEXF), or `path` itself."""
    if path.is_dir():
        for name in ("graph.json", "graph.graphml", "graph.gexf"):
            if (path / name).is_file():
                return path / name
        raise InputError(f"{path}: no graph.json, graph.graphml or graph.gexf in this folder ({EXPECTED})")
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder ({EXPECTED})")
    return path


def load_graph(path: Path) -> nx.MultiDiGraph:
    """The graph saved at `path` (see `graph_file`), as a MultiDiGraph keyed by edge kind."""
    source = graph_file(Path(path))
    suffix = source.suffix.lower()
    try:
        if suffix == ".json":
            read = nx.node_link_graph(json.loads(source.read_text(encoding="utf-8")), directed=True, multigraph=True, edges="edges")
        elif suffix == ".graphml":
            read = nx.read_graphml(source, force_multigraph=True)
        elif suffix == ".gexf":
            read = nx.read_gexf(io.BytesIO(gexf_13_to_12(source.read_text(encoding="utf-8")).encode("utf-8")))
        else:
            raise InputError(f"{source}: unknown graph format {suffix or '(none)'} ({EXPECTED})")
    except (ValueError, KeyError, TypeError, ParseError, nx.NetworkXError) as error:
        raise InputError(f"{source}: cannot read this graph ({type(error).__name__}: {str(error)[:120]}); {EXPECTED}") from None
    return normalised(read)


def normalised(read: nx.Graph) -> nx.MultiDiGraph:
    """`read` as graphx's own shape: a MultiDiGraph, edges keyed by ``kind``, readers' extra attributes dropped."""
    graph = nx.MultiDiGraph()
    graph.graph.update({k: v for k, v in read.graph.items() if k not in ("node_default", "edge_default", "mode", "y_axis")})
    flip = read.graph.get("y_axis") == "up"  # GraphML written for Gephi: y back to the page's direction
    for node, data in read.nodes(data=True):
        graph.add_node(str(node), **{k: v for k, v in data.items() if k not in READER_EXTRAS})
        if flip and isinstance(data.get("y"), (int, float)):
            graph.nodes[str(node)]["y"] = -data["y"]
    for u, v, data in read.edges(data=True):
        kind = data.get("kind", "cites")
        graph.add_edge(str(u), str(v), key=kind, **{k: val for k, val in data.items() if k not in ("id", "key")} | {"kind": kind})
    return graph

