"""The graph as ONE self-contained HTML page (vis-network and its options from pyvis; graphx owns the template).

pyvis's own templates link Bootstrap and vis-network from CDNs even in "in_line" mode and inject data
without escaping, so graphx takes pyvis's copy of vis-network and its network options and writes the graph
through its own template: vis-network's script and CSS inlined, all metadata as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and every string shown by
the page set as text (never as HTML). The page only serialises: positions, sizes, colours, community names
and reading lists come from the build's analysis (`graphx.analysis`), so the page opens settled with physics
off; a button turns physics on.

The data is kept in proportion to what the first view needs (`page_data`): dots and links as columns of
numbers indexed by paper, each paper's metadata as one row under a shared list of field names, abstracts
gzip-compressed in a block of their own that the page unpacks (DecompressionStream) when a paper is first
read, and no ready-made BibTeX, RIS or CSL-JSON: references.js makes them in the page from the metadata, by
the rules of `graphx.bibliography`. `read_page_data` reads all of it back.
"""
from __future__ import annotations

import base64
import gzip
import itertools
import json
import operator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from graphx.bibliography import citation_keys
from graphx.model import LIST_SEPARATOR
from graphx.picture import LEGEND_COMMUNITIES, default_ranking, seeds_stand_out, size_basis
from graphx.suggest import LISTS
from graphx.table import link_rows

if TYPE_CHECKING:
    from graphx.analysis import Analysis

SHORT_TITLE = 34  # characters of a title drawn on the map (the full title shows on hover)
ABSTRACT_LEVEL = 4  # gzip level of the abstracts: 6 takes 2.5 times as long (7 s at 100,000 papers) for a block 5 % smaller


def safe_json(data: object) -> str:
    """JSON that cannot end a ``<script>`` block or open markup, whatever strings it carries.

    >>> safe_json({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """The title as the map draws it: up to its colon when that part is long enough to name the paper, cut
    at a word boundary past `limit` characters.

    >>> short_title("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding")
    'BERT: Pre-training of Deep…'
    >>> short_title("Sequence to Sequence Learning with Neural Networks")
    'Sequence to Sequence Learning with…'
    >>> short_title("Mamba: Linear-Time Sequence Modeling with Selective State Spaces")
    'Mamba: Linear-Time Sequence…'
    """
    title = " ".join(str(title).split())
    head = title.split(": ", 1)[0]
    if 12 <= len(head) <= limit:
        return head
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0] if " " in title[: limit + 1] else title[:limit]
    return cut.rstrip(",;:-–— ") + "…"


def first_author(authors: str) -> str:
    """The first author's family name, with "et al." when there are more.

    >>> first_author("Alan M. Turing"), first_author("Ashish Vaswani; Noam Shazeer"), first_author("")
    ('Turing', 'Vaswani et al.', '')
    """
    names = [a.strip() for a in str(authors or "").split("; ") if a.strip()]
    if not names:
        return ""
    family = names[0].split(",")[0] if "," in names[0] else names[0].split()[-1]
    return family + (" et al." if len(names) > 1 else "")


def vis_options() -> dict:
    """vis-network's options as pyvis sets them for a directed network, with physics off: the page opens on
    the positions it carries (a button turns physics on)."""
    network = Network(directed=True, height="100%", width="100%")
    network.toggle_physics(False)
    return json.loads(network.options.to_json())


PAPER_FIELDS = (
    "short", "first_author", "key", "title", "authors", "year", "venue", "doi", "cited_by_count", "pagerank", "local_citations",
    "local_references", "community", "is_seed", "hits_authority", "hits_hub", "betweenness", "citations_per_year", "similarity",
    "similarity_reason", "keyword_strength", "cites_seeds", "arxiv", "openalex", "s2", "url", "keywords", "sources", "versions",
    "reference_count", "references_known",
    "first_seen", "new_since", "citations_rose", "retracted", "withdrawn", "triage_rank", "triage_score", "triage_reason", "triage_tied",
    "volume", "issue", "pages",
)  # the metadata the page shows, searches and exports (`short`, `first_author`, `key` made here), often-absent last
GRAPH_FIELDS = PAPER_FIELDS[3:]  # the fields read from the graph as they are (the first three are made here)


def page_data(graph: nx.MultiDiGraph, title: str, analysis: Analysis) -> dict[str, object]:
    """Everything the page script reads, in columns: ``ids`` (the papers, in node order); ``nodes`` (x, y,
    value, colour as an index into ``colours``, and which papers are outlined); ``links`` (ends as indices
    into ``ids``, keyword links with their weight, in the graph's edge order, and the terms each keyword link
    names as positions in ``terms``, the distinct terms); ``papers`` (one row per paper
    under ``fields``, null where a paper has no value, ending at its last value; ``community_labels`` names
    each community once); the ranking, lists and options.

    Dots are drawn from `analysis` (its picture): sized by citations, coloured by community, seeds outlined
    when they are a minority of the graph (in a reading list where every paper is a seed, outlining all says
    nothing). They carry no vis-network label: the page draws its own labels, most important first and never
    on top of one another. At 10,000 papers the per-node and per-link JSON objects of vis-network (keys
    repeated in every item) made up two thirds of the page; as columns they are a tenth of that, and they are
    read straight from the graph's adjacency (no per-item record is made).
    """
    ids = list(graph)
    index = {node: i for i, node in enumerate(ids)}
    visuals = analysis.visuals
    keys = citation_keys(graph, ids)
    rows = []
    for node, data in graph.nodes(data=True):
        row = [short_title(data.get("title", node)), first_author(data.get("authors", "")), keys[node], *map(data.get, GRAPH_FIELDS)]
        while row and row[-1] is None:  # a row ends at its last value
            row.pop()
        rows.append(row)
    colours = sorted({visuals[n]["colour"] for n in ids})
    colour_index = {c: i for i, c in enumerate(colours)}
    seeds = [i for i, (_, seed) in enumerate(graph.nodes(data="is_seed")) if seed]
    nodes = {"x": [visuals[n]["x"] for n in ids], "y": [visuals[n]["y"] for n in ids], "value": [visuals[n]["size_share"] for n in ids],
             "colour": [colour_index[visuals[n]["colour"]] for n in ids],
             "outlined": seeds if seeds_stand_out(len(seeds), len(ids)) else []}
    sources, targets, _, datas = link_rows(graph, index)  # in the order of graph.edges, read in C
    weights = np.full(len(datas), None, dtype=object)  # null for a citation, the tie's strength for a keyword link
    tied = np.flatnonzero(np.fromiter(map(operator.ne, map(dict.get, datas, itertools.repeat("kind")), itertools.repeat("cites")),
                                      dtype=bool, count=len(datas)))
    weights[tied] = [round(float(datas[i].get("weight", 0)), 4) for i in tied.tolist()]
    terms, link_terms = link_term_indices([datas[i].get("terms") for i in tied.tolist()])
    lists: dict[str, list[dict]] = {name: [] for name in LISTS}
    for item in analysis.suggestions:
        lists[item.list].append({"id": item.id, "score": item.score, "reason": item.reason})
    return {
        "title": title,
        "ids": ids,
        "nodes": nodes,
        "colours": colours,
        "links": {"source": sources.tolist(), "target": targets.tolist(), "weight": weights.tolist(), "terms": link_terms},
        "terms": terms,
        "papers": {"fields": list(PAPER_FIELDS), "rows": rows},
        "community_labels": {str(k): v for k, v in analysis.community_labels.items()},
        "options": vis_options(),
        "ranking": default_ranking(graph),
        "size_by": size_basis(graph),
        "suggestions": lists,
        "list_names": LISTS,
        "seeds_outlined": bool(nodes["outlined"]),
        "legend_communities": LEGEND_COMMUNITIES,
    }


def link_term_indices(joined: list[object]) -> tuple[list[str], list[list[int]]]:
    """The terms the keyword links name, compactly: every distinct term once, and per link (in the order
    given) the positions of its terms in that list, so a term shared by a hundred links is written once.

    >>> link_term_indices(["language model; scaling", "scaling", None])
    (['language model', 'scaling'], [[0, 1], [1], []])
    """
    positions: dict[str, int] = {}
    links = [[positions.setdefault(term, len(positions)) for term in str(text).split(LIST_SEPARATOR) if term] if text else []
             for text in joined]
    return list(positions), links


def abstract_block(graph: nx.MultiDiGraph) -> str:
    """Every abstract as JSON ({paper: abstract}), gzip-compressed and base64-encoded: text the first view
    does not need, a third of its size, unpacked by the page when a paper is first read."""
    abstracts = {n: graph.nodes[n]["abstract"] for n in graph if graph.nodes[n].get("abstract")}
    packed = gzip.compress(json.dumps(abstracts, ensure_ascii=False).encode("utf-8"), compresslevel=ABSTRACT_LEVEL, mtime=0)
    return base64.b64encode(packed).decode("ascii")


def read_page_data(html: str) -> dict[str, object]:
    """The page's data read back from its HTML: ``nodes`` and ``links`` as lists of dicts (ids, not
    indices), ``papers`` as {id: {field: value}} with absent values left out, ``abstracts`` unpacked, and the
    other keys as written."""
    block = html.split('<script type="application/json" id="graph-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    ids, nodes, links = data["ids"], data["nodes"], data["links"]
    outlined = set(nodes["outlined"])
    data["nodes"] = [{"id": node, "x": nodes["x"][i], "y": nodes["y"][i], "value": nodes["value"][i],
                      "colour": data["colours"][nodes["colour"][i]], "outlined": i in outlined} for i, node in enumerate(ids)]
    named = iter(links["terms"])  # the keyword links' terms, in the order of the keyword links
    data["links"] = [{"from": ids[a], "to": ids[b], "kind": "cites", "weight": w} if w is None else
                     {"from": ids[a], "to": ids[b], "kind": "keyword", "weight": w, "terms": [data["terms"][t] for t in next(named)]}
                     for a, b, w in zip(links["source"], links["target"], links["weight"], strict=True)]
    fields = data["papers"]["fields"]
    data["papers"] = {
        node: {f: v for f, v in zip(fields, row, strict=False) if v is not None}  # a row ends at its last value
        for node, row in zip(ids, data["papers"]["rows"], strict=True)
    }
    for paper in data["papers"].values():
        if str(paper.get("community")) in data["community_labels"]:
            paper["community_label"] = data["community_labels"][str(paper["community"])]
    packed = html.split('<script type="text/plain" id="abstracts">', 1)[1].split("</script>", 1)[0]
    data["abstracts"] = json.loads(gzip.decompress(base64.b64decode(packed))) if packed.strip() else {}
    return data


def render_page(graph: nx.MultiDiGraph, title: str = "graphx", analysis: Analysis | None = None) -> str:
    """The whole page as a string, drawn from `analysis` (`graphx.analysis.analyse(graph)`, made here when the
    caller has none)."""
    from graphx.analysis import analyse

    analysis = analyse(graph) if analysis is None else analysis
    data = page_data(graph, title, analysis)
    lib = Path(str(files("pyvis"))) / "lib" / "vis-9.1.2"
    here = Path(__file__).parent
    environment = Environment(loader=FileSystemLoader(here), autoescape=select_autoescape(["html"]))
    template = environment.get_template("page.html")
    return template.render(
        title=title,
        vis_js=(lib / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        vis_css=(lib / "vis-network.css").read_text(encoding="utf-8"),
        page_js=(here / "page.js").read_text(encoding="utf-8"),
        references_js=(here / "references.js").read_text(encoding="utf-8"),
        data_json=safe_json(data),
        abstracts=abstract_block(graph),
        node_count=len(data["ids"]),
        edge_count=len(data["links"]["source"]),  # counted once already (a multigraph counts its links one by one)
    )


def write_page(graph: nx.MultiDiGraph, path: Path, title: str = "graphx", analysis: Analysis | None = None) -> Path:
    """Write the page to `path` (atomically) and return the path (`analysis`: as for `render_page`)."""
    from graphx.atomic import write_text_atomic

    write_text_atomic(path, render_page(graph, title, analysis))
    return path
