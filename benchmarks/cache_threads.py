"""The HTTP cache under concurrent use: threads reading and writing recorded answers through several cache
objects on one file (as a build's sources' sessions do), in one or more processes (as builds sharing a cache
do). Prints, per process, the operations a second and how many ended in a false "cache … is damaged" or a
warning. Every count but the first column should be 0.

    python benchmarks/cache_threads.py                          # 16 threads, 2 cache objects, 100 rounds, 1 process
    python benchmarks/cache_threads.py --threads 16 --caches 2 --rounds 400 --processes 2
    PYTHONPATH=/path/to/other/checkout python benchmarks/cache_threads.py   # compare another graphx

One round of one thread is one write (every third round) or a read and a lookup (the others), of the answer
`(7 × round + thread) mod N` among the N recorded JSON answers in tests/data/api.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import tempfile
import threading
import time
from pathlib import Path

RECORDED = sorted((Path(__file__).resolve().parent.parent / "tests" / "data" / "api").rglob("*.json"))


def recorded_answers(url: str) -> list:
    import requests

    return [requests.get(f"{url}/{n}", timeout=10) for n in range(len(RECORDED))]


def serve(ready, stop, port) -> None:
    """A loopback server of the recorded answers, in its own process."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    bodies = [path.read_bytes() for path in RECORDED]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = bodies[int(self.path.strip("/"))]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port.value = server.server_address[1]
    ready.set()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop.wait()
    server.shutdown()


def hammer(cache_dir: str, url: str, threads: int, caches: int, rounds: int, start, results) -> None:
    """One process: `threads` threads over `caches` cache objects on one file; puts (ops, seconds, damaged,
    other errors, warnings) on `results`."""
    from graphx.errors import CacheError
    from graphx.sources.http import HttpSettings, make_session

    warnings: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    logging.getLogger("graphx").addHandler(Keep(logging.WARNING))
    answers = recorded_answers(url)
    objects = [make_session(HttpSettings(cache_dir=Path(cache_dir))).cache for _ in range(caches)]
    damaged, errors, done, lock = [0], [0], [0], threading.Lock()
    barrier = threading.Barrier(threads)

    def work(thread: int) -> None:
        cache = objects[thread % caches]
        ops = 0
        barrier.wait()
        for i in range(rounds):
            answer = answers[(7 * i + thread) % len(answers)]
            key = cache.create_key(answer.request)
            try:
                if i % 3 == 0:
                    cache.save_response(answer, key)
                    ops += 1
                else:
                    cache.get_response(key)
                    cache.contains(key=key)
                    ops += 2
            except CacheError as error:
                with lock:
                    damaged[0] += 1
                    warnings.append(f"damaged: {error}")
            except Exception:  # noqa: BLE001  (counted: any other error is one too many)
                with lock:
                    errors[0] += 1
        with lock:
            done[0] += ops

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    start.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    for text in warnings[:3]:
        print(text, flush=True)
    results.put((done[0], seconds, damaged[0], errors[0], len(warnings) - damaged[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--caches", type=int, default=2, help="cache objects (sessions) per process")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    ready, stop, port = context.Event(), context.Event(), context.Value("i", 0)
    server = context.Process(target=serve, args=(ready, stop, port))
    server.start()
    ready.wait()
    with tempfile.TemporaryDirectory() as cache_dir:
        start, results = context.Event(), context.Queue()
        url = f"http://127.0.0.1:{port.value}"
        runs = [context.Process(target=hammer, args=(cache_dir, url, args.threads, args.caches, args.rounds, start, results))
                for _ in range(args.processes)]
        for run in runs:
            run.start()
        time.sleep(1.0)  # let every process import graphx and open its caches before they start together
        start.set()
        rows = [results.get(timeout=600) for _ in runs]
        for run in runs:
            run.join()
    stop.set()
    server.join()
    print(f"{args.processes} process(es) × {args.threads} threads over {args.caches} cache objects, {args.rounds} rounds each")
    print(f"{'process':>7} {'ops/s':>8} {'seconds':>8} {'damaged':>8} {'errors':>7} {'warnings':>9}")
    for n, (ops, seconds, damaged, errors, warnings) in enumerate(rows, 1):
        print(f"{n:>7} {ops / seconds:>8.0f} {seconds:>8.2f} {damaged:>8} {errors:>7} {warnings:>9}")


if __name__ == "__main__":
    main()
