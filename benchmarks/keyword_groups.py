"""Do keyword links find the topics a reader sees in a listing? Group recall and link precision, offline.

    python benchmarks/keyword_groups.py [--explain]

For each listing in tests/data/seeds, the papers become records the way an offline build makes them (title and
abstract, no identifiers, no keywords) and are linked by `graphx.keywords.keyword_links`. The labelled topical
groups in tests/data/keyword_groups.json (made by reading the titles and abstracts; a paper may sit in several
groups, or in none) are the truth:

- group recall: of the papers in some group, the share linked to at least one paper of a group they share;
- link precision: of the links, the share joining two papers that share a group (a link touching a paper in no
  group counts as wrong).

Targets (issue 21): group recall ≥ 0.8 and link precision ≥ 0.8 on both listings.

``--explain`` prints the errors behind the figures: each wrong link with the terms it names, and each grouped
paper left without a link to its group, with its cosine and rank among the neighbours of each group mate (and
theirs among its own) and the terms they share most.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphx.inputs.listing import parse_listing  # noqa: E402  (after the path line above)
from graphx.keywords import keyword_links  # noqa: E402
from graphx.model import Paper  # noqa: E402

SEEDS = ROOT / "tests" / "data" / "seeds"
GROUPS = ROOT / "tests" / "data" / "keyword_groups.json"


def listing_papers(name: str) -> list[Paper]:
    """The listing's papers as an offline build has them: ids by position, title and abstract only."""
    listed = parse_listing((SEEDS / name).read_text(encoding="utf-8"))
    return [Paper(id=f"L{i:03d}", title=p.title, abstract=p.abstract, year=p.year) for i, p in enumerate(listed)]


def paper_groups(name: str, papers: list[Paper]) -> dict[str, set[int]]:
    """Each paper id → the numbers of the labelled groups it belongs to (empty for papers in none)."""
    labelled = json.loads(GROUPS.read_text(encoding="utf-8"))[name]
    by_title = {p.title: p.id for p in papers}
    groups: dict[str, set[int]] = {p.id: set() for p in papers}
    for number, group in enumerate(labelled["groups"]):
        for title in group["titles"]:
            groups[by_title[title]].add(number)
    return groups


def group_scores(groups: dict[str, set[int]], links: list[tuple[str, str]]) -> tuple[float, float]:
    """(group recall, link precision) of `links` against the labelled `groups`; see the module notes."""
    right = [(a, b) for a, b in links if groups[a] & groups[b]]
    found = {end for pair in right for end in pair}
    grouped = [p for p, g in groups.items() if g]
    recall = sum(p in found for p in grouped) / len(grouped)
    precision = len(right) / len(links) if links else 0.0
    return recall, precision


def explain(papers: list[Paper], groups: dict[str, set[int]], links: list) -> None:
    """Print the wrong links and the grouped papers left unlinked to their group (see the module notes)."""
    import numpy as np

    from graphx.keywords import paper_text, shared_terms
    from graphx.tfidf import tfidf_matrix

    matrix, vocabulary = tfidf_matrix([paper_text(p) for p in papers], [p.keywords for p in papers])
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, -1)
    rank = (-similarity).argsort(axis=1).argsort(axis=1)  # rank[i, j]: j's place among i's neighbours
    position = {p.id: i for i, p in enumerate(papers)}
    print("  wrong links (cosine, rank each way, terms named):")
    for link in links:
        if not groups[link.source] & groups[link.target]:
            a, b = position[link.source], position[link.target]
            print(f"    {link.weight:.3f} {rank[a, b]}/{rank[b, a]}  {papers[a].title[:50]} | {papers[b].title[:50]} | "
                  f"{', '.join(link.terms)}")
    found = {end for link in links if groups[link.source] & groups[link.target] for end in (link.source, link.target)}
    print("  grouped papers with no link to their group (cosine, rank each way, strongest shared terms):")
    for paper in papers:
        if groups[paper.id] and paper.id not in found:
            a = position[paper.id]
            print(f"    {paper.title[:90]}")
            mates = [position[q.id] for q in papers if q.id != paper.id and groups[q.id] & groups[paper.id]]
            named = shared_terms(matrix, np.full(len(mates), a), np.array(mates), 4)
            for b, terms in zip(mates, named, strict=True):
                print(f"      {similarity[a, b]:.3f} {rank[a, b]}/{rank[b, a]}  {papers[b].title[:50]} | "
                      f"{', '.join(str(vocabulary[t]) for t in terms)}")


def main() -> None:
    started = time.perf_counter()
    keyword_links([Paper(id="a", title="warm up"), Paper(id="b", title="warm up")])
    print(f"first call (loads the word-frequency list and the stemmer): {time.perf_counter() - started:.2f} s")
    print(f"{'listing':<34} {'papers':>6} {'grouped':>7} {'links':>5} {'recall':>6} {'precision':>9} {'seconds':>7}")
    for path in sorted(SEEDS.glob("listing-*.txt")):
        papers = listing_papers(path.name)
        groups = paper_groups(path.name, papers)
        started = time.perf_counter()
        links = keyword_links(papers)
        seconds = time.perf_counter() - started
        recall, precision = group_scores(groups, [(link.source, link.target) for link in links])
        print(f"{path.name:<34} {len(papers):>6} {sum(bool(g) for g in groups.values()):>7} {len(links):>5} "
              f"{recall:>6.2f} {precision:>9.2f} {seconds:>7.2f}")
        if "--explain" in sys.argv[1:]:
            explain(papers, groups, links)
    print("targets: group recall ≥ 0.80 and link precision ≥ 0.80 on every listing")


if __name__ == "__main__":
    main()
