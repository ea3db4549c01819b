"""Value flows as records: circular deals (loops of flows) and one company's exposure.

The flows come from the named query ``flows`` (graph/derived, see derive.ru); everything
here is pure: records in, records out. Loops are enumerated by a bounded depth-first search
(:func:`bounded_cycles`), which SPARQL cannot do for cycles of any length.

Which flows count is a set of status codes: by default :data:`COMMITTED` (announced or
later, not terminated or blocked). With a date, a flow counts with its agreement's status
on that day (named query ``as-of``) and not at all before its first dated claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import networkx as nx

from kg.analyze.sparql import Source, select
from kg.errors import QueryError
from kg.records import COMMITTED
from kg.records import STATUS_CODES as STATUSES


@dataclass(frozen=True, slots=True)
class Traced:
    """What value and goods flows share: the flow, its agreement's status and dates, how many
    sources report it, and the evidence sentence with its source."""

    flow: str
    agreement: str
    status: str
    first_date: str
    last_date: str
    sources: int
    evidence: str
    source: str

    @property
    def date(self) -> str:
        """The latest date known, else the first."""
        return self.last_date or self.first_date


@dataclass(frozen=True, slots=True)
class Flow(Traced):
    """One row of the ``flows`` query: value from a payer to a payee."""

    payer: str
    payee: str
    kind: str
    type: str
    amount: str
    amount_usd: int | None
    conversion: str


@dataclass(frozen=True, slots=True)
class Goods(Traced):
    """One row of the ``goods-flows`` query: goods from a supplier to a customer."""

    supplier: str
    customer: str
    quantity: str
    unit: str


@dataclass(frozen=True, slots=True)
class Loop:
    """A cycle of flows among companies: ``steps[i]`` goes from ``companies[i]`` to the next."""

    companies: tuple[str, ...]
    steps: tuple[Flow, ...]
    #: How many counted flows go the same way as each step (the largest is shown).
    parallel: tuple[int, ...]

    @property
    def smallest_usd(self) -> int | None:
        """The smallest US dollar value on the loop; None when a step has no known value."""
        values = [s.amount_usd for s in self.steps]
        return None if any(v is None for v in values) else min(v for v in values if v is not None)


def parse_statuses(text: str | None) -> frozenset[str]:
    """Comma-separated status codes (``all`` for every status); empty or None: the default."""
    if text is None or not text.strip():
        return COMMITTED
    if text.strip() == "all":
        return frozenset(STATUSES)
    codes = frozenset(c.strip() for c in text.split(",") if c.strip())
    unknown = sorted(codes - set(STATUSES))
    if unknown:
        raise QueryError(
            f"--param statuses: unknown status {', '.join(unknown)}; use comma-separated codes of "
            f"{', '.join(STATUSES)} (or all)"
        )
    return codes


def _traced(record: Mapping[str, str]) -> dict[str, Any]:
    return {
        "flow": record["flow"],
        "agreement": record["agreement"],
        "status": record.get("status") or "",
        "first_date": record.get("first_date") or "",
        "last_date": record.get("last_date") or "",
        "sources": int(record.get("sources") or 0),
        "evidence": record.get("evidence") or "",
        "source": record.get("source") or "",
    }


def flow_of(record: Mapping[str, str]) -> Flow:
    """A ``flows`` row (plain strings) as a record."""
    usd = record.get("amount_usd") or ""
    return Flow(
        payer=record["payer"],
        payee=record["payee"],
        kind=record["kind"],
        type=record["type"],
        amount=record.get("amount") or "",
        amount_usd=int(Decimal(usd)) if usd else None,
        conversion=record.get("conversion") or "",
        **_traced(record),
    )


def goods_of(record: Mapping[str, str]) -> Goods:
    """A ``goods-flows`` row (plain strings) as a record."""
    return Goods(
        supplier=record["supplier"],
        customer=record["customer"],
        quantity=record["quantity"],
        unit=record["unit"],
        **_traced(record),
    )


def read_flows(source: Source) -> list[Flow]:
    """The flows of a store (or rdflib Graph/Dataset), named query ``flows``."""
    return [flow_of(r) for r in select(source, "flows").texts().records()]


def read_goods(source: Source) -> list[Goods]:
    """The goods flows of a store, named query ``goods-flows``."""
    return [goods_of(r) for r in select(source, "goods-flows").texts().records()]


def as_of(flows: Iterable[Flow], statuses_on_day: Mapping[str, tuple[str, str]]) -> list[Flow]:
    """The flows with their agreement's status on a day (agreement → (status, date) from the
    ``as-of`` query); flows of agreements not yet reported by then are left out."""
    out = []
    for f in flows:
        if f.agreement in statuses_on_day:
            status, date = statuses_on_day[f.agreement]
            out.append(replace(f, status=status, last_date=date))
    return out


def counted(flows: Iterable[Flow], statuses: frozenset[str]) -> list[Flow]:
    return [f for f in flows if f.status in statuses]


def _rank_key(flow: Flow) -> tuple[int, int, str]:
    return (flow.amount_usd is not None, flow.amount_usd or 0, flow.flow)


def flow_graph(flows: Iterable[Flow]) -> nx.DiGraph:
    """Companies and, for each ordered pair, the flows from one to the other (edge ``flows``)."""
    by_pair: dict[tuple[str, str], list[Flow]] = {}
    for f in flows:
        if f.payer != f.payee:
            by_pair.setdefault((f.payer, f.payee), []).append(f)
    G = nx.DiGraph()
    # In one call, in the order the pairs first appear (exposure's paths follow that order):
    # an add_edge per flow took 0.2 s of exposure at 10,000 articles.
    G.add_edges_from((a, b, {"flows": fs}) for (a, b), fs in by_pair.items())
    return G


def bounded_cycles(edges: Iterable[tuple[str, str]], max_length: int) -> Iterator[list[str]]:
    """Every simple cycle of at most ``max_length`` nodes of the directed graph ``edges``, each
    once, starting at its least node (no self-loops). Same cycles as networkx
    ``simple_cycles(G, length_bound=max_length)``, which took 1.6 s of the 2 s of
    ``circular-flows`` at 1,000 articles (most of it in the subgraph views it makes).

    From each node ``s`` in name order, a depth-first search over the nodes after ``s``, pruned
    to the nodes that can still get back to ``s`` within the length left (their distance to
    ``s`` by a backward search, a lower bound of the real one, so no cycle is missed).

    >>> sorted(bounded_cycles([("a", "b"), ("b", "a"), ("b", "c"), ("c", "a")], 3))
    [['a', 'b'], ['a', 'b', 'c']]
    """
    succ: dict[str, set[str]] = defaultdict(set)
    pred: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a != b:
            succ[a].add(b)
            pred[b].add(a)
    for s in sorted(succ.keys() & pred.keys()):
        # Nodes after s and how many steps they are at least from s (s itself: 0).
        dist = {s: 0}
        frontier = [s]
        for d in range(1, max_length):
            reached = []
            for v in frontier:
                for u in pred[v]:
                    if u > s and u not in dist:
                        dist[u] = d
                        reached.append(u)
            frontier = reached
        yield from _cycles_from(s, succ, dist, max_length)


def _cycles_from(s: str, succ: Mapping[str, set[str]], dist: Mapping[str, int], max_length: int) -> Iterator[list[str]]:
    path = [s]
    on_path = {s}
    stack = [iter(succ[s])]
    while stack:
        v = next(stack[-1], None)
        if v is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        if v == s:
            if len(path) >= 2:
                yield list(path)
            continue
        if v in on_path or v not in dist or len(path) + dist[v] > max_length:
            continue
        path.append(v)
        on_path.add(v)
        stack.append(iter(succ.get(v, ())))


def find_loops(flows: Iterable[Flow], min_length: int = 2, max_length: int = 4, limit: int | None = None) -> list[Loop]:
    """Loops of ``min_length`` to ``max_length`` companies, largest smallest-step first
    (loops with a step of unknown value last); each step shows its largest flow. With
    ``limit``, only the first ``limit`` loops of that order.

    A loop's smallest step is at least ``v`` exactly when all its steps are, so the first loops
    lie among the pairs of companies whose largest flow is worth ``v`` or more: the search
    starts with the most valuable pairs and doubles them until it has ``limit`` loops (the
    number of loops grows much faster than the number of flows: a million at 10,000 articles).
    """
    G = flow_graph(flows)
    if limit is None:
        return _ranked(_loops_in(G, G.edges, min_length, max_length))
    valued = sorted(
        ((max(f.amount_usd for f in fs if f.amount_usd is not None), a, b) for a, b, fs in _edges(G) if _valued(fs)),
        reverse=True,
    )
    n = max(limit, 64)
    while n < len(valued):
        floor = valued[n - 1][0]
        loops = _loops_in(G, [(a, b) for v, a, b in valued if v >= floor], min_length, max_length)
        if len(loops) >= limit:
            return _ranked(loops)[:limit]
        n *= 2
    return _ranked(_loops_in(G, G.edges, min_length, max_length))[:limit]


def _edges(G: nx.DiGraph) -> Iterable[tuple[str, str, list[Flow]]]:
    return ((a, b, d["flows"]) for a, b, d in G.edges(data=True))


def _valued(flows: list[Flow]) -> bool:
    return any(f.amount_usd is not None for f in flows)


def _loops_in(G: nx.DiGraph, search: Iterable[tuple[str, str]], min_length: int, max_length: int) -> list[Loop]:
    """The loops over the edges ``search`` (edges of ``G``), each step with its largest flow in ``G``."""
    loops = []
    for nodes in bounded_cycles(search, max_length):
        if len(nodes) < min_length:
            continue
        pairs = list(zip(nodes, nodes[1:] + nodes[:1]))
        options = [G[a][b]["flows"] for a, b in pairs]
        steps = tuple(max(o, key=_rank_key) for o in options)
        loops.append(Loop(tuple(nodes), steps, tuple(len(o) for o in options)))
    return loops


def _ranked(loops: list[Loop]) -> list[Loop]:
    return sorted(loops, key=lambda lp: (lp.smallest_usd is None, -(lp.smallest_usd or 0), lp.companies))


LOOP_COLUMNS = (
    "loop",
    "length",
    "companies",
    "smallest_usd",
    "step",
    "payer",
    "payee",
    "kind",
    "type",
    "status",
    "amount",
    "amount_usd",
    "conversion",
    "date",
    "parallel_flows",
    "evidence",
    "source",
    "agreement",
)


def loop_rows(loops: Iterable[Loop]) -> list[tuple[str, ...]]:
    """One row per step of each loop (columns :data:`LOOP_COLUMNS`), loops numbered from 1."""
    rows: list[tuple[str, ...]] = []
    for number, loop in enumerate(loops, start=1):
        names = " -> ".join(loop.companies + loop.companies[:1])
        smallest = "" if loop.smallest_usd is None else str(loop.smallest_usd)
        for i, (step, parallel) in enumerate(zip(loop.steps, loop.parallel, strict=True), start=1):
            rows.append(
                (
                    str(number),
                    str(len(loop.companies)),
                    names,
                    smallest,
                    str(i),
                    step.payer,
                    step.payee,
                    step.kind,
                    step.type,
                    step.status,
                    step.amount,
                    "" if step.amount_usd is None else str(step.amount_usd),
                    step.conversion,
                    step.date,
                    str(parallel),
                    step.evidence,
                    step.source,
                    step.agreement,
                )
            )
    return rows


@dataclass(frozen=True, slots=True)
class ExposureLine:
    """Counted flows between the company and one counterparty, of one kind, in one direction."""

    direction: str
    counterparty: str
    kind: str
    flows: int
    #: US dollars over the flows with a value; None when none has one.
    amount_usd: int | None
    unconverted: tuple[str, ...]
    #: For an inflow: "direct" when the company pays this counterparty itself, "via X -> Y"
    #: when its money reaches the counterparty through other companies, "" otherwise.
    circular: str
    #: Other counterparties on the same side of these flows' agreements (the reported amount
    #: is the deal's total, shared with them: totals count each agreement once).
    shared_with: tuple[str, ...] = ()
    #: Flows whose claims report no amount.
    without_amount: int = 0
    #: The flows' statuses (in stage order) and their earliest and latest dates.
    statuses: tuple[str, ...] = ()
    first_date: str = ""
    last_date: str = ""


@dataclass(frozen=True, slots=True)
class Exposure:
    """A company's counted inflows and outflows (US dollar totals over flows with a value)."""

    company: str
    lines: tuple[ExposureLine, ...]
    inflow_usd: int
    outflow_usd: int
    largest_payer: str
    largest_payer_share: float | None
    largest_payee: str
    largest_payee_share: float | None
    circular_inflow_usd: int
    circular_share: float | None


def _largest(by_counterparty: Mapping[str, int], total: int) -> tuple[str, float | None]:
    if not by_counterparty or total <= 0:
        return "", None
    name = max(sorted(by_counterparty), key=lambda n: by_counterparty[n])
    return name, by_counterparty[name] / total


def _usd_sum(flows: list[Flow]) -> int | None:
    values = [f.amount_usd for f in flows if f.amount_usd is not None]
    return sum(values) if values else None


def _once_per_agreement(flows: Iterable[Flow]) -> int:
    """US dollars of the flows, each agreement counted once (its flows share one amount)."""
    per_agreement: dict[str, int] = {}
    for f in flows:
        per_agreement[f.agreement] = max(per_agreement.get(f.agreement, 0), f.amount_usd or 0)
    return sum(per_agreement.values())


def _circular(path: list[str], company: str) -> str:
    """How the company's own money reaches a payer: "direct", "via A -> B", or ""."""
    if len(path) < 2 or path[0] != company:
        return ""
    return "direct" if len(path) == 2 else "via " + " -> ".join(path[1:-1])


def exposure(flows: Iterable[Flow], company: str) -> Exposure:
    """Inflows and outflows of ``company`` by counterparty and kind; the largest counterparty's
    share of each side; and the circular part: inflows from companies ``company`` pays, directly
    or through up to two other companies (its money comes back)."""
    flows = list(flows)
    inflows = [f for f in flows if f.payee == company and f.payer != company]
    outflows = [f for f in flows if f.payer == company and f.payee != company]
    G = flow_graph(flows)
    reached = nx.single_source_shortest_path(G, company, cutoff=3) if company in G else {}
    groups: dict[tuple[str, str, str], list[Flow]] = defaultdict(list)
    for f in inflows:
        groups[("in", f.payer, f.kind)].append(f)
    for f in outflows:
        groups[("out", f.payee, f.kind)].append(f)
    sides: dict[str, set[str]] = defaultdict(set)
    for f in inflows:
        sides[f.agreement].add(f.payer)
    for f in outflows:
        sides[f.agreement].add(f.payee)
    lines = tuple(
        ExposureLine(
            direction,
            other,
            kind,
            len(items),
            _usd_sum(items),
            tuple(sorted(f.amount for f in items if f.amount_usd is None and f.amount)),
            _circular(reached.get(other, []), company) if direction == "in" else "",
            tuple(sorted({n for f in items for n in sides[f.agreement]} - {other})),
            sum(1 for f in items if not f.amount),
            tuple(sorted({f.status for f in items}, key=lambda c: STATUSES.index(c) if c in STATUSES else 99)),
            min((f.first_date for f in items if f.first_date), default=""),
            max((f.date for f in items if f.date), default=""),
        )
        for (direction, other, kind), items in sorted(groups.items())
    )
    by_payer: dict[str, int] = defaultdict(int)
    by_payee: dict[str, int] = defaultdict(int)
    for line in lines:
        (by_payer if line.direction == "in" else by_payee)[line.counterparty] += line.amount_usd or 0
    circular_payers = {line.counterparty for line in lines if line.circular}
    inflow, outflow = _once_per_agreement(inflows), _once_per_agreement(outflows)
    circular = _once_per_agreement([f for f in inflows if f.payer in circular_payers])
    payer, payer_share = _largest(by_payer, inflow)
    payee, payee_share = _largest(by_payee, outflow)
    return Exposure(
        company,
        lines,
        inflow,
        outflow,
        payer,
        payer_share,
        payee,
        payee_share,
        circular,
        circular / inflow if inflow > 0 else None,
    )


EXPOSURE_COLUMNS = (
    "company",
    "direction",
    "counterparty",
    "kind",
    "statuses",
    "first_date",
    "last_date",
    "flows",
    "amount_usd",
    "unconverted",
    "without_amount",
    "share_of_direction",
    "circular",
    "shared_with",
    "inflow_usd",
    "outflow_usd",
    "largest_payer",
    "largest_payer_share",
    "largest_payee",
    "largest_payee_share",
    "circular_inflow_usd",
    "circular_share",
)


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share:.3f}"


def exposure_rows(result: Exposure) -> list[tuple[str, ...]]:
    """One row per (direction, counterparty, kind), the company's totals repeated on each."""
    totals = (
        str(result.inflow_usd),
        str(result.outflow_usd),
        result.largest_payer,
        _pct(result.largest_payer_share),
        result.largest_payee,
        _pct(result.largest_payee_share),
        str(result.circular_inflow_usd),
        _pct(result.circular_share),
    )
    rows: list[tuple[str, ...]] = []
    for line in result.lines:
        side = result.inflow_usd if line.direction == "in" else result.outflow_usd
        rows.append(
            (
                result.company,
                line.direction,
                line.counterparty,
                line.kind,
                " | ".join(line.statuses),
                line.first_date,
                line.last_date,
                str(line.flows),
                "" if line.amount_usd is None else str(line.amount_usd),
                "; ".join(line.unconverted),
                str(line.without_amount),
                _pct(min(1.0, line.amount_usd / side) if side > 0 and line.amount_usd is not None else None),
                line.circular,
                " | ".join(line.shared_with),
                *totals,
            )
        )
    return rows
