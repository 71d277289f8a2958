"""Debian's chromium as the page benchmarks open it: headless, no GPU, no background traffic, so the times
measure the page and not the browser's own start-up chores."""
from __future__ import annotations

import os

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def launch(playwright):
    """A headless /usr/bin/chromium (never a downloaded one), after printing the machine's load beside it."""
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
