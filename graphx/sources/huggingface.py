"""Hugging Face Daily Papers: one day's listing (``/api/daily_papers?date=YYYY-MM-DD``) as arXiv id queries.

The listings researchers paste (like the shared seeds) come from these pages; read through the JSON API they
carry each paper's arXiv id, so ``graphx build hf:2025-11-20`` resolves every paper by id instead of by title,
and keeps the listed title and abstract for verification and for an offline node.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests

from graphx.config import DEFAULT_URLS
from graphx.errors import InputError
from graphx.model import Query
from graphx.sources.base import SourceBase
from graphx.sources.http import Expect, HttpSettings, Usage, fetch_json

DEFAULT_URL = DEFAULT_URLS["hf"]
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")


@dataclass
class HFClient(SourceBase):
    """Session, settings and base URL for the Hugging Face Daily Papers API. As a `graphx.sources.base.Source`
    it is a listing: it reads ``hf:DATE`` inputs into their papers' queries, and looks no work up."""

    name: ClassVar[str] = "hf"
    label: ClassVar[str] = "Hugging Face"
    lists: ClassVar[str] = "hf"
    listing_method: ClassVar[str] = "daily papers"

    session: requests.Session
    settings: HttpSettings
    base_url: str = DEFAULT_URL
    usage: Usage = field(default_factory=lambda: Usage("hf"))

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> HFClient:
        return cls(session, settings, options.hf_url)

    def read_listing(self, query: Query, progress: Callable[..., None]) -> tuple[list[Query], str]:
        """The papers of one day's listing as queries, and what to say about it."""
        progress(f"reading the Hugging Face daily papers of {query.value}")
        listed = listing_queries(daily_listing(self, query.value), query.value)
        return listed, f"{len(listed)} papers listed" if listed else f"Hugging Face lists no papers on {query.value}"


def daily_listing(client: HFClient, date: str) -> list[dict[str, Any]]:
    """The day's listing as the API gives it (a list of entries, each with a ``paper`` record)."""
    from graphx.sources import shapes  # pydantic, loaded at the first fetch rather than at start-up

    _, body = fetch_json(client.session, client.settings, source="hf", method="GET",
                         url=client.base_url.rstrip("/") + "/api/daily_papers", params={"date": date},
                         usage=client.usage, kind="daily_papers", expect=Expect(shapes.hf_listing, not_found_ok=True))
    if body is None:
        raise InputError(f"hf:{date}: Hugging Face has no daily-papers listing for that date")
    return body if isinstance(body, list) else []


def listing_queries(entries: list[dict[str, Any]], date: str) -> list[Query]:
    """One arXiv query per listed paper, in listed order, carrying the listed title, abstract, first author
    and year (pure).

    >>> entry = {"paper": {"id": "2511.01234", "title": "A  Title", "summary": "Text.", "authors": [{"name": "Ada L"}],
    ...          "publishedAt": "2025-11-19T10:00:00.000Z"}}
    >>> q = listing_queries([entry], "2025-11-20")[0]
    >>> (q.label, q.origin, q.title, q.first_author, q.year)
    ('arxiv:2511.01234', 'hf:2025-11-20 #1', 'A Title', 'Ada L', 2025)
    """
    queries = []
    for number, entry in enumerate(entries, start=1):
        paper = entry.get("paper") or entry
        origin = f"hf:{date} #{number}"
        match = _ARXIV_ID.match(str(paper.get("id", "")))
        title = " ".join(str(paper.get("title") or entry.get("title") or "").split())
        authors = [a.get("name", "") for a in paper.get("authors") or [] if a.get("name")]
        published = str(paper.get("publishedAt") or entry.get("publishedAt") or "")
        year = int(published[:4]) if published[:4].isdigit() else None
        if not match:
            queries.append(Query("title", title, origin, year, authors[0] if authors else "", paper.get("summary") or "",
                                 problem="" if title else f"listed paper without an arXiv id or title ({paper.get('id')!r})"))
            continue
        queries.append(Query("arxiv", match.group(1), origin, year, authors[0] if authors else "",
                             " ".join(str(paper.get("summary") or "").split()), title=title))
    return queries
