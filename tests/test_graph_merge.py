"""Merging across articles in a real on-disk store: one agreement per deal, order-independent,
status history, derived views. Records are built by hand so only the graph stages are tested."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg import api
from kg.config import Settings
from kg.graphwrite import Extracted, write_articles
from kg.records import Article, EventCandidate, Evidence, Kind, Money, PartialDate, Party, Role, Status
from kg.resolve.gazetteer import load_gazetteer
from kg.store import Store, open_oxigraph


def article(n: int, text: str, published: dt.date) -> Article:
    url = f"https://news.example.org/{n}"
    return Article(key=url, text=text, path=f"/tmp/{n}.md", url=url, published=published, sha256=f"{n:064x}")


def event(
    text: str,
    kind: Kind,
    status: Status,
    date: PartialDate | None,
    amount: Money | None = None,
    parties: tuple[Party, ...] = (Party("Microsoft", Role.INVESTOR), Party("OpenAI", Role.INVESTEE)),
) -> EventCandidate:
    return EventCandidate(kind, status, parties, Evidence(0, len(text), text), date, amount, 0.9)


def corpus() -> list[Extracted]:
    t1 = "Microsoft said on Monday it will invest $10 billion in OpenAI."
    t2 = "Microsoft has completed its $13bn investment in OpenAI, the companies said."
    t3 = "Microsoft invested $1 billion in OpenAI in July 2019."
    t4 = "Nvidia signed a letter of intent to supply OpenAI with chips."
    nv = (Party("Nvidia", Role.SUPPLIER), Party("OpenAI", Role.CUSTOMER))
    return [
        Extracted(
            article(1, t1, dt.date(2023, 1, 24)),
            (event(t1, Kind.INVESTMENT, Status.ANNOUNCED, PartialDate(2023, 1, 23), Money(10_000_000_000, "USD")),),
        ),
        Extracted(
            article(2, t2, dt.date(2023, 3, 1)),
            (event(t2, Kind.INVESTMENT, Status.COMPLETED, PartialDate(2023, 3), Money(13_000_000_000, "USD")),),
        ),
        Extracted(
            article(3, t3, dt.date(2019, 7, 23)), (event(t3, Kind.INVESTMENT, Status.COMPLETED, PartialDate(2019, 7)),)
        ),
        Extracted(
            article(4, t4, dt.date(2025, 9, 22)),
            (event(t4, Kind.SUPPLY, Status.NON_BINDING, PartialDate(2025, 9, 22), parties=nv),),
        ),
    ]


def build(path: Path, settings: Settings, batches: list[list[Extracted]]) -> Store:
    store = open_oxigraph(path)
    gaz = load_gazetteer(settings.companies_csv)
    for batch in batches:
        write_articles(store, batch, gaz, settings)
    return store


def rows(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    return api.query(store, name, params).records()  # type: ignore[union-attr]


def test_reports_of_one_deal_are_one_agreement_and_repeat_deals_stay_apart(tmp_path: Path, settings: Settings) -> None:
    with build(tmp_path / "s", settings, [corpus()]) as store:
        events = rows(store, "events")
        by_source = {r["source"]: r for r in events}
        assert (
            by_source["https://news.example.org/1"]["agreement"] == by_source["https://news.example.org/2"]["agreement"]
        )
        assert (
            by_source["https://news.example.org/3"]["agreement"] != by_source["https://news.example.org/1"]["agreement"]
        )
        # conflicting amounts stay side by side, each with its source
        assert {by_source[f"https://news.example.org/{n}"]["amount"] for n in (1, 2)} == {
            "10000000000 USD",
            "13000000000 USD",
        }
        agreements = {r["agreement"]: r for r in rows(store, "agreements")}
        merged = agreements[by_source["https://news.example.org/1"]["agreement"]]
        assert merged["sources"] == "2" and merged["status"] == "completed"
        assert (merged["first"], merged["last"]) == ("2023-01-23", "2023-03-31")


def test_ingest_order_and_batching_do_not_change_the_graph(tmp_path: Path, settings: Settings) -> None:
    items = corpus()
    results = []
    for n, order in enumerate([items, items[::-1], [items[2], items[0], items[3], items[1]]]):
        batches = [[x] for x in order] if n else [order]
        with build(tmp_path / f"s{n}", settings, batches) as store:
            agreements = sorted(r["agreement"] for r in rows(store, "agreements"))
            results.append(
                (
                    store.count()
                    - len(
                        list(
                            store.query(
                                "SELECT * WHERE { GRAPH <https://w3id.org/alliance-kg/id/graph/meta> { ?s <http://www.w3.org/ns/prov#generatedAtTime> ?o } }"
                            )
                        )
                    ),
                    agreements,
                )
            )
    assert results[0] == results[1] == results[2]


def test_reingesting_everything_changes_nothing(tmp_path: Path, settings: Settings) -> None:
    with build(tmp_path / "s", settings, [corpus()]) as store:
        before = (store.count(), sorted(r["agreement"] for r in rows(store, "agreements")))
        write_articles(store, corpus(), load_gazetteer(settings.companies_csv), settings)
        assert (store.count(), sorted(r["agreement"] for r in rows(store, "agreements"))) == before


def test_history_timeline_partners_and_links(tmp_path: Path, settings: Settings) -> None:
    with build(tmp_path / "s", settings, [corpus()]) as store:
        merged = next(r for r in rows(store, "events") if r["source"] == "https://news.example.org/1")["agreement"]
        history = rows(store, "history", agreement=merged)
        assert [h["status"] for h in history] == ["announced", "completed"]
        assert history[0]["evidence"].startswith("Microsoft said on Monday")
        timeline = rows(store, "timeline", company="openai")
        assert [t["date"] for t in timeline][:2] == ["2019-07", "2023-01-23"]
        partners = {(p["partner"], p["type"], p["role"]) for p in rows(store, "partners", company="OpenAI")}
        assert ("Microsoft", "investment", "investee") in partners and ("Nvidia", "supply", "customer") in partners
        links = list(
            store.query("""PREFIX kg: <https://w3id.org/alliance-kg/ont#>
            SELECT DISTINCT ?from ?to ?n ?k ?first WHERE { ?l a kg:CompanyLink ; kg:linkRelation kg:investedIn ;
              kg:linkFrom/<http://www.w3.org/2000/01/rdf-schema#label> ?from ; kg:linkTo/<http://www.w3.org/2000/01/rdf-schema#label> ?to ;
              kg:sourceCount ?n ; kg:agreementCount ?k ; kg:firstDate ?first }""")
        )
        assert [(str(a), str(b), int(n), int(k), str(f)) for a, b, n, k, f in links] == [
            ("Microsoft", "OpenAI", 3, 2, "2019-07-01")
        ]


@pytest.mark.parametrize(
    "name",
    ["by-status", "under-review", "terminated", "largest", "most-connected", "co-investors", "since", "companies"],
)
def test_every_named_query_runs(tmp_path: Path, settings: Settings, name: str) -> None:
    params = {"by-status": {"status": "completed"}, "since": {"date": "2023-01-01"}}.get(name, {})
    with build(tmp_path / "s", settings, [corpus()]) as store:
        result = rows(store, name, **params)
    if name in ("by-status", "largest", "most-connected", "since", "companies"):
        assert result, f"{name} returned nothing on a graph that has matching data"


def test_the_company_construct_takes_its_parameter(tmp_path: Path, settings: Settings) -> None:
    with build(tmp_path / "s", settings, [corpus()]) as store:
        graph = api.query(store, "company", {"company": "openai"})
        hostile = api.query(store, "company", {"company": 'openai" } #'})
    turtle = graph.serialize(format="turtle")  # type: ignore[union-attr]
    assert "org:openai" in turtle and "org:nvidia" in turtle
    assert len(hostile) == 0  # type: ignore[arg-type]


def test_current_status_is_the_latest_claim_then_the_furthest_stage(tmp_path: Path, settings: Settings) -> None:
    text = "Nvidia and Arm called off the deal."
    pair = (Party("Nvidia", Role.ACQUIRER), Party("Arm", Role.TARGET))
    same_day = [
        Extracted(
            article(10 + n, text, dt.date(2022, 2, 8)), (event(text, Kind.ACQUISITION, status, date, parties=pair),)
        )
        for n, (status, date) in enumerate(
            [
                (Status.ANNOUNCED, PartialDate(2022, 2, 8)),
                (Status.TERMINATED, PartialDate(2022, 2, 8)),
                (Status.SIGNED, None),  # undated: counts as the oldest
            ]
        )
    ]
    with build(tmp_path / "s", settings, [same_day]) as store:
        (row,) = rows(store, "agreements")
    assert row["status"] == "terminated" and row["sources"] == "3"
