"""A Zotero library served in the web API v3's documented shapes (https://www.zotero.org/support/dev/web_api/v3/basics):
``/{users|groups}/ID/items``, ``/collections``, ``/collections/KEY/items``, ``?tag=``; ``start``/``limit``
paging (at most 100) with ``Total-Results``; a ``Backoff`` header when asked; ``Zotero-API-Key`` checked
when a key is set. Items are made from real works (the recorded Turing neighbourhood)."""
from __future__ import annotations

import re
from typing import Any

from tests.support.server import Answer, Request


def zotero_items(works: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` works as Zotero items in the forms libraries hold them: journal articles with a DOI, the same
    with the DOI only in Extra, books known only by title; each paper followed by a PDF attachment, every
    third by a note. Every item in collection "Reading/Turing" (key COLL0002), the first ten tagged "core"."""
    items = []
    for number, work in enumerate(works[:count]):
        names = [a["author"]["display_name"] for a in work.get("authorships", [])]
        creators = [{"creatorType": "author", "firstName": " ".join(n.split()[:-1]), "lastName": n.split()[-1]} for n in names if n.split()]
        doi = (work.get("doi") or "").replace("https://doi.org/", "")
        data: dict[str, Any] = {"itemType": "journalArticle", "title": work["display_name"], "creators": creators,
                                "date": str(work.get("publication_year") or ""), "collections": ["COLL0002"],
                                "tags": [{"tag": "core"}] if number < 10 else []}
        if doi and number % 3 == 0:
            data["DOI"] = doi
        elif doi and number % 3 == 1:
            data["extra"] = f"DOI: {doi}"
        else:
            data["itemType"] = "book"
        key = f"ITEM{number:04d}"
        items.append({"key": key, "data": {"key": key, **data}})
        items.append({"key": f"ATT{number:05d}", "data": {"itemType": "attachment", "parentItem": key, "title": "Full Text PDF",
                                                          "collections": [], "tags": []}})
        if number % 3 == 0:
            items.append({"key": f"NOTE{number:04d}", "data": {"itemType": "note", "parentItem": key, "note": "<p>read</p>",
                                                               "collections": [], "tags": []}})
    return items


COLLECTIONS = [{"key": "COLL0001", "data": {"key": "COLL0001", "name": "Reading", "parentCollection": False}},
               {"key": "COLL0002", "data": {"key": "COLL0002", "name": "Turing", "parentCollection": "COLL0001"}},
               {"key": "COLL0003", "data": {"key": "COLL0003", "name": "Empty", "parentCollection": False}}]


def zotero_handler(items: list[dict[str, Any]], library: str = "users/0", api_key: str = "", backoff: str = ""):
    """A handler for `StandIn` answering as Zotero does for `library`."""
    def handle(request: Request) -> Answer:
        if api_key and request.headers.get("zotero-api-key") != api_key:
            return Answer(403, "Forbidden")
        path = request.path.rstrip("/")
        prefix = f"/{library}"
        if not path.startswith(prefix):
            return Answer(404, "Not found")
        rest = path[len(prefix):]
        if rest == "/collections":
            records = COLLECTIONS
        elif rest == "/items":
            records = items
        elif m := re.fullmatch(r"/collections/(\w+)/items", rest):
            if m.group(1) not in {c["key"] for c in COLLECTIONS}:
                return Answer(404, "Collection not found")
            # a collection's /items holds its items and their child attachments and notes
            members = {i["key"] for i in items if m.group(1) in i["data"].get("collections", [])}
            records = [i for i in items if i["key"] in members or i["data"].get("parentItem") in members]
        else:
            return Answer(404, "Not found")
        if "tag" in request.query:
            records = [i for i in records if any(t["tag"] == request.query["tag"] for t in i["data"].get("tags", []))]
        start, limit = int(request.query.get("start", 0)), min(int(request.query.get("limit", 25)), 100)
        headers = {"Total-Results": str(len(records)), "Last-Modified-Version": "1234"}
        if backoff:
            headers["Backoff"] = backoff
        return Answer(200, records[start:start + limit], headers)
    return handle
