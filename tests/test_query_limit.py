"""Bounded answers (issue 12): a named query's ``limit`` parameter becomes its ``LIMIT``.

``co-investors`` grows with the square of the investors (about 61,000 pairs at 10,000
articles), so it gives the first 100 pairs by default, ranked by the number of companies they
share, then by the investors' names; ``--param limit=0`` gives every pair. It is a computed
query (``kg.analyze.coinvest``) and is checked here against a count written in the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from scale_corpus import corpus

from kg import api
from kg.config import PROJECT_ROOT, load_settings
from kg.errors import QueryError
from kg.graphwrite import write_articles
from kg.query.runner import bind, library, limited_text, parse_named_query, row_limit
from kg.resolve.gazetteer import load_gazetteer
from kg.store import Store, open_memory
from kg.store.table import Table

Pair = tuple[str, str, int, frozenset[str]]

INVESTMENTS = """PREFIX kg: <https://w3id.org/alliance-kg/ont#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?investor ?target WHERE {
  ?a a kg:Investment ; kg:investor ?i ; kg:investee ?t .
  ?i rdfs:label ?investor . ?t rdfs:label ?target
}"""


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """600 articles whose investors are mostly small companies: 124 pairs of co-investors."""
    settings = load_settings(env={})
    with open_memory() as memory:
        write_articles(memory, corpus(600, seed=7, hub_share=0.2), load_gazetteer(settings.companies_csv), settings)
        yield memory


def co_investors(store: Store, **params: str) -> list[tuple[str, ...]]:
    answer = api.query(store, "co-investors", params)
    assert isinstance(answer, Table)
    assert answer.columns == ("investor1", "investor2", "shared", "companies")
    return list(answer.rows)


def expected_pairs(store: Store) -> list[Pair]:
    """Every pair of co-investors computed here from the plain investments, in the ranking
    the query promises: most shared companies first, then the names."""
    investors: dict[str, set[str]] = defaultdict(set)
    for investor, target in store.query(INVESTMENTS):  # type: ignore[misc, union-attr]
        investors[str(target)].add(str(investor))
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for target, names in investors.items():
        for a in names:
            for b in names:
                if a < b:
                    shared[(a, b)].add(target)
    pairs = [(a, b, len(ts), frozenset(ts)) for (a, b), ts in shared.items()]
    return sorted(pairs, key=lambda p: (-p[2], p[0] + "\u0001" + p[1]))


def as_pair(row: tuple[str, ...]) -> Pair:
    return (row[0], row[1], int(row[2]), frozenset(row[3].split(" | ")))


def test_limit_0_gives_every_pair_in_rank_order(store: Store) -> None:
    expected = expected_pairs(store)
    assert len(expected) > 100  # so the default below has something to cut
    assert [as_pair(r) for r in co_investors(store, limit="0")] == expected


def test_the_default_gives_the_first_100_pairs(store: Store) -> None:
    every = co_investors(store, limit="0")
    assert co_investors(store) == every[:100]
    assert [int(r[2]) for r in every[:100]] == sorted((int(r[2]) for r in every[:100]), reverse=True)


@pytest.mark.parametrize("limit", ["1", "7", "124", "5000"])
def test_a_limit_bounds_the_rows_and_keeps_the_ranking(store: Store, limit: str) -> None:
    every = co_investors(store, limit="0")
    assert co_investors(store, limit=limit) == every[: int(limit)]


@pytest.mark.parametrize("value", ["-1", "ten", "1.5", "1e3", "", " ", "0x10", "5 } #", "10000000000"])
def test_a_bad_limit_is_one_clear_error(store: Store, value: str) -> None:
    with pytest.raises(QueryError, match=r"--param limit=.*: not a number of rows; use a whole number from 0"):
        api.query(store, "co-investors", {"limit": value})


@pytest.mark.parametrize("value", ["-1", "ten", "1.5", "10000000000"])
def test_circular_flows_checks_its_limit_the_same_way(store: Store, value: str) -> None:
    with pytest.raises(QueryError, match=r"--param limit=.*: not a number of rows; use a whole number from 0"):
        api.query(store, "circular-flows", {"limit": value})


def test_the_limit_is_appended_as_digits_and_never_bound() -> None:
    assert [(p.name, p.type, p.required, p.default) for p in library()["co-investors"].params] == [
        ("limit", "limit", False, "100")
    ]
    query = parse_named_query("pairs", "# param limit: limit=100  rows\nSELECT ?s WHERE { ?s ?p ?o }\n", "pairs.rq")
    assert limited_text(query, {}).endswith("\nLIMIT 100\n")
    assert limited_text(query, {"limit": " 0007 "}).endswith("\nLIMIT 7\n")
    assert limited_text(query, {"limit": "0"}) == query.text
    assert bind(query, {"limit": "5"}) == {}
    assert row_limit(library()["events"], {}) is None


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("# param n: limit=ten  rows", "not a number of rows"),
        ("# param n: integer=5  rows", "only a limit parameter has a default"),
        ("# param n: limit=5  rows\n# param m: limit=6  rows", "at most one limit parameter"),
    ],
)
def test_bad_limit_declarations_fail_when_the_query_loads(declaration: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_named_query("mine", f"{declaration}\nSELECT ?s WHERE {{ ?s ?p ?o }}\n", "mine.rq")


def test_a_limit_without_default_gives_every_row_unless_given() -> None:
    query = parse_named_query("mine", "# param n: limit?  rows\nSELECT ?s WHERE { ?s ?p ?o }\n", "mine.rq")
    assert limited_text(query, {}) == query.text
    assert limited_text(query, {"n": "3"}).endswith("\nLIMIT 3\n")


@pytest.mark.model  # runs kg in a subprocess
@pytest.mark.parametrize("value", ["-5", "all"])
def test_the_cli_rejects_a_bad_limit_with_one_line_and_exit_1(tmp_path: Path, value: str) -> None:
    """Checked before the store is opened: here there is no store at all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "kg", "--store", "nosuchstore", "query", "co-investors", "--param", f"limit={value}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: --param limit={value!r}: not a number of rows; use a whole number from 0 (all rows) to 1000000000"
    ]
    assert result.stdout == "" and list(tmp_path.iterdir()) == []
