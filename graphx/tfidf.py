"""The TF-IDF matrix keyword links are computed on: phrase-aware terms weighted against general English.

Terms. Words are lower-cased and split at hyphens (so "cross-entropy" and "cross entropy" are one phrase),
except after a prefix that is no word of its own ("pre-training" is "pretraining", "multi-task" "multitask",
not the words "training" and "task"), English stop words dropped, the rest reduced to their Snowball stems (PyStemmer: "recommender",
"recommendation" and "recommendations" meet); a term is a stem or a two-word phrase of stems adjacent within
a clause (never across a full stop, colon or semicolon, so "…data-driven modelling. Chaos as…" makes no
"modelling chaos"; commas and brackets stay inside a clause: "click-through rate (CTR) prediction"). Each
term is shown as the papers write it most often, a phrase as one ("scaling laws", "machine learning"; not
"time seri", nor each stem's own favourite word, "machine learn"). OpenAlex keywords and topics
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
from collections.abc import Callable
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
        # the terms `count_terms` kept last, and how the papers write each most often ("scale law" → "scaling
        # laws"), in the same order; a term not among them is shown stem by stem
        self.counted: np.ndarray = np.array([], dtype=object)
        self.as_written: np.ndarray = np.array([], dtype=object)
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
        """The term as the papers write it (`display_all` of one term)."""
        return str(self.display_all(np.array([term], dtype=object))[0])

    def display_all(self, vocabulary: np.ndarray) -> np.ndarray:
        """`display` of every term, as array work (a vocabulary of 100,000 papers has most of a million
        terms, and a Python call per term cost seconds): a term `count_terms` counted, as the papers write
        it most often, the whole phrase at once ("machine learning", where the stems' words one by one
        made "machine learn"); any other term stem by stem (`shown`); a keyword as it is.

        >>> terms = Terms()
        >>> _ = terms("Scaling laws of cross-entropy")
        >>> terms.display_all(np.array(["cross entropi", KEYWORD_PREFIX + "Deep Learning"])).tolist()
        ['cross entropy', 'Deep Learning']
        >>> texts = ["Scaling laws of models.", "Scaling laws: machine learning.", "A scaling law for machine learning"]
        >>> counts, vocabulary = count_terms(texts, terms, min_df=2)
        >>> vocabulary.tolist()
        ['law', 'learn', 'machin', 'machin learn', 'scale', 'scale law']
        >>> terms.display_all(vocabulary).tolist()
        ['laws', 'learning', 'machine', 'machine learning', 'scaling', 'scaling laws']
        """
        named = self._stem_by_stem(vocabulary)
        if len(self.counted) and len(vocabulary):
            import pandas as pd

            found = pd.Index(self.counted).get_indexer(vocabulary)
            hit = found >= 0
            named[hit] = self.as_written[found[hit]]
        return named

    def _stem_by_stem(self, vocabulary: np.ndarray) -> np.ndarray:
        """Each term shown stem by stem, each stem by its `shown` word; a whole keyword as it is."""
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
    shown = terms.as_written  # each counted term as the papers write it, in the vocabulary's order
    if keywords is not None and any(keywords):
        counts, vocabulary = _with_keywords(counts, vocabulary, keywords)
        shown = np.concatenate([shown, np.array([name[len(KEYWORD_PREFIX):] for name in vocabulary[len(shown):].tolist()], dtype=object)])
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = np.flatnonzero((document_frequency >= min_df) & (document_frequency <= max_df * len(texts)))
    if not len(keep):
        raise ValueError("After pruning, no terms remain")
    if len(keep) < counts.shape[1]:  # count_terms kept only these already, unless keywords were added
        counts, vocabulary, document_frequency, shown = counts[:, keep], vocabulary[keep], document_frequency[keep], shown[keep]
    weights = counts.astype(np.float32)
    weights.data = 1 + np.log(weights.data)
    idf = (np.log((1 + len(texts)) / (1 + document_frequency)) + 1) * english_rarity(vocabulary, terms.shown)
    weights.data *= idf.astype(np.float32)[weights.indices]  # each column by its weight: no sparse product
    weights.eliminate_zeros()  # a term as common as "the" in English weighs nothing
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    weights.data *= np.repeat((1 / norms).astype(np.float32), np.diff(weights.indptr))
    weights.sort_indices()
    return weights.astype(np.float32), shown


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
    word_codes = token_codes[kept].astype(np.int64)  # each word of the texts as its distinct token
    codes = stem_codes[word_codes].astype(np.int64)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[kept]
    del token_codes
    width, spellings = len(stems), len(words)
    is_break = np.zeros(width + 1, dtype=bool)
    is_break[np.flatnonzero(stems == BREAK)] = True
    single = ~is_break[codes]
    paired = (rows[1:] == rows[:-1]) & single[1:] & single[:-1]  # two stems side by side in one clause
    # two words side by side as written ("scaling laws"), then each written pair's phrase of stems ("scale law")
    written_codes, written_pairs = pd.factorize(word_codes[:-1][paired] * spellings + word_codes[1:][paired])
    phrase_of, pairs = pd.factorize(stem_codes[written_pairs // spellings].astype(np.int64) * width
                                    + stem_codes[written_pairs % spellings])
    pair_codes = phrase_of[written_codes]
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
    terms.counted = names[order]
    terms.as_written = _as_written(keep, width, words, stem_codes, word_codes, written_codes, written_pairs, phrase_of)[order]
    counts = counts[:, keep[order]].tocsr()
    counts.sort_indices()
    return counts, names[order]


def _as_written(keep: np.ndarray, width: int, words: list[str | None], stem_codes: np.ndarray, word_codes: np.ndarray,
                written_codes: np.ndarray, written_pairs: np.ndarray, phrase_of: np.ndarray) -> np.ndarray:
    """Each kept column (`keep`: stems below `width`, phrases above) as its commonest written form in the
    texts: a stem by its commonest word, a phrase by its commonest pair of words, so that a phrase is shown as
    one spelling the papers use ("scaling laws"), never a mix of its words' separate favourites ("scale law").
    Ties go to the shorter, then the alphabetically first, so the order of the texts does not matter.

    Array work over the distinct words and written pairs (a group with one written form, most of them, is
    not sorted at all; pyarrow joins the strings).
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    spellings = len(words)
    text = np.array([w or "" for w in words], dtype=object)

    order: list[np.ndarray] = []

    def order_of(indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # (length, alphabetical rank) of words, worked out for all words the first time a tie needs them
        if not order:
            order.extend([np.fromiter(map(len, text), dtype=np.int64, count=spellings), pd.factorize(text, sort=True)[0]])
        return order[0][indices], order[1][indices]

    def word_rank(indices: np.ndarray) -> np.ndarray:
        length, alphabetical = order_of(indices)
        return length * spellings + alphabetical

    def pair_rank(indices: np.ndarray) -> np.ndarray:
        (length, alphabetical), (second_length, second_alphabetical) = order_of(left[indices]), order_of(right[indices])
        return ((length + second_length) * spellings + alphabetical) * spellings + second_alphabetical

    is_stem = keep < width
    stem_columns, phrase_columns = keep[is_stem], keep[~is_stem] - width
    # a stem: of the words it stands for, the most used
    used = np.bincount(word_codes, minlength=spellings)
    candidates = np.flatnonzero(used > 0)
    best_word = _commonest(stem_codes[candidates].astype(np.int64), width, used[candidates], lambda i: word_rank(candidates[i]))
    best_word = candidates[np.maximum(best_word[stem_columns], 0)]
    # a phrase: of its written pairs, the most used (only the kept phrases' pairs are looked at)
    wanted = np.zeros(int(phrase_of.max()) + 1 if len(phrase_of) else 0, dtype=bool)
    wanted[phrase_columns] = True
    candidates = np.flatnonzero(wanted[phrase_of])
    left, right = written_pairs[candidates] // spellings, written_pairs[candidates] % spellings
    used = np.bincount(written_codes, minlength=len(written_pairs))[candidates]
    best_pair = _commonest(phrase_of[candidates].astype(np.int64), len(wanted), used, pair_rank)[phrase_columns]

    shown = np.empty(len(keep), dtype=object)
    shown[is_stem] = text[best_word]
    shown[~is_stem] = pc.binary_join_element_wise(pa.array(text[left[best_pair]].tolist(), pa.string()),
                                                 pa.array(text[right[best_pair]].tolist(), pa.string()), " ").to_pylist()
    return shown


def _commonest(group: np.ndarray, groups: int, used: np.ndarray, rank: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Per group (0 … `groups` - 1), the position of its candidate used most (`used`), then lowest in
    `rank` (asked only of the candidates that tie); -1 for a group with none. No sort but of the ties."""
    best = np.full(groups, -1, dtype=np.int64)
    most = np.zeros(groups, dtype=used.dtype)
    np.maximum.at(most, group, used)
    top = np.flatnonzero(used == most[group])
    tied = np.bincount(group[top], minlength=groups)[group[top]] > 1
    best[group[top[~tied]]] = top[~tied]
    rest = top[tied]
    if len(rest):
        order = rest[np.lexsort((rank(rest), group[rest]))]
        first = np.ones(len(order), dtype=bool)
        first[1:] = group[order][1:] != group[order][:-1]
        best[group[order][first]] = order[first]
    return best


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
