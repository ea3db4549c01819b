"""The stage of one trigger: its status, whether a cue stated it, and the rule that decided;
from the cues of its clause, else the tense of its verb, else the date the text gives it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from kg.extract.raw import RawEvent, Trigger
from kg.extract.side_clauses import founding_of_a_company
from kg.extract.status import status_for
from kg.extract.tense import (
    closing_ahead,
    counterfactual,
    governing_verb,
    in_place,
    made_known,
    modal_or_future,
    negated,
    tense_status,
)
from kg.extract.vocab import words
from kg.records import Kind, PartialDate, Status

__all__ = ["Stage", "trigger_stage", "dated_stage", "earlier_stages"]


@dataclass(frozen=True)
class Stage:
    """A trigger's status, whether a cue stated it, and the rule that decided."""

    status: Status
    explicit: bool
    rule: str


def trigger_stage(trig: Trigger, sent: Span, cues: Sequence[Span], scope: set[int] | None = None) -> Stage | None:
    """The trigger's status, whether a cue stated it, and the rule that decided; None when the
    claim is negated or denied (``scope``: the trigger's ``clause_scope`` when the caller has it)."""
    token = trig.token
    provided = _provided_by_agreement(trig, sent, cues)
    if provided is not None:
        return provided
    status, explicit, rule = status_for(token, sent, cues, scope)
    if (status is None and not explicit and rule == "no-cue") or status is Status.ANNOUNCED:
        relative = _relative_stage(token, cues)  # "its planned purchase of Figma, which was abandoned"
        if relative is not None:
            return Stage(relative, True, "relative-clause")
    if status is None and explicit:
        status, rule = in_place(trig.kind), f"{rule}:in-place"
    if status is None and (negated(token) or counterfactual(token)):
        return None
    if trig.label == "epithet":
        status, explicit, rule = Status.COMPLETED, True, "epithet"
    if status is None:
        tense = tense_status(token, trig.kind) or _joined_tense(token, trig.kind)
        if tense is not None:
            # "paid $650 million to license its models": a payment states the stage, as a cue would
            paid = tense is Status.COMPLETED and in_place(trig.kind) is not Status.COMPLETED
            status, explicit, rule = tense, paid, "tense:paid" if paid else "tense"
        elif _a_precedent(token):
            status, rule = in_place(trig.kind), "precedent"
        elif _owned_in_passing(token):
            status, rule = in_place(trig.kind), "owned-in-passing"
        else:
            rule = "reported" if made_known(token) else "ahead-then" if _ahead_then(token) else "default"
            status = Status.ANNOUNCED
    return Stage(status, explicit, rule)


def _joined_tense(token: Token, kind: Kind | None) -> Status | None:
    """ "SoftBank led the investment, with Nvidia joining as a new backer": a gerund of taking
    part hung on a finite verb takes part at that verb's time."""
    if token.tag_ != "VBG" or token.lemma_.lower() not in words("participation_verbs"):
        return None
    finite = next((a for a in token.ancestors if a.pos_ == "VERB" and a.tag_ in {"VBD", "VBZ", "VBP"}), None)
    return tense_status(finite, kind) if finite is not None else None


def _ahead_then(token: Token) -> bool:
    """ "In 2024, Orlo said it would buy Brenna Labs": a deal a past report looked ahead to
    ("would") was announced then, whatever its date (no sign it is in place)."""
    verb = governing_verb(token)
    return verb is not None and any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in verb.children)


def _a_precedent(token: Token) -> bool:
    """ "The deal follows Microsoft's investment in OpenAI", "comes after Amazon's investment",
    "builds on Oracle's contract", "follows a string of deals, including a supply deal with AMD":
    a deal the news comes after, with no stage of its own, is in place."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    t = token
    while t.dep_ in {"pobj", "prep", "appos", "conj", "dobj", "obj", "compound"} and t.head.i != t.i:
        if t.dep_ in {"dobj", "obj"} or (t.dep_ == "prep" and t.lower_ in {"after", "on"}):
            return t.head.pos_ == "VERB" and t.head.lemma_.lower() in words("precedence_verbs")
        t = t.head
    return False


def _owned_in_passing(token: Token) -> bool:
    """ "Norrsken's wafer supply agreement with TSMC carries over unchanged": a deal noun a
    company owns, with its partner, as the subject its clause tells something of, with no stage
    stated or ahead: an existing deal told in passing (the guideline's signed)."""
    if token.pos_ != "NOUN" or token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    owners = [c for c in token.children if c.dep_ == "poss"]
    partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children)
    owned = bool(owners) and (owners[0].ent_type_ == "ORG" or owners[0].tag_ == "PRP$")
    return owned and partner and not modal_or_future(token.head)


def _provided_by_agreement(trig: Trigger, sent: Span, cues: Sequence[Span]) -> Stage | None:
    """The stated stage of the agreement whose "under which" clause holds the trigger, or of
    the described agreement of its clause (told by the agreement's own words alone)."""
    if trig.label == "under-which":
        return None
    governing, scope, rule = _agreement_above(trig.token), None, "under-which"
    if governing is None:
        governing, rule = _agreement_beside(trig.token), "agreement-described"
        scope = None if governing is None else {t.i for t in governing.subtree}
    if governing is None:
        return None
    told = trigger_stage(Trigger(governing, None, "under-which"), sent, cues, scope)
    if told is None or not told.explicit:
        return None
    if rule == "agreement-described" and told.status is Status.ANNOUNCED and _in_force(trig):
        return None  # "already licenses its archive to OpenAI under a deal struck in 2023": in place
    letter = any(c.label_ == "status:non_binding" and governing in c for c in cues)
    if letter and told.status in {Status.ANNOUNCED, Status.SIGNED, Status.COMPLETED}:
        return Stage(Status.NON_BINDING, True, f"{rule}:letter")  # "signed an MOU under which SK Hynix will supply"
    return Stage(told.status, True, f"{rule}:{told.rule}")


def _in_force(trig: Trigger) -> bool:
    """The trigger's own verb, in the present, tells a deal in place ("licenses", "buys its
    memory from"): struck or announced before, the deal is now in force."""
    verb = governing_verb(trig.token)
    return verb is not None and verb.tag_ in {"VBZ", "VBP"} and tense_status(trig.token, trig.kind) is not None


def _agreement_above(token: Token) -> Token | None:
    """ "signed a definitive agreement under which OpenAI will deploy 6 gigawatts of AMD chips":
    the deal noun whose "under which" clause holds the trigger; what the clause says is what the
    agreement provides, at the agreement's stage, not a plan of its own."""
    for anc in [token, *token.ancestors][:6]:
        if anc.dep_ != "relcl" or anc.head.pos_ not in {"NOUN", "PROPN"}:
            continue
        if any(
            c.dep_ == "prep" and c.lower_ == "under" and any(g.lower_ == "which" for g in c.children)
            for c in anc.children
        ):
            return anc.head
        return None
    return None


def _agreement_beside(token: Token) -> Token | None:
    """ "Under the agreement signed on Wednesday, Nebius will supply Microsoft", "The contract,
    inked last month, makes Oracle a key supplier to Meta": a deal noun of the trigger's own
    clause (its subject, or the object of "under") that a participle of its own describes."""
    verb = token if token.pos_ in {"VERB", "AUX"} else next((a for a in token.ancestors if a.pos_ == "VERB"), None)
    if verb is None or (verb.i == token.i and token.dep_ in {"acl", "relcl"}):
        return None
    for child in verb.children:
        if child.dep_ == "nsubj":
            nouns = [child]
        elif child.dep_ == "prep" and child.lower_ == "under":
            nouns = [g for g in child.children if g.dep_ == "pobj"]
        else:
            continue
        for noun in nouns:
            if noun.lemma_.lower() in words("bare_deal_nouns") and any(_participle(c) for c in noun.children):
                return noun
    return None


def _participle(clause: Token) -> bool:
    """A clause on a deal noun told by a participle: "signed on Monday", "which was signed",
    or one reported ("which Dalmar said was signed on November 12")."""
    if clause.dep_ not in {"acl", "relcl"}:
        return False
    return clause.tag_ == "VBN" or (
        clause.dep_ == "relcl" and any(c.dep_ == "ccomp" and c.tag_ == "VBN" for c in clause.children)
    )


#: Stages a relative clause on a deal noun can tell of it ("which closed in October").
_RELATIVE_STAGES = ("terminated", "blocked", "under_review", "completed", "signed")
_SIGNED = "status:signed"
_OWN_OBJECT_PREPOSITIONS = {"of", "for", "with", "in"}


def _relative_stage(token: Token, cues: Sequence[Span]) -> Status | None:
    """ "Microsoft's acquisition of Activision, which closed in October", "Nvidia's bid for Arm,
    which the FTC sued to block": a relative clause on the deal noun, or on its object (where
    the parser hangs it), whose relative pronoun is its subject or object and which tells no
    deal of its own, tells the deal's stage."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    if token.dep_ == "compound" and token.head.pos_ == "NOUN":
        token = token.head  # "the supply agreement it signed": the clause hangs on the head noun
    holders = [token] + [
        g for c in token.children if c.dep_ == "prep" and c.lower_ in _OWN_OBJECT_PREPOSITIONS for g in c.children
    ]
    for clause in (c for h in holders for c in h.children if c.dep_ == "relcl"):
        inside = {t.i for t in clause.subtree}
        if not (_pronoun_in_place(clause) or _object_left_out(clause)):
            continue
        labels = {c.label_ for c in cues if c.root.i in inside and c.label_ != _SIGNED}
        if any(label.startswith("kind:") or label == "generic" for label in labels):
            continue  # "OpenAI, which signed a deal with Oracle": a deal of its own
        if _signed_here(clause, cues):
            labels.add(_SIGNED)
        for name in _RELATIVE_STAGES:
            if f"status:{name}" in labels:
                ahead = name == "completed" and any(c.root.i in inside and closing_ahead(c.root) for c in cues)
                return None if ahead else Status(name)  # "the deal, which is expected to close ...": pending
    return None


def _signed_here(clause: Token, cues: Sequence[Span]) -> bool:
    """ "the agreement it signed with Nvidia last year": the clause's own verb, in the past,
    says signed (not "that groups have been signing", nor a "sign" deeper in the clause)."""
    return clause.tag_ in {"VBD", "VBN"} and any(c.label_ == _SIGNED and c.root.i == clause.i for c in cues)


def _pronoun_in_place(clause: Token) -> bool:
    """ "the deal, which closed in May": the relative pronoun is the clause's subject or object."""
    return any(t.lower_ in {"which", "that"} and t.dep_ in {"nsubj", "nsubjpass", "dobj"} for t in clause.subtree)


def _object_left_out(clause: Token) -> bool:
    """ "the supply agreement it signed with Nvidia": a clause with a subject and no relative
    pronoun or object of its own leaves the deal noun as its object."""
    deps = {c.dep_ for c in clause.children}
    own = any(t.tag_ in {"WDT", "WP", "WP$", "WRB"} for t in clause.subtree)
    return "nsubj" in deps and not deps & {"dobj", "obj", "ccomp", "xcomp"} and not own


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


#: Participles and relative-clause verbs on a deal noun that report an earlier stage of it.
_EARLIER_STAGES = {"announce": Status.ANNOUNCED, "unveil": Status.ANNOUNCED, "agree": Status.ANNOUNCED}


#: Stages that a participle reporting an earlier stage ("first announced in June") does not
#: date: what became of the deal since ("has been called off", "is being reviewed").
_ENDS_AND_REVIEWS = frozenset({Status.TERMINATED, Status.BLOCKED, Status.UNDER_REVIEW})


def own_dates(token: Token, status: Status, dates: Sequence[tuple[int, PartialDate]]) -> list[tuple[int, PartialDate]]:
    """The sentence's ``dates`` that may date the trigger's ``status``: for an end or a review, not
    those of its participles and relative clauses that report an earlier stage ("The merger,
    first announced in June, has been called off": they date that stage, ``earlier_stages``),
    and never those of a clause that tells a company's founding ("Quintex, founded in 2017, ...")."""
    earlier = (
        {t.i for verb, _ in _earlier_stage_clauses(token, status) for t in verb.subtree}
        if status in _ENDS_AND_REVIEWS
        else set()
    )
    return [d for d in dates if d[0] not in earlier and not founding_of_a_company(token, token.doc[d[0]])]


def _earlier_stage_clauses(token: Token, status: Status) -> list[tuple[Token, Status]]:
    """(verb, stage) of each participle or relative clause on a deal noun that reports a stage
    other than ``status``: "first announced in April", "which was agreed in 2021"."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return []
    found = []
    objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    for verb in [*token.children, *(v for o in objects for v in o.children)]:  # the parser may hang it on "of X"
        told = _EARLIER_STAGES.get(verb.lemma_.lower())
        if told is None or verb.dep_ not in {"acl", "relcl"} or verb.tag_ not in {"VBN", "VBD"}:
            continue
        if any(c.dep_ == "dobj" and c.lower_ not in {"which", "that"} for c in verb.children):
            continue  # "Activision, which announced record sales in May": something else announced
        if told is status or any(c.dep_ in {"neg", "aux"} and c.lower_ != "have" for c in verb.children):
            continue
        found.append((verb, told))
    return found


def earlier_stages(event: RawEvent, dates: Sequence[tuple[int, PartialDate]]) -> list[RawEvent]:
    """ "Nvidia's acquisition of Run:ai, first announced in April, closed on Monday": a deal noun
    whose own participle or relative clause reports a dated earlier stage yields that stage too
    (each stage the text reports is a claim)."""
    out: list[RawEvent] = []
    for verb, status in _earlier_stage_clauses(event.trigger, event.status):
        own = {t.i for t in verb.subtree}
        dated = [d for i, d in dates if i in own]
        if not dated:
            continue  # an undated "announced" adds nothing the main claim does not say
        out.append(
            replace(
                event,
                status=status,
                explicit=True,
                date=dated[0],
                amount=None,
                background=True,
                confidence=round(event.confidence - 0.1, 2),
                notes=[*event.notes[:1], f"status:earlier-stage:{verb.lemma_.lower()}"],
            )
        )
    return out
