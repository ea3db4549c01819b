"""Triggers told by a shape of the tree rather than a cue word: priced offers, funding rounds,
"pay for", supply verbs, "backed by", shares held (companies acting or founding a company
together: :mod:`kg.extract.together`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from spacy.tokens import Span, Token

from kg.extract.anaphors import the_company
from kg.extract.kinds import controlling_stake
from kg.extract.lexicon import Lexicon, company_words
from kg.extract.raw import Trigger
from kg.extract.round_shapes import takes_part
from kg.extract.shares import owns_share
from kg.extract.supply_verbs import placed_order, supply_verb
from kg.extract.syntax import (
    antecedent,
    company_after,
    has_money_near,
    is_org,
    names_company,
)
from kg.extract.tense import past_or_perfect
from kg.extract.together import act_together, new_company
from kg.extract.usage import integration, ip_rights, let_use, pay_to_use, uses_compute
from kg.extract.vocab import words
from kg.records import Kind

__all__ = ["Found", "TOKEN_RULES", "rules_for"]


class Found:
    """Triggers in the order found, one per (token, kind)."""

    def __init__(self) -> None:
        self.triggers: list[Trigger] = []
        self._seen: set[tuple[int, Kind | None]] = set()
        self._held: set[int] = set()

    def add(self, token: Token, kind: Kind | None, label: str, rule: str) -> None:
        if (token.i, kind) not in self._seen:
            self._seen.add((token.i, kind))
            self._held.add(token.i)
            self.triggers.append(Trigger(token, kind, label, rule))

    def holds(self, token: Token) -> bool:
        """A trigger was added at ``token``."""
        return token.i in self._held


_TokenRule = Callable[[Token, Span, Lexicon, "Sequence[Span] | None", Found], "tuple[Kind, str] | None"]


def _offer(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """A priced offer or bid from or for a company is a takeover."""
    if (
        token.lemma_.lower() not in words("offer_nouns")
        or token.pos_ != "NOUN"
        or found.holds(token)
        or token.i + 2 >= sent.end
    ):
        return None
    after, doc = sent.doc[token.i + 1].lower_, sent.doc
    if (
        after in {"from", "for", "by"}
        and has_money_near(token, sent, 4, ents)
        and any(is_org(t) for t in doc[token.i + 2 : min(sent.end, token.i + 5)])
    ):
        return Kind.ACQUISITION, "offer"  # "walked away from a $23 billion offer from Google"
    prep = doc[token.i + 1]
    if after == "for" and any(c.dep_ == "pobj" and is_org(c) for c in prep.children):
        return Kind.ACQUISITION, "offer"  # "making an offer for Perplexity": for the company itself
    return None


def _round(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """A funding round someone leads or joins is an investment."""
    if token.lemma_.lower() == "round" and token.pos_ == "NOUN" and not found.holds(token):
        governor = token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ in {"dobj", "pobj"} and governor.lemma_.lower() in words("round_verbs"):
            return Kind.INVESTMENT, "round"  # "was in talks to lead the round", "joined the round"
        if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in words("round_verbs"):
            return Kind.INVESTMENT, "round"  # "the round was led by Thrive Capital"
        if token.dep_ == "dobj" and governor.lemma_.lower() in words("closing_verbs") and _backed_round(token):
            return Kind.INVESTMENT, "round"  # "closed its largest round to date, led by Al Nahda"
    return None


def _backed_round(round_: Token) -> bool:
    """A round that a company leads or joins ("led by X") or that comes from one ("from X")."""
    led = [c for c in round_.children if c.dep_ == "acl" and c.lemma_.lower() in words("round_verbs")]
    return company_after(round_, "from") or any(company_after(c, "by") for c in led)


def _participates(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Nvidia and Intel participated", "Microsoft is in talks to participate": companies taking
    part with no object join the funding round the article tells (its raiser: rounds.py)."""
    if token.pos_ != "VERB" or not takes_part(token) or found.holds(token):
        return None
    if any(c.dep_ in {"dobj", "prep", "dative"} and c.lower_ not in words("beside_words") for c in token.children):
        return None  # "joined OpenAI", "participated in the round" (rounds.py), "invested in X"
    verb = token
    for _ in range(4):  # "are in talks to participate", "is expected to join": the subject above
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:  # "Existing investors Google and Amazon": the parser may make both subjects
            named = any(is_org(t) for c in subjects for t in c.subtree)
            return (Kind.INVESTMENT, "participation") if named else None
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _pay_for(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """Paying for a company is a takeover."""
    if token.lemma_.lower() != "pay" or token.pos_ != "VERB":
        return None
    # "will pay $9 billion for Core Scientific"; "to pay $31 a share for Veltrix": "for" may
    # hang on the price or its "a share"
    sums = [c for c in token.children if c.dep_ == "dobj" and c.ent_type_ == "MONEY"]
    holders = [token, *sums, *(g for s in sums for g in s.children if g.dep_ == "npadvmod")]
    if any(
        c.dep_ == "prep" and c.lower_ == "for" and any(is_org(g) and g.dep_ == "pobj" for g in c.children)
        for h in holders
        for c in h.children
    ):
        return Kind.ACQUISITION, "verb:pay-for"
    return None


def _backing(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Nvidia-backed", "backed by Nvidia", "Nvidia backs X", "SoftBank-owned", "majority-owned
    by SoftBank": an investment (held, for the epithets)."""
    lower = token.lower_
    owned = lower == "owned"
    if not (owned or lower == "backed" or (token.lemma_.lower() == "back" and token.pos_ == "VERB")):
        return None
    prev = token.nbor(-1) if token.i > sent.start else None
    epithet = prev is not None and prev.text == "-" and token.i - 2 >= sent.start and is_org(token.nbor(-2))
    agent = any(c.dep_ == "agent" and any(is_org(g) for g in c.subtree) for c in token.children)
    subject = not owned and (
        any(c.dep_ == "nsubj" and names_company(antecedent(c)) for c in token.children)
        or (token.dep_ == "acl" and is_org(token.head))
    )
    if agent and owned and _a_venture(token):
        return Kind.JOINT_VENTURE, "venture-owners"  # "the joint venture will be owned 51% by A and 49% by B"
    share = token.head.lower_ in {"majority", "minority"}  # "which is majority owned by X": no thing owned
    if (
        agent
        and token.dep_ == "acl"
        and token.head.pos_ == "NOUN"
        and not share
        and not _a_company_noun(_maker(token.head))
    ):
        return None  # "the Three Mile Island reactor owned by Constellation": a thing owned, no stake
    backed = [antecedent(c) for c in token.children if c.dep_ == "dobj"]
    if epithet or agent or (subject and any(is_org(c) or the_company(c) for c in backed)):
        if owned and any(c.lower_ in {"wholly", "fully"} for c in token.children):
            return Kind.ACQUISITION, "wholly-owned"  # "a wholly owned unit of Orlo": all of it is Orlo's
        return Kind.INVESTMENT, "epithet" if epithet or (agent and _standing(token)) else "back"
    return None


def _maker(noun: Token) -> Token:
    """The company noun whose "of" phrase ``noun`` ends ("a developer of language models backed
    by Tencent": the parser hangs "backed" on "models"), else ``noun``."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.pos_ == "NOUN" and _a_company_noun(prep.head):
        return prep.head
    return noun


def _a_company_noun(noun: Token) -> bool:
    """A noun that stands for a company ("a startup backed by Nvidia", "the unit owned by SoftBank"),
    or any noun in apposition with one ("Kathaa AI, a Hyderabad-based competitor backed by ...")."""
    return is_org(noun) or noun.lemma_.lower() in company_words() or (noun.dep_ == "appos" and is_org(noun.head))


def _a_venture(owned: Token) -> bool:
    """What is owned is a venture ("the joint venture", "the new company")."""
    things = [c for c in owned.children if c.dep_ == "nsubjpass"] + ([owned.head] if owned.dep_ == "acl" else [])
    return any(
        t.lemma_.lower() == "venture"
        or (
            t.lemma_.lower() in words("entity_nouns") and any(c.lower_ in words("new_entity_words") for c in t.children)
        )
        for t in things
    )


def _subsidiary(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Humain, a subsidiary of the Public Investment Fund": a company another one owns; one
    that "became a unit of" another was taken over."""
    became = token.dep_ == "attr" and token.head.lemma_.lower() == "become"
    unit = token.lemma_.lower() in words("owned_unit_nouns") or (
        became and token.lemma_.lower() in words("became_unit_nouns")
    )
    if token.pos_ != "NOUN" or not unit or found.holds(token):
        return None
    owner = any(is_org(c) for c in token.children if c.dep_ == "poss") or company_after(token, "of")
    described = (token.dep_ == "appos" and is_org(token.head)) or (
        token.dep_ == "attr" and any(c.dep_ == "nsubj" and is_org(c) for c in token.head.children)
    )
    if not (owner and described):
        return None
    wholly = any(
        c.lower_ == "owned" and any(g.lower_ in {"wholly", "fully"} for g in c.children) for c in token.children
    )
    if wholly or became:
        return Kind.ACQUISITION, "whole-unit"  # "became a wholly owned subsidiary of Orlo": Orlo took it over
    return Kind.INVESTMENT, "epithet"


def _sale(token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found) -> tuple[Kind, str] | None:
    """ "agreed to sell Altera to Silver Lake", "sold its networking unit to Nokia": selling a
    company, a business or a stake to a company is its buyer's acquisition (or investment), and
    "will take Darktrace private" a buyout."""
    lemma = token.lemma_.lower()
    if (lemma != "take" and lemma not in words("sale_words")) or found.holds(token):
        return None
    if token.pos_ == "NOUN" and lemma in words("sale_words"):  # "the sale of Arm to Nvidia", "its sale to Qualcomm"
        objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        objects += [
            c for c in token.children if c.dep_ == "poss" and (is_org(c) or c.lower_ in {"its", "their", "whose"})
        ]
    elif token.pos_ == "VERB":  # "AirTrunk has agreed to be sold to Blackstone": the passive's subject
        passive = any(c.dep_ == "auxpass" for c in token.children)
        subjects = [*token.children, *(token.head.children if token.dep_ == "xcomp" else ())] if passive else []
        objects = [c for c in token.children if c.dep_ == "dobj"] + [
            c for c in subjects if c.dep_ in {"nsubj", "nsubjpass"}
        ]
        objects += [c for o in objects for c in o.conjuncts]  # "its Wi-Fi and Bluetooth business"
    else:
        return None
    if lemma == "take" and any(is_org(o) for o in objects):
        if any(
            c.lower_ == "private" and c.dep_ in {"oprd", "acomp", "advmod", "ccomp", "xcomp"} for c in token.children
        ):
            return Kind.ACQUISITION, "take-private"
        return None
    if lemma not in words("sale_words"):
        return None
    if not _buyer_named(token, objects):
        return _sale_talked(token) if not objects else None
    for obj in objects:
        if obj.lemma_.lower() in words("equity"):
            return (Kind.ACQUISITION, "sell-control") if controlling_stake(obj) else (Kind.INVESTMENT, "sell-stake")
        if (
            is_org(obj)
            or obj.dep_ == "poss"
            or obj.lower_ == "itself"  # "Brenna Labs agreed to sell itself to Orlo"
            or obj.lemma_.lower() in lex.one_party_heads | words("business_nouns")
        ):
            return Kind.ACQUISITION, "sell-company"
    return None


def _buyer_named(sale: Token, objects: Sequence[Token]) -> bool:
    """ "sold Arm to Nvidia", "sold a 10% stake to SoftBank": a company the sale goes to (the
    parser hangs "to" on the verb or its object; "blocked its sale to Qualcomm": on the verb
    whose object the sale is)."""
    above = list(sale.head.children) if sale.pos_ == "NOUN" and sale.dep_ == "dobj" else []
    return any(
        c.dep_ in {"prep", "dative"} and c.lower_ == "to" and any(g.dep_ == "pobj" and is_org(g) for g in c.children)
        for c in [*sale.children, *(c for o in objects for c in o.children), *above]
    )


def stake_sold_off(stake: Token) -> bool:
    """ "SoftBank sold its entire stake in Nvidia": a stake in a company sold to no company
    named ended the seller's investment (sold to one, it is the buyer's: :func:`_sale`)."""
    sale = stake.head
    return (
        stake.dep_ == "dobj"
        and stake.lemma_.lower() in words("equity")
        and sale.pos_ == "VERB"
        and sale.lemma_.lower() in words("sale_words")
        and past_or_perfect(sale)
        and not _buyer_named(sale, [stake])
        and company_after(stake, "in")
    )


def _sale_talked(sale: Token) -> tuple[Kind, str] | None:
    """ "Halcyon discussed a sale with Microsoft": a sale of nothing named, talked over with a
    company, is the subject selling itself to it (the parser hangs "with" on the noun or the verb)."""
    verb = sale.head
    if sale.dep_ not in {"dobj", "obj"} or verb.lemma_.lower() not in words("talk_verbs"):
        return None
    with_company = company_after(sale, "with") or company_after(verb, "with")
    seller = any(c.dep_ == "nsubj" and is_org(c) for c in verb.children)
    return (Kind.ACQUISITION, "sale-talks") if with_company and seller else None


def _standing(token: Token) -> bool:
    """ "a startup backed by Nvidia", "Cohere is backed by Oracle", "Backed by Amazon, Anthropic
    ...": a standing stake, told in passing."""
    return token.tag_ == "VBN" and (
        token.dep_ in {"acl", "amod"}
        or (token.dep_ == "advcl" and not any(c.dep_ in {"aux", "auxpass", "mark", "nsubj"} for c in token.children))
        or (
            any(c.dep_ == "auxpass" and c.lower_ in {"is", "are"} for c in token.children)
            and not any(c.dep_ == "aux" for c in token.children)
        )
    )


_NOUN = frozenset({"NOUN"})
_VERB = frozenset({"VERB"})
_VERB_AUX = frozenset({"VERB", "AUX"})
_NOUN_VERB = frozenset({"NOUN", "VERB"})

#: The lemmas a rule needs, as a word list of ``patterns/vocab.json`` (read on first use).
_Lemmas = Callable[[], frozenset[str]]


def _listed(name: str, *more: str) -> _Lemmas:
    """The words of the list ``name`` (and ``more``)."""
    return lambda: words(name) | frozenset(more)


def _only(*lemmas: str) -> _Lemmas:
    """Just these words."""
    return lambda: frozenset(lemmas)


#: Each rule with the parts of speech a token needs before the rule looks at it (None: any,
#: for rules that also read words the tagger may call adjectives: "owned", "backed", "own"),
#: and the lemmas it needs (None: any; each rule tests its lemmas itself first, so the gate
#: only spares the call).
TOKEN_RULES: tuple[tuple[_TokenRule, frozenset[str] | None, _Lemmas | None], ...] = (
    (_offer, _NOUN, _listed("offer_nouns")),
    (_round, _NOUN, _only("round")),
    (_participates, _VERB, _listed("participation_verbs")),
    (_pay_for, _VERB, _only("pay")),
    (supply_verb, _VERB_AUX, None),  # (its verbs are those of the lexicon it is given)
    (placed_order, _NOUN, _only("order")),
    (_backing, None, _only("own", "owned", "back", "backed")),  # ("owned", "backed" by their form too)
    (owns_share, _VERB, _listed("share_verbs")),
    (new_company, None, _listed("founding_verbs", "own")),
    (act_together, _VERB, None),
    (pay_to_use, _VERB, _listed("paying_verbs")),
    (let_use, _VERB, _listed("permission_verbs")),
    (integration, _VERB, _listed("integration_verbs")),
    (_subsidiary, _NOUN, lambda: words("owned_unit_nouns") | words("became_unit_nouns")),
    (_sale, _NOUN_VERB, _listed("sale_words", "take")),
    (ip_rights, _NOUN, _only("right", "access")),
    (uses_compute, _NOUN_VERB, _listed("use_verbs")),
)


@functools.cache
def rules_for(pos: str) -> tuple[tuple[_TokenRule, frozenset[str] | None], ...]:
    """The rules of ``TOKEN_RULES``, in their order, whose gate lets a ``pos`` token through,
    each with the lemmas it needs (None: any)."""
    return tuple(
        (rule, None if lemmas is None else lemmas())
        for rule, gate, lemmas in TOKEN_RULES
        if gate is None or pos in gate
    )
