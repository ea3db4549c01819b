"""The gazetteer rulers: ordinary-word forms match only as written, names in any case."""

from __future__ import annotations

import pytest

from kg.config import load_settings
from kg.extract.pipeline import ruler_patterns
from kg.resolve.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(load_settings().companies_csv)


def test_ambiguous_forms_are_never_matched_in_lower_case(gaz: Gazetteer) -> None:
    exact, lower = ruler_patterns(gaz)
    lowered = {p["pattern"] for p in lower}
    ambiguous = [form for form, _ in gaz.surface_forms() if gaz.is_ambiguous(form)]
    assert len(ambiguous) >= 40
    assert [form for form in ambiguous if form in lowered] == []
    assert {"Stack Overflow", "Analog Devices", "Modal"} <= {p["pattern"] for p in exact}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("The crash was a stack overflow in analog devices, with energy transfer.", []),
        ("Stack Overflow signed a data licensing deal with OpenAI.", ["Stack Overflow", "OpenAI"]),
        ("Nvidia invested in Fireworks AI and Baseten.", ["Nvidia", "Fireworks AI", "Baseten"]),
        ("samsung sds will resell the service with bharti airtel.", ["Samsung SDS", "Bharti Airtel"]),
        # a known name inside a longer one the gazetteer lacks is not that company
        ("BENGALURU — Deccan Silicon Labs Ltd. signed a licence with Arm.", ["Arm"]),
        ("Lumen Grid said it bought Thermavolt.", []),  # a short form ("Lumen") continued otherwise
        ("Scale Networks will supply switches to Meta.", ["Meta"]),
        ("Lumen Technologies and Scale AI signed a deal.", ["Lumen Technologies", "Scale AI"]),
        ("The ChatGPT maker signed a cloud deal with Oracle.", ["OpenAI", "Oracle"]),  # an epithet stays
    ],
)
def test_rulers_tag_new_names_and_leave_ordinary_words(nlp_and_gazetteer, text: str, orgs: list[str]) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_and_gazetteer[0](text)
    assert [e.ent_id_ for e in doc.ents if e.label_ == "ORG" and e.ent_id_] == orgs


@pytest.mark.model
def test_a_match_begun_in_lower_case_leaves_the_entities(nlp_and_gazetteer) -> None:  # type: ignore[no-untyped-def]
    """ "rack-scale AI": the dropped match is gone from ``doc.ents``, not only its company id."""
    doc = nlp_and_gazetteer[0]("Nvidia sells rack-scale AI systems to Oracle.")
    assert "scale AI" not in [e.text for e in doc.ents]
    assert [e.ent_id_ for e in doc.ents if e.ent_id_] == ["Nvidia", "Oracle"]
