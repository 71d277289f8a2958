"""BibTeX encoding time against title length: graphx's encoder (one regular-expression pass per kind of
character) beside pylatexenc's unicode_to_latex, which bibtexparser's LatexEncodingMiddleware uses.

    python benchmarks/bibtex_encoding.py

Prints one row per title length; pylatexenc is run up to 256 KB (its time grows with the square of the
length: 15.9 s on a 1 MB title was measured before graphx stopped using it).
"""
from __future__ import annotations

import time

from pylatexenc.latexencode import unicode_to_latex

from graphx.bibliography import bibtex_escape

UNIT = "Erdős & Kőnig: 50% of {G} -- a_b ~ ^ \\ “quoted” "  # 48 characters, half of them escaped


def seconds(function, text: str) -> float:
    started = time.perf_counter()
    function(text)
    return time.perf_counter() - started


def main() -> None:
    print(f"{'title':>10} {'graphx utf-8 s':>15} {'graphx ascii s':>15} {'pylatexenc s':>13}")
    for size in (16_384, 65_536, 262_144, 1_048_576, 4_194_304):
        text = (UNIT * (size // len(UNIT) + 1))[:size]
        utf8 = seconds(bibtex_escape, text)
        ascii_only = seconds(lambda t: bibtex_escape(t, ascii_only=True), text)
        old = f"{seconds(unicode_to_latex, text):13.3f}" if size <= 262_144 else f"{'-':>13}"
        print(f"{size:>10,} {utf8:15.3f} {ascii_only:15.3f} {old}")


if __name__ == "__main__":
    main()
