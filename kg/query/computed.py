"""Computed queries: a named query whose answer needs a step SPARQL cannot express, or
cannot express at a cost that stays bounded.

``circular-flows`` enumerates loops of value flows (a bounded cycle search over the rows of
the ``flows`` query); ``exposure`` totals one company's flows by counterparty;
``co-investors`` ranks pairs of investors by the companies they share (a sparse matrix
product; as SPARQL its joins grew with the square of a hub's investors, see
``kg.analyze.coinvest``). All are run by ``kg query NAME`` like any named query (same
``--param`` and ``--format``), read the store only through named SELECT queries, and so work
on a SPARQL server too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kg.query.runner import NamedQuery, Param, limit_value
from kg.records import COMMITTED, STATUS_CODES
from kg.store.base import Store

if TYPE_CHECKING:
    from kg.analyze.flows import Flow, Loop
    from kg.store.table import Table

STATUSES_HELP = "comma-separated status codes that count (or all); default " + ",".join(
    s for s in STATUS_CODES if s in COMMITTED
)
DATE_HELP = "YYYY-MM-DD: use each agreement's status on that day (as-of) instead of its current status"


#: Loops ``circular-flows`` lists unless ``--param limit`` says otherwise: the loops of a big
#: store run to millions (every hub pays and is paid by many companies).
LOOP_LIMIT = 100
#: Pairs ``co-investors`` lists unless ``--param limit`` says otherwise: a store of 10,000
#: articles has ~61,000 (every hub invested beside most investors).
PAIR_LIMIT = 100


def computed_queries() -> dict[str, NamedQuery]:
    return {
        "circular-flows": NamedQuery(
            "circular-flows",
            "",
            "Loops of value flows among companies (2 to 4 companies, e.g. A invests in B, B buys from C, "
            "C buys from A), one row per step of the first 100 loops (--param limit): payer, payee, flow kind, status, amount and its US dollar value, "
            "date, evidence sentence and source; loops ranked by their smallest step in US dollars "
            "(unknown values last). Counts flows announced or later, not terminated or blocked, unless "
            "statuses says otherwise; with date, the statuses on that day.",
            (
                Param("statuses", "string", STATUSES_HELP, required=False),
                Param("date", "date", DATE_HELP, required=False),
                Param("max_length", "integer", "the longest loop, in companies (2 to 6; default 4)", required=False),
                Param(
                    "limit",
                    "limit",
                    "the number of loops, first ranked first (default 100; 0: all)",
                    required=False,
                    default=str(LOOP_LIMIT),
                ),
            ),
            (
                "kg query circular-flows --format csv",
                "kg query circular-flows --param statuses=all --param date=2025-06-30",
            ),
            compute="circular_flows",
        ),
        "exposure": NamedQuery(
            "exposure",
            "",
            "One company's counted inflows and outflows by counterparty and flow kind (number of flows, US "
            "dollar total (empty when no flow has a value), statuses and dates, amounts that could not be converted, flows with no "
            "reported amount, share of that side), with the company's totals, "
            "its largest payer and payee and their shares, and the circular part: inflows from companies it "
            "pays, directly or through up to two others (circular column: direct, via ...). A deal with several "
            "counterparties on one side (shared_with) counts once in the totals. Counts flows announced or later, not terminated or blocked, unless statuses says otherwise.",
            (
                Param("company", "string", "the company's canonical name, e.g. OpenAI"),
                Param("statuses", "string", STATUSES_HELP, required=False),
                Param("date", "date", DATE_HELP, required=False),
            ),
            ("kg query exposure --param company=OpenAI",),
            compute="exposure",
        ),
        "co-investors": NamedQuery(
            "co-investors",
            "",
            "Pairs of investors that invested in the same company, with the number of companies they share and "
            "their names (sorted); pairs sharing the most companies first, then by the investors' names; the "
            "first 100 pairs (--param limit; 0: all).",
            (
                Param(
                    "limit",
                    "limit",
                    "the number of pairs, first ranked first (default 100; 0: all)",
                    required=False,
                    default=str(PAIR_LIMIT),
                ),
            ),
            ("kg query co-investors --format table", "kg query co-investors --param limit=0 --format csv"),
            compute="co_investors",
        ),
    }


def read_flows(store: Store, params: Mapping[str, str], evidence: bool = False) -> list[Flow]:
    """The flows of the store in the order of the ``flows`` query, with the statuses of
    ``params['date']`` when given, filtered by ``params['statuses']``; without their evidence
    sentence and source (empty: see :func:`with_evidence`) unless ``evidence``."""
    from kg.analyze import flows as fl  # networkx: only when a computed query runs
    from kg.analyze.sparql import query_text
    from kg.query.results import run_query
    from kg.query.runner import library
    from kg.store.table import Table

    table = run_query(store, library()["flows"]) if evidence else store.query_texts(query_text("graph-flow-values"))
    assert isinstance(table, Table)
    # The order of flows.rq (ORDER BY ?payer ?payee ?kind ?first_date ?flow, plain strings):
    # exposure's paths depend on it (the first of two equally short paths is kept).
    flows = sorted(map(fl.flow_of, table.records()), key=lambda f: (f.payer, f.payee, f.kind, f.first_date, f.flow))
    day = params.get("date")
    if day:
        on_day = run_query(store, library()["as-of"], {"date": day})
        assert isinstance(on_day, Table)
        flows = fl.as_of(flows, {r["agreement"]: (r["status"], r["status_date"]) for r in on_day.records()})
    return fl.counted(flows, fl.parse_statuses(params.get("statuses")))


#: Flows whose evidence ``with_evidence`` looks up one by one (0.8 ms each at 10,000
#: articles); for more it reads the whole ``flows`` query (2 s there) instead.
EVIDENCE_LOOKUPS = 1000


def with_evidence(store: Store, loops: list[Loop]) -> list[Loop]:
    """The loops with the evidence sentence and source of each step, as the ``flows`` query
    gives them: looked up for these steps only (``graph-flow-evidence``)."""
    from dataclasses import replace

    from rdflib import URIRef

    from kg.analyze.sparql import query_text
    from kg.query.results import run_query
    from kg.query.runner import library
    from kg.store.table import Table

    wanted = sorted({step.flow for loop in loops for step in loop.steps})
    found: dict[str, tuple[str, str]] = {}
    if len(wanted) > EVIDENCE_LOOKUPS:
        table = run_query(store, library()["flows"])
        assert isinstance(table, Table)
        found = {r["flow"]: (r["evidence"], r["source"]) for r in table.records()}
    else:
        sparql = query_text("graph-flow-evidence")
        for flow in wanted:
            answer = store.select_texts(sparql, {"flow": URIRef(flow)})
            for row in answer.without(["flow"]).rows[:1]:
                found[flow] = (row[0], row[1])
    return [
        replace(
            loop,
            steps=tuple(
                replace(s, evidence=found.get(s.flow, ("", ""))[0], source=found.get(s.flow, ("", ""))[1])
                for s in loop.steps
            ),
        )
        for loop in loops
    ]


def _max_length(params: Mapping[str, str]) -> int:
    from kg.errors import QueryError

    raw = params.get("max_length") or "4"
    value = int(raw)
    if not 2 <= value <= 6:
        raise QueryError(f"--param max_length={raw}: use a number of companies from 2 to 6")
    return value


def circular_flows(store: Store, params: Mapping[str, str]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    from kg.analyze import flows as fl

    limit = limit_value("limit", params.get("limit") or str(LOOP_LIMIT))
    # Every loop (limit 0) has steps over most flows: then read their evidence with them.
    flows = read_flows(store, params, evidence=limit == 0)
    loops = fl.find_loops(flows, max_length=_max_length(params), limit=limit if limit > 0 else None)
    return fl.LOOP_COLUMNS, fl.loop_rows(loops if limit == 0 else with_evidence(store, loops))


def exposure(store: Store, params: Mapping[str, str]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    from kg.analyze import flows as fl

    flows = read_flows(store, params)
    wanted = params["company"].strip().casefold()
    names = {n for f in flows for n in (f.payer, f.payee) if n.casefold() == wanted}
    company = min(names) if names else params["company"].strip()
    return fl.EXPOSURE_COLUMNS, fl.exposure_rows(fl.exposure(flows, company))


def co_investors(store: Store, params: Mapping[str, str]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The ranked pairs from the investments (``graph-investments``), the first ``limit``."""
    from kg.analyze import coinvest
    from kg.analyze.sparql import query_text

    limit = limit_value("limit", params.get("limit") or str(PAIR_LIMIT))
    table = store.select_texts(query_text("graph-investments"))
    investments = ((investor, investee) for investor, investee in table.rows)
    return coinvest.COLUMNS, coinvest.pair_rows(coinvest.ranked_pairs(investments, limit or None))


COMPUTE = {"circular_flows": circular_flows, "exposure": exposure, "co_investors": co_investors}


def run_computed(store: Store, query: NamedQuery, params: Mapping[str, str]) -> Table[str]:
    from kg.store.table import Table

    columns, rows = COMPUTE[query.compute](store, params)
    return Table(tuple(columns), tuple(rows))
