"""Replay vcrpy cassettes recorded from the real Semantic Scholar API (../shared/fixtures/api/)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml

from tests.support.server import Answer, Request

S2_FIXTURES = Path(__file__).resolve().parents[1] / "data" / "api" / "semanticscholar"


def load_interactions(*names: str) -> list[dict]:
    """Interactions of the named cassettes: method, path, query, body and the recorded answer."""
    found = []
    for name in names:
        for item in yaml.safe_load((S2_FIXTURES / name).read_text(encoding="utf-8"))["interactions"]:
            request, response = item["request"], item["response"]
            url = urlsplit(request["uri"])
            status = response.get("status", {}).get("code") if isinstance(response.get("status"), dict) else response.get("status_code")
            body = response["body"]["string"] if "body" in response else response.get("content", "")
            found.append({
                "method": request["method"], "path": url.path, "query": dict(parse_qsl(url.query)),
                "body": json.loads(request["body"]) if request.get("body") else None,
                "status": int(status), "answer": body,
            })
    return found


def cassette_handler(*names: str):
    """A handler answering each request with the recorded interaction it matches.

    A request matches when its method, path and JSON body equal the recording's and every query parameter
    it sends has the recorded value (the recordings carry paging parameters a client may leave out).
    """
    interactions = load_interactions(*names)

    def handle(request: Request) -> Answer:
        body = json.loads(request.body) if request.body else None
        for item in interactions:
            if item["method"] == request.method and item["path"] == request.path and item["body"] == body and all(
                item["query"].get(k) == v for k, v in request.query.items()
            ):
                return Answer(item["status"], item["answer"])
        return Answer(599, {"error": f"no recorded interaction for {request.method} {request.path} {request.query}"})

    return handle
