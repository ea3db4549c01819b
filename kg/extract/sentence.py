"""The events of one sentence: triggers, their parties, status, date, amount, background and
confidence, merged per sentence."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.amounts import amount_for, sentence_dates
from kg.extract.discourse import Context, has_reference, with_anaphors
from kg.extract.lexicon import Lexicon
from kg.extract.linking import (
    between_pairs,
    clause_party,
    link_parties,
    possessive_owner,
    possessor_before,
    split_coordinated,
    without_the_venture,
)
from kg.extract.parties import Mention, sentence_mentions
from kg.extract.raw import RawEvent, Trigger
from kg.extract.reconcile import merge_sentence
from kg.extract.roles import DIRECTED, role_for
from kg.extract.status import appositive_holder, holder_pair, regulator_sentence, status_for
from kg.extract.syntax import ancestors_of, clause_scope, conj_group, definite, mention_root
from kg.extract.tense import counterfactual, negated, tense_status
from kg.extract.triggers import find_triggers, sentence_cues
from kg.extract.vocab import words
from kg.records import Kind, Party, Status
from kg.resolve.gazetteer import Gazetteer

__all__ = ["sentence_events"]


_MAX_PARTIES = 4


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


def sentence_events(
    doc: Doc,
    sent: Span,
    order: int,
    ctx: Context,
    gazetteer: Gazetteer,
    lex: Lexicon,
    cues: list[Span] | None = None,
    mentions: list[Mention] | None = None,
    ents: list[Span] | None = None,
) -> list[RawEvent]:
    text = sent.text.strip()
    if len(sent) <= 12 and text and text[-1] not in ".!?\"”’'":
        return []  # a heading restates the story; its sentence says it with context
    cues = sentence_cues(doc, sent) if cues is None else cues
    triggers = find_triggers(sent, cues, lex, ents)
    if not triggers:
        return []
    if mentions is None:  # callers that pass mentions have added the anaphors already
        mentions = with_anaphors(sent, sentence_mentions(sent, gazetteer, lex), ctx, lex, doc)
    dates = sentence_dates(sent, ctx.published, ents)
    deal_tokens = {c.root.i for c in cues if c.label_ == "generic" or c.label_.startswith("kind:")}
    out: list[RawEvent] = []
    groups: list[tuple[Trigger, list[Mention]]] = []
    for trig in triggers:
        pairs = between_pairs(trig.token, mentions, doc)
        if pairs:
            groups.extend((trig, pair) for pair in pairs)
        else:
            linked = link_parties(trig.token, mentions, doc, {t.token.i for t in triggers})
            if trig.kind is Kind.JOINT_VENTURE:
                linked = without_the_venture(trig.token, linked, doc)
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
            groups.extend((trig, part) for part in split_coordinated(trig, linked, doc))
    for trig, linked in groups:
        token = trig.token
        if definite(token) and not any(c.dep_ == "poss" for c in token.children):
            # "sued to stop the takeover, arguing it would leave Cisco ...": a definite deal noun
            # names the deal already told; companies in another clause are not its parties
            own = {t.i for t in token.subtree}
            if not any(mention_root(doc, m).i in own for m in linked):
                linked = [m for m in linked if clause_party(token, mention_root(doc, m))]
        names = {m.name for m in linked}
        borrowed = False
        if len(names) < 2:
            previous = (
                ctx.main_parties()
                if any(c.label_ == "ref:parties" for c in cues)
                or (trig.kind is None and definite(token) and regulator_sentence(sent))
                else (ctx.parties_of_kind(trig.kind) if definite(token) else None) or ctx.last_parties()
            )  # "the watchdog said it would look into the agreement": regulators look at the main deal
            if token.lemma_.lower() in words("agent_nouns"):
                continue
            if previous and has_reference(sent, cues, token, lex) and names <= {p.name for p in previous}:
                parties_list = list(previous)
                borrowed = True
            else:
                continue
        else:
            roots = {m.name: mention_root(doc, m) for m in linked}
            kind_for_roles = trig.kind if trig.kind in DIRECTED else None
            parties_list = [
                Party(name, role_for(kind_for_roles, token, roots[name]) if kind_for_roles else None)
                for name in dict.fromkeys(m.name for m in linked)
            ]
        if len(parties_list) > _MAX_PARTIES:
            continue
        status, explicit = status_for(token, sent, cues)
        if status is None and explicit:
            status = (
                Status.COMPLETED if trig.kind in {Kind.INVESTMENT, Kind.ACQUISITION, Kind.MERGER} else Status.SIGNED
            )
        if status is None and (negated(token) or counterfactual(token)):
            continue
        if trig.label == "epithet":
            status, explicit = Status.COMPLETED, True
        if status is None:
            tense = tense_status(token, trig.kind)
            status = tense or Status.ANNOUNCED
        if borrowed:
            previous_status = ctx.events[-1].status if ctx.events else None
            if status is previous_status or not explicit or status is Status.ANNOUNCED:
                continue  # a reference to the deal already extracted, not a new stage
        if not borrowed and definite(token) and not explicit and trig.kind is None:
            continue
        date = None
        usable = dates
        scope = clause_scope(token, sent)
        if status in {Status.ANNOUNCED, Status.NEGOTIATING, Status.RUMORED} and ctx.published is not None:
            # "working together since 2019, now will invest": an old date is not when a plan was made
            # ... unless the trigger's own clause dates it ("agreed in January 2024 to buy Ansys")
            usable = [
                d
                for d in dates
                if (ctx.published - d[1].latest()).days <= 365 or d[0] in scope or sent.doc[d[0]].head.i in scope
            ]
        if trig.label == "epithet":
            usable = []  # "OpenAI, which is backed by Microsoft, was valued last week": a standing stake has no date here
        if usable:
            # the date of the trigger's own clause first ("..., announced in May 2022, was completed
            # in November 2023" dates the completion), then the nearest
            date = min(
                usable,
                key=lambda d: (d[0] not in scope and sent.doc[d[0]].head.i not in scope, abs(d[0] - token.i)),
            )[1]
        lemmas = {sent.doc[i].lower_ for i in scope}
        background = (
            trig.label == "epithet"
            or _in_side_clause(token, deal_tokens)
            or bool(lemmas & words("background_words"))
            or (date is not None and ctx.published is not None and (ctx.published - date.latest()).days > 45)
        )
        known = sum(1 for m in linked if m.known)
        confidence = 0.45
        confidence += 0.2 if trig.kind is not None else 0.0
        confidence += 0.15 if known >= 2 else (0.05 if known == 1 else 0.0)
        confidence += 0.1 if explicit else 0.0
        confidence += 0.05 if len(parties_list) == 2 else 0.0
        confidence -= 0.2 if borrowed else 0.0
        # "Microsoft-backed OpenAI said it would buy Windsurf for $3 billion": an epithet states no sum
        amount = (
            amount_for(token, sent, ents)
            if trig.kind not in {Kind.PARTNERSHIP, Kind.MOU} and trig.label != "epithet"
            else None
        )
        out.append(
            RawEvent(
                kind=trig.kind,
                status=status,
                explicit=explicit,
                parties=tuple(parties_list),
                sent=sent,
                trigger=token,
                date=date,
                amount=amount,
                confidence=round(max(0.05, min(0.98, confidence)), 2),
                background=background,
                borrowed=borrowed,
                order=order,
            )
        )
    return merge_sentence(out, cues, ctx)
