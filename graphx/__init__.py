"""graphx: from a list of papers to an interactive citation graph, its central papers and graph files.

The library and the CLI share one code path::

    import graphx
    graph = graphx.build(["10.1093/mind/lix.236.433"], citations=True, max_papers=300)
    graph.rank(by="pagerank", top=5)           # a DataFrame of the most central papers
    graph.nodes_frame(), graph.edges_frame()   # pandas
    graph.export("turing.gexf", format="gexf") # or graphml, cytoscape, vosviewer, pajek, bibtex, ris, csljson …
    graph.to_html("turing.html")               # in Jupyter, `graph` alone shows the interactive page
    graphx.write_outputs(graph, Path("outputs/turing"))   # everything `graphx build` writes

Keeping up with a map (see the README's "Keeping up")::

    updated = graphx.CitationGraph.load("outputs/lib").update()   # only what can have changed is asked
    print(updated.changes.summary()); graphx.write_update(updated, Path("outputs/lib"))
    ranked = graphx.triage(["hf:2025-11-20"], against="outputs/lib")   # today's papers by their ties to the map
    print(ranked.text()); graphx.write_triage(ranked, Path("outputs/lib/today"))

``import graphx`` loads no scientific or HTTP stack: networkx, pandas, igraph, scikit-learn and requests come
in with the first build, load or export, imported by the function that needs them.
"""
from __future__ import annotations

from graphx.errors import (
                           CacheError,
                           GraphxError,
                           IncompleteBuild,
                           InputError,
                           KeyRefused,
                           OfflineMiss,
                           OutputError,
                           RateLimited,
                           SetupError,
                           SourceError,
)

__version__ = "0.1.0"

from graphx.build import build  # noqa: E402  (after __version__, which the HTTP client's user agent reads)
from graphx.citation_graph import BuildResult, CitationGraph  # noqa: E402
from graphx.config import BuildOptions, options_from_env  # noqa: E402
from graphx.model import Paper, Query  # noqa: E402
from graphx.outputs import write_outputs  # noqa: E402
from graphx.triage import triage, write_triage  # noqa: E402  (the function shadows its module's name, as intended)
from graphx.update import write_update  # noqa: E402

__all__ = [
    "BuildOptions",
    "BuildResult",
    "CacheError",
    "CitationGraph",
    "GraphxError",
    "IncompleteBuild",
    "InputError",
    "KeyRefused",
    "OfflineMiss",
    "OutputError",
    "Paper",
    "Query",
    "RateLimited",
    "SetupError",
    "SourceError",
    "build",
    "options_from_env",
    "triage",
    "write_outputs",
    "write_triage",
    "write_update",
    "__version__",
]
