"""Value flows in graph/derived, the ``flows`` query, ``circular-flows`` and ``exposure``.

The store holds the illustrative articles of tests/fixtures/flows (invented companies:
Corvex Semiconductor invests in Lumen Labs; Lumen Labs buys cloud capacity from Nimbus
Cloud; Nimbus Cloud buys chips from Corvex; Corvex's bid for Nimbus is called off; Nimbus
invests in Delta Robotics in euros in 2023) and one sample article (Microsoft's 2019
investment in OpenAI), all through the real spaCy pipeline and a real Oxigraph store.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from flowstore import ILLUSTRATIVE, SAMPLES, flow_settings, ingest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import api
from kg.errors import InputError, QueryError
from kg.resolve.rates import load_rates
from kg.store.base import open_oxigraph
from kg.store.export import snapshot
from kg.store.table import Table
from kg.validate.shacl import validate_graph

LOOP = ("Corvex Semiconductor", "Lumen Labs", "Nimbus Cloud")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = flow_settings(tmp_path_factory.mktemp("flows"))
    ingest(settings, ILLUSTRATIVE + SAMPLES)
    return settings.store


def _table(store_dir: Path, name: str, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    with open_oxigraph(store_dir) as store:
        table = api.query(store, name, params or {})
    assert isinstance(table, Table)
    return table.records()


def _illustrative(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of loops among the illustrative companies (the sample article adds its own)."""
    loops = {r["loop"] for r in rows if any(name in r["companies"] for name in LOOP)}
    return [r for r in rows if r["loop"] in loops]


def _flows(store_dir: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = _table(store_dir, "flows")
    by_key = {(r["payer"], r["payee"], r["kind"]): r for r in rows}
    assert len(by_key) == len(rows), rows
    return by_key


@pytest.mark.model
def test_each_directed_agreement_yields_a_flow_from_payer_to_payee(store_dir: Path) -> None:
    flows = _flows(store_dir)
    assert set(flows) == {
        ("Corvex Semiconductor", "Lumen Labs", "capital"),
        ("Lumen Labs", "Nimbus Cloud", "payment"),
        ("Nimbus Cloud", "Corvex Semiconductor", "payment"),
        ("Corvex Semiconductor", "Nimbus Cloud", "purchase_price"),
        ("Nimbus Cloud", "Delta Robotics", "capital"),
        ("Microsoft", "OpenAI", "capital"),
        ("OpenAI", "Microsoft", "payment"),  # Azure is OpenAI's cloud provider
    }
    chips = flows[("Nimbus Cloud", "Corvex Semiconductor", "payment")]
    assert (chips["type"], chips["status"], chips["amount"], chips["amount_usd"]) == (
        "supply",
        "announced",
        "3000000000 USD",
        "3000000000",
    )
    assert chips["evidence"].startswith("Nimbus Cloud agreed to buy 150,000 chips")
    assert chips["source"] == "https://example.org/illustrative/nimbus-buys-corvex-chips"
    assert chips["first_date"] == "2025-05-19" and chips["sources"] == "1"
    assert flows[("Corvex Semiconductor", "Nimbus Cloud", "purchase_price")]["status"] == "terminated"
    msft = flows[("Microsoft", "OpenAI", "capital")]
    assert msft["amount"] == "1000000000 USD" and msft["first_date"].startswith("2019")


@pytest.mark.model
def test_the_computed_queries_read_the_rows_of_flows(store_dir: Path) -> None:
    """Issue #12: circular-flows and exposure read graph-flow-values (the flows rows without evidence and
    source) and graph-flow-evidence (those two for one flow): together they must give the rows
    of the flows query, in its order once sorted as computed.read_flows sorts them."""
    from rdflib import URIRef

    from kg.analyze.sparql import query_text
    from kg.query.computed import read_flows

    flows = _table(store_dir, "flows")
    with open_oxigraph(store_dir) as store:
        values = store.query_texts(query_text("graph-flow-values"))
        assert isinstance(values, Table)
        evidence = {}
        for row in values.records():
            answer = store.query_texts(query_text("graph-flow-evidence"), {"flow": URIRef(row["flow"])})
            assert isinstance(answer, Table)
            [evidence[row["flow"]]] = answer.records()
        read = read_flows(store, {"statuses": "all"})
    assert sorted(tuple(sorted(r.items())) for r in values.records()) == sorted(
        tuple(sorted((k, v) for k, v in r.items() if k not in ("evidence", "source"))) for r in flows
    )
    assert {r["flow"]: (r["evidence"], r["source"]) for r in flows} == {
        f: (e["evidence"], e["source"]) for f, e in evidence.items()
    }
    assert [f.flow for f in read] == [r["flow"] for r in flows]


@pytest.mark.model
def test_loop_evidence_looked_up_or_read_with_every_flow_is_the_same(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """circular-flows looks up the evidence of its steps one by one, or reads the whole flows
    query when there are many steps, or reads it with the flows for every loop (limit 0): the
    same rows (the store has fewer than 100 loops)."""
    from kg.query import computed

    params = {"statuses": "all", "limit": "100"}
    looked_up = _table(store_dir, "circular-flows", params)
    every = _table(store_dir, "circular-flows", {**params, "limit": "0"})
    monkeypatch.setattr(computed, "EVIDENCE_LOOKUPS", 0)
    assert _table(store_dir, "circular-flows", params) == looked_up == every
    assert looked_up and all(r["evidence"] and r["source"] for r in looked_up)


@pytest.mark.model
def test_goods_flow_from_supplier_to_customer_in_the_unit_stated(store_dir: Path) -> None:
    rows = _table(store_dir, "goods-flows")
    assert [(r["supplier"], r["customer"], r["quantity"], r["unit"]) for r in rows] == [
        ("Corvex Semiconductor", "Nimbus Cloud", "150000", "chips")
    ]
    [chips] = rows
    assert chips["status"] == "announced" and chips["first_date"] == "2025-05-19"
    assert chips["evidence"].startswith("Nimbus Cloud agreed to buy 150,000 chips")
    assert chips["source"] == "https://example.org/illustrative/nimbus-buys-corvex-chips"
    payment = _flows(store_dir)[("Nimbus Cloud", "Corvex Semiconductor", "payment")]
    assert payment["agreement"] == chips["agreement"]  # the money for the goods goes the other way


@pytest.mark.model
def test_a_euro_amount_is_converted_with_its_years_average_rate(store_dir: Path) -> None:
    delta = _flows(store_dir)[("Nimbus Cloud", "Delta Robotics", "capital")]
    # 300,000,000 EUR at the Federal Reserve's 2023 average of 1.0817 USD per euro.
    assert (delta["amount"], delta["amount_usd"], delta["conversion"]) == ("300000000 EUR", "324510000", "")


@pytest.mark.model
def test_without_a_rate_the_amount_is_not_converted(tmp_path: Path) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("year,currency,rate,quote,source\n", encoding="utf-8")
    settings = flow_settings(tmp_path / "s", rates_csv=rates)
    ingest(settings, [p for p in ILLUSTRATIVE if "delta" in p.name])
    (row,) = _table(settings.store, "flows")
    assert row["amount"] == "300000000 EUR" and row["amount_usd"] == ""
    assert row["conversion"] == "not converted: no EUR rate in 2023 in the exchange-rate table"


@pytest.mark.model
def test_the_flows_are_shacl_valid(store_dir: Path) -> None:
    with open_oxigraph(store_dir) as store:
        report = validate_graph(snapshot(store))
    assert report.conforms, [v.line() for v in report.violations]


@pytest.mark.model
def test_a_flow_without_payer_breaks_the_shape(store_dir: Path) -> None:
    with open_oxigraph(store_dir) as store:
        store.update(
            "PREFIX kg: <https://w3id.org/alliance-kg/ont#> DELETE { GRAPH ?g { ?f kg:payer ?p } } "
            "WHERE { GRAPH ?g { ?f kg:payer ?p } }"
        )
        report = validate_graph(snapshot(store))
        api.rebuild(flow_settings(store_dir.parent), store)
    assert not report.conforms
    assert any("kg:payer" in v.line() for v in report.violations)


@pytest.mark.model
def test_the_loop_of_three_companies_with_amounts_and_evidence(store_dir: Path) -> None:
    everything = _table(store_dir, "circular-flows")
    rows = _illustrative(everything)
    assert len({r["loop"] for r in rows}) == 1, "the terminated bid must not close a loop by default"
    assert [(r["step"], r["payer"], r["payee"]) for r in rows] == [
        ("1", LOOP[0], LOOP[1]),
        ("2", LOOP[1], LOOP[2]),
        ("3", LOOP[2], LOOP[0]),
    ]
    assert rows[0]["companies"] == " -> ".join(LOOP + LOOP[:1])
    assert rows[0]["smallest_usd"] == "2000000000"
    assert [r["amount"] for r in rows] == ["2000000000 USD", "5000000000 USD", "3000000000 USD"]
    assert [r["status"] for r in rows] == ["announced", "signed", "announced"]
    assert rows[1]["evidence"].startswith("Nimbus Cloud signed a $5 billion contract to supply Lumen Labs")
    assert rows[1]["source"] == "https://example.org/illustrative/lumen-nimbus-cloud-contract"
    # the sample article's investment and cloud contract close a loop of their own
    assert "Microsoft -> OpenAI -> Microsoft" in {r["companies"] for r in everything}


@pytest.mark.model
def test_the_statuses_param_lets_the_terminated_deal_count(store_dir: Path) -> None:
    rows = _table(store_dir, "circular-flows", {"statuses": "all"})
    loops = {r["companies"] for r in rows}
    assert "Corvex Semiconductor -> Nimbus Cloud -> Corvex Semiconductor" in loops
    two = [r for r in rows if r["length"] == "2"]
    assert {r["status"] for r in two} == {"terminated", "announced"}
    # The three-company loop's smallest step (2 bn) ranks it above the two-company one (1 bn).
    assert rows[0]["length"] == "3"


@pytest.mark.model
def test_as_of_a_date_only_the_flows_reported_by_then(store_dir: Path) -> None:
    assert _illustrative(_table(store_dir, "circular-flows", {"date": "2025-05-01"})) == []
    later = _illustrative(_table(store_dir, "circular-flows", {"date": "2025-05-19"}))
    assert {r["companies"] for r in later} == {" -> ".join(LOOP + LOOP[:1])}


@pytest.mark.model
def test_a_bad_status_code_says_which_codes_exist(store_dir: Path) -> None:
    with pytest.raises(QueryError, match="unknown status signd.*rumored"):
        _table(store_dir, "circular-flows", {"statuses": "signd"})


@pytest.mark.model
def test_exposure_of_the_chip_maker(store_dir: Path) -> None:
    rows = _table(store_dir, "exposure", {"company": "corvex semiconductor"})
    lines = {(r["direction"], r["counterparty"], r["kind"]): r for r in rows}
    assert set(lines) == {("in", "Nimbus Cloud", "payment"), ("out", "Lumen Labs", "capital")}
    inflow = lines[("in", "Nimbus Cloud", "payment")]
    assert (inflow["amount_usd"], inflow["share_of_direction"], inflow["circular"]) == (
        "3000000000",
        "1.000",
        "via Lumen Labs",
    )
    assert {r["company"] for r in rows} == {"Corvex Semiconductor"}
    assert (inflow["inflow_usd"], inflow["outflow_usd"], inflow["circular_inflow_usd"]) == (
        "3000000000",
        "2000000000",
        "3000000000",
    )
    assert (inflow["largest_payer"], inflow["largest_payee"]) == ("Nimbus Cloud", "Lumen Labs")
    assert (inflow["statuses"], inflow["first_date"], inflow["last_date"]) == ("announced", "2025-05-19", "2025-05-19")


@pytest.mark.model
def test_exposure_counts_only_committed_flows_by_default(store_dir: Path) -> None:
    nimbus = _table(store_dir, "exposure", {"company": "Nimbus Cloud"})
    assert ("in", "Corvex Semiconductor", "purchase_price") not in {
        (r["direction"], r["counterparty"], r["kind"]) for r in nimbus
    }
    inflow = next(r for r in nimbus if r["direction"] == "in")
    assert inflow["counterparty"] == "Lumen Labs" and inflow["circular"] == "via Corvex Semiconductor"
    everything = _table(store_dir, "exposure", {"company": "Nimbus Cloud", "statuses": "all"})
    shares = {(r["counterparty"], r["kind"]): r["share_of_direction"] for r in everything if r["direction"] == "in"}
    assert shares == {("Corvex Semiconductor", "purchase_price"): "0.167", ("Lumen Labs", "payment"): "0.833"}


def test_a_bad_rates_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("year,currency,rate,quote,source\n2023,EUR,1.08,per dollar,https://example.org/t\n")
    with pytest.raises(InputError, match=r"rates.csv:2: quote 'per dollar'"):
        load_rates(path)


def test_the_shipped_rates_have_sources() -> None:
    from kg.config import load_settings

    rates = load_rates(load_settings(env={}).rates_csv)
    assert {r.currency for r in rates} >= {"EUR", "GBP", "JPY", "CNY", "KRW", "INR", "CHF", "CAD"}
    eur = next(r for r in rates if (r.currency, r.year) == ("EUR", 2023))
    assert str(eur.usd_per_unit) == "1.081700000000"
    yen = next(r for r in rates if (r.currency, r.year) == ("JPY", 2023))
    assert 0.0071 < float(yen.usd_per_unit) < 0.0072
    assert all(r.source.startswith("https://www.federalreserve.gov/releases/g5a/") for r in rates)


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600)


@pytest.mark.model
def test_the_cli_keeps_its_shape_for_computed_queries(store_dir: Path, tmp_path: Path) -> None:
    out = _kg("--store", str(store_dir), "query", "circular-flows", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = _illustrative(list(csv.DictReader(io.StringIO(out.stdout))))
    assert [r["payer"] for r in rows] == list(LOOP)
    assert {"companies", "amount", "status", "date", "evidence", "source"} <= set(rows[0])
    missing = _kg("--store", str(store_dir), "query", "exposure")
    assert missing.returncode == 1 and "needs --param company=VALUE" in missing.stderr
    listed = _kg("query", "--list").stdout
    assert "circular-flows [--param statuses=<string>] [--param date=<date>]" in listed
    bad_day = _kg("--store", str(store_dir), "render", "--as-of", "2025-13-01", "--out", str(tmp_path / "site"))
    assert bad_day.returncode == 1 and "--as-of '2025-13-01' is not a date" in bad_day.stderr


def test_a_deal_with_two_payees_counts_once_in_the_totals() -> None:
    from kg.analyze.flows import exposure, flow_of

    def row(flow: str, agreement: str, payee: str, usd: str) -> dict[str, str]:
        return {
            "flow": flow,
            "agreement": agreement,
            "payer": "Nvidia",
            "payee": payee,
            "kind": "purchase_price",
            "type": "acquisition",
            "status": "announced",
            "amount": f"{usd} USD",
            "amount_usd": usd,
        }

    flows = [
        flow_of(row("f1", "a1", "Arm", "40000000000")),
        flow_of(row("f2", "a1", "SoftBank", "40000000000")),
        flow_of(row("f3", "a2", "Run:ai", "700000000")),
    ]
    result = exposure(flows, "Nvidia")
    assert result.outflow_usd == 40_700_000_000
    arm = next(line for line in result.lines if line.counterparty == "Arm")
    assert arm.shared_with == ("SoftBank",) and arm.amount_usd == 40_000_000_000
    assert next(line for line in result.lines if line.counterparty == "Run:ai").shared_with == ()


@pytest.mark.model
def test_a_quantity_without_its_unit_breaks_the_shape(tmp_path: Path) -> None:
    settings = flow_settings(tmp_path / "s")
    ingest(settings, [p for p in ILLUSTRATIVE if "corvex-chips" in p.name])
    with open_oxigraph(settings.store) as store:
        assert validate_graph(snapshot(store)).conforms
        store.update(
            "PREFIX schema: <https://schema.org/> DELETE { GRAPH ?g { ?q schema:unitText ?u } } "
            "WHERE { GRAPH ?g { ?q schema:unitText ?u } }"
        )
        report = validate_graph(snapshot(store))
    assert not report.conforms
    assert any("schema:unitText" in v.line() for v in report.violations)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_first_loops_are_those_of_the_whole_ranking(seed: int) -> None:
    """find_loops with a limit searches the most valuable pairs first; its loops must be the
    first of the full ranking, ties and loops with unknown values included."""
    import random

    from kg.analyze.flows import Flow, find_loops

    rng = random.Random(seed)
    names = [f"C{i}" for i in range(30)]
    hubs = names[:3]
    flows = []
    for i in range(220):
        payer = rng.choice(hubs) if rng.random() < 0.4 else rng.choice(names)
        payee = rng.choice([n for n in names if n != payer])
        usd = None if rng.random() < 0.15 else rng.choice([1, 5, 10, 50, 100, 500]) * 10**6
        flows.append(
            Flow(
                f"f{i}",
                f"a{i}",
                "signed",
                "2024-01-01",
                "",
                1,
                "",
                "",
                payer,
                payee,
                "capital",
                "investment",
                "",
                usd,
                "",
            )
        )
    everything = find_loops(flows)
    assert len(everything) > 150  # the corpus has enough loops for the limit to matter
    for limit in (1, 10, 100, len(everything) + 5):
        assert find_loops(flows, limit=limit) == everything[:limit]


@given(
    st.sets(st.tuples(st.sampled_from("ABCDEFGH"), st.sampled_from("ABCDEFGH")), max_size=40),
    st.integers(min_value=2, max_value=6),
)
@settings(max_examples=200, deadline=None)
def test_bounded_cycles_are_those_of_networkx(edges: set[tuple[str, str]], max_length: int) -> None:
    """Our bounded cycle search finds what networkx's ``simple_cycles`` with a length bound
    finds, each cycle once, starting at its least node (self-loops are never loops)."""
    import networkx as nx

    from kg.analyze.flows import bounded_cycles

    G = nx.DiGraph((a, b) for a, b in edges if a != b)
    expected = []
    for cycle in nx.simple_cycles(G, length_bound=max_length):
        start = cycle.index(min(cycle))
        expected.append(cycle[start:] + cycle[:start])
    assert sorted(bounded_cycles(edges, max_length)) == sorted(expected)
