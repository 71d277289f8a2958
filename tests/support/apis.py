"""Stand-ins for Semantic Scholar (any records), Crossref, arXiv, OpenCitations and Hugging Face Daily Papers.

No recordings of Crossref, arXiv, OpenCitations or Hugging Face ship with the project (see
../shared/fixtures/api/PROVENANCE.md), so their answers are hand-made in exactly the shapes their providers
document, filled with the real records of the recorded Turing (1950) neighbourhood:

- Crossref: ``{"status": "ok", "message-type": "work-list", "message": {"items": [...], "total-results": n}}``,
  items with ``DOI``, ``title`` (a list), ``author`` (given/family), ``issued.date-parts``, ``reference``
  (``DOI`` or ``unstructured``), ``reference-count``, ``relation``; ``filter=doi:…,doi:…``, ``query.bibliographic``.
- arXiv: an Atom feed (``<feed><entry><id>http://arxiv.org/abs/ID vN</id>…<arxiv:doi>``), ``id_list`` and
  ``search_query=ti:"…"``; unknown ids give arXiv's error entry.
- OpenCitations Index v2: a JSON list of ``{"oci", "citing", "cited", "creation", "timespan"}`` rows whose
  citing/cited are space-separated prefixed ids.
- Hugging Face: ``/api/daily_papers?date=`` → a list of ``{"paper": {"id", "title", "summary", "authors",
  "publishedAt"}, "title", "publishedAt"}``.

`router` serves several of them (and OpenAlex) from one loopback server under path prefixes.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from graphx.model import normalise_doi, normalise_title
from tests.support.server import Answer, Request


def router(**handlers: Callable[[Request], Answer]) -> Callable[[Request], Answer]:
    """One handler serving each API under ``/<name>/…`` (the client's base URL ends in ``/<name>``)."""

    def handle(request: Request) -> Answer:
        name, _, rest = request.path.lstrip("/").partition("/")
        if name not in handlers:
            return Answer(404, {"error": f"no API under /{name}"})
        inner = Request(request.method, "/" + rest, request.query, request.body, request.headers)
        return handlers[name](inner)

    return handle


# --- Semantic Scholar ---------------------------------------------------------------------------------

def s2_handler(records: list[dict[str, Any]]) -> Callable[[Request], Answer]:
    """Semantic Scholar's batch, title match and references/citations endpoints over full S2 records (each
    may carry ``references`` and ``citations`` lists of records)."""
    by_key: dict[str, dict] = {}
    for record in records:
        external = record.get("externalIds") or {}
        by_key[record["paperId"]] = record
        by_key[f"CorpusId:{record.get('corpusId') or external.get('CorpusId')}"] = record
        if external.get("DOI"):
            by_key[f"DOI:{normalise_doi(external['DOI'])}"] = record
        if external.get("ArXiv"):
            by_key[f"ARXIV:{external['ArXiv']}"] = record
        if external.get("PubMed"):
            by_key[f"PMID:{external['PubMed']}"] = record

    def project(record: dict, fields: str) -> dict:
        wanted = fields.split(",")
        top = {f for f in wanted if "." not in f} | {"paperId"}
        out = {k: v for k, v in record.items() if k in top}
        nested = {f.split(".", 1)[1] for f in wanted if f.startswith("references.")}
        if nested:
            out["references"] = [{k: v for k, v in r.items() if k in nested | {"paperId"}} for r in record.get("references") or []]
        return out

    def lookup(key: str) -> dict | None:
        if key.upper().startswith("DOI:"):
            return by_key.get("DOI:" + normalise_doi(key[4:]))
        return by_key.get(key) or by_key.get(key.replace("ARXIV:", "ARXIV:"))

    searchable = sorted(((r["paperId"], f" {normalise_title(r.get('title') or '')} {normalise_title(r.get('abstract') or '')} ", r)
                         for r in records if r.get("title")), key=lambda t: t[0])

    def bulk(query: dict[str, str]) -> Answer:
        # S2's bulk search: quoted phrases OR-ed with "|" match titles and abstracts; rows come sorted by
        # paperId (not by relevance), 1,000 a page, the next page named by a token.
        phrases = [f" {normalise_title(p)} " for p in re.findall(r'"([^"]*)"', query.get("query", "")) if normalise_title(p)]
        if not phrases:
            return Answer(400, {"error": "query is required"})
        found = [r for _, text, r in searchable if any(p in text for p in phrases)]
        start = int(query.get("token") or 0)
        page = {"total": len(found), "data": [project(r, query.get("fields", "paperId,title")) for r in found[start:start + 1000]]}
        page["token"] = str(start + 1000) if start + 1000 < len(found) else None
        return Answer(200, page)

    def handle(request: Request) -> Answer:
        fields = request.query.get("fields", "paperId,title")
        if request.method == "POST" and request.path == "/paper/batch":
            ids = json.loads(request.body)["ids"]
            if len(ids) > 500:
                return Answer(400, {"error": "Cannot process more than 500 ids"})
            return Answer(200, [project(r, fields) if (r := lookup(i)) else None for i in ids])
        if request.path == "/paper/search/bulk":
            return bulk(request.query)
        if request.path == "/paper/search/match":
            wanted = normalise_title(request.query.get("query", ""))
            found = [r for r in records if normalise_title(r.get("title") or "") == wanted]
            return Answer(200, {"data": [project(found[0], fields)]}) if found else Answer(404, {"error": "Title match not found"})
        parts = request.path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "paper" and parts[2] in ("references", "citations"):
            record = lookup(unquote(parts[1]))
            if record is None:
                return Answer(404, {"error": "Paper not found"})
            key = "citedPaper" if parts[2] == "references" else "citingPaper"
            rows = [{key: project(r, fields)} for r in record.get(parts[2]) or []]
            offset, limit = int(request.query.get("offset", 0)), int(request.query.get("limit", 100))
            page = {"offset": offset, "data": rows[offset:offset + limit]}
            if offset + limit < len(rows):
                page["next"] = offset + limit
            return Answer(200, page)
        return Answer(404, {"error": "Not found"})

    return handle


# --- Crossref -----------------------------------------------------------------------------------------

def crossref_item(doi: str, title: str, year: int | None, authors: list[str], venue: str = "", abstract: str = "",
                  reference_dois: list[str] | None = None, unstructured: list[str] | None = None,
                  has_preprint: str = "", cited_by: int = 0) -> dict[str, Any]:
    """One Crossref work in the documented shape."""
    def author(name: str) -> dict[str, str]:
        given, _, family = name.rpartition(" ")
        return {"given": given, "family": family, "sequence": "additional"}

    references = [{"key": f"ref{n}", "DOI": d, "doi-asserted-by": "crossref"} for n, d in enumerate(reference_dois or [])]
    references += [{"key": f"u{n}", "unstructured": text} for n, text in enumerate(unstructured or [])]
    item = {
        "DOI": doi, "title": [title], "author": [author(a) for a in authors], "container-title": [venue] if venue else [],
        "issued": {"date-parts": [[year]]} if year else {"date-parts": [[None]]}, "reference-count": len(references),
        "references-count": len(references), "reference": references, "is-referenced-by-count": cited_by,
        "URL": f"https://doi.org/{doi}", "relation": {},
    }
    if abstract:
        item["abstract"] = f"<jats:title>Abstract</jats:title><jats:p>{escape(abstract)}</jats:p>"
    if has_preprint:
        item["relation"] = {"has-preprint": [{"id-type": "doi", "id": has_preprint, "asserted-by": "object"}]}
    return item


def crossref_handler(items: list[dict[str, Any]]) -> Callable[[Request], Answer]:
    by_doi = {normalise_doi(i["DOI"]): i for i in items}

    def listing(found: list[dict]) -> Answer:
        return Answer(200, {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                            "message": {"items": found, "total-results": len(found), "items-per-page": len(found)}})

    def handle(request: Request) -> Answer:
        if request.path.startswith("/works/"):
            item = by_doi.get(normalise_doi(unquote(request.path[len("/works/"):])))
            return Answer(200, {"status": "ok", "message-type": "work", "message": item}) if item else Answer(404, "Resource not found.")
        if request.path != "/works":
            return Answer(404, "Resource not found.")
        rows = int(request.query.get("rows", 20))
        if rows > 1000:
            return Answer(400, {"status": "failed", "message": [{"type": "rows-too-large"}]})
        if query := request.query.get("query.bibliographic"):
            words = set(normalise_title(query).split())
            scored = sorted(items, key=lambda i: -len(words & set(normalise_title(i["title"][0]).split())))
            return listing([i for i in scored if words & set(normalise_title(i["title"][0]).split())][:rows])
        clauses = [c.partition(":") for c in request.query.get("filter", "").split(",") if c]
        if any(name != "doi" for name, _, _ in clauses):
            return Answer(400, {"status": "failed", "message": [{"type": "validation-failure"}]})
        found = [by_doi[d] for _, _, value in clauses if (d := normalise_doi(value)) in by_doi]
        return listing(found[:rows])

    return handle


# --- arXiv --------------------------------------------------------------------------------------------

def arxiv_entry(arxiv_id: str, title: str, summary: str, authors: list[str], published: str, doi: str = "",
                journal_ref: str = "", categories: tuple[str, ...] = ("cs.AI",), version: int = 1) -> dict[str, Any]:
    return {"id": arxiv_id, "title": title, "summary": summary, "authors": authors, "published": published, "doi": doi,
            "journal_ref": journal_ref, "categories": categories, "version": version}


def _atom(entries: list[dict[str, Any]], total: int) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
             'xmlns:arxiv="http://arxiv.org/schemas/atom">',
             '<title type="html">ArXiv Query</title>', f"<opensearch:totalResults>{total}</opensearch:totalResults>"]
    for e in entries:
        if e.get("error"):
            parts.append(f'<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{escape(e["id"])}</id>'
                         f'<title>Error</title><summary>incorrect id format for {escape(e["id"])}</summary></entry>')
            continue
        parts.append("<entry>")
        parts.append(f'<id>http://arxiv.org/abs/{escape(e["id"])}v{e["version"]}</id>')
        parts.append(f'<published>{e["published"]}</published><updated>{e["published"]}</updated>')
        parts.append(f'<title>{escape(e["title"])}</title><summary>  {escape(e["summary"])}\n</summary>')
        parts += [f"<author><name>{escape(a)}</name></author>" for a in e["authors"]]
        if e["doi"]:
            parts.append(f'<arxiv:doi>{escape(e["doi"])}</arxiv:doi>')
        if e["journal_ref"]:
            parts.append(f'<arxiv:journal_ref>{escape(e["journal_ref"])}</arxiv:journal_ref>')
        parts.append(f'<arxiv:primary_category term="{e["categories"][0]}" scheme="http://arxiv.org/schemas/atom"/>')
        parts += [f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in e["categories"]]
        parts.append(f'<link href="http://arxiv.org/abs/{escape(e["id"])}v{e["version"]}" rel="alternate" type="text/html"/>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode()


def arxiv_handler(entries: list[dict[str, Any]]) -> Callable[[Request], Answer]:
    by_id = {e["id"]: e for e in entries}
    titles = {e["id"]: set(normalise_title(e["title"]).split()) for e in entries}

    def handle(request: Request) -> Answer:
        if request.path != "/query":
            return Answer(404, "not found")
        headers = {"Content-Type": "application/atom+xml; charset=utf-8"}
        if ids := request.query.get("id_list"):
            wanted = [i.strip() for i in ids.split(",")]
            found = [by_id.get(i) or {"id": i, "error": True} for i in wanted]
            return Answer(200, _atom(found, len(found)), headers)
        query = request.query.get("search_query", "")
        # ti:"…" OR ti:"…": an entry is found by any clause whose words its title holds
        clauses = [set(normalise_title(c).split()) for c in re.findall(r'ti:"([^"]*)"', query)] or [
            set(normalise_title(query.removeprefix("ti:")).split())
        ]
        found = [e for e in entries if any(words and words <= titles[e["id"]] for words in clauses)]
        return Answer(200, _atom(found[: int(request.query.get("max_results", 10))], len(found)), headers)

    return handle


# --- OpenCitations ------------------------------------------------------------------------------------

def opencitations_handler(links: list[tuple[str, str]]) -> Callable[[Request], Answer]:
    """`links` are (citing ids, cited ids) pairs, each a space-separated ``scheme:value`` string."""

    def has(ids: str, wanted: str) -> bool:
        scheme, _, value = wanted.partition(":")
        return any(t.lower() == f"{scheme}:{normalise_doi(value) if scheme == 'doi' else value}".lower() for t in ids.split())

    def handle(request: Request) -> Answer:
        kind, _, identifier = request.path.strip("/").partition("/")
        identifier = unquote(identifier)
        if kind == "references":
            rows = [(c, d) for c, d in links if has(c, identifier)]
        elif kind == "citations":
            rows = [(c, d) for c, d in links if has(d, identifier)]
        else:
            return Answer(404, "not found")
        return Answer(200, [{"oci": f"oci:{n}", "citing": c, "cited": d, "creation": "2020", "timespan": "P1Y",
                             "journal_sc": "no", "author_sc": "no"} for n, (c, d) in enumerate(rows)])

    return handle


# --- Hugging Face Daily Papers ------------------------------------------------------------------------

def hf_entry(arxiv_id: str, title: str, summary: str, authors: list[str], published: str) -> dict[str, Any]:
    return {"paper": {"id": arxiv_id, "title": title, "summary": summary, "authors": [{"name": a, "hidden": False} for a in authors],
                      "publishedAt": published, "upvotes": 12},
            "title": title, "publishedAt": published, "numComments": 1}


def hf_handler(listings: dict[str, list[dict[str, Any]]]) -> Callable[[Request], Answer]:
    def handle(request: Request) -> Answer:
        if request.path != "/api/daily_papers":
            return Answer(404, {"error": "Not Found"})
        date = request.query.get("date", "")
        return Answer(200, listings[date]) if date in listings else Answer(200, [])

    return handle
