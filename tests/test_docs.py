"""The README documents every command of the CLI (as sqlite-utils' test_docs does), and the options of keeping up."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphx.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_the_readme_documents_each_command(command):
    assert f"graphx {command} " in README, f"README.md never shows `graphx {command}`"


@pytest.mark.parametrize("words", ["### Keeping up", "`--max-age AGE`", "`--refresh`", "`build.json`", "`changes.csv`", "triage.csv"])
def test_the_readme_says_how_to_keep_up(words):
    assert words in README
