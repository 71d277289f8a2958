"""A researcher's Zotero library, read (never written) through Zotero's own API.

Zotero 7's local API (``http://localhost:23119/api/``, library ``users/0``; Settings → Advanced → "Allow
other applications on this computer to communicate with Zotero") is asked first; failing that, the web API
(``https://api.zotero.org``) with ``ZOTERO_API_KEY`` and ``ZOTERO_LIBRARY_ID`` from the environment (a
number for a user library, ``groups/<number>`` for a group). The key travels in the ``Zotero-API-Key``
header only; nothing is cached (a library changes between builds), so it is never written to disk.

Both speak the documented web API v3: items come 100 a page (``start``/``limit``), ``Total-Results`` says
how many there are, a ``Backoff`` header asks the client to pause before its next request, and 429/503
answers carry ``Retry-After`` (honoured by `graphx.sources.http.fetch_json`). pyzotero, the usual client,
pins bibtexparser below 2, which graphx needs for BibTeX input, so this module is the few calls graphx
makes, on graphx's own HTTP session.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import requests

from graphx.errors import InputError, SourceError
from graphx.model import Query
from graphx.sources.base import SourceBase
from graphx.sources.http import Expect, HttpSettings, Usage, fetch_json, make_session

log = logging.getLogger("graphx")

LOCAL_URL = "http://localhost:23119/api"
WEB_URL = "https://api.zotero.org"
PAGE = 100  # the most the API gives in one answer


@dataclass
class ZoteroClient(SourceBase):
    """Where the library is (base URL and ``users/ID`` or ``groups/ID``) and how to ask for it. As a
    `graphx.sources.base.Source` it is a listing, connected only when an input names a library: it reads
    ``zotero:`` inputs into their items' queries, and looks no work up."""

    name: ClassVar[str] = "zotero"
    label: ClassVar[str] = "Zotero"
    lists: ClassVar[str] = "zotero"
    listing_method: ClassVar[str] = "zotero library"

    session: requests.Session
    settings: HttpSettings
    base_url: str
    library: str
    api_key: str = field(default="", repr=False)
    usage: Usage = field(default_factory=lambda: Usage("zotero"))
    backoff_until: float = 0.0

    @classmethod
    def connect(cls, session: requests.Session, settings: HttpSettings, options) -> ZoteroClient:
        """On its own session (nothing of a library is cached): see `connect` below."""
        return connect(settings, options.zotero_url, options.zotero_key, options.zotero_library)

    def read_listing(self, query: Query, progress: Callable[..., None]) -> tuple[list[Query], str]:
        """The items of the library, collection or tag as queries (notes and attachments counted, not kept)."""
        from graphx.inputs.zotero import item_queries

        progress(f"reading Zotero: {query.value}")
        found = item_queries(library_items(self, query.value), query.label)
        return found.queries, found.summary()

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[Any, dict[str, str]]:
        """One read of ``{base}/{library}/{path}``: (parsed JSON, response headers). Honours Backoff."""
        pause = self.backoff_until - time.monotonic()
        if pause > 0:
            log.info("zotero: Backoff asked for %.1f s more", pause)
            time.sleep(pause)
        headers_seen: dict[str, str] = {}
        headers = {"Zotero-API-Version": "3", **({"Zotero-API-Key": self.api_key} if self.api_key else {})}
        url = f"{self.base_url.rstrip('/')}/{self.library}/{path}"
        with _uncached(self.session):
            _, body = fetch_json(self.session, self.settings, source="zotero", method="GET", url=url, params=params, headers=headers,
                                 usage=self.usage, kind=path.split("/")[0], response_headers=headers_seen,
                                 expect=Expect(not_found_ok=True))
        backoff = headers_seen.get("Backoff", "").strip()
        if backoff.replace(".", "", 1).isdigit():
            self.backoff_until = time.monotonic() + min(float(backoff), self.settings.max_wait)
        if body is None:
            raise InputError(f"zotero: {url} does not exist (404): check the library id, collection or tag")
        return body, headers_seen


class _uncached:
    """requests-cache off for the Zotero calls (their session is their own, so no other source is affected)."""

    def __init__(self, session: requests.Session) -> None:
        self.context = session.cache_disabled() if hasattr(session, "cache_disabled") else None

    def __enter__(self) -> None:
        if self.context is not None:
            self.context.__enter__()

    def __exit__(self, *exc) -> None:
        if self.context is not None:
            self.context.__exit__(*exc)


def paged(client: ZoteroClient, path: str, params: dict[str, Any] | None = None) -> list[dict]:
    """Every record of a listing, a page of `PAGE` at a time, until ``Total-Results`` are read (or a short
    page ends it, for a server that leaves the header out)."""
    records: list[dict] = []
    while True:
        page, headers = client.get(path, {**(params or {}), "start": len(records), "limit": PAGE, "format": "json"})
        if not isinstance(page, list):
            raise SourceError(f"zotero: {path} answered with {type(page).__name__}, not a list of records", source="zotero")
        records.extend(page)
        total = headers.get("Total-Results", "")
        if not page or len(page) < PAGE or (total.isdigit() and len(records) >= int(total)):
            return records


def connect(settings: HttpSettings, base_url: str = "", api_key: str = "", library_id: str = "") -> ZoteroClient:
    """The Zotero client for a build: `base_url` (``GRAPHX_ZOTERO_URL``) when given, else the local API of
    a running Zotero, else the web API with `api_key` and `library_id`.

    Raises `InputError` saying what to turn on or set when none of them answers.
    """
    library = _library(library_id)
    session = make_session(settings)
    if settings.offline:
        raise InputError(
            "zotero: --offline reaches no host, and a Zotero library is read live, never from the cache (build without --offline)"
        )
    if base_url:
        return ZoteroClient(session, settings, base_url, library or "users/0", api_key)
    probe = replace(settings, retries=0, timeout=min(settings.timeout, 5.0))  # a closed port answers at once; no retries
    try:
        ZoteroClient(make_session(probe), probe, LOCAL_URL, "users/0").get("collections", {"limit": 1})
        log.info("zotero: reading the library of the Zotero running on this computer")
        return ZoteroClient(session, settings, LOCAL_URL, "users/0")
    except (SourceError, InputError) as error:
        reason = str(error)
    if api_key and library:
        return ZoteroClient(session, settings, WEB_URL, library, api_key)
    raise InputError("zotero: no running Zotero answered at http://localhost:23119 (in Zotero 7: Settings → Advanced → "
                     "'Allow other applications on this computer to communicate with Zotero'), and ZOTERO_API_KEY and "
                     f"ZOTERO_LIBRARY_ID are not both set for the web API ({reason})")


def _library(library_id: str) -> str:
    """``users/ID`` or ``groups/ID`` from what the user set.

    >>> _library("12345"), _library("groups/678"), _library("users/1"), _library("")
    ('users/12345', 'groups/678', 'users/1', '')
    """
    value = library_id.strip().strip("/")
    if not value:
        return ""
    return value if value.startswith(("users/", "groups/")) else f"users/{value}"


def library_items(client: ZoteroClient, target: str) -> list[dict]:
    """The items of ``library`` (everything), ``collection/NAME`` (that collection, NAME or a path of names
    ``Parent/Child``, case-insensitive, or its 8-character key) or ``tag/NAME``, as the API gives them."""
    kind, _, name = target.partition("/")
    if kind == "library":
        return paged(client, "items")
    if kind == "tag":
        return paged(client, "items", {"tag": name})
    if kind == "collection":
        return paged(client, f"collections/{collection_key(paged(client, 'collections'), name)}/items")
    raise InputError(f"zotero:{target}: expected zotero:, zotero:collection/NAME or zotero:tag/NAME")


def collection_key(collections: list[dict], name: str) -> str:
    """The key of the collection called `name` (or at path ``Parent/Child``, or with that key).

    >>> cs = [{"key": "AAAA1111", "data": {"name": "Thesis", "parentCollection": False}},
    ...       {"key": "BBBB2222", "data": {"name": "Chapter 2", "parentCollection": "AAAA1111"}}]
    >>> collection_key(cs, "thesis/chapter 2"), collection_key(cs, "Chapter 2"), collection_key(cs, "AAAA1111")
    ('BBBB2222', 'BBBB2222', 'AAAA1111')
    """
    by_key = {c["key"]: c.get("data", {}) for c in collections}

    def path(key: str) -> str:
        data = by_key.get(key, {})
        parent = data.get("parentCollection")
        own = str(data.get("name", "")).strip().lower()
        return f"{path(parent)}/{own}" if parent and parent in by_key and parent != key else own

    wanted = "/".join(part.strip().lower() for part in name.split("/"))
    for key in by_key:
        if key == name or path(key) == wanted:
            return key
    matches = [key for key, data in by_key.items() if str(data.get("name", "")).strip().lower() == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InputError(f"zotero:collection/{name}: {len(matches)} collections have that name; give its path (Parent/{name})")
    names = ", ".join(sorted(str(d.get("name", "")) for d in by_key.values())[:10])
    raise InputError(f"zotero:collection/{name}: no such collection (the library has: {names or 'none'})")
