"""The command line: a thin layer that parses options, calls the library, prints, and maps errors to exits.

Every GraphxError is caught here, once, and printed as one line; a Ctrl-C says how to resume.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from graphx import __version__
from graphx.build import BuildResult, build, write_outputs
from graphx.config import options_from_env, parse_sources
from graphx.errors import GraphxError, IncompleteBuild
from graphx.replay import S2Recording, demo_record_path, serve_s2

DEMO_SEED = "10.1093/mind/lix.236.433"


def _slug(text: str) -> str:
    name = Path(text).stem if Path(text).suffix else text
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "graph"


def _progress(quiet: bool):
    if quiet:
        return lambda _message: None
    return lambda message: click.echo(f"… {message}", err=True)


def report(result: BuildResult, written: list[Path], quiet: bool) -> None:
    """Print what the build did: resolution summary, cost per source, problems, central papers, files."""
    click.echo(result.summary())
    for usage in result.usage:
        click.echo(f"requests — {usage.summary()}")
    for problem in result.problems:
        click.echo(f"{'failed' if problem in result.failures else 'note'}: {problem}")
    unresolved = [r for r in result.resolutions if r.status == "unresolved"]
    if unresolved and not quiet:
        for r in unresolved[:5]:
            click.echo(f"unresolved: {r.input[:70]} ({r.origin}): {r.reason}")
        if len(unresolved) > 5:
            click.echo(f"… and {len(unresolved) - 5} more unresolved, see resolution.csv")
    click.echo("\nMost central papers (PageRank over citations in the graph):")
    for rank, paper in enumerate(result.top(10), start=1):
        title = paper.get("title", paper["id"])
        title = title if len(title) <= 70 else title[:69] + "…"
        seed = " *" if paper.get("is_seed") else ""
        click.echo(f"{rank:>3}. {title} ({paper.get('year', '?')}) — pagerank {paper['pagerank']:.4f}, cited here {paper['local_citations']}×{seed}")
    if written:
        click.echo(f"\nWrote {len(written)} files to {written[0].parent}/: " + ", ".join(p.name for p in written))
    click.echo(f"Done in {result.seconds:.1f} s.")


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


@main.command("build")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: outputs/<name>/].")
@click.option("--depth", type=click.IntRange(0, 3), default=1, show_default=True, help="Steps of references to follow from the seeds.")
@click.option("--citations", is_flag=True, help="Also add works citing the seeds (capped by --max-papers).")
@click.option("--max-papers", type=click.IntRange(1, 100_000), default=1000, show_default=True, help="Most papers in the graph.")
@click.option("--sources", default="openalex", show_default=True, help="Comma list of sources: openalex, s2.")
@click.option("--offline", is_flag=True, help="Reach no host: use only what the cache holds (titles stay local nodes).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="HTTP cache folder [default: the user cache dir; env GRAPHX_CACHE_DIR].")
@click.option("--title", help="Heading of the page [default: the output folder's name].")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def build_command(inputs, out, depth, citations, max_papers, sources, offline, cache_dir, title, quiet) -> None:
    """Resolve INPUTS, follow their references, and write graph.html plus graph files.

    INPUTS are DOIs, arXiv ids, OpenAlex W-ids, Semantic Scholar ids, titles in quotes, or files:
    BibTeX (.bib), RIS (.ris), CSV/TSV with doi/arxiv/title columns, or text (one id or title a line, or a
    pasted listing of titles with abstracts).

    \b
    Examples:
      graphx build 10.1145/3292500.3330701 arXiv:1706.03762 W2741809807 --out outputs/attention
      graphx build my-library.bib --citations --max-papers 500
      graphx build reading-list.txt --offline

    Exit codes: 0 built; 2 an input cannot be read; 3 a source failed and the graph is incomplete (the
    files are written; run the same command again to fetch the rest); 130 interrupted (run it again to resume).
    """
    def action() -> None:
        options = options_from_env(depth=depth, citations=citations, max_papers=max_papers, sources=parse_sources(sources),
                                   offline=offline, cache_dir=cache_dir)
        folder = out or Path("outputs") / _slug(inputs[0])
        result = build(list(inputs), options, _progress(quiet))
        written = write_outputs(result, folder, title or folder.name)
        report(result, written, quiet)
        if not result.complete:
            more = f" (and {len(result.failures) - 1} more problems above)" if len(result.failures) > 1 else ""
            raise IncompleteBuild(f"incomplete graph: {result.failures[0]}{more}; everything fetched is cached — "
                                  "run the same command again to fetch the rest")

    _run(action)


@main.command("demo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs/demo"), show_default=True, help="Output folder.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def demo_command(out: Path, quiet: bool) -> None:
    """Build the bundled demo with no network: Turing's 1950 paper, its references and 1,000 citing papers.

    The recorded Semantic Scholar answers are replayed from a loopback server through graphx's own HTTP
    client and cache — the same code path as a live `graphx build --sources s2 --citations`.

    \b
    Example:
      graphx demo && open outputs/demo/graph.html
    """
    def action() -> None:
        recording = S2Recording.from_paper_record(json.loads(demo_record_path().read_text(encoding="utf-8")))
        with serve_s2(recording) as (url, _log), tempfile.TemporaryDirectory(prefix="graphx-demo-cache-") as cache:
            options = options_from_env(env={}, sources=("s2",), citations=True, max_papers=2000, s2_url=url,
                                       s2_interval=0.0, cache_dir=Path(cache))
            result = build([DEMO_SEED], options, _progress(quiet))
        written = write_outputs(result, out, "Computing Machinery and Intelligence — citation neighbourhood")
        report(result, written, quiet)

    _run(action)


if __name__ == "__main__":
    main()
