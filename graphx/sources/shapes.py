"""The shape of each source's answers: the fields graphx reads, as pydantic models, checked before an answer
is used or cached.

An answer is judged in two layers:

- the envelope (OpenAlex's ``{"meta": …, "results": [...]}``, Crossref's ``{"message": …}``, S2's lists
  and pages, arXiv's Atom ``<feed>``): when it is not the documented shape — ``results`` a string or null,
  ``{}``, ``{"error": …}``, a list where a record belongs — the whole answer is a `ShapeError`, which
  `fetch_json` retries like a 5xx and never caches;
- each record in it: a record whose fields cannot be read even leniently (an id that is a number, a year
  that is not one) is left out on its own and counted; fields that can be coerced are (a year ``"1950"``
  becomes 1950, a number as a title becomes its text); a bad item inside a list (one author, one
  reference) is left out of that list alone.

Only the fields graphx reads are declared; the checked records are plain dicts holding just those, so the
parsers stay plain dict readers. pydantic does the checking in compiled code: a 100-work OpenAlex page
takes a few milliseconds, less than parsing its JSON.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import ConfigDict, OnErrorOmit, StringConstraints, TypeAdapter, ValidationError, with_config
from typing_extensions import Required, TypedDict

from graphx.errors import ShapeError

LENIENT = ConfigDict(coerce_numbers_to_str=True, extra="ignore")


class Named(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    display_name: str | None
    name: str | None


# -- OpenAlex ------------------------------------------------------------------------------------------------

OpenAlexId = Annotated[str, StringConstraints(pattern=r"^(?:https?://(?:[\w.-]+\.)?openalex\.org/)?[Ww]\d+$")]


class OpenAlexAuthorship(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    author: Named | None


class OpenAlexLocation(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    source: Named | None
    landing_page_url: str | None


class OpenAlexIds(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    doi: str | None
    pmid: str | None


class OpenAlexBiblio(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    volume: str | None
    issue: str | None
    first_page: str | None
    last_page: str | None


class OpenAlexWork(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    id: Required[OpenAlexId]
    doi: str | None
    ids: OpenAlexIds | None
    display_name: str | None
    title: str | None
    publication_year: int | None
    authorships: list[OnErrorOmit[OpenAlexAuthorship]] | None
    primary_location: OpenAlexLocation | None
    biblio: OpenAlexBiblio | None
    cited_by_count: int | None
    referenced_works: list[OnErrorOmit[OpenAlexId]] | None
    referenced_works_count: int | None
    abstract_inverted_index: dict[str, list[OnErrorOmit[int]]] | None
    keywords: list[OnErrorOmit[Named]] | None
    topics: list[OnErrorOmit[Named]] | None
    is_retracted: bool | None  # graphx update flags retracted works
    created_date: str | None  # when OpenAlex first listed the work (graphx update asks from a date)


class OpenAlexMeta(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    count: int | None
    next_cursor: str | None


class OpenAlexPage(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    meta: OpenAlexMeta | None
    results: Required[list[Any]]


# -- Semantic Scholar ----------------------------------------------------------------------------------------

S2Id = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{40}$")]


class S2ExternalIds(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    DOI: str | None
    ArXiv: str | None
    PubMed: str | None
    CorpusId: int | None


class S2Reference(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    paperId: Required[S2Id]
    externalIds: S2ExternalIds | None


class S2Journal(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    name: str | None
    volume: str | None
    pages: str | None


class S2Paper(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    paperId: Required[S2Id]
    corpusId: int | None
    externalIds: S2ExternalIds | None
    title: str | None
    abstract: str | None
    venue: str | None
    journal: S2Journal | None
    year: int | None
    authors: list[OnErrorOmit[Named]] | None
    citationCount: int | None
    referenceCount: int | None
    fieldsOfStudy: list[OnErrorOmit[str]] | None
    url: str | None
    references: list[OnErrorOmit[S2Reference]] | None


class S2LinkPage(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    data: Required[list[Any]]
    next: int | None
    offset: int | None


class S2Bulk(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    data: Required[list[Any]]
    total: int | None
    token: str | None


class S2Match(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    data: Required[list[Any]]


# -- Crossref ------------------------------------------------------------------------------------------------

CrossrefDate = with_config(LENIENT)(TypedDict("CrossrefDate", {"date-parts": list[list[OnErrorOmit[int | None]]] | None}, total=False))
CrossrefAuthor = with_config(LENIENT)(TypedDict("CrossrefAuthor", {"given": str | None, "family": str | None,
                                              "name": str | None}, total=False))
CrossrefReference = with_config(LENIENT)(TypedDict("CrossrefReference", {"DOI": str | None}, total=False))
CrossrefRelation = with_config(LENIENT)(TypedDict("CrossrefRelation", {"id": str | None, "id-type": str | None}, total=False))
CrossrefItem = with_config(LENIENT)(TypedDict("CrossrefItem", {
    "DOI": Required[str],
    "title": list[OnErrorOmit[str]] | None,
    "author": list[OnErrorOmit[CrossrefAuthor]] | None,
    "issued": CrossrefDate | None,
    "published": CrossrefDate | None,
    "published-print": CrossrefDate | None,
    "published-online": CrossrefDate | None,
    "container-title": list[OnErrorOmit[str]] | None,
    "volume": str | None,
    "issue": str | None,
    "page": str | None,
    "abstract": str | None,
    "reference": list[OnErrorOmit[CrossrefReference]] | None,
    "reference-count": int | None,
    "references-count": int | None,
    "is-referenced-by-count": int | None,
    "relation": dict[str, list[OnErrorOmit[CrossrefRelation]]] | None,
    "subject": list[OnErrorOmit[str]] | None,
    "URL": str | None,
}, total=False))
CrossrefList = with_config(LENIENT)(TypedDict("CrossrefList", {"items": Required[list[Any]]}, total=False))

# -- OpenCitations, Hugging Face -----------------------------------------------------------------------------

CitationRow = with_config(LENIENT)(TypedDict("CitationRow", {"citing": str | None, "cited": str | None}, total=False))


class HFPaper(TypedDict, total=False):
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    id: str | None
    title: str | None
    summary: str | None
    publishedAt: str | None
    authors: list[OnErrorOmit[Named]] | None


class HFEntry(HFPaper, total=False):  # the paper's fields may also sit on the entry itself
    __pydantic_config__ = LENIENT  # type: ignore[misc]
    paper: HFPaper | None


# -- checking ------------------------------------------------------------------------------------------------

_ADAPTERS: dict[Any, TypeAdapter] = {}


def _adapter(model: Any) -> TypeAdapter:
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    return adapter


def _envelope(model: Any, body: Any, what: str) -> dict[str, Any]:
    try:
        return _adapter(model).validate_python(body)
    except ValidationError as error:
        raise ShapeError(f"{what}: {_first_error(error)}") from None


def _first_error(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"]) or "the answer"
    message = first["msg"][:1].lower() + first["msg"][1:]
    return f"{where}: {message} (got {type(first.get('input')).__name__})"


def records(model: Any, items: list[Any], allow_null: bool = False) -> tuple[list[Any], int]:
    """`items` checked one by one as `model`; those that fail are left out (or None, with `allow_null`, so a
    batch keeps its positions). Returns the checked items and how many were left out."""
    adapter = _adapter(model)
    checked, dropped = [], 0
    for item in items:
        if item is None and allow_null:
            checked.append(None)
            continue
        try:
            checked.append(adapter.validate_python(item))
        except ValidationError:
            dropped += 1
            if allow_null:
                checked.append(None)
    return checked, dropped


def openalex_page(body: Any) -> tuple[dict[str, Any], int]:
    """An OpenAlex list answer: ``{"meta": {...}, "results": [work, ...]}``."""
    page = _envelope(OpenAlexPage, body, "a list page")
    works, dropped = records(OpenAlexWork, page["results"])
    return {"meta": page.get("meta") or {}, "results": works}, dropped


def openalex_work(body: Any) -> tuple[dict[str, Any], int]:
    """An OpenAlex single-work answer (``/works/W1``)."""
    return _envelope(OpenAlexWork, body, "a work"), 0


def s2_batch(size: int) -> Callable[[Any], tuple[list[Any], int]]:
    """S2's ``/paper/batch`` answer: a list of `size` records, None where S2 does not know the id."""

    def check(body: Any) -> tuple[list[Any], int]:
        if not isinstance(body, list):
            raise ShapeError(f"a batch answer: expected a list of {size} records (got {type(body).__name__})")
        if len(body) != size:
            raise ShapeError(f"a batch answer: {len(body)} records for {size} ids")
        return records(S2Paper, body, allow_null=True)

    return check


def s2_links(key: str) -> Callable[[Any], tuple[dict[str, Any], int]]:
    """A page of S2 ``/references`` (rows with `key` ``citedPaper``) or ``/citations`` (``citingPaper``)."""

    def check(body: Any) -> tuple[dict[str, Any], int]:
        page = _envelope(S2LinkPage, body, "a page of links")
        rows, dropped = [], 0
        for row in page["data"]:
            linked = row.get(key) if isinstance(row, dict) else None
            if isinstance(linked, dict) and linked.get("paperId") is None:
                continue  # S2 could not identify the linked paper: a normal row, not a fault
            [paper], bad = records(S2Paper, [linked], allow_null=True)
            dropped += bad
            if paper is not None:
                rows.append({key: paper})
        return {"data": rows, **({"next": page["next"]} if page.get("next") is not None else {})}, dropped

    return check


def s2_match(body: Any) -> tuple[dict[str, Any], int]:
    """S2's ``/paper/search/match`` answer: ``{"data": [paper]}``."""
    page = _envelope(S2Match, body, "a title match")
    papers, dropped = records(S2Paper, page["data"])
    return {"data": papers}, dropped


def s2_bulk(body: Any) -> tuple[dict[str, Any], int]:
    """S2's ``/paper/search/bulk`` answer: ``{"total": n, "token": next or null, "data": [paper, …]}``."""
    page = _envelope(S2Bulk, body, "a bulk search page")
    papers, dropped = records(S2Paper, page["data"])
    return {"data": papers, "total": page.get("total"), "token": page.get("token")}, dropped


def crossref_list(body: Any) -> tuple[dict[str, Any], int]:
    """A Crossref list answer: ``{"message": {"items": [...]}}``."""
    if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
        raise ShapeError("a list answer: no message object")
    message = _envelope(CrossrefList, body["message"], "a list answer")
    items, dropped = records(CrossrefItem, message["items"])
    return {"message": {"items": items}}, dropped


def crossref_work(body: Any) -> tuple[dict[str, Any], int]:
    """A Crossref single-work answer: ``{"message": {work}}``."""
    if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
        raise ShapeError("a work answer: no message object")
    return {"message": _envelope(CrossrefItem, body["message"], "a work")}, 0


def citation_rows(body: Any) -> tuple[list[Any], int]:
    """An OpenCitations answer: a list of rows naming the citing and the cited work."""
    if not isinstance(body, list):
        raise ShapeError(f"a citation list: expected a list (got {type(body).__name__})")
    return records(CitationRow, body)


def hf_listing(body: Any) -> tuple[list[Any], int]:
    """A Hugging Face daily-papers answer: a list of entries."""
    if not isinstance(body, list):
        raise ShapeError(f"a daily listing: expected a list (got {type(body).__name__})")
    return records(HFEntry, body)


ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"


def atom_feed(body: Any) -> tuple[Any, int]:
    """An arXiv answer: an Atom ``<feed>`` element."""
    if getattr(body, "tag", None) != ATOM_FEED:
        raise ShapeError(f"an arXiv answer: expected an Atom feed (got <{getattr(body, 'tag', '?')}>)")
    return body, 0
