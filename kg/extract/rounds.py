"""Funding rounds: the investors a round names and the company whose round it is; holders
that hold nothing named, and backers of one company."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.discourse import Context, additive
from kg.extract.lexicon import lexicon
from kg.extract.parties import Mention, name_head
from kg.extract.raw import Trigger
from kg.extract.syntax import conj_group, first_conjunct, in_list, mention_root, other_clause, tree_distance
from kg.extract.vocab import words
from kg.records import Kind, Party, Role

__all__ = ["backers_of_one", "backers_only", "holders_of_nothing", "round_parties", "also_invested"]


def _round_noun(token: Token) -> Token | None:
    """The funding round a trigger speaks of: itself, its object or subject ("led the round",
    "the round was backed by", "participated in the round")."""
    near = [token, *token.children, *(g for c in token.children if c.dep_ == "prep" for g in c.children)]
    if token.dep_ == "compound":
        near.insert(0, token.head)  # "Series C" of "the Series C round": the round
    # "the round was co-led by": the parser may hang the subject on an auxiliary
    # but not the subject of a clause of its own ("to invest in OpenAI before the round closed")
    near += [
        t
        for t in token.subtree
        if t.dep_ in {"nsubj", "nsubjpass"} and tree_distance(token, t) <= 3 and not other_clause(token, t)
    ]
    for t in near:
        if t.lemma_.lower() in words("round_nouns") and t.pos_ in {"NOUN", "PROPN"}:
            return t
    return None


def round_parties(trig: Trigger, linked: list[Mention], doc: Doc, ctx: Context) -> list[Party] | None:
    """Investors named in "X led the round, which also included Y", "the round was backed by X
    and Y": every company in the sentence invests in the company whose round it is, named by a
    possessive ("Mistral's round") or told before ("Mistral raised ... . X led the round").
    None when the trigger speaks of no round; empty when "the round" names two or more
    investors but not whose round it is."""
    if trig.kind is not Kind.INVESTMENT:
        return None
    noun = _round_noun(trig.token)
    if noun is None:
        return _joins_the_round(trig, linked, ctx)
    if (closer := _side_raise(noun)) is not None:
        # "signed a deal with KT, after closing a funding round": the round is the subject's alone
        own = {t.i for t in closer.subtree} | {t.i for t in closer.head.head.children if t.dep_ == "nsubj"}
        linked = [m for m in linked if mention_root(doc, m).i in own]
        if len({m.name for m in linked}) < 2:
            return []
    owners = [m for m in linked if _owns_round(first_conjunct(mention_root(doc, m)), noun)]
    investee: str | None
    if len({m.name for m in owners}) > 1:
        return None  # "rounds for OpenAI and xAI": one deal each, as any coordinated investees
    if owners:
        investee = owners[0].name
    elif any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in noun.children) or _joined(noun):
        # "took a stake in Lumora in a round. The round was led by"; "Nvidia first backed Halvard,
        # when it joined a round led by Magnetar": the round of the company told of, not the joiner's
        investee = ctx.raiser or _latest_investee(ctx)
    else:
        return None
    investors = [m.name for m in linked if m.name != investee]
    if investee is None and len(set(investors)) >= 2:
        return []  # "the round was led by A and B" with no raiser told: A and B invest in someone unnamed
    if investee is None or not investors:
        return None
    return [Party(n, Role.INVESTOR) for n in dict.fromkeys(investors)] + [Party(investee, Role.INVESTEE)]


def _joined(noun: Token) -> bool:
    """The round is the object of a verb of taking part ("joined a round", "participated in a
    round"): its subject is one of the round's investors, never the company that raised it."""
    if noun.dep_ == "compound":
        noun = noun.head
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if any(c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children):
        return False  # "joined ASML in Mistral AI's round": whose round it is, is named
    return noun.dep_ in {"dobj", "pobj"} and verb.pos_ == "VERB" and verb.lemma_.lower() in words("participation_verbs")


def _side_raise(noun: Token) -> Token | None:
    """The verb of a side clause with no subject of its own that raises the round ("..., after
    closing a funding round"), or None."""
    if noun.dep_ == "compound":
        noun = noun.head  # "funding" of "a funding round"
    verb = noun.head
    if noun.dep_ not in {"dobj", "advmod", "npadvmod"} or verb.pos_ != "VERB" or verb.dep_ != "pcomp":
        return None
    if verb.lemma_.lower() not in words("raise_verbs") | words("closing_verbs"):
        return None
    return None if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children) else verb


def _joins_the_round(trig: Trigger, linked: list[Mention], ctx: Context) -> list[Party] | None:
    """ "Anthropic raised $13 billion. Google and Amazon also participated.": the companies that
    take part invest in the company whose round the article tells."""
    if trig.rule != "participation" and not also_invested(trig.token):
        return None
    raiser = ctx.raiser or _latest_investee(ctx)
    investors = [m.name for m in linked if m.name != raiser]
    if raiser is None or not investors:
        return []  # taking part in something the article does not name
    return [Party(n, Role.INVESTOR) for n in dict.fromkeys(investors)] + [Party(raiser, Role.INVESTEE)]


def also_invested(verb: Token) -> bool:
    """ "Samsung, Nvidia and Index Ventures also invested": investing in nothing named, "also",
    is taking part in the round told before."""
    if verb.pos_ != "VERB" or not additive(verb):
        return False
    if verb.lemma_.lower() == "invest":
        return not any(c.dep_ in {"dobj", "prep", "dative"} for c in verb.children)
    # "A and B also put in more capital", "also committed funds": money put into nothing named
    sums = [c for c in verb.children if c.dep_ == "dobj"]
    return (
        verb.lemma_.lower() in lexicon().needs_money
        and bool(sums)
        and all(c.lemma_.lower() in words("money_nouns") or c.ent_type_ == "MONEY" for c in sums)
        and not any(c.dep_ in {"prep", "dative"} for c in verb.children)
    )


def _latest_investee(ctx: Context) -> str | None:
    """The company the latest investment told of went into ("talks to invest in OpenAI")."""
    for event in reversed(ctx.events):
        if event.kind is Kind.INVESTMENT:
            return next((p.name for p in event.parties if p.role is Role.INVESTEE), None)
    return None


def _owns_round(root: Token, noun: Token) -> bool:
    """The company whose round it is: "Mistral's round", "the round for Mistral", "the round,
    which valued Mistral at ...", "Mistral closed a round led by A", or the company telling of
    it ("the round was backed by A and B, Figure AI said")."""
    if root.dep_ == "poss" and root.head.i == noun.i:
        return True
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in {"for", "of"} and head.head.i == noun.i:
        return True
    if root.dep_ == "dobj" and head.lemma_.lower() == "value" and (head.head.i == noun.i or _subject_is(head, noun)):
        return True
    if root.dep_ == "nsubj" and noun.dep_ in {"dobj", "obj"} and noun.head.i == head.i:
        return head.lemma_.lower() in words("round_owner_verbs")  # "Orvane closed a round led by A"
    if root.dep_ == "nsubj" and head.lemma_.lower() in words("speaking_verbs"):
        return any(c.dep_ == "ccomp" and noun.i in {t.i for t in c.subtree} for c in head.children)
    return False


def _subject_is(verb: Token, noun: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.i == noun.i for c in verb.children)


def holders_of_nothing(trig: Trigger, parties: list[Party], linked: list[Mention], doc: Doc) -> bool:
    """ "Existing investors Siemens and Bosch also took part", "investors including Nvidia and
    Bpifrance", "with participation from A, B and existing investors C and D": a holder noun whose companies are only those it lists, with nothing they hold
    named, is no stake between them."""
    noun = trig.token
    if trig.kind is not Kind.INVESTMENT or noun.lemma_.lower() not in words("holders"):
        return False
    heads = [
        g for c in noun.children for g in ([c] if c.dep_ == "appos" else c.children) if g.dep_ in {"appos", "pobj"}
    ]
    listed = {i for c in heads for i in conj_group(c)}
    if noun.dep_ == "conj":  # "from A, B and existing investors C and D": listed among them
        listed |= conj_group(noun, in_list)
    return all(p.role is not Role.INVESTEE for p in parties) and all(
        name_head(mention_root(doc, m)).i in listed for m in linked
    )


def backers_only(trig: Trigger, linked: list[Mention], doc: Doc) -> bool:
    """ "Vellum is backed by Greylock and Index Ventures" where the model knows no "Vellum": the
    companies are only the backers the "by" phrase lists, and they hold no stake in each other."""
    token = trig.token
    if trig.kind is not Kind.INVESTMENT or token.lemma_.lower() != "back":
        return False
    listed = {t.i for c in token.children if c.dep_ == "agent" for t in c.subtree}
    return bool(listed) and all(mention_root(doc, m).i in listed for m in linked)


def backers_of_one(parties: list[Party]) -> bool:
    """Investors in one company ("with participation from A, B, C and D"): however many, each
    holds a stake of its own (``_per_investor``), so they are no crowd of unclear parties."""
    roles = [p.role for p in parties]
    return roles.count(Role.INVESTEE) == 1 and roles.count(Role.INVESTOR) == len(roles) - 1
