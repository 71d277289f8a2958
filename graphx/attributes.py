"""What the files say about each paper and link: the graph's attributes made fit for every format, with
the page's picture (`graphx.render.visual.node_visuals`) beside them. Nothing here changes the graph.

A fresh build is already clean (`graphx.graph.build_graph`); a graph loaded from a file someone edited may
not be: text loses the characters XML forbids (NUL, other C0 controls, lone surrogates, U+FFFE/U+FFFF) and
missing values (None, NaN) are left out, since GraphML and GEXF have no null. The writers read the graph
through `graphx.table`, which applies the same rules column by column.
"""
from __future__ import annotations

import math
from collections.abc import Callable

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
