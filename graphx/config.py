"""Build options, and reading them from the environment at the CLI/API edge (never deeper)."""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from graphx.errors import InputError
from graphx.sources.limits import ARXIV_INTERVAL

# Each API's public address, declared here once: the source clients take their default from this table, and
# GRAPHX_<NAME>_URL overrides it (options_from_env). Kept free of imports so `graphx --help` loads no client.
DEFAULT_URLS = {
    "openalex": "https://api.openalex.org",
    "s2": "https://api.semanticscholar.org/graph/v1",
    "crossref": "https://api.crossref.org",
    "arxiv": "https://export.arxiv.org/api",
    "opencitations": "https://api.opencitations.net/index/v2",
    "hf": "https://huggingface.co",
}

# The sources, in the order of trust (graphx.sources.registry): name → the client class that speaks to it,
# imported only when a build connects. Adding a source is its module plus one line here. Listing sources read
# inputs (a daily listing, a Zotero library) rather than works, and are connected when an input names them.
SOURCES = {
    "openalex": "graphx.sources.openalex:OpenAlexClient",
    "s2": "graphx.sources.semanticscholar:S2Client",
    "crossref": "graphx.sources.crossref:CrossrefClient",
    "arxiv": "graphx.sources.arxiv:ArxivClient",
    "opencitations": "graphx.sources.opencitations:OpenCitationsClient",
    "hf": "graphx.sources.huggingface:HFClient",
    "zotero": "graphx.sources.zotero:ZoteroClient",
}
LISTINGS = ("hf", "zotero")
KNOWN_SOURCES = tuple(name for name in SOURCES if name not in LISTINGS)  # what --sources may name


def known_sources() -> tuple[str, ...]:
    """The names --sources may give, read from `SOURCES` as it is now (a test may add a line to it)."""
    return tuple(name for name in SOURCES if name not in LISTINGS)
# No key needed for any of these. OpenAlex builds the neighbourhood; Semantic Scholar and arXiv fill its gaps
# (references of preprints, missing abstracts, papers it does not know) with batched calls. Crossref adds
# little OpenAlex has not ingested, and OpenCitations costs one call per paper: both on request.
DEFAULT_SOURCES = ("openalex", "s2", "arxiv")


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build needs besides its inputs. Keys live here in memory only, never written."""

    depth: int = 1
    citations: bool = False
    max_papers: int = 1000
    sources: tuple[str, ...] = DEFAULT_SOURCES
    offline: bool = False
    cache_dir: Path = field(default_factory=lambda: default_cache_dir())
    openalex_url: str = DEFAULT_URLS["openalex"]
    s2_url: str = DEFAULT_URLS["s2"]
    crossref_url: str = DEFAULT_URLS["crossref"]
    arxiv_url: str = DEFAULT_URLS["arxiv"]
    opencitations_url: str = DEFAULT_URLS["opencitations"]
    hf_url: str = DEFAULT_URLS["hf"]
    urls: Mapping[str, str] = field(default_factory=dict)  # base URLs of sources with no field above, by name
    openalex_key: str = field(default="", repr=False)
    s2_key: str = field(default="", repr=False)
    zotero_url: str = ""  # empty: Zotero's local API, else its web API (graphx.sources.zotero.connect)
    zotero_key: str = field(default="", repr=False)
    zotero_library: str = ""
    mailto: str = ""
    s2_interval: float | None = None
    arxiv_interval: float = ARXIV_INTERVAL
    retries: int = 4
    backoff: float = 0.5
    max_wait: float = 60.0
    timeout: float = 30.0
    keyword_top_k: int = 5
    max_age: float = 7 * 24 * 3600.0  # seconds a list answer (citing works, searches) is trusted (a week); records keep
    refresh: bool = False  # ask every source afresh (each answer once per run), whatever the cache holds

    def __post_init__(self) -> None:
        """Read options as the CLI gives them, and refuse options no build can run with, in the words the CLI
        prints (the CLI checks nothing itself): one code path for ``graphx build`` and ``graphx.build()``.

        `sources` may be a comma string (``"openalex,s2"``, ``"all"``) or a sequence of names, `max_age` a
        text such as ``"7d"`` or ``"12h"`` or a number of seconds, `cache_dir` a string; each is stored in its one form.

        >>> options = BuildOptions(sources="all", max_age="12h", cache_dir="cache")
        >>> options.sources[:2], options.max_age, options.cache_dir
        (('openalex', 's2'), 43200.0, PosixPath('cache'))
        """
        object.__setattr__(self, "sources", parse_sources(self.sources))
        if isinstance(self.max_age, str):
            object.__setattr__(self, "max_age", parse_age(self.max_age))
        if isinstance(self.cache_dir, str):
            object.__setattr__(self, "cache_dir", Path(self.cache_dir))
        for name, low, high in LIMITS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                flag = "--" + name.replace("_", "-")
                raise InputError(f"{flag} {value!r}: expected a number from {low:,} to {high:,}")


AGE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def age_text(seconds: float) -> str:
    """Seconds in whole days, hours, minutes or seconds, as `parse_age` reads them: what a default is shown as.

    >>> age_text(604800.0), age_text(43200), age_text(90)
    ('7d', '12h', '90s')
    """
    unit = next((u for u in "dhm" if seconds and seconds % AGE_UNITS[u] == 0), "s")
    return f"{seconds / AGE_UNITS[unit]:g}{unit}"


def parse_age(text: str) -> float:
    """``"7d"``, ``"12h"``, ``"2w"``, ``"30m"``, ``"0"`` or a number of seconds → seconds.

    >>> parse_age("7d"), parse_age("12h"), parse_age("90")
    (604800.0, 43200.0, 90.0)
    """
    value = text.strip().lower()
    unit = AGE_UNITS.get(value[-1:], 0) if value else 0
    number = value[:-1] if unit else value
    try:
        seconds = float(number) * (unit or 1)
    except ValueError:
        raise InputError(f"--max-age {text!r}: expected a number with s, m, h, d or w (7d, 12h)") from None
    if seconds < 0:
        raise InputError(f"--max-age {text!r}: an age cannot be negative")
    return seconds


# The range of each numeric option: the library's, which the CLI shows as its own.
LIMITS = (
    ("depth", 0, 3),
    ("max_papers", 1, 100_000),
    ("retries", 0, 20),
    ("backoff", 0, 60),
    ("max_wait", 0, 3600),
    ("timeout", 0.1, 600),
    ("arxiv_interval", 0, 60),
    ("keyword_top_k", 1, 100),
    ("max_age", 0, 10 * 365 * 86400),
)


def default_cache_dir() -> Path:
    """The user's cache folder for graphx (``~/.cache/graphx`` on Linux), as platformdirs names it per OS."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("graphx"))


def parse_sources(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"openalex,s2"`` (or the sequence ``["openalex", "s2"]``) → ("openalex", "s2"), in the order given (the
    order of trust); ``all`` names every source. Unknown names, or a list without openalex or s2 (one of them
    builds the neighbourhood), are an InputError.

    >>> parse_sources("OpenAlex, semanticscholar, OpenCitations")
    ('openalex', 's2', 'opencitations')
    >>> parse_sources("all"), parse_sources(["s2", "openalex"])
    (('openalex', 's2', 'crossref', 'arxiv', 'opencitations'), ('s2', 'openalex'))
    """
    if not isinstance(text, str):
        if not all(isinstance(name, str) for name in text):
            raise InputError(f"--sources {text!r}: expected a comma list or a sequence of source names")
        text = ",".join(text)
    known = known_sources()
    aliases = {name: name for name in known} | {"semanticscholar": "s2", "semantic_scholar": "s2", "oc": "opencitations"}
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if names == ["all"]:
        return known
    unknown = [n for n in names if n not in aliases]
    if unknown or not names:
        raise InputError(
            f"--sources {text!r}: unknown source {', '.join(unknown) or '(none)'} (expected all, or a comma list of: {', '.join(known)})"
        )
    chosen = tuple(dict.fromkeys(aliases[n] for n in names))
    if not {"openalex", "s2"} & set(chosen):
        raise InputError(f"--sources {text!r}: needs openalex or s2 (one of them builds the neighbourhood; the others fill its gaps)")
    return chosen


def options_from_env(env: Mapping[str, str] | None = None, **overrides) -> BuildOptions:
    """BuildOptions with URLs, keys and default sources (``GRAPHX_SOURCES``) from the environment, then
    `overrides` (None values ignored)."""
    env = os.environ if env is None else env
    options = BuildOptions(
        openalex_url=env.get("GRAPHX_OPENALEX_URL") or DEFAULT_URLS["openalex"],
        s2_url=env.get("GRAPHX_S2_URL") or DEFAULT_URLS["s2"],
        crossref_url=env.get("GRAPHX_CROSSREF_URL") or DEFAULT_URLS["crossref"],
        arxiv_url=env.get("GRAPHX_ARXIV_URL") or DEFAULT_URLS["arxiv"],
        opencitations_url=env.get("GRAPHX_OPENCITATIONS_URL") or DEFAULT_URLS["opencitations"],
        hf_url=env.get("GRAPHX_HF_URL") or DEFAULT_URLS["hf"],
        openalex_key=env.get("OPENALEX_API_KEY", ""),
        s2_key=env.get("S2_API_KEY", ""),
        zotero_url=env.get("GRAPHX_ZOTERO_URL", ""),
        zotero_key=env.get("ZOTERO_API_KEY", ""),
        zotero_library=env.get("ZOTERO_LIBRARY_ID", ""),
        mailto=env.get("GRAPHX_MAILTO", ""),
        # A source added to SOURCES without a field of its own still takes its address from GRAPHX_<NAME>_URL.
        urls={name: env[f"GRAPHX_{name.upper()}_URL"] for name in SOURCES
              if f"GRAPHX_{name.upper()}_URL" in env and f"{name}_url" not in {f.name for f in fields(BuildOptions)}},
    )
    if env.get("GRAPHX_CACHE_DIR"):
        options = replace(options, cache_dir=Path(env["GRAPHX_CACHE_DIR"]))
    if env.get("GRAPHX_SOURCES"):
        options = replace(options, sources=env["GRAPHX_SOURCES"])
    return replace(options, **{k: v for k, v in overrides.items() if v is not None})
