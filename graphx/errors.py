"""Errors graphx raises, all caught once in the CLI and printed on one line.

The tree::

    GraphxError                 anything graphx reports to the user (exit code 1)
     ├── InputError             an input argument or file cannot be read as papers (exit 2)
     ├── SourceError            a metadata API failed after its retries (carries source, url, status)
     │    ├── OfflineMiss       --offline and the answer is not in the cache
     │    ├── RateLimited       a 429 outlasted the retries: the allowance is spent (callers may fall back)
     │    └── KeyRefused        a 401/403 naming the key: that source is asked nothing more
     ├── IncompleteBuild        a source failed mid-build: files written, graph partial, a rerun finishes (exit 3)
     ├── OutputError            the output folder cannot be written
     ├── CacheError             the HTTP cache cannot be opened or read (damaged, under a file)
     └── SetupError             an optional part is not installed (DuckDB, PySpark, Java) (exit 4)

    Inside the HTTP layer only, BodyTooLarge and DeadlineExceeded (requests exceptions, so that they travel
    through its hooks) become a SourceError before fetch_json returns.

    ShapeError (a ValueError, never seen by a user): an answer is not the shape its source documents; the HTTP
    layer catches it, retries like a 5xx and then reports a SourceError.
"""
from __future__ import annotations


class GraphxError(Exception):
    """Base of every error graphx reports to a user."""

    exit_code = 1


class InputError(GraphxError):
    """An input cannot be read as papers: names the input and what was expected."""

    exit_code = 2


class SourceError(GraphxError):
    """A metadata source failed after bounded retries.

    Carries the source name, the URL (never with a key in it) and the HTTP status where there was one.
    """

    def __init__(self, message: str, *, source: str = "", url: str = "", status: int | None = None):
        super().__init__(message)
        self.source = source
        self.url = url
        self.status = status


class OfflineMiss(SourceError):
    """--offline was asked for and the cache does not hold this answer."""


class RateLimited(SourceError):
    """429 that outlasted the retries: a spent allowance, not a burst. Callers may fall back."""


class KeyRefused(SourceError):
    """401/403 naming the key: the API refused the key itself. Nothing else will be asked of this source."""


class ShapeError(ValueError):
    """A well-formed answer that is not the shape its source documents (``results`` not a list, …)."""


class IncompleteBuild(GraphxError):
    """A source failed past its retries during a build. What was fetched is cached and the files are written,
    but the graph lacks works; running the same command again fetches only what is missing."""

    exit_code = 3


class OutputError(GraphxError):
    """The output folder or a file in it cannot be written."""


class CacheError(GraphxError):
    """The HTTP cache cannot be used: its file is damaged or its folder cannot be made. Names the path and
    says what to do (move it away, or pass --cache-dir)."""


class SetupError(GraphxError):
    """An optional dependency or tool a command needs is missing; the message says how to install it."""

    exit_code = 4
