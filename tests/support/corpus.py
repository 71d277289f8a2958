"""Papers with realistic text at any size, for tests and benchmarks of linking and ranking.

Each work's title and abstract are drawn from the words of two real abstracts of the seed reading lists in
tests/data/seeds (so topics overlap as fields do), and it cites 30-40 older works with preferential attachment.
"""
from __future__ import annotations

import random
from pathlib import Path

from graphx.inputs import read_input
from graphx.model import Paper

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def realistic_papers(count: int, seed: int = 5) -> list[Paper]:
    """`count` papers, the last ten seeds, the same for the same `seed`."""
    rng = random.Random(seed)
    texts = [q.abstract.split() for path in sorted(SEEDS.glob("listing-*.txt"))
             for q in read_input(str(path)) if q.abstract]
    cited: list[int] = []
    papers = []
    for number in range(count):
        topic = number % len(texts)
        pool = texts[topic] + texts[(topic * 7 + 1) % len(texts)]
        abstract = " ".join(rng.choice(pool) for _ in range(rng.randint(60, 140)))
        title = " ".join(rng.choice(pool) for _ in range(rng.randint(6, 12)))
        chosen: set[int] = set()
        while number and len(chosen) < min(number, rng.randint(30, 40)):
            chosen.add(rng.choice(cited) if cited and rng.random() < 0.5 else rng.randrange(number))
        cited.extend(chosen)
        papers.append(Paper(id=f"W{number}", openalex=f"W{number}", title=title, year=1980 + number * 45 // count,
                            authors=[f"Author {number % 997}"], abstract=abstract, cited_by_count=rng.randint(0, 900),
                            references=[f"W{c}" for c in chosen], is_seed=number >= count - 10, sources=["openalex"]))
    return papers
