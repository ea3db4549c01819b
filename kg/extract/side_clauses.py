"""Clauses that tell a relation of their own: a relative clause about another company that
holds its own deal word, a participle or relative clause on a common noun ("chips [made by
TSMC]"); their companies are no parties of the trigger's deal, unless the clause names the
licensor of what is licensed, the seller goods are bought from or the buyer that uses them."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import company_words
from kg.extract.syntax import ancestors_of, below_chain, is_org
from kg.extract.vocab import words

__all__ = ["founding_of_a_company", "in_company_relative", "in_noun_clause"]


def in_company_relative(trigger: Token, root: Token, others: set[int]) -> bool:
    """``root`` sits in a relative clause about a company that does not hold the trigger but
    holds a deal word of its own ("Scale AI, [whose backers include Nvidia], was valued in a
    funding round"; "The San Francisco-based company, [whose investors include Nvidia], bought
    MosaicML"): that clause tells its own deal."""
    for t in below_chain(trigger, root):
        if t.dep_ != "relcl" or t.pos_ not in {"VERB", "AUX"}:
            continue
        if is_org(t.head) or (t.head.pos_ == "NOUN" and t.head.lemma_.lower() in company_words()):
            return any(d.i in others for d in t.subtree)
    return False


def founding_of_a_company(trigger: Token, word: Token) -> bool:
    """``word`` sits in a participle or relative clause on a company that tells its founding and
    does not hold the trigger ("Quintex, [founded in 2017], counts Sequoia among its backers"):
    its date is the company's, not the deal's (a clause on a company may tell the deal itself:
    "Arm, which the FTC sued to block in December 2021")."""
    return any(
        t.dep_ in {"acl", "relcl"} and t.lemma_.lower() in words("founding_verbs") and is_org(t.head)
        for t in below_chain(trigger, word)
    )


def in_noun_clause(trigger: Token, root: Token) -> bool:
    """``root`` sits in a clause that describes a common noun near the trigger ("alliances with
    key players [backing rival OpenAI]", "chips [made by TSMC]"): that clause tells its own
    relation, not the trigger's deal."""
    chain = {a.i for a in ancestors_of(trigger)}
    for t in below_chain(trigger, root):
        noun = t.head
        if noun.i in chain or noun.pos_ != "NOUN" or is_org(noun) or _holders(noun):
            continue  # a clause on the deal noun itself, or "investors that included Nvidia"
        if t.dep_ == "relcl" and t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() not in words("listing_verbs"):
            return True
        if (
            t.dep_ == "acl"
            and t.tag_ in {"VBG", "VBN"}
            and not _made_by_licensor(t, noun)
            and not _bought_from(t, root)
            and not _used_by(t, root)
            and not _vehicle_of(t, noun)
        ):
            return True  # participles, not "a letter [to invest in X]"
    return False


def _bought_from(clause: Token, root: Token) -> bool:
    """ "a GPU cluster [rented from Sakura Internet] under a three-year contract": the company
    goods are bought or rented from is the seller of a supply deal."""
    return clause.lemma_.lower() in words("buyer_verbs") and root.head.lower_ == "from" and root.head.head.i == clause.i


def _used_by(clause: Token, root: Token) -> bool:
    """ "memory [used in Nvidia's accelerators]", "chips [used by Apple]": the company goods go
    into, or that uses them, is the buyer of a supply deal."""
    top = root.head if root.dep_ == "poss" else root
    return (
        clause.lemma_.lower() == "use"
        and top.dep_ == "pobj"
        and top.head.lower_ in {"in", "by"}
        and top.head.head.i == clause.i
    )


def _vehicle_of(clause: Token, noun: Token) -> bool:
    """ "a joint venture with funds managed by Blue Owl Capital": investment vehicles managed,
    advised or controlled by a company stand for it in the deal."""
    return (
        noun.lemma_.lower() in words("vehicle_nouns")
        and clause.lemma_.lower() in words("managing_verbs")
        and any(c.dep_ == "agent" for c in clause.children)
    )


def _made_by_licensor(clause: Token, noun: Token) -> bool:
    """ "to license a Japanese-language model [developed by Kotoba Works]": the maker of what a
    licence covers is its licensor, a party."""
    return (
        noun.dep_ == "dobj"
        and noun.head.lemma_.lower() in words("licensing_verbs")
        and any(c.dep_ == "agent" for c in clause.children)
    )


def _holders(noun: Token) -> bool:
    """ "investors", "a consortium", "a group of investors": a noun for the holders of a stake."""
    lemma = noun.lemma_.lower()
    if lemma in words("holders"):
        return True
    if lemma not in words("holder_groups"):
        return False
    members = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    return lemma != "group" or any(m.lemma_.lower() in words("holders") for m in members)
