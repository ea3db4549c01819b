"""Coordinated deals split per pair: one company on one side and a coordination on the other
make one deal per pair ("Samsung and SK Hynix signed letters of intent to supply OpenAI",
"Cisco bought Ardent and Solace"); the holders a sentence lists each hold their own stake;
investors coordinated as a joint subject stay one deal."""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Span, Token

from kg.extract.beside import beside_verb
from kg.extract.discourse import additive
from kg.extract.linking import list_link
from kg.extract.listing import listing_verb
from kg.extract.parties import Mention
from kg.extract.raw import Trigger
from kg.extract.roles import role_for
from kg.extract.syntax import conj_group, mention_root, phrase_top, subject_of
from kg.extract.vocab import words
from kg.records import Kind, Role

__all__ = ["joint_subjects", "split_coordinated"]


def _side(trigger: Token, root: Token, kind: Kind | None = None) -> str | None:
    """``"subj"`` or ``"obj"``: which side of the trigger a party is on (None if unclear); a
    supply deal's own roles first ("Brenner, which counts BMW and VW among its customers")."""
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "licenses models from Mistral AI and Anthropic": the side of the first
    verb = beside_verb(root)  # "joined the round, along with A": A on the side of the verb's subject
    if verb is not None and (subject := subject_of(verb)) is not None:
        root = subject
    if kind is Kind.SUPPLY and (supply := role_for(Kind.SUPPLY, trigger, root)) is not None:
        return "subj" if supply is Role.SUPPLIER else "obj"
    role = role_for(Kind.LICENSING, trigger, root)
    return None if role is None else ("subj" if role is Role.LICENSOR else "obj")


_SPLIT_KINDS = {Kind.SUPPLY, Kind.LICENSING}


def split_round(trigger: Token, linked: list[Mention], doc: Doc) -> list[list[Mention]] | None:
    """The holders a sentence lists each hold their own stake ("OpenAI's backers include
    Microsoft and Nvidia", "counts Nvidia and Sequoia among its investors"): one investment per
    holder. None unless the sentence lists holders and tells exactly one investee and two or
    more investors apart; co-investors in one round stay one joint investment."""
    if listing_verb(trigger) is None:
        return None
    return split_by_role(trigger, linked, doc)


def split_by_role(trigger: Token, linked: list[Mention], doc: Doc) -> list[list[Mention]] | None:
    """One investment per investor when the parse tells exactly one investee and two or more
    investors apart ("Figure AI raised $1 billion from investors including A, B and C")."""
    by_role: dict[Role | None, dict[str, Mention]] = {}
    for m in linked:
        by_role.setdefault(role_for(Kind.INVESTMENT, trigger, mention_root(doc, m)), {}).setdefault(m.name, m)
    investees = by_role.get(Role.INVESTEE, {})
    investors = {n: m for n, m in by_role.get(Role.INVESTOR, {}).items() if n not in investees}
    if len(investees) != 1 or len(investors) < 2 or None in by_role:
        return None
    (investee,) = investees.values()
    return [[m, investee] for m in investors.values()]


def joint_subjects(many: list[Mention], doc: Doc) -> bool:
    """The coordinated companies are the subject of the deal's verb: they act together. Listed
    as backers ("backed by A, B and C"), a round's leads ("led by A and B") or partners ("is
    partnering with A, B and C") each has a deal of its own."""
    top = mention_root(doc, many[0])
    while top.dep_ in {"conj", "appos"} and top.head.i != top.i:
        top = top.head
    if any(beside_verb(mention_root(doc, m)) is not None for m in many):
        return False  # "joined the round, as did Accel and Lakestar": side by side, each its own
    verb = top.head.lemma_.lower()
    # "A, B and C co-led the round", "its investors include A and B": each holds its own stake;
    # so does each of "A, B and C each put 1 billion yen into Rapidus"
    holders = [top.head, *(top.doc[i] for i in conj_group(top))]  # "A and B each": on the last one
    distributive = any(c.lower_ == "each" for t in holders for c in t.children)
    return (
        not distributive
        and top.dep_ in {"nsubj", "nsubjpass"}
        # "Existing backers A and B also put in money": each joins the round with a stake of its own
        and not (top.lemma_.lower() in words("holders") and additive(top.head))
        and verb != "include"
        and (verb not in words("round_verbs") or verb == "invest")
    )


def _with_each(trigger: Token, linked: list[Mention], doc: Doc) -> list[list[Mention]] | None:
    """ "Mistral has struck deals with CMA CGM and with Stellantis": a plural deal noun with two
    or more companies after its "with" and one company besides holds one deal with each."""
    withs: dict[str, Mention] = {}
    others: dict[str, Mention] = {}
    for m in linked:
        top = phrase_top(mention_root(doc, m))
        prep = top.head
        while prep.dep_ == "conj" and prep.head.i != prep.i:
            prep = prep.head  # "with A and with B"
        side = withs if top.dep_ == "pobj" and prep.lower_ == "with" and prep.head.i == trigger.i else others
        side.setdefault(m.name, m)
    if len(others) != 1 or len(withs) < 2:
        return None
    (one,) = others.values()
    return [[one, m] for m in withs.values()]


def split_coordinated(trig: Trigger, linked: list[Mention], doc: Doc) -> list[list[Mention]]:
    """One company on one side and a coordination on the other make one deal per pair for
    supply and licensing ("Samsung and SK Hynix signed letters of intent to supply OpenAI"), and
    for plural deal nouns ("computing contracts with Oracle and AMD"), and for the targets of one
    buyer ("Cisco bought Ardent and Solace"). Investments stay joint
    ("Microsoft and Nvidia will invest in Anthropic" is one round)."""
    if len({m.name for m in linked}) < 3:
        return [linked]
    if trig.kind is Kind.INVESTMENT:
        rounds = split_round(trig.token, linked, doc)
        if rounds is None:
            rounds = split_by_role(trig.token, linked, doc)
            if rounds is not None and joint_subjects([pair[0] for pair in rounds], doc):
                rounds = None  # "Microsoft and Nvidia will invest $15 billion in Anthropic": one joint stake
        if rounds is not None:
            return rounds
    plural = trig.token.tag_ in {"NNS", "NNPS"}
    if plural and (each := _with_each(trig.token, linked, doc)) is not None:
        return each
    # "is partnering with A, B and C": a tie with each; "a partner with A, B and C on Stargate": one project
    partnering = trig.kind is Kind.PARTNERSHIP and trig.token.pos_ == "VERB"
    if trig.kind is Kind.ACQUISITION and (gapped := _gapped_targets(trig.token, linked, doc)) is not None:
        return gapped
    if trig.kind not in _SPLIT_KINDS | {Kind.INVESTMENT, Kind.ACQUISITION} and not plural and not partnering:
        return [linked]
    sides: dict[str, list[Mention]] = {"subj": [], "obj": []}
    for m in linked:
        side = _side(trig.token, mention_root(doc, m), trig.kind)
        if side is None:
            return [linked]
        sides[side].append(m)
    many, one = (
        (sides["subj"], sides["obj"]) if len(sides["subj"]) > len(sides["obj"]) else (sides["obj"], sides["subj"])
    )
    if len({m.name for m in one}) != 1 or len({m.name for m in many}) < 2:
        return [linked]
    if trig.kind is Kind.ACQUISITION and many is sides["subj"]:
        return [linked]  # "A and B agreed to buy C": one takeover by a consortium ("bought A and B": two)
    if trig.kind in {Kind.INVESTMENT, Kind.PARTNERSHIP} and joint_subjects(many, doc):
        return [linked]  # "Microsoft and Nvidia will invest $15 billion in Anthropic": one joint deal
    roots = [mention_root(doc, m) for m in many]
    if not _coordinated(roots) and not (trig.kind is Kind.ACQUISITION and _gapped(roots)):
        return [linked]
    return [[one[0], m] for m in many]


def _gapped_targets(trigger: Token, linked: list[Mention], doc: Doc) -> list[list[Mention]] | None:
    """ "bought Intersil for $3.2 billion in 2017 and IDT for $6.7 billion in 2019": one buyer
    and, after its verb, names that each come with a sum or a date of their own are one takeover
    per name (the parser often misreads such a list: no coordination to go by)."""
    buyers = {m.name: m for m in linked if role_for(Kind.ACQUISITION, trigger, mention_root(doc, m)) is Role.ACQUIRER}
    others = {m.name: m for m in linked if m.name not in buyers}
    roots = [mention_root(doc, m) for m in others.values()]
    if len(buyers) != 1 or len(roots) < 2 or min(r.i for r in roots) < trigger.i or not _gapped(roots):
        return None
    (buyer,) = buyers.values()
    return [[buyer, m] for m in others.values()]


def _gapped(roots: list[Token]) -> bool:
    """Names each with a sum or a date of its own between it and the next ("Intersil for $3.2
    billion in 2017 and IDT for ..."): separate items, whatever the parse."""
    ordered = sorted(roots, key=lambda r: r.i)
    return len({r.i for r in roots}) > 1 and all(_apart(a.doc[a.i + 1 : b.i]) for a, b in itertools.pairwise(ordered))


def _apart(between: Span) -> bool:
    """Words between two names that end one item ("and", a comma) after its sum or date."""
    listed = any(t.dep_ == "cc" or t.text == "," for t in between)
    return listed and any(t.ent_type_ in {"MONEY", "DATE"} for t in between)


def _coordinated(roots: list[Token]) -> bool:
    """The names are one coordination ("A, the B and C": B read as A's appositive), or the
    objects of coordinated prepositions ("to Zoom and to Oracle")."""
    if all(r.i in conj_group(roots[0], list_link) for r in roots):
        return True
    preps = [r.head if r.dep_ == "pobj" and r.head.pos_ == "ADP" else r for r in roots]
    return all(p.i in conj_group(preps[0]) for p in preps)
