"""The scores graphx ranks papers by, each with what it means to a reader of papers.

A module of its own, free of imports, so that the command line can offer these names (``--by``) and explain
them in ``--help`` without loading the scientific stack that computes them (`graphx.rank`).
"""
SCORES = {
    "pagerank": "importance in this graph's citation network (cited by important papers)",
    "local_citations": "papers in this graph citing it",
    "local_references": "papers in this graph it cites (high for surveys)",
    "hits_authority": "cited by papers that cite the graph's key works (foundational)",
    "hits_hub": "cites the graph's most cited works (surveys, reading lists)",
    "betweenness": "lies on citation paths between other papers (a bridge between lines of work)",
    "cited_by_count": "citations in the whole literature",
    "citations_per_year": "citations in the whole literature per year since publication",
    "similarity": "how closely it is tied to your seed papers (shared references, co-citation, keywords, direct citation)",
    "keyword_strength": "summed weight of its shared-keyword links",
}
