"""Fill what the primary source left out, from the other sources, with batched calls.

After the primary source (OpenAlex, or S2) has built the neighbourhood, each other chosen source that fills
gaps (`Source.fill`) is asked, in the order of ``--sources``, only about the works that still lack something
(`Wanted`):

- the seeds, always (their ids, abstracts and reference lists from every source);
- works whose reference list is shorter than their reference count, or empty;
- works without an abstract.

The records they return merge with the primary's (`graphx.merge`), so every citation edge carries the sources
that reported it. Works the seeds cite that no source had fetched yet (a preprint's references found only by
S2) are then fetched through the registry's identifier cascade, within --max-papers, and the primary joins
the works other sources brought (`Source.join`). Sources that answer one work a call (`Source.references`,
`Source.citations`: OpenCitations) are asked last, only about the seeds still short.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from graphx.errors import SourceError
from graphx.expand import ExpandOptions, Problems
from graphx.merge import merge_with_aliases
from graphx.model import Paper
from graphx.sources.base import Identifier, Source, Wanted, offers
from graphx.sources.registry import Registry

log = logging.getLogger("graphx")


def has_reference_gap(paper: Paper) -> bool:
    """Whether a paper's known references fall short of its reference count (or are unknown altogether).

    >>> has_reference_gap(Paper(id="a", references=["b"], reference_count=3)), has_reference_gap(Paper(id="a", references=["b"]))
    (True, False)
    """
    if paper.reference_count is None:
        return not paper.references
    return len(paper.references) < paper.reference_count


def wanted_of(merged: list[Paper]) -> Wanted:
    """What the merged records still lack: works to ask about, by reason."""
    real = [p for p in merged if not p.id.startswith("local:")]
    return Wanted(
        seeds=[p for p in real if p.is_seed],
        # A work with no reference known at all is asked too, whatever its count: a source that lists
        # none for a work (OpenAlex's count 0) often lacks the list rather than the work its references.
        references=[p for p in real if has_reference_gap(p) and (p.is_seed or (p.reference_count or 0) > 0) or not p.references],
        abstracts=[p for p in real if not p.abstract],
    )


def fill_gaps(papers: list[Paper], sources: Registry, options: ExpandOptions, problems: Problems,
              progress: Callable[..., None] = lambda *_: None) -> list[Paper]:
    """Records from every secondary source for the works that lack something; returns the new records."""
    added: list[Paper] = []
    before: tuple[int, int] | None = None
    primary = sources.primary
    for source in sources.chosen():
        if source is primary or not offers(source, "fill"):
            continue
        merged = merge_with_aliases(papers + added)[0]
        if before is None:
            before = _coverage(merged)
        try:
            added += source.fill(wanted_of(merged), progress)
        except SourceError as error:
            problems.append(f"{source.name}: filling gaps incomplete: {error}", error)
    if options.depth >= 1 and added:  # with nothing added, every seed reference is the primary's, fetched already
        added += _fetch_cited_by_seeds(papers + added, sources, options, problems, progress, [])
    if primary is not None and offers(primary, "join") and any(not getattr(p, primary.id_kind) and not p.id.startswith("local:")
                                                               for p in papers + added):
        added += _join_primary(papers + added, primary, problems, progress)
    for source in [s for s in sources.chosen() if offers(s, "references")]:
        # Asked last, one call per seed: only seeds still short once every batched source has answered and
        # the works they named are fetched (so that one reference named two ways counts once).
        citing: list[Paper] = []
        wanted = wanted_of(merge_with_aliases(papers + added)[0])
        added += _links(source, wanted, options, problems, progress, citing)
        if options.depth >= 1 or citing:
            added += _fetch_cited_by_seeds(papers + added, sources, options, problems, progress, citing)
    if added and before is not None and primary is not None:
        after = reference_coverage(papers + added)
        problems.notes.append(f"reference lists: {before[0]} of {before[1]} works had one from {primary.name}; "
                              f"{after[0]} of {after[1]} once the other sources filled the gaps")
    return added


def reference_coverage(papers: list[Paper]) -> tuple[int, int]:
    """(works with at least one reference known, works), once the records are merged (local nodes aside).

    >>> reference_coverage([Paper(id="W1", references=["W2"]), Paper(id="W2"), Paper(id="local:x")])
    (1, 2)
    """
    return _coverage(merge_with_aliases(papers)[0])


def _coverage(merged: list[Paper]) -> tuple[int, int]:
    real = [p for p in merged if not p.id.startswith("local:")]
    return sum(1 for p in real if p.references), len(real)


def _join_primary(papers: list[Paper], primary: Source, problems: Problems, progress) -> list[Paper]:
    """The primary's records of the works another source brought (its citations name works by its own ids,
    so without them those edges would point at nothing). The merge makes one work of each pair."""
    merged, _ = merge_with_aliases(papers)
    others = [p for p in merged if not getattr(p, primary.id_kind) and not p.id.startswith("local:")]
    progress(f"joining {len(others)} works other sources found to {primary.label}")
    try:
        return primary.join(others)
    except SourceError as error:
        problems.append(f"{primary.name}: works other sources found not joined: {error}", error)
        return []


def _links(source: Source, wanted: Wanted, options: ExpandOptions, problems: Problems, progress,
           citing: list[Paper]) -> list[Paper]:
    """References of the seeds still short (one call each) and, with --citations, the works citing each seed.
    Citing works come back as link records; they join the graph only if their metadata is fetched."""
    added = []
    asked = [p for p in wanted.seeds if getattr(p, source.id_kind)]
    short = [p for p in asked if has_reference_gap(p)]
    for direction, seeds, into in (("references", short, added), ("citations", asked if options.citations else [], citing)):
        for number, paper in enumerate(seeds, start=1):
            progress(f"{source.label} {direction} {number}/{len(seeds)}", number - 1, len(seeds))
            try:
                into += getattr(source, direction)(paper)
            except SourceError as error:
                problems.append(f"{source.name}: {direction} of {getattr(paper, source.id_kind)} incomplete: {error}", error)
    return added


def identifier(reference: str) -> Identifier:
    """A reference as the cascade asks for it: ``W1`` → ("openalex", "W1"), ``doi:10.1/x`` → ("doi", "10.1/x").

    >>> identifier("W2100837269"), identifier("arxiv:1706.03762")
    (('openalex', 'W2100837269'), ('arxiv', '1706.03762'))
    """
    kind, _, value = reference.partition(":")
    return (kind, value) if value else ("openalex", reference)


def _fetch_cited_by_seeds(papers: list[Paper], sources: Registry, options: ExpandOptions, problems: Problems, progress,
                          citing: list[Paper]) -> list[Paper]:
    """Metadata for works the seeds cite (or, from a link source, works citing them) that no record describes
    yet, through the registry's identifier cascade, within --max-papers."""
    merged, alias = merge_with_aliases(papers)
    present = {p.id for p in merged}
    primary = sources.primary.name if sources.primary else ""
    missing = [r for p in merged if p.is_seed for r in p.references
               if alias.get(r, r) not in present and primary not in p.reference_sources.get(r, [])]
    missing += [f"doi:{c.doi}" for c in citing if alias.get(f"doi:{c.doi}", "") not in present]
    missing = options.cap(list(dict.fromkeys(missing)), options.max_papers - len(merged), "works found by the other sources",
                          problems.append)
    if not missing:
        return []
    progress(f"fetching {len(missing)} works the other sources found")
    found = sources.find(map(identifier, missing))
    if found.errors:
        error = next(iter(found.errors.values()))
        problems.append(f"works found by the other sources incomplete: {error}", error)
    fetched = found.papers()
    keys = {key for p in fetched for key in p.identifiers()}
    links = [c for c in citing if f"doi:{c.doi}" in keys or alias.get(f"doi:{c.doi}", "") in present]
    return fetched + links
