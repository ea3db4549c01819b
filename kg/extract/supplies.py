"""What makes a deal word a supply deal: chips, compute, cloud or power in its scope, among
its modifiers, or as what its purpose clause buys, uses or runs on."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.parties import names_cloud_unit
from kg.extract.purposes import purpose_clauses, purposes
from kg.extract.syntax import has_money_near, scope_of
from kg.extract.vocab import words

__all__ = [
    "covers_supplies",
    "distribution_deal",
    "mou_for_supplies",
    "partners_to_buy",
    "priced_supply_partnership",
    "supplies_under_it",
    "supply_modified",
    "supply_noun",
    "takes_supplies",
]


def covers_supplies(noun: Token) -> bool:
    """ "a multi-year deal covering data center chips", "an agreement for cloud capacity", "a
    cloud services contract", "a deal to rent TPUs", "signed a deal with X for TPUs": a bare deal
    word whose scope is chips, compute, cloud or power is a supply deal."""
    lex = lexicon()
    if supply_modified(noun, lex):
        return True  # "a cloud services contract", "a compute agreement", "a wafer and packaging agreement"
    if any(
        buys_supplies(v, lex)
        or uses_supplies(v, lex)
        or runs_on_supplies(v, lex)
        or v.lemma_.lower() in words("manufacturing_verbs")
        for v in purpose_clauses(noun)
    ):
        # "a deal to rent Google Cloud TPUs", "to use Oracle's cloud", "to run its workloads on
        # Azure", "an agreement for Samsung to manufacture the S2"
        return True
    if supplies_under_it(noun, lex):
        return True  # "a contract with Sakura, the cloud provider, under which Sakura would lease capacity"
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in words("deal_frame_preps") else None
    if verb is not None and verb.lemma_.lower() in lex.supply_verbs | words("use_verbs") and takes_supplies(verb, lex):
        return True  # "will use Google's TPUs under an expanded deal" (not "sells its database through deals")
    if verb is not None and runs_on_supplies(verb, lex):
        return True  # "runs in Microsoft data centres under a multi-year contract"
    if verb is not None and verb.pos_ == "NOUN" and verb.lemma_.lower() in lex.supply_nouns:
        return True  # "manufactures its processor under a contract": the parser hangs the deal on the goods
    return scoped_supplies(noun, lex)


def supply_modified(noun: Token, lex: Lexicon) -> bool:
    """A word before ``noun`` that modifies it names supplies ("compute", "wafer and packaging",
    "colocation")."""
    modifiers = {c.lemma_.lower() for c in noun.subtree if c.i < noun.i and _modifier(c)}
    return bool(modifiers & (lex.supply_nouns | words("supply_deal_words")))


def _modifier(word: Token) -> bool:
    """A noun or adjective that modifies the noun after it, or one coordinated with such a word."""
    modifying = {"compound", "amod", "nmod"}
    return word.dep_ in modifying or (word.dep_ == "conj" and word.head.dep_ in modifying)


def distribution_deal(token: Token) -> bool:
    """ "signed a reseller agreement under which HPE sells Halden's software": a deal noun after
    a distribution word, and a verb in its "under which" clause, tell a distribution deal (a
    partnership), whatever the goods it moves."""
    if token.pos_ in {"NOUN", "PROPN"}:
        return token.i > 0 and token.nbor(-1).lower_ in words("distribution_words")
    if token.pos_ != "VERB":
        return False  # (asked of every trigger with no kind or a supply kind: no walk for the others)
    clause = next((a for a in [token, *token.ancestors][:4] if a.dep_ == "relcl"), None)
    if clause is None or not any(c.dep_ == "prep" and c.lower_ == "under" for c in clause.children):
        return False
    return distribution_deal(clause.head)


def supplies_under_it(noun: Token, lex: Lexicon) -> bool:
    """ "signed a letter of intent with Sakura Internet, the cloud provider, under which Sakura
    would lease capacity": an "under which" clause in the deal noun's phrase (the parser may hang
    it on the company) that buys or uses supplies tells what the deal is."""
    return any(
        t.dep_ == "relcl"
        and any(p.lower_ == "under" and any(g.tag_ == "WDT" for g in p.children) for p in t.children)
        and (buys_supplies(t, lex) or uses_supplies(t, lex) or takes_supplies(t, lex))
        for t in noun.subtree
        if t.i > noun.i
    )


def scoped_supplies(noun: Token, lex: Lexicon, topics: bool = True) -> bool:
    """A deal noun whose scope ("for", "covering", "over" ...) is chips, compute, cloud or power
    (``topics=False``: not a mere topic, "an MOU on AI data centres")."""
    scopes = scope_of(noun)  # "struck a deal with Google for TPUs": the parser hangs "for" on the verb
    scopes += [  # "deals with A, B and C for nuclear power": the scope may hang on the last partner
        g
        for c in scopes
        if c.lower_ == "with"
        for o in c.children
        for partner in (o, *o.conjuncts)
        for g in partner.children
        if g.dep_ == "prep"
    ]
    # "a letter of intent with AMD covering the purchase of GPUs": the parser makes "AMD covering" one clause
    scopes += [g for c in scopes if c.lower_ == "with" for g in c.children if g.dep_ == "pcomp"]
    scope_words = words("deal_scope_words") - (set() if topics else words("topic_preps"))
    for child in scopes:
        if child.lemma_.lower() not in scope_words and child.lower_ not in scope_words:
            continue
        if any(supply_noun(t, lex) for t in child.subtree if 0 < t.i - child.i <= 6):
            return True  # "an agreement for cloud capacity", "a deal for $38 billion of computing power"
    return False


def mou_for_supplies(noun: Token) -> bool:
    """ "a letter of intent ... under which Sakura would lease capacity", "a term sheet with
    Tata Communications for GPU cloud capacity": an MOU whose scope is buying supplies (an MOU
    "on AI data centres" only names its topic)."""
    lex = lexicon()
    return supplies_under_it(noun, lex) or scoped_supplies(noun, lex, topics=False)


def priced_supply_partnership(noun: Token, sent: Span) -> bool:
    """ "a $10 billion partnership with Google for cloud computing services": a priced
    partnership whose scope is compute, chips or cloud buys them (unpriced, "a partnership for
    rack-scale AI infrastructure" may be building them together)."""
    return noun.pos_ == "NOUN" and scoped_supplies(noun, lexicon()) and has_money_near(noun, sent)


def partners_to_buy(token: Token) -> bool:
    """A partnership (noun or verb) whose purpose is buying chips, compute, cloud or power."""
    lex = lexicon()
    return any(
        (verb.lemma_.lower() in words("buyer_verbs") or verb.lemma_.lower() in words("deploy_verbs"))
        and any(supply_noun(t, lex) for t in verb.subtree if 0 < t.i - verb.i <= 6)
        for verb in purposes(token)
    )


def buys_supplies(verb: Token, lex: Lexicon) -> bool:
    """A supply verb with chips, compute, cloud or power among its next words."""
    if verb.lemma_.lower() not in lex.supply_verbs or verb.lemma_.lower() in {"be", "become"}:
        return False
    return any(supply_noun(t, lex) for t in verb.subtree if 0 < t.i - verb.i <= 6)


def uses_supplies(verb: Token, lex: Lexicon) -> bool:
    """ "(a deal) to use Oracle's cloud": a deal for using chips, compute or cloud buys them."""
    return verb.lemma_.lower() in words("use_verbs") and takes_supplies(verb, lex)


def runs_on_supplies(verb: Token, lex: Lexicon) -> bool:
    """ "(an agreement) to run its AI workloads on Azure", "to train its models on Google's TPUs",
    "runs in Microsoft data centres": work run on chips, compute or a cloud buys them (work run
    "in its own data centres" buys nothing: "in" needs a company's name)."""
    return verb.lemma_.lower() in words("compute_run_verbs") and any(
        p.dep_ == "prep"
        and (p.lower_ == "on" or (p.lower_ == "in" and any(g.pos_ == "PROPN" for g in p.subtree)))
        and 0 < p.i - verb.i <= 6  # "on" may hang on the verb or on what it runs
        and any(supply_noun(g, lex) or names_cloud_unit(g.text) for g in p.subtree)
        for p in verb.subtree
    )


def takes_supplies(verb: Token, lex: Lexicon) -> bool:
    """The verb's object is chips, compute, cloud or power ("one million of Google's TPUs" too),
    or the participle tells of them ("chips rented from Yotta")."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and supply_noun(verb.head, lex):
        return True
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    objects += [g for o in objects for p in o.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    return any(supply_noun(o, lex) for o in objects)  # "to use one million of Google's TPUs"


def supply_noun(token: Token, lex: Lexicon) -> bool:
    """Chips, compute, cloud or power as a thing ("nuclear power", "data centres"), not a verb ("to
    power its features")."""
    if token.pos_ == "VERB":
        return False
    lemma = token.lemma_.lower()
    return lemma in lex.supply_nouns or (
        lemma in {"centre", "center"} and any(c.dep_ == "compound" and c.lower_ == "data" for c in token.children)
    )
