"""Stand-ins of OpenAlex, Semantic Scholar and arXiv holding a pasted listing's papers, the way the real
sources differ over a day's preprints and journal papers:

- the listed papers are real: the two saved listings in tests/data/seeds (titles, abstracts, years) and then
  the recorded citing papers of Turing (1950) (../shared/fixtures/api/semanticscholar/Paper.json) for
  listings longer than those;
- 80% are preprints every source knows (OpenAlex by their arXiv DOI), 10% journal papers arXiv lacks, 10%
  works only S2 knows;
- each listed paper has two decoys in every source: its title with one word changed (another year), and its
  title with a word added ("… revisited"), so a batch answer holds near misses beside the right work;
- each listed paper cites up to 3 earlier listed papers and 4 background works, each background work 2
  earlier ones; OpenAlex lists no references at all (count 0) for one preprint and one background work in
  ten, and cannot list a citation of a work it lacks; S2 knows every reference.

`listing_world(size)` returns the queries (as a listing gives them), the handler serving the three APIs
under /openalex, /s2 and /arxiv, and the truth: which work each query names and every citation.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphx.inputs.listing import parse_listing
from graphx.model import Query, normalise_title
from tests.support import apis
from tests.support.openalex import openalex_handler, work
from tests.support.server import Answer, Request
from tests.support.world import load_record

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@dataclass
class Listed:
    key: str
    title: str
    abstract: str
    year: int
    kind: str  # "preprint" (everywhere), "journal" (no arXiv), "s2only"
    number: int

    @property
    def arxiv(self) -> str:
        return f"25{self.number // 10000 % 100:02d}.{self.number % 10000 + 10000:05d}" if self.kind == "preprint" else ""

    @property
    def doi(self) -> str:
        return f"10.48550/arxiv.{self.arxiv}" if self.arxiv else f"10.5555/listed.{self.number}"

    @property
    def w(self) -> int:
        return 5_000_000 + self.number

    @property
    def s2(self) -> str:
        return f"{self.number:040x}"


@dataclass
class Truth:
    by_query: list[str]  # the key of the work each query names
    edges: set[tuple[str, str]] = field(default_factory=set)  # (citing key, cited key)
    ids: dict[str, str] = field(default_factory=dict)  # any identifier ("W1", "s2:…", "doi:…", "arxiv:…") → key


def listed_papers(size: int) -> list[dict[str, Any]]:
    """`size` real papers: the saved listings first, then Turing's recorded citing papers."""
    found = []
    for path in sorted(SEEDS.glob("listing-*.txt")):
        found += [{"title": p.title, "abstract": p.abstract, "year": p.year} for p in parse_listing(path.read_text(encoding="utf-8"))]
    found += [
        {"title": c["title"], "abstract": c.get("abstract") or "", "year": c.get("year")}
        for c in load_record()["citations"]
        if c.get("title")
    ]
    seen, unique = set(), []
    for paper in found:
        title = normalise_title(paper["title"])
        if title not in seen and len(title.split()) >= 2:
            seen.add(title)
            unique.append(paper)
    if size > len(unique):
        raise ValueError(f"only {len(unique)} real titles to list")
    return unique[:size]


def _decoy_titles(title: str, rng: random.Random, vocabulary: list[str]) -> list[str]:
    words = title.split()
    content = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()] or [len(words) - 1]
    changed = list(words)
    changed[rng.choice(content)] = rng.choice(vocabulary)
    return [" ".join(changed), f"{title} revisited"]


def listing_world(size: int, seed: int = 5) -> tuple[list[Query], Callable[[Request], Answer], Truth]:
    rng = random.Random(seed)
    real = listed_papers(size)
    kinds = ["preprint"] * 8 + ["journal", "s2only"]
    listed = [Listed(f"L{n}", p["title"], p["abstract"], p["year"] or 2024, kinds[rng.randrange(10)], n + 1) for n, p in enumerate(real)]
    vocabulary = sorted({w for p in listed for w in normalise_title(p.title).split() if len(w) >= 7})
    background = [{"key": f"B{n}", "w": 7_000_000 + n, "s2": f"b{n:039x}", "doi": f"10.5555/background.{n}",
                   "title": f"Background study {n} of the field", "year": 2015} for n in range(2 * size)]
    truth = Truth(by_query=[p.key for p in listed])
    cites: dict[str, list[str]] = {}
    for index, paper in enumerate(listed):
        earlier = rng.sample(listed[:index], min(index, 3))
        chosen = rng.sample(background, 4)
        cites[paper.key] = [p.key for p in earlier] + [b["key"] for b in chosen]
        truth.edges.update((paper.key, c) for c in cites[paper.key])
    for index, b in enumerate(background):
        b["cites"] = [c["key"] for c in rng.sample(background[:index], min(index, 2))]
        truth.edges.update((b["key"], c) for c in b["cites"])
    by_key: dict[str, Any] = {p.key: p for p in listed} | {b["key"]: b for b in background}
    for p in listed:
        truth.ids.update({f"W{p.w}": p.key, f"s2:{p.s2}": p.key, f"doi:{p.doi}": p.key} | ({f"arxiv:{p.arxiv}": p.key} if p.arxiv else {}))
    for b in background:
        truth.ids.update({f"W{b['w']}": b["key"], f"s2:{b['s2']}": b["key"], f"doi:{b['doi']}": b["key"]})

    def w_of(key: str) -> int | None:
        item = by_key[key]
        if isinstance(item, dict):
            return item["w"]
        return item.w if item.kind != "s2only" else None

    def s2_ref(key: str) -> dict[str, Any]:
        item = by_key[key]
        if isinstance(item, dict):
            return {"paperId": item["s2"], "externalIds": {"DOI": item["doi"]}}
        return {"paperId": item.s2, "externalIds": {"DOI": item.doi, **({"ArXiv": item.arxiv} if item.arxiv else {})}}

    works, records, entries = [], [], []
    number = 9_000_000
    for p in listed:
        authors = [f"Author {p.number}", f"Writer {p.number % 50}"]
        refs = cites[p.key]
        if p.kind != "s2only":
            openalex_refs = [] if p.kind == "preprint" and p.number % 10 == 3 else [w for r in refs if (w := w_of(r))]
            works.append(work(p.w, p.title, p.year, p.doi, authors, "arXiv" if p.arxiv else "Journal", p.abstract, 5, openalex_refs))
        records.append({"paperId": p.s2, "corpusId": p.number, "title": p.title, "abstract": p.abstract, "year": p.year,
                        "authors": [{"name": a} for a in authors], "externalIds": {"DOI": p.doi, **({"ArXiv": p.arxiv} if p.arxiv else {})},
                        "referenceCount": len(refs), "citationCount": 5, "references": [s2_ref(r) for r in refs]})
        if p.arxiv:
            entries.append(
                apis.arxiv_entry(p.arxiv, p.title, p.abstract or f"A preprint about {p.title}.", authors, f"{p.year}-01-15T00:00:00Z")
            )
        for offset, title in enumerate(_decoy_titles(p.title, rng, vocabulary)):
            number += 1
            year = p.year - 2 if offset == 0 else p.year + 1
            other = rng.choice(listed).abstract
            works.append(work(number, title, year, f"10.5555/decoy.{number}", [f"Decoy {number}"], "Journal", other, 1, []))
            records.append({"paperId": f"d{number:039x}", "corpusId": number, "title": title, "abstract": other, "year": year,
                            "authors": [{"name": f"Decoy {number}"}], "externalIds": {"DOI": f"10.5555/decoy.{number}"},
                            "referenceCount": 0, "citationCount": 1, "references": []})
            entries.append(
                apis.arxiv_entry(f"2301.{number % 100000:05d}", title, other or "A decoy.", [f"Decoy {number}"], f"{year}-01-15T00:00:00Z")
            )
    for n, b in enumerate(background):
        # OpenAlex lists no references (count 0) for one background work in ten; S2 lists them all
        listed_refs = [] if n % 10 == 7 else [by_key[c]["w"] for c in b["cites"]]
        abstract = f"Background study {n} measures what the field knows so far and what it does not."
        works.append(work(b["w"], b["title"], b["year"], b["doi"], ["Background Author"], "Journal", abstract, 50, listed_refs))
        records.append(
            {
                "paperId": b["s2"],
                "corpusId": b["w"],
                "title": b["title"],
                "year": b["year"],
                "authors": [{"name": "Background Author"}],
                "abstract": abstract,
                "externalIds": {"DOI": b["doi"]},
                "referenceCount": len(b["cites"]),
                "citationCount": 50,
                "references": [s2_ref(c) for c in b["cites"]],
            }
        )
    queries = [Query("title", p.title, f"listing:{p.number}", abstract=p.abstract) for p in listed]
    handler = apis.router(openalex=openalex_handler(works), s2=apis.s2_handler(records), arxiv=apis.arxiv_handler(entries))
    return queries, handler, truth
