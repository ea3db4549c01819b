"""Funding rounds in the parse: taking part in one, leading one, joining one led."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.syntax import is_org, phrase_top
from kg.extract.vocab import words

__all__ = [
    "takes_part",
    "joins_a_raise",
    "leads_a_round",
    "names_a_round",
    "raised_round_leader",
    "round_joiner",
    "round_of_a_raise",
]


def takes_part(verb: Token) -> bool:
    """A verb of taking part in a deal: "participate", "join", "invest", "take part"."""
    lemma = verb.lemma_.lower()
    if lemma not in words("participation_verbs"):
        return False
    return lemma != "take" or any(c.lower_ == "part" for c in verb.children)


def joins_a_raise(verb: Token) -> bool:
    """A participation verb with no object of its own, hung on a raise verb ("raised $2 billion,
    with Alphabet joining", "with Nvidia also investing") or on the lead of a round ("the round
    was led by X, with Y taking part", "X led Mistral's Series C, joined by Y"): it joins that
    raise, no deal apart."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ == "with":
        head = head.head  # "raised $242 million, with KT and Arm also taking part"
    return (
        verb.pos_ == "VERB"
        and takes_part(verb)
        and verb.dep_ in {"conj", "advcl", "pcomp", "pobj"}
        and (head.lemma_.lower() in words("raise_verbs") or leads_a_round(head))
        and not any(c.dep_ in {"dobj", "prep"} and c.lower_ != "part" for c in verb.children)
    )


def leads_a_round(verb: Token) -> bool:
    """ "the round was led by X", "a round led by X", "X led Mistral's Series C": the verb naming
    a round's lead backer."""
    if verb.lemma_.lower() != "lead":
        return False
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in words("round_nouns"):
        return True
    return any(c.dep_ in {"nsubjpass", "dobj"} and names_a_round(c) for c in verb.children)


def names_a_round(noun: Token) -> bool:
    """ "the round", "funding", "Series C" (a round word compounded on the letter): a funding round."""
    rounds = words("round_nouns")
    return noun.lemma_.lower() in rounds or any(
        g.dep_ == "compound" and g.lemma_.lower() in rounds for g in noun.children
    )


def round_joiner(trigger: Token, root: Token) -> bool:
    """ "ASML led Mistral's Series C, joined by Nvidia", "led a round in Qaswara, with G42 also
    taking part": a company joining the round the trigger leads or names (the trigger is the
    lead verb or its object)."""
    top = phrase_top(root)
    prep = top.head
    near = {trigger.i, trigger.head.i, trigger.head.head.i if trigger.dep_ == "compound" else trigger.head.i}
    if top.dep_ == "nsubj" and joins_a_raise(prep):  # "led a round in Qaswara, with G42 also taking part"
        raise_verb = prep.head.head if prep.head.lower_ == "with" else prep.head
        return raise_verb.i in near
    if top.dep_ == "pobj" and prep.lower_ == "with" and prep.head.i in near:
        # the parser may hang "with G42" and "also taking part" on the lead verb apart
        return any(joins_a_raise(c) and not _own_subject(c, top) for c in prep.head.children)
    return top.dep_ == "pobj" and prep.lower_ == "by" and joins_a_raise(prep.head) and prep.head.head.i in near


def _own_subject(verb: Token, listed: Token) -> bool:
    """The joining verb has a subject of its own, not the rest of the "with" list the parser
    made its subject ("with Magnetar, [Altimeter, Fidelity and Lykos] also participating")."""
    return any(
        g.dep_ == "nsubj"
        and not (is_org(g) and all(t.text in {",", "and"} for t in g.doc[listed.right_edge.i + 1 : g.left_edge.i]))
        for g in verb.children
    )


def raised_round_leader(trigger: Token, root: Token) -> bool:
    """ "Quarry raised a Series A led by Radical Ventures, with Inovia also participating": the
    company that leads or backs the round the raise verb takes is as near to it as a joiner."""
    top = phrase_top(root)
    by = top.head
    if top.dep_ != "pobj" or by.lower_ != "by":
        return False
    verb = by.head
    if verb.dep_ != "acl" or verb.lemma_.lower() not in words("round_verbs") or not names_a_round(verb.head):
        return False
    taker = verb.head.head
    if taker.dep_ == "prep":
        taker = taker.head  # "raised $30 million in a round led by X"
    return taker.i == trigger.i


def round_of_a_raise(word: Token) -> bool:
    """ "raised $242 million in a Series C round": the round (or its letter) a raise verb names is
    that raise, no deal of its own."""
    noun = word.head if word.dep_ == "compound" else word
    prep = noun.head
    return (
        noun.lemma_.lower() in words("round_nouns")
        and noun.dep_ == "pobj"
        and prep.lower_ == "in"
        and prep.head.pos_ == "VERB"
        and prep.head.lemma_.lower() in words("raise_verbs")
    )
