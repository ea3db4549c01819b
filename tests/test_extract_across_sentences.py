"""Passages of a few sentences: references to a company or a deal told in an earlier sentence,
and dates that belong to one sentence's deal (real model). Single sentences are data, in
``fixtures/extract/*.jsonl``."""

from __future__ import annotations

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
