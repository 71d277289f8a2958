"""The graph read once into columns, for every file a build writes (`graphx.xmlgraph`, `graphx.export`,
`graphx.formats`).

Each file says the same about each paper and link, so the graph's dicts are walked once, not once per
file: each attribute becomes a `Column` of codes into its distinct values (text cleaned once, missing values
coded -1), links become arrays of node rows. A writer then renders each distinct value once in its own
syntax (a citation's ``kind``, ``weight`` and ``sources`` repeat over millions of links) and builds its
text row by row with pyarrow's vectorised string kernels (`rendered`, `joined`, `write_joined`), never a
Python loop over the links. Nothing here changes the graph.

Attribute order is kept: the columns follow the order the nodes (or links) hold their attributes in, merged
over all of them, so each element is written with its attributes in its own order.
"""
from __future__ import annotations

import heapq
import itertools
import math
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, TextIO

import numpy as np

from graphx.model import clean_text

if TYPE_CHECKING:
    import networkx as nx
    import pyarrow as pa

    from graphx.attributes import Visuals

CHUNK_ROWS = 1 << 17  # rows rendered at a time: the text of 130,000 links is tens of megabytes, not gigabytes
VISUAL_NAMES = ("x", "y", "size_share", "size", "colour")


@dataclass
class Column:
    """One attribute over all rows: ``codes[row]`` indexes `values` (-1 where the row has no value).

    `values` are the distinct values present, first met first, with their own types (1, 1.0 and True are
    three values: they are written differently) and text cleaned of what XML forbids.
    """

    codes: np.ndarray
    values: list

    def first_rows(self) -> dict[type, int]:
        """The first row holding a value of each type present, by type, in the order they are first met."""
        firsts: dict[type, int] = {}
        for code, value in enumerate(self.values):
            if value.__class__ not in firsts:
                firsts[value.__class__] = int(np.argmax(self.codes == code))
        return dict(sorted(firsts.items(), key=lambda item: item[1]))

    def present(self) -> np.ndarray:
        return self.codes >= 0

    def to_array(self) -> np.ndarray:
        """The value of each row (an array of objects), None where missing."""
        cells = np.empty(len(self.values) + 1, dtype=object)
        for code, value in enumerate(self.values):
            cells[code] = value
        return cells[self.codes]  # -1 takes the trailing None

    def to_list(self) -> list:
        """The value of each row, None where missing."""
        return self.to_array().tolist()

    def map(self, convert: Callable[[object], object]) -> Column:
        """The column of `convert(value)`, converted once per distinct value."""
        return Column(self.codes, [convert(value) for value in self.values])

    def over(self, base: Column) -> Column:
        """This column where it has a value, `base` elsewhere (a row's own attribute taking a name's place)."""
        offset = len(base.values)
        return Column(np.where(self.codes >= 0, self.codes + offset, base.codes), base.values + self.values)


@dataclass
class Rows:
    """Rows (nodes or links) and their attributes as columns, by clean name, in the rows' attribute order."""

    count: int
    columns: dict[str, Column] = field(default_factory=dict)


@dataclass
class GraphTable:
    """A graph as the files read it: node ids and attributes (with the picture), links as node rows.

    `ids` are the nodes' ids as text, cleaned; `index` gives a node's row; `source` and `target` give each
    link's node rows in networkx's order of links; `keys` the links' keys as text.
    """

    graph: dict
    nodes: list
    ids: list[str]
    index: dict
    attributes: Rows
    source: np.ndarray
    target: np.ndarray
    keys: Column
    links: Rows

    @property
    def link_count(self) -> int:
        return len(self.source)

    def id_column(self) -> Column:
        return Column(np.arange(len(self.ids), dtype=np.int64), list(self.ids))


def graph_table(graph: nx.MultiDiGraph, visuals: Visuals | None = None) -> GraphTable:
    """`graph` read once into columns; with `visuals` (`node_visuals(graph)`), the picture's columns (x, y,
    size_share, size, colour) take the place of the nodes' own or follow their attributes."""
    nodes, datas = [], []
    for node, data in graph.nodes(data=True):
        nodes.append(node)
        datas.append(data)
    index = {node: row for row, node in enumerate(nodes)}
    attributes = read_rows(datas)
    if visuals is not None and nodes:
        for name in VISUAL_NAMES:
            attributes.columns[name] = factorize([visuals[node][name] for node in nodes])
    source, target, keys, link_datas = link_rows(graph, index)
    key_column = factorize(keys)
    key_column.values = [clean_text(value if value.__class__ is str else str(value)) for value in key_column.values]
    return GraphTable(graph=_clean_mapping(graph.graph), nodes=nodes, ids=[clean_text(str(node)) for node in nodes], index=index,
                      attributes=attributes, source=source, target=target,
                      keys=key_column, links=read_rows(link_datas))


def link_rows(graph: nx.MultiDiGraph, index: dict) -> tuple[np.ndarray, np.ndarray, list, list[dict]]:
    """Each link's source and target rows (`index`: a node's row), key and attribute dict, in networkx's
    order of links (``graph.edges``), read from the adjacency with C-level iteration (a Python loop over
    millions of links costs seconds)."""
    rows, neighbours = [], []
    for node, around in graph.adjacency():
        rows.append(index[node])
        neighbours.append(around)
    keyed = list(itertools.chain.from_iterable(map(operator.methodcaller("values"), neighbours)))
    pairs = np.fromiter(map(len, neighbours), dtype=np.int64, count=len(neighbours))
    per_pair = np.fromiter(map(len, keyed), dtype=np.int64, count=len(keyed))
    others = np.fromiter(map(index.__getitem__, itertools.chain.from_iterable(neighbours)), dtype=np.int64, count=len(keyed))
    source = np.repeat(np.repeat(np.array(rows, dtype=np.int64), pairs), per_pair)
    target = np.repeat(others, per_pair)
    keys = list(itertools.chain.from_iterable(keyed))
    datas = list(itertools.chain.from_iterable(map(operator.methodcaller("values"), keyed)))  # (views of a subgraph are not dicts)
    return source, target, keys, datas


def _clean_mapping(data: dict) -> dict:
    from graphx.attributes import clean_attributes

    return clean_attributes(data)


def read_rows(datas: list[dict]) -> Rows:
    """The attribute dicts `datas` as columns, in the order the dicts hold their keys (see `attribute_order`)."""
    rows = Rows(len(datas))
    for name in attribute_order(dict.fromkeys(map(tuple, datas))):
        column = factorize(list(map(dict.get, datas, itertools.repeat(name))))
        clean = clean_text(name) if name.__class__ is str else clean_text(str(name))
        if clean in rows.columns:  # two names that differ only by illegal characters: the later one wins, as in a dict
            column = column.over(rows.columns.pop(clean))
        rows.columns[clean] = column
    return rows


def attribute_order(orders: Iterable[tuple]) -> list:
    """One order of all the names in `orders` that keeps each order (the names of each row, as it holds
    them), ties broken by which name was met first; where the orders disagree, first met first.

    >>> attribute_order([("title", "year"), ("title", "doi", "year"), ("title", "year", "pagerank")])
    ['title', 'doi', 'year', 'pagerank']
    """
    rank: dict = {}
    after: dict = {}
    before_count: dict = {}
    for order in orders:
        for name in order:
            if name not in rank:
                rank[name] = len(rank)
                after[name] = set()
                before_count[name] = 0
        for first, second in pairwise(order):
            if second not in after[first]:
                after[first].add(second)
                before_count[second] += 1
    ready = [(rank[name], name) for name, count in before_count.items() if count == 0]
    heapq.heapify(ready)
    placed: list = []
    while ready:
        _, name = heapq.heappop(ready)
        placed.append(name)
        for following in after[name]:
            before_count[following] -= 1
            if before_count[following] == 0:
                heapq.heappush(ready, (rank[following], following))
    if len(placed) < len(rank):  # orders that contradict each other: the rest as first met
        seen = set(placed)
        placed += [name for name in rank if name not in seen]
    return placed


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _without_missing(codes: np.ndarray, uniques: np.ndarray, missing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`codes` with the missing cells coded -1, and `uniques` without the values only those cells held."""
    if not missing.any():
        return codes, uniques
    kept = np.unique(codes[~missing])
    remap = np.full(len(uniques), -1, dtype=np.int64)
    remap[kept] = np.arange(len(kept))
    return np.where(missing, -1, remap[codes]), uniques[kept]


def factorize(values: list) -> Column:
    """`values` (one per row) as a `Column`: missing values (None, NaN) coded -1, each distinct value once
    with its type, text cleaned.

    >>> column = factorize(["cites", None, "cites", 1, 1.0, float("nan"), -0.0, 0.0])
    >>> column.codes.tolist(), column.values
    ([0, -1, 0, 1, 2, -1, 3, 4], ['cites', 1, 1.0, -0.0, 0.0])
    """
    import pandas as pd

    kinds = set(map(type, values))
    kinds.discard(type(None))
    count = len(values)
    if not kinds:
        return Column(np.full(count, -1, dtype=np.int64), [])
    if kinds == {float}:  # by bit pattern: -0.0 and 0.0 are written apart
        numbers = np.array(values, dtype=np.float64)
        missing = np.isnan(numbers)
        codes, uniques = pd.factorize(numbers.view(np.int64), use_na_sentinel=True)
        codes, uniques = _without_missing(codes.astype(np.int64), uniques, missing)
        return Column(codes, uniques.view(np.float64).tolist())
    if kinds == {int}:
        try:
            numbers = np.array([-1 if value is None else value for value in values], dtype=np.int64)
        except OverflowError:
            return _factorize_objects(values)
        codes, uniques = pd.factorize(numbers)
        if None in values:
            absent = np.fromiter((value is None for value in values), dtype=bool, count=count)
            codes, uniques = _without_missing(codes.astype(np.int64), uniques, absent)
        return Column(codes.astype(np.int64), uniques.tolist())
    if kinds == {str}:
        cells = np.empty(count, dtype=object)
        cells[:] = values
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        texts = uniques.tolist()
        joined = "\n".join(texts)  # one scan of all the text: a fresh build is clean already
        if clean_text(joined) is not joined:
            texts = [clean_text(text) for text in texts]
        return Column(codes.astype(np.int64), texts)
    return _factorize_objects(values)


def _factorize_objects(values: list) -> Column:
    # Mixed or unusual types, in Python: keyed by (type, value); a value that cannot be a key is its own.
    known: dict = {}
    uniques: list = []
    codes = np.empty(len(values), dtype=np.int64)
    for row, value in enumerate(values):
        if _missing(value) or (isinstance(value, float) and value != value):
            codes[row] = -1
            continue
        try:
            token = (value.__class__, value, math.copysign(1.0, value) if value.__class__ is float else 0)
            code = known.get(token)
            if code is None:
                code = known[token] = len(uniques)
                uniques.append(value)
        except TypeError:
            code = len(uniques)
            uniques.append(value)
        codes[row] = code
    return Column(codes, [clean_text(value) if value.__class__ is str else value for value in uniques])


# ----------------------------------------------------------------------------------------------------------
# Building text from columns

def rendered(column: Column, make: Callable[[object], str]) -> pa.Array:
    """`make(value)` of each distinct value of `column`, as a pyarrow array (to `take` rows from)."""
    import pyarrow as pa

    return pa.array([make(value) for value in column.values], type=pa.large_string())


def rendered_by_kind(column: Column, make: Callable[[type, list], pa.Array]) -> pa.Array:
    """The texts `make(kind, values)` gives for the distinct values of `column` of each type, in the order of
    `column.values`: vectorised per type (a column almost always holds one)."""
    import pyarrow as pa

    classes = list(map(type, column.values))
    kinds = dict.fromkeys(classes)
    if len(kinds) <= 1:
        made = make(next(iter(kinds)), column.values) if kinds else pa.array([], pa.large_string())
        return made.cast(pa.large_string())
    texts: list = [None] * len(classes)
    for kind in kinds:
        where = [place for place, found in enumerate(classes) if found is kind]
        for place, text in zip(where, make(kind, [column.values[place] for place in where]).to_pylist(), strict=True):
            texts[place] = text
    return pa.array(texts, pa.large_string())


def text_array(texts: Iterable[str]) -> pa.Array:
    r"""`texts` as a pyarrow array of (large) strings (UTF-8: the text of a value that is not text, such as a
    list holding a lone surrogate, loses what UTF-8 cannot hold, as text values did when read).

    >>> text_array(["a", "b\ud800"]).to_pylist()
    ['a', 'b']
    """
    import pyarrow as pa

    items = list(texts)
    try:
        return pa.array(items, pa.large_string())
    except UnicodeEncodeError:
        return pa.array([clean_text(text) for text in items], pa.large_string())


def replaced(texts: pa.Array, replacements: Iterable[tuple[str, str]]) -> pa.Array:
    """`texts` with each (old, new) replacement made in turn, vectorised."""
    import pyarrow.compute as pc

    for old, new in replacements:
        texts = pc.replace_substring(texts, old, new)
    return texts


def taken(made: pa.Array, codes: np.ndarray) -> pa.Array:
    """The text `made` of each row's code, null where the code is -1."""
    import pyarrow as pa

    return made.take(pa.array(codes, mask=codes < 0))


def joined(parts: list, separator: str = "", skip: bool = False) -> pa.Array:
    """Row by row, the texts of `parts` (pyarrow arrays of one length, or plain text for every row) joined
    by `separator`; a null part is left out with its separator (`skip`) or read as empty text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = [part.cast(pa.large_string()) if isinstance(part, (pa.Array, pa.ChunkedArray)) else pa.scalar(part, pa.large_string())
              for part in parts]
    between = pa.scalar(separator, pa.large_string())
    if skip:
        return pc.binary_join_element_wise(*arrays, between, null_handling="skip")
    return pc.binary_join_element_wise(*arrays, between, null_handling="replace", null_replacement="")


def numbers_text(start: int, stop: int) -> pa.Array:
    """The decimal text of start … stop - 1 (link numbers for ids such as ``e17``)."""
    import pyarrow as pa

    return pa.array(np.arange(start, stop, dtype=np.int64)).cast(pa.large_string())


def write_joined(handle: TextIO, texts: pa.Array) -> None:
    """The texts of `texts` (no nulls) written one after the other to the text file `handle`, as UTF-8,
    without making a Python string: a string array's data buffer holds its texts end to end."""
    import pyarrow as pa

    if len(texts) == 0:
        return
    if texts.type != pa.large_string():
        texts = texts.cast(pa.large_string())
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64, count=len(texts) + 1, offset=texts.offset * 8)
    handle.flush()
    handle.buffer.write(memoryview(texts.buffers()[2])[offsets[0]:offsets[-1]])


def write_items(handle: TextIO, items: pa.Array, first: bool) -> None:
    """JSON texts `items` written as members of an array (the brackets are the caller's): a comma before
    each, but the array's `first`."""
    if first:
        write_joined(handle, items.slice(0, 1))
        items = items.slice(1)
    write_joined(handle, joined([",", items]))


def chunks(count: int, size: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of `size` rows (`CHUNK_ROWS`) out of `count`."""
    size = size or CHUNK_ROWS
    for start in range(0, count, size):
        yield start, min(count, start + size)
