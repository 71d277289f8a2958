"""Communities of papers, each named in words a reader recognises, and summarised.

Louvain (Blondel et al. 2008, igraph's multilevel algorithm) over the similarity backbone
(`graphx.backbone`: coupling, co-citation, shared keywords, direct citations, kNN-sparsified), seeded so the
same graph always gives the same communities; numbered by size, 0 the largest. The map is laid out on the
same backbone, so a community is a region of the map.

Each community is named, in this order of preference:

1. by the topics and keywords the sources gave (OpenAlex keywords and topics, Semantic Scholar fields of
   study) that at least `PHRASE_SHARE` of its papers carry and that are over-represented in it (a field every
   paper of the graph has, like "Computer Science", names nothing);
2. else by its distinctive terms (titles, keywords, abstracts): words far more of its papers use than papers
   of other communities do (see `_term_labels`), stop words of every language of the maintained
   ``stop-words`` list removed, and only terms that at least `TERM_SHARE` of its papers (and two of them)
   use, so one long abstract cannot name a community;
3. else ``"mixed"``: no coherent name. A community of one paper has no name ("").
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import igraph
import networkx as nx
import numpy as np

from graphx.backbone import Backbone, similarity_backbone
from graphx.graph import EdgeArrays, edge_arrays
from graphx.seeded import igraph_seeded

LABEL_TERMS = 3
PHRASE_SHARE = 0.3  # a source's topic names a community when this share of its papers carry it …
PHRASE_LIFT = 1.5  # … and it is this many times more common there than in the whole graph
TERM_SHARE = 0.2  # a term names a community when this share of its papers (and at least two) use it
MIXED = "mixed"
# Words of academic prose that say how a paper argues, not what it is about: a community is never named by them
# (matched by stem, so "analyzing" and "analyses" go with "analyze"). Stop-word lists leave them in.
PROSE = frozenset("""
    achieve address aim analyse analyze application apply approach article aspect base based benefit case challenge
    conduct consider contribute current demonstrate describe design develop different discuss effect effective
    enhance evaluate examine existing explore factor finding focus framework futur future given highlight identify
    impact implication import important improve include increase insight investigate issue key lead level literature
    method novel new offer opportunity outcome overview paper perform potential present propose provide purpose
    recent reveal result role show significant studies study suggest technique type understand use used using
    various way work
""".split())
TOKEN = r"(?u)\b[^\W\d_][\w\-]{2,}\b"


@dataclass(frozen=True)
class Community:
    """One community as a reader sees it: its number, label, size and what is in it."""

    number: int
    label: str
    size: int
    seeds: int
    first_year: int | None
    median_year: int | None
    last_year: int | None
    top_ids: tuple[str, ...]
    top_titles: tuple[str, ...]


def assign_communities(graph: nx.MultiDiGraph, seed: int = 42, arrays: EdgeArrays | None = None,
                       backbone: Backbone | None = None) -> Backbone | None:
    """Write ``community`` (0 = largest) and ``community_label`` onto every node; return the similarity
    backbone they were found on, so that the map is laid out on the same ties without computing them again
    (`arrays`: the graph's `edge_arrays`, `backbone`: its `similarity_backbone`, when already made)."""
    if graph.number_of_nodes() == 0:
        return None
    backbone = backbone or similarity_backbone(arrays or edge_arrays(graph))
    ordered = sorted(louvain(backbone, seed), key=lambda c: (-len(c), min(c)))
    for number, members in enumerate(ordered):
        for node in members:
            graph.nodes[node]["community"] = number
    labels = community_labels(graph, [sorted(c) for c in ordered])
    for number, members in enumerate(ordered):
        for node in members:
            graph.nodes[node]["community_label"] = labels[number]
    return backbone


def louvain(backbone: Backbone, seed: int) -> list[list[str]]:
    """Louvain communities by igraph's multilevel algorithm (C; a million ties in seconds) over the
    similarity backbone (`graphx.backbone.similarity_backbone`)."""
    network = igraph.Graph(n=len(backbone.nodes), directed=False)
    network.add_edges(np.column_stack([backbone.first, backbone.second]))
    network.es["weight"] = backbone.weights.tolist()
    with igraph_seeded(seed):
        membership = network.community_multilevel(weights="weight" if network.ecount() else None).membership
    groups: dict[int, list[str]] = {}
    for node, number in zip(backbone.nodes, membership, strict=True):
        groups.setdefault(number, []).append(node)
    return list(groups.values())


def _text(data: dict) -> str:
    return " ".join(str(data.get(key, "")) for key in ("title", "title", "keywords", "abstract"))


def stop_words() -> list[str]:
    """Stop words of every language the maintained ``stop-words`` package lists (English, German, French,
    Spanish, Portuguese, … 33 languages), lower-cased, plus scikit-learn's English list."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from stop_words import AVAILABLE_LANGUAGES, get_stop_words

    words = set(ENGLISH_STOP_WORDS)
    for language in AVAILABLE_LANGUAGES:
        words.update(w.lower() for w in get_stop_words(language))
    return sorted(words)


def community_labels(graph: nx.MultiDiGraph, members: list[list[str]], terms: int = LABEL_TERMS) -> list[str]:
    """The name of each community (see the module notes): source topics, else distinctive terms, else "mixed".

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"title": "protein folding dynamics"}), ("b", {"title": "protein folding kinetics"}),
    ...                   ("c", {"title": "galaxy cluster survey"}), ("d", {"title": "galaxy redshift survey"}),
    ...                   ("e", {"title": "die Sprache und das Denken"}), ("f", {"title": "le monde et les choses"})])
    >>> community_labels(g, [["a", "b"], ["c", "d"], ["e", "f"]], terms=2)
    ['folding, protein', 'galaxy, survey', 'mixed']
    """
    phrases = _phrase_labels(graph, members)
    words = _term_labels(graph, members, terms)
    repeated = {p for p in phrases if p and phrases.count(p) > 1}
    labels = []
    for group, phrase, word in zip(members, phrases, words, strict=True):
        own = [w for w in word.split(", ") if w and w.lower() not in phrase.lower()]  # not "Medicine: medicine"
        if phrase in repeated and own:  # two communities both "Medicine": their own words tell them apart
            phrase = f"{phrase}: {', '.join(own[:2])}"
        labels.append(phrase or word or (MIXED if len(group) > 1 else ""))
    return labels


def _phrase_labels(graph: nx.MultiDiGraph, members: list[list[str]]) -> list[str]:
    """Up to two of the sources' topics per community that most of it carries and the rest of the graph less."""
    carried = {n: {k.strip() for k in str(graph.nodes[n].get("keywords", "")).split("; ") if k.strip()} for n in graph}
    overall: dict[str, int] = {}
    for phrases in carried.values():
        for phrase in phrases:
            overall[phrase] = overall.get(phrase, 0) + 1
    total = max(1, graph.number_of_nodes())
    labels = []
    for group in members:
        counts: dict[str, int] = {}
        for node in group:
            for phrase in carried[node]:
                counts[phrase] = counts.get(phrase, 0) + 1
        fitting = [
            (count / len(group) / (overall[p] / total), count, p)
            for p, count in counts.items()
            if len(group) > 1
            and count >= 2
            and count >= PHRASE_SHARE * len(group)
            and count / len(group) >= PHRASE_LIFT * overall[p] / total
        ]
        labels.append(", ".join(p for _, _, p in sorted(fitting, key=lambda f: (-f[0], -f[1], f[2]))[:2]))
    return labels


def _term_labels(graph: nx.MultiDiGraph, members: list[list[str]], terms: int) -> list[str]:
    """The `terms` most distinctive words of each community that enough of its papers use.

    A word is distinctive of a community by how much more of its papers use it than papers elsewhere:
    ``p_in · ln(p_in / p_out)`` (the word's share of the community's papers, against its smoothed share of the
    other papers': its part of the divergence between the two). A word every paper uses (the demo's
    "artificial", "intelligence", "data", in a graph about AI) scores nothing however frequent it is, so two
    communities are not both named by it. TF-IDF with one document per community, tried first, named five
    of the demo's communities with those three words in turn.
    """
    from scipy import sparse

    nodes = [n for group in members for n in group]
    texts = [_text(graph.nodes[n]) for n in nodes]
    if not any(t.strip() for t in texts):
        return [""] * len(members)
    presence, vocabulary = _presence(texts)  # papers × words, 1 where a paper uses a word
    if not len(vocabulary):  # only stop words
        return [""] * len(members)
    group_of = np.repeat(np.arange(len(members)), [len(g) for g in members])
    indicator = sparse.csr_matrix((np.ones(len(nodes)), (group_of, np.arange(len(nodes)))), shape=(len(members), len(nodes)))
    word_use = (indicator @ presence).tocsr()  # communities × words: papers using each word
    stem_of, stems = _stems(vocabulary)
    to_stem = sparse.csr_matrix((np.ones(len(vocabulary)), (np.arange(len(vocabulary)), stem_of)), shape=(len(vocabulary), len(stems)))
    stem_presence = (presence @ to_stem).tocsr()
    stem_presence.data[:] = 1  # a paper using "risk" and "risks" uses the stem once
    prose = np.isin(stems, _stems(np.array(sorted(PROSE), dtype=object))[1])
    used = np.asarray((indicator @ stem_presence).todense(), dtype=float)  # communities × stems
    words_of_stem = np.split(np.argsort(stem_of, kind="stable"), np.cumsum(np.bincount(stem_of, minlength=len(stems)))[:-1])
    everywhere = used.sum(axis=0)
    total = len(nodes)
    labels = []
    for number, (group, row) in enumerate(zip(members, used, strict=True)):
        if len(group) < 2:
            labels.append("")
            continue
        inside = row / len(group)
        outside = (everywhere - row + 1) / (total - len(group) + 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(row > 0, inside * np.log(inside / outside), 0.0)
        enough = np.flatnonzero((row >= max(2, TERM_SHARE * len(group))) & (score > 0) & ~prose)
        best = enough[np.lexsort((enough, -score[enough]))][:terms]  # stems are in order: ties by stem
        uses = word_use.getrow(number).toarray().ravel()
        # each stem shown as the word of it the community uses most ("chatbot" for chatbot/chatbots), ties by word
        labels.append(", ".join(str(vocabulary[max(words_of_stem[i], key=lambda w: (uses[w], -w))]) for i in best))
    return labels


def _stems(vocabulary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each word's stem number, the stems in order): Snowball's English stems, so that a community is not
    named "risks, study, risk" or "chatbot, chatbots" — one stem, one word of its name.

    >>> _stems(np.array(["chatbot", "chatbots", "risk"], dtype=object))[0].tolist()
    [0, 0, 1]
    """
    import Stemmer

    stems, stem_of = np.unique(np.array(Stemmer.Stemmer("english").stemWords(vocabulary.tolist()), dtype=object), return_inverse=True)
    return stem_of.ravel(), stems


def _presence(texts: list[str]):
    """(papers × words presence matrix, words in order): what scikit-learn's ``CountVectorizer(binary=True,
    token_pattern=TOKEN, stop_words=stop_words())`` makes of `texts` (lower-cased, tokenised, stop words out),
    made in bulk: the texts are split at white space by pyarrow (no token spans white space), each distinct
    piece is tokenised once, and a sparse product gives each paper its words. (The vectorizer tokenised
    every text of 100,000 papers one token at a time in Python.)

    >>> presence, words = _presence(["Protein folding, protein DYNAMICS", "the folding of proteins"])
    >>> words.tolist(), presence.toarray().tolist()
    (['dynamics', 'folding', 'protein', 'proteins'], [[1, 1, 1, 0], [0, 1, 0, 1]])
    """
    import re

    import pyarrow as pa
    import pyarrow.compute as pc
    from scipy import sparse

    pieces = pc.utf8_split_whitespace(pa.array([t.lower() for t in texts], pa.large_string()))
    encoded = pc.list_flatten(pieces).dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    token, stop = re.compile(TOKEN), frozenset(stop_words())
    words_of = [[w for w in token.findall(piece) if w not in stop] for piece in distinct]
    vocabulary = np.array(sorted({w for words in words_of for w in words}), dtype=object)
    column = {w: i for i, w in enumerate(vocabulary.tolist())}
    piece_words = sparse.csr_matrix(
        (np.ones(sum(map(len, words_of)), np.int64), [column[w] for words in words_of for w in words],
         np.concatenate([[0], np.cumsum([len(words) for words in words_of])])), shape=(len(distinct), len(vocabulary)))
    codes = encoded.indices.to_numpy()  # each paper's pieces, paper after paper (a piece it repeats counts twice)
    papers_pieces = sparse.csr_matrix((np.ones(len(codes), np.int64), codes, pieces.offsets.to_numpy()), shape=(len(texts), len(distinct)))
    presence = (papers_pieces @ piece_words).tocsr()
    presence.data[:] = 1
    return presence, vocabulary


def summarise_communities(graph: nx.MultiDiGraph, top: int = 3) -> list[Community]:
    """One `Community` per community number written on the nodes, largest first."""
    groups: dict[int, list[str]] = {}
    for node, number in graph.nodes(data="community"):
        if number is not None:
            groups.setdefault(int(number), []).append(node)
    summaries = []
    for number in sorted(groups):
        nodes = groups[number]
        data = graph.nodes
        years = sorted(int(data[n]["year"]) for n in nodes if data[n].get("year"))
        best = sorted(nodes, key=lambda n: (-(data[n].get("pagerank") or 0), n))[:top]
        summaries.append(Community(
            number=number, label=data[nodes[0]].get("community_label", ""), size=len(nodes),
            seeds=sum(1 for n in nodes if data[n].get("is_seed")),
            first_year=years[0] if years else None, median_year=int(median(years)) if years else None,
            last_year=years[-1] if years else None,
            top_ids=tuple(best), top_titles=tuple(str(data[n].get("title", n)) for n in best),
        ))
    return summaries
