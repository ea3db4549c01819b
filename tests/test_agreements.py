"""Clustering claims into agreements: order-independent, window-based, stable IRIs."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kg.resolve.agreements import Claim, cluster_claims

MSFT_OAI = frozenset({"Microsoft", "OpenAI"})


def claim(n: int, day: dt.date | None, kind: str = "investment", parties: frozenset[str] = MSFT_OAI) -> Claim:
    return Claim(
        f"https://x/sa/{n}", kind, parties, frozenset({"Microsoft"}) if kind == "investment" else frozenset(), day
    )


def test_repeat_deals_stay_apart_and_reports_of_one_deal_merge() -> None:
    claims = [
        claim(1, dt.date(2019, 7, 22)),
        claim(2, dt.date(2019, 7, 30)),
        claim(3, dt.date(2023, 1, 23)),
        claim(4, dt.date(2023, 2, 1)),
    ]
    agreements = cluster_claims(claims, window_days=270)
    assert sorted(len(a.assertions) for a in agreements) == [2, 2]
    assert len({a.iri for a in agreements}) == 2
    by_first = {a.assertions[0]: a for a in agreements}
    assert set(by_first["https://x/sa/1"].assertions) == {"https://x/sa/1", "https://x/sa/2"}


def test_undated_claims_join_the_latest_deal() -> None:
    agreements = cluster_claims([claim(1, dt.date(2019, 7, 22)), claim(2, dt.date(2023, 1, 23)), claim(3, None)])
    latest = next(a for a in agreements if "https://x/sa/2" in a.assertions)
    assert "https://x/sa/3" in latest.assertions


def test_a_single_deal_has_the_same_iri_whatever_its_sources() -> None:
    one = cluster_claims([claim(1, dt.date(2025, 9, 11))])
    more = cluster_claims([claim(1, dt.date(2025, 9, 11)), claim(2, None), claim(3, dt.date(2025, 10, 1))])
    assert len(one) == len(more) == 1
    assert one[0].iri == more[0].iri


def test_kinds_and_party_sets_never_merge() -> None:
    agreements = cluster_claims(
        [
            claim(1, dt.date(2025, 1, 1)),
            claim(2, dt.date(2025, 1, 1), kind="supply"),
            claim(3, dt.date(2025, 1, 1), parties=frozenset({"Microsoft", "Nvidia"})),
        ]
    )
    assert len(agreements) == 3


def test_label_shows_direction() -> None:
    (agreement,) = cluster_claims([claim(1, dt.date(2023, 1, 23))])
    assert agreement.label == "investment: Microsoft → OpenAI"
    assert agreement.agents == ("Microsoft",)


dates = st.one_of(st.none(), st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2026, 12, 31)))


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(dates, st.sampled_from(["investment", "supply"])), min_size=1, max_size=12), st.randoms())
def test_clustering_does_not_depend_on_order(items: list[tuple[dt.date | None, str]], rnd: object) -> None:
    claims = [claim(i, day, kind) for i, (day, kind) in enumerate(items)]
    shuffled = list(claims)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert cluster_claims(claims) == cluster_claims(shuffled)
    assignments = [a for a in cluster_claims(claims) for _ in a.assertions]
    assert len(assignments) == len(claims)  # every claim in exactly one agreement


def test_follow_on_stages_stay_with_their_deal_beyond_the_window() -> None:
    hpe = frozenset({"HPE", "Juniper Networks"})
    announced = Claim("https://x/sa/1", "acquisition", hpe, frozenset({"HPE"}), dt.date(2024, 1, 9), "announced")
    blocked = Claim("https://x/sa/2", "acquisition", hpe, frozenset(), dt.date(2025, 1, 30), "blocked")
    reannounced = Claim("https://x/sa/3", "acquisition", hpe, frozenset(), dt.date(2025, 1, 30), "announced")
    assert len(cluster_claims([announced, blocked])) == 1
    assert len(cluster_claims([announced, reannounced])) == 2


def test_roles_are_voted_and_dropped_when_they_conflict() -> None:
    pair = frozenset({"Microsoft", "OpenAI"})
    msft = Claim("https://x/sa/1", "investment", pair, frozenset({"Microsoft"}), dt.date(2023, 1, 23))
    both = Claim("https://x/sa/2", "investment", pair, frozenset({"Microsoft", "OpenAI"}), dt.date(2023, 1, 24))
    silent = Claim("https://x/sa/3", "investment", pair, frozenset(), dt.date(2023, 1, 25))
    assert cluster_claims([msft, both, silent])[0].agents == ("Microsoft",)
    assert cluster_claims([both, silent])[0].agents == ()
    reverse = Claim("https://x/sa/4", "investment", pair, frozenset({"OpenAI"}), dt.date(2023, 1, 26))
    assert cluster_claims([msft, reverse])[0].agents == ()


def test_an_mou_joins_the_definitive_deal_of_the_same_parties() -> None:
    mou = claim(1, dt.date(2025, 9, 11), kind="mou")
    definitive = claim(2, dt.date(2025, 10, 28), kind="partnership")
    (agreement,) = cluster_claims([mou, definitive])
    assert agreement.kind == "partnership" and len(agreement.assertions) == 2
    far = claim(3, dt.date(2021, 1, 1), kind="mou")
    kinds = sorted(a.kind for a in cluster_claims([far, definitive]))
    assert kinds == ["mou", "partnership"]
