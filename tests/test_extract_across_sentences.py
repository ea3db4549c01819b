"""Passages of a few sentences: references to a company or a deal told in an earlier sentence,
and dates that belong to one sentence's deal (real model). Single sentences are data, in
``fixtures/extract/*.jsonl``."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.model


def _rows(extract, text: str) -> list[tuple[str, str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [(e.kind.value, e.status.value, e.party_names) for e in extract(text)]


def test_it_as_subject_is_the_company_of_the_previous_sentence(extract) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        extract,
        "Snowflake reported higher revenue on Wednesday. It agreed last month to buy Informatica for an undisclosed sum.",
    )
    assert ("acquisition", "announced", ("Informatica", "Snowflake")) in rows


def test_a_definite_takeover_takes_the_told_deal_not_other_clauses(extract) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        extract,
        "HPE agreed to acquire Juniper Networks in January. The Justice Department sued to stop the takeover, "
        "arguing that it would leave Cisco with less competition.",
    )
    assert ("acquisition", "blocked", ("HPE", "Juniper Networks")) in rows
    assert not any("Cisco" in parties for _, _, parties in rows)


def test_a_described_company_in_subject_position_is_the_company_told_of(extract) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        extract,
        "Hewlett Packard Enterprise said on Friday it had completed its purchase of Juniper Networks. "
        "The server and networking equipment company agreed to buy Juniper in October.",
    )
    assert ("acquisition", "announced", ("HPE", "Juniper Networks")) in rows
    rows = _rows(
        extract,
        "Hewlett Packard Enterprise said on Friday it had completed its purchase of Juniper Networks. "
        "The new company will be led by HPE's chief executive.",
    )
    assert [r for r in rows if r[1] == "announced"] == []


def test_an_old_date_in_the_deals_own_clause_dates_an_announcement(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract(
        "HPE completed its purchase of Juniper Networks on Friday. HPE agreed to buy Juniper in January 2024."
    )
    assert [str(e.date) for e in found if e.status.value == "announced"] == ["2024-01"]


def test_a_settlement_with_a_regulator_puts_the_deal_under_review(extract) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        extract,
        "HPE agreed to buy Juniper Networks in January. HPE and Juniper Networks reached a settlement "
        "with the Justice Department, clearing the way for the deal to close.",
    )
    assert ("acquisition", "under_review", ("HPE", "Juniper Networks")) in rows


def test_a_regulator_looking_into_the_agreement_looks_at_the_main_deal(extract) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        extract,
        "Microsoft has struck a partnership with Mistral AI, the companies said Monday. "
        "Mistral AI has raised 500 million euros from investors including Andreessen Horowitz and Lightspeed Venture Partners. "
        "The European Union's competition watchdog said it would look into the agreement.",
    )
    assert ("partnership", "under_review", ("Microsoft", "Mistral AI")) in rows


def test_a_reference_to_the_companies_carries_a_new_stage(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Nvidia plans to invest $5 billion in Intel, the companies said on Thursday.\n\n"
        "Regulators later blocked the deal, and the two companies walked away from it."
    )
    statuses = {e.status.value for e in extract(text, dt.date(2025, 9, 11)) if e.party_names == ("Intel", "Nvidia")}
    assert "announced" in statuses and statuses & {"terminated", "blocked"}


def test_main_news_without_date_takes_publication_month_and_background_stays_undated(extract) -> None:  # type: ignore[no-untyped-def]
    text = "OpenAI has teamed up with Broadcom to build chips. Separately, Oracle is an existing partner of SoftBank."
    events = extract(text, dt.date(2025, 10, 13))
    main = [e for e in events if e.party_names == ("Broadcom", "OpenAI")]
    assert main and main[0].date is not None and main[0].date.iso() == "2025-10"  # the text gives no day
    side = [e for e in events if e.party_names == ("Oracle", "SoftBank")]
    assert side and side[0].background and side[0].date is None
