"""Shared fixtures: local stand-in servers, fast HTTP settings, real data paths. Nothing reaches the internet."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from graphx.config import BuildOptions
from graphx.replay import demo_record_path
from graphx.sources.http import HttpSettings, make_session
from tests.support.openalex import openalex_handler, synthetic_corpus, works_from_s2_recording
from tests.support.server import StandIn

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"


API_ENVIRONMENT = ("OPENALEX_API_KEY", "S2_API_KEY", "GRAPHX_OPENALEX_URL", "GRAPHX_S2_URL", "GRAPHX_CROSSREF_URL",
                   "GRAPHX_ARXIV_URL", "GRAPHX_OPENCITATIONS_URL", "GRAPHX_HF_URL", "GRAPHX_MAILTO", "GRAPHX_CACHE_DIR",
                   "GRAPHX_ZOTERO_URL", "ZOTERO_API_KEY", "ZOTERO_LIBRARY_ID")


@pytest.fixture(autouse=True)
def no_api_environment(monkeypatch):
    """Tests never see a developer's real keys or URLs, and builds ask OpenAlex alone unless a test names
    more sources (each multi-source test points every source it uses at a stand-in)."""
    for name in API_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GRAPHX_SOURCES", "openalex")


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Any attempt to resolve a host other than the loopback fails at once, naming the host: a test that
    would reach the internet fails loudly instead of waiting on DNS."""
    real = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise socket.gaierror(f"tests never reach the internet (asked for {host})")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)


@pytest.fixture
def settings(tmp_path) -> HttpSettings:
    """HTTP settings that retry at once, so fault tests run fast."""
    return HttpSettings(cache_dir=tmp_path / "cache", retries=3, backoff=0.0, max_wait=5.0, timeout=5.0)


@pytest.fixture
def session(settings):
    s = make_session(settings)
    yield s
    s.close()


@pytest.fixture(scope="session")
def turing_works() -> list[dict]:
    return works_from_s2_recording(demo_record_path())


@pytest.fixture
def turing_openalex(turing_works):
    with StandIn(openalex_handler(turing_works)) as server:
        yield server


@pytest.fixture(scope="session")
def synthetic_works() -> list[dict]:
    return synthetic_corpus(1200)


@pytest.fixture
def synthetic_openalex(synthetic_works):
    with StandIn(openalex_handler(synthetic_works)) as server:
        yield server


@pytest.fixture
def fast_options(tmp_path) -> BuildOptions:
    return BuildOptions(cache_dir=tmp_path / "cache", retries=3, backoff=0.0, max_wait=5.0, timeout=5.0, s2_interval=0.0,
                        arxiv_interval=0.0, sources=("openalex",))


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    """The demo's map (Turing 1950, its references and 1,000 citing papers) as `graphx demo` writes it and
    `CitationGraph.load` reads it back: built once per test module."""
    from click.testing import CliRunner

    from graphx import CitationGraph
    from graphx.cli import main

    folder = tmp_path_factory.mktemp("demo") / "demo"
    done = CliRunner().invoke(main, ["demo", "--out", str(folder), "-q"])
    assert done.exit_code == 0, done.output
    return CitationGraph.load(folder)
