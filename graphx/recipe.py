"""How an output folder was made: its recipe (``build.json``), and each paper's ``first_seen`` date.

A build writes its recipe beside the graph so that ``graphx update OUTDIR`` can make it again, asking only
what can have changed since. The recipe holds the inputs (as given, and file inputs as absolute paths), the
options that shape the graph, the sources in order of trust, when each source's answers were fetched, the
graphx version, and the history of updates. Never a key: keys come from the environment at each run.

>>> from graphx.config import BuildOptions
>>> recipe = make_recipe(["10.1093/mind/lix.236.433"], BuildOptions(), {}, "2026-11-30")
>>> recipe["inputs"], recipe["options"]["depth"], recipe["built_at"]
(['10.1093/mind/lix.236.433'], 1, '2026-11-30')
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphx.config import BuildOptions
from graphx.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

RECIPE_FILE = "build.json"
RECIPE_VERSION = 1
# The options that shape the graph; URLs, keys, the cache folder and timeouts belong to the machine.
SHAPING = ("depth", "citations", "max_papers", "sources", "keyword_top_k", "max_age")


def today() -> str:
    """Today's date in UTC, as ``first_seen`` and the recipe write it (``2026-11-30``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def _input_text(item: Any) -> str:
    text = str(getattr(item, "label", item))
    path = Path(text)
    return str(path.resolve()) if text != "-" and path.suffix and path.is_file() else text


def source_dates(usages: Iterable[Any], built_at: str) -> dict[str, dict[str, Any]]:
    """Per source: calls made, answers from the cache, and the dates its answers were fetched (the oldest
    cached answer's, and the build's for the network ones)."""
    dates: dict[str, dict[str, Any]] = {}
    for usage in usages:
        entry: dict[str, Any] = {"calls": usage.total, "from_cache": usage.cached}
        if usage.total:
            entry["fetched"] = built_at
        if getattr(usage, "oldest", None) is not None:
            entry["oldest_cached"] = usage.oldest.strftime("%Y-%m-%d %H:%M")
        dates[usage.source] = entry
    return dates


def make_recipe(inputs: Iterable[Any], options: BuildOptions, sources: dict[str, dict[str, Any]], built_at: str,
                history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The recipe of one build (a plain dict, written as build.json)."""
    from graphx import __version__

    shaping = {name: getattr(options, name) for name in SHAPING}
    shaping["sources"] = list(shaping["sources"])
    return {
        "recipe_version": RECIPE_VERSION,
        "graphx_version": __version__,
        "built_at": built_at,
        "inputs": [_input_text(item) for item in inputs],
        "options": shaping,
        "offline": options.offline,
        "sources": sources,
        "history": list(history or []) + [{"date": built_at, "kind": "build"}],
    }


def write_recipe(folder: Path, recipe: dict[str, Any]) -> Path:
    """Write `recipe` as ``folder/build.json`` (atomically); returns the path."""
    from graphx.atomic import write_text_atomic

    folder.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(folder / RECIPE_FILE, json.dumps(recipe, indent=2, ensure_ascii=False) + "\n")


def read_recipe(folder: Path) -> dict[str, Any]:
    """The recipe saved in `folder`; InputError when there is none (a folder from before recipes, or not
    a graphx output folder)."""
    path = Path(folder) / RECIPE_FILE
    if not path.is_file():
        raise InputError(f"{folder}: no {RECIPE_FILE} (only folders written by `graphx build` of this version "
                         "can be updated; build it again once)")
    try:
        recipe = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise InputError(f"{path}: cannot read the recipe ({error})") from None
    if not isinstance(recipe, dict) or not isinstance(recipe.get("options"), dict) or not recipe.get("built_at"):
        raise InputError(f"{path}: not a graphx recipe (expected inputs, options and built_at)")
    return recipe


def options_of(recipe: dict[str, Any], options: BuildOptions) -> BuildOptions:
    """`options` (URLs, keys, cache from this run's environment) with the recipe's graph-shaping options."""
    saved = {k: v for k, v in recipe["options"].items() if k in SHAPING}
    if "sources" in saved:
        saved["sources"] = tuple(saved["sources"])
    return replace(options, **saved)


def previous_first_seen(folder: Path) -> dict[str, str]:
    """``first_seen`` of every paper of the graph already in `folder` (empty when there is none), so that a
    rebuild into the same folder keeps the date each paper first entered."""
    path = Path(folder) / "graph.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(n["id"]): str(n["first_seen"]) for n in data.get("nodes", []) if isinstance(n, dict) and n.get("first_seen")}
    except (ValueError, OSError, KeyError, TypeError, AttributeError):
        return {}


def stamp_first_seen(graph: nx.MultiDiGraph, date: str, previous: dict[str, str] | None = None) -> None:
    """Give every node its ``first_seen``: the date in `previous` (or already on it), else `date`.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("W1"); g.add_node("W2")
    >>> stamp_first_seen(g, "2026-11-30", {"W1": "2026-11-01"}); [g.nodes[n]["first_seen"] for n in g]
    ['2026-11-01', '2026-11-30']
    """
    previous = previous or {}
    for node, data in graph.nodes(data=True):
        data["first_seen"] = previous.get(node) or data.get("first_seen") or date
