"""Business units as parties: the guideline folds a unit into its parent ("AWS" is Amazon),
except the unit a takeover or a stake takes while the sentence names the parent too ("Google
acquired DeepMind"); a unit its parent owns in the phrase ("SoftBank's Vision Fund", "Nvidia's
venture arm NVentures", "its Samsung Catalyst Fund") stays the parent's."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.parties import Mention, name_head, unit_owner
from kg.extract.raw import Trigger
from kg.extract.syntax import mention_root
from kg.extract.vocab import words
from kg.records import Kind

__all__ = ["bought_units"]


def bought_units(triggers: list[Trigger], mentions: list[Mention], doc: Doc) -> list[Mention]:
    """ "Google acquired DeepMind in 2014": a unit the gazetteer folds into its parent keeps its
    own name when the sentence also names the parent and tells a takeover or a stake (else the
    deal would be the parent's with itself); "Amazon's AWS signed a deal" and "raised money
    from SoftBank's Vision Fund" stay the parent's (the parent owns the unit named)."""
    if not any(t.kind in {Kind.ACQUISITION, Kind.INVESTMENT} for t in triggers):
        return mentions
    ends = {(m.end, m.name) for m in mentions if not m.unit}
    owned = {
        m.start
        for m in mentions
        if m.unit
        and (
            (m.start > 0 and doc[m.start - 1].tag_ == "POS" and (m.start - 1, m.name) in ends)
            or _arm_of(m, doc)
            or _its_own(m, doc)
        )
    }
    parents = {m.name for m in mentions if not m.unit}
    return [replace(m, name=m.unit) if m.unit and m.name in parents and m.start not in owned else m for m in mentions]


def _arm_of(unit: Mention, doc: Doc) -> bool:
    """ "Nvidia's venture arm NVentures": the unit is in apposition to a noun its parent owns;
    "M12, Microsoft's venture fund,": a noun its parent owns is in apposition to the unit."""
    root = mention_root(doc, unit)
    owner = unit_owner(root) if root.dep_ == "appos" else None
    if owner is not None and owner.ent_id_ == unit.name:
        return True
    return any(_owned_by(a, unit.name) for a in root.children if a.dep_ == "appos")


def _owned_by(noun: Token, parent: str) -> bool:
    """ "Microsoft's venture fund": a unit noun whose possessive (on it or its compound) is ``parent``."""
    if noun.lemma_.lower() not in words("unit_nouns"):
        return False
    words_of = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    return any(c.dep_ == "poss" and c.ent_id_ == parent for w in words_of for c in w.children)


def _its_own(unit: Mention, doc: Doc) -> bool:
    """ "Samsung will take part through its Samsung Catalyst Fund": a unit its parent's "its"
    owns acts for the parent."""
    root = name_head(mention_root(doc, unit))
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in root.children)
