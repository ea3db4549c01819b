"""A share held in a company: "Google owns about 14% of Anthropic", "Starboard owns about 10
percent of its shares", "Arm, the chip designer in which SoftBank holds 90%"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.anaphors import the_company
from kg.extract.lexicon import Lexicon
from kg.extract.syntax import is_org
from kg.extract.vocab import words
from kg.records import Kind

if TYPE_CHECKING:
    from kg.extract.shapes import Found

__all__ = ["owns_share"]


def owns_share(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Google owns about 14% of Anthropic", "SoftBank holds 90 percent of Arm": a share held in
    a company is a stake."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in words("share_verbs") or found.holds(token):
        return None
    for obj in token.children:
        if obj.dep_ != "dobj" or obj.ent_type_ != "PERCENT":
            continue
        if any(c.lower_ == "of" and any(_a_company(g) for g in c.children) for c in obj.children):
            return Kind.INVESTMENT, "owns-share"  # "holds 9% of the company" (an anaphor resolves it)
        if _in_which(token):
            return Kind.INVESTMENT, "owns-share"  # "Arm, the chip designer in which SoftBank holds 90%"
    return None


def _in_which(verb: Token) -> bool:
    """The verb's relative clause opens with "in which" and describes a company (or a noun in
    apposition with one): "Arm, the chip designer in which SoftBank holds about 90%"."""
    opened = any(c.lower_ == "in" and any(g.lower_ == "which" for g in c.children) for c in verb.children)
    near = [verb.head, verb.head.head] if verb.head.dep_ == "appos" else [verb.head, *verb.head.children]
    return opened and verb.dep_ == "relcl" and any(is_org(t) for t in near)


def _a_company(owned: Token) -> bool:
    """What a share is "of": a company, "the company", or a company's shares ("10 percent of
    Mellanox's shares", "of its stock")."""
    if is_org(owned) or the_company(owned):
        return True
    return owned.lemma_.lower() in {"share", "stock", "equity"} and any(
        c.dep_ == "poss" and (is_org(c) or c.lower_ in {"its", "their"}) for c in owned.children
    )
