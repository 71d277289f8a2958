"""The graph as ONE self-contained HTML page (pyvis builds the network; graphx owns the template).

pyvis's own templates link Bootstrap and vis-network from CDNs even in "in_line" mode and inject data
without escaping, so graphx takes pyvis's network model (nodes, edges, options) and writes it through its
own template: vis-network's script and CSS inlined from the copy pyvis ships, all metadata as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and every string shown by
the page set as text (never as HTML). Positions are computed here, so the page opens settled with physics
off; a button turns physics on.
"""
from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.edge import Edge
from pyvis.network import Network

from graphx.bibliography import bibtex_by_paper, csl_json, ris_by_paper
from graphx.render.visual import default_ranking, node_visuals, size_basis
from graphx.suggest import LISTS, suggest

SHORT_TITLE = 34  # characters of a title drawn on the map (the full title shows on hover)
SUGGESTIONS = 20  # papers per reading list, as in suggestions.csv


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


def build_network(graph: nx.MultiDiGraph, visuals: dict[str, dict] | None = None) -> Network:
    """pyvis's model of the graph: sized by citations, coloured by community, seeds outlined, laid out.

    Nodes carry no vis-network label: the page draws its own labels, most important first and never on top
    of one another (vis-network draws every label it is given, piled up). Seeds are outlined when they are a
    minority of the graph (in a reading list where every paper is a seed, outlining all says nothing).
    `visuals` is `node_visuals(graph)` when the caller has it already (computed here otherwise).
    """
    network = Network(directed=True, height="100%", width="100%")
    visuals = node_visuals(graph) if visuals is None else visuals
    seeds = sum(1 for _, seed in graph.nodes(data="is_seed") if seed)
    outline = 0 < seeds <= graph.number_of_nodes() / 2
    for node, data in graph.nodes(data=True):
        visual = visuals[node]
        colour = visual["colour"]
        marked = outline and data.get("is_seed")
        network.add_node(
            node, label=" ", x=visual["x"], y=visual["y"], value=visual["size_share"],
            color={"background": colour, "border": "#111111" if marked else colour},
            borderWidth=3 if marked else 1, shape="dot",
        )
    # pyvis's add_edge checks both ends against a list of every node (a linear scan per edge: minutes at
    # 100,000 links); the ends come from the graph itself, so its Edge records are made directly.
    for source, target, data in graph.edges(data=True):
        if data.get("kind") == "cites":
            edge = Edge(source, target, True, arrows="to", color="#8a8a8a", width=1, kind="cites")
        else:
            edge = Edge(source, target, True, arrows="", dashes=True, color="#c9b27c", width=1 + 3 * float(data.get("weight", 0)), kind="keyword")
        network.edges.append(edge.options)
    network.toggle_physics(False)
    return network


def page_data(graph: nx.MultiDiGraph, network: Network, title: str) -> dict[str, object]:
    """Everything the page script reads: vis nodes and edges, per-paper metadata, options."""
    metadata = {}
    for node, data in graph.nodes(data=True):
        metadata[node] = {key: data[key] for key in (
            "title", "authors", "year", "venue", "doi", "arxiv", "openalex", "s2", "keywords",
            "cited_by_count", "pagerank", "local_citations", "local_references", "community", "community_label", "is_seed",
            "hits_authority", "hits_hub", "betweenness", "citations_per_year", "similarity", "similarity_reason",
            "sources", "versions", "reference_count", "references_known", "keyword_strength", "cites_seeds",
            "first_seen", "new_since", "citations_rose", "retracted", "withdrawn", "triage_rank", "triage_score", "triage_reason", "triage_tied",
        ) if key in data}
        metadata[node]["short"] = short_title(data.get("title", node))
        metadata[node]["first_author"] = first_author(data.get("authors", ""))
    edges = [{key: e[key] for key in ("from", "to", "arrows", "color", "width", "dashes", "kind") if key in e} for e in network.edges]
    nodes = [{key: n[key] for key in ("id", "x", "y", "value", "color", "borderWidth", "shape") if key in n} for n in network.nodes]
    ranking = default_ranking(graph)
    lists: dict[str, list[dict]] = {name: [] for name in LISTS}
    for item in suggest(graph, SUGGESTIONS):
        lists[item.list].append({"id": item.id, "score": item.score, "reason": item.reason})
    return {"title": title, "nodes": nodes, "edges": edges, "papers": metadata, "options": json.loads(network.options.to_json()),
            "ranking": ranking, "size_by": size_basis(graph), "suggestions": lists, "list_names": LISTS,
            "seeds_outlined": any(n.get("borderWidth") == 3 for n in nodes)}


def reference_data(graph: nx.MultiDiGraph) -> dict[str, dict[str, object]]:
    """Each paper's abstract, BibTeX, RIS and CSL-JSON (kept in their own block after the scripts, parsed when
    a paper is opened or exported rather than before the first frame)."""
    order = list(graph)
    csl = [{k: v for k, v in item.items() if k != "abstract"} for item in csl_json(graph, order)]
    return {"bibtex": bibtex_by_paper(graph, order), "ris": ris_by_paper(graph, order), "csl": dict(zip(order, csl)),
            "abstract": {n: graph.nodes[n]["abstract"] for n in order if graph.nodes[n].get("abstract")}}


def render_page(graph: nx.MultiDiGraph, title: str = "graphx", visuals: dict[str, dict] | None = None) -> str:
    """The whole page as a string (`visuals`: `node_visuals(graph)`, when already computed)."""
    network = build_network(graph, visuals)
    lib = Path(str(files("pyvis"))) / "lib" / "vis-9.1.2"
    here = Path(__file__).parent
    environment = Environment(loader=FileSystemLoader(here), autoescape=select_autoescape(["html"]))
    template = environment.get_template("page.html")
    return template.render(
        title=title,
        vis_js=(lib / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        vis_css=(lib / "vis-network.css").read_text(encoding="utf-8"),
        page_js=(here / "page.js").read_text(encoding="utf-8"),
        data_json=safe_json(page_data(graph, network, title)),
        reference_json=safe_json(reference_data(graph)),
        node_count=graph.number_of_nodes(),
        edge_count=graph.number_of_edges(),
    )


def write_page(graph: nx.MultiDiGraph, path: Path, title: str = "graphx", visuals: dict[str, dict] | None = None) -> Path:
    """Write the page to `path` (atomically) and return the path."""
    from graphx.atomic import write_text_atomic

    write_text_atomic(path, render_page(graph, title, visuals))
    return path
