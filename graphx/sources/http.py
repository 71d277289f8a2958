"""The one place HTTP sessions are made: persistent cache, retries, timeouts, limits, offline mode, user agent.

Every source client asks `make_session` for its session and fetches through `fetch_json`, so that all of
them retry, cache and fail the same way:

- an answer is kept in the SQLite cache (requests-cache) only after it was read whole, parsed and checked
  against the shape its source documents (`graphx.sources.shapes`): a wrong-shaped, non-JSON, HTML or
  truncated 200 is never cached and is asked again like a 5xx, then reported as "answered in an unexpected
  shape"; a 404 is kept only where it means "no such work" (a single lookup), never on a list call;
- timeouts and dropped connections are retried by urllib3 with exponential backoff;
- 429, 5xx (and OpenAlex's 403 "too fast") are retried here, waiting as long as Retry-After says up to
  `max_wait` seconds (else exponential backoff); a longer Retry-After on a 429 means a spent daily
  allowance, not a burst, and ends the retries at once with `RateLimited` so the caller can fall back;
- a 401/403 to a request that carried a key, whose text names the key, is `KeyRefused` at once;
- every wait is bounded: `timeout` per read, `deadline` for a whole request (connect, headers and body:
  a server trickling a byte at a time is cut off), `max_body` bytes per body counted after decompression
  (a gzip bomb stops at the cap), five redirects;
- in offline mode nothing leaves the machine: a cache miss is an `OfflineMiss`, and any cached answer is
  used however old (`Usage.oldest` says how old the oldest one was);
- freshness is stated: a list or filter answer (works citing a paper, a search, a day's listing: see
  `lists_works`) older than `max_age` seconds (a week by default) is asked again; a single-record lookup
  (a work by its id, a batch of works by their ids) keeps; any answer stored before `fresh_after` (a Unix
  time: ``--refresh`` sets it to the start of the run) is asked again, so each is fetched once per run.

Secrets (API keys, ``mailto``) never reach the disk or a message: the cache stores requests with them
removed, redirect history included; a body or URL echoing one is not stored; error texts are scrubbed of
them; and a redirect to another host or port drops them before the request is sent.
"""
from __future__ import annotations

import json
import logging
import re
import socket
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
import requests_cache
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from requests.adapters import HTTPAdapter
from requests_cache.backends.sqlite import SQLiteCache
from requests_cache.cache_keys import redact_response
from requests_cache.models import CachedResponse
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

from graphx import __version__
from graphx.config import BuildOptions
from graphx.errors import (  # noqa: F401  (RateLimited, KeyRefused, ShapeError: re-exported for the clients)
    CacheError,
    KeyRefused,
    OfflineMiss,
    RateLimited,
    ShapeError,
    SourceError,
)

log = logging.getLogger("graphx")

SECRET_PARAMETERS = ("api_key", "x-api-key", "zotero-api-key", "mailto")
CACHE_FILE = "http_cache.sqlite"
MAX_REDIRECTS = 5
MAX_BODY = 64 * 1024 * 1024  # bytes of one answer after decompression; OpenAlex's 100-work pages are ~2 MB
DEADLINE = 120.0  # seconds for one whole request: connect, headers and body


@dataclass(frozen=True)
class HttpSettings:
    """How every source talks HTTP. Built once at the CLI/API edge and passed in."""

    cache_dir: Path
    offline: bool = BuildOptions.offline  # (the defaults a build's options declare, declared there once)
    timeout: float = BuildOptions.timeout
    retries: int = BuildOptions.retries
    backoff: float = BuildOptions.backoff
    max_wait: float = BuildOptions.max_wait
    deadline: float = DEADLINE
    max_body: int = MAX_BODY
    max_age: float = BuildOptions.max_age  # list and filter answers older than this are asked again (not offline)
    fresh_after: float = 0.0  # a Unix time: answers cached before it are asked again (--refresh, updates)
    user_agent: str = f"graphx/{__version__} (+https://github.com/graphx/graphx)"


DROPPED = "left out"


@dataclass
class Usage:
    """What one source cost in a build: network calls by kind, cache hits, and the last rate-limit headers."""

    source: str
    calls: dict[str, int] = field(default_factory=dict)
    cached: int = 0
    rate_limit: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    allowance_spent: bool = False
    shortfalls: list[str] = field(default_factory=list)  # work left undone (allowance spent): the graph is incomplete
    dropped: int = 0  # records left out because a field could not be read (a numeric id, a year "soon")
    refused: str = ""  # why the source refused the key; once set, nothing more is asked of it
    oldest: datetime | None = None  # when the oldest answer this source's cache gave was fetched
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)  # batches run in threads

    def count(self, kind: str, response: requests.Response) -> None:
        if response.status_code == 504 and getattr(response, "from_cache", False):
            return  # an --offline miss: neither a call nor an answer from the cache
        with self._lock:
            if getattr(response, "from_cache", False):
                self.cached += 1
                created = getattr(response, "created_at", None)
                if created is not None and (self.oldest is None or created < self.oldest):
                    self.oldest = created
                return
            self.calls[kind] = self.calls.get(kind, 0) + 1
            limits = {k: v for k, v in response.headers.items() if k.lower().startswith("x-ratelimit")}
            if limits:
                self.rate_limit = limits

    def drop(self, records: int) -> None:
        """Count records left out of an answer; the graph lacks them, so the build is incomplete (the answer
        was not cached, and a rerun asks again)."""
        with self._lock:
            self.dropped += records
            self.shortfalls[:] = [s for s in self.shortfalls if not s.startswith(DROPPED)]
            self.shortfalls.append(f"{DROPPED} {self.dropped} records from {self.source} (a field of the wrong type)")

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def summary(self) -> str:
        """One line for the build report, e.g. ``openalex: 3 calls (list 2, singleton 1), 5 from cache``."""
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.calls.items()))
        text = f"{self.source}: {self.total} calls" + (f" ({kinds})" if kinds else "") + f", {self.cached} from cache"
        if self.source == "openalex":
            from graphx.sources.limits import openalex_units

            text += f", {openalex_units(self.calls)} units"
        if self.rate_limit:
            text += "; " + ", ".join(f"{k}: {v}" for k, v in sorted(self.rate_limit.items()))
        if self.dropped:
            text += f"; {self.dropped} records left out (a field of the wrong type)"
        for note in self.notes:
            text += f"; {note}"
        return text


_SECRET_IN_URL = re.compile("((?:" + "|".join(re.escape(p) for p in SECRET_PARAMETERS) + r")=)[^&\s'\"]+", re.I)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` with the values of secret URL parameters (api_key, mailto), and any of `secrets` wherever they
    appear (an error page echoing the key), replaced.

    >>> redact("/works?filter=doi:10.1/x&api_key=s3cret&per_page=100")
    '/works?filter=doi:10.1/x&api_key=REDACTED&per_page=100'
    >>> redact("invalid key s3cret", ("s3cret",))
    'invalid key REDACTED'
    """
    text = _SECRET_IN_URL.sub(r"\1REDACTED", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "REDACTED")
    return text


def secrets_of(params: dict[str, Any] | None, headers: dict[str, str] | None) -> tuple[str, ...]:
    """The secret values a request carries (its key and contact address), longest first."""
    found = [str(v) for k, v in {**(params or {}), **(headers or {})}.items() if k.lower() in SECRET_PARAMETERS and v]
    return tuple(sorted(set(found), key=len, reverse=True))


def strip_secrets(url: str) -> str:
    """`url` without its secret query parameters.

    >>> strip_secrets("http://h:1/works/W2?select=id&api_key=k&mailto=a@b")
    'http://h:1/works/W2?select=id'
    """
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in SECRET_PARAMETERS]
    return urlunsplit(parts._replace(query=urlencode(query)))


class RedactSecrets(logging.Filter):
    """Redacts secret URL parameters from log records: urllib3 logs each retried URL whole, and OpenAlex
    takes its key as a URL parameter."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SECRET_IN_URL.search(message):
            record.msg, record.args = redact(message), ()
        return True


def _guard_urllib3_logs() -> None:
    for name in ("urllib3.connectionpool", "urllib3.util.retry"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


def parse_xml(content: bytes):
    """An XML answer (arXiv's Atom feed) as an ElementTree element; ValueError when it is not well formed.

    defusedxml refuses entity expansion and external references, so a hostile feed cannot make the parser
    fetch files or eat memory.
    """
    try:
        return DefusedET.fromstring(content)
    except (DefusedET.ParseError, DefusedXmlException) as error:
        raise ValueError(f"not well-formed XML: {error}") from None


PARSED = "graphx_parsed_body"  # the body parsed once, kept on the response for whoever reads it next
VERDICT = "graphx_verdict"  # what the check made of a response (see `Verdict`)


def parsed_body(response: requests.Response, xml: bool = False) -> Any:
    """The response's body parsed as JSON (or, with `xml`, as an XML element), parsed once per response.

    Raises ValueError when the body is not well formed (JSON nested deeper than Python can follow
    included, and NaN/Infinity, which no API sends).
    """
    kept = getattr(response, PARSED, None)
    if kept is not None and kept[0] == xml:
        return kept[1]
    content = response.content or b""
    try:
        body = parse_xml(content) if xml else json.loads(content, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    setattr(response, PARSED, (xml, body))
    return body


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass(frozen=True)
class Expect:
    """What a good answer to one call is: its format, its shape, and whether a 404 is an answer.

    `shape` takes the parsed body and returns it checked (records that cannot be read dropped, odd fields
    coerced) and how many records it dropped, or raises `ShapeError`. `not_found_ok` is True for single
    lookups, where 404 means "no such work"; on a list call a 404 is a fault, retried and never cached.
    """

    shape: Callable[[Any], tuple[Any, int]] | None = None
    xml: bool = False
    not_found_ok: bool = False


@dataclass
class Verdict:
    """The check of one response: whether the cache may keep it, the checked body, why it is not an answer."""

    ok: bool
    body: Any = None
    problem: str = ""
    dropped: int = 0
    keep: bool = False


class BodyTooLarge(requests.exceptions.RequestException):
    """An answer longer than `max_body` bytes (after decompression)."""


class DeadlineExceeded(requests.exceptions.Timeout):
    """A request that took longer than its overall `deadline`."""


def _read_capped(response: requests.Response, limit: int, deadline_at: float) -> None:
    """Read the streamed body into `response.content`, at most `limit` bytes after decompression and not
    past `deadline_at` (time.monotonic)."""
    if response._content_consumed:  # a cached answer, or read before
        return
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit and "gzip" not in response.headers.get("Content-Encoding", ""):
        response.close()
        raise BodyTooLarge(f"an answer of {int(declared):,} bytes, over the {limit:,}-byte cap on one answer")
    parts, size = [], 0
    try:
        for chunk in response.raw.stream(256 * 1024, decode_content=True):
            size += len(chunk)
            if size > limit:
                response.close()
                raise BodyTooLarge(f"an answer over the {limit:,}-byte cap on one answer (counted after decompression)")
            if time.monotonic() > deadline_at:
                response.close()
                raise DeadlineExceeded("the body did not arrive within the deadline")
            parts.append(chunk)
    except requests.RequestException:
        raise
    except Exception as error:  # urllib3's ProtocolError/ReadTimeoutError/DecodeError, surfaced as requests does
        response.close()
        if time.monotonic() > deadline_at:
            raise DeadlineExceeded("the body did not arrive within the deadline") from None
        raise requests.exceptions.ChunkedEncodingError(str(error)) from None
    if time.monotonic() > deadline_at:  # the watchdog cut the connection: what arrived is not the answer
        raise DeadlineExceeded("the answer did not arrive within the deadline")
    response._content = b"".join(parts)
    response._content_consumed = True


def _checker(expect: Expect, settings: HttpSettings, ok_statuses: tuple[int, ...], secrets: tuple[str, ...],
             deadline_at: float) -> Callable[..., requests.Response]:
    """The response hook of one request: reads the body within the limits and judges it (`Verdict`)."""

    def check(response: requests.Response, **_: Any) -> requests.Response:
        if getattr(response, VERDICT, None) is not None:
            return response  # requests-cache dispatches hooks a second time
        if not getattr(response, "from_cache", False):
            _read_capped(response, settings.max_body, deadline_at)
        status = response.status_code
        verdict = Verdict(False)
        if status in ok_statuses:
            verdict = _judge(response, expect)
        elif status == 404 and expect.not_found_ok:
            verdict = Verdict(True, None)
        if verdict.ok and not getattr(response, "from_cache", False):
            verdict.keep = not verdict.dropped and not any(s.encode() in (response.content or b"") for s in secrets)
        setattr(response, VERDICT, verdict)
        return response

    return check


def _judge(response: requests.Response, expect: Expect) -> Verdict:
    content_type = response.headers.get("Content-Type", "")
    if "html" in content_type:
        return Verdict(False, problem="an HTML page instead of " + ("XML" if expect.xml else "JSON"))
    try:
        body = parsed_body(response, expect.xml)
    except ValueError as error:
        return Verdict(False, problem=f"not valid {'XML' if expect.xml else 'JSON'} ({str(error)[:80]})")
    if expect.shape is None:
        return Verdict(True, body)
    try:
        checked, dropped = expect.shape(body)
    except ShapeError as error:
        return Verdict(False, problem=str(error))
    return Verdict(True, checked, dropped=dropped)


def _kept(response: requests.Response) -> bool:
    """requests-cache's filter: an answer read from the cache stays (fetch_json drops it if it no longer
    passes its check); a new one is stored only if its check passed."""
    if getattr(response, "from_cache", False):
        return True
    verdict = getattr(response, VERDICT, None)
    return verdict is not None and verdict.ok and verdict.keep


BUSY_TIMEOUT_MS = 30_000  # how long a write waits for another build's write to the same cache file to end
DAMAGE = ("malformed", "not a database", "file is encrypted")  # SQLite's words for a file it cannot read


class GraphxCache(SQLiteCache):
    """requests-cache's SQLite backend, made safe for threads and secrets, and honest about a damaged file.

    - one lock per cache object serialises every use of its SQLite connection: requests-cache shares one
      connection among threads and locks only its writes, so a read running beside a write (or beside another
      read) could make SQLite report another call's result code as the error of this one ("another row
      available", "no more rows available", "not an error") or roll a write back unseen. Each source's session
      has its own cache object and connection; connections (threads of other sources, other builds) coordinate
      through SQLite's file locks in WAL mode, a write waiting up to `BUSY_TIMEOUT_MS` for another's to end;
    - the file is called damaged only when SQLite says so: a corrupt page or a file that is not a database, in
      the error itself or, for an error of no clear meaning, in a ``PRAGMA quick_check``. Any other error is
      passing (a lock held too long, an I/O hiccup): a read that meets one twice is a cache miss (the answer is
      asked of the source), a write that meets one twice is left undone, with one warning for either;
    - what it stores has secret parameters and headers removed from every request, the redirect history's
      included, and from every ``Location`` header (requests-cache redacts only the final request);
    - a database it cannot read is a `CacheError` naming the file, one line in the CLI;
    - a write that fails (full disk, read-only file) is a warning, once, and the build goes on uncached.
    """

    def __init__(self, path: Path, **kwargs: Any):
        self.path = path
        self._warned = False
        self._warned_read = False
        self._checked = False  # whether PRAGMA quick_check has already found the file sound
        self._lock = threading.RLock()
        kwargs.setdefault("busy_timeout", BUSY_TIMEOUT_MS)
        try:
            super().__init__(path, **kwargs)
            with self.responses.connection() as connection:  # a file that is not a database fails here, not mid-build
                connection.execute("SELECT 1 FROM responses LIMIT 1").fetchall()
        except sqlite3.OperationalError as error:
            if is_damage(error):
                raise damaged(path, error) from None
            raise CacheError(
                f"the cache at {path} cannot be opened ({str(error)[:80]}): make it writable, or run with --cache-dir"
            ) from None
        except sqlite3.DatabaseError as error:
            raise damaged(path, error) from None

    def save_response(self, response: requests.Response, cache_key: str | None = None, expires: Any = None) -> None:
        ignored = self._settings.ignored_parameters
        cached = redact_response(CachedResponse.from_response(response, expires=expires), ignored)
        cached.history = [_redact_hop(redact_response(hop, ignored), ignored) for hop in cached.history]
        key = cache_key or self.create_key(response.request)
        hops = [self.create_key(hop.request) for hop in response.history]
        error: sqlite3.Error | None = None
        for _ in range(2):  # a passing error is tried once more
            try:
                with self._lock:
                    self.responses[key] = cached
                    if key not in self.responses:  # requests-cache rolls a failed write back without a word (a full disk)
                        raise sqlite3.OperationalError("a write was rolled back: is the disk full?")
                    for hop in hops:
                        self.redirects[hop] = key
                return
            except sqlite3.Error as failed:
                self._end_transaction()
                self._raise_if_damaged(failed)
                error = failed
        if not self._warned:
            self._warned = True
            log.warning("the cache at %s cannot be written (%s): answers are not kept for the next run", self.path, error)

    def get_response(self, key: str, default: Any = None) -> CachedResponse | None:
        try:
            return self._read(lambda: SQLiteCache.get_response(self, key, default), default)
        except (ValueError, TypeError):  # a row that does not deserialise: a miss, asked again
            return default

    def contains(self, *args: Any, **kwargs: Any) -> bool:
        return self._read(lambda: SQLiteCache.contains(self, *args, **kwargs), False)

    def delete(self, *args: Any, **kwargs: Any) -> None:
        try:
            with self._lock:
                super().delete(*args, **kwargs)
        except sqlite3.Error as error:
            self._end_transaction()
            self._raise_if_damaged(error)
            log.warning("the cache at %s cannot be written (%s)", self.path, error)

    def close(self) -> None:
        with self._lock:
            super().close()

    def _end_transaction(self) -> None:
        """Roll back a write that failed mid-way. requests-cache rolls back only on an OperationalError; any
        other error would leave its transaction open, and every later write waiting on it forever."""
        with self._lock:
            for table in (self.responses, self.redirects):
                connection = table._connection
                try:
                    if connection is not None and connection.in_transaction:
                        connection.rollback()
                except sqlite3.Error:
                    table.close()  # opened afresh at the next use

    def _read(self, read: Callable[[], Any], miss: Any) -> Any:
        """`read()` under the lock; a passing SQLite error is tried once more, then answers `miss`."""
        error: sqlite3.Error | None = None
        for _ in range(2):
            try:
                with self._lock:
                    return read()
            except sqlite3.Error as failed:
                self._raise_if_damaged(failed)
                error = failed
        if not self._warned_read:
            self._warned_read = True
            log.warning("the cache at %s could not be read (%s): answers it holds are asked again", self.path, error)
        return miss

    def _raise_if_damaged(self, error: sqlite3.Error) -> None:
        """Raise `damaged` when SQLite says the file is damaged: in `error` itself, or (an error that says
        nothing of the file) in one ``PRAGMA quick_check`` of it, which runs at most once per cache object."""
        if is_damage(error):
            raise damaged(self.path, error) from None
        if self._checked or isinstance(error, sqlite3.OperationalError) or not isinstance(error, sqlite3.DatabaseError):
            return  # locked, busy, I/O, full, read-only, or an API misuse: nothing said of the file's pages
        try:
            with self._lock, self.responses.connection() as connection:
                verdict = connection.execute("PRAGMA quick_check(1)").fetchall()
        except sqlite3.Error as check_error:
            if is_damage(check_error):
                raise damaged(self.path, check_error) from None
            return  # the check could not run now: nothing is known against the file
        if verdict != [("ok",)]:
            raise damaged(self.path, sqlite3.DatabaseError(str(verdict[0][0]) if verdict else "quick_check failed")) from None
        self._checked = True


def is_damage(error: BaseException) -> bool:
    """Whether a SQLite error says the file itself is damaged (a corrupt page, not a database at all), as
    opposed to a passing condition (a lock, a full disk) or a misuse of the connection.

    >>> is_damage(sqlite3.DatabaseError("database disk image is malformed"))
    True
    >>> is_damage(sqlite3.DatabaseError("another row available"))
    False
    """
    name = getattr(error, "sqlite_errorname", "") or ""  # Python 3.11+
    return name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB" or any(word in str(error) for word in DAMAGE)


def damaged(path: Path, error: Exception) -> CacheError:
    return CacheError(f"the cache at {path} is damaged ({str(error)[:80]}): move it away or run with --cache-dir")


def _redact_hop(hop: CachedResponse, ignored: Any) -> CachedResponse:
    if "Location" in hop.headers:
        hop.headers["Location"] = strip_secrets(hop.headers["Location"])
    return hop


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme)


class GraphxSession(requests_cache.CachedSession):
    """The cached session, with one rule requests lacks: a redirect to another host or port drops the
    secret headers (S2's ``x-api-key``) and parameters (``api_key``, ``mailto``) before it is followed.
    (requests drops only ``Authorization``.)"""

    def rebuild_auth(self, prepared_request: requests.PreparedRequest, response: requests.Response) -> None:
        super().rebuild_auth(prepared_request, response)
        if _origin(prepared_request.url) != _origin(response.request.url):
            for name in list(prepared_request.headers):
                if name.lower() in SECRET_PARAMETERS:
                    del prepared_request.headers[name]
            prepared_request.url = strip_secrets(prepared_request.url)


class _CuttableConnection:
    """A urllib3 connection that remembers which thread uses it, so a watchdog can cut it at a deadline."""

    registry: weakref.WeakSet[Any]

    def request(self, *args: Any, **kwargs: Any) -> Any:
        self.graphx_thread = threading.get_ident()
        self.registry.add(self)
        return super().request(*args, **kwargs)  # type: ignore[misc]


class DeadlineAdapter(HTTPAdapter):
    """An adapter whose connections a watchdog can cut: `cut(thread)` shuts the sockets that thread is
    reading, so a request past its deadline ends however slowly its server trickles headers or body."""

    def __init__(self, **kwargs: Any):
        self.live: weakref.WeakSet[Any] = weakref.WeakSet()
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        live = getattr(self, "live", None)
        if live is None:
            live = self.live = weakref.WeakSet()
        http = type("CuttableHTTPConnection", (_CuttableConnection, HTTPConnection), {"registry": live})
        https = type("CuttableHTTPSConnection", (_CuttableConnection, HTTPSConnection), {"registry": live})
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("CuttableHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("CuttableHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
        }

    def cut(self, thread: int) -> None:
        for connection in list(self.live):
            sock = getattr(connection, "sock", None)
            if getattr(connection, "graphx_thread", None) == thread and sock is not None:
                try:
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, under TLS too
                except OSError:
                    pass


def make_session(settings: HttpSettings) -> requests_cache.CachedSession:
    """A cached, retrying session. Use one per build and source client; close it when done."""
    try:
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CacheError(f"cannot make the cache folder {settings.cache_dir} ({error.strerror or error}): "
                         "run with --cache-dir pointing at a folder you can write") from None
    _guard_urllib3_logs()
    path = settings.cache_dir / CACHE_FILE
    session = GraphxSession(
        backend=GraphxCache(path, serializer="json", wal=True),  # never pickle: nothing read back from disk may run code
        expire_after=requests_cache.NEVER_EXPIRE,
        allowable_codes=(200, 404),
        allowable_methods=("GET", "POST"),
        ignored_parameters=SECRET_PARAMETERS,
        match_headers=False,
        filter_fn=_kept,
    )
    session.settings.only_if_cached = settings.offline
    session.max_redirects = MAX_REDIRECTS
    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=0,  # statuses are retried in fetch_json, where Retry-After is capped
        redirect=MAX_REDIRECTS,
        backoff_factor=settings.backoff,
        allowed_methods=None,  # S2's batch lookup is a POST that only reads
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    adapter = DeadlineAdapter(max_retries=retry, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = settings.user_agent
    return session


RECORD_FILTERS = frozenset({"openalex", "ids.openalex", "openalex_id", "doi", "ids.pmid", "pmid"})
LIST_KINDS = frozenset({"search", "citations", "daily_papers"})
LIST_PARAMETERS = ("search", "query", "query.bibliographic", "search_query")


def lists_works(url: str, params: dict[str, Any] | None = None, kind: str = "") -> bool:
    """True when an answer lists works that can change from day to day (works citing a paper, a search, a
    day's listing, a filter on anything but identifiers); False for lookups of works by their identifiers,
    one or a batch, whose answers keep.

    >>> lists_works("https://api.openalex.org/works", {"filter": "cites:W1|W2"})
    True
    >>> lists_works("https://api.openalex.org/works", {"filter": "openalex:W1|W2", "select": "id"})
    False
    >>> lists_works("https://api.semanticscholar.org/graph/v1/paper/abc/citations", {"offset": 0})
    True
    """
    params = params or {}
    if kind in LIST_KINDS or any(params.get(name) for name in LIST_PARAMETERS):
        return True
    if "/citations" in urlsplit(url).path:
        return True
    clauses = [c.partition(":")[0].strip().lower() for c in str(params.get("filter") or "").split(",") if c.strip()]
    return any(key not in RECORD_FILTERS for key in clauses)


def answer_age(response: Any) -> float | None:
    """Seconds since a cached answer was fetched, or None for an answer from the network."""
    created = getattr(response, "created_at", None) if getattr(response, "from_cache", False) else None
    if created is None:
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    return (datetime.now(timezone.utc) - created).total_seconds()


def _stale(response: Any, settings: HttpSettings, expires: bool) -> bool:
    """Whether an answer the cache gave is too old to use (see the module's freshness rules). Judged on
    the answer read, so a fresh answer costs no second read of the cache; offline, any answer will do."""
    if settings.offline or not getattr(response, "from_cache", False) or not (settings.fresh_after or expires):
        return False
    age = answer_age(response)
    if age is None:
        return False
    return time.time() - age < settings.fresh_after or (expires and age > settings.max_age)


def retry_after_seconds(response: requests.Response) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError, OverflowError):
            return None


def _timed_out(error: Exception) -> bool:
    if isinstance(error, requests.exceptions.Timeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return "timeout" in type(reason).__name__.lower() or "timed out" in str(error).lower()


def fetch_json(
    session: requests.Session,
    settings: HttpSettings,
    *,
    source: str,
    method: str,
    url: str,
    params: dict[str, Any] | None = None,
    json_body: Any = None,
    headers: dict[str, str] | None = None,
    usage: Usage | None = None,
    kind: str = "call",
    throttle_statuses: tuple[int, ...] = (429,),
    retry_statuses: tuple[int, ...] = (500, 502, 503, 504),
    ok_statuses: tuple[int, ...] = (200,),
    xml: bool = False,
    expect: Expect | None = None,
    response_headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """Fetch one answer with every rule above and return (status, checked body); body is None for a 404
    where `expect.not_found_ok` (a single lookup of an unknown work).

    Raises `OfflineMiss`, `RateLimited`, `KeyRefused` or `SourceError`; never returns a half-read or
    wrong-shaped answer, and never puts one in the cache. A given `response_headers` dict receives the
    headers of the answer returned (paging totals, Backoff).
    """
    expect = expect or Expect(xml=xml)
    secrets = secrets_of(params, headers)
    adapter = session.get_adapter(url) if hasattr(session, "get_adapter") else None
    attempts = settings.retries + 1
    problem = ""
    expires = lists_works(url, params, kind)
    refresh: dict[str, bool] = {}
    attempt = 0
    while attempt < attempts:
        attempt += 1
        started = time.monotonic()
        hook = _checker(expect, settings, ok_statuses, secrets, started + settings.deadline)
        watchdog = None
        if isinstance(adapter, DeadlineAdapter) and not settings.offline:
            watchdog = threading.Timer(settings.deadline, adapter.cut, args=(threading.get_ident(),))
            watchdog.daemon = True
            watchdog.start()
        try:
            response = session.request(method, url, params=params, json=json_body, headers=headers, timeout=settings.timeout,
                                       stream=True, hooks={"response": hook}, **refresh)
        except BodyTooLarge as error:
            raise SourceError(f"{source}: {error} from {url} (the limit is HttpSettings.max_body)", source=source, url=url) from None
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
            DeadlineExceeded,
            requests.exceptions.ConnectionError,
            requests.exceptions.Timeout,
        ) as error:
            late = time.monotonic() - started >= settings.deadline or isinstance(error, DeadlineExceeded)
            if late or _timed_out(error):
                limit = (
                    f"the {settings.deadline:g}-second deadline on one request" if late else f"the {settings.timeout:g}-second read timeout"
                )
                raise SourceError(f"{source}: {url} timed out: no complete answer within {limit}", source=source, url=url) from None
            if isinstance(error, requests.exceptions.ConnectionError) and not isinstance(error, requests.exceptions.ChunkedEncodingError):
                raise SourceError(f"{source}: cannot reach {url} ({type(error).__name__})", source=source, url=url) from None
            # The body broke off mid-way (a reset after the headers): nothing was cached, so ask again.
            if attempt == attempts:
                raise SourceError(
                    f"{source}: answers from {url} kept breaking off ({type(error).__name__}) after {attempts} attempts",
                    source=source,
                    url=url,
                ) from None
            log.info("%s: answer from %s broke off (attempt %d of %d)", source, url, attempt, attempts)
            time.sleep(settings.backoff * 2 ** (attempt - 1))
            continue
        except requests.exceptions.TooManyRedirects:
            raise SourceError(
                f"{source}: {url} redirected more than {MAX_REDIRECTS} times (the redirect limit)", source=source, url=url
            ) from None
        except requests.RequestException as error:
            raise SourceError(f"{source}: cannot reach {url} ({type(error).__name__})", source=source, url=url) from None
        finally:
            if watchdog is not None:
                watchdog.cancel()
        if not refresh and _stale(response, settings, expires):
            refresh = {"force_refresh": True}  # asked again from the source, the old answer replaced
            attempt -= 1
            continue
        if usage is not None:
            usage.count(kind, response)
        status = response.status_code
        if settings.offline and status == 504 and getattr(response, "from_cache", False):
            raise OfflineMiss(f"{source}: not in the cache and --offline is on ({url})", source=source, url=url, status=504)
        verdict: Verdict = getattr(response, VERDICT, None) or Verdict(False, problem="unchecked")
        if verdict.ok:
            if verdict.dropped and usage is not None:
                usage.drop(verdict.dropped)
            if response_headers is not None:
                response_headers.update(response.headers)
            return status, verdict.body
        if getattr(response, "from_cache", False):
            # Kept by an older graphx, and not an answer by today's rules: forget it and ask the server.
            session.cache.delete(getattr(response, "cache_key", "") or session.cache.create_key(response.request))
            log.info("%s: dropped a cached answer from %s (%s)", source, url, verdict.problem)
            if settings.offline:
                raise OfflineMiss(f"{source}: the cached answer was unusable and --offline is on ({url})", source=source, url=url)
            continue
        text = redact(_error_text(response), secrets)
        if status in (401, 403) and secrets and (status == 401 or "key" in text.lower()):
            raise KeyRefused(f"{source}: the key was refused (HTTP {status}: {text}); check the key in the environment",
                             source=source, url=url, status=status)
        if status in throttle_statuses or status in retry_statuses or status == 404 or status in ok_statuses:
            wait = retry_after_seconds(response) if status in throttle_statuses or status in retry_statuses else None
            wait = settings.backoff * 2 ** (attempt - 1) if wait is None else wait
            throttled = status in throttle_statuses
            if throttled and (wait > settings.max_wait or attempt == attempts):
                raise RateLimited(f"{source}: rate limit or daily allowance reached (HTTP {status})", source=source, url=url, status=status)
            if status in ok_statuses:
                problem = verdict.problem
                if attempt == attempts:
                    raise SourceError(f"{source} answered in an unexpected shape at {url}: {problem} ({attempts} attempts)",
                                      source=source, url=url, status=status)
                log.info("%s: answer from %s was not usable: %s (attempt %d of %d)", source, url, problem, attempt, attempts)
            elif attempt == attempts:
                what = " on a list call (not cached as 'not found')" if status == 404 else ""
                raise SourceError(f"{source}: HTTP {status}{what} from {url} after {attempts} attempts: {text}",
                                  source=source, url=url, status=status)
            else:
                log.info("%s: HTTP %s, waiting %.1f s before retrying", source, status, min(wait, settings.max_wait))
            time.sleep(min(wait, settings.max_wait))
            continue
        raise SourceError(f"{source}: HTTP {status} from {url}: {text}", source=source, url=url, status=status)
    raise SourceError(f"{source} answered in an unexpected shape at {url}: {problem or 'unusable answers'}", source=source, url=url)


def _error_text(response: requests.Response) -> str:
    """A short, one-line description of an error body (APIs put it under various keys)."""
    try:
        body = json.loads(response.content or b"")
    except (ValueError, RecursionError):
        return " ".join((response.content or b"")[:2000].decode("utf-8", "replace").split())[:200]
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            if body.get(key):
                return " ".join(str(body[key]).split())[:200]
    return " ".join(str(body)[:2000].split())[:200]


@dataclass
class Pacer:
    """Keeps requests that go to the network at least `interval` seconds apart (S2's and arXiv's published
    rates, OpenAlex's 100 a second). Answers the cache holds are not paced: a rebuild from the cache runs at
    full speed. The cache is asked only when a request would have to wait: looking a request up costs a
    query of the cache's database, which a call that may go at once need not pay (at worst such a call,
    answered from the cache after all, holds the next network request back by one interval).
    """

    interval: float
    _last: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def wait(self, session: requests.Session, settings: HttpSettings, method: str, url: str,
             params: dict[str, Any] | None = None, json_body: Any = None, headers: dict[str, str] | None = None) -> None:
        if self.interval <= 0 or settings.offline:
            return
        with self._lock:
            now = time.monotonic()
            if now >= self._last + self.interval:
                self._last = now
                return
        cache = getattr(session, "cache", None)
        if cache is not None:
            prepared = session.prepare_request(requests.Request(method, url, params=params, json=json_body, headers=headers))
            if cache.contains(request=prepared):
                return
        with self._lock:  # each caller reserves the next free slot, then waits for it outside the lock
            slot = max(time.monotonic(), self._last + self.interval)
            self._last = slot
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def http_settings(options: BuildOptions, fresh_after: float | None = None) -> HttpSettings:
    """The HTTP settings of a run: `fresh_after` (a Unix time) makes answers cached before it be asked
    again; ``options.refresh`` sets it to now."""
    if fresh_after is None:
        fresh_after = time.time() if options.refresh else 0.0
    return HttpSettings(cache_dir=options.cache_dir, offline=options.offline, timeout=options.timeout,
                        retries=options.retries, backoff=options.backoff, max_wait=options.max_wait,
                        max_age=options.max_age, fresh_after=fresh_after)
