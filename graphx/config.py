"""Build options, and reading them from the environment at the CLI/API edge (never deeper)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from platformdirs import user_cache_dir

from graphx.errors import InputError
from graphx.sources import openalex, semanticscholar

KNOWN_SOURCES = ("openalex", "s2")


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build needs besides its inputs. Keys live here in memory only, never written."""

    depth: int = 1
    citations: bool = False
    max_papers: int = 1000
    sources: tuple[str, ...] = ("openalex",)
    offline: bool = False
    cache_dir: Path = field(default_factory=lambda: Path(user_cache_dir("graphx")))
    openalex_url: str = openalex.DEFAULT_URL
    s2_url: str = semanticscholar.DEFAULT_URL
    openalex_key: str = field(default="", repr=False)
    s2_key: str = field(default="", repr=False)
    mailto: str = ""
    s2_interval: float | None = None
    retries: int = 4
    backoff: float = 0.5
    max_wait: float = 60.0
    timeout: float = 30.0
    keyword_top_k: int = 5


def parse_sources(text: str) -> tuple[str, ...]:
    """``"openalex,s2"`` → ("openalex", "s2"); unknown names are an InputError.

    >>> parse_sources("OpenAlex, semanticscholar")
    ('openalex', 's2')
    """
    aliases = {"semanticscholar": "s2", "semantic_scholar": "s2", "s2": "s2", "openalex": "openalex"}
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in aliases]
    if unknown or not names:
        raise InputError(f"--sources {text!r}: unknown source {', '.join(unknown) or '(none)'} (expected a comma list of: {', '.join(KNOWN_SOURCES)})")
    return tuple(dict.fromkeys(aliases[n] for n in names))


def options_from_env(env: Mapping[str, str] | None = None, **overrides) -> BuildOptions:
    """BuildOptions with URLs and keys from the environment, then `overrides` (None values ignored)."""
    env = os.environ if env is None else env
    options = BuildOptions(
        openalex_url=env.get("GRAPHX_OPENALEX_URL") or openalex.DEFAULT_URL,
        s2_url=env.get("GRAPHX_S2_URL") or semanticscholar.DEFAULT_URL,
        openalex_key=env.get("OPENALEX_API_KEY", ""),
        s2_key=env.get("S2_API_KEY", ""),
        mailto=env.get("GRAPHX_MAILTO", ""),
    )
    if env.get("GRAPHX_CACHE_DIR"):
        options = replace(options, cache_dir=Path(env["GRAPHX_CACHE_DIR"]))
    return replace(options, **{k: v for k, v in overrides.items() if v is not None})
