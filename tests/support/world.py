"""Five metadata APIs that each know part of the recorded Turing (1950) neighbourhood, as the real ones do.

Everything comes from the real Semantic Scholar recording (../shared/fixtures/api/semanticscholar/Paper.json);
what each stand-in knows is cut the way the real sources differ:

- OpenAlex knows Turing's paper but only 3 of its 8 identified references (it says 14), lacks the abstract
  of the arXiv paper "Quo Vadis ChatGPT?" and has no work for it by arXiv DOI, and holds Horvitz et al.'s
  "Now, Later, and Lasting" twice: the ACM article and, under another title, the arXiv preprint.
- Semantic Scholar knows every recorded paper with its references (as the recording has them).
- Crossref has Turing's deposited reference list (5 DOIs and 6 free-text strings) and the ACM article,
  which names its preprint (``has-preprint``).
- arXiv has the recorded preprints, the ACM article's preprint with its published DOI, and one new preprint
  only arXiv knows (hand-made: 2511.00001).
- OpenCitations has 2 of Turing's references and 3 works citing it.
- Hugging Face lists "Quo Vadis ChatGPT?" and the new preprint on 2025-11-20.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graphx.model import normalise_doi
from graphx.replay import demo_record_path
from tests.support import apis
from tests.support.openalex import openalex_handler, work, works_from_s2_recording
from tests.support.server import StandIn

TURING_DOI = "10.1093/mind/lix.236.433"
QUO_VADIS = "2405.19561"
HORVITZ_ARXIV, HORVITZ_DOI = "2404.04750", "10.1145/3637866"
NEW_PREPRINT = "2511.00001"
LISTING_DATE = "2025-11-20"
SOURCES = ("openalex", "s2", "crossref", "arxiv", "opencitations")


@dataclass
class World:
    record: dict[str, Any]
    server: StandIn

    def url(self, name: str) -> str:
        return f"{self.server.url}/{name}"

    def urls(self) -> dict[str, str]:
        return {f"{name}_url": self.url(name) for name in ("openalex", "s2", "crossref", "arxiv", "opencitations", "hf")}

    def requests_by_source(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for request in self.server.requests:
            name = request.path.lstrip("/").split("/", 1)[0]
            counts[name] = counts.get(name, 0) + 1
        return counts


def identified_references(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in record["references"] if r.get("paperId") and (r.get("externalIds") or {}).get("DOI")]


def _openalex_works(record: dict[str, Any]) -> list[dict[str, Any]]:
    works = works_from_s2_recording(demo_record_path())
    references = identified_references(record)
    turing = works[0]
    turing["referenced_works"] = [f"https://openalex.org/W{r['corpusId']}" for r in references[:3]]
    turing["referenced_works_count"] = 14
    quo = next(c for c in record["citations"] if (c.get("externalIds") or {}).get("ArXiv") == QUO_VADIS)
    for w in works:
        if w["id"].endswith(f"W{quo['corpusId']}"):
            w["abstract_inverted_index"] = None
    horvitz = next(c for c in record["citations"] if (c.get("externalIds") or {}).get("ArXiv") == HORVITZ_ARXIV)
    preprint = work(9_000_000_001, "Now, later, and lasting: ten priorities for AI research, policy and practice (preprint)",
                    2024, f"10.48550/arxiv.{HORVITZ_ARXIV}", [a["name"] for a in horvitz["authors"]], "arXiv", "",
                    0, [int(record["corpusId"])])
    return works + [preprint]


def _crossref_items(record: dict[str, Any]) -> list[dict[str, Any]]:
    references = identified_references(record)
    turing = apis.crossref_item(TURING_DOI, record["title"], 1950, ["A. M. Turing"], "Mind",
                                reference_dois=[r["externalIds"]["DOI"] for r in references[3:8]],
                                unstructured=[r["title"] for r in record["references"] if not r.get("paperId")][:6], cited_by=9000)
    horvitz = next(c for c in record["citations"] if (c.get("externalIds") or {}).get("ArXiv") == HORVITZ_ARXIV)
    article = apis.crossref_item(HORVITZ_DOI, horvitz["title"], 2024, [a["name"] for a in horvitz["authors"]],
                                 "Communications of the ACM", reference_dois=[TURING_DOI], has_preprint=f"10.48550/arXiv.{HORVITZ_ARXIV}")
    return [turing, article]


def _arxiv_entries(record: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for c in record["citations"]:
        external = c.get("externalIds") or {}
        if external.get("ArXiv"):
            doi = external.get("DOI") or ""
            entries.append(apis.arxiv_entry(external["ArXiv"], c["title"], c.get("abstract") or f"A preprint about {c['title']}.",
                                            [a["name"] for a in c["authors"]], f"{c.get('year') or 2020}-01-15T00:00:00Z",
                                            doi=doi if not doi.lower().startswith("10.48550") else ""))
    entries.append(apis.arxiv_entry(NEW_PREPRINT, "Machines that think about Turing's imitation game today",
                                    "We revisit the imitation game of Turing (1950) with large language models.",
                                    ["Ada Example", "Alan Sample"], "2025-11-19T18:00:00Z"))
    return entries


def _opencitations_links(record: dict[str, Any]) -> list[tuple[str, str]]:
    turing = f"omid:br/0601 doi:{TURING_DOI} openalex:W{record['corpusId']}"
    links = [(turing, f"omid:br/06{n} doi:{normalise_doi(r['externalIds']['DOI'])} openalex:W{r['corpusId']}")
             for n, r in enumerate(identified_references(record)[6:8])]
    citing = [c for c in record["citations"] if (c.get("externalIds") or {}).get("DOI")][:3]
    links += [(f"omid:br/07{n} doi:{normalise_doi(c['externalIds']['DOI'])}", turing) for n, c in enumerate(citing)]
    return links


def _hf_listings(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    quo = next(c for c in record["citations"] if (c.get("externalIds") or {}).get("ArXiv") == QUO_VADIS)
    return {
        LISTING_DATE: [
            apis.hf_entry(
                QUO_VADIS, quo["title"], quo.get("abstract") or "", [a["name"] for a in quo["authors"]], "2024-05-29T00:00:00.000Z"
            ),
            apis.hf_entry(
                NEW_PREPRINT,
                "Machines that think about Turing's imitation game today",
                "We revisit the imitation game of Turing (1950) with large language models.",
                ["Ada Example"],
                "2025-11-19T18:00:00.000Z",
            ),
        ]
    }


def _s2_records(record: dict[str, Any]) -> list[dict[str, Any]]:
    turing = dict(record)
    turing["references"] = [r for r in record["references"] if r.get("paperId")]
    turing["citations"] = [c for c in record["citations"] if c.get("paperId")]
    citing = [dict(c, references=[{"paperId": record["paperId"], "externalIds": record["externalIds"]}]) for c in turing["citations"]]
    return [turing] + turing["references"] + citing


def turing_world() -> StandIn:
    """A server answering as all six APIs under /openalex, /s2, /crossref, /arxiv, /opencitations, /hf."""
    record = json.loads(demo_record_path().read_text(encoding="utf-8"))
    handler = apis.router(
        openalex=openalex_handler(_openalex_works(record)),
        s2=apis.s2_handler(_s2_records(record)),
        crossref=apis.crossref_handler(_crossref_items(record)),
        arxiv=apis.arxiv_handler(_arxiv_entries(record)),
        opencitations=apis.opencitations_handler(_opencitations_links(record)),
        hf=apis.hf_handler(_hf_listings(record)),
    )
    return StandIn(handler)


def load_record() -> dict[str, Any]:
    return json.loads(demo_record_path().read_text(encoding="utf-8"))
