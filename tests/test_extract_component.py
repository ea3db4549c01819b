"""The ``kg_events_v1`` component writes the same claims as ``extract_events`` to ``doc._.kg_events``."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from kg.config import load_settings
from kg.extract.component import EVENTS_ATTR, PUBLISHED_ATTR
from kg.extract.events import extract_events
from kg.records import Article, Kind

TEXT = (
    "Nvidia agreed on Monday to acquire Run:ai for $700 million.\n\n"
    "Microsoft and OpenAI signed a non-binding memorandum of understanding last week."
)
PUBLISHED = dt.date(2024, 4, 24)

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def setup(nlp_and_gazetteer):  # type: ignore[no-untyped-def]
    nlp, gazetteer = nlp_and_gazetteer
    return nlp, gazetteer, load_settings(env={})


def test_component_gives_the_claims_of_extract_events(setup) -> None:  # type: ignore[no-untyped-def]
    nlp, gazetteer, settings = setup
    component = nlp.create_pipe("kg_events_v1", config={"companies_csv": str(settings.companies_csv)})
    doc = nlp(TEXT)
    doc._.set(PUBLISHED_ATTR, PUBLISHED)
    component(doc)
    found = doc._.get(EVENTS_ATTR)
    direct = extract_events(doc, Article(key="t", text=TEXT, path="t.md", published=PUBLISHED), gazetteer)
    assert found == direct
    assert any(e.kind is Kind.ACQUISITION and {p.name for p in e.parties} >= {"Nvidia", "Run:ai"} for e in found)
    assert any(e.date is not None and (e.date.year, e.date.month) == (2024, 4) for e in found)


def test_component_runs_inside_the_pipeline_on_a_prepared_doc(setup) -> None:  # type: ignore[no-untyped-def]
    nlp, gazetteer, _ = setup
    direct = extract_events(nlp(TEXT), Article(key="t", text=TEXT, path="t.md", published=PUBLISHED), gazetteer)
    nlp.add_pipe("kg_events_v1", last=True)  # build_nlp's pipeline is shared: removed again below
    try:
        doc = nlp.make_doc(TEXT)
        doc._.set(PUBLISHED_ATTR, PUBLISHED)
        found = nlp(doc)._.get(EVENTS_ATTR)
    finally:
        nlp.remove_pipe("kg_events_v1")
    assert found == direct and found


def test_extensions_are_registered_by_the_factory_and_default_to_none(setup) -> None:  # type: ignore[no-untyped-def]
    nlp, _, _ = setup
    nlp.create_pipe("kg_events_v1")
    assert Doc.has_extension(EVENTS_ATTR) and Doc.has_extension(PUBLISHED_ATTR)
    assert nlp.make_doc("no deal here")._.get(EVENTS_ATTR) is None


def test_raw_events_name_the_rules_that_decided_kind_and_status(setup) -> None:  # type: ignore[no-untyped-def]
    from kg.extract.events import raw_events

    nlp, gazetteer, _ = setup
    raws = raw_events(nlp(TEXT), PUBLISHED, gazetteer)
    assert raws
    for e in raws:
        assert any(n.startswith("kind:") for n in e.notes) and any(n.startswith("status:") for n in e.notes), e.notes
    mou = [e for e in raws if e.names == {"Microsoft", "OpenAI"}]
    assert mou and "status:cue:non_binding" in mou[0].notes
