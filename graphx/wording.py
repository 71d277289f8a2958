"""Text for a terminal: counts in words ("1 paper", "1,008 papers") and titles shortened at a word, with "…"."""
from __future__ import annotations

import textwrap


def counted(count: int, noun: str, plural: str = "") -> str:
    """`count` and `noun`, plural unless the count is one (`plural` for an irregular one), thousands separated.

    >>> counted(1, "paper"), counted(0, "paper"), counted(1008, "paper"), counted(2, "query", "queries")
    ('1 paper', '0 papers', '1,008 papers', '2 queries')
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def shortened(text: object, limit: int = 80) -> str:
    """`text` on one line, cut at the last whole word that fits in `limit` characters and ended by "…" when cut
    (a single word longer than the limit is cut inside it).

    >>> shortened("Scaling Laws for Neural Language Models", 30), shortened("Short title", 30), shortened("Pneumonoultramicroscopic", 10)
    ('Scaling Laws for Neural…', 'Short title', 'Pneumonou…')
    """
    line = " ".join(str(text).split())
    if len(line) <= limit:
        return line
    cut = textwrap.shorten(line, limit, placeholder="…")
    return cut if cut != "…" else line[: limit - 1] + "…"


__all__ = ["counted", "shortened"]
