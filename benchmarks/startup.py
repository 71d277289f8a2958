"""How fast graphx answers before doing any work: `graphx --help` and `import graphx`, best of N runs.

Targets (issue 18): `graphx --help` ≤ 0.3 s and `import graphx` ≤ 0.2 s. Each run is a fresh process, as a
user's shell starts one; the best of N is reported because the slower runs measure the machine's other load.
Also prints the peak memory of `graphx --help`.

    python benchmarks/startup.py            # best of 5
    python benchmarks/startup.py --runs 9
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time


def best_of(command: list[str], runs: int) -> tuple[float, float]:
    """Seconds of the fastest run and the largest resident memory (MB) of any child so far."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return min(times), peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    baseline, _ = best_of([sys.executable, "-c", "pass"], runs)
    rows = [("python -c pass (the floor)", baseline, 0.0, None),
            ("python -c 'import graphx'", *best_of([sys.executable, "-c", "import graphx"], runs), 0.2)]
    # `python -m graphx` runs what the `graphx` script runs (graphx.cli:main) and honours PYTHONPATH, so two
    # checkouts can be compared with one interpreter: PYTHONPATH=../other python benchmarks/startup.py
    help_seconds, help_peak = best_of([sys.executable, "-m", "graphx", "--help"], runs)
    rows.append(("graphx --help", help_seconds, help_peak, 0.3))
    import graphx

    print(f"graphx from {graphx.__file__}; best of {runs} runs")
    print("| command | seconds | peak MB | target | met |\n|---|---|---|---|---|")
    for name, seconds, peak, target in rows:
        met = "" if target is None else ("yes" if seconds <= target else "no")
        print(f"| {name} | {seconds:.3f} | {peak:.0f} | {'' if target is None else f'≤ {target}'} | {met} |")


if __name__ == "__main__":
    main()
