"""Whole-field graphs from the OpenAlex snapshot on one machine, out of core, with DuckDB.

The snapshot (https://docs.openalex.org/download-all-data/openalex-snapshot) is folders of gzipped JSON Lines,
``data/works/updated_date=YYYY-MM-DD/part_NNN.gz``, one full work record a line; a work updated twice appears
in two partitions and the newest wins. `snapshot_graph` reads it in three steps:

1. DuckDB scans every partition once (in parallel, spilling to disk past `memory_limit`) into a compact table
   of works (id, year, title, counts, topic/concept/keyword names) and a table of the citations between them;
2. global ranks over the whole snapshot: citations received inside it and PageRank (`sparse_pagerank`, numpy
   over the integer edge arrays DuckDB hands over) — or, with `ranks`, the Parquet a Spark job wrote
   (`graphx.spark.ranks`) for snapshots too big for one machine;
3. the chosen subset (filters below, the `top` by global PageRank) is read back as full records, parsed by
   the OpenAlex client's own `parse_work`, and built like any other graph, its nodes carrying
   ``snapshot_pagerank`` and ``snapshot_citations``.

Needs the ``snapshot`` extra (``pip install "graphx[snapshot]"``, DuckDB).
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from graphx.citation_graph import CitationGraph
from graphx.errors import InputError, SetupError
from graphx.sources.openalex import parse_work

DAMPING = 0.85


@dataclass(frozen=True)
class SnapshotFilter:
    """Which works of the snapshot make the graph: any of `topics` (OpenAlex ids like T10102 or words of a
    topic's name), any of `concepts` (C-ids or words of a name), `first_year`..`last_year`, every word of
    `query` in the title or keywords; the `top` of those by global PageRank."""

    topics: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    first_year: int | None = None
    last_year: int | None = None
    query: str = ""
    top: int = 1000


@dataclass
class SnapshotResult:
    """The graph of the chosen works and what the scan found."""

    graph: CitationGraph
    works: int
    citations: int
    matched: int
    ranks_from: str


def works_glob(folder: Path) -> str:
    """The glob of the snapshot's work partitions under `folder` (the snapshot root, its ``data/works``, or
    any folder of ``.gz`` / ``.jsonl`` part files); InputError when there are none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder; expected an OpenAlex snapshot (data/works/updated_date=…/part_*.gz)")
    for base in (folder / "data" / "works", folder / "works", folder):
        for pattern in ("**/*.gz", "**/*.jsonl", "**/*.json"):
            if next(base.glob(pattern), None) is not None:
                return str(base / pattern)
    raise InputError(f"{folder}: no work partitions found; expected data/works/updated_date=…/part_*.gz as the OpenAlex snapshot has")


def sparse_pagerank(citing: np.ndarray, cited: np.ndarray, count: int, damping: float = DAMPING, tol: float = 1e-12,
                    max_iter: int = 1000) -> np.ndarray:
    """PageRank by power iteration over integer edge arrays (each pair once): a dangling work's share is
    spread evenly over all works, as networkx, igraph and the Spark job do. Stops when the L1 change
    falls under `tol`.

    >>> sparse_pagerank(np.array([0, 1]), np.array([2, 2]), 3).round(3).tolist()
    [0.213, 0.213, 0.574]
    """
    out_degree = np.bincount(citing, minlength=count).astype(float)
    weights = 1.0 / out_degree[citing] if len(citing) else np.zeros(0)
    spread = sparse.csr_matrix((weights, (cited, citing)), shape=(count, count))
    dangling = out_degree == 0
    rank = np.full(count, 1.0 / count)
    for _ in range(max_iter):
        updated = damping * (spread @ rank + rank[dangling].sum() / count) + (1.0 - damping) / count
        change = np.abs(updated - rank).sum()
        rank = updated
        if change < tol:
            break
    return rank / rank.sum()


def _columns() -> str:
    named = "STRUCT(id VARCHAR, display_name VARCHAR)[]"
    return ("{'id': 'VARCHAR', 'display_name': 'VARCHAR', 'publication_year': 'INTEGER', 'cited_by_count': 'INTEGER', "
            f"'referenced_works': 'VARCHAR[]', 'topics': '{named}', 'concepts': '{named}', 'keywords': '{named}'}}")


def _short(column: str) -> str:
    return f"upper(regexp_extract({column}, '[^/]+$'))"


def load_snapshot(con, glob: str) -> tuple[int, int]:
    """Scan the partitions into ``works`` (one row per work, newest partition winning, numbered 0..n-1 as
    ``node``) and ``citations`` (citing, cited node pairs inside the snapshot); (works, citations)."""
    names = "list_transform({0}, lambda x: lower(x.display_name))"
    con.execute(f"""
        CREATE TABLE scanned AS
        SELECT {_short('id')} AS id, display_name AS title, publication_year AS year, cited_by_count,
               list_transform(referenced_works, lambda r: {_short('r')}) AS refs,
               list_transform(topics, lambda t: {_short('t.id')}) AS topic_ids, {names.format('topics')} AS topic_names,
               list_transform(concepts, lambda c: {_short('c.id')}) AS concept_ids, {names.format('concepts')} AS concept_names,
               {names.format('keywords')} AS keyword_names, filename
        FROM read_json(?, format='newline_delimited', compression='auto', filename=true, columns={_columns()})
        WHERE id IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY id ORDER BY filename DESC) = 1""", [glob])
    con.execute("CREATE TABLE works AS SELECT (row_number() OVER (ORDER BY id) - 1)::INTEGER AS node, * EXCLUDE (filename) FROM scanned")
    con.execute("DROP TABLE scanned")
    con.execute("""
        CREATE TABLE citations AS
        SELECT DISTINCT w.node AS citing, c.node AS cited
        FROM (SELECT node, unnest(refs) AS ref FROM works) w JOIN works c ON c.id = w.ref
        WHERE w.node <> c.node""")
    works = con.execute("SELECT count(*) FROM works").fetchone()[0]
    citations = con.execute("SELECT count(*) FROM citations").fetchone()[0]
    return works, citations


def compute_ranks(con, works: int) -> None:
    """The ``ranks`` table (id, citations, pagerank) over the whole snapshot."""
    edges = con.execute("SELECT citing, cited FROM citations").fetchnumpy()
    citing, cited = np.asarray(edges["citing"], dtype=np.int64), np.asarray(edges["cited"], dtype=np.int64)
    ranks = sparse_pagerank(citing, cited, works) if works else np.zeros(0)
    received = np.bincount(cited, minlength=works)
    import pandas as pd

    frame = pd.DataFrame({"node": np.arange(works, dtype=np.int32), "citations": received, "pagerank": ranks})
    con.register("computed_ranks", frame)
    con.execute("CREATE TABLE ranks AS SELECT w.id, r.citations, r.pagerank FROM computed_ranks r JOIN works w USING (node)")
    con.unregister("computed_ranks")


def read_ranks(con, folder: Path) -> None:
    """The ``ranks`` table from a Spark job's Parquet output (columns id, citations, pagerank)."""
    parquet = Path(folder)
    files = sorted(parquet.glob("**/*.parquet")) if parquet.is_dir() else [parquet]
    if not files or not files[0].exists():
        raise InputError(f"{folder}: no Parquet ranks found; expected the output folder of `graphx spark`")
    con.execute("CREATE TABLE ranks AS SELECT upper(id) AS id, citations::BIGINT AS citations, pagerank FROM read_parquet(?)",
                [[str(f) for f in files]])


def select_works(con, wanted: SnapshotFilter) -> tuple[list[str], int]:
    """Ids of the chosen works, highest global PageRank first, and how many matched before `top`."""
    conditions, values = ["TRUE"], []
    if wanted.first_year is not None:
        conditions.append("w.year >= ?")
        values.append(wanted.first_year)
    if wanted.last_year is not None:
        conditions.append("w.year <= ?")
        values.append(wanted.last_year)
    for field, terms in (("topic", wanted.topics), ("concept", wanted.concepts)):
        if terms:
            either = []
            for term in terms:
                either.append(
                    f"(list_contains(w.{field}_ids, upper(?)) OR len(list_filter(w.{field}_names, lambda n: contains(n, lower(?)))) > 0)"
                )
                values += [term, term]
            conditions.append("(" + " OR ".join(either) + ")")
    for word in wanted.query.lower().split():
        conditions.append("(contains(lower(w.title), ?) OR len(list_filter(w.keyword_names, lambda n: contains(n, ?))) > 0)")
        values += [word, word]
    where = " AND ".join(conditions)
    matched = con.execute(f"SELECT count(*) FROM works w WHERE {where}", values).fetchone()[0]
    rows = con.execute(f"""SELECT w.id FROM works w JOIN ranks r USING (id) WHERE {where}
                           ORDER BY r.pagerank DESC, w.id LIMIT ?""", values + [wanted.top]).fetchall()
    return [row[0] for row in rows], matched


def read_records(con, glob: str, ids: list[str]) -> list[dict]:
    """The full records of `ids` (newest partition of each), read back from the partitions."""
    con.execute("CREATE TEMP TABLE wanted (id VARCHAR)")
    con.executemany("INSERT INTO wanted VALUES (?)", [[i] for i in ids])
    rows = con.execute(f"""
        SELECT json FROM (
            SELECT json, filename, {_short("json_extract_string(json, '$.id')")} AS id
            FROM read_json_objects(?, format='newline_delimited', compression='auto', filename=true))
        WHERE id IN (SELECT id FROM wanted)
        QUALIFY row_number() OVER (PARTITION BY id ORDER BY filename DESC) = 1""", [glob]).fetchall()
    return [json.loads(row[0]) for row in rows]


def snapshot_graph(folder: Path, wanted: SnapshotFilter, ranks: Path | None = None, memory_limit: str = "4GB",
                   progress: Callable[..., None] = lambda *_: None) -> SnapshotResult:
    """The ranked graph of the works of the snapshot at `folder` that `wanted` picks; see the module notes."""
    try:
        import duckdb
    except ImportError as error:
        raise SetupError('graphx snapshot needs DuckDB: pip install "graphx[snapshot]"') from error
    glob = works_glob(folder)
    with tempfile.TemporaryDirectory(prefix="graphx-duckdb-") as spill:
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": spill, "preserve_insertion_order": False})
        try:
            progress("scanning the snapshot's work partitions")
            works, citations = load_snapshot(con, glob)
            if ranks is not None:
                progress("reading global ranks from Parquet")
                read_ranks(con, ranks)
            else:
                progress(f"ranking {works:,} works by {citations:,} citations")
                compute_ranks(con, works)
            ids, matched = select_works(con, wanted)
            if not ids:
                raise InputError(f"{folder}: no work matches the filters ({works:,} works scanned)")
            progress(f"reading the {len(ids):,} chosen works")
            records = read_records(con, glob, ids)
            scores = dict(
                con.execute(
                    "SELECT id, struct_pack(c := citations, p := pagerank) FROM ranks WHERE id IN (SELECT id FROM wanted)"
                ).fetchall()
            )
        finally:
            con.close()
    progress(f"building the graph of {len(records):,} works")
    graph = CitationGraph.from_papers([parse_work(record) for record in records])
    for node, attributes in graph.nx.nodes(data=True):
        found = scores.get(node)
        if found:
            attributes["snapshot_citations"] = int(found["c"])
            attributes["snapshot_pagerank"] = float(found["p"])
    return SnapshotResult(graph, works, citations, matched, str(ranks) if ranks else "this machine")
