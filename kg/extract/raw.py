"""The records the event rules pass between steps: a trigger word and an event before the
article-level pass, plus the kind groups and the extractor name."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.records import Kind, Money, PartialDate, Party, Status

__all__ = ["EXTRACTOR", "SPECIFIC", "GENERAL", "Trigger", "RawEvent"]


EXTRACTOR = "kg.rules.v1"

SPECIFIC = {Kind.INVESTMENT, Kind.ACQUISITION, Kind.MERGER, Kind.JOINT_VENTURE, Kind.LICENSING, Kind.SUPPLY}
GENERAL = {Kind.PARTNERSHIP, Kind.MOU}


@dataclass
class Trigger:
    """A word that states a deal: its kind (None for a generic deal word), the cue label or
    tree shape that found it, and the name of the rule that decided its kind."""

    token: Token
    kind: Kind | None
    label: str
    rule: str = ""


@dataclass
class RawEvent:
    """An event before the article-level pass; ``notes`` name the rules that decided its kind
    and status ("kind:object-kind", "status:cue:signed")."""

    kind: Kind | None
    status: Status
    explicit: bool
    parties: tuple[Party, ...]
    sent: Span
    trigger: Token
    date: PartialDate | None
    amount: Money | None
    confidence: float
    background: bool
    borrowed: bool
    order: int
    defaulted: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parties)
