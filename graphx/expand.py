"""Seeds → their neighbourhood from the primary source: references (``depth`` steps) and, on request, the
works citing the seeds. (`graphx.gaps` then fills what it left out from the other sources.)

OpenAlex records carry their full reference lists, so every citation among the works fetched is known with
no extra call; references are fetched 100 per call, the ones shared by most papers first when
`max_papers` cuts. Semantic Scholar needs one paged call per seed for references and citations, and one
batch per 500 neighbours to learn their own reference lists.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from graphx.errors import OfflineMiss, SourceError
from graphx.model import Paper, arxiv_doi
from graphx.resolve import Clients
from graphx.sources import openalex as oa
from graphx.sources import semanticscholar as s2

log = logging.getLogger("graphx")


@dataclass(frozen=True)
class ExpandOptions:
    """How far to reach from the seeds."""

    depth: int = 1
    citations: bool = False
    max_papers: int = 1000


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
    seeds: list[Paper], clients: Clients, options: ExpandOptions, progress: Callable[..., None] = lambda *_: None
) -> tuple[list[Paper], Problems]:
    """All papers of the graph (seeds first) and the problems met on the way (sources down, caps hit)."""
    papers = list(seeds)
    problems = Problems()
    if clients.primary == "openalex":
        papers += _expand_openalex(papers, clients.openalex, options, problems, progress)
        if clients.s2 is not None and options.citations and s2_only_seeds(seeds):
            # Works citing seeds only Semantic Scholar knows come from there, one paged call per seed. Their
            # references need no such call: `graphx.gaps` asks S2 for every seed's reference list in one
            # batch and fetches the works named (OpenAlex by DOI first, so that they join its id space).
            papers += _expand_s2(papers, clients.s2, options, problems, progress, add_seed_records=False)
    elif clients.primary == "s2":
        papers += _expand_s2(papers, clients.s2, options, problems, progress, add_seed_records=True)
    return papers, problems


def s2_only_seeds(seeds: list[Paper]) -> list[Paper]:
    """Seed records from S2 that no OpenAlex seed record describes (by any shared identifier)."""
    in_openalex = {key for p in seeds if p.openalex for key in p.identifiers()}
    return [p for p in seeds if p.s2 and not p.openalex and not in_openalex & set(p.identifiers())]


def _expand_openalex(papers: list[Paper], client: oa.OpenAlexClient, options: ExpandOptions, problems: Problems, progress) -> list[Paper]:
    have = {p.openalex for p in papers if p.openalex}
    added: list[Paper] = []
    frontier = [p for p in papers if p.openalex]
    room = max(0, options.max_papers - len(papers))
    for step in range(1, options.depth + 1):
        counts = Counter(r for p in frontier for r in p.references if r and r not in have)
        wanted = [w for w, _ in counts.most_common(room)]
        if len(counts) > room:
            problems.append(f"depth {step}: {len(counts) - room} referenced works left out by --max-papers {options.max_papers}")
        if not wanted:
            break
        progress(f"depth {step}: fetching {len(wanted)} referenced works from OpenAlex")
        try:
            fetched = oa.papers_by_filter(client, "openalex", wanted)
        except SourceError as error:
            problems.append(f"references at depth {step} incomplete: {error}", error)
            break
        fetched = [p for p in fetched if p.openalex not in have]
        have.update(p.openalex for p in fetched)
        added += fetched
        frontier = fetched
        room -= len(fetched)
    seed_ids = [p.openalex for p in papers if p.is_seed and p.openalex]
    if options.citations and seed_ids and room > 0:
        progress(f"fetching up to {room} works citing the seeds from OpenAlex")
        try:
            citing = [oa.parse_work(w) for w in oa.citing_works(client, seed_ids, room + len(have))]
        except SourceError as error:
            problems.append(f"citing works incomplete: {error}", error)
            citing = []
        new = [p for p in citing if p.openalex not in have][:room]
        have.update(p.openalex for p in new)
        added += new
    return added


def _expand_s2(
    papers: list[Paper], client: s2.S2Client, options: ExpandOptions, problems: Problems, progress, add_seed_records: bool
) -> list[Paper]:
    added: list[Paper] = []
    seeds = [p for p in papers if p.is_seed]
    if add_seed_records:
        # Seeds found in OpenAlex: fetch their S2 records too, to merge fields and learn their S2 ids.
        missing = [p for p in seeds if not p.s2 and (p.doi or p.arxiv)]
        if missing:
            progress(f"looking up {len(missing)} seeds in Semantic Scholar")
            lookup = [
                s2.s2_lookup_id("arxiv", p.arxiv) if p.arxiv and p.doi == arxiv_doi(p.arxiv) else s2.s2_lookup_id("doi", p.doi)
                for p in missing
            ]
            try:
                for record in s2.papers_batch(client, lookup):
                    if record and record.get("paperId"):
                        extra = s2.parse_paper(record)
                        extra.is_seed = True
                        added.append(extra)
            except SourceError as error:
                problems.append(f"s2 seed lookup failed: {error}", error)
    seed_ids = list(dict.fromkeys([p.s2 for p in seeds if p.s2] + [p.s2 for p in added]))
    have = set(seed_ids) | {p.s2 for p in papers if p.s2}
    room = max(0, options.max_papers - len(papers))
    neighbours: dict[str, Paper] = {}
    directions = ["references"] + (["citations"] if options.citations else [])
    for number, paper_id in enumerate(seed_ids, start=1):
        for direction in directions:
            progress(f"s2 {direction} of seed {number}/{len(seed_ids)}", number - 1, len(seed_ids))
            try:
                records = s2.linked_papers(client, paper_id, direction, limit=max(room, 1) * 2 + 1000)
            except SourceError as error:
                problems.append(f"s2 {direction} of {paper_id} incomplete: {error}", error)
                continue
            linked_ids = []
            for record in records:
                linked = s2.parse_paper(record)
                linked_ids.append(linked.id)
                if linked.s2 not in have and linked.s2 not in neighbours:
                    neighbours[linked.s2] = linked
            seed_record = next((p for p in papers + added if p.s2 == paper_id), None)
            if seed_record is not None and direction == "references":
                seed_record.references = list(dict.fromkeys(seed_record.references + linked_ids))
            if direction == "citations":
                for linked_id in linked_ids:
                    citing = neighbours.get(linked_id[3:])
                    if citing is not None and f"s2:{paper_id}" not in citing.references:
                        citing.references.append(f"s2:{paper_id}")
    chosen = list(neighbours.values())
    if len(chosen) > room:
        problems.append(f"{len(chosen) - room} Semantic Scholar neighbours left out by --max-papers {options.max_papers}")
        chosen = sorted(chosen, key=lambda p: -(p.cited_by_count or 0))[:room]
    if chosen and options.depth >= 1:
        # Their own reference lists give the citations among neighbours: one batch per 500 papers.
        progress(f"s2: reference lists of {len(chosen)} neighbours")
        try:
            records = s2.papers_batch(client, [p.s2 for p in chosen], fields="paperId,references.paperId")
            for paper, record in zip(chosen, records):
                if record and record.get("references"):
                    paper.references = list(
                        dict.fromkeys(paper.references + [f"s2:{r['paperId']}" for r in record["references"] if r and r.get("paperId")])
                    )
        except SourceError as error:
            problems.append(f"s2 neighbour references incomplete: {error}", error)
    return added + chosen
