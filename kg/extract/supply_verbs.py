"""A supply verb as a deal: "will supply HBM to Nvidia", "rents servers from Oracle", "makes
chips for Nvidia and Apple", "runs its workloads on Azure" (a weak verb needs a sum, a client, a
seller or work run on the supplies)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.misread import licence_of_owned
from kg.extract.supplies import runs_on_supplies, supply_noun, takes_supplies
from kg.extract.syntax import ancestors_of, antecedent, company_after, has_money_near, is_org, tree_distance
from kg.extract.taken import describes_next_company, direct_objects
from kg.extract.vocab import words
from kg.records import Kind

if TYPE_CHECKING:
    from kg.extract.shapes import Found

__all__ = ["deployed_for", "goods_made_for", "goods_owner", "placed_order", "sides_of_goods", "supply_verb"]


def _made_together(head: Token) -> bool:
    """A partnering word, or a verb that sets up a venture ("set up a joint venture ... to sell
    the ChatGPT maker's tools"): a purpose clause on it is what the partners do together."""
    partnering = words("partnering_words")
    if head.lemma_.lower() in partnering:
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in partnering | {"venture"} for c in head.children)


def supply_verb(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """A supply verb with supplies in its reach, a company near, and a client it does not take."""
    lemma = token.lemma_.lower()
    if lemma not in lex.supply_verbs or token.pos_ not in {"VERB", "AUX"} or token.dep_ == "amod":
        return None  # (a participle before a noun describes it: "Nvidia-powered servers")
    if token.dep_ in {"acl", "advcl", "xcomp"} and _made_together(token.head):
        return None  # "a partnership with Nvidia to deliver AI systems": what the partners do together
    if lemma not in words("supply_strong_verbs") and not has_money_near(token, sent, 10, ents):
        runs_on = runs_on_supplies(token, lex) and any(c.dep_ == "nsubj" and is_org(c) for c in token.children)
        if not (_for_a_client(token, lex) or runs_on or _from_a_seller(token, lex)):
            # a weak supply verb needs a sum, supplies made for a company or bought from one, or work run on them
            return None
    reach = [*token.subtree, *(antecedent(c) for c in token.children if c.dep_ == "dobj")]  # "chips, which it rents"
    if not any(
        t.lemma_.lower() in lex.supply_nouns
        and abs(t.i - token.i) <= 10
        and not (t.dep_ == "compound" and t.head.pos_ == "PROPN")  # "data-catalog provider Metastack": a name's
        for t in reach
    ):
        return None  # no supplies in its reach
    if any(c.dep_ == "nsubj" and c.lemma_.lower() in lex.supply_nouns and not is_org(c) for c in token.children):
        return None  # "the new chips will rely on Broadcom's networking": goods buy nothing
    if not any(is_org(t) and tree_distance(token, t) <= 4 for t in sent):
        return None  # no company near
    takes_company = any(
        is_org(o) or o.lemma_.lower() in lex.one_party_heads or describes_next_company(o, lex)
        for o in direct_objects(token)
    ) and not any(  # "provide OpenAI with 4.5 gigawatts": the client; "tapped Google for TPUs": the supplier
        c.dep_ == "prep"
        and c.lower_ in {"with", "for"}
        and any(t.lemma_.lower() in lex.supply_nouns for t in c.subtree)
        for c in token.children
    )
    return None if takes_company else (Kind.SUPPLY, "verb:supply")


def _from_a_seller(verb: Token, lex: Lexicon) -> bool:
    """ "ordered 20,000 GPUs from Nvidia", "rents servers from Oracle": supplies taken from a company
    (the parser may hang "from Oracle" on the goods)."""
    return takes_supplies(verb, lex) and any(company_after(t, "from") for t in [verb, *direct_objects(verb)])


def _for_a_client(verb: Token, lex: Lexicon) -> bool:
    """ "makes chips for Nvidia and Apple", "builds data centres for OpenAI", "makes Tesla's
    chips": the verb's object is supplies and a company is whom they are for."""
    goods = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.supply_nouns]
    if verb.lemma_.lower() in words("making_verbs") and any(
        c.dep_ == "poss" and is_org(c) for g in goods for c in g.children
    ):
        return True  # "Samsung makes Tesla's AI4 chip": the goods' owner is whom they are made for
    return bool(goods) and any(  # the parser hangs "for Nvidia" on the verb or on the goods
        c.dep_ in {"prep", "dative"} and c.lower_ == "for" and any(g.dep_ == "pobj" and is_org(g) for g in c.children)
        for c in [*verb.children, *(c for g in goods for c in g.children)]
    )


def placed_order(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "placed an order with Dell for servers", "a $300 million order for AI servers with HPE",
    "an order for 18,000 Nvidia processors", "a server order from Supermicro": an order for
    supplies with a company, or for its goods, buys them from it; "received an order from Quintex for
    servers": one from a company sells them to it."""
    if token.lemma_.lower() != "order" or token.pos_ != "NOUN":
        return None
    # "with" may hang on the verb, or on the goods ("an order for servers with HPE")
    holders = [*token.subtree, token.head] if token.dep_ in {"dobj", "obj"} else list(token.subtree)
    seller = any(company_after(t, "with") or company_after(t, "from") for t in holders)
    wanted = [p for t in holders for p in t.children if p.dep_ == "prep" and p.lower_ == "for"]
    goods = [t for p in wanted for t in p.subtree if t.lemma_.lower() in lex.supply_nouns]
    goods += [
        c for c in token.children if c.dep_ == "compound" and c.lemma_.lower() in lex.supply_nouns
    ]  # "a server order"
    # "an order for 18,000 of Nvidia's processors": the goods' maker sells them
    maker = any(is_org(c) and c.dep_ in {"poss", "compound"} for g in goods for c in g.children)
    return (Kind.SUPPLY, "order") if (seller or maker) and goods else None


def order_buyers(order: Token) -> set[int]:
    """ "received an order from Quintex for servers", "won a contract from OpenAI": the token
    indices of the companies an order, or a contract won (``winning_verbs``), comes from (the
    buyers; the company that receives it sells), empty for any other word and for an order a
    company places or negotiates ("a server order from Supermicro" comes from its seller)."""
    lemma, taken = order.lemma_.lower(), order.dep_ in {"dobj", "obj"}
    won = taken and order.head.lemma_.lower() in words("winning_verbs")
    if (lemma != "order" and not (won and lemma in words("contract_words"))) or order.pos_ != "NOUN":
        return set()
    if taken and not won:
        return set()  # "is negotiating a server order from Supermicro": the buyer's, from the seller
    return from_companies([order, order.head] if taken else [order])


def from_companies(holders: Sequence[Token]) -> set[int]:
    """The token indices of the companies that the "from" phrases of ``holders`` name ("an order
    from Quintex", "licensed content from the AP")."""
    return {
        g.i
        for t in holders
        for c in t.children
        if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children
        if g.dep_ == "pobj" and is_org(g)
    }


def goods_made_for(noun: Token) -> bool:
    """ "Its chips are made by GlobalFoundries", "Hanul's chips are produced by Samsung": goods
    that are the subject of a passive supply verb with a maker (whose owner is the customer)."""
    verb = noun.head
    return (
        noun.dep_ == "nsubjpass"
        and verb.lemma_.lower() in lexicon().supply_verbs
        and any(c.dep_ == "agent" for c in verb.children)
    )


def goods_owner(trigger: Token, root: Token) -> bool:
    """ "Hanul's chips are made by Samsung under a production contract": the owner of goods made
    under the deal word is as near to it as the maker; so is the owner of what a licence is to
    ("a licence to the speech technology of Parlance", "a licence to Parlance's models")."""
    if root.dep_ == "poss" and goods_made_for(root.head) and root.head.head.i in {a.i for a in ancestors_of(trigger)}:
        return True
    if root.dep_ == "poss" and _goods_used_in(root.head, trigger):
        return True
    licence = licence_of_owned(root)
    return licence is not None and licence.i == trigger.i and trigger.lemma_.lower() in words("licensing_verbs")


def _goods_used_in(product: Token, trigger: Token) -> bool:
    """ "supplies the bulk of the memory used in Nvidia's accelerators": the product that the
    deal's goods go into (its owner is the client)."""
    prep = product.head
    used = prep.head
    return (
        product.dep_ == "pobj"
        and prep.lower_ in {"in", "inside", "into"}
        and used.dep_ == "acl"
        and used.tag_ == "VBN"
        and supply_noun(used.head, lexicon())
        and used.head.i in {t.i for t in trigger.subtree}
    )


def sides_of_goods(trigger: Token, root: Token, outside: bool, subject: bool, obj: bool) -> tuple[bool, bool]:
    """The (seller, buyer) sides of a supply deal word's company ``root`` (``outside``: not under
    the deal word) by where its goods come from."""
    goods = [g for g in trigger.subtree if g.lemma_.lower() in lexicon().supply_nouns] if trigger.pos_ == "NOUN" else []
    if sellers := from_companies(goods):
        # "signed a deal for chips from Samsung": Samsung sells, who makes the deal buys ("a
        # contract from the Pentagon" is one the Pentagon awards: only the goods' "from" sells)
        subject, obj = (True, False) if root.i in sellers else (subject and not outside, obj or subject)
    return subject, obj


def deployed_for(verb: Token) -> bool:
    """ "Nscale will deploy 200,000 GPUs for Microsoft": who deploys for a company supplies it
    (the parser may hang "for" on the goods)."""
    heads = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "obj"})]
    return verb.lemma_.lower() in words("deploy_verbs") and any(
        c.dep_ == "prep" and c.lower_ == "for" and any(is_org(g) for g in c.children) for h in heads for c in h.children
    )
