"""Companies beside a verb's subject: "KT joined the round, along with Wa'ed Ventures", "Nvidia
joined the round, as did existing investors Accel and Lakestar". They do what the subject
does; they are neither its object nor the other side of its deal."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.vocab import words

__all__ = ["beside_verb", "joined_verb", "joins_beside"]


def beside_verb(token: Token) -> Token | None:
    """The verb whose subject ``token`` (a company, or a holder noun naming companies: "along
    with existing backers A and B") acts beside, or None."""
    top = token
    while top.dep_ in {"conj", "appos", "compound"} and top.head.i != top.i:
        top = top.head
    if top.dep_ == "pobj":
        return _beside_phrase(top.head)
    verb = top.head
    if top.dep_ == "nsubj" and verb.lemma_.lower() == "do" and verb.dep_ == "advcl":
        # "..., as did existing investors Accel and Lakestar"
        return verb.head if any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) else None
    return None


def joined_verb(root: Token, trigger: Token) -> Token | None:
    """The trigger, or a verb above it, whose subject the company at ``root`` acts beside
    ("joined the round, along with existing backers A and B", "as did A"); else None."""
    verb = beside_verb(root)
    if verb is None or not (verb.i == trigger.i or any(a.i == verb.i for a in trigger.ancestors)):
        return None
    return verb


def joins_beside(root: Token, trigger: Token) -> bool:
    """The company at ``root`` acts beside the subject of the trigger or of a verb above it."""
    return joined_verb(root, trigger) is not None


def _beside_phrase(prep: Token) -> Token | None:
    """The verb an "along with" or "alongside" phrase hangs on, through the subject it may
    follow ("KT, along with Arm, joined")."""
    if prep.lower_ == "with" and prep.head.lower_ in words("beside_words"):
        prep = prep.head
    if prep.dep_ != "prep" or prep.lower_ not in words("beside_words"):
        return None
    head = prep.head
    if head.pos_ in {"VERB", "AUX"}:
        return head
    return head.head if head.dep_ in {"nsubj", "nsubjpass"} else None
