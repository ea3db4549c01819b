"""The ontology files: they parse (rdflib and Oxigraph), their codes match kg.records, every
term is documented, and docs/ontology.md is what the generator makes of them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.config import PROJECT_ROOT, Settings
from kg.errors import ConfigError, InputError
from kg.ontology.files import (
    align_path,
    load_alignments,
    load_ontology,
    load_shapes,
    ontology_paths,
    parse_turtle,
    shapes_path,
)
from kg.ontology.reference import render_reference
from kg.ontology.terms import KG, KGS, KIND_CLASS, status_iri
from kg.records import STAGE_ORDER, Kind, Role, Status

ONTOLOGIES = PROJECT_ROOT / "ontologies"
TURTLE_FILES = ["kg.ttl", "status.ttl", "align.ttl", "shapes.ttl"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.mark.parametrize("name", TURTLE_FILES)
def test_turtle_parses_in_rdflib_and_oxigraph_to_the_same_triples(name: str) -> None:
    path = ONTOLOGIES / name
    graph = Graph().parse(path, format="turtle")
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(graph) > 20
    assert len(store) == len(graph)


def test_paths_come_from_the_settings(tmp_path: Path) -> None:
    settings = Settings(ontologies_dir=tmp_path)
    assert ontology_paths(settings) == [tmp_path / "kg.ttl", tmp_path / "status.ttl"]
    assert shapes_path(settings) == tmp_path / "shapes.ttl"
    assert align_path(settings) == tmp_path / "align.ttl"
    assert ontology_paths() == [ONTOLOGIES / "kg.ttl", ONTOLOGIES / "status.ttl"]


def test_missing_folder_and_broken_turtle_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist: point Settings.ontologies_dir"):
        load_ontology(Settings(ontologies_dir=tmp_path / "nowhere"))
    with pytest.raises(InputError, match=r"kg\.ttl: ontology file not found"):
        load_ontology(Settings(ontologies_dir=tmp_path))
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/alliance-kg/ont#> .\nkg:a kg:b .\n")
    with pytest.raises(InputError, match=r"bad\.ttl: not valid Turtle"):
        parse_turtle([bad])


def test_load_ontology_is_kg_plus_status(ontology: Graph) -> None:
    assert (KG.Company, RDF.type, OWL.Class) in ontology
    assert (KGS.signed, KG.stageOrder, Literal(40)) in ontology
    assert not set(load_alignments().predicates()) - {SKOS.closeMatch, SKOS.relatedMatch}
    assert len(load_shapes()) > 100


def test_nine_statuses_with_the_codes_and_stage_orders_of_records(ontology: Graph) -> None:
    leaves = set(ontology.subjects(RDF.type, KG.AgreementStatus))
    assert leaves == {status_iri(s) for s in Status}
    for status in Status:
        concept = status_iri(status)
        assert str(concept).endswith("/status/" + status.value)  # the local name is the code
        assert [str(n) for n in ontology.objects(concept, SKOS.notation)] == [status.value]
        assert ontology.value(concept, KG.stageOrder) == Literal(STAGE_ORDER[status])
        assert ontology.value(concept, SKOS.prefLabel) is not None
        assert ontology.value(concept, SKOS.definition) is not None
        assert len(list(ontology.objects(concept, SKOS.altLabel))) >= 3
        top = ontology.value(concept, SKOS.broader)
        assert (top, SKOS.topConceptOf, KGS[""]) in ontology


def test_scheme_has_four_top_concepts_without_codes(ontology: Graph) -> None:
    tops = set(ontology.objects(URIRef(str(KGS)), SKOS.hasTopConcept))
    assert len(tops) == 4
    for top in tops:
        assert ontology.value(top, SKOS.notation) is None
        assert (top, RDF.type, KG.AgreementStatus) not in ontology


def test_eight_kind_classes_with_the_codes_of_records(ontology: Graph) -> None:
    kinds = set(ontology.subjects(RDFS.subClassOf, KG.Agreement))
    assert kinds == {KIND_CLASS[k.value] for k in Kind}
    for kind in Kind:
        cls = KIND_CLASS[kind.value]
        assert [str(n) for n in ontology.objects(cls, SKOS.notation)] == [kind.value]
        assert ontology.value(cls, RDFS.label) is not None
        assert ontology.value(cls, SKOS.definition) is not None


def test_roles_are_subproperties_of_party(ontology: Graph) -> None:
    for role in Role:
        assert (KG[role.value], RDFS.subPropertyOf, KG.party) in ontology
    assert (KG.claimedAgent, RDFS.subPropertyOf, KG.claimedParty) in ontology


def test_no_rdfs_inference_turns_a_claim_into_an_agreement_or_hides_a_shape_error(ontology: Graph) -> None:
    # claims use kg:claimedParty, which must not lead (via subPropertyOf) to kg:party
    supers = set(ontology.transitive_objects(KG.claimedParty, RDFS.subPropertyOf))
    assert KG.party not in supers
    # an RDFS range would make SHACL's sh:class checks pass by inference
    for prop in (KG.party, KG.claimedParty, KG.hasStatusAssertion, *(KG[r.value] for r in Role)):
        assert ontology.value(prop, RDFS.range) is None, prop


def test_every_term_is_documented(ontology: Graph) -> None:
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(str(KG))
    }
    assert len(terms) == 88  # 22 classes + 66 properties; update when adding terms
    undocumented = [
        t
        for t in terms
        if ontology.value(t, RDFS.label) is None
        or (ontology.value(t, SKOS.definition) is None and ontology.value(t, RDFS.comment) is None)
    ]
    assert undocumented == []


def test_the_terms_the_brief_names_exist(ontology: Graph) -> None:
    names = (
        "Company Agreement StatusAssertion AgreementStatus Article ExtractionRun party claimedKind "
        "claimedParty claimedAgent background hasStatusAssertion status statusDate statusDateEarliest "
        "statusDateLatest reportedAmount evidence confidence sourcePath sector country stageOrder "
        "currentStatus partneredWith investedIn acquired supplies licenses announcedIn firstDate "
        "lastDate sourceCount"
    ).split()
    missing = [n for n in names if (KG[n], RDF.type, None) not in ontology]
    assert missing == []
    assert (KG.background, RDFS.range, URIRef("http://www.w3.org/2001/XMLSchema#boolean")) in ontology
    assert (KG.partneredWith, RDF.type, OWL.SymmetricProperty) in ontology


def test_reference_doc_is_up_to_date() -> None:
    """docs/ontology.md must equal a fresh render: run `python -m kg.ontology.reference > docs/ontology.md`."""
    fresh = render_reference(load_ontology(), load_shapes(), load_alignments())
    committed = (PROJECT_ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert committed == fresh


def test_reference_lists_codes_statuses_shapes_and_alignments() -> None:
    text = render_reference(load_ontology(), load_shapes(), load_alignments())
    for kind in Kind:
        assert f"| `{kind.value}` | `kg:" in text
    for status in Status:
        assert f"| `{status.value}` | {STAGE_ORDER[status]} |" in text
    assert "`kgsh:StatusOrderShape`" in text and "| Warning |" in text
    assert "`fibo-fnd-agr-agr:Agreement`" in text
    assert "| `kg:party` | party | `kg:Agreement` | *`kg:Company`* | `sem:hasActor` |" in text
    # without a separate alignments graph, alignments are read from the ontology graph
    assert "fibo-fnd-agr-agr" not in render_reference(load_ontology(), load_shapes()).split("## Alignments")[1]


def test_doctests_of_the_name_shortener() -> None:
    import doctest

    import kg.ontology.reference

    result = doctest.testmod(kg.ontology.reference)
    assert result.attempted >= 3 and result.failed == 0
