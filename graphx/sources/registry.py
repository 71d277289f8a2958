"""The sources of a build, held in trust order, and the one identifier cascade.

`SOURCES` names each source's client class, in the order of trust: a work's record is looked up in the
first source that knows its identifier kind, and each source after it is asked only about what the ones
before it did not find (`Registry.find`). ``--sources`` picks which of them a build uses (`chosen`, in the
order given: the first that can build a neighbourhood is the `primary`); the others stay connected for what
only they can answer (`Source.always_for`: an S2 id names a work only Semantic Scholar knows).

Adding a source is one module with its client class (`graphx.sources.base.Source`) and one line in
`graphx.config.SOURCES` (``--sources`` reads its names from the same table; a source with no URL option
of its own takes its address from ``GRAPHX_<NAME>_URL``, in `BuildOptions.urls`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module

from graphx.config import SOURCES, BuildOptions
from graphx.errors import SourceError
from graphx.model import Paper, Query
from graphx.sources.base import Identifier, Source, offers


@dataclass
class Found:
    """What the identifier cascade found: each identifier's record, and per kind the first source failure."""

    records: dict[Identifier, Paper] = field(default_factory=dict)
    sources: dict[Identifier, str] = field(default_factory=dict)  # the name of the source that found each
    errors: dict[str, SourceError] = field(default_factory=dict)

    def papers(self) -> list[Paper]:
        return list({id(p): p for p in self.records.values()}.values())


class Registry:
    """The connected sources in trust order, and which of them a build chose (``--sources``).

    >>> Registry([], chosen=("openalex",)).primary is None
    True
    """

    def __init__(self, sources: Iterable[Source], chosen: Sequence[str] = ("openalex",)) -> None:
        self.all: list[Source] = list(sources)
        self.chosen_names: tuple[str, ...] = tuple(chosen)

    def __iter__(self) -> Iterator[Source]:
        return iter(self.all)

    def get(self, name: str) -> Source | None:
        return next((s for s in self.all if s.name == name), None)

    def __getattr__(self, name: str) -> Source | None:
        """``registry.openalex``: a source by name (for tests and reports; the pipeline never asks by name)."""
        if name.startswith("_") or name in ("all", "chosen_names"):
            raise AttributeError(name)
        return self.get(name)

    def uses(self, source: Source) -> bool:
        return source.name in self.chosen_names

    def chosen(self) -> list[Source]:
        """The sources ``--sources`` chose that are connected, in the order it gave them."""
        return [s for name in self.chosen_names if (s := self.get(name)) is not None]

    @property
    def primary(self) -> Source | None:
        """The source that builds the neighbourhood: the first chosen one that can."""
        return next((s for s in self.chosen() if offers(s, "neighbourhood")), None)

    def asked_about(self, kind: str) -> list[Source]:
        """The sources asked about an identifier kind, in trust order: the chosen ones that look it up, and
        any connected one that is asked about it whatever --sources says."""
        return [s for s in self.all if kind in s.kinds and (self.uses(s) or kind in s.always_for)]

    def find(self, wanted: Iterable[Identifier], thorough: bool = False, progress=lambda *_: None) -> Found:
        """The one identifier cascade: each source, in trust order, asked in batches about the identifiers
        of its kinds the sources before it did not find. A source that fails is remembered against the kinds
        it was asked about (the first failure per kind) and the cascade goes on. `thorough` lets a source
        spend extra free calls on what its batches missed (a user's own inputs deserve them)."""
        pending = list(dict.fromkeys(wanted))
        found = Found()
        for source in self.all:
            kinds = {k for k in source.kinds if source in self.asked_about(k)}
            asked = [(k, v) for k, v in pending if k in kinds and (k, v) not in found.records]
            if not asked:
                continue
            progress(source, asked)
            answers = source.find(asked, thorough, found.errors)
            for identifier, paper in answers.items():
                found.records.setdefault(identifier, paper)
                found.sources.setdefault(identifier, source.name)
        return found

    def lister(self, kind: str) -> Source | None:
        """The connected source that reads listing queries of `kind` (``hf``, ``zotero``)."""
        return next((s for s in self.all if getattr(s, "lists", "") == kind), None)

    def usages(self) -> list:
        return [s.usage for s in self.all]


def source_class(name: str) -> type:
    """The client class `SOURCES` names for `name` (its module imported now, not at start-up)."""
    module, _, cls = SOURCES[name].partition(":")
    return getattr(import_module(module), cls)


def listing_label(kind: str) -> str:
    """What a reader calls the source that reads listing queries of `kind`, even when it is not connected
    (``Hugging Face`` for ``hf``); "" when no source reads that kind."""
    for name in SOURCES:
        cls = source_class(name)
        if getattr(cls, "lists", "") == kind:
            return cls.label
    return ""


def connect(session, settings, options: BuildOptions, queries: Sequence[Query] = ()) -> Registry:
    """One client per source of `SOURCES`, all on the build's one session; a listing source (one that reads
    a kind of query: a Zotero library) only when a query asks for it."""
    kinds = {q.kind for q in queries if not q.problem}
    clients = []
    for name in SOURCES:
        cls = source_class(name)
        if getattr(cls, "lists", "") and cls.lists not in kinds:
            continue
        clients.append(cls.connect(session, settings, options))
    return Registry(clients, options.sources)
