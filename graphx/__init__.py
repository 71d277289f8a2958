"""graphx: from a list of papers to an interactive citation graph, its central papers and graph files.

The library and the CLI share one code path::

    import graphx
    graph = graphx.build(["10.1093/mind/lix.236.433"], citations=True, max_papers=300)
    graph.rank(by="pagerank", top=5)           # a DataFrame of the most central papers
    graph.nodes_frame(), graph.edges_frame()   # pandas
    graph.export("turing.gexf", format="gexf") # or graphml, cytoscape, vosviewer, pajek, bibtex, ris, csljson …
    graph.to_html("turing.html")               # in Jupyter, `graph` alone shows the interactive page
    graphx.write_outputs(graph, Path("outputs/turing"))   # everything `graphx build` writes

The public names are loaded on first use (PEP 562), so ``import graphx`` and ``graphx --help`` load no
scientific stack: networkx, pandas, igraph and scikit-learn come in with the first build, load or export.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from graphx.errors import (CacheError, GraphxError, IncompleteBuild, InputError, KeyRefused, OfflineMiss, OutputError, RateLimited, SetupError,
                           SourceError)

__version__ = "0.1.0"

# Where each lazily loaded public name lives.
_LAZY = {
    "BuildOptions": "graphx.config", "options_from_env": "graphx.config",
    "BuildResult": "graphx.citation_graph", "CitationGraph": "graphx.citation_graph", "build": "graphx.build", "write_outputs": "graphx.build",
    "Paper": "graphx.model", "Query": "graphx.model",
}

__all__ = ["BuildOptions", "BuildResult", "CacheError", "CitationGraph", "GraphxError", "IncompleteBuild", "InputError", "KeyRefused", "OfflineMiss",
           "OutputError", "Paper", "Query", "RateLimited", "SetupError", "SourceError", "build", "options_from_env", "write_outputs",
           "__version__"]

if TYPE_CHECKING:
    from graphx.build import build, write_outputs
    from graphx.citation_graph import BuildResult, CitationGraph
    from graphx.config import BuildOptions, options_from_env
    from graphx.model import Paper, Query


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this hook
        return value
    raise AttributeError(f"module 'graphx' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
