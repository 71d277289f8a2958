"""Counts in words: "1 paper", "2 papers", "1,008 papers" — what every summary and progress line says."""
from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """`count` and `noun`, plural unless the count is one (`plural` for an irregular one), thousands separated.

    >>> counted(1, "paper"), counted(0, "paper"), counted(1008, "paper"), counted(2, "query", "queries")
    ('1 paper', '0 papers', '1,008 papers', '2 queries')
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


__all__ = ["counted"]
