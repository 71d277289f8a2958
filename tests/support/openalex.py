"""An OpenAlex-shaped stand-in: works in the documented shape, answered as the API answers.

No OpenAlex recording ships with the project, so these works are hand-made in exactly the documented
shape (``{"meta": {...}, "results": [...]}``, ids as ``https://openalex.org/W…`` URLs, ``referenced_works``,
``abstract_inverted_index``), either converted from the real recorded Semantic Scholar neighbourhood of
Turing (1950) or generated synthetically at any size.

The handler follows the documented rules graphx depends on: OR-filters (``openalex``, ``doi``, ``cites``)
of at most 100 values, ``per_page`` at most 100, ``select``, ``page`` and ``cursor`` paging, ``search``,
and single-work lookups by W-id or ``doi:``.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from graphx.model import normalise_doi, normalise_title
from tests.support.server import Answer, Request

MAX_OR_VALUES = 100
MAX_PER_PAGE = 100


def inverted_index(text: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


def work(number: int, title: str, year: int | None, doi: str = "", authors: list[str] | None = None, venue: str = "",
         abstract: str = "", cited_by: int = 0, references: list[int] | None = None, keywords: list[str] | None = None) -> dict[str, Any]:
    """One work in OpenAlex's documented shape."""
    return {
        "id": f"https://openalex.org/W{number}",
        "doi": f"https://doi.org/{doi}" if doi else None,
        "ids": {"openalex": f"https://openalex.org/W{number}", **({"doi": f"https://doi.org/{doi}"} if doi else {})},
        "display_name": title,
        "title": title,
        "publication_year": year,
        "authorships": [{"author": {"display_name": name}} for name in authors or []],
        "primary_location": {"source": {"display_name": venue} if venue else None},
        "cited_by_count": cited_by,
        "referenced_works": [f"https://openalex.org/W{r}" for r in references or []],
        "referenced_works_count": len(references or []),
        "abstract_inverted_index": inverted_index(abstract) if abstract else None,
        "keywords": [{"display_name": k, "score": 0.5} for k in keywords or []],
        "topics": [],
    }


def works_from_s2_recording(path: Path) -> list[dict[str, Any]]:
    """Hand-made OpenAlex works for the recorded Turing neighbourhood (W-number = S2 CorpusId).

    Turing's work references its recorded references; each recorded citing paper references Turing.
    """
    record = json.loads(path.read_text(encoding="utf-8"))

    def convert(item: dict[str, Any], references: list[int]) -> dict[str, Any]:
        external = item.get("externalIds") or {}
        return work(int(item["corpusId"]), item.get("title") or "", item.get("year"), normalise_doi(external.get("DOI") or ""),
                    [a["name"] for a in item.get("authors") or [] if a.get("name")], item.get("venue") or "",
                    item.get("abstract") or "", item.get("citationCount") or 0, references, item.get("fieldsOfStudy") or [])

    cited = [r for r in record["references"] if r.get("corpusId")]
    citing = [c for c in record["citations"] if c.get("corpusId")]
    root = convert(record, [int(r["corpusId"]) for r in cited])
    return [root] + [convert(r, []) for r in cited] + [convert(c, [int(record["corpusId"])]) for c in citing]


def synthetic_corpus(size: int, seed: int = 7, references: tuple[int, int] = (30, 40)) -> list[dict[str, Any]]:
    """`size` works, each citing 30-40 older ones (preferring already-cited works), with titles and abstracts."""
    rng = random.Random(seed)
    topics = ["graph neural networks", "protein folding", "language models", "causal inference", "climate models",
              "quantum error correction", "reinforcement learning", "citation analysis"]
    cited_weight: list[int] = []
    works = []
    for number in range(1, size + 1):
        topic = topics[number % len(topics)]
        older = number - 1
        count = min(older, rng.randint(*references))
        chosen: set[int] = set()
        while len(chosen) < count:
            pick = rng.choice(cited_weight) if cited_weight and rng.random() < 0.5 else rng.randint(1, older)
            chosen.add(pick)
        cited_weight.extend(chosen)
        works.append(work(1000 + number, f"{topic.title()} study number {number}", 1990 + number * 30 // size,
                          f"10.5555/synthetic.{number}", [f"Author {number % 97}", f"Author {number % 89}"], "Synthetic Journal",
                          f"We study {topic} with method {number % 13}. Results on {topic} improve.", 0,
                          [1000 + c for c in sorted(chosen)], [topic]))
    counts: dict[int, int] = {}
    for w in works:
        for r in w["referenced_works"]:
            counts[r] = counts.get(r, 0) + 1
    for w in works:
        w["cited_by_count"] = counts.get(w["id"], 0) * 3
    return works


def _project(item: dict[str, Any], select: str) -> dict[str, Any]:
    if not select:
        return item
    return {key: item.get(key) for key in select.split(",")}


def openalex_handler(works: list[dict[str, Any]], max_or_values: int = MAX_OR_VALUES, merged: dict[str, str] | None = None):
    """A handler answering /works and /works/{id} over `works` as OpenAlex does (a lower `max_or_values`
    stands for a server whose cap has shrunk). `merged` maps W-ids of works merged into another to that
    work's W-id: a lookup of the old id answers with the surviving work, as OpenAlex's redirect does, and
    a filter on it finds nothing."""
    by_id = {w["id"].rsplit("/", 1)[-1].upper(): w for w in works}
    merged = merged or {}
    order = {id(w): n for n, w in enumerate(works)}
    title_words = {id(w): set(normalise_title(w["display_name"] or "").split()) for w in works}
    by_doi = {normalise_doi(w["doi"]): w for w in works if w.get("doi")}
    citing: dict[str, list[dict[str, Any]]] = {}
    for w in works:
        for r in w["referenced_works"]:
            citing.setdefault(r.rsplit("/", 1)[-1].upper(), []).append(w)

    def error(message: str) -> Answer:
        return Answer(400, {"error": "Invalid query parameters error.", "message": message})

    def handle(request: Request) -> Answer:
        path = request.path.rstrip("/")
        select = request.query.get("select", "")
        if path.startswith("/works/"):
            key = path[len("/works/"):]
            found = (
                by_doi.get(normalise_doi(key[4:])) if key.lower().startswith("doi:") else by_id.get(merged.get(key.upper(), key.upper()))
            )
            return Answer(200, _project(found, select)) if found else Answer(404, {"error": "404 Not Found"})
        if path != "/works":
            return Answer(404, {"error": "404 Not Found"})
        per_page = int(request.query.get("per_page", 25))
        if per_page > MAX_PER_PAGE:
            return error(f"per_page must be between 1 and {MAX_PER_PAGE}")
        results = list(works)
        for clause in filter(None, request.query.get("filter", "").split(",")):
            key, _, values = clause.partition(":")
            options = values.split("|")
            if len(options) > max_or_values:
                return error(f"Maximum number of values exceeded for {key}. Decrease values to {max_or_values} or below")
            if key in ("openalex", "ids.openalex", "openalex_id"):
                # looked up, not scanned: the stand-in shares the benchmark's process, so its time is ours
                found = {id(w) for o in options if (w := by_id.get(o.rsplit("/", 1)[-1].upper()))}
                results = (
                    [w for w in results if id(w) in found]
                    if len(results) < len(works)
                    else sorted(
                        (by_id[o.rsplit("/", 1)[-1].upper()] for o in dict.fromkeys(options) if o.rsplit("/", 1)[-1].upper() in by_id),
                        key=lambda w: order[id(w)],
                    )
                )
            elif key == "doi":
                found = {id(w) for o in options if (w := by_doi.get(normalise_doi(o)))}
                results = [w for w in results if id(w) in found] if len(results) < len(works) else sorted(
                    {id(by_doi[d]): by_doi[d] for o in options if (d := normalise_doi(o)) in by_doi}.values(), key=lambda w: order[id(w)])
            elif key in ("title.search", "display_name.search"):
                # Every word of a value in the title (a full-text search: no typo tolerance), best first by
                # how much of the title the value covers, then by citations.
                wanted = [set(normalise_title(o).split()) for o in options]
                cover = {
                    id(w): max((len(q) / max(1, len(title_words[id(w)])) for q in wanted if q and q <= title_words[id(w)]), default=0.0)
                    for w in results
                }
                results = sorted((w for w in results if cover[id(w)] > 0), key=lambda w: (-cover[id(w)], -w["cited_by_count"]))
            elif key == "cites":
                allowed = {id(w) for o in options for w in citing.get(o.upper(), [])}
                results = [w for w in results if id(w) in allowed]
            elif key == "from_created_date":
                results = [w for w in results if (w.get("created_date") or "0000") >= values]
            else:
                return error(f"{key} is not a valid filter")
        if search := request.query.get("search"):
            # Relevance as a search engine ranks it: the share of the query's words in the title, best first,
            # so near misses come back beside the right work, as they do from the real API.
            words = set(normalise_title(search).split())
            overlap = {id(w): len(words & title_words[id(w)]) / max(1, len(words)) for w in results}
            results = sorted((w for w in results if overlap[id(w)] >= 0.5), key=lambda w: -overlap[id(w)])
        if request.query.get("sort", "").startswith("cited_by_count"):
            results.sort(key=lambda w: -w["cited_by_count"])
        cursor = request.query.get("cursor")
        if cursor is not None:
            start = 0 if cursor == "*" else int(cursor)
            page_items = results[start:start + per_page]
            next_cursor = str(start + per_page) if start + per_page < len(results) else None
            meta = {"count": len(results), "per_page": per_page, "next_cursor": next_cursor}
        else:
            page = int(request.query.get("page", 1))
            page_items = results[(page - 1) * per_page: page * per_page]
            meta = {"count": len(results), "page": page, "per_page": per_page}
        return Answer(200, {"meta": meta, "results": [_project(w, select) for w in page_items]},
                      headers={"X-RateLimit-Limit": "100000", "X-RateLimit-Remaining": "99990"})

    return handle
