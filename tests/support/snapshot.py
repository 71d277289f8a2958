"""A generated OpenAlex snapshot: works in the published layout and record shape, at any size.

``data/works/updated_date=2025-06-01/part_000.gz`` … gzipped JSON Lines, one full work record a line (id,
doi, display_name, publication_year, authorships, primary_location, cited_by_count, referenced_works,
abstract_inverted_index, topics, concepts, keywords), as https://docs.openalex.org/download-all-data describes.
Works cite 30-40 older works, preferring already-cited ones (preferential attachment, as literatures do),
and each belongs to one of eight fields with its own topic, concept and vocabulary. The last `updated` works
appear again in a later partition with a new title: the newest copy must win.
"""
from __future__ import annotations

import gzip
import json
import random
from array import array
from pathlib import Path

FIELDS = [
    ("T10001", "Graph Neural Networks", "C1001", "Machine learning", "graph neural message passing node embedding molecules"),
    ("T10002", "Protein Folding Dynamics", "C1002", "Biophysics", "protein folding structure energy landscape residues"),
    ("T10003", "Large Language Models", "C1003", "Natural language processing", "language model transformer pretraining tokens prompts"),
    ("T10004", "Causal Inference Methods", "C1004", "Statistics", "causal effect treatment confounding estimator instrument"),
    ("T10005", "Climate Model Projections", "C1005", "Climatology", "climate warming precipitation ensemble projections ocean"),
    ("T10006", "Quantum Error Correction", "C1006", "Quantum computing", "quantum qubit error correction surface code logical"),
    ("T10007", "Reinforcement Learning Agents", "C1007", "Machine learning", "reinforcement policy reward agent exploration value"),
    ("T10008", "Citation Network Analysis", "C1008", "Bibliometrics", "citation network bibliometric scholarly impact journals"),
]
COMMON = "we study results method approach data analysis propose show new model performance large scale".split()


def _work(number: int, rng: random.Random, references: list[int], size: int) -> dict:
    topic_id, topic, concept_id, concept, words = FIELDS[number % len(FIELDS)]
    vocabulary = words.split() + COMMON
    title = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(5, 9))).capitalize()
    abstract = [rng.choice(vocabulary) for _ in range(rng.randint(25, 45))]
    index: dict[str, list[int]] = {}
    for position, word in enumerate(abstract):
        index.setdefault(word, []).append(position)
    return {
        "id": f"https://openalex.org/W{number}",
        "doi": f"https://doi.org/10.5555/snapshot.{number}",
        "ids": {"openalex": f"https://openalex.org/W{number}", "doi": f"https://doi.org/10.5555/snapshot.{number}"},
        "display_name": title, "title": title,
        "publication_year": 1970 + number * 55 // size,
        "authorships": [{"author": {"id": f"https://openalex.org/A{number % 4999}", "display_name": f"Author {number % 4999}"}}],
        "primary_location": {"source": {"display_name": f"{concept} Letters"}},
        "cited_by_count": 0,
        "referenced_works": [f"https://openalex.org/W{r}" for r in references],
        "referenced_works_count": len(references),
        "abstract_inverted_index": index,
        "topics": [{"id": f"https://openalex.org/{topic_id}", "display_name": topic, "score": 0.99}],
        "concepts": [{"id": f"https://openalex.org/{concept_id}", "display_name": concept, "level": 1, "score": 0.8}],
        "keywords": [{"id": f"https://openalex.org/keywords/{w}", "display_name": w, "score": 0.5} for w in words.split()[:2]],
        "type": "article",
    }


def write_snapshot(folder: Path, size: int, seed: int = 11, parts: int = 8, updated: int = 10) -> Path:
    """Write a snapshot of `size` works under `folder` (returns it); references 30-40 per work."""
    rng = random.Random(seed)
    cited = array("l")  # compact: a million works cite 35 million times
    works_folder = Path(folder) / "data" / "works"
    first = works_folder / "updated_date=2025-06-01"
    first.mkdir(parents=True, exist_ok=True)
    per_part = -(-size // parts)
    records: list[dict] = []
    handle = None
    for number in range(1, size + 1):
        older = number - 1
        chosen: set[int] = set()
        while len(chosen) < min(older, rng.randint(30, 40)):
            chosen.add(rng.choice(cited) if cited and rng.random() < 0.5 else rng.randint(1, older))
        cited.extend(chosen)
        if (number - 1) % per_part == 0:
            if handle:
                handle.close()
            handle = gzip.open(first / f"part_{(number - 1) // per_part:03d}.gz", "wt", encoding="utf-8", compresslevel=1)
        work = _work(number, rng, sorted(chosen), size)
        handle.write(json.dumps(work) + "\n")
        if number > size - updated:
            records.append(work)
    if handle:
        handle.close()
    later = works_folder / "updated_date=2025-09-01"
    later.mkdir(parents=True, exist_ok=True)
    with gzip.open(later / "part_000.gz", "wt", encoding="utf-8") as out:
        for work in records:
            work["display_name"] = work["title"] = "Updated: " + work["title"]
            out.write(json.dumps(work) + "\n")
    return Path(folder)
