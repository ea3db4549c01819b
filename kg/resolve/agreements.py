"""Claims → agreements: which status assertions are about the same deal.

A pure function of the *set* of claims, so the result does not depend on the order in
which articles were ingested. Claims with the same kind and party set form one agreement
when their dates fit one deal: sorted by earliest date, a gap longer than the window
starts a new agreement (Microsoft's 2019 and 2023 investments in OpenAI stay apart),
except for follow-on stages (under review, completed, terminated, blocked), which stay
with the deal before them for up to ``lifecycle_days``: a merger announced in January
2024 and blocked in January 2025 is one deal. Undated claims (background mentions) join
the most recent agreement of their group.

A claim of kind ``mou`` (a memorandum or letter of intent whose deal type the sentence does
not give) joins a deal of another kind between the same parties when one lies within the
window (the nearest by date): an MOU that later becomes a definitive agreement is one
agreement with two statuses.

Roles are voted: a party is on the agent side (investor, acquirer, licensor, supplier)
when more claims with roles put it there than on the other side; when the vote leaves
every party or no party on one side, the agreement gets no roles.

The agreement IRI is minted from kind, parties and an anchor; the anchor is empty while a
kind-and-parties group holds one deal, so IRIs stay stable as sources accumulate, and is
the ``YYYY-MM`` of the deal's earliest date when a group holds several deals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kg.records import DIRECTED_ROLES, STATUS_GROUP
from kg.resolve import iris


@dataclass(frozen=True, slots=True)
class Claim:
    """What clustering needs to know about one status assertion."""

    assertion: str
    kind: str
    parties: frozenset[str]
    agents: frozenset[str] = frozenset()
    earliest: dt.date | None = None
    status: str = ""


@dataclass(frozen=True, slots=True)
class Agreement:
    """One deal: its IRI, kind, parties (sorted), agent-side parties and its claims."""

    iri: str
    kind: str
    parties: tuple[str, ...]
    agents: tuple[str, ...]
    assertions: tuple[str, ...]

    @property
    def label(self) -> str:
        """A readable name, e.g. ``investment: Microsoft → OpenAI``."""
        if self.agents and self.kind in DIRECTED_ROLES:
            others = [p for p in self.parties if p not in self.agents]
            return f"{self.kind}: {', '.join(self.agents)} → {', '.join(others)}"
        return f"{self.kind}: {' – '.join(self.parties)}"


#: Statuses after signing (the closing and ended groups), which may come long after the deal.
FOLLOW_ON = frozenset(s for s, group in STATUS_GROUP.items() if group in {"closing", "ended"})


def _split_by_window(claims: list[Claim], window_days: int, lifecycle_days: int) -> list[list[Claim]]:
    """Dated claims split where consecutive dates are more than the window apart."""
    dated = sorted((c for c in claims if c.earliest), key=lambda c: (c.earliest, c.assertion))
    groups: list[list[Claim]] = []
    for claim in dated:
        assert claim.earliest is not None
        limit = lifecycle_days if claim.status in FOLLOW_ON else window_days
        if groups and (claim.earliest - groups[-1][-1].earliest).days <= limit:  # type: ignore[operator]
            groups[-1].append(claim)
        else:
            groups.append([claim])
    undated = sorted((c for c in claims if not c.earliest), key=lambda c: c.assertion)
    if undated:
        if groups:
            groups[-1].extend(undated)
        else:
            groups.append(undated)
    return groups


def vote_agents(deal: Iterable[Claim], parties: frozenset[str]) -> tuple[str, ...]:
    """The agent-side parties by majority over the claims that state roles."""
    score = dict.fromkeys(parties, 0)
    for claim in deal:
        if claim.agents:
            for party in parties:
                score[party] += 1 if party in claim.agents else -1
    agents = tuple(sorted(p for p, s in score.items() if s > 0))
    return agents if 0 < len(agents) < len(parties) else ()


def _typed_kind_for_mou(mou: Claim, typed: list[Claim], window_days: int) -> str | None:
    """The kind of the nearest same-party claim of a specific kind, if one fits the window."""

    def distance(other: Claim) -> int:
        if mou.earliest is None or other.earliest is None:
            return 0
        return abs((other.earliest - mou.earliest).days)

    fitting = [c for c in typed if distance(c) <= window_days]
    if not fitting:
        return None
    best = min(fitting, key=lambda c: (distance(c), c.kind, c.assertion))
    return best.kind


def _rekey_mous(claims: list[Claim], window_days: int) -> list[Claim]:
    """Claims of kind ``mou`` take the kind of a fitting deal between the same parties."""
    typed: dict[frozenset[str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind != "mou":
            typed[claim.parties].append(claim)
    out = []
    for claim in claims:
        kind = _typed_kind_for_mou(claim, typed[claim.parties], window_days) if claim.kind == "mou" else None
        out.append(replace(claim, kind=kind) if kind else claim)
    return out


def cluster_claims(claims: Iterable[Claim], window_days: int = 270, lifecycle_days: int = 900) -> list[Agreement]:
    """Group claims into agreements (see the module docstring). Sorted by IRI.

    >>> a = Claim("sa:1", "investment", frozenset({"Microsoft", "OpenAI"}), frozenset({"Microsoft"}), dt.date(2019, 7, 22))
    >>> b = Claim("sa:2", "investment", frozenset({"Microsoft", "OpenAI"}), frozenset(), dt.date(2023, 1, 23))
    >>> [len(x.assertions) for x in cluster_claims([a, b])]
    [1, 1]
    """
    by_key: dict[tuple[str, frozenset[str]], list[Claim]] = defaultdict(list)
    for claim in _rekey_mous(list(claims), window_days):
        by_key[(claim.kind, claim.parties)].append(claim)
    agreements: list[Agreement] = []
    for (kind, parties), group in by_key.items():
        deals = _split_by_window(group, window_days, lifecycle_days)
        seen_anchors: set[str] = set()
        for deal in deals:
            anchor = ""
            if len(deals) > 1:
                first = deal[0].earliest
                anchor = f"{first:%Y-%m}" if first else "undated"
                while anchor in seen_anchors:
                    anchor += "+"
                seen_anchors.add(anchor)
            agreements.append(
                Agreement(
                    iri=str(iris.agreement_iri(kind, sorted(parties), (), anchor)),
                    kind=kind,
                    parties=tuple(sorted(parties)),
                    agents=vote_agents(deal, parties),
                    assertions=tuple(sorted(c.assertion for c in deal)),
                )
            )
    return sorted(agreements, key=lambda a: a.iri)
