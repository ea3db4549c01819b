"""``as-of``: an agreement's status on any day, from the claims dated on or before it.

The three sample articles on Nvidia's bid for Arm (agreed 2020-09-13, under review from
2021-10, sued to block 2021-12-02, abandoned 2022-02-08) go through the real pipeline; the
query must give the stage reached on a day between each pair of reports, and nothing before
the first. The same rows must come back from a real Oxigraph server, which receives the bound
date as ``VALUES``."""

from __future__ import annotations

from pathlib import Path

import pytest
from oxserver import oxigraph_server

from kg import api
from kg.config import PROJECT_ROOT, load_settings
from kg.store.base import Store, open_oxigraph, open_remote
from kg.store.table import Table

pytestmark = pytest.mark.model  # the store is filled by ingesting articles through the pipeline

ARTICLES = sorted((PROJECT_ROOT / "data" / "articles").glob("0[234]-*.md"))
EXPECTED = {
    "2020-08-01": None,  # one article dates the agreement "September 2020": known from 2020-09-01
    "2021-01-01": ("announced", "2020-09-13"),
    "2021-11-01": ("under_review", "2021-10"),
    "2022-01-01": ("blocked", "2021-12-02"),
    "2022-03-01": ("terminated", "2022-02-08"),
}


def _nvidia_arm(store: Store, day: str) -> tuple[str, str] | None:
    table = api.query(store, "as-of", {"date": day})
    assert isinstance(table, Table)
    bid = [r for r in table.records() if r["type"] == "acquisition" and r["parties"] == "Arm | Nvidia | SoftBank"]
    assert len(bid) <= 1, bid
    return (bid[0]["status"], bid[0]["status_date"]) if bid else None


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("as-of") / "store"
    settings = load_settings(env={}, store=folder)
    api.ingest([str(p) for p in ARTICLES], settings)
    return folder


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_the_status_on_a_day_between_reports(embedded: Path, day: str) -> None:
    with open_oxigraph(embedded) as store:
        assert _nvidia_arm(store, day) == EXPECTED[day]


def test_a_later_day_only_adds_claims(embedded: Path) -> None:
    with open_oxigraph(embedded) as store:
        tables = [api.query(store, "as-of", {"date": d}) for d in sorted(EXPECTED)]
    counts = [len(t.rows) for t in tables if isinstance(t, Table)]
    assert len(counts) == len(EXPECTED)
    assert counts == sorted(counts) and counts[-1] > counts[0]


@pytest.mark.server
def test_a_sparql_server_gives_the_same_statuses(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "db") as server:
        with open_remote(server.query_url) as store:
            api.ingest([str(p) for p in ARTICLES], load_settings(env={}), store=store)
            got = {day: _nvidia_arm(store, day) for day in EXPECTED}
    assert got == EXPECTED
