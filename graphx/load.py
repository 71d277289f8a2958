"""Reading a saved graph back: an output folder, or a graph.json / .graphml / .gexf file graphx wrote.

`graphx rank`, `graphx suggest` and `graphx path` work on what a build saved, with no refetching. Every
format comes back as the same MultiDiGraph, edges keyed by their kind, as `graphx.graph.build_graph` makes.
"""
from __future__ import annotations

import io
import json
import math
from pathlib import Path
from xml.etree.ElementTree import ParseError

import networkx as nx

from graphx.errors import InputError
from graphx.xmlgraph import gexf_13_to_12

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
            read = nx.node_link_graph(node_link_data(source), directed=True, multigraph=True, edges="edges")
        elif suffix == ".graphml":
            read = nx.read_graphml(source, force_multigraph=True)
        elif suffix == ".gexf":
            read = nx.read_gexf(io.BytesIO(gexf_13_to_12(source.read_text(encoding="utf-8")).encode("utf-8")))
        else:
            raise InputError(f"{source}: unknown graph format {suffix or '(none)'} ({EXPECTED})")
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, ParseError, nx.NetworkXError, UnicodeDecodeError) as error:
        raise InputError(
            f"{source}: cannot read this graph ({type(error).__name__}: {' '.join(str(error).split())[:120]}); {EXPECTED}"
        ) from None
    except RecursionError:
        raise InputError(f"{source}: cannot read this graph (nested too deeply); {EXPECTED}") from None
    except OSError as error:
        raise InputError(f"{source}: cannot read ({error.strerror or error})") from None
    return normalised(read)


def node_link_data(source: Path) -> dict:
    """graph.json's content, checked to be the node-link shape graphx writes: an object whose ``nodes`` are
    objects with an ``id`` and whose ``edges`` are objects with a ``source`` and a ``target``."""
    data = json.loads(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise ValueError("not a node-link graph: expected an object with a list of nodes")
    edges = data.setdefault("edges", data.pop("links", []))
    if not isinstance(edges, list):
        raise ValueError("not a node-link graph: edges is not a list")
    for what, items, keys in (("node", data["nodes"], ("id",)), ("edge", edges, ("source", "target"))):
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or any(not isinstance(item.get(k), (str, int)) for k in keys):
                raise ValueError(f"{what} {number} is not an object with {' and '.join(keys)}")
    data.setdefault("graph", {})
    if not isinstance(data["graph"], dict):
        data["graph"] = {}
    return data


INTEGERS = frozenset({"year", "cited_by_count", "local_citations", "local_references", "community", "reference_count",
                      "shared_references", "cocited_with_seeds", "cites_seeds", "cited_by_seeds"})
TEXTS = frozenset({"title", "doi", "authors", "venue", "volume", "issue", "pages", "abstract", "url", "keywords", "sources", "arxiv",
                   "openalex", "s2", "pmid", "community_label", "similarity_reason", "kind", "terms"})
FLOATS = frozenset({"pagerank", "hits_authority", "hits_hub", "betweenness", "citations_per_year", "similarity",
                    "keyword_strength", "weight", "x", "y", "size"})


def attribute(key: str, value: object) -> object:
    """A saved attribute as graphx's writers make it (scalars only), or None to leave it out: a graph file
    edited by hand or by another tool may hold a year "soon", a title that is a list, a score "NaN".

    >>> attribute("year", "1950"), attribute("year", "soon"), attribute("title", ["a"]), attribute("is_seed", "True")
    (1950, None, None, True)
    """
    if value is None or isinstance(value, (dict, list)):
        return None
    try:
        if key in INTEGERS:
            number = float(value)
            return int(number) if math.isfinite(number) else None
        if key in FLOATS:
            number = float(value)
            return number if math.isfinite(number) else None
    except (TypeError, ValueError, OverflowError):
        return None
    if key in TEXTS and not isinstance(value, str):
        return str(value)
    if key == "is_seed":
        return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1", "yes")
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _scalars(data: dict) -> dict:
    return {k: v for k, v in ((str(k), attribute(str(k), v)) for k, v in data.items()) if v is not None}


def normalised(read: nx.Graph) -> nx.MultiDiGraph:
    """`read` as graphx's own shape: a MultiDiGraph, edges keyed by ``kind``, readers' extra attributes dropped."""
    graph = nx.MultiDiGraph()
    graph.graph.update({k: v for k, v in read.graph.items() if k not in ("node_default", "edge_default", "mode", "y_axis")})
    flip = read.graph.get("y_axis") == "up"  # GraphML written for Gephi: y back to the page's direction
    for node, data in read.nodes(data=True):
        graph.add_node(str(node), **_scalars({k: v for k, v in data.items() if k not in READER_EXTRAS}))
        if flip and isinstance(data.get("y"), (int, float)):
            graph.nodes[str(node)]["y"] = -data["y"]
    for u, v, data in read.edges(data=True):
        kind = data.get("kind") if isinstance(data.get("kind"), str) else "cites"
        graph.add_edge(str(u), str(v), key=kind, **_scalars({k: val for k, val in data.items() if k not in ("id", "key")}) | {"kind": kind})
    return graph

