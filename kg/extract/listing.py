"""Companies in lists: those a verb lists as another's holders or customers ("OpenAI's backers
*include* Nvidia", "Mistral *counts* Nvidia among its investors", "Brenner, which *counts* BMW
among its customers") and the roles each side takes; and those named only as examples of a
kind of company ("providers such as Amazon", "the likes of Meta")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.syntax import antecedent, is_org, phrase_top
from kg.extract.vocab import words
from kg.records import Role

__all__ = ["counted_role", "example_list", "generic_example", "listed_with", "listing_verb"]


def listing_verb(trigger: Token) -> Token | None:
    """The verb that lists a company's holders: "OpenAI's backers *include* Nvidia", "OpenAI
    *counts* Nvidia among its backers"; None when the holder noun is not so used."""
    if trigger.lemma_.lower() not in words("holders"):
        return None
    verb = trigger.head
    if trigger.dep_ == "pobj" and verb.lower_ in {"among", "as"}:  # "counts Nvidia among (as) its investors"
        verb = verb.head
    elif trigger.dep_ != "nsubj":
        return None
    return verb if verb.lemma_.lower() in words("listing_verbs") else None


def listed_with(trigger: Token, root: Token) -> bool:
    """The companies a listing verb takes as its object are the holders."""
    verb = listing_verb(trigger)
    if verb is None:
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
    return any(root.i in {t.i for t in o.subtree} for o in objects)


def counted_role(trigger: Token, root: Token, counter: Role, counted: Role) -> Role | None:
    """ "Brenner, which counts BMW among its customers": the companies counted are ``counted``,
    the company counting (the subject, or the one "which" stands for) is ``counter``."""
    verb = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ in {"among", "as"} else None
    if verb is None or verb.lemma_.lower() != "count":
        return None
    if any(c.dep_ == "dobj" and root.i in {t.i for t in c.subtree} for c in verb.children):
        return counted
    subject = next((antecedent(c) for c in verb.children if c.dep_ == "nsubj"), None)
    return counter if subject is not None and root.i == subject.i else None


def example_list(root: Token) -> Token | None:
    """ "providers such as Amazon, Microsoft and Google", "its group companies — including LY and
    PayPay": the class noun a company is an example of (None when it is not in such a list)."""
    top = phrase_top(root)
    if top.dep_ == "dobj" and top.head.lemma_.lower() == "include":  # "whose customers include A and B"
        noun = next((c for c in top.head.children if c.dep_ == "nsubj"), None)
        if (
            noun is None
            or noun.tag_ != "NNS"
            or noun.ent_type_
            or noun.lemma_.lower() in (words("holder_nouns") - words("customer_nouns")) | words("agent_nouns")
            or (
                noun.lemma_.lower() in words("customer_nouns")
                and any(c.dep_ == "poss" and is_org(c) for c in noun.children)
            )
        ):
            return None  # "its investors include A and B", "Micron's customers include AMD": named, not examples
        return noun
    if top.dep_ != "pobj":
        return None
    prep = top.head
    if prep.lower_ == "including" or (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)):
        noun = prep.head
    elif prep.lower_ == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such":
        noun = prep.head
    elif prep.lower_ == "of" and prep.head.lower_ == "likes":
        return prep.head  # "to the likes of xAI": examples of a kind of customer or partner
    else:
        return None
    if noun.dep_ in {"nsubj", "nsubjpass"} and noun.lemma_.lower() in words("holders"):
        return None  # "Existing investors including Nvidia and Bpifrance also took part": they act
    return noun if noun.pos_ == "NOUN" and noun.tag_ == "NNS" else None


def generic_example(root: Token) -> bool:
    """ "sells chips to the likes of Microsoft and Meta": examples of a kind of customer or
    partner, named to describe a market, not parties of a deal."""
    noun = example_list(root)
    return noun is not None and noun.lower_ == "likes"
