"""Party roles: who invests and who is invested in, who supplies whom, which lists of holders
make one claim per holder (cases in fixtures/extract/roles.jsonl), and outlets that tell the story."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.events import extract_events
from kg.records import Article, Kind

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def setup(nlp_and_gazetteer):  # type: ignore[no-untyped-def]
    return nlp_and_gazetteer


def test_a_listed_holder_claim_carries_no_round_total(setup) -> None:  # type: ignore[no-untyped-def]
    nlp, gazetteer = setup
    text = "Cohere's backers in its $500 million round include Oracle and Nvidia."
    article = Article(key="t", text=text, path="t.md", published=dt.date(2025, 6, 1))
    events = [e for e in extract_events(nlp(text), article, gazetteer) if e.kind is Kind.INVESTMENT]
    assert len(events) == 2 and all(e.amount is None for e in events)


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "Reuters said Darktrace had agreed to be acquired by Thoma Bravo.",
            {("Thoma Bravo", "acquirer"), ("Darktrace", "target")},
        ),
        (
            "(Reuters) - OpenAI has begun renting Google chips to power ChatGPT.",
            {("Google", "supplier"), ("OpenAI", "customer")},
        ),
        (
            "The Associated Press signed a licensing deal with OpenAI.",
            {("Associated Press", "licensor"), ("OpenAI", "licensee")},
        ),
    ],
)
def test_a_news_outlet_telling_the_story_is_no_party_but_can_make_deals(setup, text, parties) -> None:  # type: ignore[no-untyped-def]
    nlp, gazetteer = setup
    article = Article(key="t", text=text, path="t.md", published=dt.date(2025, 6, 1))
    events = extract_events(nlp(text), article, gazetteer)
    assert [{(p.name, p.role.value if p.role else None) for p in e.parties} for e in events] == [parties]
