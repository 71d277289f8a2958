"""GraphML and GEXF 1.3 written from the graph's columns (`graphx.table`), chunk by chunk, straight into the file.

networkx's writers build the whole document as an ElementTree (twice for GEXF, which graphx then moved to
1.3 by parsing it again), several gigabytes and ten minutes for 100,000 papers; these write the same files
as text, escaped as ElementTree escapes. Each distinct value of each attribute is rendered once as its
element (``<data key="d7">0.25</data>``, ``<attvalue for="3" value="…" />``), and pyarrow joins each row's
pieces; no Python loop runs over the links. The declarations of the attributes are numbered as a pass over
the elements would first meet them, which the columns know before anything is written.

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

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from graphx.atomic import open_atomic
from graphx.attributes import VISUAL_ONLY, Visuals, remembered, visuals_of
from graphx.model import clean_text
from graphx.table import (
    Column,
    GraphTable,
    chunks,
    graph_table,
    joined,
    numbers_text,
    rendered,
    rendered_by_kind,
    replaced,
    taken,
    text_array,
    write_joined,
)

if TYPE_CHECKING:
    import networkx as nx
    import pyarrow as pa

GRAPHML_HEAD = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
DEFAULT_NAME = "graphx citation graph"
EDGE_XML_ATTRIBUTES = frozenset({"label", "weight", "type", "id"})
INF = float("inf")


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


TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
ATTRIBUTE_ESCAPES = (*TEXT_ESCAPES[:3], ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def escaped(texts: pa.Array, attribute: bool = False, ascii_only: bool = False) -> pa.Array:
    """`escape_text` (or `escape_attribute`) of every text of `texts` at once; with `ascii_only`, text
    outside ASCII as character references (`_ascii`)."""
    import pyarrow.compute as pc

    texts = replaced(texts, ATTRIBUTE_ESCAPES if attribute else TEXT_ESCAPES)
    if ascii_only:
        outside = pc.invert(pc.string_is_ascii(texts))
        if pc.any(outside).as_py():  # only those texts made ASCII in Python
            fixed = text_array(_ascii(text) for text in pc.filter(texts, outside).to_pylist())
            texts = pc.replace_with_mask(texts, outside, fixed)
    return texts


def _ascii(text: str) -> str:
    # GraphML as networkx wrote it: ASCII, everything else as character references.
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")


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


def gephi_columns(table: GraphTable) -> dict[str, Column]:
    """The pictured nodes' attributes in Gephi's terms, as columns: ``r``, ``g``, ``b`` for the colour, ``y``
    pointing up, the title (or else the id) as ``label``; ``colour`` and ``size_share`` left out (a node's own
    attribute of one of these names gives way to the picture's)."""
    pictured = table.attributes.columns
    if not table.ids:  # nothing to picture
        return {name: Column(np.empty(0, dtype=np.int64), []) for name in ("x", "y", "size", "r", "g", "b", "label")}
    columns = {name: column for name, column in pictured.items() if name not in VISUAL_ONLY}
    hexes = pictured["colour"].map(lambda colour: str(colour).lstrip("#"))
    columns["r"] = hexes.map(lambda colour: int(colour[0:2], 16))
    columns["g"] = hexes.map(lambda colour: int(colour[2:4], 16))
    columns["b"] = hexes.map(lambda colour: int(colour[4:6], 16))
    columns["y"] = pictured["y"].map(lambda y: -y)
    columns["label"] = node_labels(table)
    return columns


def node_labels(table: GraphTable) -> Column:
    """Each node's label: its title, or its id when it has none."""
    ids = table.id_column()
    titles = table.attributes.columns.get("title")
    if titles is None:
        return ids
    named = np.append(np.array([bool(title) for title in titles.values], dtype=bool), False)
    return Column(np.where(named[titles.codes], titles.codes, -1), [str(title) for title in titles.values]).over(ids)


def _attribute_texts(column: Column, ascii_only: bool = False) -> pa.Array:
    # Each distinct value as an attribute's value (text cleaned, escaped; with `ascii_only`, outside ASCII as references)
    return escaped(text_array(value if value.__class__ is str else clean_text(str(value)) for value in column.values), attribute=True,
                   ascii_only=ascii_only)


def _declare(keys: _Keys, scope: str, columns: dict[str, Column], last: tuple = ()) -> None:
    # Declarations in the order a pass over the rows would first meet each (name, type): by first row, then
    # by place in the row; `last` names are met after the first row's attributes.
    met = [(row, place, name, kind, column) for place, (name, column) in enumerate(columns.items())
           for kind, row in column.first_rows().items()]
    met += [(0, len(columns) + place, name, None, None) for place, name in enumerate(last)]
    for _row, _, name, kind, column in sorted(met, key=lambda item: item[:2]):
        keys.id(scope, _named(name), "e0" if column is None else next(value for value in column.values if value.__class__ is kind))


def _named(name: str) -> str:
    return "kind" if name == KIND_FROM_KEY else name


def _graphml_values(kind: type, values: list) -> pa.Array:
    # The text of each value as networkx wrote it (str of the value; text escaped, outside ASCII as references)
    if kind is str:
        return escaped(text_array(values), ascii_only=True)
    if kind is float or kind is int or kind is bool:
        return text_array(map(str, values))
    return escaped(text_array(map(str, values)), ascii_only=True)


def _graphml_pieces(keys: _Keys, scope: str, columns: dict[str, Column]) -> list[tuple[Column, pa.Array]]:
    # Each column's <data> element for each of its distinct values.
    import pyarrow as pa
    import pyarrow.compute as pc

    _declare(keys, scope, columns)
    made = []
    for name, column in columns.items():
        def pieces(kind: type, values: list, name: str = name) -> pa.Array:
            key = keys.ids[(scope, _named(name), keys.types.get(kind, "string"))]
            shown = _graphml_values(kind, values)
            return pc.if_else(pc.equal(pc.binary_length(shown), 0), pa.scalar(f'<data key="{key}" />', pa.large_string()),
                              joined([f'<data key="{key}">', shown, "</data>"]))

        made.append((column, rendered_by_kind(column, pieces)))
    return made


def _kind_from_key(table: GraphTable) -> dict[str, Column]:
    # The links' attributes, and the kind of a link without one: its key (written after its attributes).
    columns = dict(table.links.columns)
    kinds = columns.get("kind")
    fallback = table.keys if kinds is None else Column(np.where(kinds.codes >= 0, -1, table.keys.codes), table.keys.values)
    if fallback.present().any():
        columns[KIND_FROM_KEY] = fallback
    return columns


KIND_FROM_KEY = "\x00kind"  # a column name no attribute can have (names are cleaned)


def write_graphml(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None, table: GraphTable | None = None) -> Path:
    """`graph` as GraphML at `path` (atomically), drawn as `visuals` (`node_visuals(graph)` if not given);
    `table`, the graph already read into columns (`graphx.table.graph_table`), saves reading it again."""
    if table is None:
        table = graph_table(graph, visuals_of(graph, visuals))
    keys = _Keys(per_type=True)
    graph_keys = [(keys.id("graph", name, value), value) for name, value in (table.graph | {"y_axis": "up"}).items()]
    attribute = remembered(lambda text: _ascii(escape_attribute(clean_text(text))))
    nodes = _graphml_pieces(keys, "node", gephi_columns(table))
    links = _graphml_pieces(keys, "edge", _kind_from_key(table))
    ids = _attribute_texts(table.id_column(), ascii_only=True)
    with open_atomic(Path(path)) as handle:
        handle.write(GRAPHML_HEAD)
        handle.write("".join(f'<key id="{key}" for="{scope}" attr.name="{attribute(name)}" attr.type="{kind}" />'
                             for key, scope, name, kind in reversed(keys.declared)))
        handle.write('<graph edgedefault="directed">')
        for start, stop in chunks(len(table.ids)):
            write_joined(
                handle,
                joined(
                    ['<node id="', ids[start:stop], '">', *[taken(made, column.codes[start:stop]) for column, made in nodes], "</node>"]
                ),
            )
        for start, stop in chunks(table.link_count):
            write_joined(
                handle,
                joined(
                    [
                        '<edge source="',
                        taken(ids, table.source[start:stop]),
                        '" target="',
                        taken(ids, table.target[start:stop]),
                        '" id="e',
                        numbers_text(start, stop),
                        '">',
                        *[taken(made, column.codes[start:stop]) for column, made in links],
                        "</edge>",
                    ]
                ),
            )
        handle.write(
            "".join(f'<data key="{key}">{_ascii(escape_text(str(value)))}</data>' for key, value in graph_keys) + "</graph></graphml>"
        )
    return Path(path)


def _gexf_value(value: object) -> str:
    if value.__class__ is bool:
        return "true" if value else "false"
    shown = str(value)
    if value.__class__ is float and shown in ("inf", "-inf"):
        return shown.upper()
    return shown


def _gexf_values(kind: type, values: list) -> pa.Array:
    # The value="…" text of each value as networkx wrote it (INF for infinity, true/false)
    if kind is str:
        return escaped(text_array(values), attribute=True)
    if kind is float:
        return replaced(text_array(map(str, values)), [("inf", "INF")])
    if kind is int:
        return text_array(map(str, values))
    return escaped(text_array(map(_gexf_value, values)), attribute=True)


def _gexf_attvalues(keys: _Keys, scope: str, columns: dict[str, Column], last: tuple = ()) -> list[tuple[Column, pa.Array]]:
    # Each column's <attvalue> for each of its distinct values (declared by name, with its first value's type).
    _declare_once(keys, scope, columns, last)
    made = []
    for name, column in columns.items():
        if not column.values:
            continue
        found = keys.ids[(scope, _named(name))]
        made.append((column, rendered_by_kind(column, lambda kind, values, found=found: joined(
            [f'<attvalue for="{found}" value="', _gexf_values(kind, values), '" />']))))
    return made


def _declare_once(keys: _Keys, scope: str, columns: dict[str, Column], last: tuple = ()) -> None:
    # GEXF declares a name once, typed by the first value met.
    firsts = {}
    for name, column in columns.items():
        rows = column.first_rows()
        if rows:
            kind, row = min(rows.items(), key=lambda item: item[1])
            firsts[name] = (row, {kind: row}, column)
    met = [(row, place, name, kind, column) for place, (name, (row, kinds, column)) in enumerate(firsts.items()) for kind in kinds]
    met += [(0, len(columns) + place, name, None, None) for place, name in enumerate(last)]
    for _row, _, name, kind, column in sorted(met, key=lambda item: item[:2]):
        if (scope, _named(name)) not in keys.ids:
            keys.id(scope, _named(name), "e0" if column is None else next(value for value in column.values if value.__class__ is kind))


def _wrapped(inner: pa.Array, head: str, tail: str) -> pa.Array:
    # head + inner + tail where inner has text, else nothing
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(pc.equal(pc.binary_length(inner), 0), pa.scalar("", pa.large_string()), joined([head, inner, tail]))


def write_gexf(graph: nx.MultiDiGraph, path: Path, visuals: Visuals | None = None, table: GraphTable | None = None) -> Path:
    """`graph` as GEXF 1.3 at `path` (atomically), drawn as `visuals` (`node_visuals(graph)` if not given);
    `table`, the graph already read into columns (`graphx.table.graph_table`), saves reading it again.

    Each edge carries ``kind``, which Gephi uses to keep parallel edges of different kinds; keyword links are
    ``type="undirected"`` in a directed graph (GEXF's mixed graphs).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if table is None:
        table = graph_table(graph, visuals_of(graph, visuals))
    keys = _Keys(per_type=False)
    attribute = remembered(lambda value: escape_attribute(clean_text(value)))
    shown = rendered  # (for brevity below)
    gephi = gephi_columns(table)
    identifiers = gephi.pop("id").map(str).over(table.id_column()) if "id" in gephi else table.id_column()
    labels, r, g, b = gephi.pop("label"), gephi.pop("r"), gephi.pop("g"), gephi.pop("b")
    up = gephi["y"]
    gephi["y"] = table.attributes.columns.get("y", up)  # the attribute keeps the page's y; only the drawn position points up
    x, size = gephi["x"], gephi["size"]
    nodes = _gexf_attvalues(keys, "node", gephi)
    node_parts = [
        _attribute_texts(identifiers),
        _attribute_texts(labels),
        *[text_array(map(str, column.values)) for column in (r, g, b, size, x, up)],
    ]

    links = {name: column for name, column in _kind_from_key(table).items() if name not in EDGE_XML_ATTRIBUTES}
    edges = _gexf_attvalues(keys, "edge", links, last=("networkx_key",))
    networkx_key = keys.ids[("edge", "networkx_key")]
    own = table.links.columns
    kinds = own["kind"].over(table.keys) if "kind" in own else table.keys
    keyword = np.append(np.array([value == "keyword" for value in kinds.values], dtype=bool), False)

    def head(name: str, make: Callable[[object], str]) -> tuple[Column, pa.Array] | None:
        return (own[name], shown(own[name], make)) if name in own else None

    label = head("label", lambda value: f' label="{attribute(value) if value.__class__ is str else escape_attribute(str(value))}"')
    weight = head("weight", lambda value: f' weight="{value if value.__class__ is float else escape_attribute(str(value))}"')
    link_type = head("type", lambda value: f' type="{attribute(value) if value.__class__ is str else escape_attribute(str(value))}"')
    kind = (kinds, shown(kinds, lambda value: f' kind="{attribute(value) if value.__class__ is str else escape_attribute(str(value))}"'))
    ids = _attribute_texts(table.id_column())
    with open_atomic(Path(path)) as handle:
        viz = f' xmlns:viz="{GEXF_VIZ_NS}"' if table.ids else ""
        name = str(table.graph.get("name", "") or DEFAULT_NAME)
        handle.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="{GEXF_NS}"{viz} version="1.3">'
                     f'<meta lastmodifieddate="{time.strftime("%Y-%m-%d")}"><creator>graphx</creator>'
                     f'<description>{escape_text(clean_text(name))}</description></meta>'
                     f'<graph defaultedgetype="directed" mode="static">')
        for scope in ("edge", "node"):  # as networkx ordered them: each class inserted first when first met
            declared = [
                (key, name, kind) for key, where, name, kind in keys.declared if where == scope and (scope == "node" or table.link_count)
            ]
            if declared:
                handle.write(f'<attributes mode="static" class="{scope}">' + "".join(
                    f'<attribute id="{key}" title="{attribute(name)}" type="{kind}" />' for key, name, kind in declared) + "</attributes>")
        handle.write("<nodes>" if table.ids else "<nodes />")
        for start, stop in chunks(len(table.ids)):
            rows = slice(start, stop)
            identifier, named, red, green, blue, sized, across, drawn = (
                taken(part, column.codes[rows])
                for column, part in zip((identifiers, labels, r, g, b, size, x, up), node_parts, strict=True)
            )
            values = _wrapped(joined([taken(made, column.codes[rows]) for column, made in nodes]), "<attvalues>", "</attvalues>")
            write_joined(
                handle,
                joined(
                    [
                        '<node id="',
                        identifier,
                        '" label="',
                        named,
                        '"><viz:color r="',
                        red,
                        '" g="',
                        green,
                        '" b="',
                        blue,
                        '" a="1.0" /><viz:size value="',
                        sized,
                        '" /><viz:position x="',
                        across,
                        '" y="',
                        drawn,
                        '" z="0.0" />',
                        values,
                        "</node>",
                    ]
                ),
            )
        handle.write("</nodes>" if table.ids else "")
        handle.write("<edges>" if table.link_count else "<edges />")
        for start, stop in chunks(table.link_count):
            rows = slice(start, stop)
            numbers = numbers_text(start, stop)
            undirected = keyword[kinds.codes[rows]]
            typed = taken(link_type[1], link_type[0].codes[rows]) if link_type else None
            typed = pc.if_else(pa.array(undirected), pa.scalar(' type="undirected"', pa.large_string()),
                               typed if typed is not None else pa.nulls(stop - start, pa.large_string()))
            write_joined(handle, joined(['<edge source="', taken(ids, table.source[rows]), '" target="', taken(ids, table.target[rows]),
                                         '" id="e', numbers, '"',
                                         *[taken(part[1], part[0].codes[rows]) for part in (label, weight) if part is not None],
                                         typed, taken(kind[1], kind[0].codes[rows]), "><attvalues>",
                                         *[taken(made, column.codes[rows]) for column, made in edges],
                                         f'<attvalue for="{networkx_key}" value="e', numbers, '" /></attvalues></edge>']))
        handle.write("</edges></graph></gexf>" if table.link_count else "</graph></gexf>")
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
