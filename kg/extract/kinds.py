"""What a trigger's words say about the kind of deal: the thing a buy/acquire word takes,
holders and providers that name no deal, and what an MOU or bare deal word is about."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.parties import Mention, names_cloud_unit
from kg.extract.purposes import verb_purpose_clauses
from kg.extract.raw import SPECIFIC, Trigger
from kg.extract.syntax import (
    antecedent,
    company_after,
    definite,
    is_org,
    other_clause,
    scope_of,
)
from kg.extract.taken import describes_next_company, direct_objects
from kg.extract.vocab import words
from kg.records import Kind

__all__ = [
    "object_lemmas",
    "object_kind",
    "purchase_word",
    "purchase_kind",
    "controlling_stake",
    "provider_without_client",
    "into_its_own",
    "invests_in_things",
    "bare_holder",
    "mou_subject_kind",
    "takes_control",
    "in_a_venture",
    "compute_partner",
    "merger_told",
]


def object_lemmas(token: Token) -> set[str]:
    """Lemmas of a word's objects and their compound and adjective modifiers."""
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in {"dobj", "obj", "attr", "pobj", "nsubjpass"}:
            out.add(child.lemma_.lower())
            out.update(c.lemma_.lower() for c in child.children if c.dep_ in {"compound", "amod"})
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    out.add(grand.lemma_.lower())
    return out


def object_kind(trigger: Token, lex: Lexicon) -> Kind | str | None:
    """The kind a buy/acquire trigger states by what it takes: a company → acquisition, shares
    or a stake → investment, chips/cloud/compute → supply, other things → ``"skip"``;
    ``None`` when it has no object to judge by."""
    objects = [_measured(o) for o in direct_objects(trigger)]
    if not objects:
        return None
    for obj in objects:
        if (
            (is_org(obj) and not _stopped_name(obj, lex))
            or obj.lemma_.lower() in lex.one_party_heads
            or any(is_org(c) and c.dep_ == "appos" for c in obj.children)
            or (obj.dep_ == "appos" and is_org(obj.head))  # "Arm, the chip designer acquired by SoftBank"
            or _owned_unit(obj)  # "ABB's robotics division", "the chip unit of Intel"
        ):
            return Kind.ACQUISITION
        if describes_next_company(obj, lex):
            return Kind.ACQUISITION
    lemmas = set()
    for obj in objects:
        lemmas.add(obj.lemma_.lower())
        lemmas.update(c.lemma_.lower() for c in obj.children if c.dep_ in {"compound", "amod", "nmod"})
    if lemmas & words("equity"):
        return Kind.INVESTMENT
    if lemmas & lex.supply_nouns:
        return Kind.SUPPLY
    if any(o.pos_ == "PROPN" for o in objects):
        return Kind.ACQUISITION  # an unknown proper name is most often a company
    if trigger.lemma_.lower() in words("acquire_words"):
        return None
    return "skip" if lemmas & lex.not_company_objects or any(o.pos_ == "NOUN" for o in objects) else None


def _stopped_name(obj: Token, lex: Lexicon) -> bool:
    """ "bought HBM from SK Hynix": a one-word ORG of the model that names no company (a product,
    per ``org_stoplist``); "Kumho Cloud" is a name whatever its last word."""
    alone = obj.ent_iob_ == "B" and (obj.i + 1 == len(obj.doc) or obj.doc[obj.i + 1].ent_iob_ != "I")
    return alone and obj.lower_ in lex.org_stoplist


def _measured(obj: Token) -> Token:
    """What a measured object measures: "capacity" of "200 MW of capacity", "GPUs" of "5,000
    units of GPUs" (a counted head with an "of" phrase is the amount, not the thing)."""
    if not any(c.dep_ in {"nummod", "quantmod"} for c in obj.children):
        return obj
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((g for g in of.children if g.dep_ == "pobj"), obj) if of is not None else obj


def purchase_word(cue: Span) -> Token | None:
    """The purchase word a one-word cue is, or the purchase verb inside a longer one."""
    if len(cue) == 1:
        return cue.root if cue.root.lemma_.lower() in words("purchase_words") else None
    return next((t for t in cue if t.pos_ == "VERB" and t.lemma_.lower() in words("purchase_words")), None)


def purchase_kind(root: Token, lex: Lexicon) -> tuple[Kind, str] | None:
    """What a "buy"/"purchase" word buys: shares → investment, chips/cloud → supply,
    things → no deal, a company → acquisition."""
    objects = object_lemmas(root) | {
        t.lemma_.lower() for t in root.subtree if abs(t.i - root.i) <= 8 and t.pos_ in {"NOUN", "PROPN"}
    }
    if objects & words("bought_equity"):
        return Kind.INVESTMENT, "buys-equity"
    if objects & lex.supply_nouns:
        return Kind.SUPPLY, "buys-supply"
    if objects & lex.not_company_objects:
        return None
    if not any(is_org(c) for c in [*root.subtree, *direct_objects(root)]) and root.pos_ == "VERB":
        # "buy" with no organization in its reach: a purchase of things, not a takeover
        if not any(c.dep_ in {"dobj", "pobj"} and c.lemma_.lower() in lex.one_party_heads for c in root.subtree):
            return None
    return Kind.ACQUISITION, "buys-company"


def controlling_stake(stake: Token) -> bool:
    """ "a majority stake", "a controlling stake", "a 51% stake": a share that gives control, so
    selling it to a buyer is a takeover (the guideline's "buying another or its control"; a
    majority stake held stays a stake, as our gold has it)."""
    if any(c.dep_ in {"amod", "compound"} and c.lower_ in {"majority", "controlling"} for c in stake.children):
        return True
    # "a 51% stake", "a 51 percent stake", "an 88 per cent stake": the share's number, before the noun
    numbers = [t for t in stake.subtree if t.i < stake.i and t.ent_type_ == "PERCENT" and t.like_num]
    return any(_percent(n.text) > 50 for n in numbers)


def _percent(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0


def provider_without_client(root: Token) -> bool:
    """ "the only cloud provider" describes a company; "Anthropic's cloud provider" states a deal."""
    noun = root if root.lemma_.lower() in words("provider_nouns") else root.head
    if noun.lemma_.lower() not in words("provider_nouns"):
        return False
    for child in noun.children:
        if child.dep_ == "poss":
            return False
        if child.dep_ == "prep" and child.lower_ in {"for", "to", "of"} and any(is_org(g) for g in child.subtree):
            return False
    return True


def customer_undescribed(root: Token) -> bool:
    """ "Meta is a customer of Oracle", "Meta, Oracle's largest customer", "Oracle's largest
    customer is Meta" state a deal; "its
    cloud customers", "customers such as Walmart" describe a market: a customer noun is a deal
    only when it describes a company and names whose customer it is."""
    if root.lemma_.lower() not in words("customer_nouns"):
        return False
    clause = root.head  # "CoreWeave, whose biggest customer is Microsoft": whose is CoreWeave
    whose = clause.dep_ == "relcl" and is_org(clause.head)
    served_by = any(
        c.dep_ in {"poss", "compound"}  # "an Orlo Systems customer"
        and (is_org(c) or (whose and c.tag_ == "WP$"))
        or c.dep_ == "prep"
        and c.lower_ == "of"
        and any(is_org(g) for g in c.subtree)
        for c in root.children
    )
    if root.dep_ == "attr":
        described = any(c.dep_ == "nsubj" and is_org(c) for c in root.head.children)
    elif root.dep_ == "nsubj" and root.head.lemma_.lower() in {"be", "include"}:
        # "CoreWeave's biggest customer is Microsoft", "Micron's customers include AMD and Nvidia"
        described = any(c.dep_ in {"attr", "dobj"} and is_org(c) for c in root.head.children)
    elif root.dep_ == "dobj" and any(c.dep_ == "nsubj" and is_org(c) for c in root.head.children):
        # "Micron has four HBM customers, including AMD": the subject's customers, one named
        served_by = served_by or root.head.lemma_.lower() in {"have", "count"}
        described = any(c.lower_ == "including" and any(is_org(g) for g in c.children) for c in root.children)
    elif root.dep_ == "pobj" and _one_among(root.head):
        # "CoreWeave counts Meta among its customers", "... counts Microsoft as its biggest
        # customer", "Amazon is one of Nvidia's largest customers", "Amazon, one of ..."
        holder = root.head.head
        if holder.dep_ == "appos":
            described = is_org(holder.head)
        else:
            verb = holder if root.head.lower_ != "of" else holder.head
            copula = verb.lemma_.lower() == "be"
            described = any(c.dep_ == ("nsubj" if copula else "dobj") and is_org(c) for c in verb.children)
            own = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in root.children)
            served_by = served_by or (own and not copula and _company_subject(verb))
    else:
        described = root.dep_ == "appos" and is_org(root.head)
    return not (described and served_by)


def _company_subject(verb: Token) -> bool:
    """The verb's subject is a company, or "which" of a relative clause on one ("Brenner, which
    counts BMW among its customers")."""
    return any(c.dep_ == "nsubj" and is_org(antecedent(c)) for c in verb.children)


def _one_among(prep: Token) -> bool:
    """ "among its customers", "as its customer", "one of its customers": a place in a group."""
    if prep.lower_ in {"among", "as"}:
        return True
    return prep.lower_ == "of" and (prep.head.lower_ == "one" or prep.head.tag_ == "CD")


def into_its_own(verb: Token) -> bool:
    """The money goes "into"/"in" the spender's own thing ("poured money into its own model")."""
    targets = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "into"} for g in c.children]
    return bool(targets) and all(any(c.lower_ == "own" for c in t.children) for t in targets)


def invests_in_things(token: Token) -> bool:
    """ "invest $500 billion in US data centers", "investments in AI startups": the money goes
    into assets or a kind of company, not a company."""
    # "invest $500 billion in ...": the parser may hang "in" on the sum
    sums = [c for c in token.children if c.ent_type_ == "MONEY"]  # "2.4 trillion won": "won" read as a verb
    targets = [
        g
        for c in [*token.children, *(p for m in sums for p in m.children)]
        if c.dep_ == "prep" and c.lower_ in {"in", "into"}
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if not targets:
        return False
    return (
        all(
            (
                (t.pos_ == "NOUN" or t.lower_ in words("fields"))
                and not is_org(t)
                and (not t.ent_type_ or t.lower_ in words("fields"))  # "in AI", which the model may call a place
            )
            or (t.ent_type_ in {"GPE", "LOC"} and not is_org(t))  # "... in AI infrastructure in the United States"
            for t in targets
        )
        # a place alone may be a firm's misread name ("AI" tagged a place is a field)
        and any(t.ent_type_ not in {"GPE", "LOC"} or t.lower_ in words("fields") for t in targets)
        and not any(is_org(g) for t in targets for g in t.subtree)
        and not any(describes_next_company(t, lexicon()) for t in targets)  # "in AI startup OpenAI"
        and all(t.lemma_.lower() not in lexicon().one_party_heads or _a_class(t) for t in targets)
    )


def _a_class(noun: Token) -> bool:
    """ "investments in AI startups": a plural with no article or owner names a kind of
    company, not one."""
    return noun.tag_ == "NNS" and not any(c.dep_ in {"det", "poss", "nummod"} for c in noun.children)


def bare_holder(token: Token) -> bool:
    """ "convince investors that ..." names no stake; "its investors include Amazon", "backed by
    investors including Microsoft", "Anthropic's backer", "a backer of X", "X, its largest
    investor" do."""
    if token.lemma_.lower() not in words("holders") or token.pos_ != "NOUN":
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    titled = nxt is not None and nxt.ent_type_ == "ORG" and nxt.ent_iob_ == "B" and token.tag_ == "NN"
    # "the Abu Dhabi investor MGX": a title before a name states no stake; "OpenAI backer
    # Microsoft" (a company before the title, no article) does
    owned = any(c.dep_ == "compound" and is_org(c) for c in token.children)
    if titled and not (owned and not any(c.dep_ == "det" for c in token.children)):
        return True
    for child in token.children:
        if child.dep_ in {"poss", "compound", "appos"}:
            return False
        if child.dep_ in {"prep", "acl"} and child.lower_ in {"of", "in", "including", "include", "such", "like"}:
            return False
        if child.dep_ == "prep" and any(is_org(g) for g in child.subtree):
            return False
    head = token.head
    if token.dep_ in {"appos", "attr", "conj"} or head.lemma_.lower() in words("listing_verbs"):
        return False
    if token.dep_ == "pobj" and head.lower_ in {"among", "as"} and head.head.lemma_.lower() in words("listing_verbs"):
        return False  # "counts Nvidia and Oracle as investors"
    if token.dep_ == "pobj" and head.lower_ in {"by", "among", "with"}:
        return not any(is_org(g) for g in token.subtree)
    return True


def mou_subject_kind(
    token: Token, cues: Sequence[Span], by_token: dict[int, Trigger], vague: frozenset[str] = frozenset()
) -> Kind | None:
    """The kind of deal an MOU/LOI trigger is about: a kind cue in its complement ("for a
    partnership", "on chip supply", "to invest"), a specific kind before partnership; words of
    ``vague`` name none ("to cooperate on AI")."""
    reach: set[int] = set()
    holders = [token]
    if token.dep_ in {"dobj", "obj", "nsubjpass"}:
        holders.extend(verb_purpose_clauses(token))  # the verb's purpose clause carries the kind
    elif token.dep_ == "pobj" and token.head.lower_ in {"in", "into"} and token.head.head.pos_ in {"VERB", "AUX"}:
        holders.extend(verb_purpose_clauses(token.head))  # "is in talks with Nvidia to secure a supply of GPUs"
    for holder in holders[1:]:
        reach.update(t.i for t in holder.subtree if t.i - token.i <= 12 and not other_clause(holder, t))
    for child in scope_of(token):  # "signed an MOU for ...": the parser may hang "for" on the verb
        if (
            child.dep_ == "prep" and child.lower_ in {"for", "on", "about", "over", "regarding", "covering", "of"}
        ) or child.dep_ in {"acl", "relcl"}:
            reach.update(t.i for t in child.subtree if t.i - token.i <= 12)
    found: list[Kind] = []
    for i in sorted(reach):
        trig = by_token.get(i)
        if trig is not None and trig.kind not in {None, Kind.MOU} and trig.token.lemma_.lower() not in vague:
            found.append(trig.kind)
    specific = [k for k in found if k in SPECIFIC]
    if specific:
        return specific[0]
    return found[0] if found else None


def cloud_deal(deal: Token, linked: list[Mention], doc: Doc, cues: Sequence[Span]) -> Kind | None:
    """A bare deal with a company named by its cloud business ("a $38 billion deal with Amazon
    Web Services") buys cloud capacity, unless a word before it names its kind ("a strategic
    alliance agreement with Google Cloud": that word's claim says it)."""
    kind_words = {t.i for c in cues if c.label_.startswith("kind:") for t in c}
    if any(c.dep_ in {"compound", "amod"} and c.i in kind_words for c in deal.children):
        return None
    units = [m for m in linked if names_cloud_unit(doc[m.start : m.end].text)]
    return Kind.SUPPLY if len(units) == 1 and len({m.name for m in linked}) == 2 else None


def takes_control(stake: Token) -> bool:
    """A controlling stake a company takes, buys or pays for ("its planned purchase of a controlling
    stake", "paid $3 billion for an 88 per cent stake")."""
    verb = stake.head
    if stake.dep_ == "pobj" and verb.lower_ == "of":
        verb = verb.head  # "the purchase of a controlling stake in Daon Vision"
    if stake.dep_ == "pobj" and verb.lower_ == "for" and verb.head.lemma_.lower() in words("paying_verbs"):
        return controlling_stake(stake)  # "paid $3 billion for an 88 per cent stake in AirTrunk"
    taken = stake.dep_ == "dobj" or (stake.dep_ == "pobj" and verb.pos_ == "NOUN")
    return taken and verb.lemma_.lower() in words("taking_verbs") and controlling_stake(stake)


def in_a_venture(stake: Token) -> bool:
    """A stake "in the venture" or "in the joint venture", or a stake in nothing named in a
    sentence that tells of a venture ("formed a joint venture, with each company holding a 50%
    stake"): a share of a venture made together."""
    held = [g for c in stake.children if c.dep_ == "prep" and c.lower_ in {"in", "of"} for g in c.children]
    if not held:
        return any(t.lemma_.lower() == "venture" and t.i != stake.i for t in stake.sent)
    return any(g.dep_ == "pobj" and g.lemma_.lower() == "venture" for g in held)


def compute_partner(noun: Token, lex: Lexicon) -> bool:
    """A partner noun its modifiers make a provider of chips, compute, cloud or training."""
    return noun.pos_ == "NOUN" and any(
        c.dep_ in {"compound", "amod"} and (c.lower_ in lex.supply_nouns or c.lower_ in words("compute_uses"))
        for c in noun.children
    )


def _owned_unit(noun: Token) -> bool:
    """A company's division, unit or subsidiary ("ABB's robotics division"): bought, a takeover."""
    unit = noun.lemma_.lower() in words("became_unit_nouns") | words("owned_unit_nouns")
    owned = any(is_org(c) and c.dep_ == "poss" for c in noun.children) or company_after(noun, "of")
    return unit and owned


def merger_told(deal: Token, sent: Span) -> bool:
    """A merger the sentence names, or the article for a definite deal word ("the all-stock deal"
    of an article about a merger is that merger; every takeover has a "merger agreement")."""
    told = sent.doc[:] if definite(deal) else sent
    return any(t.lemma_.lower() in words("merger_words") and t.dep_ != "compound" for t in told)
