"""Co-investors counted as a sparse matrix product (kg.analyze.coinvest) give the exact pairs.

Every answer here is compared with a count over every pair written in the test, for every
limit, on random investments (a few investors in many companies, many in one or two) and on
hand-made cases: a hub, ties, names that are prefixes of each other.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.analyze.coinvest import COLUMNS, Pair, pair_rows, ranked_pairs

NAMES = [f"C{n:02d}" for n in range(30)] + ["C0", "C 0", "Ç", "c01"]


def every_pair(investments: list[tuple[str, str]]) -> list[tuple[str, str, int, tuple[str, ...]]]:
    investors: dict[str, set[str]] = defaultdict(set)
    for investor, investee in investments:
        investors[investee].add(investor)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for investee, names in investors.items():
        for a, b in combinations(sorted(names), 2):
            shared[(a, b)].add(investee)
    rows = [(a, b, len(c), tuple(sorted(c))) for (a, b), c in shared.items()]
    return sorted(rows, key=lambda r: (-r[2], r[0] + "\u0001" + r[1]))


def as_rows(pairs: list[Pair]) -> list[tuple[str, str, int, tuple[str, ...]]]:
    return [(p.first, p.second, p.shared, p.companies) for p in pairs]


investments_st = st.lists(
    st.tuples(st.sampled_from(NAMES[:8]) | st.sampled_from(NAMES), st.sampled_from(NAMES)), max_size=150
)


@settings(max_examples=300, deadline=None)
@given(investments_st, st.integers(min_value=0, max_value=80))
def test_the_first_pairs_are_those_of_the_full_count(investments: list[tuple[str, str]], limit: int) -> None:
    expected = every_pair(investments)
    got = as_rows(ranked_pairs(investments, limit or None))
    assert got == (expected[:limit] if limit else expected)


def test_a_hub_with_many_small_investors_ranks_the_big_ones_first() -> None:
    # 300 investors in one hub (44,850 pairs sharing one company) and four investors of many.
    investments = [(f"small {n:03d}", "Hub") for n in range(300)]
    investments += [(big, f"target {t}") for big in ("A", "B", "C", "D") for t in range(12)]
    investments += [("A", "Hub"), ("B", "Hub")]
    assert as_rows(ranked_pairs(investments, 3)) == every_pair(investments)[:3]
    assert [(p.first, p.second, p.shared) for p in ranked_pairs(investments, 3)] == [
        ("A", "B", 13),
        ("A", "C", 12),
        ("A", "D", 12),
    ]


def test_ties_sort_by_the_names() -> None:
    # A and B share six companies; C, D and E invested in five each and share one; the pairs
    # sharing one company come in the order of their names.
    investments = [(i, f"ab{t}") for i in "AB" for t in range(5)]
    investments += [(i, f"{i}{t}") for i in "CDE" for t in range(4)] + [(i, "common") for i in "CDE"]
    investments += [("A", "C0"), ("B", "C0")]
    assert as_rows(ranked_pairs(investments, 3)) == every_pair(investments)[:3]
    assert [(p.first, p.second, p.shared) for p in ranked_pairs(investments, 3)] == [
        ("A", "B", 6),
        ("A", "C", 1),
        ("B", "C", 1),
    ]


def test_rows_join_the_sorted_companies() -> None:
    pairs = ranked_pairs([("X", "b"), ("Y", "b"), ("X", "a"), ("Y", "a")])
    assert COLUMNS == ("investor1", "investor2", "shared", "companies")
    assert pair_rows(pairs) == [("X", "Y", "2", "a | b")]


def test_no_investments_no_pairs() -> None:
    assert ranked_pairs([]) == [] and ranked_pairs([("A", "x")], 5) == []
