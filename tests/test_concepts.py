"""Issue #15: each concept has one definition; where the ontology or a SPARQL file states it
too, these tests check that they agree with the code's table."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from kg.graphwrite import derive_update
from kg.ontology.files import load_ontology
from kg.ontology.terms import KG, KIND_CLASS
from kg.records import DIRECTED_ROLES, Kind


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
    branches = re.findall(r"\?agr a kg:(\w+) ; kg:(\w+) \?(\w+) ; kg:(\w+) \?(\w+)", text)
    kind_of = {_local(cls): Kind(kind) for kind, cls in KIND_CLASS.items()}
    links = {kind_of[c]: (r1, r2) for c, r1, v1, r2, v2 in branches if (v1, v2) == ("a", "b")}
    flows = {kind_of[c]: {r1, r2} for c, r1, v1, r2, v2 in branches if (v1, v2) == ("payer", "payee")}
    assert links == {kind: (a.value, c.value) for kind, (a, c) in DIRECTED_ROLES.items()}
    assert flows == {kind: {a.value, c.value} for kind, (a, c) in DIRECTED_ROLES.items()}
