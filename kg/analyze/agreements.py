"""Agreements as read from the store: kind, parties with roles, status history, sources.

The current status is the one ``derive.ru`` stores (``kg:currentStatus`` in graph/derived),
the same the named queries read; every write re-derives it in its own transaction, and an
agreement without one is a store error (``kg rebuild`` derives it). The status history,
sources, amounts and evidence come from the claims (status assertions). Only the replay of
a past day (:func:`view_as_of`) computes a status from the history, with the order
derive.ru uses (:func:`history_key`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from kg.analyze.sparql import Row, Source, select, text
from kg.errors import StoreError
from kg.ontology.terms import KG
from kg.records import STAGE_ORDER, Role, phase_of

#: Role code of each role property (``kg:investor`` → ``investor``).
ROLE_OF_PROPERTY = {str(KG[role.value]): role.value for role in Role}
_STAGE_OF_CODE = {status.value: order for status, order in STAGE_ORDER.items()}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An article an agreement is reported in: url (or local path), title, date."""

    url: str | None
    path: str | None
    title: str | None
    published: str | None

    @property
    def key(self) -> str:
        return self.url or self.path or ""


@dataclass(frozen=True, slots=True)
class Claim:
    """One status assertion of an agreement, as shown in a status history."""

    iri: str
    status: str
    order: int
    date: str | None  # at the precision given (YYYY, YYYY-MM, YYYY-MM-DD)
    earliest: str | None
    latest: str | None
    background: bool
    amount: int | None
    currency: str | None
    source: SourceRef | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class PartyRef:
    iri: str
    name: str
    role: str | None


@dataclass(frozen=True, slots=True)
class AgreementView:
    """One agreement with everything the pages show about it."""

    iri: str
    kind: str
    label: str
    status: str | None
    status_date: str | None
    first: str | None
    last: str | None
    parties: tuple[PartyRef, ...]
    history: tuple[Claim, ...]
    sources: tuple[SourceRef, ...]
    amount: int | None
    currency: str | None
    evidence: str | None
    evidence_source: SourceRef | None

    @property
    def phase(self) -> str:
        """``pre`` (rumored/negotiating), ``ended`` (terminated/blocked) or ``agreed``."""
        return phase_of(self.status)


def _int(term: object) -> int | None:
    if term is None:
        return None
    try:
        return int(Decimal(str(term)))
    except (InvalidOperation, ValueError):
        return None


def _claim(row: Row) -> Claim:
    source = None
    if row.get("article") is not None:
        source = SourceRef(
            text(row.get("url")), text(row.get("path")), text(row.get("title")), text(row.get("published"))
        )
    status = str(row["status"])
    return Claim(
        iri=str(row["assertion"]),
        status=status,
        order=_STAGE_OF_CODE.get(status, 0),
        date=text(row.get("date")),
        earliest=text(row.get("earliest")),
        latest=text(row.get("latest")),
        background=text(row.get("background")) in {"true", "1"},
        amount=_int(row.get("amount")),
        currency=text(row.get("currency")),
        source=source,
        evidence=text(row.get("evidence")),
    )


def history_key(claim: Claim) -> tuple[str, int, str, str]:
    """Order of a status history: by earliest date (undated first), then stage
    (``kg.records.STAGE_ORDER``), the order of derive.ru's ``kg:currentStatus`` and of the
    ``as-of`` query; then the date as given (on the same first day, the more precise one
    last) and the claim's IRI, which only order claims of one status."""
    return (claim.earliest or "", claim.order, claim.date or "", claim.iri)


def latest_claim(claims: Iterable[Claim]) -> Claim | None:
    """The last claim by :func:`history_key`: the one whose status derive.ru would make
    current if these were all the claims (used to replay a past day)."""
    return max(claims, key=history_key, default=None)


def current_statuses(source: Source, agreements: Iterable[str]) -> dict[str, str]:
    """Agreement IRI → its current status code, as graph/derived holds it (derive.ru), for
    each of ``agreements``. Raises StoreError when graph/derived lacks one of them or gives
    one two statuses: a store written without deriving, which ``kg rebuild`` mends."""
    out: dict[str, str] = {}
    for row in select(source, "graph-current-status").records():
        agreement, status = str(row["agreement"]), str(row["status"])
        if out.setdefault(agreement, status) != status:
            raise StoreError(
                f"graph/derived gives {agreement} two current statuses ({out[agreement]}, {status}); "
                "run `kg rebuild` to derive it again"
            )
    missing = sorted(set(agreements) - set(out))
    if missing:
        raise StoreError(
            f"graph/derived has no current status for {len(missing)} agreement(s) (e.g. {missing[0]}): "
            "the store was written without deriving; run `kg rebuild`"
        )
    return out


def _status_claim(history: list[Claim], status: str | None) -> Claim | None:
    """The latest claim (by :func:`history_key`) stating ``status``: where its date comes from."""
    return max((c for c in history if c.status == status), key=history_key, default=None)


def _claims_by_agreement(rows: list[Row]) -> dict[str, list[Claim]]:
    seen: set[tuple[str, str]] = set()
    claims: dict[str, list[Claim]] = defaultdict(list)
    for row in rows:
        key = (str(row["agreement"]), str(row["assertion"]))
        if key in seen:  # several titles/urls for one article would repeat a claim
            continue
        seen.add(key)
        claims[key[0]].append(_claim(row))
    return {k: sorted(v, key=history_key) for k, v in claims.items()}


def _parties(rows: list[Row], names: dict[str, str]) -> dict[str, tuple[PartyRef, ...]]:
    roles: dict[str, dict[str, str | None]] = defaultdict(dict)
    for row in rows:
        agr, company = str(row["agreement"]), str(row["company"])
        role = ROLE_OF_PROPERTY.get(str(row.get("property")))
        if role or company not in roles[agr]:
            roles[agr][company] = role
    return {
        agr: tuple(
            sorted(
                (PartyRef(c, names.get(c, c.rsplit("/", 1)[-1]), r) for c, r in parts.items()),
                key=lambda p: (p.role or "~", p.name),
            )
        )
        for agr, parts in roles.items()
    }


def _pick_evidence(history: list[Claim], status: str | None) -> Claim | None:
    """The claim that states the current status (latest such), else the latest with evidence."""
    with_text = [c for c in history if c.evidence]
    current = [c for c in with_text if c.status == status]
    picked = current or with_text
    return picked[-1] if picked else None


def _reported(history: list[Claim], status: str | None) -> dict[str, Any]:
    """What an agreement's claims report beside its status: their sources (by publication),
    the latest amount, and the evidence of ``status`` (fields of :class:`AgreementView`)."""
    with_amount = [c for c in history if c.amount is not None]
    sources = {c.source.key: c.source for c in history if c.source is not None}
    ev = _pick_evidence(history, status)
    return {
        "sources": tuple(sorted(sources.values(), key=lambda s: (s.published or "", s.key))),
        "amount": with_amount[-1].amount if with_amount else None,
        "currency": with_amount[-1].currency if with_amount else None,
        "evidence": ev.evidence if ev else None,
        "evidence_source": ev.source if ev else None,
    }


def company_names(source: Source) -> dict[str, dict[str, str | None]]:
    """Companies with agreements: IRI → {label, sector, country}."""
    out: dict[str, dict[str, str | None]] = {}
    for row in select(source, "graph-companies").records():
        iri = str(row["company"])
        out[iri] = {
            "label": text(row.get("label")) or iri.rsplit("/", 1)[-1],
            "sector": text(row.get("sector")),
            "country": text(row.get("country")),
        }
    return out


def claims_by_agreement(source: Source) -> dict[str, list[Claim]]:
    """Every agreement's claims, in history order (:func:`history_key`)."""
    return _claims_by_agreement(select(source, "graph-assertions").records())


def agreement_views(source: Source, companies: dict[str, dict[str, str | None]] | None = None) -> list[AgreementView]:
    """Every agreement with its current status (graph/derived), history, parties and sources
    (sorted by IRI). ``status_date`` is the date of the latest claim stating that status.

    Raises StoreError when graph/derived lacks the current status of an agreement."""
    companies = company_names(source) if companies is None else companies
    names = {iri: str(c["label"]) for iri, c in companies.items()}
    claims = claims_by_agreement(source)
    parties = _parties(select(source, "graph-parties").records(), names)
    rows = select(source, "graph-agreements").records()
    statuses = current_statuses(source, (str(row["agreement"]) for row in rows))
    views = []
    for row in rows:
        iri = str(row["agreement"])
        history = claims.get(iri, [])
        status = statuses[iri]
        stated = _status_claim(history, status)
        status_date = stated.date if stated else None
        views.append(
            AgreementView(
                iri=iri,
                kind=str(row["kind"]),
                label=text(row.get("label")) or iri.rsplit("/", 1)[-1],
                status=status,
                status_date=status_date,
                first=text(row.get("first")),
                last=text(row.get("last")),
                parties=parties.get(iri, ()),
                history=tuple(history),
                **_reported(history, status),
            )
        )
    return sorted(views, key=lambda v: v.iri)


def view_as_of(view: AgreementView, day: str) -> AgreementView | None:
    """The agreement as known on ``day`` (YYYY-MM-DD): only its claims dated on or before it
    (by the start of their date range), the status of the latest of them (then by stage),
    the amount reported by then; None when no dated claim is that old (the ``as-of`` rule).

    graph/derived holds only today's status, so a past day's is computed here from the
    history, with the order derive.ru and ``as-of.rq`` use (:func:`history_key`:
    ``kg.records.STAGE_ORDER`` after the first day)."""
    known = [c for c in view.history if c.earliest is not None and c.earliest <= day]
    latest = latest_claim(known)
    if latest is None:
        return None
    return replace(
        view,
        status=latest.status,
        status_date=latest.date,
        first=min(c.earliest for c in known if c.earliest),
        last=min(max((c.latest or c.earliest or "") for c in known), day),
        history=tuple(known),
        **_reported(known, latest.status),
    )


def views_as_of(views: list[AgreementView], day: str) -> list[AgreementView]:
    """The agreements reported by ``day``, each as known that day."""
    return [v for v in (view_as_of(view, day) for view in views) if v is not None]
