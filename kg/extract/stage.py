"""The stage of one trigger: its status, whether a cue stated it, and the rule that decided;
from the cues of its clause, else the tense of its verb, else the date the text gives it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract.raw import Trigger
from kg.extract.status import status_for
from kg.extract.tense import counterfactual, in_place, made_known, negated, tense_status
from kg.records import Kind, PartialDate, Status

__all__ = ["Stage", "trigger_stage", "dated_stage"]


@dataclass(frozen=True)
class Stage:
    """A trigger's status, whether a cue stated it, and the rule that decided."""

    status: Status
    explicit: bool
    rule: str


def trigger_stage(trig: Trigger, sent: Span, cues: Sequence[Span]) -> Stage | None:
    """The trigger's status, whether a cue stated it, and the rule that decided; None when the
    claim is negated or denied."""
    token = trig.token
    status, explicit, rule = status_for(token, sent, cues)
    if status is None and explicit:
        status, rule = in_place(trig.kind), f"{rule}:in-place"
    if status is None and (negated(token) or counterfactual(token)):
        return None
    if trig.label == "epithet":
        status, explicit, rule = Status.COMPLETED, True, "epithet"
    if status is None:
        tense = tense_status(token, trig.kind)
        if tense is not None:
            status, rule = tense, "tense"
        else:
            status, rule = Status.ANNOUNCED, "reported" if made_known(token) else "default"
    return Stage(status, explicit, rule)


#: Days before publication after which a deal dated in its own sentence is in place.
_PAST_DAYS = 90


def dated_stage(stage: Stage, kind: Kind | None, date: PartialDate | None, published: dt.date | None) -> Stage:
    """A deal no word stages but the text dates well before publication ("after buying Mellanox
    in 2020") is in place: completed for stakes and takeovers, else signed."""
    if stage.rule != "default" or date is None or published is None:
        return stage
    if (published - date.latest()).days <= _PAST_DAYS:
        return stage
    return Stage(in_place(kind), False, "dated-past")
