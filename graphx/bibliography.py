"""Bibliographies of chosen papers for reference managers: BibTeX, RIS and CSL-JSON that Zotero imports cleanly.

BibTeX goes through bibtexparser (LaTeX special characters encoded, so ``&``, ``%``, ``_`` and accents survive
the trip) and RIS through rispy; CSL-JSON is plain JSON in the Citation Style Language schema. Citation keys
are unique (``turing1950computing``, then ``…a``, ``…b``).
"""
from __future__ import annotations

import json
import re
import unicodedata

import bibtexparser
import networkx as nx
import rispy
from bibtexparser.middlewares import LatexEncodingMiddleware
from bibtexparser.model import Entry, Field
from rispy.writer import RisWriter

from graphx.graph import LIST_SEPARATOR
from graphx.rank import order_by

STOP_WORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "from", "by", "at", "is", "are"}


def select_papers(graph: nx.MultiDiGraph, top: int | None = None, by: str = "pagerank", seeds: bool = False,
                  community: int | None = None) -> list[str]:
    """The papers a bibliography or an export covers, most central first: all, the seeds, one community,
    and/or the `top` by a score."""
    chosen = [n for n in order_by(graph, by)
              if (not seeds or graph.nodes[n].get("is_seed")) and (community is None or graph.nodes[n].get("community") == community)]
    return chosen[:top] if top else chosen


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a display name: "Alan M. Turing" → ("Turing", "Alan M."); "Turing, A." stays split.

    >>> split_name("Alan M. Turing"), split_name("Turing, A. M."), split_name("Plato")
    (('Turing', 'Alan M.'), ('Turing', 'A. M.'), ('Plato', ''))
    """
    name = " ".join(name.split())
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    parts = name.rsplit(" ", 1)
    return (parts[1], parts[0]) if len(parts) == 2 else (name, "")


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum()).lower()


def citation_keys(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    """A unique key per paper: first author's family name, year, first significant title word.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", title="Computing Machinery and Intelligence", authors="Alan Turing", year=1950)
    >>> g.add_node("b", title="Computing machinery, again", authors="Alan Turing", year=1950)
    >>> citation_keys(g, ["a", "b"])
    {'a': 'turing1950computing', 'b': 'turing1950computinga'}
    """
    keys: dict[str, str] = {}
    used: set[str] = set()
    for node in nodes:
        data = graph.nodes[node]
        authors = [a for a in str(data.get("authors", "")).split(LIST_SEPARATOR) if a.strip()]
        family = _ascii(split_name(authors[0])[0]) if authors else "anon"
        word = next((_ascii(w) for w in re.findall(r"\w+", str(data.get("title", ""))) if w.lower() not in STOP_WORDS and _ascii(w)), "")
        base = f"{family or 'anon'}{data.get('year') or 'nd'}{word}"
        key, suffix = base, 0
        while key in used:
            key = base + chr(ord("a") + suffix % 26) * (suffix // 26 + 1)
            suffix += 1
        used.add(key)
        keys[node] = key
    return keys


def _authors(data: dict) -> list[str]:
    return [a.strip() for a in str(data.get("authors", "")).split(LIST_SEPARATOR) if a.strip()]


def bibtex_text(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    """BibTeX entries for `nodes` (``@article`` with a venue, ``@misc`` without), special characters encoded."""
    return bibtexparser.write_string(bibtexparser.Library(_bibtex_entries(graph, nodes)),
                                     prepend_middleware=[LatexEncodingMiddleware(enclose_urls=False)])


def bibtex_by_paper(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    """One BibTeX entry per paper, keys unique across `nodes`, abstracts left out (the page's download
    button; the page carries the abstracts once already)."""
    middleware = [LatexEncodingMiddleware(enclose_urls=False)]
    return {node: bibtexparser.write_string(bibtexparser.Library([entry]), prepend_middleware=middleware).strip() + "\n"
            for node, entry in zip(nodes, _bibtex_entries(graph, nodes, abstracts=False))}


def ris_by_paper(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    """One RIS record per paper, abstracts left out (the page's download button)."""
    return {node: ris_text(graph, [node], abstracts=False) for node in nodes}


def _bibtex_entries(graph: nx.MultiDiGraph, nodes: list[str], abstracts: bool = True) -> list[Entry]:
    keys = citation_keys(graph, nodes)
    entries = []
    for node in nodes:
        data = graph.nodes[node]
        fields = {
            "title": data.get("title"), "author": " and ".join("{}, {}".format(*split_name(a)).rstrip(", ") for a in _authors(data)),
            "year": data.get("year"), "journal": data.get("venue"), "doi": data.get("doi"),
            "eprint": data.get("arxiv"), "archiveprefix": "arXiv" if data.get("arxiv") else None,
            "url": _url(data), "abstract": data.get("abstract") if abstracts else None,
        }
        entries.append(Entry("article" if data.get("venue") else "misc", keys[node],
                             [Field(k, str(v)) for k, v in fields.items() if v not in (None, "")]))
    return entries


class _RisWithoutNumbers(RisWriter):
    """rispy numbers each record ("1."); reference managers expect records to start at their TY line."""

    def set_header(self, count: int) -> str:
        return ""


def ris_text(graph: nx.MultiDiGraph, nodes: list[str], abstracts: bool = True) -> str:
    """RIS records for `nodes` (JOUR with a venue, GEN without)."""
    records = []
    for node in nodes:
        data = graph.nodes[node]
        record = {"type_of_reference": "JOUR" if data.get("venue") else "GEN", "title": data.get("title") or node,
                  "authors": ["{}, {}".format(*split_name(a)).rstrip(", ") for a in _authors(data)],
                  "year": str(data.get("year") or ""), "journal_name": data.get("venue"), "doi": data.get("doi"),
                  "urls": [_url(data)] if _url(data) else [], "abstract": data.get("abstract") if abstracts else None}
        records.append({k: v for k, v in record.items() if v not in (None, "", [])})
    return rispy.dumps(records, implementation=_RisWithoutNumbers).lstrip("\n")


def csl_json(graph: nx.MultiDiGraph, nodes: list[str]) -> list[dict]:
    """CSL-JSON items for `nodes`: the format Zotero, Pandoc and citeproc read."""
    keys = citation_keys(graph, nodes)
    items = []
    for node in nodes:
        data = graph.nodes[node]
        item = {"id": keys[node], "type": "article-journal" if data.get("venue") else "article", "title": data.get("title") or node,
                "author": [{"family": f, "given": g} if g else {"literal": f} for f, g in map(split_name, _authors(data))],
                "container-title": data.get("venue"), "DOI": data.get("doi"), "URL": _url(data), "abstract": data.get("abstract")}
        if data.get("year"):
            item["issued"] = {"date-parts": [[int(data["year"])]]}
        items.append({k: v for k, v in item.items() if v not in (None, "", [])})
    return items


def _url(data: dict) -> str:
    if data.get("doi"):
        return f"https://doi.org/{data['doi']}"
    if data.get("arxiv"):
        return f"https://arxiv.org/abs/{data['arxiv']}"
    return str(data.get("url") or "")


BIBLIOGRAPHY_FORMATS = {
    "bibtex": (".bib", bibtex_text),
    "ris": (".ris", ris_text),
    "csljson": (".json", lambda graph, nodes: json.dumps(csl_json(graph, nodes), ensure_ascii=False, indent=1)),
}
