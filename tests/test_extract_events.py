"""Extraction with the real spaCy model: cross-sentence references,
negation, epithets, the seed contract and a floor on the dev set."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED, needs_shared

from kg.config import load_settings
from kg.errors import ModelError
from kg.extract.events import extract_articles, extract_events
from kg.extract.pipeline import build_nlp
from kg.records import Article, Kind, Status
from kg.resolve.gazetteer import load_gazetteer

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def setup(nlp_and_gazetteer):  # type: ignore[no-untyped-def]
    return nlp_and_gazetteer


def _events(setup, text: str, published: dt.date | None = dt.date(2025, 9, 11)):  # type: ignore[no-untyped-def]
    nlp, gazetteer = setup
    article = Article(key="t", text=text, path="t.md", published=published)
    return extract_events(nlp(text), article, gazetteer)


def test_epithet_is_a_completed_background_investment(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(setup, "Microsoft-backed OpenAI released a new model on Monday.")
    inv = [e for e in events if e.kind is Kind.INVESTMENT]
    assert inv and inv[0].status is Status.COMPLETED and inv[0].background
    assert inv[0].party_names == ("Microsoft", "OpenAI")


def test_denied_talks_are_not_events(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(setup, "Apple denied that it would acquire Anthropic.")
    assert not [e for e in events if e.kind is Kind.ACQUISITION]


def test_hedged_deal_is_rumored(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(setup, "Amazon could invest billions more in Anthropic, according to analysts.")
    assert [e.status for e in events if e.kind is Kind.INVESTMENT] == [Status.RUMORED]


def test_reference_to_the_companies_carries_a_new_stage(setup) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Nvidia plans to invest $5 billion in Intel, the companies said on Thursday.\n\n"
        "Regulators later blocked the deal, and the two companies walked away from it."
    )
    events = _events(setup, text)
    statuses = {e.status for e in events if e.party_names == ("Intel", "Nvidia")}
    assert Status.ANNOUNCED in statuses and statuses & {Status.TERMINATED, Status.BLOCKED}


def test_main_news_without_date_takes_publication_month_and_background_stays_undated(setup) -> None:  # type: ignore[no-untyped-def]
    text = "OpenAI has teamed up with Broadcom to build chips. Separately, Oracle is an existing partner of SoftBank."
    events = _events(setup, text, dt.date(2025, 10, 13))
    main = [e for e in events if e.party_names == ("Broadcom", "OpenAI")]
    assert main and main[0].date is not None and main[0].date.iso() == "2025-10"  # the text gives no day
    side = [e for e in events if e.party_names == ("Oracle", "SoftBank")]
    assert side and side[0].background and side[0].date is None


def test_extract_articles_keeps_order(setup) -> None:  # type: ignore[no-untyped-def]
    nlp, gazetteer = setup
    articles = [
        Article(
            key=str(i),
            text=f"Google will invest $1 billion in Anthropic{'.' * (i + 1)}",
            path=f"{i}.md",
            published=dt.date(2024, 1, 1),
        )
        for i in range(5)
    ]
    out = list(extract_articles(articles, nlp, gazetteer, batch_size=2))
    assert [a.key for a, _ in out] == [a.key for a in articles]
    assert all(events for _, events in out)


def test_missing_model_is_a_model_error() -> None:
    settings = load_settings(model="no_such_model_xyz")
    with pytest.raises(ModelError, match="no_such_model_xyz"):
        build_nlp(settings, load_gazetteer(settings.companies_csv))


@pytest.mark.gold
@needs_shared
def test_seed_contract(setup) -> None:  # type: ignore[no-untyped-def]
    from kg.ingest.readers import read_file

    nlp, gazetteer = setup
    (article,) = read_file(SEED)
    ((_, events),) = list(extract_articles([article], nlp, gazetteer))
    rows = [e for e in events if e.party_names == ("Microsoft", "OpenAI") and e.status is Status.NON_BINDING]
    assert any(e.date is not None and e.date.iso() == "2025-09-11" for e in rows)
    for e in events:
        assert article.text[e.evidence.start : e.evidence.end] == e.evidence.text


def test_a_kind_named_inside_a_longer_cue_is_not_a_second_deal(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(setup, "Microsoft signed a 20-year power purchase agreement with Constellation Energy on Friday.")
    assert [e.kind for e in events] == [Kind.SUPPLY]


def test_a_month_is_no_hedge(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(setup, "Microsoft invested $1 billion in OpenAI in May.")
    assert [e.status for e in events if e.kind is Kind.INVESTMENT] == [Status.COMPLETED]


def test_companies_each_securing_deals_are_not_each_others_counterparts(setup) -> None:  # type: ignore[no-untyped-def]
    assert _events(setup, "Nvidia Corp. and Qualcomm Inc. also secured agreements in June.") == []
    paired = _events(setup, "Nvidia and Qualcomm signed agreements with Humain.")
    assert sorted(e.party_names for e in paired) == [("Humain", "Nvidia"), ("Humain", "Qualcomm")]


def test_a_place_owning_a_company_is_no_party(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(setup, "Mistral is in talks with Abu Dhabi's MGX about a $1 billion investment.")
    assert events and all("Abu Dhabi" not in e.party_names for e in events)


def test_an_article_that_states_its_day_dates_its_main_news_to_the_day(setup) -> None:  # type: ignore[no-untyped-def]
    text = "SEATTLE, Nov. 22, 2024 -- Amazon will invest another $4 billion in Anthropic, the companies said."
    events = _events(setup, text, dt.date(2024, 11, 22))
    assert [str(e.date) for e in events if e.kind is Kind.INVESTMENT] == ["2024-11-22"]


def test_a_dated_earlier_stage_on_the_deal_noun_is_its_own_claim(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(
        setup,
        "Nvidia's acquisition of Run:ai, first announced in April, closed on Monday.",
        dt.date(2024, 12, 30),
    )
    by_status = {e.status: e for e in events if e.kind is Kind.ACQUISITION}
    assert set(by_status) == {Status.COMPLETED, Status.ANNOUNCED}
    earlier = by_status[Status.ANNOUNCED]
    assert earlier.date is not None and earlier.date.iso() == "2024-04" and earlier.background


def test_what_a_party_announced_is_no_earlier_stage(setup) -> None:  # type: ignore[no-untyped-def]
    events = _events(
        setup,
        "Microsoft completed its acquisition of Activision, which announced record sales in May.",
        dt.date(2023, 10, 13),
    )
    assert [e.status for e in events if e.kind is Kind.ACQUISITION] == [Status.COMPLETED]
