"""Rendering the graph as one self-contained interactive page."""
from graphx.render.page import render_page, write_page

__all__ = ["render_page", "write_page"]
