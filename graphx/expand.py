"""Seeds → their neighbourhood from the primary source: references (``depth`` steps) and, on request, the
works citing the seeds. (`graphx.gaps` then fills what it left out from the other sources.)

The primary is the first source of ``--sources`` that can build a neighbourhood (`Source.neighbourhood`:
OpenAlex, whose records carry their reference lists, or Semantic Scholar, one paged call per seed). A source
after it in the registry's trust order that can build one too brings, with ``--citations``, the works citing
the seeds only it knows (an S2 id given as input), since the primary cannot name them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from graphx.errors import OfflineMiss, SourceError
from graphx.model import Paper
from graphx.sources.base import ExpandOptions, Source, offers
from graphx.sources.registry import Registry

log = logging.getLogger("graphx")


@dataclass
class Problems:
    """What an expansion met on the way: `notes` (caps hit, --offline gaps) and `failures` (a source failed
    past its retries, so the graph lacks works it should hold; a rerun fetches them)."""

    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def append(self, text: str, error: SourceError | None = None) -> None:
        if error is None or isinstance(error, OfflineMiss):
            self.notes.append(text)
        else:
            self.failures.append(text)


def expand(
    seeds: list[Paper], sources: Registry, options: ExpandOptions, progress: Callable[..., None] = lambda *_: None
) -> tuple[list[Paper], Problems]:
    """All papers of the graph (seeds first) and the problems met on the way (sources down, caps hit)."""
    papers = list(seeds)
    problems = Problems()
    primary = sources.primary
    if primary is None:
        return papers, problems
    papers += primary.neighbourhood(papers, options, True, problems.append, progress)
    later = list(sources)[list(sources).index(primary) + 1:]
    for source in [s for s in later if offers(s, "neighbourhood")]:
        if options.citations and only_known_to(source, primary, seeds):
            # Works citing seeds only this source knows come from it. Their references need no call here:
            # `graphx.gaps` asks the other sources for every seed's reference list in batches.
            papers += source.neighbourhood(papers, options, False, problems.append, progress)
    return papers, problems


def only_known_to(source: Source, primary: Source, seeds: list[Paper]) -> list[Paper]:
    """Seed records from `source` that no record of the primary describes (by any shared identifier)."""
    in_primary = {key for p in seeds if getattr(p, primary.id_kind) for key in p.identifiers()}
    return [p for p in seeds if getattr(p, source.id_kind) and not getattr(p, primary.id_kind)
            and not in_primary & set(p.identifiers())]


__all__ = ["ExpandOptions", "Problems", "expand", "only_known_to"]
