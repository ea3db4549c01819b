"""Article context across sentences: the events so far, the company the last sentences were
about, and references ("the deal", "the companies") pointing back; the anaphors ("it", "the
company") it resolves are in ``kg.extract.anaphors``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon
from kg.extract.parties import Mention
from kg.extract.raw import RawEvent
from kg.extract.roles import DIRECTED, complement, role_for
from kg.extract.stage_cues import terms_of_a_deal
from kg.extract.syntax import is_org, mention_root, phrase_top
from kg.extract.tense import governing_verb
from kg.extract.vocab import words
from kg.records import Kind, Party, Status

__all__ = [
    "SUBJECT_DEPS",
    "Context",
    "additive",
    "has_reference",
    "joining",
    "named_companies",
    "own_deal_referred",
    "owned",
    "terms_told",
    "update_subject",
]


@dataclass
class Context:
    """What the sentences before the current one told: their events and the company they were about."""

    published: dt.date | None
    events: list[RawEvent] = field(default_factory=list)
    main: frozenset[str] | None = None
    subject: str | None = None  # the company the last sentences were about ("it", "the company")
    subject_age: int = 0
    raiser: str | None = None  # the company whose funding round the article tells ("the round")
    pair: tuple[str, ...] = ()  # companies the last sentences had as joint subject ("the two companies")
    pair_age: int = 0
    named: dict[str, str | None] = field(default_factory=dict)  # companies told of, latest last: sector
    described: dict[str, str] = field(default_factory=dict)  # company noun -> the latest company it described
    placed: dict[str, str] = field(default_factory=dict)  # place (country code) -> the latest company from there
    listed: set[str] = field(default_factory=set)  # companies told of that have a stock ticker
    last_named: tuple[str, ...] = ()  # the companies the sentence before named

    def main_parties(self) -> tuple[Party, ...] | None:
        for event in self.events:
            if not event.borrowed and not event.background:
                return event.parties
        return self.last_parties()

    def pair_parties(self) -> tuple[Party, ...] | None:
        """The joint subject of the last sentences, for "the two companies" before any deal."""
        return tuple(Party(n, None) for n in self.pair) if self.pair and self.pair_age <= 2 else None

    def two_parties(self, named: frozenset[str] = frozenset()) -> tuple[Party, ...] | None:
        """ "the two companies": the two the sentence before had as subject and object (or as
        joint subject), else the main deal's parties, else the pair of the last sentences, else
        the two the sentence itself names (``named``: "UMG dropped its lawsuit against
        Tunewright after the two sides signed a licensing agreement")."""
        if self.pair and self.pair_age == 0:
            return tuple(Party(n, None) for n in self.pair)
        own = tuple(Party(n, None) for n in sorted(named)) if len(named) == 2 else None
        return self.main_parties() or self.pair_parties() or own

    def parties_of_kind(self, kind: Kind | None, live: bool = False) -> tuple[Party, ...] | None:
        """The parties of the latest event of ``kind`` ("the takeover" → the last acquisition);
        with ``live``, of the latest not told as given up in the past (a regulator opens no
        inquiry into a deal called off long ago: "... walked away from its agreement to buy Figma
        in 2023. The CMA opened an inquiry into the acquisition" is the deal still on)."""
        if kind is None:
            return None
        for event in reversed(self.events):
            if event.kind is kind and not (live and event.status is Status.TERMINATED and event.background):
                return event.parties
        return None

    def last_parties(self) -> tuple[Party, ...] | None:
        return self.events[-1].parties if self.events else None

    def kind_for(self, names: frozenset[str], deal: Token | None = None) -> Kind | None:
        """The kind of the latest deal told of these parties; for a deal word that likens itself
        to one told before ("signed similar deals with CoreWeave"), of the latest news deal."""
        likened = deal is not None and _likened(deal)
        # "Hartwell signed a licensing deal with Anthropic ... it is also in talks with OpenAI":
        # talks of no kind that a party of the news deal "also" holds are about another such deal
        another = deal is not None and deal.lemma_.lower() in words("talk_nouns") and additive(deal)
        for event in reversed(self.events):
            if event.kind is None:
                continue
            if event.names == names or (likened and not event.background):
                return event.kind
            if another and not event.background and _share_a_party(event.names, names):
                return event.kind
        return None


def _likened(deal: Token) -> bool:
    """A deal word likened to one told before ("similar deals"), or talks about one ("held
    talks with Basalt about a similar arrangement")."""
    talks = deal.lemma_.lower() in words("talk_nouns")
    if (talks or deal.lemma_.lower() in words("bare_deal_nouns")) and any(
        c.dep_ == "amod" and c.lemma_.lower() in words("likening_words") for c in deal.children
    ):
        return True  # "separate talks with Perplexity", "its first such agreement"
    if talks:
        holders = [deal, deal.head] if deal.dep_ in {"dobj", "obj"} else [deal]  # "held talks ... about": the verb's
        about = [g for h in holders for c in h.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return any(_likened(g) for g in about)
    return False


def _same_company(x: str, y: str) -> bool:
    """One name, or a name and its short form ("Hartwell" and "Hartwell Media")."""
    return x == y or x.startswith(y + " ") or y.startswith(x + " ")


def _share_a_party(a: frozenset[str], b: frozenset[str]) -> bool:
    """A company in both."""
    return any(_same_company(x, y) for x in a for y in b)


def joining(kind: Kind | None, trigger: Token, mention: Mention, doc: Doc, ctx: Context) -> list[Party] | None:
    """ "Nvidia invested $5 billion in Intel. SoftBank made a $2 billion investment too.": one
    company with "also"/"too" on the deal joins the deal told before (the latest of its kind): its
    counterparty is the side of that deal the company does not take (by role, else the side
    other than the company the last sentences were about). None when nothing is joined."""
    if not additive(trigger):
        return None
    role = role_for(kind, trigger, mention_root(doc, mention)) if kind in DIRECTED else None
    party = Party(mention.name, role)
    before = next((e for e in reversed(ctx.events) if kind is None or e.kind is kind), None)
    if before is None or party.name in before.names or len(before.parties) != 2:
        return None
    other = None
    if party.role is not None and before.kind is not None:
        wanted = complement(before.kind, party.role)
        other = next((p for p in before.parties if wanted is not None and p.role is wanted), None)
    if other is None and ctx.subject in before.names:  # roles unknown: the side the story is not about
        name = next(p.name for p in before.parties if p.name != ctx.subject)
        role = complement(before.kind, party.role) if before.kind in DIRECTED and party.role else None
        other = Party(name, role)
    return [party, other] if other is not None else None


def additive(trigger: Token) -> bool:
    """ "also"/"too" on the trigger's verb (or a verb above it: "has also agreed to invest")."""
    verb = trigger
    while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ in {"pobj", "prep", "dobj", "attr"} and verb.head.i != verb.i:
        verb = verb.head  # "is also in talks with": the verb above the deal noun's phrase
    verbs = [verb if verb.pos_ in {"VERB", "AUX"} else trigger.head]
    while verbs[-1].dep_ == "xcomp" and len(verbs) < 3:
        verbs.append(verbs[-1].head)
    return any(c.dep_ == "advmod" and c.lower_ in words("additive_adverbs") for v in verbs for c in v.children)


def has_reference(sent: Span, cues: Sequence[Span], trigger: Token, lex: Lexicon) -> bool:
    """The sentence points back to a deal or its parties ("the deal", "the companies", "the startup")."""
    if any(c.label_.startswith("ref:") for c in cues):
        return True
    if any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in trigger.children):
        return True
    agents = words("agent_nouns")
    for t in sent:
        if t.lemma_.lower() in lex.one_party_heads and t.pos_ == "NOUN" and not t.ent_type_:
            # "its partner" points back to a deal, "its French fibre unit" to a part of a company
            owners = {"the", "this", "its", "their"} if t.lemma_.lower() in agents else {"the", "this"}
            if any(c.dep_ in {"det", "poss"} and c.lower_ in owners for c in t.children):
                return True
    return False


def own_deal_referred(events: list[RawEvent]) -> list[RawEvent]:
    """ "Orange is in talks with Nokia ..., who asked not to be named because the discussions are
    private": a deal word that borrows an earlier sentence's parties after the sentence told a
    deal of its own refers to that deal, which is already a claim."""
    own = [e.trigger.i for e in events if not e.borrowed and len(e.names) >= 2]
    return [e for e in events if not (e.borrowed and own and e.trigger.i > min(own))]


def named_companies(mentions: list[Mention], doc: Doc) -> frozenset[str]:
    """The companies a sentence names, without a name another company owns ("Oracle's Gen2
    Cloud" is a part of Oracle)."""
    return frozenset(
        m.name
        for m in mentions
        if m.known or not any(c.dep_ == "poss" and c.ent_type_ == "ORG" for c in mention_root(doc, m).children)
    )


def terms_told(kind: Kind | None, trigger: Token, names: frozenset[str], ctx: Context) -> bool:
    """ "Orange signed a deal with Mistral ... Under the deal, Orange will host Mistral's models":
    a clause framed by the deal told before states its terms; of the same kind and parties, it
    is that deal, at the stage told. Working together is the terms of an MOU told of the same
    parties ("Under the non-binding agreement, the two companies will explore ways to work
    together")."""
    # "Under the agreement, the two companies will explore ways to work together": the frame of the governing clause
    if kind is None or not _framed_by_a_deal(trigger):
        return False
    return any(
        (e.kind is kind or (kind, e.kind) == (Kind.PARTNERSHIP, Kind.MOU)) and e.names == names for e in ctx.events
    )


def told_terms_stage(trigger: Token, names: frozenset[str], ctx: Context) -> Status | None:
    """ "Rapidus has signed a partnership with IBM ... Under the agreement, IBM will license its
    technology to Rapidus": terms of the deal just told, between the same companies, share its
    stage whatever their kind (an MOU's terms are non-binding, a signed or closed deal's signed);
    None when no told deal frames the clause."""
    told = next((e.status for e in reversed(ctx.events) if e.names == names), None)
    return _TERMS_STAGES[told] if told in _TERMS_STAGES and _framed_by_a_deal(trigger) else None


def _framed_by_a_deal(trigger: Token) -> bool:
    """The trigger's governing clause, or one above it, is framed by a deal ("Under the
    agreement, ...", "As part of the deal, ...": ``stage_cues.terms_of_a_deal``)."""
    verb = governing_verb(trigger)
    return verb is not None and any(terms_of_a_deal(v) for v in [verb, *verb.ancestors] if v.pos_ in {"VERB", "AUX"})


#: The stage terms take from the deal told before them.
_TERMS_STAGES = {Status.NON_BINDING: Status.NON_BINDING, Status.SIGNED: Status.SIGNED, Status.COMPLETED: Status.SIGNED}


#: The dependencies of a clause's subject.
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def owned(root: Token) -> Token | None:
    """What a company owns in the sentence: "IREN's shares", "shares of IREN"."""
    if root.dep_ == "poss":
        return root.head
    return root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None


def update_subject(sent: Span, ctx: Context, doc: Doc, mentions: list[Mention]) -> None:
    """Remember the company the sentence is about (its subject), for "it" in the next ones."""
    ctx.subject_age += 1
    ctx.pair_age += 1
    ctx.last_named = tuple(dict.fromkeys(m.name for m in mentions))
    for m in mentions:  # latest last, each with the sector the gazetteer gave any of its mentions
        known = ctx.named.pop(m.name, None)
        ctx.named[m.name] = m.sector or known
        if m.listed:
            ctx.listed.add(m.name)
    joint = [m.name for m in mentions if _joint_subject(mention_root(doc, m))]
    if len(set(joint)) >= 2:  # "Oracle and OpenAI are expanding Stargate. The two companies ..."
        ctx.pair, ctx.pair_age = tuple(dict.fromkeys(joint)), 0
    elif acting := _subject_and_object(mentions, doc):
        ctx.pair, ctx.pair_age = acting, 0  # "Mirova agreed to pay Tessaly Labs ... The two companies"
    for m in mentions:  # "Zelvo said on Tuesday it had raised 120 million euros": "it" raised
        root = mention_root(doc, m)
        if root.dep_ == "nsubj" and root.head.dep_ in {"ccomp", "conj"} and _raises_here(root.head):
            ctx.raiser = m.name
    for m in mentions:  # with anaphors resolved: "It agreed ..." keeps "it"'s company the subject
        root = phrase_top(mention_root(doc, m))
        if root.lemma_.lower() in words("agent_nouns") and not is_org(root):
            continue  # "Existing backers KT and Samsung also took part": the round's, not the article's
        if root.dep_ in SUBJECT_DEPS and root.head.dep_ in {"ROOT", "ccomp", "conj"}:
            if _the_topics_own(root.head) and ctx.subject and ctx.subject != m.name:
                return  # "Nvidia remains its main chip supplier": the sentence is about "its" company
            ctx.subject, ctx.subject_age = m.name, 0
            if _raises_here(root.head):
                ctx.raiser = m.name
            return
        thing = owned(root)
        if thing is not None and thing.dep_ in SUBJECT_DEPS and thing.head.dep_ == "ROOT":
            ctx.subject, ctx.subject_age = m.name, 0  # "IREN's shares jumped": the sentence is about IREN
            return
    topic = next((m for m in mentions if _fronted_topic(mention_root(doc, m), sent)), None)
    if topic is None and mentions and _verbless_lead(sent, mentions[0]):
        topic = mentions[0]  # "Lumora AI, $1.2 billion, Series D. The developer closed ...": an entry's name
    if topic is not None:  # "For SoftBank, the investment would add to its AI bets": about SoftBank
        ctx.subject, ctx.subject_age = topic.name, 0


def _the_topics_own(verb: Token) -> bool:
    """The verb says what its subject is to "its" company ("remains its main chip supplier",
    "is its largest shareholder"): the company "its" refers to stays the topic."""
    return verb.lemma_.lower() in {"be", "remain"} and any(
        c.dep_ == "attr" and any(g.dep_ == "poss" and g.lower_ in {"its", "their"} for g in c.children)
        for c in verb.children
    )


def _verbless_lead(sent: Span, first: Mention) -> bool:
    """A sentence without a verb that opens with a company's name: the lead of a list entry."""
    opening = next((t for t in sent if not t.is_space), None)
    return opening is not None and opening.i == first.start and not any(t.pos_ in {"VERB", "AUX"} for t in sent)


def _raises_here(verb: Token) -> bool:
    """The subject of ``verb`` raises a round: by the verb itself, or by a clause hung on it with
    no subject of its own ("signed an MOU, after closing a funding round")."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "prep")]
    return _raises(verb) or any(
        _raises(c)
        for h in heads
        for c in h.children
        if c.dep_ in {"advcl", "pcomp"} and c.pos_ == "VERB" and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
    )


def _fronted_topic(root: Token, sent: Span) -> bool:
    """A company in a "For X," or "As for X," phrase that opens the sentence: its topic."""
    prep = phrase_top(root).head
    return (
        phrase_top(root).dep_ == "pobj"
        and prep.lower_ == "for"
        and prep.i <= sent.start + 1
        and prep.head.dep_ == "ROOT"
        and any(t.text == "," for t in sent[prep.i - sent.start : prep.i - sent.start + 8])
    )


def _subject_and_object(mentions: list[Mention], doc: Doc) -> tuple[str, str] | None:
    """The two companies one verb takes as subject and object (or dative), when the sentence
    names exactly two."""
    named = [m for m in mentions if doc[m.start].ent_type_]  # no "it", "the company"
    if len({m.name for m in named}) != 2:
        return None
    roots = [phrase_top(mention_root(doc, m)) for m in named]
    subjects = [r for r in roots if r.dep_ in SUBJECT_DEPS]
    # "Samsung is trying to pass Nvidia's qualification tests": the owner of the object too
    objects = [r if r.dep_ != "poss" else r.head for r in roots if r.dep_ in {"dobj", "dative"} or _owns_object(r)]
    if not subjects or not objects:
        return None
    verbs = {subjects[0].head.i} | {a.i for a in subjects[0].head.subtree if a.pos_ in {"VERB", "AUX"}}
    if objects[0].head.i not in verbs:
        return None
    return named[0].name, next(m.name for m in named if m.name != named[0].name)


def _owns_object(root: Token) -> bool:
    return root.dep_ == "poss" and root.head.dep_ in {"dobj", "dative"}


def _joint_subject(root: Token) -> bool:
    """A company in the coordinated subject of the sentence's main verb ("Oracle and OpenAI are")."""
    top = phrase_top(root)
    return (
        top.dep_ == "nsubj"
        and top.head.dep_ == "ROOT"
        and (root.dep_ == "conj" or any(c.dep_ == "conj" for c in top.children))
    )


def _raises(verb: Token) -> bool:
    """ "raised $500 million", "closed a $13 billion Series F": the subject raises a round ("is
    leading a funding round" invests in it)."""
    if verb.lemma_.lower() in words("raise_verbs"):
        return True
    if verb.lemma_.lower() in words("round_verbs"):
        return False
    rounds = words("round_nouns")
    return any(
        c.dep_ in {"dobj", "advmod", "npadvmod"}  # the parser may misread "closed a funding round"
        and ({c.lemma_.lower()} | {g.lemma_.lower() for g in c.children if g.dep_ == "compound"}) & rounds
        for c in verb.children
    )
