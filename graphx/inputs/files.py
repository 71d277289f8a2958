"""Read an input argument: an identifier, or a file of BibTeX, RIS, CSV/TSV, a listing or one id/title a line.

Every file error names the file and says what was expected, as an `InputError` (one line in the CLI).
"""
from __future__ import annotations

import csv
import io
import re
import stat
import sys
from pathlib import Path
from typing import BinaryIO

import bibtexparser
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from graphx.errors import InputError
from graphx.inputs.ids import detect_query
from graphx.inputs.listing import is_furniture, parse_listing
from graphx.inputs.zotero import zotero_query
from graphx.model import Query

MAX_INPUT_BYTES = 20 * 1024 * 1024
EXPECTED = "expected BibTeX (.bib), RIS (.ris), CSV/TSV with a doi, arxiv or title column, a pasted listing, or one id or title a line"
_CSV_COLUMNS = {
    "doi": "doi",
    "arxiv": "arxiv", "arxiv_id": "arxiv", "eprint": "arxiv",
    "openalex": "openalex", "openalex_id": "openalex",
    "s2": "s2", "paperid": "s2", "s2_id": "s2", "semantic_scholar_id": "s2",
    "title": "title",
    "year": "year", "publication year": "year", "publication_year": "year",
    "author": "author", "authors": "author",
    "url": "url",
    "abstract": "abstract", "abstract note": "abstract",  # Zotero's CSV says "Abstract Note"
}


STDIN = "-"
_FILE_NAME = re.compile(r"^\S*[\w~-]\.[A-Za-z][A-Za-z0-9]{0,4}$")  # one word ending in an extension: seeds.lst, ~/refs.bibtex


def read_input(argument: str, stdin: BinaryIO | None = None) -> list[Query]:
    """Queries for one command-line argument: a file path is read, ``-`` reads standard input (as a file),
    anything else is one identifier or title.

    Only regular files are read: a FIFO, a device (/dev/zero) or a socket is refused, since reading one may
    never end; pipe a list in with ``-`` instead. A single word ending in a file extension that names no file
    (a mistyped ``seeds.lst``) is an error, not a title to search.

    >>> [q.label for q in read_input("arXiv:1706.03762")]
    ['arxiv:1706.03762']
    """
    if argument == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return parse_file_text(decode(Path("stdin"), stream.read(MAX_INPUT_BYTES + 1)), Path("stdin"))
    if not argument.strip():
        return [Query("title", "", "argument", problem=f"empty argument ({argument!r})")]
    if argument.strip().lower().startswith("zotero:"):
        return [zotero_query(argument)]
    path = Path(argument)
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # no such file, or a title too long to be a file name
        mode = None
    if mode is not None and stat.S_ISREG(mode):
        return read_file(path)
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"{argument}: is a folder, not a file ({EXPECTED})")
    if mode is not None:
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        raise InputError(f"{argument}: is {kind}, not a regular file; to read a list from standard input, give - as the input")
    query = detect_query(argument)
    if path.suffix.lower() in {".bib", ".ris", ".csv", ".tsv", ".txt"} or (query.kind == "title" and _FILE_NAME.match(argument.strip())):
        raise InputError(f"{argument}: no such file ({EXPECTED})")
    if query.problem:  # an argument announcing an identifier it does not hold: said now, before any network
        raise InputError(query.problem)
    return [query]


def read_file(path: Path) -> list[Query]:
    """All queries in one file, by its extension or, failing that, its content."""
    return parse_file_text(read_text(path), path)


def parse_file_text(text: str, path: Path) -> list[Query]:
    """All queries in the text of one file (or of standard input), by its extension or its content."""
    if not text.strip():
        raise InputError(f"{path}: empty file ({EXPECTED})")
    suffix = path.suffix.lower()
    head = text.lstrip()[:200]
    if suffix == ".bib" or (suffix not in {".ris", ".csv", ".tsv"} and re.match(r"@\w+\s*[{(]", head)):
        queries = parse_bibtex(text, path.name)
    elif suffix == ".ris" or re.match(r"TY  - ", head):
        queries = parse_ris(text, path.name)
    elif suffix in {".csv", ".tsv"}:
        queries = parse_csv(text, path.name)
    else:
        queries = parse_text(text, path.name)
    if not queries:
        raise InputError(f"{path}: no papers found ({EXPECTED})")
    return queries


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or UTF-16 with BOM; anything binary is refused."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"{path}: file is {size // (1024 * 1024)} MB, "
                f"larger than the {MAX_INPUT_BYTES // (1024 * 1024)} MB an input file may be ({EXPECTED})"
            )
        with path.open("rb") as handle:  # at most the cap, even from a file that grows as it is read
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    """The text of a file's bytes: UTF-8 (with or without BOM), UTF-16 or Windows-1252; binary is refused."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{path}: more than the {MAX_INPUT_BYTES // (1024 * 1024)} MB an input may be ({EXPECTED})")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(path, data, "utf-16")
    if encoding := _bomless_utf16(data):
        return _decode(path, data, encoding)
    if b"\x00" in data:
        raise InputError(f"{path}: binary file, not text ({EXPECTED})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Older Windows tools export Windows-1252; it decodes almost any byte, so it is tried last.
    return _decode(path, data, "cp1252")


def _bomless_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when `data` looks like BOM-less UTF-16 text (every other byte NUL), else None."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8, UTF-16 or Windows-1252 text ({EXPECTED})") from None


def query_from_fields(fields: dict[str, str], origin: str) -> Query:
    """The best query a bibliographic record allows: DOI, then arXiv id, OpenAlex, S2, a link, then title.

    The title, year, first author and abstract ride along, so that a title match can be verified against them,
    and so that a record no source resolves (offline, or unknown to all) is still kept as a local node with
    its own text.
    """
    title = _clean(fields.get("title", ""))
    year = _year(fields.get("year", ""))
    author = _clean(fields.get("author", ""))
    context = {"year": year, "first_author": author, "abstract": _clean(fields.get("abstract", ""))}
    problems = []
    for kind in ("doi", "arxiv", "openalex", "s2", "url"):
        raw = _clean(fields.get(kind, ""))
        if not raw:
            continue
        prefix = {"arxiv": "arXiv:", "doi": "doi:"}.get(kind, "")
        query = detect_query(prefix + raw if prefix and not raw.lower().startswith(("http", prefix.lower())) else raw, origin)
        if query.kind != "title" and not query.problem:
            return Query(query.kind, query.value, origin, title=title, **context)
        if query.problem:
            problems.append(query.problem)
    if title:
        return Query("title", title, origin, **context)
    return Query("title", "", origin, problem=problems[0] if problems else "record has no DOI, arXiv id or title")


def parse_bibtex(text: str, name: str) -> list[Query]:
    """Queries from BibTeX, via bibtexparser (LaTeX accents decoded, co-authors split)."""
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    if not library.entries and library.failed_blocks:
        raise InputError(f"{name}: malformed BibTeX, no entry could be read ({EXPECTED})")
    queries = []
    for entry in library.entries:
        fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
        authors = fields.get("author", [])
        fields["author"] = authors[0] if isinstance(authors, list) and authors else str(authors or "")
        is_arxiv = str(fields.get("archiveprefix", "")).lower() == "arxiv" or "arxiv" in str(fields.get("journal", "")).lower()
        if "eprint" in fields and is_arxiv:
            fields["arxiv"] = fields["eprint"]
        line = getattr(entry, "start_line", None)
        origin = f"{name}:{line + 1}" if isinstance(line, int) else f"{name}:{entry.key}"
        queries.append(query_from_fields({k: str(v) for k, v in fields.items()}, origin))
    for block in library.failed_blocks:
        line = getattr(block, "start_line", 0) or 0
        duplicates = getattr(block, "duplicate_keys", None)
        why = f"field given twice ({', '.join(sorted(duplicates))})" if duplicates else "cannot be parsed"
        queries.append(Query("title", "", f"{name}:{line + 1}", problem=f"malformed BibTeX entry: {why}"))
    return queries


def parse_ris(text: str, name: str) -> list[Query]:
    """Queries from RIS, via rispy."""
    try:
        records = rispy.loads(text)
    except Exception as error:  # rispy raises bare IOError/ValueError subclasses on bad structure
        raise InputError(f"{name}: malformed RIS ({error}); {EXPECTED}") from None
    if not records and re.search(r"^TY  - ", text, re.M):
        raise InputError(f"{name}: malformed RIS, no record ends with 'ER  -' ({EXPECTED})")
    queries = []
    for number, record in enumerate(records, start=1):
        authors = record.get("authors") or record.get("first_authors") or []
        urls = record.get("urls") or []
        fields = {
            "doi": record.get("doi", ""),
            "title": record.get("title") or record.get("primary_title") or "",
            "year": str(record.get("year") or record.get("publication_year") or ""),
            "author": authors[0] if authors else "",
            "abstract": record.get("abstract") or record.get("notes_abstract") or "",
            "url": next((u for u in urls if re.search(r"arxiv\.org|doi\.org|openalex\.org|semanticscholar\.org", u)), ""),
        }
        queries.append(query_from_fields(fields, f"{name}:record {number}"))
    return queries


def parse_csv(text: str, name: str) -> list[Query]:
    """Queries from CSV/TSV with columns doi / arxiv / openalex / s2 / title (any case, Zotero's names too)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel_tab if name.lower().endswith(".tsv") else csv.excel
    # newline=None reads lone \r (old Mac exports) and \r\n as line ends, as csv wants.
    reader = csv.DictReader(io.StringIO(text, newline=None), dialect=dialect)
    try:
        columns = {c: _CSV_COLUMNS[c.strip().lower()] for c in (reader.fieldnames or []) if c and c.strip().lower() in _CSV_COLUMNS}
        if not {"doi", "arxiv", "openalex", "s2", "title", "url"} & set(columns.values()):
            raise InputError(
                f"{name}: CSV has no doi, arxiv, openalex, s2 or title column (columns: {', '.join(reader.fieldnames or []) or 'none'})"
            )
        queries = []
        for row in reader:
            fields = {kind: (row.get(column) or "") for column, kind in columns.items()}
            fields["author"] = fields.get("author", "").split(";")[0]
            queries.append(query_from_fields(fields, f"{name}:{reader.line_num}"))
    except csv.Error as error:
        raise InputError(f"{name}: malformed CSV at line {reader.line_num} ({error}); {EXPECTED}") from None
    return queries


def parse_text(text: str, name: str) -> list[Query]:
    """A pasted listing (titles with abstracts), else one identifier or title a line."""
    listed = parse_listing(text)
    if listed:
        return [Query("title", p.title, f"{name}:{p.line}", year=p.year, abstract=p.abstract) for p in listed]
    queries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#") or is_furniture(line):
            continue
        queries.append(detect_query(line, f"{name}:{number}"))
    return queries


def _clean(value: str) -> str:
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _year(value: str) -> int | None:
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(value))
    return int(m.group(1)) if m else None
