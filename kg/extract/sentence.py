"""The events of one sentence: triggers, their parties, status, date, amount, background and
confidence, merged per sentence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.amounts import amount_for, event_date, sentence_dates, stage_verbs
from kg.extract.discourse import (
    Context,
    additive,
    has_reference,
    joining,
    named_companies,
    own_deal_referred,
    terms_told,
    told_terms_stage,
)
from kg.extract.hearsay import reporter
from kg.extract.kinds import cloud_deal
from kg.extract.lexicon import Lexicon, deal_word_roots
from kg.extract.linking import (
    between_pairs,
    clause_party,
    link_parties,
    possessive_owner,
    possessor_before,
    round_backers,
    with_round_backers,
)
from kg.extract.parties import Mention
from kg.extract.party_filters import unnamed_counterpart
from kg.extract.raised import raised_objects
from kg.extract.raw import RawEvent, Trigger
from kg.extract.reconcile import merge_sentence
from kg.extract.restaged import RESTAGED, later_stage, reviewed_before, stages_of_it
from kg.extract.review import REVIEW_LABEL, other_reviewers
from kg.extract.roles import DIRECTED, paired_roles, role_for, symmetric
from kg.extract.rounds import also_invested, backers_of_one, backers_only, holders_of_nothing, round_parties
from kg.extract.side_by_side import co_actors, co_directed, partners_of_one
from kg.extract.splits import joint_subjects, split_coordinated
from kg.extract.stage import Stage, dated_stage, earlier_stages, own_dates, trigger_stage
from kg.extract.status import appositive_holder, holder_pair, regulator_sentence
from kg.extract.syntax import ancestors_of, clause_scope, conj_group, definite, describes_agent, mention_root
from kg.extract.tense import simple_past
from kg.extract.together import together
from kg.extract.trades import BY_SECTOR, roles_by_sector
from kg.extract.triggers import find_triggers
from kg.extract.units import bought_units
from kg.extract.ventures import venture_founders, without_the_venture
from kg.extract.vocab import words
from kg.records import Kind, PartialDate, Party, Role, Status

__all__ = ["sentence_events"]


_MAX_PARTIES = 4
#: A venture may have more founders ("formed by BlackRock, GIP, Microsoft and MGX").
_MAX_VENTURE_PARTIES = 6


@dataclass(frozen=True)
class _Sentence:
    """One sentence and what the steps read from it."""

    doc: Doc
    sent: Span
    order: int
    cues: Sequence[Span]
    ents: Sequence[Span]
    dates: list[tuple[int, PartialDate]]
    deal_tokens: set[int]
    named: frozenset[str] = frozenset()  # the companies the sentence names


def sentence_events(
    sent: Span, order: int, ctx: Context, lex: Lexicon, cues: list[Span], mentions: list[Mention], ents: list[Span]
) -> list[RawEvent]:
    """The events ``sent`` states (``mentions``: its companies, anaphors resolved; ``ctx``: the events before)."""
    if len(sent) <= 12 and _heading(sent):
        return []  # a heading restates the story; its sentence says it with context
    triggers = find_triggers(sent, cues, lex, ents)
    if not triggers:
        return []
    here = _Sentence(
        doc=sent.doc,
        sent=sent,
        order=order,
        cues=cues,
        ents=ents,
        dates=sentence_dates(sent, ctx.published, ents),
        deal_tokens=deal_word_roots(cues),
        named=named_companies(mentions, sent.doc),
    )
    out: list[RawEvent] = []
    mentions = bought_units(triggers, [m for m in mentions if not reporter(mention_root(sent.doc, m))], sent.doc)
    groups = _groups(triggers, mentions, sent.doc)
    shared = Counter(id(trig) for trig, _ in groups)
    for trig, linked in groups:
        event = _event(trig, linked, here, ctx, lex)
        if event is None or event.borrowed:  # "..., but the deal collapsed in 2023": the deal just told
            event = later_stage(trig, {m.name for m in linked}, out, cues, here.dates, ctx.published) or event
        if event is None:
            continue
        for one in _per_investor(event, linked, here.doc):
            if trig.kind is Kind.INVESTMENT and (shared[id(trig)] > 1 or one is not event):
                one.amount = None  # a round's total is no single co-investor's stake
            out.append(one)
            out.extend(earlier_stages(one, here.dates))
    out.extend(stages_of_it(out, cues, here.dates, ctx.published))  # "after the FTC sued to block it"
    out.extend(reviewed_before(out, cues, here.dates, ctx.published))  # "closed after a review by the CMA"
    return merge_sentence(own_deal_referred(out), cues, ctx)


def _holders_noun(token: Token) -> bool:
    """ "was among the investors in Figure AI": holders a company is among, not a deal told before."""
    among = token.dep_ == "pobj" and token.head.lower_ == "among"
    return among and token.tag_ == "NNS" and token.lemma_.lower() in words("holders")


def _heading(sent: Span) -> bool:
    """A short line that ends without a sentence's closing mark: a heading."""
    text = sent.text.strip()
    return bool(text) and text[-1] not in ".!?\"”’'"


def _per_investor(event: RawEvent, linked: list[Mention], doc: Doc) -> list[RawEvent]:
    """A round's investors each hold a stake of their own ("General Catalyst led the round, which
    also included Nvidia and Samsung"), unless they are the subject investing together."""
    investors = [p for p in event.parties if p.role is Role.INVESTOR]
    investees = [p for p in event.parties if p.role is Role.INVESTEE]
    if event.kind is not Kind.INVESTMENT or len(investors) < 2 or len(investees) != 1:
        return [event]
    mentions = [m for m in linked if m.name in {p.name for p in investors}]
    raised = event.trigger.lemma_.lower() in words("raise_verbs")  # its backers each hold a stake
    joining = "kind:participation" in event.notes or also_invested(event.trigger)  # "also invested": the round's
    if mentions and joint_subjects(mentions, doc) and not joining and not raised:
        return [event]
    return [replace(event, parties=(p, investees[0]), notes=list(event.notes)) for p in investors]


def _groups(triggers: list[Trigger], mentions: list[Mention], doc: Doc) -> list[tuple[Trigger, list[Mention]]]:
    """Each trigger with the mentions linked to it (several groups for paired or split deals)."""
    groups: list[tuple[Trigger, list[Mention]]] = []
    others = {t.token.i for t in triggers}
    for trig in triggers:
        pairs = between_pairs(trig.token, mentions, doc)
        if pairs:
            groups.extend((trig, pair) for pair in pairs)
        else:
            linked = _linked(trig, mentions, doc, others)
            if len({m.name for m in linked}) >= 2 and co_actors(trig.token, linked, doc) and additive(trig.token):
                # "Nvidia and Qualcomm also secured agreements": each joins the deals told before
                groups.extend((trig, [m]) for m in linked)
                continue
            groups.extend((trig, part) for part in split_coordinated(trig, linked, doc))
    return raised_objects(groups)


def _linked(trig: Trigger, mentions: list[Mention], doc: Doc, others: set[int]) -> list[Mention]:
    """The mentions linked to a trigger, with possessive owners added and holders of their own
    stakes or an appositive holder's pair kept apart."""
    linked = link_parties(trig.token, mentions, doc, others)
    linked = with_round_backers(trig.token, linked, mentions, doc)
    if trig.kind is Kind.JOINT_VENTURE:
        linked = venture_founders(trig.token, mentions, doc) or without_the_venture(trig.token, linked, doc)
    owner = possessive_owner(trig.token, mentions, doc) or possessor_before(trig.token, mentions, doc)
    if owner is not None and owner.name not in {m.name for m in linked}:
        linked = [owner, *linked]
    if (
        trig.kind is Kind.INVESTMENT
        and any(c.dep_ == "poss" and c.lower_ == "their" for c in trig.token.children)
        and len(linked) >= 2
        and len({min(conj_group(mention_root(doc, m))) for m in linked}) == 1
    ):
        linked = []  # "Oracle and Carlyle will sell their stakes": each its own, not in each other
    if appositive_holder(trig.token):  # the company described and the owner named: no one else
        pair = holder_pair(trig.token)
        linked = [m for m in linked if mention_root(doc, m).i in pair]
    return linked


def _event(trig: Trigger, linked: list[Mention], here: _Sentence, ctx: Context, lex: Lexicon) -> RawEvent | None:
    """The event one trigger and its linked mentions state, or None when they state none."""
    token = trig.token
    if definite(token) and not any(c.dep_ == "poss" for c in token.children) and not _holders_noun(token):
        # "sued to stop the takeover, arguing it would leave Cisco ...": the deal told; Cisco is no party of it
        own = {t.i for t in token.subtree}
        if not any(mention_root(here.doc, m).i in own for m in linked):
            backers = round_backers(token, linked, here.doc)  # "the round was led by A, with participation from B"
            linked = [m for m in linked if m in backers or clause_party(token, mention_root(here.doc, m))]
    if unnamed_counterpart(token, {mention_root(here.doc, m).i for m in linked}):
        return None  # "talks with other potential buyers": no named counterparty
    found = _parties(trig, linked, here, ctx, lex)
    if found is None or (
        len(found[0]) > (_MAX_VENTURE_PARTIES if trig.kind is Kind.JOINT_VENTURE else _MAX_PARTIES)
        and not backers_of_one(found[0])
        and not partners_of_one(trig, linked, here.doc)
    ):
        return None
    parties, borrowed = found
    if holders_of_nothing(trig, parties, linked, here.doc) or backers_only(trig, linked, here.doc):
        return None
    scope = clause_scope(token, here.sent)
    stage = trigger_stage(trig, here.sent, here.cues, scope)
    if stage is None or _repeats(stage, trig, parties, borrowed, ctx):
        return None
    terms = stage.status is Status.ANNOUNCED and trig.kind is not Kind.INVESTMENT  # money to come stays announced
    if terms and (told := told_terms_stage(token, frozenset(p.name for p in parties), ctx)):
        stage = Stage(told, True, f"terms-of-told:{told.value}")  # "Under the agreement, IBM will license ..."
    dates = own_dates(token, stage.status, here.dates)
    anchors = stage_verbs(here.cues, stage.rule, stage.status)
    date = event_date(token, stage.status, dates, scope, ctx.published, trig.label == "epithet", anchors)
    stage = dated_stage(stage, trig.kind, date, ctx.published)
    # "Microsoft-backed OpenAI said it would buy Windsurf for $3 billion": an epithet states no sum
    priced = trig.kind not in {Kind.PARTNERSHIP, Kind.MOU} and trig.label != "epithet"
    return RawEvent(
        kind=trig.kind or cloud_deal(token, linked, here.doc, here.cues),
        status=stage.status,
        explicit=stage.explicit,
        parties=tuple(parties),
        sent=here.sent,
        trigger=token,
        date=date,
        amount=amount_for(token, here.sent, here.ents) if priced else None,
        confidence=_confidence(trig, linked, parties, stage.explicit, borrowed),
        background=_background(trig, here, scope, date, ctx),
        borrowed=borrowed,
        order=here.order,
        notes=[f"kind:{trig.rule or trig.label}", f"status:{stage.rule}"],
    )


def _parties(
    trig: Trigger, linked: list[Mention], here: _Sentence, ctx: Context, lex: Lexicon
) -> tuple[list[Party], bool] | None:
    """(parties, borrowed): the linked companies with their roles, or with fewer than two, the
    parties of the deal a reference points back to; None when there are none."""
    token = trig.token
    names = {m.name for m in linked}
    in_round = round_parties(trig, linked, here.doc, ctx)
    if in_round is not None:
        return (in_round, False) if in_round else None
    if len(names) >= 2 and (co_actors(token, linked, here.doc) or co_directed(trig, linked, here.doc)):
        return None
    if len(names) >= 2:
        roots = {m.name: mention_root(here.doc, m) for m in linked}
        kind_for_roles = trig.kind if trig.kind in DIRECTED else None
        parties = [
            Party(name, role_for(kind_for_roles, token, roots[name]) if kind_for_roles else None)
            for name in dict.fromkeys(m.name for m in linked)
        ]
        if trig.kind in BY_SECTOR and any(symmetric(token, r) for r in roots.values()):
            # unsaid by the trades: a supply deal's roles are unknown, a licence keeps the words'
            unknown = [Party(p.name, None) for p in parties] if trig.kind is Kind.SUPPLY else parties
            parties = roles_by_sector(trig.kind, parties, linked) or unknown
        return paired_roles(trig.kind, parties, linked), False
    joined = joining(trig.kind, token, linked[0], here.doc, ctx) if len(names) == 1 else None
    if joined is not None:  # "SoftBank made an investment too": joins the deal told before
        return joined, False
    reviewed = regulator_sentence(here.sent)  # regulators look at the main deal, one still on
    previous = (
        ctx.last_parties()  # "... a stake in Oshiro. That deal is awaiting approval": the deal just told
        if any(c.dep_ == "det" and c.lower_ in {"that", "this"} for c in token.children) and ctx.events
        else ctx.two_parties(here.named)
        if any(c.label_ == "ref:parties" for c in here.cues) or (trig.kind is None and definite(token) and reviewed)
        # "The agreement also allows OpenAI to use its content": the deal of that kind told before
        else (ctx.parties_of_kind(trig.kind, reviewed) if definite(token) or _names_a_deal(here) else None)
        or ctx.last_parties()
    )  # "the watchdog said it would look into the agreement"
    if token.lemma_.lower() in words("agent_nouns"):
        return None
    if trig.label == REVIEW_LABEL:  # a regulator reviews the article's deal
        main = ctx.main_parties()
        return (list(main), True) if main and names <= {p.name for p in main} else None
    # "sold a stake to a consortium led by Vauban": a company the deal told lacks, a deal of its own
    named = names if definite(token) else here.named
    if previous and has_reference(here.sent, here.cues, token, lex) and named <= {p.name for p in previous}:
        if not _person_acts(token):  # "since activist investor Crane Street took a 7% stake": not the deal told
            return list(previous), True
    return None


def _person_acts(trigger: Token) -> bool:
    """The subject of the trigger's own verb is a person the model names."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.ent_type_ == "PERSON" for c in verb.children)


def _repeats(stage: Stage, trig: Trigger, parties: list[Party], borrowed: bool, ctx: Context) -> bool:
    """True when the claim only refers to a deal already told (no new stage stated); "the two
    companies also announced a partnership" tells a new deal of a kind not told of them yet."""
    names = frozenset(p.name for p in parties)
    if terms_told(trig.kind, trig.token, names, ctx):
        # "Under a definitive agreement, X will ...": the terms at a later stage than told are that stage
        stages = {e.status for e in ctx.events if e.names == names}
        return not (stage.explicit and stage.status in _LATER_STAGES and _LATER_STAGES.isdisjoint(stages))
    if (
        borrowed
        and trig.kind is not None
        and not definite(trig.token)
        and (_another_deal(trig.token) or together(trig.token))  # "The two companies will jointly develop"
    ):
        if all(e.kind is not trig.kind for e in ctx.events if e.names == names):
            return False
    if borrowed:  # the last deal told, not a later stage read off it ("..., after the FTC sued to block it")
        told = [e for e in ctx.events if not any(n.startswith(RESTAGED) for n in e.notes)]  # another regulator: new
        previous_status = told[-1].status if told and not other_reviewers(told[-1].sent, trig.token.sent) else None
        if (
            previous_status in _LATER_STAGES
            and definite(trig.token)
            and trig.token.lemma_.lower() in words("talk_nouns")
        ):
            return True  # "signed a contract ..., a person close to the negotiations said": the talks behind it
        if stage.explicit and stage.status is Status.ANNOUNCED and previous_status in _LATER_STAGES:
            # "Nvidia announced the deal in April": the earlier stage of a deal told as done
            # "announced the deal", "the deal was announced", "the deal, first announced in October"
            verb = trig.token.head.head if trig.token.dep_ == "pobj" else trig.token.head  # "agreed to the deal"
            return not (simple_past(verb) or _dated_participle(trig.token))
        return stage.status is previous_status or not stage.explicit or stage.status is Status.ANNOUNCED
    if definite(trig.token) and trig.kind is None and stage.status is Status.ANNOUNCED:
        # "following the announcement of the contract with Microsoft": the deal told before
        return not stage.explicit or any(e.names == names for e in ctx.events)
    return definite(trig.token) and not stage.explicit and trig.kind is None


def _dated_participle(noun: Token) -> bool:
    """A participle on the deal noun with a date of its own ("the deal, first announced in October")."""
    return any(
        c.dep_ == "acl" and c.tag_ == "VBN" and any(t.ent_type_ == "DATE" for t in c.subtree) for c in noun.children
    )


_LATER_STAGES = {Status.SIGNED, Status.COMPLETED, Status.UNDER_REVIEW, Status.BLOCKED, Status.TERMINATED}


def _names_a_deal(here: _Sentence) -> bool:
    return any(c.label_ == "ref:deal" for c in here.cues)


def _another_deal(token: Token) -> bool:
    """ "also announced a partnership", "a separate supply deal": a deal besides the one told."""
    marked = {c.lower_ for a in ancestors_of(token)[:3] for c in a.children if c.dep_ in {"advmod", "amod"}}
    return bool(marked & (words("additive_adverbs") | words("another_deal_words")))


def _background(trig: Trigger, here: _Sentence, scope: set[int], date: PartialDate | None, ctx: Context) -> bool:
    """The event is told in passing: an epithet, a side clause, words of the past, or an old date."""
    lemmas = {here.doc[i].lower_ for i in scope if not describes_agent(here.doc[i])}  # not "existing investors"
    return (
        trig.label == "epithet"
        or _in_side_clause(trig.token, here.deal_tokens)
        or bool(lemmas & words("background_words"))
        or (date is not None and ctx.published is not None and (ctx.published - date.latest()).days > 45)
    )


def _confidence(trig: Trigger, linked: list[Mention], parties: list[Party], explicit: bool, borrowed: bool) -> float:
    """A score from the kind, known parties, an explicit status, a pair and borrowing."""
    known = sum(1 for m in linked if m.known)
    confidence = 0.45
    confidence += 0.2 if trig.kind is not None else 0.0
    confidence += 0.15 if known >= 2 else (0.05 if known == 1 else 0.0)
    confidence += 0.1 if explicit else 0.0
    confidence += 0.05 if len(parties) == 2 else 0.0
    confidence -= 0.2 if borrowed else 0.0
    return round(max(0.05, min(0.98, confidence)), 2)


def _in_side_clause(trigger: Token, cue_tokens: set[int] | None = None) -> bool:
    """A trigger inside a relative clause or apposition states a fact in passing, unless the
    clause describes a deal word ("an agreement that reshapes their partnership")."""
    for anc in ancestors_of(trigger)[:6]:
        if anc.dep_ in {"relcl", "appos"}:
            if (
                anc.dep_ == "relcl"
                and anc.head.dep_ == "ROOT"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in anc.children)
            ):
                return False  # a headline's "AMD to acquire ZT Systems" is the news itself
            return not (cue_tokens and anc.head.i in cue_tokens)
    return False
