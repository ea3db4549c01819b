"""What a deal word takes: its objects, through quantities and coordinations ("buy a 49%
stake", "$250 billion of Azure services"), and a company named right after them."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon
from kg.extract.syntax import antecedent, is_org
from kg.extract.vocab import words

__all__ = ["describes_next_company", "direct_objects"]


def direct_objects(trigger: Token) -> list[Token]:
    """The thing a buy/acquire trigger takes: its object ("buy Arm", "buy a stake"), the ``of``
    complement of a noun trigger ("purchase of Arm"), the passive subject ("was acquired"),
    through quantities ("$250 billion of Azure services", "49% of Scale") and coordinations."""
    heads: list[Token] = []
    passive = any(c.dep_ == "auxpass" for c in trigger.children)
    for child in trigger.children:
        if child.dep_ in {"dobj", "obj"} or (passive and child.dep_ == "nsubjpass"):
            heads.append(antecedent(child))
        elif child.dep_ == "prep" and child.lower_ == "of" and trigger.pos_ in {"NOUN", "PROPN"}:
            heads.extend(g for g in child.children if g.dep_ == "pobj")
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.pos_ in {"NOUN", "PROPN"}:
        heads.append(trigger.head)  # "the startup acquired by Nvidia"
    out: list[Token] = []
    for head in heads:
        seen = 0
        while (
            head.lemma_.lower() in words("quantity_heads") or head.ent_type_ in {"MONEY", "PERCENT", "CARDINAL"}
        ) and seen < 3:
            # "120 billion yen (about $810 million) worth of servers": "worth" in apposition
            near = [
                head,
                *(c for c in head.children if c.dep_ == "appos" and c.lemma_.lower() in words("quantity_heads")),
            ]
            nxt = [
                g
                for t in near
                for c in t.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            if not nxt:
                break
            head, seen = nxt[0], seen + 1
        out.append(head)
        out.extend(t for t in head.conjuncts)
    return out


def describes_next_company(obj: Token, lex: Lexicon) -> bool:
    """ "buy cloud security startup Wiz": the object's words describe the company named right after
    them, even when the parser reads "startup" as a verb."""
    doc = obj.doc
    for i in range(obj.i + 1, min(len(doc), obj.i + 4)):
        t = doc[i]
        if is_org(t):
            return any(doc[j].lower_ in lex.one_party_heads for j in range(obj.i, i))
        if t.is_punct or t.pos_ in {"ADP", "CCONJ", "DET", "PRON"}:
            return False
    return False
