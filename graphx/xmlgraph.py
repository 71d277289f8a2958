"""GraphML and GEXF 1.3 written as streams: node by node, link by link, straight into the file.

networkx's writers build the whole document as an ElementTree (twice for GEXF, which graphx then moved to
1.3 by parsing it again), several gigabytes and ten minutes for 100,000 papers; these write the same files
as text, escaped as ElementTree escapes, in one pass over the graph. The declarations of the attributes come
first in both formats but are numbered as the attributes are first met, so the nodes and links go to a
temporary spool beside the file, the head is written once the pass is over, and the spool follows it.

- GraphML (Gephi, Cytoscape, yEd, graphology, igraph): one ``<edge>`` per link with a unique id (``e0``,
  ``e1``, …: Gephi drops an edge whose id it has seen, and a citation and a keyword link between the same
  two papers would share one), its ``kind`` kept as data; ``label`` (the title) and the node attributes
  Gephi's importer turns into a picture (``x``, ``y`` pointing up, ``size``, ``r``, ``g``, ``b``), and
  ``y_axis="up"`` at graph level so that graphx's reader turns y back. Text outside ASCII is written as
  character references, as networkx wrote it.
- GEXF 1.3 (Gephi, graphology): ``viz:`` colour, size and position, titles as labels, the graph's title in
  ``<meta>``, citations directed and keyword links ``type="undirected"``, every edge's ``kind`` set.

Values are written as networkx wrote them (``str`` of the value; GraphML booleans ``True``/``False``, GEXF
``true``/``false`` and ``INF``), with the types networkx declared (``long``, ``double``, ``boolean``,
``string``), so files written before read the same.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import networkx as nx

from graphx.atomic import open_atomic
from graphx.attributes import (
    Visuals,
    clean_attributes,
    clean_ids,
    edge_rows,
    gephi_attributes,
    pictured_nodes,
    remember_shape,
    remembered,
    remembered_shape,
    shape,
    visuals_of,
)
from graphx.model import clean_text

GRAPHML_HEAD = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
DEFAULT_NAME = "graphx citation graph"
CHUNK = 4096  # elements joined into one write
EDGE_XML_ATTRIBUTES = frozenset({"label", "weight", "type", "id"})
INF = float("inf")
FRAGMENTS = 1 << 16  # rendered shapes of links remembered per file


def _type_names() -> dict[type, str]:
    # The attribute types networkx's writers declare for each Python type (numpy's as networkx names them).
    import numpy as np

    names: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}
    names.update({t: "float" for t in (np.float64, np.float32, np.float16)})
    names.update({t: "int" for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)})
    return names


def escape_text(text: str) -> str:
    r"""Element text as ElementTree writes it (``&``, ``<``, ``>`` escaped), and a carriage return as a
    character reference, which a reader would otherwise turn into a line feed.

    >>> escape_text('a < b & "c"\r\n')
    'a &lt; b &amp; "c"&#13;\n'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(text: str) -> str:
    r"""An attribute value as ElementTree writes it: markup characters and quotes escaped, and tab, line
    feed and carriage return as character references (a reader would turn them into spaces).

    >>> escape_attribute('a "b"\tc\n')
    'a &quot;b&quot;&#09;c&#10;'
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;"))


def _ascii(text: str) -> str:
    # GraphML as networkx wrote it: ASCII, everything else as character references.
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")


class _Spool:
    """The body of a document, written in chunks to a temporary file beside the output."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=folder, buffering=1 << 20)
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        if len(self.parts) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.file.write("".join(self.parts))
        self.parts.clear()

    def copy_to(self, handle: TextIO) -> None:
        self.flush()
        self.file.flush()
        handle.flush()
        self.file.buffer.seek(0)
        shutil.copyfileobj(self.file.buffer, handle.buffer, 1 << 20)

    def close(self) -> None:
        self.file.close()


class _Keys:
    """Attribute declarations numbered in the order they are first met: GraphML's per (name, type, scope),
    GEXF's per (scope, name) with the type of its first value."""

    def __init__(self, per_type: bool):
        self.per_type = per_type
        self.ids: dict[tuple, str] = {}
        self.declared: list[tuple[str, str, str, str]] = []  # (id, scope, name, type)
        self.types = _type_names()

    def id(self, scope: str, name: str, value: object) -> str:
        name = name if name.__class__ is str else str(name)
        kind = self.types.get(value.__class__, "string")
        token = (scope, name, kind) if self.per_type else (scope, name)
        found = self.ids.get(token)
        if found is None:
            found = self.ids[token] = (f"d{len(self.ids)}" if self.per_type else str(len(self.ids)))
            self.declared.append((found, scope, name, kind))
        return found


def write_graphml(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> Path:
    """`graph` as GraphML at `path` (atomically), drawn as `visuals` (`node_visuals(graph)` if not given)."""
    visuals = visuals_of(graph, visuals)
    keys = _Keys(per_type=True)
    attribute = remembered(lambda text: _ascii(escape_attribute(clean_text(text))))
    text = remembered(lambda value: _ascii(escape_text(clean_text(value))))
    graph_data = clean_attributes(graph.graph) | {"y_axis": "up"}
    graph_keys = [(keys.id("graph", name, value), value) for name, value in graph_data.items()]

    key_of: dict[tuple[str, type], str] = {}

    def data(scope: str, items: dict) -> str:
        parts = []
        for name, value in items.items():
            if value is None or value != value:  # missing, or NaN
                continue
            kind = value.__class__
            key = key_of.get((name, kind))
            if key is None:
                key = key_of[(name, kind)] = keys.id(scope, name, value)
            if kind is str:
                shown = text(value)
            elif kind is float or kind is int or kind is bool:
                shown = str(value)
            else:
                shown = _ascii(escape_text(str(value)))
            parts.append(f'<data key="{key}">{shown}</data>' if shown else f'<data key="{key}" />')
        return "".join(parts)

    spool = _Spool(Path(path).parent)
    try:
        for node, attributes in pictured_nodes(graph, visuals):
            spool.add(f'<node id="{attribute(node)}">{data("node", gephi_attributes(node, attributes))}</node>')
        key_of.clear()  # node and edge attributes of one name are declared apart
        bodies: dict[tuple, str] = {}  # each shape of link (`shape`) rendered once: a million citations share a few

        for number, (u, v, key, edge) in enumerate(edge_rows(graph, {node: attribute(clean) for node, clean in clean_ids(graph).items()})):
            token = shape(key, edge)
            body = remembered_shape(bodies, token)
            if body is None:
                body = data("edge", edge) + ("" if "kind" in edge else data("edge", {"kind": clean_text(str(key))}))
                remember_shape(bodies, token, body)
            spool.add(f'<edge source="{u}" target="{v}" id="e{number}">{body}</edge>')
        spool.add(
            "".join(f'<data key="{key}">{_ascii(escape_text(str(value)))}</data>' for key, value in graph_keys) + "</graph></graphml>"
        )
        with open_atomic(Path(path)) as handle:
            handle.write(GRAPHML_HEAD)
            handle.write("".join(f'<key id="{key}" for="{scope}" attr.name="{attribute(name)}" attr.type="{kind}" />'
                                 for key, scope, name, kind in reversed(keys.declared)))
            handle.write('<graph edgedefault="directed">')
            spool.copy_to(handle)
    finally:
        spool.close()
    return Path(path)


def _gexf_value(value: object) -> str:
    if value.__class__ is bool:
        return "true" if value else "false"
    shown = str(value)
    if value.__class__ is float and shown in ("inf", "-inf"):
        return shown.upper()
    return shown


def write_gexf(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None) -> Path:
    """`graph` as GEXF 1.3 at `path` (atomically), drawn as `visuals` (`node_visuals(graph)` if not given).

    Each edge carries ``kind``, which Gephi uses to keep parallel edges of different kinds; keyword links are
    ``type="undirected"`` in a directed graph (GEXF's mixed graphs).
    """
    visuals = visuals_of(graph, visuals)
    keys = _Keys(per_type=False)
    attribute: Callable[[str], str] = remembered(lambda value: escape_attribute(clean_text(value)))

    id_of: dict[str, str] = {}

    def attvalue(scope: str, name: str, value: object) -> str:
        found = id_of.get(name)
        if found is None:
            found = id_of[name] = keys.id(scope, name, value)
        kind = value.__class__
        if kind is str:
            shown = attribute(value)
        elif kind is float:
            shown = str(value) if value not in (INF, -INF) else str(value).upper()
        elif kind is int:
            shown = str(value)
        else:
            shown = escape_attribute(_gexf_value(value))
        return f'<attvalue for="{found}" value="{shown}" />'

    def attvalues(scope: str, items: dict) -> str:
        parts = [attvalue(scope, name, value) for name, value in items.items() if value is not None and value == value]
        return f'<attvalues>{"".join(parts)}</attvalues>' if parts else ""

    spool = _Spool(Path(path).parent)
    try:
        count = 0
        for node, attributes in pictured_nodes(graph, visuals):
            count += 1
            if count == 1:
                spool.add("<nodes>")
            gephi = gephi_attributes(node, attributes)
            identifier = str(gephi.pop("id", node))
            label = str(gephi.pop("label", node))
            r, g, b, up = gephi.pop("r"), gephi.pop("g"), gephi.pop("b"), gephi["y"]
            gephi["y"] = -up  # the attribute keeps the page's y; only the drawn position points up
            spool.add(f'<node id="{attribute(identifier)}" label="{attribute(label)}"><viz:color r="{r}" g="{g}" b="{b}" a="1.0" />'
                      f'<viz:size value="{gephi["size"]}" /><viz:position x="{gephi["x"]}" y="{up}" z="0.0" />'
                      f'{attvalues("node", gephi)}</node>')
        spool.add("</nodes>" if count else "")
        id_of.clear()  # node and edge attributes of one name are declared apart
        bodies: dict[tuple, tuple[str, str]] = {}  # each shape of link rendered once (see `shape`)

        def render(key: object, edge: dict) -> tuple[str, str]:
            # (the <edge> element's attributes after its id, its attvalues but networkx_key), as networkx wrote them
            parts = []
            label = weight = link_type = kind = None
            for name, value in edge.items():
                if value is None or value != value:
                    continue
                if name in EDGE_XML_ATTRIBUTES:  # written on the <edge> itself
                    if name == "label":
                        label = value
                    elif name == "weight":
                        weight = value
                    elif name == "type":
                        link_type = value
                    continue
                if name == "kind":
                    kind = value
                parts.append(attvalue("edge", name, value))
            if kind is None:
                kind = clean_text(str(key))
                parts.append(attvalue("edge", "kind", kind))
            if kind == "keyword":
                link_type = "undirected"
            head = ""
            if label is not None:
                head += f' label="{attribute(label) if label.__class__ is str else escape_attribute(str(label))}"'
            if weight is not None:
                head += f' weight="{weight if weight.__class__ is float else escape_attribute(str(weight))}"'
            if link_type is not None:
                head += f' type="{attribute(link_type) if link_type.__class__ is str else escape_attribute(str(link_type))}"'
            head += f' kind="{attribute(kind) if kind.__class__ is str else escape_attribute(str(kind))}"'
            return head, "".join(parts)

        edges = 0
        networkx_key = ""
        for number, (u, v, key, edge) in enumerate(edge_rows(graph, {node: attribute(clean) for node, clean in clean_ids(graph).items()})):
            edges += 1
            token = shape(key, edge)
            made = remembered_shape(bodies, token)
            if made is None:
                made = render(key, edge)
                remember_shape(bodies, token, made)
            if not networkx_key:  # as networkx wrote it; its reader keys the edge by it
                networkx_key = id_of["networkx_key"] = keys.id("edge", "networkx_key", "e0")
            spool.add(f'{"<edges>" if edges == 1 else ""}<edge source="{u}" target="{v}" id="e{number}"{made[0]}><attvalues>{made[1]}'
                      f'<attvalue for="{networkx_key}" value="e{number}" /></attvalues></edge>')
        spool.add("</edges></graph></gexf>" if edges else "<edges /></graph></gexf>")
        name = str(graph.graph.get("name", "") or DEFAULT_NAME)
        with open_atomic(Path(path)) as handle:
            viz = f' xmlns:viz="{GEXF_VIZ_NS}"' if count else ""
            handle.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="{GEXF_NS}"{viz} version="1.3">'
                         f'<meta lastmodifieddate="{time.strftime("%Y-%m-%d")}"><creator>graphx</creator>'
                         f'<description>{escape_text(clean_text(name))}</description></meta>'
                         f'<graph defaultedgetype="directed" mode="static">')
            for scope in ("edge", "node"):  # as networkx ordered them: each class inserted first when first met
                declared = [(key, name, kind) for key, where, name, kind in keys.declared if where == scope]
                if declared:
                    handle.write(f'<attributes mode="static" class="{scope}">' + "".join(
                        f'<attribute id="{key}" title="{attribute(name)}" type="{kind}" />' for key, name, kind in declared)
                        + "</attributes>")
            if not count:
                handle.write("<nodes />")
            spool.copy_to(handle)
    finally:
        spool.close()
    return Path(path)


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
