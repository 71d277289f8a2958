"""What the files say about each paper and link: the graph's attributes made fit for every format, with
the page's picture (`graphx.render.visual.node_visuals`) beside them. Nothing here changes the graph.

A fresh build is already clean (`graphx.graph.build_graph`); a graph loaded from a file someone edited may
not be: text loses the characters XML forbids (NUL, other C0 controls, lone surrogates, U+FFFE/U+FFFF) and
missing values (None, NaN) are left out, since GraphML and GEXF have no null. Each writer reads one node's
or one edge's attributes at a time, so memory stays flat in the size of the graph.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import networkx as nx

from graphx.model import clean_text

VISUAL_ONLY = ("colour", "size_share")  # in graph.json and Cytoscape; Gephi's r, g, b and size say the same
Visuals = dict[str, dict[str, object]]


def clean_attributes(data: dict) -> dict:
    r"""`data` with XML-illegal characters taken out of keys and text, None and NaN values left out.

    >>> clean_attributes({"title": "Null\x00 title", "year": None, "score": float("nan"), "n": 3})
    {'title': 'Null title', 'n': 3}
    """
    present = {key: value for key, value in data.items() if value is not None and not (isinstance(value, float) and math.isnan(value))}
    texts = [key for key in present if key.__class__ is str] + [value for value in present.values() if value.__class__ is str]
    if len(texts) == 2 * len(present):
        joined = "\n".join(texts)  # one scan of all the text: a fresh build is clean already
        if clean_text(joined) is joined:
            return present
    return {clean_text(str(key)): clean_text(value) if isinstance(value, str) else value for key, value in present.items()}


def visuals_of(graph: nx.MultiDiGraph, visuals: Visuals | None) -> Visuals:
    """`visuals` when the caller computed them (once, for the page and every file), else `node_visuals`."""
    if visuals is not None:
        return visuals
    from graphx.render.visual import node_visuals

    return node_visuals(graph)


def pictured_nodes(graph: nx.MultiDiGraph, visuals: Visuals) -> Iterator[tuple[str, dict]]:
    """(clean id, clean attributes with x, y, size_share, size and colour from `visuals`) per node, in graph
    order; a picture the node carries already keeps its place among its attributes."""
    for node, data in graph.nodes(data=True):
        attributes = clean_attributes(data)
        attributes.update(visuals[node])
        yield clean_text(str(node)), attributes


def gephi_attributes(node: str, attributes: dict) -> dict:
    """A pictured node's attributes in Gephi's terms: ``r``, ``g``, ``b`` for the colour, ``y`` pointing up,
    the title as ``label``; ``colour`` and ``size_share`` left out.

    >>> gephi_attributes("W1", {"title": "T", "x": 1.0, "y": 2.0, "size_share": 0.5, "size": 14.5, "colour": "#f28e2b"})
    {'title': 'T', 'x': 1.0, 'y': -2.0, 'size': 14.5, 'r': 242, 'g': 142, 'b': 43, 'label': 'T'}
    """
    colour = str(attributes["colour"]).lstrip("#")
    gephi = {k: v for k, v in attributes.items() if k not in VISUAL_ONLY}
    gephi.update(r=int(colour[0:2], 16), g=int(colour[2:4], 16), b=int(colour[4:6], 16), y=-attributes["y"],
                 label=str(attributes.get("title") or node))
    return gephi


def clean_ids(graph: nx.MultiDiGraph) -> dict:
    """Each node's id as the files write it (text, XML-legal)."""
    return {node: clean_text(str(node)) for node in graph}


def edge_rows(graph: nx.MultiDiGraph, ids: dict) -> Iterator[tuple[object, object, object, dict]]:
    """(``ids[source]``, ``ids[target]``, key, attributes) per link in networkx's order, read from the adjacency
    directly: a third faster than the edge view's nested generators over millions of links.

    >>> g = nx.MultiDiGraph([("a", "b", "cites")])
    >>> list(edge_rows(g, {"a": "A", "b": "B"}))
    [('A', 'B', 'cites', {})]
    """
    for u, neighbours in graph.adjacency():
        source = ids[u]
        for v, keyed in neighbours.items():
            target = ids[v]
            for key, data in keyed.items():
                yield source, target, key, data


def shape(key: object, data: dict) -> tuple:
    """A link's key and attributes with the type of each value, as a dictionary key: the citations of a graph
    share a few shapes (kind, weight 1.0, the reporting sources), so each writer renders each shape once.
    Types are part of it because ``1 == 1.0 == True`` (a weight of 1 is written ``1``, of 1.0 ``1.0``).
    Look it up with `remembered_shape`: a value that cannot be a dictionary key makes it unusable.

    >>> shape("cites", {"kind": "cites", "weight": 1.0}) == shape("cites", {"kind": "cites", "weight": 1})
    False
    """
    return (key, tuple(data.items()), tuple(map(type, data.values())))


def remembered_shape(known: dict, token: tuple) -> object:
    """`known[token]`, or None when it is not there or cannot be (an attribute value that is not hashable)."""
    try:
        return known.get(token)
    except TypeError:
        return None


def remember_shape(known: dict, token: tuple, made: object, limit: int = 1 << 16) -> None:
    """Keep `made` as `known[token]` while `known` holds fewer than `limit` shapes (and the token is hashable)."""
    if len(known) < limit:
        try:
            known[token] = made
        except TypeError:
            pass


def remembered(convert: Callable[[str], str], limit: int = 1 << 16, longest: int = 256) -> Callable[[str], str]:
    """`convert` for text, remembering up to `limit` answers for texts shorter than `longest`: an edge's
    kind, sources and terms repeat over millions of links, and each is cleaned and escaped once.

    >>> shout = remembered(str.upper)
    >>> shout("cites"), shout("cites")
    ('CITES', 'CITES')
    """
    memory: dict[str, str] = {}

    def convert_once(text: str) -> str:
        answer = memory.get(text)
        if answer is None:
            answer = convert(text)
            if len(memory) < limit and len(text) < longest:
                memory[text] = answer
        return answer

    return convert_once


def missing(value: object) -> bool:
    """Whether a value is left out of every file (None, NaN).

    >>> missing(None), missing(float("nan")), missing(0.0), missing("")
    (True, True, False, False)
    """
    return value is None or (isinstance(value, float) and value != value)
