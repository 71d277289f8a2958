"""`graphx triage`: new papers ranked by their ties to a map, each with its reason naming real papers and terms."""
from __future__ import annotations

import csv
import json
import re
from dataclasses import replace

import pytest
from click.testing import CliRunner

from graphx.build import build, write_outputs
from graphx.cli import main
from graphx.triage import triage, write_triage
from tests.conftest import SEEDS
from tests.support.changing import ChangingOpenAlex
from tests.support.server import StandIn

# Papers of the scaling-and-entropy listing on the map's own topics (structured state spaces, sequential
# recommendation), and papers on none of them (medical segmentation, remote sensing, cash demand, stocks).
RELATED = ["On the Parameterization and Initialization of Diagonal State Space Models",
           "X-Cross: Dynamic Integration of Language Models for Cross-Domain Sequential Recommendation",
           "Chimera: Effectively Modeling Multivariate Time Series with 2-Dimensional State Space Models"]
UNRELATED = ["A Remote Sensing Image Change Detection Method", "ATM Cash demand forecasting in an Indian Bank",
             "Stockformer: A Price-Volume Factor Stock Selection Model", "S2LIC: Learned Image Compression"]


@pytest.fixture(scope="module")
def listing_map(tmp_path_factory):
    """The sequence-models listing built offline: its papers linked by shared terms, in named communities."""
    folder = tmp_path_factory.mktemp("map") / "sequence-models"
    result = build([str(SEEDS / "listing-sequence-models.txt")], offline=True, cache_dir=folder.parent / "cache", sources=("openalex",))
    write_outputs(result, folder, "sequence models")
    return folder


def test_a_listing_is_ranked_by_its_ties_to_the_map_and_each_reason_names_real_papers_and_terms(listing_map):
    runner = CliRunner()
    run = runner.invoke(main, ["triage", str(SEEDS / "listing-scaling-and-entropy.txt"), "--against", str(listing_map), "--offline",
                               "--cache-dir", str(listing_map.parent / "cache")])
    assert run.exit_code == 0, run.output
    folder = listing_map / "triage-listing-scaling-and-entropy"
    rows = list(csv.DictReader((folder / "triage.csv").open(encoding="utf-8")))
    assert len(rows) == 82 and [int(r["rank"]) for r in rows] == list(range(1, 83))
    rank = {title: next(int(r["rank"]) for r in rows if r["title"].startswith(title)) for title in RELATED + UNRELATED}
    assert max(rank[t] for t in RELATED) < min(rank[t] for t in UNRELATED)
    assert max(rank[t] for t in RELATED) <= 5
    map_titles = {n["title"] for n in json.loads((listing_map / "graph.json").read_text())["nodes"]}
    first = rows[0]
    terms_part = next(p for p in first["reason"].split("; ") if p.startswith("shares terms"))
    quoted = re.findall(r"'([^']+?)…?'", terms_part.split(" with ", 1)[1])
    assert len(quoted) == 3 and all(any(t.startswith(q) for t in map_titles) for q in quoted)
    assert "'state space'" in terms_part and f"nearest community '{first['community']}'" in first["reason"]
    assert all(n.split(" (", 1)[0].startswith("local:") for n in first["nearest_papers"].split("; "))
    # papers tied to nothing are listed as such, after every tied paper
    untied = [r for r in rows if r["reason"].startswith("tied to nothing")]
    assert untied and rows[-len(untied):] == untied and all(float(r["score"]) == 0 for r in untied)
    # papers on both listings are recognised as already in the map
    assert next(r for r in rows if r["title"].startswith("Scaling Law with Learning Rate Annealing"))["in_map"].startswith("local:")
    assert "tied to your map" in run.output and (folder / "triage.html").is_file()
    # the printed list cuts a long title at a word and says so with "…"
    printed = [re.sub(r"^\s*\d+\. \[[\d.]+\] ", "", line) for line in run.output.splitlines() if re.match(r"^\s*\d+\. \[", line)]
    titles = {r["title"] for r in rows}
    cut = [line for line in printed if line not in titles]
    assert len(printed) == 10 and cut and all(len(line) <= 80 and line.endswith("…") for line in cut)
    assert all(any(t.startswith(line[:-1]) and t[len(line) - 1] == " " for t in titles) for line in cut)


def test_new_papers_citing_the_map_outrank_those_that_do_not_and_sit_beside_their_ties_on_the_page(synthetic_works, fast_options, tmp_path):
    changing = ChangingOpenAlex(synthetic_works[:400])
    with StandIn(changing) as server:
        options = replace(fast_options, openalex_url=server.url, max_papers=5000)
        seeds = [w["doi"].removeprefix("https://doi.org/") for w in changing.works[-8:]]
        mapped = build(seeds, options)
        ids = sorted(mapped.graph)
        change = changing.advance(
            ids, next(w["id"].rsplit("/", 1)[-1] for w in changing.works if w["id"].rsplit("/", 1)[-1] not in mapped.graph)
        )
        ranked = triage(["W900003", "W900002", "W900001"], against=mapped, options=options)
    order = [t.paper.id for t in ranked.papers]
    assert order == ["W900001", "W900002", "W900003"]
    first, second, lonely = ranked.papers
    assert first.cites == sorted(change.added["W900001"], key=lambda n: (n not in set(mapped.central[:max(10, len(ids) // 10)]), n))
    for node in change.added["W900001"]:
        assert mapped.graph.nodes[node]["title"][:40] in first.reason
    assert second.cites == change.added["W900002"] and "cites" in second.reason
    assert lonely.reason.startswith("tied to nothing") and lonely.score == 0
    written = write_triage(ranked, tmp_path / "today")
    page = written[1].read_text(encoding="utf-8")
    assert "triage_rank" in page and "Medieval poetry of southern France" in page
    combined = ranked.graph()
    assert set(combined.successors("W900001")) >= set(change.added["W900001"])
    assert combined.nodes["W900001"]["triage_rank"] == 1 and mapped.graph.number_of_nodes() == len(ids)  # the map is unchanged
