"""The registry of sources: every client has the one `Source` shape, the registry asks them in trust order
through one identifier cascade, and a source added in one file and one registry line takes part in a build
(resolving and expanding) with no change to resolve, expand or gaps.

The added source is OpenCitations' retired COCI v1 API (tests/support/coci.py), served by a stand-in that
replays its real recorded metadata answer (tests/data/api/opencitations/citecorp/, PROVENANCE.md).
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

import graphx
from graphx import config
from graphx.model import Paper, normalise_doi
from graphx.sources.base import Source, SourceBase, offers
from graphx.sources.registry import Registry, source_class
from tests.support.server import Answer, Request, StandIn

RECORDED = Path(__file__).parent / "data" / "api" / "opencitations" / "citecorp" / "oc_coci_meta_many_dois.yml"
PERONI = "10.1108/jd-12-2013-0166"
KOMMAGANI = "10.1371/journal.pgen.1005937"


def recorded_rows() -> list[dict]:
    [interaction] = yaml.safe_load(RECORDED.read_text(encoding="utf-8"))["http_interactions"]
    return json.loads(interaction["response"]["body"]["string"])


def coci_and_an_empty_openalex(rows: list[dict]):
    """COCI's metadata calls answered from the recording (the rows of the DOIs asked that it holds); OpenAlex
    knows none of these works."""

    def handle(request: Request) -> Answer:
        if request.path == "/openalex/works":
            return Answer(200, {"meta": {"count": 0, "page": 1, "per_page": 100}, "results": []})
        if request.path.startswith("/coci/metadata/"):
            asked = request.path[len("/coci/metadata/"):].lower().split("__")
            return Answer(200, [row for row in rows if row["doi"] in asked])
        return Answer(404, {"error": "not found"})

    return handle


def test_every_source_of_the_table_has_the_source_shape():
    for name in config.SOURCES:
        cls = source_class(name)
        assert issubclass(cls, SourceBase) and cls.name == name and cls.label
        assert all(hasattr(cls, attribute) for attribute in ("kinds", "id_kind", "prices", "lookup", "search", "connect"))
    lookups = [name for name in config.SOURCES if source_class(name).kinds]
    assert lookups == ["openalex", "s2", "crossref", "arxiv"]
    assert [n for n in config.SOURCES if offers(source_class(n), "neighbourhood")] == ["openalex", "s2"]
    assert [n for n in config.SOURCES if source_class(n).lists] == ["hf", "zotero"]


def test_the_cascade_asks_each_source_only_about_what_the_ones_before_it_did_not_find():
    class Listed(SourceBase):
        """A source holding given records, noting what it was asked."""

        kinds = ("doi", "arxiv")

        def __init__(self, name: str, papers: list[Paper]) -> None:
            self.name, self.papers, self.asked, self.usage = name, papers, [], None

        def lookup(self, kind, values):
            self.asked.append((kind, list(values)))
            return [p for p in self.papers if getattr(p, kind) in values]

    first = Listed("first", [Paper(id="W1", doi="10.1/a")])
    second = Listed("second", [Paper(id="s2:b", doi="10.1/b"), Paper(id="s2:a", doi="10.1/a")])
    unchosen = Listed("unchosen", [Paper(id="x", arxiv="2401.00001")])
    assert isinstance(first, Source)
    found = Registry([first, second, unchosen], ("first", "second")).find([("doi", "10.1/a"), ("doi", "10.1/b"), ("arxiv", "2401.00001")])
    assert {k: p.id for k, p in found.records.items()} == {("doi", "10.1/a"): "W1", ("doi", "10.1/b"): "s2:b"}
    assert found.sources == {("doi", "10.1/a"): "first", ("doi", "10.1/b"): "second"}
    assert second.asked == [("doi", ["10.1/b"]), ("arxiv", ["2401.00001"])] and unchosen.asked == []


@pytest.fixture
def with_coci(monkeypatch):
    """COCI registered: the one line a new source adds to the table."""
    monkeypatch.setitem(config.SOURCES, "coci", "tests.support.coci:CociClient")


def test_a_source_added_in_one_file_and_one_line_resolves_and_expands_a_build(with_coci, fast_options):
    rows = recorded_rows()
    with StandIn(coci_and_an_empty_openalex(rows)) as server:
        options = replace(fast_options, sources=("openalex", "coci"), openalex_url=f"{server.url}/openalex",
                          urls={"coci": f"{server.url}/coci"})
        result = graphx.build([PERONI, KOMMAGANI], options)
    assert [(r.status, r.source, r.method) for r in result.resolutions] == [("resolved", "coci", "doi")] * 2
    peroni = result.graph.nodes[f"doi:{PERONI}"]
    assert peroni["title"] == "Setting Our Bibliographic References Free: Towards Open Citation Data"
    assert (peroni["year"], peroni["sources"], peroni["references_known"]) == (2015, "coci", 37)
    # Expanding: the works the seeds cite were asked of the chosen sources in trust order (OpenAlex, then
    # COCI in batches of 50 DOIs); the recording holds none of them, as the real COCI held the two asked.
    cited = {normalise_doi(d) for row in rows for d in row["reference"].split("; ")}
    asked = [unquote(p) for r in server.requests if r.path.startswith("/coci/metadata/") for p in r.path.split("/metadata/")[1].split("__")]
    assert set(asked) == cited | {PERONI, KOMMAGANI} and len(cited) == 37 + 58
    # the two seeds in one call to resolve them (asked again to fill their gaps: from the cache), their 95
    # references in two
    coci = next(u for u in result.usage if u.source == "coci")
    assert (coci.calls, coci.cached) == ({"metadata": 3}, 1)
    assert not [r for r in server.requests if r.path.startswith("/openalex/works/")]  # no single lookups: nothing is thorough there


def test_resolve_expand_and_gaps_name_no_source_and_reach_into_no_client():
    root = Path(graphx.__file__).parent
    clients = sorted({path.partition(":")[0] for path in config.SOURCES.values()})
    for module in ("resolve.py", "expand.py", "gaps.py"):
        text = (root / module).read_text(encoding="utf-8")
        assert [c for c in clients if c in text] == [], module
        assert re.findall(r"\._(?:get|call|query)\(|\.uses\(\"|\bprimary ==|\.name == ", text) == [], module
