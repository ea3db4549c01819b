"""Article context across sentences: the events so far, the company the last sentences were
about, and the anaphors ("it", "the company") and references ("the deal") pointing back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon
from kg.extract.parties import Mention
from kg.extract.raw import RawEvent
from kg.extract.roles import DIRECTED, complement, role_for
from kg.extract.syntax import antecedent, is_org, mention_root, phrase_top
from kg.extract.vocab import table, words
from kg.records import AGENT_ROLES, Kind, Party, Role

__all__ = ["Context", "additive", "has_reference", "joining", "with_anaphors", "update_subject"]


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

    def main_parties(self) -> tuple[Party, ...] | None:
        for event in self.events:
            if not event.borrowed and not event.background:
                return event.parties
        return self.last_parties()

    def pair_parties(self) -> tuple[Party, ...] | None:
        """The joint subject of the last sentences, for "the two companies" before any deal."""
        return tuple(Party(n, None) for n in self.pair) if self.pair and self.pair_age <= 2 else None

    def parties_of_kind(self, kind: Kind | None) -> tuple[Party, ...] | None:
        """The parties of the latest event of ``kind`` ("the takeover" → the last acquisition)."""
        if kind is None:
            return None
        for event in reversed(self.events):
            if event.kind is kind:
                return event.parties
        return None

    def last_parties(self) -> tuple[Party, ...] | None:
        return self.events[-1].parties if self.events else None

    def kind_for(self, names: frozenset[str], deal: Token | None = None) -> Kind | None:
        """The kind of the latest deal told of these parties; for a deal word that likens itself
        to one told before ("signed similar deals with CoreWeave"), of the latest news deal."""
        likened = (
            deal is not None
            and deal.lemma_.lower() in words("bare_deal_nouns")
            and any(c.dep_ == "amod" and c.lemma_.lower() in words("likening_words") for c in deal.children)
        )
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
    for t in sent:
        if t.lemma_.lower() in lex.one_party_heads and t.pos_ == "NOUN" and not t.ent_type_:
            if any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "its", "their"} for c in t.children):
                return True
    return False


_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _anaphor(token: Token, lex: Lexicon) -> bool:
    """A subject that points back to a company: "it", "the company", "the startup"."""
    if token.dep_ not in _SUBJECT_DEPS or token.ent_type_:
        return False
    if token.lower_ == "it":
        head = token.head
        if head.lemma_.lower() == "be" and any(  # "it was in talks to invest": not an expletive "it is"
            c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_.lower() in words("talk_nouns") for g in c.children)
            for c in head.children
        ):
            return True
        # "it takes time" is no company, "it took a stake in Joby" is
        return head.pos_ == "VERB" and (
            head.lemma_.lower() not in words("weak_verbs")
            or any(c.dep_ == "dobj" and c.lemma_.lower() in words("equity") for c in head.children)
        )
    # "the chip-design software company" describes the company told of; "its parent company" or
    # a company named in a modifier is another one
    return (
        token.tag_ == "NN"
        and _the_company(token, lex)
        and not any(c.dep_ == "poss" or (c.dep_ in {"compound", "amod"} and c.ent_type_) for c in token.children)
    )


def _the_company(token: Token, lex: Lexicon) -> bool:
    """ "the company", "this startup": a definite company noun that is not "the new company"."""
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in lex.one_party_heads
        and any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children)
        and not any(c.dep_ in {"compound", "amod"} and c.lower_ in words("other_company") for c in token.children)
    )


def with_anaphors(sent: Span, mentions: list[Mention], ctx: Context, lex: Lexicon, doc: Doc) -> list[Mention]:
    """Add the company that "it"/"the company" in subject position refers to: the subject of
    the latest sentences that had a company as subject."""
    roots = {mention_root(doc, m).i: m for m in mentions}
    subjects, possessives, objects = [], [], []  # one pass over the words; each kind resolved in turn
    for t in sent:
        if t.dep_ not in _ANAPHOR_DEPS or t.i in roots:
            continue  # (each kind of anaphor fills one of these slots)
        if _anaphor(t, lex):
            subjects.append(t)
        if _possessive_anaphor(t, lex):
            possessives.append(t)
        if _object_anaphor(t, lex):
            objects.append(t)
    extra: list[Mention] = []
    for t in subjects:
        # "Microsoft paid Inflection ... when it recruited": the sentence's own subject comes first
        local = _subject_before(t, roots, doc)
        name = _of_the_trade(t, mentions, ctx) or (
            local.name if local else (ctx.subject if ctx.subject_age <= 2 else None)
        )
        if name is None or any(m.name == name and mention_root(doc, m).head.i == t.head.i for m in mentions):
            continue
        extra.append(Mention(name, t.i, t.i + 1, True, t.i))
    for t in possessives:
        local = _controller(t, roots) or _subject_before(t, roots, doc)
        name = local.name if local else _possessor(ctx) or _company_before(t, roots)
        if name is not None:
            extra.append(Mention(name, t.i, t.i + 1, True, t.i))
    for t in objects:
        name = _of_the_trade(t, mentions, ctx) or _object_referent(t, [*mentions, *extra], ctx, doc)
        if name is not None:
            extra.append(Mention(name, t.i, t.i + 1, True, t.i))
    return sorted([*mentions, *extra], key=lambda m: m.start) if extra else mentions


def _of_the_trade(token: Token, mentions: list[Mention], ctx: Context) -> str | None:
    """The company a trade noun refers back to ("a stake in the chipmaker"): the latest told of,
    in the sentence before it or in the ones before, whose gazetteer sector is that trade and
    that is not a subject of the noun's own clause."""
    compounds = [c.lemma_.lower() for c in token.children if c.dep_ == "compound"]
    key = " ".join([*compounds[-1:], token.lemma_.lower()])
    trades = table("sector_nouns")
    sectors = set((trades.get(key) or trades.get(token.lemma_.lower()) or "").split())
    if not sectors:
        return None
    doc = token.doc
    verb = token.head.head if token.dep_ == "pobj" else token.head
    roots = [(m.name, mention_root(doc, m)) for m in mentions]
    own = {name for name, root in roots if root.head.i == verb.i and root.dep_ in _SUBJECT_DEPS}
    before = [(m.name, m.sector) for m in mentions if m.end <= token.i]
    for name, sector in [*reversed(before), *reversed(ctx.named.items())]:
        if sector in sectors and name not in own:
            return name
    return None


def _controller(token: Token, roots: dict[int, Mention]) -> Mention | None:
    """ "forced Halden Micro to abandon its purchase": in a clause whose subject is the
    object of the verb above ("persuaded", "allowed"), "its" is that company."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "xcomp" or any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    return next((roots[c.i] for c in verb.head.children if c.dep_ == "dobj" and c.i in roots), None)


def _subject_before(token: Token, roots: dict[int, Mention], doc: Doc) -> Mention | None:
    """The latest company that is a subject before ``token`` in its sentence, or owns the
    subject ("Shares of Orbisa rose after it agreed ...", "Orbisa's chief executive said it ...")."""
    local = [m for i, m in roots.items() if i < token.i and _subject_side(doc[i])]
    return local[-1] if local else None


def _subject_side(root: Token) -> bool:
    if root.dep_ in _SUBJECT_DEPS:
        return True
    owned = _owned(root)
    return owned is not None and owned.dep_ in _SUBJECT_DEPS and not owned.ent_type_


def _owned(root: Token) -> Token | None:
    """What a company owns in the sentence: "IREN's shares", "shares of IREN"."""
    if root.dep_ == "poss":
        return root.head
    return root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None


_OBJECT_DEPS = {"dobj", "pobj"}
#: The slots of the anaphors: subjects, objects and possessives.
_ANAPHOR_DEPS = _SUBJECT_DEPS | _OBJECT_DEPS | {"poss"}
_RECEIVING = {Role.INVESTEE, Role.TARGET, Role.CUSTOMER, Role.LICENSEE}


def _object_anaphor(token: Token, lex: Lexicon) -> bool:
    """An object that points back to a company: "invested $2 billion in the startup"."""
    return (
        token.dep_ in _OBJECT_DEPS
        and not token.ent_type_
        and token.tag_ == "NN"
        and _the_company(token, lex)
        and not any(
            c.dep_ in {"poss", "prep", "acl"}
            or (c.dep_ == "relcl" and token.doc[c.left_edge.i - 1].text != ",")  # "the company that makes"
            or (c.dep_ in {"compound", "amod"} and c.ent_type_)
            for c in token.children
        )
    )


def _possessive_anaphor(token: Token, lex: Lexicon) -> bool:
    """A possessive that points back to a company on a deal noun: "its acquisition of Within",
    "the company's investment", "the chip giant's buyout of Run:ai"."""
    if token.dep_ != "poss" or token.ent_type_ or token.head.lemma_.lower() not in words("possessed_deal_nouns"):
        return False
    return token.lower_ == "its" or _the_company(token, lex)


def _company_before(token: Token, roots: dict[int, Mention]) -> str | None:
    """ "The FTC asked Microsoft about its OpenAI investment": with no company told before and
    no company subject, "its" is the latest company the sentence named before it."""
    before = [m for i, m in roots.items() if i < token.i and token.doc[i].head.i != token.head.i]
    return before[-1].name if before else None


def _possessor(ctx: Context) -> str | None:
    """The company "its acquisition" belongs to: the latest that invested, bought or supplied
    (the company the last sentences were about first when it is one of them), else that company."""
    acting = [p.name for e in reversed(ctx.events) for p in e.parties if p.role in AGENT_ROLES]
    recent = [ctx.subject] if ctx.subject is not None and ctx.subject_age <= 2 else []
    candidates = [*(s for s in recent if s in acting), *acting] if acting else recent
    return candidates[0] if candidates else None


def _object_referent(token: Token, mentions: list[Mention], ctx: Context, doc: Doc) -> str | None:
    """The company an object anaphor names: the one the last sentence was about unless it is the
    one that invested, bought or supplied; else the latest company deals were made with; else a
    side of the article's main deal. Never the clause's own subject ("Google invested in the
    startup" is not Google), and none when the clause names no company as its subject."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    for _ in range(2):  # "holds a minority stake in the company": past the noun the object hangs on
        if verb.pos_ in {"VERB", "AUX"} or verb.dep_ not in {"dobj", "pobj", "prep"}:
            break
        verb = verb.head
    verbs = {verb.i}
    while verb.dep_ in {"xcomp", "conj"} and len(verbs) < 4:  # "agreed to invest $2 billion in the startup"
        verb = verb.head  # "took a stake in Joby and agreed to invest in the developer": the first verb's subject
        verbs.add(verb.i)
    # the subject, or what a relative pronoun subject stands for ("Amazon, which holds a stake in")
    relative = {antecedent(c).i for v in verbs for c in doc[v].children if c.dep_ in _SUBJECT_DEPS}
    subjects = {
        m.name
        for m in mentions
        if (mention_root(doc, m).dep_ in _SUBJECT_DEPS and mention_root(doc, m).head.i in verbs)
        or mention_root(doc, m).i in relative
    }
    if not subjects:
        return None  # "the deal gives the company a seat": who acts is not said
    acting = {p.name for e in ctx.events for p in e.parties if p.role in AGENT_ROLES}
    recent = [ctx.subject] if ctx.subject is not None and ctx.subject_age <= 1 else []
    candidates = [s for s in recent if s not in acting]
    # "took a stake in Joby Aviation and agreed to invest more in the air-taxi developer"
    candidates += [m.name for m in reversed(mentions) if m.end <= token.i and mention_root(doc, m).dep_ in _OBJECT_DEPS]
    candidates += [p.name for e in reversed(ctx.events) for p in e.parties if p.role in _RECEIVING]
    candidates += [p.name for p in ctx.main_parties() or ()]
    return next((c for c in candidates if c not in subjects), None)


def update_subject(sent: Span, ctx: Context, doc: Doc, mentions: list[Mention]) -> None:
    """Remember the company the sentence is about (its subject), for "it" in the next ones."""
    ctx.subject_age += 1
    ctx.pair_age += 1
    for m in mentions:  # latest last, each with the sector the gazetteer gave any of its mentions
        known = ctx.named.pop(m.name, None)
        ctx.named[m.name] = m.sector or known
    joint = [m.name for m in mentions if _joint_subject(mention_root(doc, m))]
    if len(set(joint)) >= 2:  # "Oracle and OpenAI are expanding Stargate. The two companies ..."
        ctx.pair, ctx.pair_age = tuple(dict.fromkeys(joint)), 0
    elif not ctx.events and (acting := _subject_and_object(mentions, doc)):
        ctx.pair, ctx.pair_age = acting, 0  # "Mirova agreed to pay Tessaly Labs ... The two companies"
    for m in mentions:  # "Zelvo said on Tuesday it had raised 120 million euros": "it" raised
        root = mention_root(doc, m)
        if root.dep_ == "nsubj" and root.head.dep_ in {"ccomp", "conj"} and _raises(root.head):
            ctx.raiser = m.name
    for m in mentions:  # with anaphors resolved: "It agreed ..." keeps "it"'s company the subject
        root = phrase_top(mention_root(doc, m))
        if root.lemma_.lower() in words("agent_nouns") and not is_org(root):
            continue  # "Existing backers KT and Samsung also took part": the round's, not the article's
        if root.dep_ in _SUBJECT_DEPS and root.head.dep_ in {"ROOT", "ccomp", "conj"}:
            ctx.subject, ctx.subject_age = m.name, 0
            if _raises(root.head):
                ctx.raiser = m.name
            return
        owned = _owned(root)
        if owned is not None and owned.dep_ in _SUBJECT_DEPS and owned.head.dep_ == "ROOT":
            ctx.subject, ctx.subject_age = m.name, 0  # "IREN's shares jumped": the sentence is about IREN
            return


def _subject_and_object(mentions: list[Mention], doc: Doc) -> tuple[str, str] | None:
    """The two companies one verb takes as subject and object (or dative), when the sentence
    names exactly two."""
    named = [m for m in mentions if doc[m.start].ent_type_]  # no "it", "the company"
    if len({m.name for m in named}) != 2:
        return None
    roots = [phrase_top(mention_root(doc, m)) for m in named]
    subjects = [r for r in roots if r.dep_ in _SUBJECT_DEPS]
    objects = [r for r in roots if r.dep_ in {"dobj", "dative"}]
    if not subjects or not objects:
        return None
    verbs = {subjects[0].head.i} | {a.i for a in subjects[0].head.subtree if a.pos_ in {"VERB", "AUX"}}
    if objects[0].head.i not in verbs:
        return None
    return named[0].name, next(m.name for m in named if m.name != named[0].name)


def _joint_subject(root: Token) -> bool:
    """A company in the coordinated subject of the sentence's main verb ("Oracle and OpenAI are")."""
    top = phrase_top(root)
    return (
        top.dep_ == "nsubj"
        and top.head.dep_ == "ROOT"
        and (root.dep_ == "conj" or any(c.dep_ == "conj" for c in top.children))
    )


def _raises(verb: Token) -> bool:
    """ "raised $500 million", "closed a $13 billion Series F": the subject raises a round."""
    if verb.lemma_.lower() in words("raise_verbs"):
        return True
    rounds = words("round_nouns")
    return any(
        c.dep_ in {"dobj", "advmod", "npadvmod"}  # the parser may misread "closed a funding round"
        and ({c.lemma_.lower()} | {g.lemma_.lower() for g in c.children if g.dep_ == "compound"}) & rounds
        for c in verb.children
    )
