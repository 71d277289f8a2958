"""Inputs → `Query` records: identifiers by form (ids.py), files (files.py), pasted listings (listing.py)."""
from graphx.inputs.files import read_input
from graphx.inputs.ids import detect_query

__all__ = ["read_input", "detect_query"]
