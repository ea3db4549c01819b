"""The status of one trigger: status cues in its clause (sentence-wide for MOU/LOI) with a
fixed precedence, standing stakes, unnamed sources, else none (the caller falls back to tense)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from kg.extract.hearsay import told_by_others
from kg.extract.lexicon import deal_word_roots, regulator_word
from kg.extract.shape_stages import shape_stages
from kg.extract.stage_cues import stage_cue, stage_of
from kg.extract.syntax import (
    aside,
    clause_scope,
    comes_after,
    definite,
    describes_agent,
    is_org,
    other_clause,
    other_conjunct,
    told_before,
)
from kg.extract.tense import (
    counterfactual,
    negated,
    not_yet,
    past_description,
    prospect,
    tense_status,
)
from kg.extract.vocab import words
from kg.records import Status

__all__ = [
    "PRECEDENCE",
    "appositive_holder",
    "before_phrase",
    "gives_up",
    "holder_pair",
    "status_for",
    "regulator_sentence",
]


#: Status precedence when several cues meet in one clause (first wins).
PRECEDENCE = (
    "terminated",
    "blocked",
    "under_review",
    "non_binding",
    "negotiating",
    "rumored",
    "future",
    "completed",
    "signed",
    "announce",
    "cleared",
)


_SENTENCE_WIDE = {"non_binding"}


def appositive_holder(trigger: Token) -> bool:
    """ "Microsoft, OpenAI's biggest backer" or "Ampere's investors, Oracle and Carlyle": a holder
    noun owned by one company and in apposition with another."""
    if trigger.pos_ != "NOUN" or trigger.lemma_.lower() not in words("holder_nouns"):
        return False
    owners = [c for c in trigger.children if c.dep_ == "poss"]
    named = any(c.dep_ == "appos" and is_org(c) for c in trigger.children)
    if any(c.lower_ in {"its", "their"} for c in owners) and named:
        return True  # "with its largest backer, Microsoft": the company "its" points back to
    if not any(is_org(c) for c in owners):
        return False
    return (trigger.dep_ == "appos" and is_org(trigger.head)) or named


def holder_pair(trigger: Token) -> set[int]:
    """Token indices of the holders and the owner an appositive holder noun names."""
    pair = {c.i for c in trigger.children if c.dep_ == "poss"}
    if trigger.dep_ == "appos":
        pair.add(trigger.head.i)
    for c in trigger.children:
        if c.dep_ == "appos":
            pair.update(t.i for t in c.subtree if t.dep_ in {"appos", "conj", "compound"} or t.i == c.i)
    return pair


def status_for(
    trigger: Token, sent: Span, cues: Sequence[Span], scope: set[int] | None = None
) -> tuple[Status | None, bool, str]:
    """(status, explicit, rule) for a trigger: ``(None, False, _)`` when the claim is negated or
    denied or no cue speaks of it, ``(None, True, _)`` for a deal in place (the caller makes it
    signed or completed); ``rule`` names what decided (``scope``: the trigger's
    ``clause_scope`` when the caller has it)."""
    if negated(trigger) and not not_yet(trigger):
        return None, False, "negated"
    if counterfactual(trigger):
        return None, False, "counterfactual"
    if prospect(trigger):
        return Status.ANNOUNCED, False, "prospect"  # pending: "the odds that Nvidia completes its purchase"
    if appositive_holder(trigger):
        # "Microsoft, OpenAI's biggest backer, is in talks to ...": a standing stake
        return None, True, "appositive-holder"
    if _named_venture(trigger):
        return None, True, "named-venture"  # "AdaniConneX, the joint venture of Adani and EdgeConneX": it exists
    if trigger.lemma_.lower() == "backing" and _described_by_participle(trigger):
        return None, True, "backing-described"  # "Rapidus, founded in 2022 with backing from Toyota": standing
    if (
        trigger.lemma_.lower() in words("holders")
        and trigger.dep_ in {"nsubj", "nsubjpass"}
        and any(c.dep_ == "poss" for c in trigger.children)
    ):
        # "Kernlogik's investors, led by A and B, will sell their stakes": the stakes they hold
        return None, True, "owner-of-holders"
    own_existing = _said_existing(trigger)
    described = past_description(trigger)
    found = _clause_stages(trigger, sent, cues, clause_scope(trigger, sent) if scope is None else scope, described)
    if own_existing:
        found["existing"] = "existing-deal-word"  # "its existing partnerships": said of the deal itself
    found = shape_stages(trigger, found)
    if (
        "existing" in found
        and not found.keys()
        & {"terminated", "blocked", "under_review", "non_binding", "negotiating", "rumored", "cleared"}
        and (own_existing or "future" not in found)
    ):
        return None, True, found["existing"]  # the caller turns an existing deal into signed/completed
    if (
        found.keys() <= {"future", "announce"}
        and (found or tense_status(trigger, None) is None or _in_use(trigger))
        and not definite(trigger)  # "sources said the investment will total $10 billion": a known deal
        and not _stage_stated(trigger)  # "agreed to invest, according to a report": the reported stage
        and described is None  # "Stonepeak, which bought Meridian in 2021, will ..., a person said"
        and (hearsay := told_by_others(trigger, sent)) is not None
    ):
        # "will supply HBM to Nvidia, two sources said": not told by the parties; a weak cue that
        # yields to any stage stated for the same deal
        return Status.RUMORED, False, hearsay
    for name in PRECEDENCE:
        if name in found:
            # a regulator's clearance ("the Commission approved the takeover") ends a review: the
            # deal was under review, not closed by it; any other stage cue of the clause wins
            status = {"future": "announced", "announce": "announced", "cleared": "under_review"}.get(name, name)
            return Status(status), True, found[name]
    return None, False, "no-cue"


def _in_use(trigger: Token) -> bool:
    """ "has been using Google's TPUs", "the TPUs, which it rents through Google Cloud": a use
    going on, which hearsay leaves unconfirmed."""
    lemma = trigger.lemma_.lower()
    return (trigger.tag_ == "VBG" and lemma in words("use_verbs")) or (
        trigger.tag_ in {"VBZ", "VBP"} and lemma in words("use_verbs") | words("rent_verbs")
    )


def _stage_stated(trigger: Token) -> bool:
    """A verb of a contract stage governs the trigger: "agreed to invest", "struck a deal"."""
    token = trigger
    for _ in range(3):
        if token.lemma_.lower() in words("stage_verbs"):
            return True
        if token.dep_ not in {"xcomp", "dobj", "pobj", "prep", "compound"} or token.head.i == token.i:
            return False
        token = token.head
    return False


def _said_existing(trigger: Token) -> bool:
    """ "its existing partnerships": said of the deal itself ("existing investors are taking
    part" describes the investors, whose new deal the verb stages)."""
    if trigger.lemma_.lower() in words("agent_nouns") and trigger.dep_ in {"nsubj", "nsubjpass"}:
        return False
    noun = trigger if trigger.dep_ != "compound" else trigger.head
    return any(
        child.dep_ in {"amod", "advmod"} and child.lower_ in words("existing")
        for holder in (trigger, noun)
        for child in holder.children
    )


def _named_venture(trigger: Token) -> bool:
    """A venture noun in apposition to a company's name, "X, the joint venture of A and B", "X,
    a jointly owned company" (but not "announced X, a joint venture": the verb's object)."""
    venture = trigger.head if trigger.dep_ == "amod" else trigger
    if venture.dep_ != "appos" or (venture.i == trigger.i and trigger.lemma_.lower() not in {"venture", "jv"}):
        return False
    return is_org(venture.head) and venture.head.dep_ not in {"dobj", "obj", "ROOT"}


def _said_elsewhere(word: Token, trigger: Token, described: Token | None) -> bool:
    """The cue word sits in another conjunct, an aside or another clause than the trigger, or
    outside the past relative clause ``described`` the trigger sits in."""
    return (
        other_conjunct(trigger, word)
        or other_conjunct(word, trigger)  # "signed a letter of intent ..., agreed to deploy"
        or aside(word, trigger)
        or other_clause(trigger, word)
        or (described is not None and not described.left_edge.i <= word.i <= described.right_edge.i)
    )


def _clause_stages(
    trigger: Token, sent: Span, cues: Sequence[Span], scope: set[int], described: Token | None = None
) -> dict[str, str]:
    """The stages the status cues in the trigger's clause (``scope``) name (MOU/LOI cues: in
    the sentence, but not beyond the past relative clause ``described`` the trigger sits in),
    each with the cue that named it first."""
    found: dict[str, str] = {}
    regulator: bool | None = None
    given_up: str | None = None
    deal_words = deal_word_roots(cues)
    # "after the two sides signed a licensing agreement": the deal noun's verb tells it apart
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    own_verb = noun.head if noun.dep_ in {"dobj", "nsubjpass"} else trigger
    for cue in cues:
        if cue.label_.startswith("regstatus:"):
            if regulator is None:
                regulator = regulator_sentence(sent)
            if not regulator:
                continue  # "look into", "sue", "challenge" speak of a review only with a regulator around
        elif not cue.label_.startswith("status:"):
            continue
        status = cue.label_.split(":", 1)[1]
        if not stage_cue(cue, status, trigger):
            continue
        if describes_agent(cue.root) or comes_after(cue.root, trigger) or told_before(own_verb, cue.root):
            continue  # "existing investors are taking part": who the investors are, not the stage
        if _of_another_deal(cue.root, trigger, deal_words):
            continue  # "will keep supplying Brenna despite the collapse of the takeover talks"
        in_scope = any(t.i in scope for t in cue) or cue.root.i in scope or _said_of_subject(cue.root, trigger)
        if not in_scope and status == "terminated" and gives_up(cue.root, trigger):
            # "looked at buying Veltrix but decided against it": the end of what began, when the
            # first verb states no stage ("held talks ... but walked away": a claim of its own)
            given_up = given_up or cue.label_.replace("status:", "cue:")
            continue
        if not in_scope and status in _SENTENCE_WIDE and _said_elsewhere(cue.root, trigger, described):
            continue  # "agreed to invest in Intel and signed a letter of intent to invest in OpenAI"
        if status in _SENTENCE_WIDE or in_scope:
            stage = stage_of(cue, status)
            label = cue.label_.replace("status:", "cue:").replace("regstatus:", "regulator-cue:")
            if stage != status and (stage == "rumored" or (stage == "future" and status == "completed")):
                label = f"{label}:as-{'rumored' if stage == 'rumored' else 'ahead'}"
            elif stage == "negotiating" and status == "rumored":
                label = f"{label}:as-talks"  # "explored a merger with Optiflux": talks held
            found.setdefault(stage, label)
    if given_up and found.keys() <= {"rumored"}:
        found = {"terminated": given_up}  # reported by sources, and given up: the report tells its end
    if found.get("blocked", "").startswith("regcue") and found.get("terminated", "").startswith("cue"):
        blocking = {c.root.i for c in cues if c.label_ == "regstatus:blocked"}
        if any(c.root.i in blocking for c in cues if c.label_ == "status:terminated"):
            del found["terminated"]  # "China's regulator rejected the takeover": a regulator's "no" blocks it
    return found


def _of_another_deal(word: Token, trigger: Token, deal_words: set[int]) -> bool:
    """A stage noun whose "of" names another deal than the trigger's ("the collapse of the
    takeover talks", "the termination of the merger"): that deal's stage, not the trigger's."""
    if word.pos_ != "NOUN":
        return False
    objects = [
        g for c in word.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
    ]
    return any(
        (g.i in deal_words or g.lemma_.lower() in words("talk_nouns")) and trigger.i not in {t.i for t in g.subtree}
        for g in objects
    )


def _described_by_participle(noun: Token) -> bool:
    """The noun's nearest verb is a participle describing something ("founded in 2022 with
    backing from Toyota"), not a clause telling a deal."""
    verb = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and verb.tag_ == "VBN" and verb.dep_ in {"acl", "advcl"}


def before_phrase(verb: Token) -> bool:
    """The verb of a "before" phrase ("..., before walking away over price"): what came next."""
    return verb.dep_ == "pcomp" and verb.head.lower_ == "before"


def gives_up(verb: Token, trigger: Token) -> bool:
    """ "HPE looked at buying Veltrix but decided against making an offer": a verb coordinated
    with one the deal hangs on (or with the deal verb itself, when it takes no thing of its own:
    "Telia bid for Kallvatten but withdrew"), with no subject of its own, ends what that one
    began; so does a "before" phrase on it ("held talks to buy Corvane, before walking away")."""
    before = before_phrase(verb)
    began = verb.head.head if before else verb.head
    return (
        (verb.dep_ == "conj" or before)
        and (any(a.i == began.i for a in trigger.ancestors) or (trigger.i == began.i and not _own_object(verb)))
        and all(_the_deal_itself(c, verb) for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"})
    )


def _own_object(verb: Token) -> bool:
    """ "was working with Broadcom but dropped its foundry plans": the ending verb takes a thing of
    its own, not the deal ("Telia bid for Kallvatten but withdrew" ends the bid)."""
    return any(c.dep_ in {"dobj", "obj"} and not _the_deal_itself(c, verb) for c in verb.children)


def _the_deal_itself(subject: Token, verb: Token) -> bool:
    """ "explored buying Perplexity, but it did not go through", "but the talks fell apart": the
    subject of the ending verb is the deal (a bare "it" of a verb with no object, or talks)."""
    if subject.lemma_.lower() in words("talk_nouns") or subject.lemma_.lower() in words("bare_deal_nouns"):
        return True
    return subject.lower_ == "it" and not any(c.dep_ in {"dobj", "obj"} for c in verb.children)


def _said_of_subject(verb: Token, trigger: Token) -> bool:
    """ "The acquisition received approval in December and closed in February": a verb
    coordinated with the one the deal noun is the subject of, with no subject of its own."""
    return (
        trigger.dep_ in {"nsubj", "nsubjpass"}
        and verb.dep_ == "conj"
        and verb.head.i == trigger.head.i
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    )


def regulator_sentence(sent: Span) -> bool:
    """A regulator word ("watchdog", "FTC") is in the sentence."""
    return any(regulator_word(t) for t in sent)
