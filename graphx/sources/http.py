"""The one place HTTP sessions are made: persistent cache, retries, timeouts, offline mode, user agent.

Every source client asks `make_session` for its session and fetches through `fetch_json`, so that all of
them retry, cache and fail the same way:

- responses are cached in SQLite (requests-cache) under the cache directory, so a second run of the same
  build makes no request and an interrupted run resumes where it stopped;
- timeouts and dropped connections are retried by urllib3 with exponential backoff;
- 429, 5xx (and OpenAlex's 403 "too fast") are retried here, waiting as long as Retry-After says up to
  `max_wait` seconds (else exponential backoff); a longer Retry-After on a 429 means a spent daily
  allowance, not a burst, and ends the retries at once with `RateLimited` so the caller can fall back;
- a body that is not valid JSON, or that breaks off before its Content-Length, is never cached and is
  fetched again, a bounded number of times;
- in offline mode nothing leaves the machine: a cache miss is an `OfflineMiss`.

API keys go in parameters or headers that requests-cache leaves out of its cache keys and redacts from
what it stores, so a key is never written to disk.
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import requests
import requests_cache
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from graphx import __version__
from graphx.errors import OfflineMiss, SourceError

log = logging.getLogger("graphx")

SECRET_PARAMETERS = ("api_key", "x-api-key", "mailto")
CACHE_FILE = "http_cache.sqlite"


@dataclass(frozen=True)
class HttpSettings:
    """How every source talks HTTP. Built once at the CLI/API edge and passed in."""

    cache_dir: Path
    offline: bool = False
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 0.5
    max_wait: float = 60.0
    user_agent: str = f"graphx/{__version__} (+https://github.com/graphx/graphx)"


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
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)  # batches run in threads

    def count(self, kind: str, response: requests.Response) -> None:
        if response.status_code == 504 and getattr(response, "from_cache", False):
            return  # an --offline miss: neither a call nor an answer from the cache
        with self._lock:
            if getattr(response, "from_cache", False):
                self.cached += 1
                return
            self.calls[kind] = self.calls.get(kind, 0) + 1
            limits = {k: v for k, v in response.headers.items() if k.lower().startswith("x-ratelimit")}
            if limits:
                self.rate_limit = limits

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def summary(self) -> str:
        """One line for the build report, e.g. ``openalex: 3 calls (list 2, singleton 1), 5 from cache``."""
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.calls.items()))
        text = f"{self.source}: {self.total} calls" + (f" ({kinds})" if kinds else "") + f", {self.cached} from cache"
        if self.rate_limit:
            text += "; " + ", ".join(f"{k}: {v}" for k, v in sorted(self.rate_limit.items()))
        for note in self.notes:
            text += f"; {note}"
        return text


_SECRET_IN_URL = re.compile(r"((?:%s)=)[^&\s'\"]+" % "|".join(re.escape(p) for p in SECRET_PARAMETERS), re.I)


def redact(text: str) -> str:
    """`text` with the values of secret URL parameters (api_key, mailto) replaced.

    >>> redact("/works?filter=doi:10.1/x&api_key=s3cret&per_page=100")
    '/works?filter=doi:10.1/x&api_key=REDACTED&per_page=100'
    """
    return _SECRET_IN_URL.sub(r"\1REDACTED", text)


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


def parsed_body(response: requests.Response, xml: bool = False) -> Any:
    """The response's body parsed as JSON (or, with `xml`, as an XML element), parsed once per response.

    The cache filter must parse a body to know it is whole, and the caller needs it parsed too: a 100-work
    OpenAlex page takes milliseconds to parse, so parsing it again for each of them is a large share of a
    build's fetching time. Raises ValueError when the body is not well formed.
    """
    kept = getattr(response, PARSED, None)
    if kept is not None and kept[0] == xml:
        return kept[1]
    content = response.content or b""
    body = parse_xml(content) if xml else json.loads(content)
    setattr(response, PARSED, (xml, body))
    return body


def _cacheable(response: requests.Response) -> bool:
    """Only well-formed answers go in the cache: JSON and XML bodies must parse, and an HTML page (a proxy's
    or a load balancer's error page served with 200) is never an answer."""
    content_type = response.headers.get("Content-Type", "")
    if "html" in content_type:
        return False
    content = response.content or b""
    xml = "xml" in content_type or content[:5] == b"<?xml"
    if xml or "json" in content_type or content[:1] in (b"{", b"["):
        try:
            parsed_body(response, xml)
        except ValueError:
            return False
    return True


def make_session(settings: HttpSettings) -> requests_cache.CachedSession:
    """A cached, retrying session. Use one per build and source client; close it when done."""
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    _guard_urllib3_logs()
    session = requests_cache.CachedSession(
        str(settings.cache_dir / CACHE_FILE),
        backend="sqlite",
        serializer="json",  # never pickle: nothing read back from disk may run code
        wal=True,
        expire_after=requests_cache.NEVER_EXPIRE,
        allowable_codes=(200, 404),
        allowable_methods=("GET", "POST"),
        ignored_parameters=SECRET_PARAMETERS,
        match_headers=False,
        filter_fn=_cacheable,
    )
    session.settings.only_if_cached = settings.offline
    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=0,  # statuses are retried in fetch_json, where Retry-After is capped
        backoff_factor=settings.backoff,
        allowed_methods=None,  # S2's batch lookup is a POST that only reads
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = settings.user_agent
    return session


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
        except (TypeError, ValueError):
            return None


class RateLimited(SourceError):
    """429 that outlasted the retries: a spent allowance, not a burst. Callers may fall back."""


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
    response_headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """Fetch one JSON answer (or, with `xml`, one XML document as an element) with every rule above.
    Returns (status, parsed body); body is None for 404.

    Raises `OfflineMiss`, `RateLimited` or `SourceError`; never returns a half-read answer. A given
    `response_headers` dict receives the headers of the answer returned (paging totals, Backoff).
    """
    attempts = settings.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            response = session.request(method, url, params=params, json=json_body, headers=headers, timeout=settings.timeout)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as error:
            # The body broke off mid-way (a reset after the headers): nothing was cached, so ask again.
            if attempt == attempts:
                raise SourceError(f"{source}: answers from {url} kept breaking off ({type(error).__name__}) after {attempts} attempts",
                                  source=source, url=url) from None
            log.info("%s: answer from %s broke off (attempt %d of %d)", source, url, attempt, attempts)
            time.sleep(settings.backoff * 2 ** (attempt - 1))
            continue
        except requests.RequestException as error:
            # urllib3 has already retried connects and reads with backoff; this is after the last of them.
            raise SourceError(f"{source}: cannot reach {url} ({type(error).__name__})", source=source, url=url) from None
        if usage is not None:
            usage.count(kind, response)
        status = response.status_code
        if settings.offline and status == 504:
            raise OfflineMiss(f"{source}: not in the cache and --offline is on ({url})", source=source, url=url, status=504)
        if status in throttle_statuses or status in retry_statuses:
            wait = retry_after_seconds(response)
            wait = settings.backoff * 2 ** (attempt - 1) if wait is None else wait
            throttled = status in throttle_statuses
            if throttled and (wait > settings.max_wait or attempt == attempts):
                raise RateLimited(f"{source}: rate limit or daily allowance reached (HTTP {status})", source=source, url=url, status=status)
            if attempt == attempts:
                raise SourceError(f"{source}: HTTP {status} from {url} after {attempts} attempts: {_error_text(response)}", source=source, url=url, status=status)
            log.info("%s: HTTP %s, waiting %.1f s before retrying", source, status, min(wait, settings.max_wait))
            time.sleep(min(wait, settings.max_wait))
            continue
        if response_headers is not None:
            response_headers.update(response.headers)
        if status == 404:
            return status, None
        if status not in ok_statuses:
            raise SourceError(f"{source}: HTTP {status} from {url}: {_error_text(response)}", source=source, url=url, status=status)
        try:
            return status, parsed_body(response, xml)
        except ValueError:
            log.info("%s: answer from %s was not valid %s (attempt %d of %d)", source, url, "XML" if xml else "JSON", attempt, attempts)
            if attempt < attempts:
                time.sleep(settings.backoff * 2 ** (attempt - 1))
    raise SourceError(f"{source}: {url} kept answering with invalid {'XML' if xml else 'JSON'} after {attempts} attempts", source=source, url=url)


def _error_text(response: requests.Response) -> str:
    """A short, one-line description of an error body (APIs put it under various keys)."""
    try:
        body = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200]
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            if body.get(key):
                return " ".join(str(body[key]).split())[:200]
    return " ".join(str(body).split())[:200]


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
