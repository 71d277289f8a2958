"""Bad input, file by file: a clear one-line error naming the input (exit 2) or a per-line outcome in
resolution.csv — never a traceback. The corpus and its expected outcomes are in tests/data/bad/."""
from __future__ import annotations

import csv

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphx.cli import main
from graphx.errors import InputError
from graphx.inputs import read_input
from tests.conftest import DATA

BAD = DATA / "bad"
EXPECTED = list(csv.DictReader((BAD / "expected.csv").open(encoding="utf-8")))


def build_offline(argument: str, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", argument, "--offline", "--out", str(out), "--cache-dir", str(tmp_path / "cache")],
                                env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})
    return result, out


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("graphx: error:")]


@pytest.mark.parametrize("case", EXPECTED, ids=[c["file"] for c in EXPECTED])
def test_each_bad_file_ends_as_its_manifest_says(case, tmp_path):
    result, out = build_offline(str(BAD / case["file"]), tmp_path)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == int(case["exit"]), result.output
    if case["exit"] == "2":
        [line] = error_lines(result.output)
        assert case["outcome"] in line
        assert not out.exists()
        return
    rows = pd.read_csv(out / "resolution.csv", keep_default_na=False).to_dict("records")
    expected = [part.split(": ", 1) for part in case["outcome"].split(" | ")]
    assert len(rows) == len(expected)
    for row, (status, reason) in zip(rows, expected, strict=True):
        assert row["status"] == status and reason in row["reason"], row


def test_every_file_of_the_corpus_has_an_expected_outcome():
    listed = {c["file"] for c in EXPECTED}
    assert listed == {p.name for p in BAD.iterdir()} - {"expected.csv", "README.md"}


def test_a_50_mb_file_is_refused_at_once_with_its_size(tmp_path):
    big = tmp_path / "huge-library.txt"
    line = b"10.1093/mind/lix.236.433\n"
    big.write_bytes(line * (50 * 1024 * 1024 // len(line) + 1))
    result, out = build_offline(str(big), tmp_path)
    assert result.exit_code == 2
    [line] = error_lines(result.output)
    assert "huge-library.txt: file is 50 MB, larger than the 20 MB an input file may be" in line


def test_a_folder_and_a_missing_file_are_named_in_the_error(tmp_path):
    result, _ = build_offline(str(tmp_path), tmp_path)
    assert result.exit_code == 2 and "is a folder, not a file" in error_lines(result.output)[0]
    result, _ = build_offline(str(tmp_path / "missing.bib"), tmp_path)
    assert result.exit_code == 2 and "missing.bib: no such file" in error_lines(result.output)[0]


def test_duplicate_inputs_across_arguments_become_one_node_and_a_duplicate_row(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "Some title of a paper", "some title of a paper!", "--offline", "--out", str(out),
                                       "--cache-dir", str(tmp_path / "cache")], env={"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9"})
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(out / "resolution.csv", keep_default_na=False)
    assert list(rows["status"]) == ["unresolved", "duplicate"]
    assert len(pd.read_csv(out / "nodes.csv")) == 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_no_bytes_in_a_file_crash_the_reader(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "input.txt"
    path.write_bytes(data)
    try:
        queries = read_input(str(path))
    except InputError as error:
        assert "\n" not in str(error) and "input.txt" in str(error)
    else:
        assert queries


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([".bib", ".ris", ".csv", ".tsv"]), st.text(max_size=1500))
def test_no_text_in_a_bibtex_ris_or_csv_file_crashes_the_reader(tmp_path_factory, suffix, text):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        read_input(str(path))
    except InputError as error:
        assert "\n" not in str(error)
