"""Typed, immutable records passed between the stages.

Every stage is a function from records to records; nothing here does I/O.
Enum values are the codes of the ontology (``skos:notation``), so the mapping
between Python and RDF cannot drift.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The eight agreement kinds (codes of ``ontologies/kg.ttl``)."""

    PARTNERSHIP = "partnership"
    INVESTMENT = "investment"
    ACQUISITION = "acquisition"
    MERGER = "merger"
    JOINT_VENTURE = "joint_venture"
    LICENSING = "licensing"
    SUPPLY = "supply"
    MOU = "mou"


class Status(StrEnum):
    """The nine statuses (codes of ``ontologies/status.ttl``)."""

    RUMORED = "rumored"
    NEGOTIATING = "negotiating"
    ANNOUNCED = "announced"
    NON_BINDING = "non_binding"
    SIGNED = "signed"
    UNDER_REVIEW = "under_review"
    COMPLETED = "completed"
    TERMINATED = "terminated"
    BLOCKED = "blocked"


#: Stage order of each status, as ``kg:stageOrder`` in ``ontologies/status.ttl``.
STAGE_ORDER: dict[Status, int] = {
    Status.RUMORED: 10,
    Status.NEGOTIATING: 20,
    Status.ANNOUNCED: 30,
    Status.NON_BINDING: 35,
    Status.SIGNED: 40,
    Status.UNDER_REVIEW: 50,
    Status.COMPLETED: 60,
    Status.TERMINATED: 90,
    Status.BLOCKED: 95,
}

#: The group of each status: its ``skos:broader`` top concept in the status scheme.
STATUS_GROUP: dict[Status, str] = {
    Status.RUMORED: "pre_agreement",
    Status.NEGOTIATING: "pre_agreement",
    Status.ANNOUNCED: "agreed",
    Status.NON_BINDING: "agreed",
    Status.SIGNED: "agreed",
    Status.UNDER_REVIEW: "closing",
    Status.COMPLETED: "closing",
    Status.TERMINATED: "ended",
    Status.BLOCKED: "ended",
}
#: Before the parties agree: rumours and talks.
PRE_AGREEMENT = frozenset(s for s, group in STATUS_GROUP.items() if group == "pre_agreement")
#: The deal did not happen or no longer holds.
ENDED = frozenset(s for s, group in STATUS_GROUP.items() if group == "ended")
#: The status codes in stage order.
STATUS_CODES = tuple(status.value for status in sorted(STAGE_ORDER, key=STAGE_ORDER.__getitem__))
#: Announced or later, not terminated or blocked (codes): what the flow queries count by default.
COMMITTED = frozenset(status.value for status, group in STATUS_GROUP.items() if group in {"agreed", "closing"})


def phase_of(status: str | None) -> str:
    """How far a deal with this status got, as the pages draw it: ``pre`` (rumours and talks),
    ``ended`` (terminated or blocked) or ``agreed`` (anything else, an unknown status too).

    >>> phase_of("negotiating"), phase_of("completed"), phase_of("blocked"), phase_of(None)
    ('pre', 'agreed', 'ended', 'agreed')
    """
    if status in PRE_AGREEMENT:
        return "pre"
    return "ended" if status in ENDED else "agreed"


class Role(StrEnum):
    """Party roles; each is a sub-property of ``kg:party`` in the ontology."""

    ACQUIRER = "acquirer"
    TARGET = "target"
    INVESTOR = "investor"
    INVESTEE = "investee"
    LICENSOR = "licensor"
    LICENSEE = "licensee"
    SUPPLIER = "supplier"
    CUSTOMER = "customer"


#: The directed kinds and their two roles, (agent, counterpart), as ``kg:agentRole`` and
#: ``kg:counterpartRole`` in ``ontologies/kg.ttl``. The agent acts: it invests, acquires,
#: licenses out or supplies. Every other kind is symmetric.
DIRECTED_ROLES: dict[Kind, tuple[Role, Role]] = {
    Kind.INVESTMENT: (Role.INVESTOR, Role.INVESTEE),
    Kind.ACQUISITION: (Role.ACQUIRER, Role.TARGET),
    Kind.LICENSING: (Role.LICENSOR, Role.LICENSEE),
    Kind.SUPPLY: (Role.SUPPLIER, Role.CUSTOMER),
}
#: The roles on the agent side of a directed kind.
AGENT_ROLES = frozenset(agent for agent, _ in DIRECTED_ROLES.values())


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date at the precision the text gives: year, year-month or full date.

    >>> PartialDate(2024, 3).iso()
    '2024-03'
    >>> PartialDate.parse("2025-09-11").latest()
    datetime.date(2025, 9, 11)
    >>> PartialDate(2024, 2).latest()
    datetime.date(2024, 2, 29)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a PartialDate with a day needs a month")
        dt.date(self.year, self.month or 1, self.day or 1)  # raises on an impossible date

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        parts = text.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"not an ISO date at year, month or day precision: {text!r}")
        nums = [int(p) for p in parts]
        return cls(nums[0], *(nums[1:]))

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as reported: an integer value in an ISO 4217 currency."""

    value: int
    currency: str

    def __str__(self) -> str:
        return f"{self.value} {self.currency}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """Goods as reported: a decimal value (as text, exact) in the unit the text states
    ("GW", "MW", "GPUs", "TPUs", "chips", ...)."""

    value: str
    unit: str

    def __str__(self) -> str:
        return f"{self.value} {self.unit}"


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from a file, a JSON Lines row or a feed entry.

    ``key`` is the article's identity: its normalized url when given, else the
    absolute path of its file (plus ``#n`` for the n-th entry of a multi-article file).
    """

    key: str
    text: str
    path: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    sha256: str = ""

    @property
    def source(self) -> str:
        """What the ``events`` query reports as ``source``: the url, else the path."""
        return self.url or self.path


@dataclass(frozen=True, slots=True)
class Party:
    """A company taking part in an event, by canonical name, with its role if known."""

    name: str
    role: Role | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the article text: character offsets ``[start, end)`` and the text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """One claim that an article makes about one agreement's status."""

    kind: Kind
    status: Status
    parties: tuple[Party, ...]
    evidence: Evidence
    date: PartialDate | None = None
    amount: Money | None = None
    confidence: float = 0.5
    background: bool = False
    extractor: str = "kg.rules.v1"
    #: the rules (and model heads) that decided the kind and the status, e.g.
    #: "kind:object-kind; status:tense"; not part of the claim's identity
    reason: str = field(default="", compare=False)
    #: the goods a supply claim states ("10 gigawatts", "one million TPUs"), if any
    quantity: Quantity | None = None

    @property
    def party_names(self) -> tuple[str, ...]:
        return tuple(sorted({p.name for p in self.parties}))


@dataclass(frozen=True, slots=True)
class Company:
    """A row of the company gazetteer (``data/companies.csv``)."""

    name: str
    aliases: tuple[str, ...] = ()
    epithets: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    qid: str | None = None
    sector: str | None = None
    country: str | None = None
    parent: str | None = None
    kind: str = "company"  # "company" or "regulator" (regulators are actors, not parties)
    #: where the row's facts come from: a Wikidata page, the official website, or a note
    source: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
