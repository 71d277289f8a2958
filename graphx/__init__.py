"""graphx: from a list of papers to an interactive citation graph, its central papers and graph files."""
__version__ = "0.1.0"
