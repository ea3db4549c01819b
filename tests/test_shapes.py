"""SHACL shapes (ontologies/shapes.ttl) through kg.validate.shacl.validate_graph.

``fixtures/shapes/valid.trig`` follows docs/design.md and must conform with no result at all.
Every other ``fixtures/shapes/*.trig`` is a patch to it (graph ``<urn:kg-test:remove>``:
triples to delete; other graphs: quads to add) that breaks one constraint; the table below
says which focus node, path, severity and message it must produce. A last test checks that
every constraint shape in shapes.ttl is proven to fire by some fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, SH, Dataset, Graph, Literal, URIRef

from kg.errors import ValidationFailed
from kg.ontology.files import load_ontology, load_shapes
from kg.ontology.terms import KG, KGSH
from kg.validate.shacl import ValidationReport, Violation, union_graph, validate_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
REMOVE = URIRef("urn:kg-test:remove")
ID = "https://w3id.org/alliance-kg/id/"
AGR = ID + "agreement/investment-5d41402a-0000-5000-8000-000000000001"
SA1 = ID + "assertion/1111111111111111"
SA2 = ID + "assertion/2222222222222222"
ART1 = ID + "article/a1a1a1a1a1a1a1a1"
NIMBUS = ID + "org/nimbus"
AMOUNT = SA1 + "-amount"
QUANTITY = SA1 + "-quantity"
EV1 = ID + "evidence/1111111111111111"
FLOW = ID + "flow/f1f1f1f1f1f1f1f1"
RATE = ID + "rate/EUR-2023"
BLANK = "_:"  # the focus is a blank node (its id is random)

# fixture: (severity, focus, path, shape, words in the message)
CASES: dict[str, tuple[str, str, str, str, str]] = {
    "company_no_label": ("Violation", NIMBUS, "rdfs:label", "Company-label", "canonical name"),
    "company_label_lang": ("Violation", NIMBUS, "rdfs:label", "Company-label", "no language tag"),
    "company_blank_node": ("Violation", BLANK, "", "CompanyShape", "not a blank node"),
    "company_two_labels": ("Warning", NIMBUS, "rdfs:label", "CompanyLabelUnique-label", "alias in data/companies.csv"),
    "agreement_blank_node": ("Violation", BLANK, "", "AgreementShape", "not a blank node"),
    "assertion_blank_node": ("Violation", BLANK, "", "StatusAssertionShape", "not a blank node"),
    "agreement_one_party": ("Violation", AGR, "kg:party", "Agreement-partyCount", "at least two parties"),
    "agreement_party_not_company": ("Violation", AGR, "kg:party", "Agreement-partyClass", "must be a kg:Company"),
    "agreement_no_assertion": ("Violation", AGR, "kg:hasStatusAssertion", "Agreement-assertion", "no evidence"),
    "acquisition_no_target": (
        "Warning",
        ID + "agreement/acquisition-x",
        "kg:target",
        "Acquisition-target",
        "has no kg:target",
    ),
    "acquisition_no_acquirer": (
        "Warning",
        ID + "agreement/acquisition-x",
        "kg:acquirer",
        "Acquisition-acquirer",
        "has no kg:acquirer",
    ),
    "investment_no_investor": ("Warning", AGR, "kg:investor", "Investment-investor", "has no kg:investor"),
    "investment_no_investee": ("Warning", AGR, "kg:investee", "Investment-investee", "has no kg:investee"),
    "flow_blank_node": ("Violation", BLANK, "", "ValueFlowShape", "not a blank node"),
    "flow_no_payer": ("Violation", FLOW, "kg:payer", "ValueFlow-payer", "exactly one kg:payer"),
    "flow_payee_not_company": ("Violation", FLOW, "kg:payee", "ValueFlow-payee", "a kg:Company"),
    "flow_no_agreement": ("Violation", FLOW, "kg:flowOf", "ValueFlow-agreement", "no evidence"),
    "flow_bad_kind": ("Violation", FLOW, "kg:flowKind", "ValueFlow-kind", "kg:purchasePrice"),
    "flow_status_not_status": ("Violation", FLOW, "kg:flowStatus", "ValueFlow-status", "status concepts"),
    "flow_amount_not_money": ("Violation", FLOW, "kg:flowAmount", "ValueFlow-amount", "schema:MonetaryAmount"),
    "flow_usd_negative": ("Violation", FLOW, "kg:usdValue", "ValueFlow-usd", "non-negative"),
    "flow_rate_not_rate": ("Violation", FLOW, "kg:convertedWith", "ValueFlow-rate", "kg:ExchangeRate"),
    "rate_bad_currency": ("Violation", RATE, "schema:currency", "ExchangeRate-currency", "ISO 4217"),
    "rate_no_year": ("Violation", RATE, "kg:rateYear", "ExchangeRate-year", "kg:rateYear"),
    "rate_zero": ("Violation", RATE, "kg:usdPerUnit", "ExchangeRate-usdPerUnit", "positive"),
    "rate_no_source": ("Violation", RATE, "dcterms:source", "ExchangeRate-source", "dcterms:source"),
    "assertion_unknown_status": ("Violation", SA1, "kg:status", "StatusAssertion-status", "exactly one kg:status"),
    "assertion_two_statuses": ("Violation", SA1, "kg:status", "StatusAssertion-status", "split a claim"),
    "assertion_no_status": ("Violation", SA1, "kg:status", "StatusAssertion-status", "exactly one kg:status"),
    "assertion_date_text": ("Violation", SA1, "kg:statusDate", "StatusAssertion-statusDate", "xsd:gYearMonth"),
    "assertion_earliest_not_date": (
        "Violation",
        SA1,
        "kg:statusDateEarliest",
        "StatusAssertion-earliest",
        "must be one xsd:date",
    ),
    "assertion_latest_not_date": (
        "Violation",
        SA1,
        "kg:statusDateLatest",
        "StatusAssertion-latest",
        "must be one xsd:date",
    ),
    "assertion_bounds_swapped": (
        "Violation",
        SA1,
        "kg:statusDateEarliest",
        "StatusAssertion-dateOrder",
        "bounds are swapped",
    ),
    "assertion_no_article": ("Violation", SA1, "prov:wasDerivedFrom", "StatusAssertion-article", "kg:Article"),
    "assertion_source_not_article": (
        "Violation",
        SA1,
        "prov:wasDerivedFrom",
        "StatusAssertion-article",
        "exactly one kg:Article",
    ),
    "assertion_no_evidence": ("Violation", SA1, "kg:evidence", "StatusAssertion-evidence", "needs kg:evidence"),
    "assertion_two_amounts": ("Violation", SA1, "kg:reportedAmount", "StatusAssertion-amount", "one amount per claim"),
    "assertion_confidence_range": (
        "Violation",
        SA1,
        "kg:confidence",
        "StatusAssertion-confidenceRange",
        "between 0 and 1",
    ),
    "assertion_confidence_double": ("Violation", SA1, "kg:confidence", "StatusAssertion-confidence", "xsd:decimal"),
    "assertion_no_kind": ("Violation", SA1, "kg:claimedKind", "StatusAssertion-kind", "eight agreement classes"),
    "assertion_bad_kind": ("Violation", SA1, "kg:claimedKind", "StatusAssertion-kind", "eight agreement classes"),
    "assertion_one_party": ("Violation", SA1, "kg:claimedParty", "StatusAssertion-parties", "at least two"),
    "assertion_party_not_company": (
        "Violation",
        SA1,
        "kg:claimedParty",
        "StatusAssertion-partyClass",
        "must be a kg:Company",
    ),
    "assertion_background_text": ("Violation", SA1, "kg:background", "StatusAssertion-background", "xsd:boolean"),
    "assertion_no_agreement": (
        "Violation",
        SA1,
        "^kg:hasStatusAssertion",
        "StatusAssertion-agreement",
        "exactly one agreement",
    ),
    "assertion_two_agreements": (
        "Violation",
        SA1,
        "^kg:hasStatusAssertion",
        "StatusAssertion-agreement",
        "exactly one agreement",
    ),
    "money_no_value": ("Violation", AMOUNT, "schema:value", "Money-value", "exactly one schema:value"),
    "money_value_integer": ("Violation", AMOUNT, "schema:value", "Money-value", "xsd:decimal"),
    "money_negative": ("Violation", AMOUNT, "schema:value", "Money-value", "non-negative"),
    "money_bad_currency": ("Violation", AMOUNT, "schema:currency", "Money-currency", "ISO 4217"),
    "quantity_no_unit": ("Violation", QUANTITY, "schema:unitText", "Quantity-unit", "the unit as stated"),
    "quantity_zero": ("Violation", QUANTITY, "schema:value", "Quantity-value", "a positive xsd:decimal"),
    "claim_two_quantities": (
        "Violation",
        SA1,
        "kg:reportedQuantity",
        "StatusAssertion-quantity",
        "at most one schema:QuantitativeValue",
    ),
    "evidence_no_source": ("Violation", EV1, "oa:hasSource", "Evidence-source", "exactly one oa:hasSource"),
    "evidence_source_not_article": ("Violation", EV1, "oa:hasSource", "Evidence-source", "the kg:Article"),
    "evidence_no_selector": ("Violation", EV1, "oa:hasSelector", "Evidence-selector", "at least one oa:hasSelector"),
    "evidence_blank_node": ("Violation", BLANK, "", "EvidenceShape", "not a blank node"),
    "selector_swapped": ("Violation", EV1 + "-p", "oa:start", "PositionSelector-order", "start is after its oa:end"),
    "selector_no_end": ("Violation", EV1 + "-p", "oa:end", "PositionSelector-end", "exactly one oa:end"),
    "selector_negative_start": ("Violation", EV1 + "-p", "oa:start", "PositionSelector-start", "≥ 0"),
    "quote_no_exact": (
        "Violation",
        ID + "evidence/2222222222222222-q",
        "oa:exact",
        "QuoteSelector-exact",
        "exactly one oa:exact",
    ),
    "article_no_source": ("Violation", ART1, "", "ArticleShape", "not both, not neither"),
    "article_url_and_path": ("Violation", ART1, "", "ArticleShape", "not both, not neither"),
    "article_url_literal": ("Violation", ART1, "", "ArticleShape", "an IRI, not a string"),
    "article_two_urls": ("Violation", ART1, "", "ArticleShape", "exactly one source"),
    "article_published_text": (
        "Violation",
        ART1,
        "schema:datePublished",
        "Article-published",
        "xsd:date or xsd:dateTime",
    ),
    "status_order_backwards": ("Warning", AGR, "", "StatusOrderShape", "completed is dated before announced"),
}


def load_case(name: str) -> Dataset:
    """valid.trig with the patch ``name``.trig applied (nothing applied for ``valid``)."""
    ds = Dataset()
    ds.parse(FIXTURES / "valid.trig", format="trig")
    if name != "valid":
        patch = Dataset()
        patch.parse(FIXTURES / f"{name}.trig", format="trig")
        quads = list(patch.quads((None, None, None, None)))
        removals = [(s, p, o) for s, p, o, g in quads if g == REMOVE]
        for triple in removals:
            assert any(ds.quads((*triple, None))), f"{name}: the triple to remove is not in valid.trig: {triple}"
            ds.remove((*triple, None))
        for s, p, o, g in quads:
            if g != REMOVE:
                ds.add((s, p, o, g))
    return ds


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def reports(shapes: Graph, ontology: Graph) -> dict[str, ValidationReport]:
    """Every case validated once (pySHACL with RDFS inference takes a fraction of a second each)."""
    return {name: validate_graph(load_case(name), shapes, ontology=ontology) for name in ["valid", *CASES]}


def test_every_negative_fixture_file_is_in_the_table() -> None:
    files = {p.stem for p in FIXTURES.glob("*.trig")} - {"valid"}
    assert files == set(CASES)


@pytest.mark.slow
def test_valid_fixture_conforms_with_no_result_at_all(reports: dict[str, ValidationReport]) -> None:
    report = reports["valid"]
    assert report.conforms, "\n".join(report.lines())
    assert report.violations == ()
    assert report.warnings == 0
    assert "Conforms: True" in report.text


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_negative_fixture_fires_its_shape(name: str, reports: dict[str, ValidationReport]) -> None:
    severity, focus, path, shape, words = CASES[name]
    report = reports[name]
    matching = [
        v
        for v in report.violations
        if v.shape == f"kgsh:{shape}"
        and v.severity == severity
        and v.path == path
        and (v.focus.startswith("_:") if focus == BLANK else v.focus == focus)
    ]
    assert matching, f"{name}: no {severity} from kgsh:{shape} on {focus} {path}; got:\n" + "\n".join(report.lines())
    assert all(words in v.message for v in matching), [v.message for v in matching]
    if severity == "Violation":
        assert not report.conforms
    else:  # warnings are counted but, as in pySHACL with allow_warnings, do not break conformance
        assert report.conforms, "\n".join(report.lines())
        assert report.warnings == len(report.violations) >= 1


@pytest.mark.slow
def test_every_constraint_shape_is_proven_to_fire(shapes: Graph, reports: dict[str, ValidationReport]) -> None:
    fired = {v.shape for name, r in reports.items() for v in r.violations}
    constraint_shapes = {
        s
        for s in set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.NodeShape))
        if isinstance(s, URIRef)
        and any(
            shapes.value(s, p) is not None
            for p in (SH.path, SH.nodeKind, SH.xone, SH.sparql)  # shapes that constrain by themselves
        )
    }
    expected = {f"kgsh:{str(s).removeprefix(str(KGSH))}" for s in constraint_shapes}
    assert expected - fired == set()


def test_every_shape_has_a_message(shapes: Graph) -> None:
    missing = []
    for s in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if shapes.value(s, SH.message) is None:
            missing.append(s)
    for s in set(shapes.subjects(RDF.type, SH.NodeShape)):
        own = [p for p in (SH.nodeKind, SH.xone) if shapes.value(s, p) is not None]
        if own and shapes.value(s, SH.message) is None:
            missing.append(s)
        for constraint in shapes.objects(s, SH.sparql):
            if shapes.value(constraint, SH.message) is None:
                missing.append(constraint)
    for node in set(shapes.subjects(SH.path, None)):  # anonymous property shapes outside sh:xone
        if shapes.value(node, SH.message) is None and (None, SH.property, node) in shapes:
            missing.append(node)
    assert missing == []


def test_status_order_rule_needs_the_ontology_in_the_data(shapes: Graph) -> None:
    """The gotcha the module documents: without kg:stageOrder in the data the rule finds nothing."""
    data = load_case("status_order_backwards")
    by_default = validate_graph(data, shapes)  # the ontology is added by default
    assert by_default.warnings == 1
    without = validate_graph(data, shapes, ontology=[])
    assert without.warnings == 0


def test_validates_a_real_oxigraph_store_through_rdflib(shapes: Graph, ontology: Graph) -> None:
    store = Dataset(store="Oxigraph", default_union=True)
    for quad in load_case("assertion_unknown_status").quads((None, None, None, None)):
        store.add(quad)
    report = validate_graph(store, shapes, ontology=ontology)
    assert not report.conforms
    assert [v.shape for v in report.violations] == ["kgsh:StatusAssertion-status"]
    assert report.violations[0].value == "kgs:maybe"


def test_union_graph_takes_every_graph_and_leaves_the_input_alone() -> None:
    data = load_case("valid")
    data.add((URIRef("urn:x"), RDF.type, KG.Company))  # the default graph counts too
    before = len(data)
    union = union_graph(data)
    assert (URIRef("urn:x"), RDF.type, KG.Company) in union
    assert (URIRef(SA1), KG.status, URIRef("https://w3id.org/alliance-kg/status/announced")) in union
    assert (URIRef(AGR), KG.hasStatusAssertion, URIRef(SA2)) in union
    report = validate_graph(data)
    assert not report.conforms  # urn:x is a company without a label
    assert len(data) == before  # inference ran on a copy


def test_plain_graph_input(shapes: Graph, ontology: Graph) -> None:
    graph = union_graph(load_case("money_bad_currency"))
    report = validate_graph(graph, shapes, ontology=ontology)
    assert [v.value for v in report.violations] == ['"$"']


def test_violation_line_is_one_readable_line() -> None:
    v = Violation(focus=SA1, path="kg:status", message="bad status", severity="Violation", value="kgs:maybe")
    assert v.line() == "Violation sa:1111111111111111 kg:status: bad status"
    node = Violation(focus="_:b0", path="", message="not an IRI", severity="Warning")
    assert node.line() == "Warning _:b0: not an IRI"


@pytest.mark.slow
def test_raise_for_violations(reports: dict[str, ValidationReport]) -> None:
    reports["valid"].raise_for_violations()
    reports["status_order_backwards"].raise_for_violations()  # a warning only
    with pytest.raises(ValidationFailed, match=r"1 violations\):\nViolation art:a1a1a1a1a1a1a1a1 schema:datePublished"):
        reports["article_published_text"].raise_for_violations()


@pytest.mark.slow
def test_results_are_sorted_violations_first(reports: dict[str, ValidationReport]) -> None:
    report = reports["assertion_earliest_not_date"]
    assert len(report.violations) >= 2
    keys = [(v.severity != "Violation", v.focus, v.path, v.message) for v in report.violations]
    assert keys == sorted(keys)
    assert report.errors == len(report.violations) - report.warnings


@pytest.mark.slow
def test_literal_values_are_shortened(reports: dict[str, ValidationReport]) -> None:
    (v,) = [v for v in reports["selector_negative_start"].violations]
    assert v.value == '"-3"^^xsd:integer'
    assert Literal(-3).n3() != v.value  # not the long N3 form
