"""Companies coordinated in one slot of a deal word ("Nvidia and Qualcomm also secured
agreements", "It supplies chips to Nokia and Ericsson"): each has a deal of its own with someone
else, or they stand side by side, not on the deal's two sides."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.parties import Mention, name_head
from kg.extract.raw import Trigger
from kg.extract.roles import DIRECTED
from kg.extract.syntax import conj_group, is_org, mention_root
from kg.extract.together import reciprocal
from kg.extract.vocab import words
from kg.records import Kind

__all__ = ["co_actors", "co_directed", "one_coordination", "partners_of_one"]


def co_actors(trigger: Token, linked: list[Mention], doc: Doc) -> bool:
    """ "Nvidia and Qualcomm also secured agreements": companies coordinated on one side of a
    plural deal word each have their own deals, with someone the sentence does not name (but
    "Orvex and Talpa are in talks": talks are between the companies coordinated)."""
    if trigger.tag_ not in {"NNS", "NNPS"} or _in_talks(trigger):
        return False
    roots = one_coordination(linked, doc)
    return roots is not None and not any(r.i in {t.i for t in trigger.subtree} for r in roots)


def _in_talks(trigger: Token) -> bool:
    """ "Orvex and Talpa are in talks": the companies are talking to each other."""
    return trigger.dep_ == "pobj" and trigger.head.lower_ == "in" and trigger.lemma_.lower() in words("talk_nouns")


def co_directed(trig: Trigger, linked: list[Mention], doc: Doc) -> bool:
    """ "Nvidia and Samsung are also investing", "It supplies optical engines to Nokia and
    Ericsson": companies coordinated in one slot of a directed deal verb stand side by side;
    neither is the other's investee, supplier or target (the other side is someone else). So
    are the companies a deal is "with" ("licensing arrangements with Meta and Spotify")."""
    if _all_with(linked, doc):
        return True
    if trig.kind not in DIRECTED or reciprocal(trig.token):
        return False  # "Samsung and Google agreed to cross-license their patents": with each other
    roots = one_coordination(linked, doc)
    if roots is None:
        return False
    if trig.token.pos_ != "VERB":  # "funding rounds for OpenAI and xAI": a noun's objects
        return all(r.dep_ in {"pobj", "conj"} for r in roots) and _side_by_side(roots)
    if any(r.dep_ in {"nsubj", "nsubjpass"} for r in roots):
        return True
    return _side_by_side(roots)


def _side_by_side(roots: list[Token]) -> bool:
    """Objects named side by side with "and", not "between" them."""
    return (
        len({r.i for r in roots}) == len(roots)
        and any(r.dep_ == "conj" for r in roots)
        and all((r.pos_ == "PROPN" or is_org(r)) and r.dep_ in {"pobj", "dobj", "conj"} for r in roots)
        and not any(t.lower_ == "between" for r in roots for t in r.ancestors)
    )


def _all_with(linked: list[Mention], doc: Doc) -> bool:
    """Every company is one coordination that is the object of "with": the deal's other side."""
    roots = one_coordination(linked, doc)
    return roots is not None and roots[0].dep_ == "pobj" and roots[0].head.lower_ == "with" and len(set(roots)) > 1


def one_coordination(linked: list[Mention], doc: Doc) -> list[Token] | None:
    """The heads of the mentions' phrases when they are all coordinated with one another
    ("Nvidia and Samsung"), else None."""
    roots = [name_head(mention_root(doc, m)) for m in linked]
    group = conj_group(roots[0])
    return roots if all(r.i in group for r in roots) else None


def partners_of_one(trig: Trigger, linked: list[Mention], doc: Doc) -> bool:
    """ "OpenAI will anchor a cluster in partnership with G42, Oracle, Nvidia, Cisco and
    SoftBank": one company and the list its partnership is "with", however long, are one
    partnership, no crowd of unclear parties."""
    if trig.kind is not Kind.PARTNERSHIP:
        return False
    listed = [m for m in linked if name_head(mention_root(doc, m)).i in _with_list(trig.token)]
    return len(listed) >= 2 and len({m.name for m in linked} - {m.name for m in listed}) == 1


def _with_list(deal: Token) -> set[int]:
    """The token indices of the names coordinated after the deal word's "with"."""
    return {
        i
        for c in deal.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for g in c.children
        if g.dep_ == "pobj"
        for i in conj_group(g)
    }
