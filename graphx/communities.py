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
TERM_SHARE = 0.2  # a term names a community when this share of its papers (and at least two) use it …
PHRASE_WEIGHT = 2.0  # a two-word phrase ranks as a word twice as distinctive
TERM_LIFT = 2.0  # … it is this many times as common there as in the other papers …
COMMON_ZIPF = 4.7  # … and, a single word, it is rarer in general English than this (zipf: log10 per billion words;
COMMON_FREQUENCY = 10 ** (COMMON_ZIPF - 9)  # 4.7 is 50 a million: "left" 5.6, "build" 5.0, "upper" 4.7, "scaling" 3.6)
# … nor, a single word, a word as common in another language (by the same bar) that English hardly uses: the
# prose of abstracts in Portuguese or Spanish ("artigo" 5.2, "dados" 5.3, "estudo" 5.0, "redes" 5.0), as "data"
# or "build" in English ("transformer", everyday French, stays: English uses it too). wordfreq's small lists
# hold every such word and load at once.
OTHER_LANGUAGES = ("de", "es", "fr", "it", "nl", "pt")
RARE_IN_ENGLISH = 10 ** (3.0 - 9)  # under 1 a million in English
MIXED = "mixed"
# Words of academic prose that say how a paper argues, not what it is about: a community is never named by them
# (matched by stem, so "analyzing" and "analyses" go with "analyze"). Stop-word lists leave them in.
PROSE = frozenset("""
    achieve address aim analyse analyze application apply approach article aspect base based benefit case challenge
    conduct consider contribute current demonstrate describe design develop different discuss effect effective
    enhance evaluate examine existing explore factor finding focus framework futur future given highlight identify
    impact implication import important improve include increase insight introduction investigate involve issue key
    lead level literature method novel new offer opportunity outcome overview paper perform potential present propose provide purpose
    recent reveal result role show significant studies study suggest technique type understand use used using
    various way work
""".split())


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
    # the fields apart, as clauses (no phrase runs from the end of the title into the abstract); each once, as
    # a term counts by the papers that use it, not how often
    return " . ".join(str(data.get(key, "")) for key in ("title", "keywords", "abstract"))


def _folded(texts: list[str]) -> tuple[list[str], dict[str, str]]:
    """`texts` with their accents folded, since terms are read in ASCII letters ("artículo" is read as
    "articulo", not "art" and "culo"), and each folded word → the accented word the texts write most."""
    import re
    from collections import Counter

    from graphx.model import fold_accents

    spelled: Counter = Counter()
    for text in texts:
        if not text.isascii():
            spelled.update(w for w in re.findall(r"\w+", text.lower()) if not w.isascii())
    accented: dict[str, str] = {}
    for word, _ in spelled.most_common():
        accented.setdefault(fold_accents(word), word)
    return [fold_accents(text) for text in texts], accented


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
    ['protein folding', 'galaxy, survey', 'mixed']
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
    """The `terms` most distinctive terms of each community that enough of its papers use, two-word phrases
    first ("time series", "scaling laws", "knowledge distillation").

    Terms are `graphx.tfidf`'s (words and two-word phrases, stemmed, each shown as the papers write it).
    A term is distinctive of a community by how much more of its papers use it than papers elsewhere:
    ``p_in · ln(p_in / p_out)`` (its share of the community's papers against its smoothed share of the other
    papers': its part of the divergence between the two). A word every paper uses (the demo's "artificial",
    "intelligence", "data", in a graph about AI) scores nothing however frequent it is, so two communities
    are not both named by it. A term names a community only when

    - at least `TERM_SHARE` of its papers, and two, use it (one long abstract cannot name a community),
    - it is at least `TERM_LIFT` times as common there as in the other papers,
    - no word of it is a stop word (of any language of the ``stop-words`` lists) or academic prose (`PROSE`),
    - and, a single word, it is no common English word (`COMMON_ZIPF`: "left", "serve", "release", "build",
      "upper" say nothing of a topic alone, where "time series" or "scaling laws" do).

    Phrases are named first; a word of a phrase already in the name, or a phrase sharing a word with it, is
    not named again ("time series, multivariate", not "time series, series, multivariate time").
    """
    from scipy import sparse

    from graphx.tfidf import Terms, count_terms

    nodes = [n for group in members for n in group]
    texts, accented = _folded([_text(graph.nodes[n]) for n in nodes])
    if not any(t.strip() for t in texts):
        return [""] * len(members)
    words = Terms()
    presence, vocabulary = count_terms(texts, words, min_df=2)  # papers × terms two papers use at least
    if not len(vocabulary):
        return [""] * len(members)
    presence.data[:] = 1
    shown = words.as_written
    stop = frozenset(stop_words())
    allowed, phrase = _nameable(vocabulary, shown, stop)
    group_of = np.repeat(np.arange(len(members)), [len(g) for g in members])
    indicator = sparse.csr_matrix((np.ones(len(nodes)), (group_of, np.arange(len(nodes)))), shape=(len(members), len(nodes)))
    used = (indicator @ presence).tocsr()  # communities × terms: papers using each term (sparse: most use few)
    everywhere = np.asarray(presence.sum(axis=0)).ravel()
    by_term = presence.tocsc()  # the papers using each term
    first_row = np.concatenate([[0], np.cumsum([len(g) for g in members])])
    total = len(nodes)
    labels = []
    for number, group in enumerate(members):
        if len(group) < 2:
            labels.append("")
            continue
        start, end = used.indptr[number], used.indptr[number + 1]
        columns, count = used.indices[start:end], used.data[start:end].astype(float)
        inside = count / len(group)
        outside = (everywhere[columns] - count + 1) / (total - len(group) + 2)
        score = inside * np.log(inside / outside)
        fit = (count >= max(2, TERM_SHARE * len(group))) & (inside >= TERM_LIFT * outside) & allowed[columns]
        columns, score = columns[fit], score[fit]
        weight = score * np.where(phrase[columns], PHRASE_WEIGHT, 1.0)  # a phrase names a topic better than a word
        ranked = columns[np.lexsort((columns, -weight))]
        chosen: list[tuple[set[str], str]] = []  # (stems, name) of each part of the name
        for column in ranked.tolist():
            if len(chosen) == terms:
                break
            stems = set(str(vocabulary[column]).split(" "))
            overlap = [i for i, (taken, _) in enumerate(chosen) if taken & stems]
            # a phrase takes the place of the words of it already named ("credit risks", not "risks"); a word
            # of a phrase named, or a phrase sharing a word with one, is not named again
            if overlap and (not phrase[column] or any(len(chosen[i][0]) > 1 for i in overlap)):
                continue
            name = str(shown[column])
            if phrase[column]:  # "deep neural" is "deep neural networks" where its papers always write so
                rows = by_term.indices[by_term.indptr[column]:by_term.indptr[column + 1]]
                rows = rows[(rows >= first_row[number]) & (rows < first_row[number] + len(group))]
                written = whole_term(name, [texts[r] for r in rows[:WHOLE_TERM_PAPERS].tolist()], stop)
                if written is None:
                    continue
                name = written
            if overlap:
                chosen[overlap[0]] = (stems, name)
                chosen = [part for i, part in enumerate(chosen) if i not in overlap[1:]]
            else:
                chosen.append((stems, name))
        labels.append(", ".join(" ".join(accented.get(w, w) for w in name.split(" ")) for _, name in chosen))
    return labels


WHOLE_TERM_PAPERS = 20  # papers read to see whether a phrase is part of a longer term
_WORD = r"[a-z0-9]+"


def whole_term(phrase: str, texts: list[str], stop: frozenset[str] = frozenset()) -> str | None:
    """`phrase` as the longer term its papers write it in, when they (two thirds of its uses or more, and
    twice) put the same word next to it — joined by a hyphen, or by a space and no stop word: "deep neural" →
    "deep neural networks", "dimensional data" → "high-dimensional data", "language processing" → "natural
    language processing"; else `phrase` itself; None when no paper writes its two words side by side (the
    phrase joined them across a dropped stop word or a bracket: "family of losses", "learning (SSL)").

    >>> whole_term("dimensional data", ["On high-dimensional data.", "Sparse high-dimensional data sets"])
    'high-dimensional data'
    >>> whole_term("time series", ["time series forecasting", "multivariate time series", "Time series models"])
    'time series'
    >>> whole_term("family losses", ["the cross-entropy family of losses"]) is None
    True
    """
    import re

    first, _, second = phrase.partition(" ")
    pattern = re.compile(rf"(?:\b({_WORD})(\s+|-))?\b({re.escape(first)}[\s-]+{re.escape(second)})\b(?:(\s+|-)({_WORD})\b)?")
    uses = [(paper, m) for paper, text in enumerate(texts) for m in pattern.finditer(text.lower())]
    if not uses:
        return None
    papers = len({paper for paper, _ in uses})  # papers, not uses, are counted: a title is read twice
    best, most = phrase, 0
    for word_at, join_at in ((1, 2), (5, 4)):  # the word before, the word after
        beside = [(m.group(word_at), m, paper) for paper, m in uses
                  if m.group(word_at) and (m.group(join_at) == "-" or m.group(word_at) not in stop)]
        for word in sorted({w for w, _, _ in beside}):
            count = len({paper for w, _, paper in beside if w == word})
            if count >= 2 and 3 * count >= 2 * papers and count > most:
                m = next(m for w, m, _ in beside if w == word)
                parts = (m.group(1), m.group(2), m.group(3)) if word_at == 1 else (m.group(3), m.group(4), m.group(5))
                best, most = " ".join("".join(parts).split()), count
    return best


def _adverb(word: str, frequency: dict[str, float]) -> bool:
    """Whether `word` is an adverb made of a common English adjective ("jointly", "explicitly",
    "efficiently"), which says how, not what ("family", "anomaly", "assembly" are no such words)."""
    return word.endswith("ly") and frequency.get(word[:-2], 0.0) >= 10 ** (3.5 - 9)


def _everyday_elsewhere(words: list[str]) -> list[str]:
    """Those of `words` (accents folded) as common in one of `OTHER_LANGUAGES` as `COMMON_ZIPF` (the caller
    asks only of words English hardly uses: "transformer" is everyday French).

    >>> _everyday_elsewhere(["artigo", "articulo", "dados", "herramienta", "kernels", "backpropagation"])
    ['artigo', 'articulo', 'dados']
    """
    from wordfreq import get_frequency_dict

    from graphx.model import fold_accents

    found = set()
    wanted = set(words)
    for language in OTHER_LANGUAGES:
        for word, share in get_frequency_dict(language, wordlist="small").items():
            if share < COMMON_FREQUENCY:
                break  # the lists run from the most frequent down
            if fold_accents(word) in wanted:
                found.add(fold_accents(word))
    return [w for w in words if w in found]


def _nameable(vocabulary: np.ndarray, shown: np.ndarray, stop: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
    """(whether each term may name a community, whether it is a two-word phrase), by the rules of
    `_term_labels`: no stop word, no academic prose, no adverb, no common English word alone (nor another
    language's everyday word, `OTHER_LANGUAGES`), no word under 3 letters. Judged once per distinct stem and
    word, then per term by array look-ups.

    >>> stems = ["left", "segment", "time seri", "propos method", "der", "joint", "famili"]
    >>> written = ["left", "segmentation", "time series", "proposed method", "der", "jointly", "family"]
    >>> _nameable(np.array(stems, dtype=object), np.array(written, dtype=object), frozenset(stop_words()))[0].tolist()
    [False, True, True, False, False, False, False]
    """
    import Stemmer
    from wordfreq import get_frequency_dict

    from graphx.tfidf import term_stems

    frequency = get_frequency_dict("en")
    prose = frozenset(Stemmer.Stemmer("english").stemWords(sorted(PROSE)))
    stems, first_stem, second_stem, _ = term_stems(vocabulary)
    words, first_word, second_word, _ = term_stems(shown)
    bad_stem = np.array([stem in prose for stem in stems] + [False])  # the last: "no second stem"
    bad_word = np.array([w in stop or len(w) < 3 or _adverb(w, frequency) for w in words] + [False])
    common = np.array([frequency.get(w, 0.0) >= COMMON_FREQUENCY for w in words] + [False])
    rare = [w for w in words if frequency.get(w, 0.0) < RARE_IN_ENGLISH]
    if rare:
        foreign = set(_everyday_elsewhere(rare))
        common |= np.array([w in foreign for w in words] + [False])
    phrase = second_stem >= 0
    allowed = ~(bad_stem[first_stem] | bad_stem[second_stem] | bad_word[first_word] | bad_word[second_word])
    return allowed & (phrase | ~common[first_word]), phrase


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
