"""Units for date resolution and amount parsing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.dates import resolve_date
from kg.extract.money import parse_amount
from kg.records import Money

THU = dt.date(2025, 9, 11)  # a Thursday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Monday", THU, "2025-09-08"),
        ("an hour ago", THU, "2025-09-11"),
        ("a year ago", THU, "2024"),
        ("Tuesday", THU, "2025-09-09"),
        ("on Thursday", THU, "2025-09-11"),
        ("last Thursday", THU, "2025-09-04"),
        ("last week", THU, "2025-09"),
        ("this week", THU, "2025-09"),
        ("last month", THU, "2025-08"),
        ("last month", dt.date(2025, 1, 5), "2024-12"),
        ("last month, days", THU, "2025-08"),  # the model runs "last month, days after ..." into one date
        ("May 27, 2025", THU, "2025-05-27"),
        ("in September last year", THU, "2024-09"),  # the month of the year named, not the latest September
        ("in March of last year", dt.date(2026, 3, 10), "2025-03"),
        ("in January next year", THU, "2026-01"),
        ("earlier this month", THU, "2025-09"),
        ("earlier this year", THU, "2025"),
        ("last year", THU, "2024"),
        ("in 2019", THU, "2019"),
        ("since 2022", THU, "2022"),
        ("in February", THU, "2025-02"),
        ("in October", THU, "2024-10"),
        ("early April", dt.date(2024, 4, 22), "2024-04"),
        ("Sept. 11", THU, "2025-09-11"),
        ("Thursday, September 18", THU, "2025-09-18"),
        ("12 April", dt.date(2024, 4, 22), "2024-04-12"),
        ("Jan. 23, 2023", THU, "2023-01-23"),
        ("March 2024", THU, "2024-03"),
        ("2025-09-11", None, "2025-09-11"),
        ("Q3 2024", THU, "2024"),
        ("the third quarter", THU, "2025"),
        ("the second half of 2026", THU, "2026"),
        ("yesterday", THU, "2025-09-10"),
        ("two weeks ago", THU, "2025-08"),
        ("three weeks ago", THU, "2025-08"),
        ("a month ago", THU, "2025-08"),
        ("three months ago", THU, "2025-06"),
        ("5 months ago", dt.date(2025, 3, 12), "2024-10"),
        ("last summer", dt.date(2026, 8, 10), "2025"),  # this year's summer has not ended
        ("last summer", dt.date(2026, 11, 10), "2026"),
        ("in the spring", dt.date(2026, 8, 10), "2026"),
        ("in the spring", dt.date(2026, 2, 1), "2025"),  # no spring begun this year yet
        ("this autumn", dt.date(2026, 2, 1), "2026"),
        ("late last fall", THU, "2024"),
        ("the summer of 2023", THU, "2023"),
    ],
)
def test_resolve_date(text: str, published: dt.date | None, expected: str) -> None:
    result = resolve_date(text, published)
    assert result is not None and result.iso() == expected


@pytest.mark.parametrize(
    "text",
    [
        "five years",
        "three-year",
        "45 days",
        "the years after",
        "over roughly five years",
        "recent years",
        "",
        "2023-24",
    ],
)
def test_durations_are_not_dates(text: str) -> None:
    assert resolve_date(text, THU) is None


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve_date("on Monday", None) is None
    assert resolve_date("in February", None) is None
    assert resolve_date("in 2019", None).iso() == "2019"  # type: ignore[union-attr]


@given(
    st.dates(min_value=dt.date(2000, 1, 8), max_value=dt.date(2030, 12, 31)),
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
)
def test_weekday_is_latest_on_or_before_publication(published: dt.date, weekday: str) -> None:
    result = resolve_date(f"on {weekday}", published)
    assert result is not None and result.precision == "day"
    day = result.earliest()
    assert day <= published and (published - day).days < 7 and day.strftime("%A") == weekday


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$10bn", 10_000_000_000, "USD"),
        ("$10 billion", 10_000_000_000, "USD"),
        ("US$1.5 billion", 1_500_000_000, "USD"),
        ("€2 billion", 2_000_000_000, "EUR"),
        ("£500m", 500_000_000, "GBP"),
        ("¥1 trillion", 1_000_000_000_000, "JPY"),
        ("up to $4 billion", 4_000_000_000, "USD"),
        ("as much as $15 billion", 15_000_000_000, "USD"),
        ("$100 million", 100_000_000, "USD"),
        ("100 billion dollar", 100_000_000_000, "USD"),
        ("nearly $6.5bn", 6_500_000_000, "USD"),
        ("£8.8 billion", 8_800_000_000, "GBP"),
        ("$1,200 million", 1_200_000_000, "USD"),
    ],
)
def test_parse_amount(text: str, value: int, currency: str) -> None:
    assert parse_amount(text) == Money(value, currency)


@pytest.mark.parametrize(
    "text", ["multi-billion dollar", "tens of billions", "$23.28 per share", "5%", "10 gigawatts", ""]
)
def test_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None
