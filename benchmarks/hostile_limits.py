"""What the limits on hostile answers cost: peak memory and time for a gzip bomb, an oversized body, a trickling
body and trickling headers, each served by a loopback stand-in and read through graphx's own HTTP client.

    python benchmarks/hostile_limits.py

Prints one row per fault: what graphx said, how long it took, and the peak memory Python allocated while
graphx read it (tracemalloc, all threads: the stand-in's own sending included).
"""
from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphx.errors import SourceError  # noqa: E402
from graphx.sources.http import HttpSettings, fetch_json, make_session  # noqa: E402
from tests.support.server import Answer, StandIn  # noqa: E402


def gzip_bomb(decompressed: int) -> bytes:
    """A gzip body of `decompressed` bytes of JSON-looking zeros, about a thousandth of that compressed."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b'{"results": ["')]
    block = b"0" * (1 << 20)
    for _ in range(decompressed // len(block)):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b'"]}'))
    parts.append(packer.flush())
    return b"".join(parts)


def main() -> None:
    bomb = gzip_bomb(2 * 1024**3)
    faults = {
        f"gzip bomb ({len(bomb) / 1e6:.1f} MB → 2 GB)": Answer(200, bomb, {"Content-Encoding": "gzip"}),
        "300 MB body": Answer(200, b'{"results": ["' + b"x" * (300 * 1024**2) + b'"]}'),
        "body trickled a byte every 0.5 s": Answer(200, {"results": []}, trickle=0.5),
        "headers trickled a line every 2 s": Answer(200, {"results": []}, slow_headers=2.0),
    }
    print(f"{'fault':40} {'seconds':>8} {'peak MB':>8}  what graphx said")
    with tempfile.TemporaryDirectory() as cache:
        settings = HttpSettings(cache_dir=Path(cache), retries=0, backoff=0.0, timeout=5.0, deadline=5.0)
        for name, answer in faults.items():
            with StandIn(lambda request, answer=answer: answer) as server, make_session(settings) as session:
                tracemalloc.start()
                started = time.monotonic()
                try:
                    fetch_json(session, settings, source="openalex", method="GET", url=server.url + "/works")
                    said = "(answered)"
                except SourceError as error:
                    said = str(error).replace(server.url, "URL")
                seconds = time.monotonic() - started
                peak = tracemalloc.get_traced_memory()[1] / 1024**2
                tracemalloc.stop()
                print(f"{name:40} {seconds:8.1f} {peak:8.0f}  {said[:110]}")
            del answer
        faults.clear()


if __name__ == "__main__":
    main()
