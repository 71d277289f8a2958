"""graphx: from a list of papers to an interactive citation graph, its central papers and graph files.

The library and the CLI share one code path::

    from graphx import build, write_outputs, BuildOptions
    result = build(["10.1093/mind/lix.236.433"], BuildOptions(citations=True, max_papers=300))
    result.top(5)                      # the most central papers, with their scores
    write_outputs(result, Path("outputs/turing"))
"""
__version__ = "0.1.0"

from graphx.build import BuildResult, build, write_outputs  # noqa: E402  (after __version__, which sources use)
from graphx.config import BuildOptions, options_from_env  # noqa: E402
from graphx.model import Paper, Query  # noqa: E402

__all__ = ["BuildOptions", "BuildResult", "Paper", "Query", "build", "options_from_env", "write_outputs", "__version__"]
