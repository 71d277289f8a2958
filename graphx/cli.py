"""The command line: a thin layer that parses options, calls the library, prints, and maps errors to exits.

Every GraphxError is caught here, once, and printed as one line; a Ctrl-C says how to resume.
"""
from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import tempfile
from pathlib import Path

import click

from graphx import __version__
from graphx.config import DEFAULT_SOURCES, KNOWN_SOURCES, BuildOptions, age_text, options_from_env
from graphx.errors import GraphxError, IncompleteBuild, InputError
from graphx.formats import FORMATS as EXPORT_FORMATS
from graphx.report import FORMATS, build_report, format_frame, paths_text, suggestions_text
from graphx.scores import SCORES
from graphx.wording import counted

# Only light modules above: `graphx --help` must answer at once. The library (networkx, pandas, igraph,
# scikit-learn, the HTTP stack) is imported inside each command, where it is used.

DEMO_SEED = "10.1093/mind/lix.236.433"
MAX_AGE_HELP = ("How long a cached list answer (works citing a paper, a search, a day's listing) is trusted before it "
                "is asked again: 7d, 12h, 0 (always ask). A work's own record, looked up by its id, keeps.")
REFRESH_HELP = "Ask every source afresh, whatever the cache holds (each answer once per run; the cache is rewritten)."


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "graph"


def _input_name(argument: str) -> str:
    """A folder name for what `argument` names: a file's stem (my-library.bib → my-library), a DOI's whole
    suffix (10.1145/3292500.3330701 → 3292500-3330701), an id with its kind (arxiv-1706-03762, hf-2025-11-20),
    else the words of a title.

    >>> _input_name("10.1145/3292500.3330701"), _input_name("arXiv:1706.03762v2"), _input_name("Scaling laws v2.0 in practice")
    ('3292500-3330701', 'arxiv-1706-03762', 'scaling-laws-v2-0-in-practice')
    >>> _input_name("W2741809807"), _input_name("hf:2025-11-20")
    ('w2741809807', 'hf-2025-11-20')
    """
    from graphx.inputs.ids import detect_query

    path = Path(argument)
    if path.suffix and path.is_file():
        return _slug(path.stem)
    query = detect_query(argument)
    if query.problem or query.kind == "title":
        return _slug(argument)
    if query.kind == "doi":
        return _slug(query.value.split("/", 1)[1])
    return _slug(query.label if query.kind in ("arxiv", "pmid", "hf") else query.value)


@contextlib.contextmanager
def _progress(quiet: bool):
    """The progress callback a build reports to: a rich progress bar on a terminal, plain "… step" lines
    when stderr is a file or a pipe (logs, CI), nothing with --quiet."""
    if quiet:
        yield lambda message, done=None, total=None: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield _plain_progress()
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def report(message: str, done: int | None = None, total: int | None = None) -> None:
            bar.update(task, description=message, completed=done or 0, total=total)

        yield report


def _plain_progress(every: float = 5.0):
    """Progress as "… step" lines for a log: each step once as it starts, and a counted step again only
    every `every` seconds, so 82 titles searched one by one make two or three lines, not 82."""
    import time

    last = {"at": -every}

    def report(message: str, done: int | None = None, total: int | None = None) -> None:
        now = time.monotonic()
        if not done or now - last["at"] >= every:
            last["at"] = now
            click.echo(f"… {message}", err=True)

    return report


def _run(action) -> None:
    try:
        action()
    except GraphxError as error:
        click.echo(f"graphx: error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("graphx: interrupted; everything fetched so far is cached — run the same command again to resume.", err=True)
        sys.exit(130)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphx")
@click.option("-v", "--verbose", is_flag=True, help="Log each HTTP retry and wait.")
def main(verbose: bool) -> None:
    """graphx: from a list of papers to an interactive citation graph, its central papers and graph files."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="graphx: %(message)s")
    # urllib3 reports each connection retry as a warning; graphx says what matters itself, so show them only with -v.
    logging.getLogger("urllib3").setLevel(logging.INFO if verbose else logging.ERROR)
    # bibtexparser logs each block it cannot parse; graphx reports those per entry in resolution.csv.
    logging.getLogger("bibtexparser").setLevel(logging.INFO if verbose else logging.ERROR)
    # pylatexenc warns of each character with no LaTeX form (it is kept as UTF-8, which BibTeX tools read).
    logging.getLogger("pylatexenc").setLevel(logging.INFO if verbose else logging.ERROR)


@main.command("build")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: outputs/<name>/].")
@click.option(
    "--depth", type=int, default=BuildOptions.depth, show_default=True, help="Steps of references to follow from the seeds (0 to 3)."
)
@click.option("--citations", is_flag=True, help="Also add works citing the seeds (capped by --max-papers).")
@click.option(
    "--max-papers", type=int, default=BuildOptions.max_papers, show_default=True, help="Most papers in the graph (up to 100,000)."
)
@click.option("--sources", help=f"Comma list, in order of trust, of: {', '.join(KNOWN_SOURCES)} (or 'all') "
                   f"[default: env GRAPHX_SOURCES, else {','.join(DEFAULT_SOURCES)}]. "
                   "The first of openalex/s2 builds the neighbourhood; the others resolve what it missed and fill "
                   "its gaps (references, abstracts).")
@click.option("--offline", is_flag=True, help="Reach no host: use only what the cache holds (titles stay local nodes).")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="HTTP cache folder [default: the user cache dir; env GRAPHX_CACHE_DIR].",
)
@click.option("--max-age", default=age_text(BuildOptions.max_age), show_default=True, help=MAX_AGE_HELP)
@click.option("--refresh", is_flag=True, help=REFRESH_HELP)
@click.option("--title", help="Heading of the page [default: the input file's name, or the seed's title].")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def build_command(inputs, out, depth, citations, max_papers, sources, offline, cache_dir, max_age, refresh, title, quiet) -> None:
    """Resolve INPUTS, follow their references, and write graph.html plus graph files.

    INPUTS are DOIs, arXiv ids, OpenAlex W-ids, Semantic Scholar ids, PMIDs, titles in quotes, a Hugging
    Face daily-papers day (hf:2025-11-20 or its page URL), a Zotero library (zotero:, zotero:collection/NAME,
    zotero:tag/NAME; ZOTERO_API_KEY + ZOTERO_LIBRARY_ID for the web API), or files: BibTeX (.bib), RIS (.ris), CSV/TSV with
    doi/arxiv/title columns, or text (one id or title a line, or a pasted listing of titles with abstracts).
    - reads such a list from standard input.

    \b
    Examples:
      graphx build 10.1145/3292500.3330701 arXiv:1706.03762 W2741809807 --out outputs/attention
      graphx build my-library.bib --citations --max-papers 500
      graphx build hf:2025-11-20 --sources all
      graphx build zotero:collection/Thesis --citations
      graphx build reading-list.txt --offline
      zotero-export | graphx build -

    Exit codes: 0 built; 2 an input cannot be read; 3 a source failed and the graph is incomplete (the
    files are written; run the same command again to fetch the rest); 130 interrupted (run it again to resume).
    """
    def action() -> None:
        from graphx.build import build, write_outputs

        options = options_from_env(
            depth=depth,
            citations=citations,
            max_papers=max_papers,
            sources=sources,
            offline=offline,
            cache_dir=cache_dir,
            max_age=max_age,
            refresh=refresh,
        )
        folder = _writable(out or Path("outputs") / _input_name(inputs[0]))
        with _progress(quiet) as progress:
            result = build(list(inputs), options, progress)
        result.carry_first_seen(folder)
        written = write_outputs(result, folder, title)
        click.echo(build_report(result, written, quiet))
        if not result.complete:
            more = f" (and {len(result.failures) - 1} more problems above)" if len(result.failures) > 1 else ""
            raise IncompleteBuild(f"incomplete graph: {result.failures[0]}{more}; everything fetched is cached — "
                                  "run the same command again to fetch the rest")

    _run(action)


@main.command("update")
@click.argument("folder", metavar="OUTDIR", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="HTTP cache folder [default: the user cache dir; env GRAPHX_CACHE_DIR].",
)
@click.option("--title", help="Heading of the page [default: the input file's name, or the seed's title].")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def update_command(folder: Path, cache_dir: Path | None, title: str | None, quiet: bool) -> None:
    """Bring a built graph up to date: only what can have changed since it was built is asked.

    Reads OUTDIR/build.json (the recipe every build saves) and asks OpenAlex, 100 papers a call, for works
    citing the graph's papers created since then, and for fresh citation counts. New works join with their
    links; retracted and withdrawn works are flagged, merged ones follow their surviving record. Writes the
    graph files again, and changes.csv (papers added and why, links added, counts that rose most).
    "What is new" is never answered from the cache; an interrupted update resumes where it stopped.

    \b
    Examples:
      graphx update outputs/lib
      graphx update outputs/lib -q && open outputs/lib/graph.html

    Exit codes: 0 updated; 1 a source failed past its retries (nothing written: run it again, it resumes
    with what was fetched); 2 not an output folder with a build.json; 130 interrupted (run it again to resume).
    """
    def action() -> None:
        from graphx.citation_graph import CitationGraph
        from graphx.recipe import read_recipe
        from graphx.update import write_update

        read_recipe(folder)  # a folder without a recipe says so before anything is read
        saved = CitationGraph.load(folder, rescore=False)
        options = options_from_env(cache_dir=cache_dir)
        with _progress(quiet) as progress:
            result = saved.update(options, progress)
        write_update(result, folder, title)
        if not quiet:
            click.echo(" · ".join(u.summary() for u in result.usage) or "no calls")
        click.echo(result.changes.summary())
        click.echo(f"Wrote {folder / 'changes.csv'} and the graph files in {folder}")

    _run(action)


@main.command("triage")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--against",
    "against",
    required=True,
    type=click.Path(path_type=Path),
    help="The map: a folder written by `graphx build` (or its graph file).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: OUTDIR/triage-<name>/].")
@click.option(
    "--top", type=click.IntRange(1), default=10, show_default=True, help="Papers shown in the printed 'today' list (triage.csv has all)."
)
@click.option("--sources", help="Comma list of sources, as for build [default: env GRAPHX_SOURCES, else the build default].")
@click.option("--offline", is_flag=True, help="Reach no host: use only what the cache holds (listed titles tie by their terms).")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="HTTP cache folder [default: the user cache dir; env GRAPHX_CACHE_DIR].",
)
@click.option("--max-age", default=age_text(BuildOptions.max_age), show_default=True, help=MAX_AGE_HELP)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def triage_command(inputs, against, out, top, sources, offline, cache_dir, max_age, quiet) -> None:
    """Rank new papers (INPUTS, anything `graphx build` takes) by their ties to the map you built.

    Each paper is tied to the map by the papers it cites, the map papers citing it, references it shares,
    the terms it shares, and its nearest community; it gets a score and the reason in words. Writes
    triage.csv (paper, score, reason, nearest papers, community) and triage.html (the map with the new
    papers placed beside their ties, highlighted, and the ranked "today" list). Papers tied to nothing
    are listed as such.

    \b
    Examples:
      graphx triage hf:2025-11-20 --against outputs/lib
      graphx triage todays-listing.txt --against outputs/lib --offline
      graphx triage new.bib --against outputs/lib --out outputs/lib/triage-week-48
    """
    def action() -> None:
        from graphx.triage import triage, write_triage

        options = options_from_env(sources=sources, offline=offline, cache_dir=cache_dir, max_age=max_age)
        folder = _writable(out or _folder_of(against) / f"triage-{_input_name(inputs[0])}")
        with _progress(quiet) as progress:
            result = triage(list(inputs), against, options, progress)
        written = write_triage(result, folder, f"{_folder_of(against).resolve().name}: new papers")
        click.echo(result.text(0 if quiet else top))
        click.echo(f"Wrote {', '.join(str(p) for p in written)}")

    _run(action)


@main.command("demo")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs/demo"), show_default=True, help="Output folder."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def demo_command(out: Path, quiet: bool) -> None:
    """Build the bundled demo with no network: Turing's 1950 paper, its 8 identified references and 999 citing papers.

    1,008 papers: the recording lists 1,000 citing works, two of which are one work (a preprint and its article),
    and 14 references, 8 of them identified.

    The recorded Semantic Scholar answers are replayed from a loopback server through graphx's own HTTP
    client and cache — the same code path as a live `graphx build --sources s2 --citations`.

    \b
    Example:
      graphx demo && open outputs/demo/graph.html
    """
    def action() -> None:
        from graphx.build import build, write_outputs
        from graphx.replay import S2Recording, demo_record_path, serve_s2

        _writable(out)
        recording = S2Recording.from_paper_record(json.loads(demo_record_path().read_text(encoding="utf-8")))
        with serve_s2(recording) as (url, _log), tempfile.TemporaryDirectory(prefix="graphx-demo-cache-") as cache:
            options = options_from_env(env={}, sources=("s2",), citations=True, max_papers=2000, s2_url=url,
                                       s2_interval=0.0, cache_dir=Path(cache))
            with _progress(quiet) as progress:
                result = build([DEMO_SEED], options, progress)
        written = write_outputs(result, out, "Computing Machinery and Intelligence — citation neighbourhood")
        click.echo(build_report(result, written, quiet))

    _run(action)


def _writable(folder: Path) -> Path:
    """`folder`, when files can be written in it (made if missing); else an InputError saying what stops it (a
    file where a folder should be, no permission), before any work is done."""
    from graphx.atomic import unwritable

    if why := unwritable(folder):
        raise InputError(why)
    return folder


def _saved_graph(path: Path):
    """A saved graph with every score computed afresh (older files may lack newer scores)."""
    from graphx.citation_graph import CitationGraph

    return CitationGraph.load(path).graph


def _folder_of(path: Path) -> Path:
    return path if path.is_dir() else path.parent


SCORE_HELP = "; ".join(f"{name}: {meaning}" for name, meaning in SCORES.items())


def _years(text: str | None) -> tuple[int | None, int | None]:
    """``2015-2020``, ``2015-``, ``-2020`` or ``2018`` → (first, last)."""
    if not text:
        return None, None
    first, _, last = text.partition("-") if "-" in text else (text, "", text)
    try:
        return (int(first) if first.strip() else None), (int(last) if last.strip() else None)
    except ValueError:
        raise InputError(f"--years {text}: expected a year or a range such as 2015-2020") from None


@main.command("snapshot")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--topic", "topics", multiple=True, help="An OpenAlex topic id (T10102) or words of a topic's name; repeat for any of several."
)
@click.option(
    "--concept", "concepts", multiple=True, help="An OpenAlex concept id (C41008148) or words of its name; repeat for any of several."
)
@click.option("--years", help="Publication years: 2015-2020, 2015-, -2020 or 2018.")
@click.option("--query", default="", help="Words that must all appear in the title or keywords.")
@click.option(
    "--top",
    type=click.IntRange(1, 100_000),
    default=1000,
    show_default=True,
    help="Papers in the graph: the matching works highest in global PageRank.",
)
@click.option(
    "--ranks", type=click.Path(path_type=Path), help="Global ranks from `graphx spark` (its Parquet folder) instead of computing them here."
)
@click.option("--memory-limit", default="4GB", show_default=True, help="DuckDB's memory cap; past it, it spills to a temp folder.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: outputs/snapshot-<filters>/].")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def snapshot_command(folder, topics, concepts, years, query, top, ranks, memory_limit, out, quiet) -> None:
    """Build a graph from a local copy of the OpenAlex snapshot (gzipped JSON Lines), out of core with DuckDB.

    Scans every work, ranks them all by citations inside the snapshot and PageRank, then builds the page
    and files for the works matching the filters, most central first. Needs `pip install "graphx[snapshot]"`.

    \b
    Examples:
      graphx snapshot ~/openalex-snapshot --topic T10102 --years 2015-2024 --top 2000
      graphx snapshot ~/openalex-snapshot --concept "citation analysis" --query network
      graphx snapshot ~/openalex-snapshot --topic T10102 --ranks outputs/spark-ranks
    """
    def action() -> None:
        from graphx.build import write_outputs
        from graphx.snapshot import SnapshotFilter, snapshot_graph

        first, last = _years(years)
        wanted = SnapshotFilter(tuple(topics), tuple(concepts), first, last, query, top)
        target = _writable(out or Path("outputs") / _slug("snapshot " + " ".join([*topics, *concepts, query, years or ""])))
        with _progress(quiet) as progress:
            result = snapshot_graph(folder, wanted, ranks, memory_limit, progress)
        described = ", ".join(filter(None, [" ".join([*topics, *concepts]), query and f'"{query}"', years]))
        written = write_outputs(result.graph, target, f"OpenAlex snapshot: {described or 'all works'}")
        click.echo(f"snapshot: {result.works:,} works, {result.citations:,} citations among them; "
                   f"{result.matched:,} match the filters; global ranks from {result.ranks_from}")
        click.echo(build_report(result.graph, written, quiet))

    _run(action)


@main.command("spark")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs/spark-ranks"),
    show_default=True,
    help="Parquet output folder.",
)
@click.option(
    "--master", default="local[2]", show_default=True, help="Spark master: local[N] on this machine, or a cluster's URL (spark://…, yarn)."
)
@click.option("--tolerance", type=float, default=1e-10, show_default=True, help="Stop PageRank when the summed change falls below this.")
def spark_command(folder: Path, out: Path, master: str, tolerance: float) -> None:
    """Citation counts and PageRank of every work of an OpenAlex snapshot, on Apache Spark; writes Parquet.

    For snapshots one machine cannot hold. Then `graphx snapshot FOLDER --ranks OUT` builds the page from
    the top works. On a cluster, submit graphx/spark/ranks.py with spark-submit (see the README). Needs
    `pip install "graphx[spark]"` and Java 17.

    \b
    Example:
      graphx spark ~/openalex-snapshot --out outputs/spark-ranks
    """
    def action() -> None:
        from graphx.snapshot import works_glob
        from graphx.spark.ranks import run_local

        summary = run_local(works_glob(folder), out, master, tolerance)
        click.echo(f"spark: {summary['works']:,} works, {summary['citations']:,} citations, PageRank in "
                   f"{summary['iterations']} iterations; ranks written to {out}")

    _run(action)


@main.command("rank")
@click.argument("graph_path", metavar="OUTDIR_OR_GRAPHFILE", type=click.Path(path_type=Path))
@click.option("--by", type=click.Choice(list(SCORES)), default="pagerank", show_default=True, help=SCORE_HELP)
@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="How many papers.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
def rank_command(graph_path: Path, by: str, top: int, fmt: str) -> None:
    """Rank the papers of a saved graph by one score, with no refetching.

    OUTDIR_OR_GRAPHFILE is a folder written by `graphx build` or its graph.json / graph.graphml / graph.gexf.

    \b
    Examples:
      graphx rank outputs/demo --by local_citations --top 10
      graphx rank outputs/demo/graph.graphml --by betweenness --format markdown
      graphx rank outputs/lib --by similarity --format csv > similar.csv
    """
    def action() -> None:
        from graphx.export import ranking_frame

        click.echo(format_frame(ranking_frame(_saved_graph(graph_path), by, top), fmt))

    _run(action)


@main.command("suggest")
@click.argument("graph_path", metavar="OUTDIR_OR_GRAPHFILE", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Papers per list.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True, help="Output format.")
def suggest_command(graph_path: Path, top: int, fmt: str) -> None:
    """What to read next: prior works, derivative works, review-like papers and papers missing from your list,
    each with the reason in words.

    \b
    Examples:
      graphx suggest outputs/demo
      graphx suggest outputs/lib --top 20 --format csv > to-read.csv
    """
    def action() -> None:
        from graphx.suggest import suggest

        found = suggest(_saved_graph(graph_path), top)
        if fmt == "text":
            click.echo(suggestions_text(found))
        else:
            from dataclasses import asdict

            import pandas as pd

            click.echo(format_frame(pd.DataFrame([asdict(s) for s in found]), fmt))

    _run(action)


@main.command("path")
@click.argument("graph_path", metavar="OUTDIR_OR_GRAPHFILE", type=click.Path(path_type=Path))
@click.argument("paper_a")
@click.argument("paper_b")
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="Most paths to show.")
def path_command(graph_path: Path, paper_a: str, paper_b: str, limit: int) -> None:
    """How two papers connect: the shortest citation paths between them, in either direction.

    PAPER_A and PAPER_B are node ids (W…), DOIs, arXiv ids, or words of their titles.

    \b
    Example:
      graphx path outputs/demo "computing machinery" "can machines think"
    """
    def action() -> None:
        from graphx.connect import choice_text, citation_paths, find_papers

        graph = _saved_graph(graph_path)
        (source, *_), (target, *_) = found = find_papers(graph, paper_a), find_papers(graph, paper_b)
        for text, matches in zip((paper_a, paper_b), found, strict=True):
            if said := choice_text(graph, text, matches):
                click.echo(said)
        click.echo(paths_text(graph, citation_paths(graph, source, target, limit), source, target))

    _run(action)


@main.command("export")
@click.argument("graph_path", metavar="OUTDIR_OR_GRAPHFILE", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="graphml/gexf (Gephi, with the page's colours, sizes and layout), cytoscape (Cytoscape.js JSON), json (node-link), "
                   "csv, vosviewer (map + network files), pajek, parquet; bibtex, bibtex-ascii, ris, csljson (Zotero) for a bibliography.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write [default: in the graph's folder, e.g. graph.cyjs, papers.bib].",
)
@click.option("--top", type=click.IntRange(1), help="Only the top N papers by --by.")
@click.option("--by", type=click.Choice(list(SCORES)), default="pagerank", show_default=True, help="Score that orders the papers.")
@click.option("--seeds", is_flag=True, help="Only the seed papers.")
@click.option("--community", type=click.IntRange(0), help="Only this community (its number in communities.csv).")
def export_command(graph_path: Path, fmt: str, out: Path | None, top: int | None, by: str, seeds: bool, community: int | None) -> None:
    """Write a saved graph, or a selection of its papers, for another tool.

    \b
    Examples:
      graphx export outputs/demo --format cytoscape
      graphx export outputs/demo --format vosviewer --out vos/turing.txt     # turing_map.txt + turing_network.txt
      graphx export outputs/lib --format bibtex --top 30 --by similarity --out to-read.bib
      graphx export outputs/lib --format ris --community 2
    """
    def action() -> None:
        from graphx.bibliography import select_papers
        from graphx.formats import default_name, refuse_overwrite, selection_name, write_format

        selection = selection_name(top, by, seeds, community)
        if out is not None:  # before the graph is read: a refusal costs nothing
            refuse_overwrite(out, fmt, selection, _folder_of(graph_path))
            _writable(out.parent)
        graph = _saved_graph(graph_path)
        nodes = select_papers(graph, top, by, seeds, community) if selection else None
        if nodes == []:
            raise InputError(f"{graph_path}: no paper matches that selection ({_selection_help(graph, seeds, community)})")
        written = write_format(graph, fmt, out or _folder_of(graph_path) / default_name(fmt, selection), nodes)
        click.echo(f"Wrote {', '.join(str(p) for p in written)}" + (f" ({counted(len(nodes), 'paper')})" if nodes else ""))

    _run(action)


def _selection_help(graph, seeds: bool, community: int | None) -> str:
    """Why a selection matched nothing, in terms of what the graph holds: its communities' numbers, its seeds."""
    numbers = sorted({c for _, c in graph.nodes(data="community") if isinstance(c, int)})
    said = []
    if community is not None:
        said.append(f"--community {community}: this graph's communities are " + (
            f"{numbers[0]} to {numbers[-1]}" if numbers else "none"))
    if seeds:
        count = sum(1 for _, s in graph.nodes(data="is_seed") if s)
        said.append(f"--seeds: {counted(count, 'seed')}" + (" in that community" if community is not None and count else ""))
    return "; ".join(said) or "--seeds / --community / --top"


@main.command("render")
@click.argument("graph_path", metavar="OUTDIR_OR_GRAPHFILE", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Page to write [default: graph.html beside the graph].")
@click.option("--title", help="Heading of the page [default: the build's own, as graphx build chose it].")
def render_command(graph_path: Path, out: Path | None, title: str | None) -> None:
    """Write the interactive page again from a saved graph (GraphML, GEXF or JSON), with no refetching.

    \b
    Example:
      graphx render outputs/lib/graph.graphml --out lib.html
    """
    def action() -> None:
        from graphx.citation_graph import CitationGraph
        from graphx.formats import refuse_overwrite
        from graphx.outputs import heading
        from graphx.render import write_page

        page = out or _folder_of(graph_path) / "graph.html"
        refuse_overwrite(page, "html", "", _folder_of(graph_path))
        _writable(page.parent)
        saved = CitationGraph.load(graph_path)
        write_page(saved.graph, page, heading(saved, title))
        click.echo(f"Wrote {page}")

    _run(action)


if __name__ == "__main__":
    main()
