"""The TF-IDF matrix keyword links are computed on: phrase-aware terms weighted against general English.

Terms. Words are lower-cased and split at hyphens (so "cross-entropy" and "cross entropy" are one phrase),
except after a prefix that is no word of its own ("pre-training" is "pretraining", "multi-task" "multitask",
not the words "training" and "task"), English stop words dropped, the rest reduced to their Snowball stems (PyStemmer: "recommender",
"recommendation" and "recommendations" meet); a term is a stem or a two-word phrase of stems adjacent within
a clause (never across a full stop, colon or semicolon, so "…data-driven modelling. Chaos as…" makes no
"modelling chaos"; commas and brackets stay inside a clause: "click-through rate (CTR) prediction"). Each
term is shown by a real word the papers use ("time series", not "time seri"). OpenAlex keywords and topics
given to `tfidf_matrix` are terms of their own, whole ("Time Series Analysis and Forecasting"), so two papers
tagged alike share a named keyword.

Weights. Sub-linear term frequency (1 + log count) times an inverse document frequency that asks two
questions: how rare the term is among these papers (``log((1 + n) / (1 + df)) + 1``, as scikit-learn
smooths it) and how rare its rarest word is in general English (`wordfreq`, a maintained frequency list
built from large corpora, bundled with the package): ``(max(0, 7 - zipf) / 7) ** PRIOR_EXPONENT``, zipf
being log10 of a word's frequency per billion words ("the" 7.7, "model" 5.1, "entropy" 3.3, "grokking"
absent). So a listing of 30 papers cannot make "results" or "performance" distinctive just because only
two of them happen to say it. A term must be in at least two papers (one paper's term can link nothing and
only dilutes its row) and, from 20 papers on, in at most half. Rows are L2-normalised, so a row product is
the cosine of two papers.

Most of the cost at 100,000 papers is reading the text into counts (tens of millions of tokens). Each text
is split by one regular expression (C); the rest is array work: every distinct word is stemmed once, words
and phrases become integer codes (``pandas.factorize``, hashing in C), the counts one sparse matrix, and
only the terms that survive the document-frequency limits are ever written out as strings. It is the matrix
scikit-learn's ``CountVectorizer`` makes with `Terms` as its analyzer (a test holds the two equal), about
four times faster.
"""
from __future__ import annotations

import re
from itertools import chain, pairwise

import numpy as np
import scipy.sparse as sp

ZIPF_TOP = 7.0  # a word at least this common in English (zipf ≥ 7: "the", "of", "and") says nothing of a topic
PRIOR_EXPONENT = 0.25  # how far general English tempers a term's weight; the listing's own spread does the rest
KEYWORD_PREFIX = "\x00"  # marks a whole OpenAlex keyword/topic in the vocabulary; never in a text token
# prefixes that are not words of their own: their hyphen is a spelling choice ("pre-training" = "pretraining",
# "multi-task" = "multitask", "re-ranking" = "reranking"), so a prefixed word is one token, its hyphen dropped
_PREFIXES = "pre|post|non|multi|semi|co|re|un|sub|inter|intra|meta|anti|de|auto|bi|tri|uni"
# a token is a word (of two characters or more, starting with a letter), perhaps behind a prefix and its
# hyphen, or a clause end: a full stop, colon, semicolon, ? or ! before a space
_TOKEN = re.compile(rf"(?:\b(?:{_PREFIXES})-)?[a-z][a-z0-9]+|[.;:!?]+(?=\s|$)")
BREAK = "0"  # what a clause end becomes: no phrase spans it


class Terms:
    """A text → its terms (stems and two-stem phrases), remembering the words each stem came from.

    Picklable (the stemmer is made again where it is used), so worker processes can count with it.

    >>> terms = Terms()
    >>> terms("Scaling laws of cross-entropy. Results")
    ['scale', 'law', 'cross', 'entropi', 'result', 'scale law', 'law cross', 'cross entropi']
    >>> terms.display("cross entropi")
    'cross entropy'
    """

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        self.stop_words = ENGLISH_STOP_WORDS
        self.words: set[str] = set()  # every word seen, to show stems by
        self._shown: dict[str, str] | None = None
        self._stemmer = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_stemmer": None}

    def __call__(self, text: str) -> list[str]:
        stems = self.stems(self.words_of(text))
        phrases = [f"{a} {b}" for a, b in pairwise(stems) if a != BREAK != b]
        return [s for s in stems if s != BREAK] + phrases

    def words_of(self, text: str) -> list[str]:
        """The text's words, lower-cased, stop words dropped, `BREAK` where a clause ends (one C-level pass)."""
        return [w for w in self.words_of_tokens(_TOKEN.findall(text.lower())) if w is not None]

    def words_of_tokens(self, tokens: list[str]) -> list[str | None]:
        """Each token (as `_TOKEN` finds it in lower-cased text) as a word: `BREAK` for a clause end, its
        hyphen dropped ("pre-training" → "pretraining"), None for a stop word; every word remembered."""
        words = [None if w in self.stop_words else BREAK if w[0] in ".;:!?" else w.replace("-", "") for w in tokens]
        self.words.update(w for w in words if w is not None)
        self._shown = None
        return words

    def stems(self, words: list[str]) -> list[str]:
        """Snowball stems of `words` (`BREAK` stays itself)."""
        if self._stemmer is None:
            import Stemmer

            self._stemmer = Stemmer.Stemmer("english")
        return self._stemmer.stemWords(words)

    @property
    def shown(self) -> dict[str, str]:
        """Each stem → the word showing it: of the words it came from, the commonest in English (then the
        shortest, then the first alphabetically), so the choice does not depend on the order of the texts."""
        if self._shown is None:
            import Stemmer
            from wordfreq import get_frequency_dict

            frequency = get_frequency_dict("en")
            words = sorted(self.words - {BREAK})
            best: dict[str, tuple[float, int, str]] = {}
            for stem, word in zip(Stemmer.Stemmer("english").stemWords(words), words, strict=True):
                rank = (-frequency.get(word, 0.0), len(word), word)
                if stem not in best or rank < best[stem]:
                    best[stem] = rank
            self._shown = {stem: rank[2] for stem, rank in best.items()}
        return self._shown

    def display(self, term: str) -> str:
        """The term as the papers write it: each stem by a word it came from (`display_all` of one term)."""
        return str(self.display_all(np.array([term], dtype=object))[0])

    def display_all(self, vocabulary: np.ndarray) -> np.ndarray:
        """`display` of every term, as array work over the distinct stems (a vocabulary of 100,000 papers
        has most of a million terms, and a Python call per term cost seconds).

        >>> terms = Terms()
        >>> _ = terms("Scaling laws of cross-entropy")
        >>> terms.display_all(np.array(["cross entropi", KEYWORD_PREFIX + "Deep Learning"])).tolist()
        ['cross entropy', 'Deep Learning']
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        stems, first, second, whole = term_stems(vocabulary)
        get = self.shown.get
        shown = pa.array([get(stem, stem) for stem in stems], type=pa.string())
        named = pc.binary_join_element_wise(shown.take(pa.array(first)), shown.take(pa.array(second, mask=second < 0)),
                                            " ", null_handling="skip")
        named = pc.if_else(pa.array(whole), pc.utf8_slice_codeunits(pa.array(vocabulary.tolist(), type=pa.string()), len(KEYWORD_PREFIX)),
                           named)
        return named.to_numpy(zero_copy_only=False).astype(object)


def term_stems(vocabulary: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(the distinct stems; per term the index of its first stem, of its second or -1, whether it is a whole
    keyword) — each term split once, in C (pyarrow).

    >>> stems, first, second, whole = term_stems(np.array(["law", "scale law", KEYWORD_PREFIX + "Deep Learning"]))
    >>> stems[:2], first.tolist(), second.tolist(), whole.tolist()
    (['law', 'scale'], [0, 1, 2], [-1, 0, -1], [False, False, True])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    terms = pa.array(vocabulary.tolist(), type=pa.string())
    whole = pc.starts_with(terms, KEYWORD_PREFIX).to_numpy(zero_copy_only=False)
    parts = pc.split_pattern(terms, " ", max_splits=1)
    encoded = pc.list_flatten(parts).dictionary_encode()
    codes = encoded.indices.to_numpy().astype(np.int64)
    offsets = parts.offsets.to_numpy()[:len(vocabulary) + 1].astype(np.int64)
    first = codes[offsets[:-1]] if len(codes) else np.zeros(0, dtype=np.int64)
    second = np.where(np.diff(offsets) == 2, codes[np.minimum(offsets[:-1] + 1, max(len(codes) - 1, 0))], -1) if len(codes) else first
    second[whole] = -1
    return encoded.dictionary.to_pylist(), first, second, whole


def frequency_limits(count: int) -> tuple[int, float]:
    """(min_df, max_df) for a corpus of `count` papers: a term shared by two papers at least, by half at most."""
    return 2, (0.5 if count >= 20 else 1.0)


def tfidf_matrix(texts: list[str], keywords: list[list[str]] | None = None) -> tuple[sp.csr_matrix, np.ndarray]:
    """(float32 CSR matrix, one row per text; the shown name of each column's term). ValueError when no
    term is shared. `keywords`, one list per text, adds each keyword as a whole term.

    >>> matrix, terms = tfidf_matrix(["graph neural networks", "neural networks for graphs", "medieval poetry"])
    >>> matrix.shape, list(terms)
    ((3, 4), ['graph', 'networks', 'neural', 'neural networks'])
    >>> tfidf_matrix(["Scaling laws", "A scaling law", "Law and order"])[1].tolist()
    ['law', 'scaling', 'scaling law']
    """
    terms = Terms()
    min_df, max_df = frequency_limits(len(texts))
    counts, vocabulary = count_terms(texts, terms, min_df, max_df)
    if keywords is not None and any(keywords):
        counts, vocabulary = _with_keywords(counts, vocabulary, keywords)
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = np.flatnonzero((document_frequency >= min_df) & (document_frequency <= max_df * len(texts)))
    if not len(keep):
        raise ValueError("After pruning, no terms remain")
    if len(keep) < counts.shape[1]:  # count_terms kept only these already, unless keywords were added
        counts, vocabulary, document_frequency = counts[:, keep], vocabulary[keep], document_frequency[keep]
    weights = counts.astype(np.float32)
    weights.data = 1 + np.log(weights.data)
    idf = (np.log((1 + len(texts)) / (1 + document_frequency)) + 1) * english_rarity(vocabulary, terms.shown)
    weights.data *= idf.astype(np.float32)[weights.indices]  # each column by its weight: no sparse product
    weights.eliminate_zeros()  # a term as common as "the" in English weighs nothing
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    weights.data *= np.repeat((1 / norms).astype(np.float32), np.diff(weights.indptr))
    weights.sort_indices()
    return weights.astype(np.float32), terms.display_all(vocabulary)


def english_rarity(vocabulary: np.ndarray, shown: dict[str, str]) -> np.ndarray:
    """Per term, ``(max(0, ZIPF_TOP - zipf) / ZIPF_TOP) ** PRIOR_EXPONENT`` of its rarest word in general
    English (1 for a word English lists do not know, or a whole OpenAlex keyword).

    >>> english_rarity(np.array(["result", "grokk", "scale law"]), {"result": "results", "grokk": "grokking",
    ...                "scale": "scaling", "law": "laws"}).round(2).tolist()
    [0.71, 1.0, 0.83]
    """
    from wordfreq import get_frequency_dict

    frequency = get_frequency_dict("en")
    stems, first, second, whole = term_stems(vocabulary)
    zipf = np.log10(np.array([frequency.get(shown.get(stem, stem), 0.0) for stem in stems] + [0.0]) * 1e9 + 1e-300)
    rarity = (np.maximum(0.0, ZIPF_TOP - np.maximum(zipf, 0.0)) / ZIPF_TOP) ** PRIOR_EXPONENT
    rarity[-1] = 0.0  # "no second stem"
    return np.where(whole, 1.0, np.maximum(rarity[first], rarity[second]))


def count_terms(texts: list[str], terms: Terms, min_df: int = 1, max_df: float = 1.0) -> tuple[sp.csr_matrix, np.ndarray]:
    """(int32 CSR counts, one row per text; the term of each column, alphabetical) of the terms `terms` makes
    of each text, keeping those in at least `min_df` texts and at most a `max_df` share of them.

    >>> counts, vocabulary = count_terms(["Graph neural networks.", "neural networks: graphs"], Terms(), min_df=2)
    >>> vocabulary.tolist(), counts.toarray().tolist()
    (['graph', 'network', 'neural', 'neural network'], [[1, 1, 1, 1], [1, 1, 1, 1]])
    """
    import pandas as pd

    found = [_TOKEN.findall(text.lower()) for text in texts]  # the one pass over every character (C)
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(texts))
    if not lengths.sum():
        return sp.csr_matrix((len(texts), 0), dtype=np.int32), np.array([], dtype=object)
    token_codes, tokens = pd.factorize(np.fromiter(chain.from_iterable(found), dtype=object, count=int(lengths.sum())))
    del found
    words = terms.words_of_tokens(tokens.tolist())  # each distinct token judged once: a stop word is None
    kept = np.array([w is not None for w in words], dtype=bool)[token_codes]
    stem_codes, stems = pd.factorize(np.array(terms.stems([w or BREAK for w in words]), dtype=object))  # each word stemmed once
    codes = stem_codes[token_codes[kept]].astype(np.int64)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[kept]
    del token_codes
    width = len(stems)
    is_break = np.zeros(width + 1, dtype=bool)
    is_break[np.flatnonzero(stems == BREAK)] = True
    single = ~is_break[codes]
    paired = (rows[1:] == rows[:-1]) & single[1:] & single[:-1]  # two stems side by side in one clause
    pair_codes, pairs = pd.factorize(codes[:-1][paired] * width + codes[1:][paired])
    counts = sp.csr_matrix((np.ones(int(single.sum()) + len(pair_codes), dtype=np.int32),
                            (np.concatenate([rows[single], rows[1:][paired]]),
                             np.concatenate([codes[single], width + pair_codes]))),
                           shape=(len(texts), width + len(pairs)))
    counts.sum_duplicates()
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = np.flatnonzero((document_frequency >= min_df) & (document_frequency <= max_df * len(texts)))
    names = np.empty(len(keep), dtype=object)
    is_stem = keep < width
    names[is_stem] = stems[keep[is_stem]]
    kept_pairs = pairs[keep[~is_stem] - width]
    names[~is_stem] = [f"{a} {b}" for a, b in zip(stems[kept_pairs // width].tolist(), stems[kept_pairs % width].tolist(), strict=True)]
    order = np.argsort(names.astype(str), kind="stable")
    counts = counts[:, keep[order]].tocsr()
    counts.sort_indices()
    return counts, names[order]


def _with_keywords(counts: sp.csr_matrix, vocabulary: np.ndarray, keywords: list[list[str]]) -> tuple[sp.csr_matrix, np.ndarray]:
    """The counts with one more column per distinct keyword (case-folded), each counted once per paper."""
    first_spelling: dict[str, str] = {}
    rows, columns = [], []
    for row, names in enumerate(keywords):
        for name in dict.fromkeys(" ".join(k.split()) for k in names if k.strip()):
            key = name.casefold()
            first_spelling.setdefault(key, name)
            rows.append(row)
            columns.append(key)
    order = {key: i for i, key in enumerate(first_spelling)}
    extra = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, [order[c] for c in columns])),
                          shape=(counts.shape[0], len(order)))
    extra.data[:] = 1  # a keyword listed twice by merged sources counts once
    names = np.array([KEYWORD_PREFIX + first_spelling[key] for key in order], dtype=object)
    return sp.hstack([counts, extra]).tocsr(), np.concatenate([vocabulary, names])
