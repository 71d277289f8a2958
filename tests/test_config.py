"""Build options: defaults declared once, checked in the library with the message the CLI prints."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphx.cli import main
from graphx.config import DEFAULT_URLS, BuildOptions, options_from_env
from graphx.errors import InputError
from graphx.sources import arxiv, openalex, semanticscholar


@pytest.mark.parametrize(("field", "value", "message"), [
    ("depth", -3, "--depth -3: expected a number from 0 to 3"),
    ("depth", 4, "--depth 4: expected a number from 0 to 3"),
    ("max_papers", 0, "--max-papers 0: expected a number from 1 to 100,000"),
    ("max_papers", 250_000, "--max-papers 250000: expected a number from 1 to 100,000"),
    ("timeout", -1.0, "--timeout -1.0: expected a number from 0.1 to 600"),
    ("keyword_top_k", "five", "--keyword-top-k 'five': expected a number from 1 to 100"),
])
def test_options_out_of_range_are_refused_by_the_library_with_one_message(field, value, message):
    with pytest.raises(InputError) as refused:
        BuildOptions(**{field: value})
    assert str(refused.value) == message


def test_the_cli_prints_the_library_s_own_message_and_exits_2(tmp_path):
    done = CliRunner().invoke(main, ["build", "10.1093/mind/lix.236.433", "--depth", "-3", "--offline", "--cache-dir", str(tmp_path)])
    assert done.exit_code == 2
    assert done.output.strip() == "graphx: error: --depth -3: expected a number from 0 to 3"


def test_a_source_list_without_openalex_or_s2_is_refused_in_the_library_too():
    with pytest.raises(InputError, match="needs openalex or s2"):
        BuildOptions(sources=("crossref",))
    with pytest.raises(InputError, match="unknown source"):
        BuildOptions(sources=("openalex", "scopus"))


def test_each_api_address_is_declared_once_and_the_clients_take_it_from_there():
    assert openalex.DEFAULT_URL is DEFAULT_URLS["openalex"]
    assert semanticscholar.DEFAULT_URL is DEFAULT_URLS["s2"]
    assert arxiv.DEFAULT_URL is DEFAULT_URLS["arxiv"]
    assert BuildOptions().openalex_url == DEFAULT_URLS["openalex"]


def test_environment_overrides_the_declared_addresses():
    options = options_from_env({"GRAPHX_OPENALEX_URL": "http://127.0.0.1:9/oa", "GRAPHX_S2_URL": "http://127.0.0.1:9/s2"})
    assert (options.openalex_url, options.s2_url, options.crossref_url) == ("http://127.0.0.1:9/oa", "http://127.0.0.1:9/s2",
                                                                          DEFAULT_URLS["crossref"])


def test_a_source_added_to_the_table_takes_its_address_from_the_environment(monkeypatch):
    from graphx import config

    monkeypatch.setitem(config.SOURCES, "coci", "tests.support.coci:CociClient")
    env = {"GRAPHX_COCI_URL": "http://127.0.0.1:9/coci", "GRAPHX_OPENALEX_URL": "http://127.0.0.1:9/oa"}
    options = options_from_env(env, sources=("openalex", "coci"))
    assert options.urls == {"coci": "http://127.0.0.1:9/coci"}  # OpenAlex's address has its own option
    assert options.openalex_url == "http://127.0.0.1:9/oa" and options.sources == ("openalex", "coci")
    with pytest.raises(InputError, match="unknown source"):
        BuildOptions(sources=("openalex", "nowhere"))


def test_the_defaults_of_the_expansion_and_of_http_are_the_build_options_own():
    from graphx.expand import ExpandOptions
    from graphx.sources.http import HttpSettings

    built, reach, http = BuildOptions(), ExpandOptions(), HttpSettings(cache_dir=None)
    assert (reach.depth, reach.citations, reach.max_papers) == (built.depth, built.citations, built.max_papers)
    assert (http.timeout, http.retries, http.backoff, http.max_wait, http.max_age) == \
        (built.timeout, built.retries, built.backoff, built.max_wait, built.max_age)
