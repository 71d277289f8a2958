"""Zotero libraries as inputs: ``graphx build zotero:``, ``zotero:collection/NAME`` and ``zotero:tag/NAME``
read through Zotero's API (a local stand-in answering in the web API v3's documented shapes), items with a
DOI resolved by id and the others by title, notes and attachments skipped and counted in resolution.csv."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from click.testing import CliRunner

import graphx
from graphx.cli import main
from graphx.errors import InputError
from graphx.inputs import read_input
from graphx.sources import zotero as zs
from graphx.sources.http import HttpSettings
from tests.support.server import Answer, StandIn
from tests.support.zotero import zotero_handler, zotero_items

PAPERS = 150  # 300 + a note every third paper: 350 records, four pages of 100


@pytest.fixture
def library(turing_works):
    items = zotero_items(turing_works, PAPERS)
    with StandIn(zotero_handler(items)) as server:
        yield server, items


def listing_row(result, label: str):
    return next(r for r in result.resolutions if r.input == label)


def test_a_collection_is_read_page_by_page_and_each_paper_resolved_by_doi_or_title(library, turing_openalex, fast_options):
    server, items = library
    with_doi = sum(1 for i in items if i["data"].get("DOI") or i["data"].get("extra", "").startswith("DOI:"))
    result = graphx.build(
        ["zotero:collection/Reading/Turing"], replace(fast_options, openalex_url=turing_openalex.url, zotero_url=server.url)
    )
    row = listing_row(result, "zotero:collection/Reading/Turing")
    assert (row.status, row.reason) == ("listing", "350 items: 150 papers; skipped 150 attachments, 50 notes")
    papers = [r for r in result.resolutions if r.origin.startswith("zotero:collection/Reading/Turing #")]
    assert len(papers) == 150 and all(r.status == "resolved" for r in papers)
    by_id = [r for r in papers if r.kind != "title"]  # a DOI in its field or in Extra (10.48550 DOIs are arXiv ids)
    assert {r.kind for r in by_id} == {"doi", "arxiv"} and len(by_id) == with_doi == 94
    assert all(r.method != "title match" for r in by_id) and all(r.method == "title match" for r in papers if r.kind == "title")
    pages = [(r.query.get("start"), r.query.get("limit")) for r in server.requests if r.path.endswith("/COLL0002/items")]
    assert pages == [("0", "100"), ("100", "100"), ("200", "100"), ("300", "100")]
    assert all(r.method == "GET" for r in server.requests)  # read-only


def test_a_tag_and_the_whole_library_are_inputs_too(library, turing_openalex, fast_options):
    server, _ = library
    options = replace(fast_options, openalex_url=turing_openalex.url, zotero_url=server.url)
    tagged = graphx.build(["zotero:tag/core"], options)
    assert listing_row(tagged, "zotero:tag/core").reason == "10 items: 10 papers"
    whole = graphx.build(["zotero:"], options)
    assert listing_row(whole, "zotero:library").reason == "350 items: 150 papers; skipped 150 attachments, 50 notes"


def test_retry_after_and_backoff_are_honoured(turing_works, turing_openalex, fast_options, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(zs.time, "sleep", slept.append)
    with StandIn(zotero_handler(zotero_items(turing_works, 120), backoff="3")) as server:
        server.fail_next(Answer(429, "Too many requests", {"Retry-After": "0"}))
        result = graphx.build(["zotero:"], replace(fast_options, openalex_url=turing_openalex.url, zotero_url=server.url))
    assert listing_row(result, "zotero:library").reason == "280 items: 120 papers; skipped 120 attachments, 40 notes"
    backoffs = [s for s in slept if s > 1]  # (time.sleep is patched for every caller; the other waits are short)
    assert len(backoffs) == 2 and all(2.5 < s <= 3 for s in backoffs)  # before the 2nd and 3rd page, as Backoff asked
    assert 0.0 in slept  # the 429's Retry-After: 0, then the page asked again


def test_the_web_api_gets_the_key_in_a_header_and_the_key_is_written_nowhere(turing_works, turing_openalex, fast_options, tmp_path):
    key = "zkey-SECRET-0123456789"
    with StandIn(zotero_handler(zotero_items(turing_works, 20), library="groups/4711", api_key=key)) as server:
        options = replace(
            fast_options, openalex_url=turing_openalex.url, zotero_url=server.url, zotero_key=key, zotero_library="groups/4711"
        )
        result = graphx.build(["zotero:"], options)
        graphx.write_outputs(result, tmp_path / "out")
    assert listing_row(result, "zotero:library").reason == "47 items: 20 papers; skipped 20 attachments, 7 notes"
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and not any(key.encode() in p.read_bytes() for p in written)
    assert key not in repr(options)


def test_the_local_zotero_is_asked_first_then_the_web_api(turing_works, tmp_path, monkeypatch):
    settings = HttpSettings(cache_dir=tmp_path, retries=0, backoff=0.0, timeout=5.0)
    with StandIn(zotero_handler(zotero_items(turing_works, 3))) as local, \
            StandIn(zotero_handler(zotero_items(turing_works, 3), library="users/99", api_key="k")) as web:
        monkeypatch.setattr(zs, "LOCAL_URL", local.url)
        monkeypatch.setattr(zs, "WEB_URL", web.url)
        assert (zs.connect(settings, api_key="k", library_id="99").base_url, len(web.requests)) == (local.url, 0)
        monkeypatch.setattr(zs, "LOCAL_URL", "http://127.0.0.1:9")  # nothing listens: Zotero is not running
        client = zs.connect(settings, api_key="k", library_id="99")
        assert (client.base_url, client.library) == (web.url, "users/99")
        assert len(zs.library_items(client, "library")) == 7  # 3 papers, 3 attachments, 1 note
        with pytest.raises(InputError, match="Allow other applications"):
            zs.connect(settings)


def test_an_offline_build_says_a_zotero_library_is_read_live(library, fast_options):
    server, _ = library
    with pytest.raises(InputError, match="--offline"):
        graphx.build(["zotero:"], replace(fast_options, zotero_url=server.url, offline=True))
    assert server.requests == []


def test_zotero_arguments_are_recognised_and_bad_ones_explained():
    [query] = read_input("zotero:collection/Thesis/Chapter 2")
    assert (query.kind, query.value, query.label) == ("zotero", "collection/Thesis/Chapter 2", "zotero:collection/Thesis/Chapter 2")
    assert "expected zotero:" in read_input("zotero:shelf/x")[0].problem


def test_an_unknown_collection_names_the_ones_there_are(library, fast_options):
    server, _ = library
    result = graphx.build(["zotero:collection/Nope"], replace(fast_options, zotero_url=server.url))
    row = listing_row(result, "zotero:collection/Nope")
    assert row.status == "unresolved" and "no such collection" in row.reason and "Turing" in row.reason


def test_graphx_build_zotero_on_the_command_line_reports_each_item(library, turing_openalex, tmp_path):
    server, _ = library
    out = tmp_path / "out"
    done = CliRunner().invoke(
        main,
        ["build", "zotero:tag/core", "--out", str(out), "--depth", "0", "-q", "--cache-dir", str(tmp_path / "c")],
        env={"GRAPHX_ZOTERO_URL": server.url, "GRAPHX_OPENALEX_URL": turing_openalex.url},
    )
    assert done.exit_code == 0, done.output
    rows = pd.read_csv(out / "resolution.csv")
    assert list(rows["status"]) == ["listing"] + ["resolved"] * 10
    assert rows["reason"].iloc[0] == "10 items: 10 papers"
