"""Communities on the similarity backbone, and the names a reader sees for them."""
from __future__ import annotations

import networkx as nx

from graphx.backbone import similarity_backbone
from graphx.communities import MIXED, community_labels
from graphx.graph import build_graph, edge_arrays
from graphx.model import Paper
from graphx.rank import rank_graph


def named(papers: dict[str, dict]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(papers.items())
    return graph


def test_a_citation_star_splits_by_topic_not_into_one_blob_around_the_hub():
    # 12 papers all cite one classic and nothing else here; half are about proteins, half about galaxies
    papers = [Paper(id="hub", title="A classic everyone cites")]
    for i in range(6):
        papers.append(Paper(id=f"p{i}", title=f"Protein folding kinetics and chaperone dynamics {i}",
                            abstract="protein folding chaperone kinetics misfolding", references=["hub"]))
        papers.append(Paper(id=f"g{i}", title=f"Galaxy redshift surveys and dark matter halos {i}",
                            abstract="galaxy redshift survey halo cosmology", references=["hub"]))
    graph = build_graph(papers)
    rank_graph(graph)
    proteins = {graph.nodes[f"p{i}"]["community"] for i in range(6)}
    galaxies = {graph.nodes[f"g{i}"]["community"] for i in range(6)}
    assert len(proteins) == 1 and len(galaxies) == 1 and proteins != galaxies


def test_the_backbone_discounts_a_reference_every_paper_shares():
    papers = [Paper(id="hub", title="hub"), Paper(id="r", title="rare")]
    papers += [Paper(id=f"a{i}", title=f"a{i}", references=["hub"]) for i in range(8)]
    papers += [Paper(id="x", title="x", references=["hub", "r"]), Paper(id="y", title="y", references=["hub", "r"])]
    arrays = edge_arrays(build_graph(papers, links=[]))
    backbone = similarity_backbone(arrays)

    ties = {(arrays.nodes[a], arrays.nodes[b]): w for a, b, w in zip(backbone.first, backbone.second, backbone.weights, strict=True)}
    strongest = max(ties, key=ties.get)
    assert set(strongest) == {"x", "y"}  # sharing the rare reference ties them, the hub alone barely


def test_names_come_from_the_sources_topics_when_most_of_a_community_carries_one():
    graph = named({
        "a": {"title": "one", "keywords": "Protein folding; Biology"}, "b": {"title": "two", "keywords": "Protein folding; Biology"},
        "c": {"title": "three", "keywords": "Cosmology; Biology"}, "d": {"title": "four", "keywords": "Cosmology; Biology"},
    })
    assert community_labels(graph, [["a", "b"], ["c", "d"]]) == ["Protein folding", "Cosmology"]  # "Biology" is everywhere


def test_two_communities_with_the_same_topic_are_told_apart_by_their_words():
    graph = named(
        {
            "a": {"title": "clinical trials of statins", "keywords": "Medicine"},
            "b": {"title": "statins clinical outcomes", "keywords": "Medicine"},
            "c": {"title": "hospital staffing rosters", "keywords": "Medicine"},
            "d": {"title": "staffing rosters in hospital wards", "keywords": "Medicine"},
            "e": {"title": "galaxy survey"},
            "f": {"title": "galaxy survey redshift"},
            "g": {"title": "galaxy halo"},
            "h": {"title": "galaxy halo mass"},
        }
    )
    labels = community_labels(graph, [["a", "b"], ["c", "d"], ["e", "f", "g", "h"]])
    assert labels[0].startswith("Medicine: ") and labels[1].startswith("Medicine: ") and labels[0] != labels[1]
    assert "statins" in labels[0] and "staffing" in labels[1] or "rosters" in labels[1]


def test_stop_words_of_other_languages_never_name_a_community():
    graph = named({
        "a": {"title": "Die Bedeutung der künstlichen Intelligenz und der Gesellschaft"},
        "b": {"title": "Über die künstlichen Intelligenz und die Ethik der Maschinen"},
        "c": {"title": "Uma análise da inteligencia para que a educação"}, "d": {"title": "Os desafios da inteligencia para que a escola"},
        "e": {"title": "Los modelos de inteligencia y las redes"}, "f": {"title": "Las redes de inteligencia y los datos"},
    })
    labels = community_labels(graph, [["a", "b"], ["c", "d"], ["e", "f"]])
    words = {w for label in labels for w in label.split(", ")}
    assert not words & {"der", "die", "und", "uma", "para", "que", "los", "las", "da", "de", "y"}
    # and, alone, no word as common in its language as "data" is in English ("redes", "datos")
    assert "künstlichen" in labels[0] and not words & {"redes", "datos"}, labels


def test_a_community_with_nothing_in_common_is_mixed_and_one_long_abstract_cannot_name_it():
    graph = named({
        "a": {"title": "Tidal energy converters", "abstract": "turbine turbine turbine blade blade wake wake"},
        "b": {"title": "Medieval poetry of Provence"}, "c": {"title": "Sparse matrix kernels on GPUs"},
        "d": {"title": "Soil microbes and drought"}, "e": {"title": "Bird song learning"},
    })
    assert community_labels(graph, [["a", "b", "c", "d", "e"], ["a"]]) == [MIXED, ""]


def test_a_name_gives_each_word_once_whatever_its_inflection_and_never_a_word_of_academic_prose():
    graph = named({
        "a": {"title": "Chatbots in customer service: a study"}, "b": {"title": "A chatbot for customer questions"},
        "c": {"title": "Using chatbots to answer customers: an approach"},
        "d": {"title": "Risks of credit scoring"}, "e": {"title": "Credit risk models"}, "f": {"title": "Scoring credit risks"},
    })
    labels = community_labels(graph, [["a", "b", "c"], ["d", "e", "f"]])
    # the form most of its papers use, the phrase two of them share before its words; no "study", "using"
    assert labels == ["chatbots, customer", "credit risk, scoring"]


def test_the_demo_communities_are_named_without_repeated_stems_or_prose(demo_map):
    import Stemmer

    from graphx.communities import PROSE, summarise_communities

    stem = Stemmer.Stemmer("english").stemWord
    names = [c.label for c in summarise_communities(demo_map.graph) if c.label and c.label != MIXED]
    assert len(names) >= 10
    for name in names:
        words = name.split(": ")[-1].split(", ")
        assert len({stem(w.lower()) for w in words}) == len(words), name
        assert not {stem(w.lower()) for w in words} & {stem(w) for w in PROSE}, name


def test_the_everyday_prose_of_portuguese_and_spanish_abstracts_never_names_a_community_alone():
    """The demo's Portuguese papers were named "artigo, dados, estudo" (article, data, study)."""
    graph = named({
        "a": {"title": "Inteligência artificial na educação", "abstract": "Este artigo apresenta um estudo com dados de escolas."},
        "b": {"title": "Inteligência artificial e ensino", "abstract": "O artigo discute o estudo dos dados de alunos."},
        "c": {"title": "Herramienta de inteligencia artificial", "abstract": "Este artículo presenta una herramienta."},
        "d": {"title": "Una herramienta para docentes", "abstract": "El artículo evalúa la herramienta en aulas."},
    })
    labels = community_labels(graph, [["a", "b"], ["c", "d"]])
    words = {w for label in labels for w in label.split(", ")}
    assert not words & {"artigo", "estudo", "dados", "artículo"}, labels
    assert "inteligência artificial" in labels[0], labels


def test_ligatures_from_pdf_abstracts_are_read_and_shown_as_their_letters(demo_map):
    texts = [str(v) for _, data in demo_map.graph.nodes(data=True) for v in (data.get("title"), data.get("abstract")) if v]
    assert not any("\ufb01" in t or "\ufb00" in t or "\ufb02" in t for t in texts)
    assert not any("\ufb01" in label for _, label in demo_map.graph.nodes(data="community_label") if label)
