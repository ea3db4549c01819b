"""The role of a party in a directed deal (investor/investee, acquirer/target, licensor/
licensee, supplier/customer) from its attachment to the trigger."""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Token

from kg.extract.beside import beside_verb, joined_verb
from kg.extract.control_roles import chosen, object_controller
from kg.extract.lexicon import lexicon
from kg.extract.licence_roles import licensed_from, licensing_purpose, owners_of_object, permission_role, rights_role
from kg.extract.noun_roles import customer_role, holder_role, path_to, provider_noun, provider_role, said_a_customer
from kg.extract.participle_roles import clause_participle, participle_role
from kg.extract.parties import Mention
from kg.extract.purposes import purposes
from kg.extract.round_shapes import names_a_round, raised_round_leader, round_joiner
from kg.extract.supplies import runs_on_supplies
from kg.extract.supply_verbs import deployed_for, from_companies, order_buyers, sides_of_goods
from kg.extract.syntax import antecedent, is_org, phrase_top
from kg.extract.trades import BY_SECTOR, roles_by_sector
from kg.extract.vocab import words
from kg.records import DIRECTED_ROLES, Kind, Party, Role

__all__ = [
    "paired_roles",
    "role_for",
    "symmetric",
    "complement",
    "DIRECTED",
]


def complement(kind: Kind, role: Role) -> Role | None:
    """The other side of ``role`` in a ``kind`` deal."""
    pair = DIRECTED_ROLES.get(kind)
    if pair is None or role not in pair:
        return None
    return pair[1] if role is pair[0] else pair[0]


DIRECTED = frozenset(DIRECTED_ROLES)


#: What a kind's rules give when none of them reads the sentence: the attachment decides.
_ATTACH: Literal["attach"] = "attach"
_Read = Role | None | Literal["attach"]


def role_for(kind: Kind, trigger: Token, mention_root: Token) -> Role | None:
    """Role of a party: from the rules of the trigger's shape for its kind (holder nouns, raise
    verbs, providers, purposes, sales, rights ...), else from its attachment to the trigger
    (subject side against object side)."""
    verb = joined_verb(mention_root, trigger)
    if verb is not None:
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and beside_verb(subject) is None:
            # "ASML, which invested, alongside Nvidia and Bpifrance": on the subject's side
            return role_for(kind, trigger, antecedent(subject))
    rules = {
        Kind.INVESTMENT: _investment_role,
        Kind.ACQUISITION: _acquisition_role,
        Kind.SUPPLY: _supply_role,
        Kind.LICENSING: _licensing_role,
    }.get(kind)
    read = rules(trigger, mention_root) if rules is not None else _ATTACH
    return _attachment_role(kind, trigger, mention_root) if read == _ATTACH else read


def _investment_role(trigger: Token, root: Token) -> _Read:
    lemma = trigger.lemma_.lower()
    if lemma in words("holders"):
        return holder_role(trigger, root)
    if lemma in words("raise_verbs"):
        return _raiser_role(trigger, root)
    owner_of = {trigger.i, trigger.head.i if trigger.dep_ == "compound" else trigger.i}
    if names_a_round(trigger) and root.dep_ == "poss" and root.head.i in owner_of:
        return Role.INVESTEE  # "SoftBank led OpenAI's funding round", "Mistral's Series C": whose round it is
    if trigger.dep_ in {"dobj", "obj"} and trigger.head.lemma_.lower() in words("raise_verbs"):
        return _raiser_role(trigger.head, root)  # "OpenAI received an investment from Microsoft"
    if (closed := _closed_round(trigger)) is not None:
        return _raiser_role(closed, root)  # "Xeno closed a funding round led by Accel": Xeno raised it
    if lemma in words("sale_words"):
        return _sale_role(Kind.INVESTMENT, trigger, root)
    if round_joiner(trigger, root):
        return Role.INVESTOR  # "led Mistral's Series C, joined by Nvidia"
    if lemma == "backing" and trigger.pos_ == "NOUN":  # "founded with backing from Toyota and Sony"
        top = phrase_top(root)
        from_it = top.dep_ == "pobj" and top.head.lower_ == "from" and top.head.head.i == trigger.i
        return Role.INVESTOR if from_it else Role.INVESTEE
    if lemma in words("owned_unit_nouns"):
        return _same_side(_belonging_role(trigger, root), Kind.INVESTMENT)  # "Humain, a subsidiary of the PIF"
    return _ATTACH


def _closed_round(trigger: Token) -> Token | None:
    """The verb that closes the round the trigger names ("closed a funding round"), if any."""
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    if not names_a_round(trigger) or noun.dep_ not in {"dobj", "obj"}:
        return None
    return noun.head if noun.head.lemma_.lower() in words("closing_verbs") else None


def _acquisition_role(trigger: Token, root: Token) -> _Read:
    lemma = trigger.lemma_.lower()
    if trigger.pos_ == "NOUN" and lemma in words("acquirer_nouns"):
        # "Splunk's acquirer, Cisco": read as "OpenAI's backer, Microsoft"
        return _same_side(holder_role(trigger, root), Kind.ACQUISITION)
    if lemma in words("sale_words"):
        return _sale_role(Kind.ACQUISITION, trigger, root)
    if (noun := _belonging_noun(trigger)) is not None:
        return _belonging_role(noun, root)
    if trigger.pos_ == "NOUN" and lemma in words("owned_unit_nouns") | words("became_unit_nouns"):
        return _belonging_role(trigger, root)  # "Brenna became a wholly owned subsidiary (a unit) of Orlo"
    return _ATTACH


def _supply_role(trigger: Token, root: Token) -> _Read:
    lemma = trigger.lemma_.lower()
    if (chooser := object_controller(trigger)) is not None and root.i in {chooser.i, *chosen(chooser)}:
        # "Nordlink has chosen Quintex to supply AI software": the chosen one does what the verb says
        own = _attachment_role(Kind.SUPPLY, trigger, chooser)
        side = {Role.SUPPLIER: Role.CUSTOMER, Role.CUSTOMER: Role.SUPPLIER}.get(own) if own else None
        return side if root.i == chooser.i else own
    if lemma not in words("customer_nouns") and (told := said_a_customer(root)) is not None:
        return told  # "Its largest tenant is Microsoft, which signed a lease"
    if (provider := provider_noun(trigger)) is not None:
        return provider_role(provider, root)
    if lemma == "partner" and trigger.pos_ == "NOUN":
        return provider_role(trigger, root)  # "its primary training partner": a provider
    if lemma in words("customer_nouns"):
        return customer_role(trigger, root)
    if buyers := order_buyers(trigger):  # "received an order from Quintex": Quintex buys
        return Role.CUSTOMER if root.i in buyers else Role.SUPPLIER
    granted = trigger.dep_ in {"dobj", "obj"} and trigger.head.lemma_.lower() in words("granting_verbs")
    if granted and root.head.i == trigger.head.i:  # "Microsoft awarded Nebius a contract": who awards buys
        return {"nsubj": Role.CUSTOMER, "dative": Role.SUPPLIER}.get(root.dep_)
    if (anchor := _purpose_verb(trigger)) is not None:
        return _purpose_role(trigger, anchor, root)
    if trigger.pos_ == "VERB" and runs_on_supplies(trigger, lexicon()):  # "Snowflake runs on AWS"
        return _run_on_role(trigger, root)
    if trigger.dep_ == "pobj" and trigger.head.lower_ in words("deal_frame_preps"):
        verb = trigger.head.head  # "runs in Microsoft data centres under a contract": the run tells
        if verb.lemma_.lower() in words("compute_run_verbs") and path_to(root, verb) is not None:
            return _run_on_role(verb, root)
    if trigger.pos_ == "NOUN" and lemma == "access":
        if root.dep_ == "pobj" and root.head.lower_ == "from":
            return Role.SUPPLIER  # "access to 200,000 GPUs from Nscale"
        return _same_side(rights_role(trigger, root), Kind.SUPPLY)  # "access to Google's TPUs": Google supplies
    return _ATTACH


def _run_on_role(verb: Token, root: Token) -> Role:
    """Who runs work on or in the compute is the customer; the company there supplies it."""
    path = path_to(root, verb) or []
    return Role.SUPPLIER if ("pobj", "on") in path or ("pobj", "in") in path else Role.CUSTOMER


def _licensing_role(trigger: Token, root: Token) -> _Read:
    if trigger.pos_ == "NOUN" and trigger.lemma_.lower() in words("rights_nouns"):
        return rights_role(trigger, root)
    if trigger.dep_ in {"advcl", "xcomp"} and trigger.head.lemma_.lower() in words("paying_verbs"):
        return _attachment_role(Kind.LICENSING, trigger.head, root)  # "paid Inflection to license its models"
    if trigger.pos_ == "VERB" and (owners := owners_of_object(trigger) or _licensed_from_company(trigger)):
        return licensed_from(trigger, owners, root)  # "licensed content from the Associated Press"
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in words("permission_verbs"):
        return permission_role(trigger, root)
    if trigger.pos_ == "NOUN" and (purpose := licensing_purpose(trigger)) is not None:
        signer = root.dep_ == "nsubj" and root.head.i == trigger.head.i
        # "Meta struck a deal to license Midjourney's technology": the deal's signer takes it
        return licensed_from(*purpose, root) or (Role.LICENSEE if signer else None)
    return _ATTACH


def _licensed_from_company(verb: Token) -> set[int]:
    """The companies a licence verb takes its thing "from" ("licensed content from the AP")."""
    return from_companies([verb, *(c for c in verb.children if c.dep_ in {"dobj", "obj"})])


def _same_side(role: Role | None, kind: Kind) -> Role | None:
    """The role of ``kind`` on the same side (agent or counterpart) as ``role`` of another kind."""
    if role is None:
        return None
    side = next(pair.index(role) for pair in DIRECTED_ROLES.values() if role in pair)
    return DIRECTED_ROLES[kind][side]


def _sale_role(kind: Kind, trigger: Token, root: Token) -> Role | None:
    """Roles of a sale ("SoftBank agreed to sell Arm to Nvidia", "Intel sold its unit to Nokia",
    "the sale of Arm to Nvidia"): the company sold to buys; the company, unit or stake sold (or
    the company the stake is in) is taken; the seller of another company has no role, the seller
    of its own unit or stake is taken."""
    buyer, taken = (Role.ACQUIRER, Role.TARGET) if kind is Kind.ACQUISITION else (Role.INVESTOR, Role.INVESTEE)
    verb = trigger.head
    if trigger.dep_ in {"dobj", "obj"} and verb.lemma_.lower() in words("talk_verbs"):
        top = phrase_top(root)  # "Halcyon discussed a sale with Microsoft": the seller sells itself
        if top.dep_ == "pobj" and top.head.lower_ == "with" and top.head.head.i in {trigger.i, verb.i}:
            return buyer
        if top.dep_ == "nsubj" and top.head.i == verb.i:
            return taken
    path = path_to(root, trigger)
    if path is None:  # the subject of the verb the sale hangs from ("agreed to sell")
        path = path_to(root, trigger.head) if trigger.dep_ == "xcomp" else None
    if not path:
        return None
    if any(d == "pobj" and h == "to" for d, h in path):
        return buyer
    if path[-1][0] in {"dobj", "poss"} or any(d == "pobj" and h in {"of", "in"} for d, h in path):
        return taken
    if path[-1][0] in {"nsubj", "nsubjpass"}:
        sold = [c for c in trigger.children if c.dep_ == "dobj"]
        return None if any(is_org(g) for o in sold for g in o.subtree) else taken
    return None


def _belonging_noun(trigger: Token) -> Token | None:
    """The "part" of a "now part of" / "became part of" cue (its root may be "now" or the verb)."""
    verb = trigger.head if trigger.dep_ == "advmod" else trigger
    nouns = (t for t in (trigger, *verb.children) if t.dep_ in {"attr", "appos"})  # not "bought part of X"
    return next((t for t in nouns if t.lemma_.lower() in words("belonging_nouns")), None)


def _belonging_role(noun: Token, root: Token) -> Role | None:
    """ "Cerebras is now part of Oracle", "Cerebras, now part of Oracle": the company after "of"
    owns; the company the noun describes (its subject, or the noun it is in apposition to) is owned."""
    path = path_to(root, noun)
    if path and any(d == "pobj" and h == "of" for d, h in path):
        return Role.ACQUIRER
    described = root.i == noun.head.i or (root.dep_ == "nsubj" and root.head.i == noun.head.i)
    return Role.TARGET if described else None


def _purpose_verb(trigger: Token) -> Token | None:
    """ "a contract to buy capacity from CoreWeave": the verb that says which way goods go."""
    if trigger.pos_ not in {"VERB", "NOUN", "PROPN"}:  # "partnered with Nebius to secure GPU capacity"
        return None
    ways = words("supply_strong_verbs") | words("buyer_verbs") | words("manufacturing_verbs")
    nouns = [trigger, *(g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
    return next(
        (c for n in nouns for c in purposes(n) if c.lemma_.lower() in ways), None
    )  # "a letter of intent to buy"


def _purpose_role(trigger: Token, anchor: Token, root: Token) -> Role | None:
    """Roles of a deal noun with a purpose verb: companies under the verb take their roles from
    it; the subject that signs the deal does what the verb says; a "with" party the other side."""
    if root.i in {t.i for t in anchor.subtree}:
        return _attachment_role(Kind.SUPPLY, anchor, root)
    lemma = anchor.lemma_.lower()
    if any(c.dep_ == "nsubj" for c in anchor.children):  # "an agreement for Samsung to manufacture"
        return Role.SUPPLIER if lemma in words("buyer_verbs") else Role.CUSTOMER  # the other side of its subject
    buys = lemma in words("buyer_verbs") | words("manufacturing_verbs")  # "a deal with Foxconn to assemble"
    path = path_to(root, trigger)
    if path and any(d == "pobj" and h == "with" for d, h in path):
        return Role.SUPPLIER if buys else Role.CUSTOMER
    noun = (
        trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" else trigger
    )  # "letter of intent"
    if root.dep_ == "nsubj" and noun.dep_ in {"dobj", "pobj"} and root.head.i == noun.head.i:
        return Role.CUSTOMER if buys else Role.SUPPLIER
    if root.dep_ == "nsubj" and root.head.i == trigger.i:  # the subject of "partnered ... to secure"
        return Role.CUSTOMER if buys else Role.SUPPLIER
    return None


def symmetric(trigger: Token, root: Token) -> bool:
    """ "Microsoft signed a cloud contract with IREN": a deal noun with a "with" party (on the
    noun or on the verb whose object it is), where the sentence does not say who supplies whom."""
    nominal = trigger.pos_ in {"NOUN", "PROPN"} or trigger.dep_ in {"dobj", "pobj", "nsubjpass", "attr"}
    if not nominal or _purpose_verb(trigger) is not None:
        return False
    top = trigger.head if trigger.dep_ == "compound" else trigger  # "a supply deal with AMD"
    if any(c.dep_ == "prep" and c.lower_ == "with" for c in top.children):
        return True
    path = path_to(root, top)
    if path is None and top.dep_ in {"dobj", "obj"}:  # "signed a deal with X": "with" hangs on the verb
        path = path_to(root, top.head)
    return path is not None and any(d == "pobj" and h == "with" for d, h in path)


def _raiser_role(trigger: Token, root: Token) -> Role | None:
    """ "Anthropic raised $2 billion from Google": the raiser is the investee, "from" names investors."""
    path = path_to(root, trigger)
    if not path and trigger.dep_ == "relcl" and root.i == trigger.head.i:
        return Role.INVESTEE  # "xAI, which raised $6 billion from ...": the company the clause is on
    if not path:
        # "Run:ai was founded in 2018 and had raised money from ...": the conjuncts' subject raised
        shared = trigger.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in trigger.children)
        subject = root.dep_ in {"nsubj", "nsubjpass"} or (root.dep_ == "dep" and root.i < root.head.i)  # "Run:ai"
        return Role.INVESTEE if shared and subject and root.head.i == trigger.head.i else None
    if (
        any(d == "pobj" and h == "from" for d, h in path)
        or any(h in words("round_nouns") | {"participation"} for _, h in path)
        or raised_round_leader(trigger, root)
        or round_joiner(trigger, root)  # "raised $1 billion ..., with Magnetar, A and B also participating"
    ):
        # "from Google", "in a round led by Accel", "with participation from Nvidia", "a Series A led by X"
        return Role.INVESTOR
    if path[-1][0] in {"nsubj", "nsubjpass"}:
        return Role.INVESTEE
    above = list(root.ancestors)
    if any(t.lemma_.lower() in words("participation_verbs") for t in above[: above.index(trigger)]):
        return Role.INVESTOR  # "with Nvidia and Bpifrance also investing", "with Alphabet joining as investors"
    return None


def _kept_from(trigger: Token, root: Token) -> bool:
    """``root`` is the object of a verb that keeps it "from" doing the trigger."""
    prep = trigger.head
    return (
        trigger.dep_ == "pcomp"
        and prep.lower_ == "from"
        and root.dep_ in {"dobj", "obj"}
        and root.head.i == prep.head.i
    )


def _attachment_role(kind: Kind, trigger: Token, mention_root: Token) -> Role | None:
    if (trigger.dep_ in {"amod", "acl"} and trigger.tag_ in {"VBN", "VBD"}) or clause_participle(trigger):
        return participle_role(kind, trigger, mention_root)
    if _kept_from(trigger, mention_root) and kind in DIRECTED_ROLES:
        return DIRECTED_ROLES[kind][0]  # "sued to stop Meta from buying Within": Meta would buy
    if trigger.dep_ == "relcl" and mention_root.i == trigger.head.i:
        # "Slack, which Salesforce bought": the company takes the relative pronoun's place
        # ("Anthropic, in which Amazon has invested": the pronoun is a preposition's object)
        pronouns = [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.tag_ in {"WDT", "WP"}]
        places = [c for c in trigger.children if antecedent(c).i == mention_root.i] + pronouns
        mention_root = places[0] if places else mention_root
    path = []
    t = mention_root
    while t.i != t.head.i and t.i != trigger.i:
        path.append((t.dep_, t.head.lower_))
        t = t.head
    if t.i == trigger.i and path:
        # under the trigger: the attachment nearest to it decides ("supply chips for Stargate,
        # OpenAI's programme": OpenAI is on the "for" side, its possessive is deeper)
        cut = next(
            (
                k
                for k in range(len(path) - 1, -1, -1)
                if path[k][0] in {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "poss", "obj"}
            ),
            None,
        )
        if cut is not None:
            path = path[cut:]
    deps = {d for d, _ in path}
    preps = {h for d, h in path if d == "pobj"}
    subject = bool(deps & {"nsubj", "poss", "agent"}) or ("by" in preps) or ("from" in preps)
    obj = bool(preps & {"in", "into", "for", "to", "of", "with"}) or bool(deps & {"dobj", "nsubjpass"})
    raiser = mention_root.head
    if (
        mention_root.dep_ == "nsubjpass"
        and any(c.dep_ == "xcomp" for c in raiser.children)
        and raiser in trigger.ancestors
    ):
        subject, obj = True, False  # "Salesforce is said to be in talks to acquire Slack": the reported actor
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in trigger.children)
    if passive:
        # "Darktrace agreed to be acquired by Thoma Bravo": the controlling verb's subject is the object
        controlled = trigger.dep_ == "xcomp" and "nsubj" in deps
        subject, obj = ("by" in preps or "agent" in deps), ("nsubjpass" in deps or controlled)
    lemma = trigger.lemma_.lower()
    if (kind is Kind.SUPPLY and lemma in words("buyer_verbs") and not deployed_for(trigger)) or (
        kind is Kind.LICENSING and lemma in words("paying_verbs")
    ):  # the buyer (or payer) is the customer or licensee: "Amazon will pay the Times for ..."
        subject, obj = obj or ("from" in preps), subject and "from" not in preps
    if kind is Kind.SUPPLY:
        subject, obj = sides_of_goods(trigger, mention_root, t.i != trigger.i, subject, obj)
    if not (subject or obj):
        return None
    roles = DIRECTED_ROLES.get(kind)
    if roles is None:
        return None
    return roles[0] if subject else roles[1]


def paired_roles(kind: Kind | None, parties: list[Party], linked: list[Mention]) -> list[Party]:
    """Two parties of a directed deal hold its two roles: one known role gives the other its
    complement; two equal roles cannot both be right, so a supply deal falls back on the
    parties' trades and other kinds to unknown roles."""
    if kind not in DIRECTED or len(parties) != 2:
        return parties
    a, b = parties
    if a.role is not None and b.role is None:
        return [a, Party(b.name, complement(kind, a.role))]
    if b.role is not None and a.role is None:
        return [Party(a.name, complement(kind, b.role)), b]
    if a.role is not None and a.role is b.role:
        by_sector = roles_by_sector(kind, parties, linked) if kind in BY_SECTOR else None
        return by_sector or [Party(a.name, None), Party(b.name, None)]
    return parties
