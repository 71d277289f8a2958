"""Fill what the primary source left out, from the other sources, with batched calls.

After the primary source (OpenAlex, or S2) has built the neighbourhood, each other source in `--sources`
is asked, in order, only about the works that still lack something:

- the seeds, always (one batch per source: their ids, abstracts and reference lists from every source);
- works whose reference list is shorter than their reference count, or empty (references: S2's batch with
  nested references, Crossref's deposited lists, then OpenCitations one call per seed still short);
- works without an abstract (S2, arXiv, Crossref).

The records they return merge with the primary's (`graphx.merge`), so every citation edge carries the sources
that reported it. Works the seeds cite that no source had fetched yet (a preprint's references found only by
S2) are then fetched, OpenAlex by DOI first, within --max-papers.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from graphx.errors import SourceError
from graphx.expand import ExpandOptions, Problems
from graphx.merge import merge_with_aliases
from graphx.model import Paper, arxiv_doi
from graphx.resolve import Clients
from graphx.sources import arxiv as ax
from graphx.sources import crossref as cr
from graphx.sources import openalex as oa
from graphx.sources import opencitations as oc
from graphx.sources import semanticscholar as s2

log = logging.getLogger("graphx")

S2_FIELDS_WITH_REFERENCES = s2.FIELDS + ",references.paperId,references.externalIds"


def has_reference_gap(paper: Paper) -> bool:
    """Whether a paper's known references fall short of its reference count (or are unknown altogether).

    >>> has_reference_gap(Paper(id="a", references=["b"], reference_count=3)), has_reference_gap(Paper(id="a", references=["b"]))
    (True, False)
    """
    if paper.reference_count is None:
        return not paper.references
    return len(paper.references) < paper.reference_count


@dataclass
class Gaps:
    """What the merged records still lack: works to ask about, by reason."""

    seeds: list[Paper]
    references: list[Paper]
    abstracts: list[Paper]

    @classmethod
    def of(cls, merged: list[Paper]) -> Gaps:
        real = [p for p in merged if not p.id.startswith("local:")]
        return cls(
            seeds=[p for p in real if p.is_seed],
            # A work with no reference known at all is asked too, whatever its count: a source that lists
            # none for a work (OpenAlex's count 0) often lacks the list rather than the work its references.
            references=[p for p in real if has_reference_gap(p) and (p.is_seed or (p.reference_count or 0) > 0) or not p.references],
            abstracts=[p for p in real if not p.abstract],
        )

    def wanted(self) -> list[Paper]:
        return list({id(p): p for p in self.seeds + self.references + self.abstracts}.values())


def fill_gaps(papers: list[Paper], clients: Clients, options: ExpandOptions, problems: Problems,
              progress: Callable[..., None] = lambda *_: None) -> list[Paper]:
    """Records from every secondary source for the works that lack something; returns the new records."""
    added: list[Paper] = []
    before: tuple[int, int] | None = None
    fillers = {"openalex": _from_openalex, "s2": _from_s2, "arxiv": _from_arxiv, "crossref": _from_crossref}
    for name in clients.sources:
        if name == clients.primary or not clients.uses(name) or name not in fillers:
            continue
        merged = merge_with_aliases(papers + added)[0]
        if before is None:
            before = _coverage(merged)
        gaps = Gaps.of(merged)
        try:
            added += fillers[name](gaps, clients, progress)
        except SourceError as error:
            problems.append(f"{name}: filling gaps incomplete: {error}", error)
    if options.depth >= 1 and added:  # with nothing added, every seed reference is the primary's, fetched already
        added += _fetch_cited_by_seeds(papers + added, clients, options, problems, progress, [])
    if (
        clients.primary == "openalex"
        and clients.uses("openalex")
        and any(not p.openalex and not p.id.startswith("local:") for p in papers + added)
    ):
        added += _join_openalex(papers + added, clients, problems, progress)
    if clients.uses("opencitations"):
        # Asked last, one call per seed: only seeds still short once every batched source has answered and
        # the works they named are fetched (so that one reference named two ways counts once).
        citing: list[Paper] = []
        gaps = Gaps.of(merge_with_aliases(papers + added)[0])
        added += _from_opencitations(gaps, clients, options, problems, progress, citing)
        if options.depth >= 1 or citing:
            added += _fetch_cited_by_seeds(papers + added, clients, options, problems, progress, citing)
    if added and before is not None:
        after = reference_coverage(papers + added)
        problems.notes.append(f"reference lists: {before[0]} of {before[1]} works had one from {clients.primary}; "
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


def _join_openalex(papers: list[Paper], clients: Clients, problems: Problems, progress) -> list[Paper]:
    """OpenAlex records of the works another source brought (an S2 neighbour, a preprint), by DOI or arXiv
    DOI, 100 to a list call: OpenAlex's citations name works by W-id, so without their W-ids those edges
    would point at nothing. The merge makes one work of each pair."""
    merged, _ = merge_with_aliases(papers)
    wanted = []
    for paper in merged:
        if paper.openalex or paper.id.startswith("local:"):
            continue
        wanted += [paper.doi] if paper.doi else []
        wanted += [arxiv_doi(paper.arxiv)] if paper.arxiv and paper.doi != arxiv_doi(paper.arxiv) else []
    if not wanted:
        return []
    progress(f"joining {len(wanted)} works other sources found to OpenAlex")
    try:
        return oa.papers_by_filter(clients.openalex, "doi", wanted)
    except SourceError as error:
        problems.append(f"openalex: works other sources found not joined: {error}", error)
        return []


def _from_openalex(gaps: Gaps, clients: Clients, progress) -> list[Paper]:
    dois = [p.doi for p in gaps.wanted() if p.doi and not p.openalex]
    if not dois:
        return []
    progress(f"filling gaps: {len(dois)} works from OpenAlex")
    return oa.papers_by_filter(clients.openalex, "doi", dois)


def _s2_id(paper: Paper) -> str:
    if paper.s2:
        return paper.s2
    if paper.doi and not paper.doi.startswith("10.48550/"):
        return s2.s2_lookup_id("doi", paper.doi)
    if paper.arxiv:
        return s2.s2_lookup_id("arxiv", paper.arxiv)
    return s2.s2_lookup_id("pmid", paper.pmid) if paper.pmid else ""


def _from_s2(gaps: Gaps, clients: Clients, progress) -> list[Paper]:
    wanted = [i for i in dict.fromkeys(_s2_id(p) for p in gaps.wanted()) if i]
    if not wanted:
        return []
    progress(f"filling gaps: {len(wanted)} works from Semantic Scholar")
    records = s2.papers_batch(clients.s2, wanted, fields=S2_FIELDS_WITH_REFERENCES)
    return [s2.parse_paper(r) for r in records if r and r.get("paperId")]


def _from_arxiv(gaps: Gaps, clients: Clients, progress) -> list[Paper]:
    # A work whose arXiv record is merged in already (a title the arXiv batch settled) is not asked again.
    wanted = [p.arxiv for p in gaps.seeds + gaps.abstracts if p.arxiv and "arxiv" not in p.sources]
    if not wanted:
        return []
    progress(f"filling gaps: {len(set(wanted))} preprints from arXiv")
    return ax.papers_by_id(clients.arxiv, wanted)


def _from_crossref(gaps: Gaps, clients: Clients, progress) -> list[Paper]:
    wanted = [p.doi for p in gaps.wanted() if p.doi and not p.doi.startswith("10.48550/")]
    if not wanted:
        return []
    progress(f"filling gaps: {len(set(wanted))} works from Crossref")
    return cr.works_by_doi(clients.crossref, wanted)


def _from_opencitations(gaps: Gaps, clients: Clients, options: ExpandOptions, problems: Problems, progress,
                        citing: list[Paper]) -> list[Paper]:
    """References of the seeds still short (one call each) and, with --citations, the works citing each seed.
    Citing works come back as link records; they join the graph only if their metadata is fetched."""
    added = []
    short = [p for p in gaps.seeds if p.doi and has_reference_gap(p)]
    cited = [p for p in gaps.seeds if p.doi] if options.citations else []
    for paper, ids in _per_seed(short, "references", oc.references, clients, problems, progress):
        references = [r for r in map(oc.work_id, ids) if r]
        if references:
            added.append(Paper(id=f"doi:{paper.doi}", doi=paper.doi, references=references, sources=["opencitations"]))
    for paper, ids in _per_seed(cited, "citations", oc.citations, clients, problems, progress):
        for found in ids:
            if found.get("doi"):
                citing.append(Paper(id=f"doi:{found['doi']}", doi=found["doi"], openalex=found.get("openalex", "").upper(),
                                    references=[f"doi:{paper.doi}"], sources=["opencitations"]))
    return added


def _per_seed(seeds: list[Paper], direction: str, call, clients: Clients, problems: Problems, progress):
    """(seed, identifiers) for each seed OpenCitations answered about; a failed call is noted and skipped."""
    for number, paper in enumerate(seeds, start=1):
        progress(f"OpenCitations {direction} {number}/{len(seeds)}", number - 1, len(seeds))
        try:
            yield paper, call(clients.opencitations, paper.doi)
        except SourceError as error:
            problems.append(f"opencitations: {direction} of {paper.doi} incomplete: {error}", error)


def _fetch_cited_by_seeds(papers: list[Paper], clients: Clients, options: ExpandOptions, problems: Problems, progress,
                          citing: list[Paper]) -> list[Paper]:
    """Metadata for works the seeds cite (or, from OpenCitations, works citing them) that no record
    describes yet: OpenAlex by W-id and DOI, then S2, then arXiv and Crossref, within --max-papers."""
    merged, alias = merge_with_aliases(papers)
    present = {p.id for p in merged}
    room = options.max_papers - len(merged)
    missing = [r for p in merged if p.is_seed for r in p.references
               if alias.get(r, r) not in present and clients.primary not in p.reference_sources.get(r, [])]
    missing += [f"doi:{c.doi}" for c in citing if alias.get(f"doi:{c.doi}", "") not in present]
    missing = list(dict.fromkeys(missing))
    if not missing or room <= 0:
        if missing:
            problems.append(f"{len(missing)} works found by the other sources left out by --max-papers {options.max_papers}")
        return []
    if len(missing) > room:
        problems.append(f"{len(missing) - room} works found by the other sources left out by --max-papers {options.max_papers}")
        missing = missing[:room]
    progress(f"fetching {len(missing)} works the other sources found")
    fetched: list[Paper] = []
    try:
        fetched = _fetch_by_identifier(missing, clients)
    except SourceError as error:
        problems.append(f"works found by the other sources incomplete: {error}", error)
    found = {key for p in fetched for key in p.identifiers()}
    links = [c for c in citing if f"doi:{c.doi}" in found or alias.get(f"doi:{c.doi}", "") in present]
    return fetched + links


def _fetch_by_identifier(identifiers: list[str], clients: Clients) -> list[Paper]:
    """Records for identifiers of the forms references take (``W1``, ``doi:…``, ``arxiv:…``, ``s2:…``,
    ``pmid:…``), each source asked for what the ones before it did not return."""
    found: list[Paper] = []
    remaining = list(identifiers)

    def still_missing() -> list[str]:
        known = {key for p in found for key in p.identifiers() + ([p.openalex] if p.openalex else [])}
        return [i for i in remaining if i not in known and not (arxiv_of(i) and f"doi:{arxiv_doi(arxiv_of(i))}" in known)]

    def arxiv_of(identifier: str) -> str:
        return identifier.split(":", 1)[1] if identifier.startswith("arxiv:") else ""

    if clients.uses("openalex"):
        w_ids = [i for i in remaining if i.startswith("W")]
        dois = [i[4:] for i in remaining if i.startswith("doi:")] + [arxiv_doi(arxiv_of(i)) for i in remaining if arxiv_of(i)]
        if w_ids:
            found += oa.papers_by_filter(clients.openalex, "openalex", w_ids)
        if dois:
            found += oa.papers_by_filter(clients.openalex, "doi", dois)
        remaining = still_missing()
    if clients.uses("s2") and remaining:
        lookups = [s2.s2_lookup_id(*i.split(":", 1)) for i in remaining if ":" in i]
        found += [s2.parse_paper(r) for r in s2.papers_batch(clients.s2, lookups) if r and r.get("paperId")]
        remaining = still_missing()
    if clients.uses("arxiv") and (ids := [arxiv_of(i) for i in remaining if arxiv_of(i)]):
        found += ax.papers_by_id(clients.arxiv, ids)
        remaining = still_missing()
    if clients.uses("crossref") and (dois := [i[4:] for i in remaining if i.startswith("doi:")]):
        found += cr.works_by_doi(clients.crossref, dois)
    return found
