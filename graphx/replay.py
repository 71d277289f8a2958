"""A loopback server that replays recorded Semantic Scholar answers, for the demo and for tests.

It serves the Graph API v1 shapes graphx uses — ``GET /paper/{id}``, ``POST /paper/batch``,
``GET /paper/{id}/references|citations`` (offset paging), ``GET /paper/search/match`` — from a recorded
full paper record (``Paper.json``: a paper with its references and citing papers, each a full record).
The reference and citation lists it pages through are exactly the ones in the recording; a citing
paper's own reference list is known to contain the recorded paper it cites.

It binds 127.0.0.1 on a free port, and stops when its ``with`` block ends.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from graphx.model import normalise_title

PREFIX = "/graph/v1"


def demo_record_path() -> Path:
    """The recording shipped with graphx: Turing (1950) with its 14 references and 1,000 citing papers."""
    return Path(str(files("graphx") / "data" / "turing-1950-s2.json"))


@dataclass
class S2Recording:
    """Paper records by S2 id, plus who cites whom among them, and lookups by DOI, arXiv id and CorpusId."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    references: dict[str, list[str]] = field(default_factory=dict)
    citations: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_paper_record(cls, record: dict[str, Any]) -> S2Recording:
        recording = cls()
        root = record["paperId"]
        recording.add({k: v for k, v in record.items() if k not in ("references", "citations")})
        for cited in record.get("references") or []:
            if not cited.get("paperId"):
                continue  # S2 lists references it could not match to a paper with a null id
            recording.add(cited)
            recording.link(root, cited["paperId"])
        for citing in record.get("citations") or []:
            if not citing.get("paperId"):
                continue
            recording.add(citing)
            recording.link(citing["paperId"], root)
        return recording

    def add(self, record: dict[str, Any]) -> None:
        paper_id = record["paperId"]
        self.records.setdefault(paper_id, record)
        external = record.get("externalIds") or {}
        self.aliases[paper_id.lower()] = paper_id
        if external.get("DOI"):
            self.aliases[f"doi:{external['DOI'].lower()}"] = paper_id
        if external.get("ArXiv"):
            self.aliases[f"arxiv:{external['ArXiv'].lower()}"] = paper_id
        if external.get("CorpusId"):
            self.aliases[f"corpusid:{external['CorpusId']}"] = paper_id

    def link(self, citing: str, cited: str) -> None:
        self.references.setdefault(citing, []).append(cited)
        self.citations.setdefault(cited, []).append(citing)

    def find(self, identifier: str) -> str | None:
        """The S2 paper id for any id form S2 takes (paperId, DOI:, ARXIV:, CorpusId:, bare DOI)."""
        key = unquote(identifier).strip().lower()
        if key.startswith("10."):
            key = "doi:" + key
        return self.aliases.get(key)

    def shaped(self, paper_id: str, fields: list[str]) -> dict[str, Any]:
        """The record with only the asked fields (nested ``references.x`` / ``citations.x`` supported)."""
        record = self.records[paper_id]
        top = [f for f in fields if "." not in f] or list(record)
        answer = {"paperId": paper_id, **{f: record.get(f) for f in top if f not in ("references", "citations")}}
        for relation in ("references", "citations"):
            sub = [f.split(".", 1)[1] for f in fields if f.startswith(relation + ".")]
            if relation in fields or sub:
                linked = getattr(self, relation).get(paper_id, [])
                answer[relation] = [
                    {"paperId": other, **{s: self.records[other].get(s) for s in sub if s != "paperId"}} for other in linked
                ]
        return answer


def _handler(recording: S2Recording, log: list[str]):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test and demo output clean
            pass

        def _send(self, status: int, body: Any) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _route(self, method: str) -> None:
            url = urlsplit(self.path)
            log.append(f"{method} {url.path}")
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            fields = [f for f in query.get("fields", "").split(",") if f]
            path = url.path[len(PREFIX):] if url.path.startswith(PREFIX) else url.path
            if method == "POST" and path == "/paper/batch":
                length = int(self.headers.get("Content-Length") or 0)
                ids = json.loads(self.rfile.read(length) or b"{}").get("ids") or []
                found = [recording.find(i) for i in ids]
                return self._send(200, [recording.shaped(f, fields) if f else None for f in found])
            if path == "/paper/search/match":
                wanted = normalise_title(query.get("query", ""))
                for paper_id, record in recording.records.items():
                    if normalise_title(record.get("title") or "") == wanted:
                        return self._send(200, {"data": [{**recording.shaped(paper_id, fields), "matchScore": 100.0}]})
                return self._send(404, {"error": "Title match not found"})
            if m := re.fullmatch(r"/paper/(.+)/(references|citations)", path):
                paper_id = recording.find(m.group(1))
                if not paper_id:
                    return self._send(404, {"error": "Paper not found"})
                offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 100)), 1000)
                linked = getattr(recording, m.group(2)).get(paper_id, [])
                key = "citedPaper" if m.group(2) == "references" else "citingPaper"
                page = {"offset": offset, "data": [{key: recording.shaped(o, fields)} for o in linked[offset:offset + limit]]}
                if offset + limit < len(linked):
                    page["next"] = offset + limit
                return self._send(200, page)
            if m := re.fullmatch(r"/paper/([^/]+)", path):
                paper_id = recording.find(m.group(1))
                return (
                    self._send(200, recording.shaped(paper_id, fields))
                    if paper_id
                    else self._send(404, {"error": "Paper with id not found"})
                )
            self._send(404, {"error": f"no such endpoint {url.path}"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

    return Handler


@contextmanager
def serve_s2(recording: S2Recording) -> Iterator[tuple[str, list[str]]]:
    """Serve `recording` on 127.0.0.1; yields (base URL for GRAPHX_S2_URL, log of requests)."""
    log: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recording, log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", log
    finally:
        server.shutdown()
        server.server_close()
