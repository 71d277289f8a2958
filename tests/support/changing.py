"""An OpenAlex stand-in whose world changes between two runs, as the real one does between two weeks.

It starts as a synthetic corpus (every work created 2020-01-01) and `advance` makes it move on: new works
created today that cite papers of a graph (and one that cites only works outside it), citation counts
that rose, a work retracted and a work merged into a new record. Answers follow the documented OpenAlex
rules of `tests.support.openalex` (``from_created_date`` included, merged ids answered by the survivor).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tests.support.openalex import openalex_handler, work
from tests.support.server import Answer, Request

OLD_DATE = "2020-01-01"


def today() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def number(wid: str) -> int:
    return int(wid.lstrip("W"))


@dataclass
class Change:
    """What `advance` did, for the tests to compare with what the update found."""

    added: dict[str, list[str]] = field(default_factory=dict)  # new work → the graph papers it cites
    unrelated: list[str] = field(default_factory=list)  # new works citing nothing of the graph
    risen: dict[str, tuple[int, int]] = field(default_factory=dict)  # work → (before, after)
    retracted: str = ""
    merged: tuple[str, str] = ("", "")  # (old id, surviving id)


class ChangingOpenAlex:
    """A handler over `works` (copied) that `advance` changes; pass it to `StandIn`."""

    def __init__(self, works: list[dict[str, Any]]):
        self.works = copy.deepcopy(works)
        for w in self.works:
            w["created_date"] = OLD_DATE
            w["is_retracted"] = False
        self.merged: dict[str, str] = {}
        self._handler = openalex_handler(self.works)

    def __call__(self, request: Request) -> Answer:
        return self._handler(request)

    def by_id(self, wid: str) -> dict[str, Any]:
        return next(w for w in self.works if w["id"].endswith(f"/{wid}"))

    def advance(self, graph_ids: list[str], outside_id: str) -> Change:
        """New works citing papers of `graph_ids` (sorted W-ids of a built graph), one citing only
        `outside_id` (a work not in the graph), two counts raised, one work retracted, one merged."""
        change = Change()
        a, b, c, d, e = graph_ids[1], graph_ids[2], graph_ids[3], graph_ids[4], graph_ids[5]
        first = work(900_001, "Graph neural networks revisited: what changed this week", 2026, "10.5555/new.1",
                     ["New Author"], "Fresh Journal", "We revisit graph neural networks.", 0, [number(a), number(b), number(outside_id)])
        second = work(900_002, "A reply to the revisit of graph neural networks", 2026, "10.5555/new.2",
                      ["Other Author"], "Fresh Journal", "A reply.", 0, [number(c), 900_001])
        lonely = work(900_003, "Medieval poetry of southern France", 2026, "10.5555/new.3", ["Lone Author"], "Elsewhere",
                      "Troubadour songs and their manuscripts.", 0, [number(outside_id)])
        for w in (first, second, lonely):
            w["created_date"] = today()
            w["is_retracted"] = False
        change.added = {"W900001": [a, b], "W900002": [c]}
        change.unrelated = ["W900003"]
        for wid, rise in ((d, 7), (a, 2)):
            record = self.by_id(wid)
            change.risen[wid] = (record["cited_by_count"], record["cited_by_count"] + rise)
            record["cited_by_count"] += rise
        self.by_id(e)["is_retracted"] = True
        change.retracted = e
        gone = graph_ids[6]
        survivor = copy.deepcopy(self.by_id(gone))
        survivor.update(id="https://openalex.org/W900100", ids={"openalex": "https://openalex.org/W900100"})
        self.works = [w for w in self.works if not w["id"].endswith(f"/{gone}")] + [survivor, first, second, lonely]
        for w in self.works:  # citing works now cite the surviving record
            w["referenced_works"] = [r.replace(f"/{gone}", "/W900100") if r.endswith(f"/{gone}") else r for r in w["referenced_works"]]
        self.merged[gone] = "W900100"
        change.merged = (gone, "W900100")
        self._handler = openalex_handler(self.works, merged=self.merged)
        return change
