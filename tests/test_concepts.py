"""Issue #15: each concept has one definition; where the ontology or a SPARQL file states it
too, these tests check that they agree with the code's table."""

from __future__ import annotations

import json
import re
from importlib import resources

import networkx as nx
import pandas as pd
import pytest
from rdflib import RDF, SH, SKOS, Graph
from synthetic import (
    AgreementSpec,
    ArticleSpec,
    ClaimSpec,
    CompanySpec,
    agreement_iris,
    dataset,
    synthetic_specs,
    written_store,
)

from kg import graphwrite
from kg.analyze.agreements import agreement_views, latest_claim
from kg.analyze.flows import flow_of
from kg.analyze.sparql import query_text
from kg.graphwrite import derive_update
from kg.ontology.files import load_ontology
from kg.ontology.reference import SHORT_PREFIXES
from kg.ontology.terms import KG, KIND_CLASS, PREFIXES, with_prefixes
from kg.query.runner import library, resolve
from kg.records import DIRECTED_ROLES, STAGE_ORDER, STATUS_GROUP, Kind, Status, phase_of
from kg.render import flows as render_flows
from kg.render import payload as render_payload
from kg.render.style import KIND_COLORS, OTHER_COLOR, PHASE_LOOK, PHASE_STYLE, community_colors
from kg.resources import shipped_root
from kg.store.export import JSONLD_CONTEXT

QUERY_FILES = sorted(
    (f.name, f.read_text(encoding="utf-8"))
    for folder in ("queries", "updates")
    for f in resources.files("kg.query").joinpath(folder).iterdir()
    if f.name.endswith((".rq", ".ru"))
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def test_directed_kinds_and_roles_are_the_ontologys(ontology: Graph) -> None:
    stated = {}
    for kind in Kind:
        cls = KIND_CLASS[kind.value]
        agent, counterpart = ontology.value(cls, KG.agentRole), ontology.value(cls, KG.counterpartRole)
        if agent is not None or counterpart is not None:
            stated[kind] = (_local(agent), _local(counterpart))
    assert stated == {kind: (a.value, c.value) for kind, (a, c) in DIRECTED_ROLES.items()}


def test_derive_links_and_flows_use_the_directed_roles() -> None:
    """derive.ru spells out each directed kind's roles for the company links (agent → other)
    and the value flows (payer → payee); both must be the table's."""
    text = derive_update()
    branches = re.findall(
        r"\?agr a \?class ; kg:(\w+) \?(\w+) ; kg:(\w+) \?(\w+)[^{}]*?FILTER \(\?class = kg:(\w+)\)", text
    )
    kind_of = {_local(cls): Kind(kind) for kind, cls in KIND_CLASS.items()}
    links = {kind_of[c]: (r1, r2) for r1, v1, r2, v2, c in branches if (v1, v2) == ("a", "b")}
    flows = {kind_of[c]: {r1, r2} for r1, v1, r2, v2, c in branches if (v1, v2) == ("payer", "payee")}
    assert links == {kind: (a.value, c.value) for kind, (a, c) in DIRECTED_ROLES.items()}
    assert flows == {kind: {a.value, c.value} for kind, (a, c) in DIRECTED_ROLES.items()}


def test_the_flows_page_colours_a_flow_by_its_agreements_kind() -> None:
    """The colour comes from the agreement type the ``flows`` query gives, not from a second
    table of which flow kind each directed kind pays (that is derive.ru's)."""
    row = {"flow": "f", "agreement": "a", "payer": "A", "payee": "B", "kind": "payment", "type": "supply"}
    assert render_flows.flow_record(flow_of(row))["color"] == KIND_COLORS[Kind.SUPPLY.value]
    assert render_flows.flow_record(flow_of(row | {"type": "nope"}))["color"] == OTHER_COLOR


def test_graph_agreements_names_the_kind_classes_of_the_table() -> None:
    """graph-agreements.rq maps classes to kind codes itself, so the pages need no ontology graph."""
    rows = re.findall(r'\(kg:(\w+) "(\w+)"\)', query_text("graph-agreements"))
    assert {code: str(KG[cls]) for cls, code in rows} == {code: str(cls) for code, cls in KIND_CLASS.items()}


def _status_values(ontology: Graph, predicate: object) -> dict[str, str]:
    return {
        str(ontology.value(c, SKOS.notation)): str(ontology.value(c, predicate))  # type: ignore[arg-type]
        for c in ontology.subjects(RDF.type, KG.AgreementStatus)
    }


def test_stage_order_is_the_ontologys(ontology: Graph) -> None:
    assert _status_values(ontology, KG.stageOrder) == {s.value: str(o) for s, o in STAGE_ORDER.items()}
    assert list(STAGE_ORDER) == list(Status) == sorted(Status, key=STAGE_ORDER.__getitem__)


def test_status_groups_are_the_ontologys(ontology: Graph) -> None:
    groups = {code: top.rsplit("/", 1)[-1] for code, top in _status_values(ontology, SKOS.broader).items()}
    assert groups == {s.value: g for s, g in STATUS_GROUP.items()}


@pytest.mark.parametrize(("name", "text"), QUERY_FILES, ids=[n for n, _ in QUERY_FILES])
def test_no_query_spells_out_the_stage_order(name: str, text: str) -> None:
    """SPARQL reads kg:stageOrder from graph/ontology; Python uses STAGE_ORDER."""
    codes = "|".join(s.value for s in Status)
    assert not re.search(rf'"(?:{codes})"\s+\d', text), name


def _claims(*claims: tuple[Status, str | None]) -> tuple[ClaimSpec, ...]:
    return tuple(ClaimSpec(f"a{i}", status, date, f"claim {i}") for i, (status, date) in enumerate(claims))


#: Agreements whose current status needs each part of the rule: latest first day, then stage,
#: undated claims before dated ones, and a day-precise date after a month on the same first day.
AGREEMENTS = [
    AgreementSpec(
        Kind.INVESTMENT, ("A", "B"), ("A",), _claims((Status.ANNOUNCED, "2024-01-05"), (Status.COMPLETED, "2024-03"))
    ),
    AgreementSpec(
        Kind.ACQUISITION,
        ("A", "C"),
        ("A",),
        _claims((Status.BLOCKED, "2024-02-01"), (Status.UNDER_REVIEW, "2024-02-01")),
    ),
    AgreementSpec(Kind.SUPPLY, ("B", "C"), (), _claims((Status.SIGNED, None), (Status.NEGOTIATING, "2023"))),
    AgreementSpec(Kind.PARTNERSHIP, ("A", "D"), (), _claims((Status.RUMORED, None), (Status.TERMINATED, None))),
    AgreementSpec(
        Kind.LICENSING, ("C", "D"), ("C",), _claims((Status.SIGNED, "2024-05"), (Status.SIGNED, "2024-05-01"))
    ),
]


def test_the_replay_orders_claims_as_derive_ru() -> None:
    """The pages show today's status from kg:currentStatus (derive.ru) and replay a past day
    with latest_claim over the history (history_key); both must follow one rule."""
    companies = [CompanySpec(n) for n in "ABCD"]
    articles = [ArticleSpec(f"a{i}", url=f"https://example.org/{i}") for i in range(2)]
    with written_store(companies, articles, AGREEMENTS) as store:
        iris = agreement_iris(store, articles, AGREEMENTS)
        derived = {
            str(a): str(s).rsplit("/", 1)[-1]
            for a, s in store.query(f"SELECT ?a ?s WHERE {{ ?a {KG.currentStatus.n3()} ?s }}")
        }
        views = {v.iri: v for v in agreement_views(store)}
    replayed = {iri: latest_claim(v.history).status for iri, v in views.items()}  # type: ignore[union-attr]
    assert replayed == derived == {iri: v.status for iri, v in views.items()}
    assert [derived[iri] for iri in iris] == [
        "completed",
        "blocked",
        "negotiating",
        "terminated",
        "signed",
    ]
    licensing = views[iris[-1]]
    assert licensing.status_date == "2024-05-01" == latest_claim(licensing.history).date  # type: ignore[union-attr]


def test_the_notebook_network_is_coloured_and_dashed_as_the_site() -> None:
    """kg.notebook draws with the site's payload: colours and phase looks come from the table."""
    from kg.analyze import company_graph
    from kg.notebook import network_html

    G = company_graph(dataset(*synthetic_specs(30, seed=3)))
    page = network_html(G)
    found = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert found
    data = json.loads(found.group(1))
    assert data["kindColors"] == KIND_COLORS and data["phaseLooks"] == json.loads(json.dumps(PHASE_LOOK))
    assert data["edges"] and all(e["color"] == KIND_COLORS.get(e["kind"], OTHER_COLOR) for e in data["edges"])
    assert all(e["phase"] == phase_of(e["status"]) for e in data["edges"])
    assert data["communityColors"] == community_colors(n["community"] for n in data["nodes"])
    assert "new vis.DataSet" in page and "pyvis" not in page.lower()  # kg-network.js inlined, not pyvis's template


def test_the_pages_take_colours_and_phase_looks_from_one_table() -> None:
    assert render_payload.KIND_COLORS is KIND_COLORS and render_flows.KIND_COLORS is KIND_COLORS
    empty = render_payload.network_payload(nx.MultiGraph(), pd.DataFrame(), {}, None)
    assert empty["kindColors"] is KIND_COLORS and empty["phaseLooks"] is PHASE_LOOK
    assert render_flows.loops_payload([], {})["phaseLooks"] is PHASE_LOOK
    assert set(PHASE_LOOK) == set(PHASE_STYLE) == {phase_of(s) for s in Status}
    assets = resources.files("kg.render").joinpath("assets")
    for name in ("kg-dom.js", "kg-network.js", "kg-flows.js"):
        text = assets.joinpath(name).read_text(encoding="utf-8")
        assert not re.search(r"phase\s*===|dashes:\s*\[|opacity:\s*[.\d]|#[0-9a-f]{6}", text, re.I), name
    assert ".swatch." not in assets.joinpath("kg.css").read_text(encoding="utf-8")


def _prefixes_used(text: str) -> set[str]:
    """The prefixes of the prefixed names in SPARQL text (comments, IRIs and strings left out)."""
    text = re.sub(r'<[^<>\s]*>|"[^"\n]*"|#[^\n]*', " ", text)
    return set(re.findall(r"(?<![\w.?$-])([A-Za-z][\w-]*):", text))


@pytest.mark.parametrize(("name", "text"), QUERY_FILES, ids=[n for n, _ in QUERY_FILES])
def test_query_files_use_only_the_prefix_table(name: str, text: str) -> None:
    assert not re.search(r"(?im)^\s*PREFIX\s", text), f"{name} declares its own prefixes"
    assert _prefixes_used(text) <= set(PREFIXES), name


def test_queries_are_loaded_with_the_prefixes_they_use() -> None:
    import pyoxigraph

    empty = pyoxigraph.Store()  # Oxigraph's parser (the engine's; rdflib's takes seconds): an undeclared prefix fails
    with pytest.raises(SyntaxError, match="Prefix not found"):
        empty.query("SELECT * { ?a kg:party ?b }")
    for query in library().values():
        if not query.compute:
            empty.query(query.text)
    for name in (
        "graph-agreements",
        "graph-assertions",
        "graph-companies",
        "graph-parties",
        "graph-flow-values",
        "graph-flow-evidence",
    ):
        empty.query(query_text(name))
    empty.update(graphwrite._derive_parts()[0] + graphwrite.derive_all())
    assert with_prefixes("SELECT * { ?a kg:party ?b }") == f"PREFIX kg: <{KG}>\nSELECT * {{ ?a kg:party ?b }}"
    own = "PREFIX kg: <http://example.org/> SELECT * { ?a kg:party ?b }"
    assert resolve(own).text == own  # a query's own declarations stand
    assert resolve(f"SELECT * {{ ?a <{KG}party> ?b ; schema:url ?u }}").text.startswith("PREFIX schema:")


@pytest.mark.parametrize("module", ["kg.ontology.terms", "kg.records"])
def test_the_doctests_of_the_tables(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed


def test_exports_and_reports_use_the_prefix_table() -> None:
    table = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    assert JSONLD_CONTEXT == table
    assert SHORT_PREFIXES == table


def test_the_turtle_files_bind_prefixes_as_the_table_does() -> None:
    for path in sorted(shipped_root().joinpath("ontologies").glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        bound = dict(re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", text))
        ours = {p: iri for p, iri in bound.items() if p in PREFIXES}
        assert ours == {p: str(PREFIXES[p]) for p in ours}, path.name
        assert set(bound) - set(PREFIXES) <= ({"cmns-org"} | {p for p in bound if p.startswith("fibo-")}), path.name
    shapes = Graph().parse(shipped_root() / "ontologies" / "shapes.ttl")
    declared = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace)) for d in shapes.objects(None, SH.declare)
    }
    assert declared and declared == {p: str(PREFIXES[p]) for p in declared}


def test_legal_forms_have_one_table() -> None:
    """Name folding, the NER name clean-up, the designator shapes and the org-ish test all
    read kg.resolve.names.LEGAL_SUFFIXES, in any case and dotted ("B.V."); the extractor's word
    lists do not repeat it."""
    from kg.extract.org_shapes import designator_words
    from kg.extract.parties import clean_org_name
    from kg.extract.party_filters import _orgish
    from kg.extract.vocab import words
    from kg.resolve.names import LEGAL_SUFFIXES, fold

    assert not words("company_designators") & LEGAL_SUFFIXES
    assert LEGAL_SUFFIXES <= designator_words()
    for suffix in sorted(LEGAL_SUFFIXES):
        dotted = ".".join(suffix.upper()) + "."  # "B.V.", "S.A."
        for form in (suffix, suffix.upper(), suffix.capitalize() + ".", dotted):
            name = f"Zorvex Robotics, {form}"
            assert fold(name) == "zorvex robotics" and clean_org_name(name) == "Zorvex Robotics", name
            assert _orgish(f"Zorvex {form}"), form
    assert clean_org_name("SoftBank Group Corp.") == "SoftBank" and clean_org_name("SK Group") == "SK Group"
