"""Roles around nouns for one side of a deal: holders ("investor", "backer"), providers and
customers: what the noun holds, serves or describes decides which side a company is on."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.listing import counted_role, listed_with
from kg.extract.misread import told_a_customer
from kg.extract.parties import name_head
from kg.extract.syntax import first_conjunct, in_list
from kg.extract.vocab import words
from kg.records import Role

__all__ = [
    "customer_role",
    "described_by",
    "holder_role",
    "path_to",
    "provider_noun",
    "provider_role",
    "said_a_customer",
]


def path_to(root: Token, top: Token) -> list[tuple[str, str]] | None:
    """The (dependency, head word) steps from ``root`` up to ``top``; None when ``top`` is not above it."""
    path = []
    t = root
    while t.i != top.i:
        if t.i == t.head.i:
            return None
        path.append((t.dep_, t.head.lower_))
        t = t.head
    return path


def holder_role(trigger: Token, root: Token) -> Role | None:
    """Roles around a holder noun ("investor", "backer", "shareholder"): what it holds is the
    investee ("an investor in OpenAI", "OpenAI's backers"); what it describes or lists is the
    investor ("Nvidia, an investor in OpenAI", "backers including Nvidia", "OpenAI's backers
    include Nvidia", "counts Nvidia among its investors"); a company outside the noun phrase
    that the noun does not describe is the one that holds the investors ("xAI raised money from
    investors including Fidelity")."""
    path = path_to(root, trigger)
    if path is not None:
        if not path:
            return None
        held = any(d == "pobj" and h in {"in", "of", "into"} for d, h in path) or path[-1][0] in {"poss", "compound"}
        return Role.INVESTEE if held else Role.INVESTOR
    if described_by(trigger, root) or listed_with(trigger, root) or _same_list(trigger, root):
        return Role.INVESTOR
    return Role.INVESTEE


def _same_list(noun: Token, root: Token) -> bool:
    """ "with participation from Salesforce Ventures, Samsung Next and existing investors Index
    Ventures and Accel": companies listed together with the holder noun are holders too."""
    return noun.dep_ == "conj" and first_conjunct(noun, in_list).i == first_conjunct(name_head(root), in_list).i


def provider_noun(trigger: Token) -> Token | None:
    """The "provider"/"supplier" noun a supply trigger is or modifies ("cloud provider")."""
    nouns = words("provider_nouns") - {"partner"}
    for t in (trigger, trigger.head):
        if t.lemma_.lower() in nouns:
            return t
        if t.dep_ not in {"compound", "amod"}:
            break
    return None


def provider_role(trigger: Token, root: Token) -> Role | None:
    """Roles around "provider"/"supplier": whom it serves is the customer ("OpenAI's cloud
    provider", "a supplier to Apple", "provider of chips for Meta"); what it describes is the
    supplier ("Azure will be OpenAI's provider", "Oracle, a provider for OpenAI")."""
    return _served_role(trigger, root, {"to", "for"}, other=Role.CUSTOMER, described=Role.SUPPLIER)


def customer_role(trigger: Token, root: Token) -> Role | None:
    """Roles around "customer"/"client": whose customer it is supplies ("Oracle's customer", "a
    customer of Oracle"); what it describes is the customer ("Meta is a customer of Oracle")."""
    return _served_role(trigger, root, {"of", "for"}, other=Role.SUPPLIER, described=Role.CUSTOMER)


def _served_role(trigger: Token, root: Token, preps: set[str], other: Role, described: Role) -> Role | None:
    """Roles around a noun for one side of a supply deal: the company in its possessive or
    under one of ``preps`` is the ``other`` side; the company the noun describes is ``described``."""
    path = path_to(root, trigger)
    if path is not None:
        if not path:
            return None
        linked = path[-1][0] in {"poss", "compound"} or any(d == "pobj" and h in preps for d, h in path)
        return other if linked else None
    if described_by(trigger, root):
        return described
    return counted_role(trigger, root, other, described)


def described_by(trigger: Token, root: Token) -> bool:
    """ "Nvidia, an investor in OpenAI", "Nvidia is an investor in OpenAI", "Nvidia was among the
    investors": the noun describes the company."""
    described = {root.i, *(c.i for c in root.conjuncts)}
    if trigger.dep_ in {"appos", "compound"} and trigger.head.i in described:  # "OpenAI backer Microsoft"
        return True
    if trigger.dep_ == "attr" and trigger.head.lemma_ in words("listing_verbs"):
        return any(c.dep_ == "nsubj" and c.i in described for c in trigger.head.children)
    among = trigger.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "among" else None
    if among is not None and among.head.lemma_ == "be":  # "Nvidia and Intel were among the investors"
        return any(c.dep_ == "nsubj" and c.i in described for c in among.head.children)
    return False


def said_a_customer(root: Token) -> Role | None:
    """ "Its largest tenant is Microsoft, which signed a lease", "Microsoft, its biggest customer":
    the sentence calls the company a customer, so it buys in the supply deal told beside, and
    whose customer it is ("its") supplies."""
    customers = words("customer_nouns")
    if root.dep_ == "poss" and root.head.lemma_.lower() in customers and root.head.head.lemma_ == "be":
        return Role.SUPPLIER
    if told_a_customer(root) or any(c.dep_ == "appos" and c.lemma_.lower() in customers for c in root.children):
        return Role.CUSTOMER
    return None
