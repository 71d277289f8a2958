"""The one shape every source client has (`Source`), and what the pipeline hands a source to act on.

A source says which identifier kinds it looks up (`kinds`), looks them up in batches (`lookup`), searches a
title (`search`), and says what a call costs (`prices`, in OpenAlex units per call kind, and `interval`, the
wait it asks between calls). What only some sources offer is optional, and `SourceBase` answers "not offered"
for it, so that a caller asks `offers(source, "search_titles")` instead of which source it holds:

- `search_titles` (``batch_search`` names it): candidates for many titles in a few calls;
- `neighbourhood`: the works around the seeds (references, citing works) — the sources that can build a graph;
- `join`: the records of works other sources found, in this source's id space;
- `fill`: records for the works that still lack something (`Wanted`);
- `references` / `citations`: one work's neighbours, one call each (link records, no metadata);
- `read_listing`: a listing input (a daily listing, a library) as the queries of its papers.

Every method returns `Paper` records (or `Query` records, for a listing): no caller parses an API's dicts.
The registry that holds the sources in trust order, and the one identifier cascade, is
`graphx.sources.registry`. Adding a source is one module with one class like these, plus one line there.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from graphx.config import BuildOptions
from graphx.errors import OfflineMiss, SourceError
from graphx.model import Paper, arxiv_doi

Identifier = tuple[str, str]  # (kind, value): ("doi", "10.1093/mind/lix.236.433"), ("openalex", "W2100837269")
Note = Callable[..., None]  # note(text, error=None): a problem met on the way (a cap hit, a source failed)
Progress = Callable[..., None]


@dataclass(frozen=True)
class ExpandOptions:
    """How far to reach from the seeds (defaults are `BuildOptions`'s, declared there once)."""

    depth: int = BuildOptions.depth
    citations: bool = BuildOptions.citations
    max_papers: int = BuildOptions.max_papers

    @classmethod
    def of(cls, options: BuildOptions) -> ExpandOptions:
        return cls(options.depth, options.citations, options.max_papers)

    def cap(self, items: list, room: int, what: str, note: Note) -> list:
        """The first `room` of `items`; when some are left out, the one message that says how many. Every
        --max-papers cut goes through here.

        >>> notes = []
        >>> ExpandOptions(max_papers=3).cap(["a", "b", "c"], 2, "cited works", lambda text, *_: notes.append(text)), notes
        (['a', 'b'], ['1 cited works left out by --max-papers 3'])
        """
        room = max(0, room)
        if len(items) > room:
            note(f"{len(items) - room} {what} left out by --max-papers {self.max_papers}")
        return items[:room]


@dataclass
class Wanted:
    """What the merged records still lack: works to ask about, by reason."""

    seeds: list[Paper] = field(default_factory=list)
    references: list[Paper] = field(default_factory=list)
    abstracts: list[Paper] = field(default_factory=list)

    def all(self) -> list[Paper]:
        return list({id(p): p for p in self.seeds + self.references + self.abstracts}.values())


ID_KINDS = ("openalex", "doi", "arxiv", "s2", "pmid")  # the identifier fields of a Paper


def identifier_key(kind: str, value: str) -> Identifier:
    """The one spelling two forms of an identifier share: OpenAlex ids in capitals, DOIs and arXiv ids in
    small letters, the others as they are. Both sides of every comparison go through here.

    >>> identifier_key("openalex", "w2100837269"), identifier_key("doi", "10.1093/MIND/LIX.236.433")
    (('openalex', 'W2100837269'), ('doi', '10.1093/mind/lix.236.433'))
    """
    if kind == "openalex":
        return kind, value.upper()
    if kind in ("doi", "arxiv"):
        return kind, value.lower()
    return kind, value


def _keys_of(paper: Paper) -> list[Identifier]:
    return [identifier_key(kind, value) for kind in ID_KINDS if (value := getattr(paper, kind))]


def _keys_naming(kind: str, value: str) -> list[Identifier]:
    """The keys a paper named by (`kind`, `value`) may hold: an arXiv id also by its arXiv DOI."""
    if not value:
        return []
    keys = [identifier_key(kind, value)]
    if kind == "arxiv":
        keys.append(("doi", arxiv_doi(value)))
    return keys


def holds(paper: Paper, kind: str, value: str) -> bool:
    """Whether `paper` is the work identifier (`kind`, `value`) names (an arXiv id also by its arXiv DOI).

    >>> holds(Paper(id="W1", openalex="W1", doi="10.48550/arxiv.1706.03762"), "arxiv", "1706.03762")
    True
    """
    held = set(_keys_of(paper))
    return any(key in held for key in _keys_naming(kind, value))


def match(wanted: list[Identifier], papers: list[Paper]) -> dict[Identifier, Paper]:
    """Each identifier of `wanted` → the first of `papers` that holds it (those no paper holds left out), by
    one index of the papers' identifiers rather than a scan per identifier.

    >>> found = match([("arxiv", "1706.03762v5"), ("doi", "10.1/X")], [Paper(id="W1", doi="10.48550/arxiv.1706.03762")])
    >>> {key: paper.id for key, paper in found.items()}
    {('arxiv', '1706.03762v5'): 'W1'}
    """
    index: dict[Identifier, Paper] = {}
    for paper in papers:
        for key in _keys_of(paper):
            index.setdefault(key, paper)
    found = {}
    for kind, value in wanted:
        paper = next((index[key] for key in _keys_naming(kind, value) if key in index), None)
        if paper is not None:
            found[(kind, value)] = paper
    return found


@runtime_checkable
class Source(Protocol):
    """What every source client is: the registry and the pipeline ask nothing else of it."""

    name: ClassVar[str]  # the name --sources uses
    label: ClassVar[str]  # the name a reader knows it by
    kinds: ClassVar[tuple[str, ...]]  # identifier kinds `lookup` answers
    id_kind: ClassVar[str]  # the identifier kind that is its own (a work it holds carries it)
    always_for: ClassVar[tuple[str, ...]]  # kinds it is asked about even when --sources leaves it out
    prices: ClassVar[Mapping[str, int]]  # OpenAlex units per call kind; empty for a free source
    batch_search: ClassVar[str]  # the name of its batched title route, "" without one
    usage: Any

    @property
    def interval(self) -> float: ...
    def lookup(self, kind: str, values: list[str]) -> list[Paper]: ...
    def find(self, wanted: list[Identifier], thorough: bool = False,
             errors: dict[str, SourceError] | None = None) -> dict[Identifier, Paper]: ...
    def search(self, title: str) -> list[Paper]: ...


class SourceBase:
    """Defaults for the optional part of `Source`: a client lists only what it offers."""

    label: ClassVar[str] = ""
    kinds: ClassVar[tuple[str, ...]] = ()
    id_kind: ClassVar[str] = ""
    always_for: ClassVar[tuple[str, ...]] = ()
    prices: ClassVar[Mapping[str, int]] = {}
    batch_search: ClassVar[str] = ""
    lists: ClassVar[str] = ""  # the query kind `read_listing` reads ("hf", "zotero"), "" for none
    listing_method: ClassVar[str] = ""

    @property
    def interval(self) -> float:
        pacer = getattr(self, "pacer", None)
        return pacer.interval if pacer is not None else 0.0

    def lookup(self, kind: str, values: list[str]) -> list[Paper]:
        return []

    def find(self, wanted: list[Identifier], thorough: bool = False,
             errors: dict[str, SourceError] | None = None) -> dict[Identifier, Paper]:
        """Each identifier of `wanted` this source knows → its record: one batched `lookup` per kind. A kind
        whose lookup fails is noted in `errors` (its first failure) and the others go on. `thorough` lets a
        source spend extra (free) calls on what its batches missed."""
        errors = {} if errors is None else errors
        found: dict[Identifier, Paper] = {}
        by_kind: dict[str, list[str]] = {}
        for kind, value in wanted:
            if kind in self.kinds:
                by_kind.setdefault(kind, []).append(value)
        for kind, values in by_kind.items():
            try:
                found.update(match([(kind, v) for v in values], self.lookup(kind, values)))
            except SourceError as error:
                errors.setdefault(kind, error)
        return found

    def search(self, title: str) -> list[Paper]:
        return []

    def units(self, calls: Mapping[str, int]) -> int:
        """What `calls` (kind → count) cost in units; 0 for a free source."""
        return sum(self.prices.get(kind, 1) * n for kind, n in calls.items()) if self.prices else 0

    def allowance(self) -> int:
        """Units a day allows (0: the source is free, or counts none)."""
        return 0

    def batch_units(self, titles: list[str]) -> int:
        """Units the batched title route would spend on `titles`."""
        return 0

    def batch_rows(self) -> int:
        """Rows one answer of the batched title route carries (the weight of a call, when waits tie)."""
        return 0


def offers(source: object, capability: str) -> bool:
    """Whether `source` offers an optional part of `Source` (``search_titles``, ``neighbourhood``, …)."""
    return callable(getattr(source, capability, None))


def failed(error: SourceError | None) -> bool:
    """Whether `error` means a source failed; an --offline cache miss is expected, not a failure."""
    return error is not None and not isinstance(error, OfflineMiss)


__all__ = ["ExpandOptions", "Identifier", "Source", "SourceBase", "Wanted", "failed", "holds", "match", "offers"]
