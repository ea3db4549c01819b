"""Companies near a trigger that are not its parties: people's employers, rivals, owners of
another deal noun, examples in a list, companies of another clause (names of projects:
``projects``)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.affiliations import affiliated_only
from kg.extract.beside import beside_verb
from kg.extract.lexicon import company_words, lexicon
from kg.extract.noun_roles import described_by
from kg.extract.parties import Mention
from kg.extract.round_shapes import round_joiner
from kg.extract.syntax import ancestors_of, antecedent, first_conjunct, is_org, mention_root, phrase_top, possessive
from kg.extract.vocab import words
from kg.resolve.names import LEGAL_SUFFIXES

__all__ = [
    "describes_not_deals",
    "rival_of",
    "owns_other_deal",
    "acts_in_side_clause",
    "subject_outside",
    "actor_clause",
    "seller_of_stake",
    "unnamed_counterpart",
    "epithet_of_another",
    "unknown_far_off",
    "founder_of_company",
    "owner_of_described_unit",
    "without_makers",
]


def describes_not_deals(root: Token, doc: Doc, m: Mention) -> bool:
    """ "former OpenAI employees", "Arm-based processors": a name that describes people or a product."""
    people = root.head
    if root.dep_ == "compound" and _company_as_holder(people):
        return False  # "Nvidia is also a Lambda shareholder": the company holds a stake in Lambda
    if root.dep_ in {"compound", "amod", "nmod"} and people.lemma_.lower() in words("people_nouns"):
        # "Apple executives have discussed buying Perplexity": they act for Apple
        return not (
            people.dep_ in {"nsubj", "nsubjpass"}
            and people.lemma_.lower() in words("acting_people_nouns")
            and not any(c.lower_ in {"former", "ex"} for c in people.children)
        )
    if affiliated_only(root):
        return True  # "former researchers from Google DeepMind and Meta"
    return m.end + 2 <= len(doc) and doc[m.end].text in {"-", "‑"} and doc[m.end + 1].lower_ in words("made_with_words")


def _company_as_holder(noun: Token) -> bool:
    """A holder noun said of a company: "Nvidia is a Lambda shareholder", "SoftBank, an Arm investor"."""
    if noun.lemma_.lower() not in words("holders"):
        return False
    return noun.dep_ in {"attr", "appos"} and any(
        is_org(t) and described_by(noun, t) for t in (noun.head, *noun.head.children)
    )


def rival_of(trigger: Token, root: Token) -> bool:
    """ "TSMC competes with Samsung and Intel", "agreed to buy Quintex, outbidding Norrkraft": rivals
    are no parties of any deal outside that phrase; nor are those set apart ("beyond Nvidia")."""
    top = phrase_top(root)
    prep = top.head
    first = prep
    while first.dep_ == "conj" and first.head.pos_ == "ADP" and first.head.i != first.i:  # "with A and with B"
        first = first.head
    verb = first.head
    if top.dep_ == "pobj" and prep.lower_ in {"with", "against"} and verb.lemma_.lower() in words("rivalry_verbs"):
        return trigger.i not in {t.i for t in prep.subtree}
    if top.dep_ == "dobj" and prep.lemma_.lower() in words("outdoing_verbs") and prep.pos_ == "VERB":
        return trigger.i not in {t.i for t in top.subtree}
    if top.dep_ == "pobj" and prep.lower_ in words("other_than_preps"):  # "to diversify beyond Nvidia"
        return trigger.i not in {t.i for t in prep.subtree}
    return False


def _inside(trigger: Token, phrase: Token) -> bool:
    """True when ``trigger`` lies in ``phrase``'s subtree without a coordination on the way."""
    t = trigger
    while t.i != phrase.i and t.head.i != t.i:
        if t.dep_ == "conj":
            return False
        t = t.head
    return t.i == phrase.i


def _party_of_other_deal(trigger: Token, root: Token, others: set[int]) -> bool:
    """ "a supply deal with AMD, and Nvidia's investment", "a partnership with OpenAI and an
    acquisition of Graphcore": the company after another deal noun's "with"/"by"/"of"/"in" is
    that deal's party, not one of a deal outside its phrase."""
    top = phrase_top(root)
    prep = top.head
    if top.dep_ != "pobj" or prep.lower_ not in {"with", "by", "between", "of", "in"}:
        return False
    deal = prep.head
    if prep.lower_ in {"of", "in"} and (deal.pos_ != "NOUN" or deal.lemma_.lower() in words("round_nouns")):
        return False  # "invest in Anthropic", "the round in Mistral": the verb's or round's company is any trigger's
    if round_joiner(trigger, root):
        return False  # "led Mistral's Series C, joined by Nvidia": a backer of the round led
    if deal.lemma_.lower() in words("holders") and deal.dep_ in {"nsubj", "nsubjpass"} and deal.head.i != trigger.i:
        return False  # "Shareholders of Juniper approved the merger with HPE": they act for Juniper
    return deal.i in others and deal.i != trigger.i and not _inside(trigger, deal)


def owns_other_deal(trigger: Token, m: Mention, doc: Doc, others: set[int]) -> bool:
    """ "a supply deal with AMD and Nvidia's planned investment": a company in the possessive of
    another deal noun is a party of that deal, not of this one."""
    if not possessive(doc, m):
        return _party_of_other_deal(trigger, mention_root(doc, m), others)
    root = mention_root(doc, m)
    item = root.head if root.dep_ == "poss" else doc[m.end].head
    chain = {t.i for t in ancestors_of(trigger)}
    if (
        item.i not in chain
        and item.pos_ in {"NOUN", "PROPN"}
        and (
            (item.dep_ in {"conj", "appos"} and item.head.i in chain)
            or (trigger.dep_ in {"conj", "appos"} and trigger.head.i == item.i)
        )
    ):
        return True  # "Amazon's investment in Anthropic, and Microsoft's hiring of ...": owns the next item
    owned = doc[m.end].head
    if owned.i not in others:  # the parser may hang "'s" elsewhere: the deal noun right after it
        ahead = doc[m.end + 1 : min(len(doc), m.end + 6)]
        after = next((t for t in ahead if t.i in others), None)
        if after is None or any(t.is_punct or t.pos_ == "CCONJ" for t in doc[m.end + 1 : after.i]):
            return False
        if item.pos_ == "NOUN" and m.end < item.i < after.i and (after not in item.subtree or _framed(after, item)):
            return False  # "access to Google's TPUs under a deal": it owns the TPUs, not the deal
        owned = after
    if owned.i == trigger.i:
        return False
    t, own = trigger, False  # inside the owned deal's phrase, not just coordinated with it ("X's A, Y's B")
    while t.i != owned.i and t.head.i != t.i:
        own = own or any(c.dep_ == "poss" for c in t.children)
        if t.dep_ == "conj":  # "Anthropic's training partner and largest backer": one owner for both
            return t.head.i != owned.i or own
        t = t.head
    return t.i != owned.i


def _framed(deal: Token, item: Token) -> bool:
    """The deal noun hangs on ``item`` by "under" ("Cerebras's patents under the deal", as the
    parser may attach it): the deal frames the item, the item's owner does not own the deal."""
    t = deal
    while t.i != item.i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ == "under":
            return True
        t = t.head
    return False


def acts_in_side_clause(trigger: Token, root: Token) -> bool:
    """ "Cognition bought Windsurf weeks after Google hired its founders": the subject of an
    adverbial clause the trigger is not in acts in a story of its own."""
    top = root
    while top.dep_ in {"conj", "compound", "appos"} and top.head.i != top.i:
        top = top.head
    verb = top.head
    return (
        top.dep_ in {"nsubj", "nsubjpass"}
        and verb.dep_ == "advcl"
        and verb.pos_ in {"VERB", "AUX"}
        and trigger.i not in {t.i for t in verb.subtree}
        and beside_verb(top) is None  # "joined the round, as did Accel": Accel joins it too
    )


def subject_outside(trigger: Token, root: Token) -> bool:
    """ "Samsung SDS agreed to resell ChatGPT, while SK Telecom will explore building a data centre
    with OpenAI": a trigger in an adverbial clause with a company subject of its own does not
    take the subject of the clause it hangs on."""
    side = next((v for v in ancestors_of(trigger) if v.dep_ == "advcl" and v.pos_ in {"VERB", "AUX"}), None)
    if side is None or not any(c.dep_ in {"nsubj", "nsubjpass"} and is_org(c) for c in side.children):
        return False
    top = root
    while top.dep_ in {"conj", "compound", "appos"} and top.head.i != top.i:
        top = top.head
    return top.dep_ in {"nsubj", "nsubjpass"} and top.i not in {t.i for t in side.subtree}


def actor_clause(trigger: Token) -> set[int] | None:
    """ "SoftBank will invest in Intel, as the administration considers [taking a stake]": the
    token indices of the side clause holding the deal word whose subject is no company (a
    government, a person); the deal has no parties outside it. None when there is none."""
    for verb in ancestors_of(trigger):
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            continue
        if trigger.i in {t.i for t in subject.subtree} or subject.lemma_.lower() in words("round_nouns"):
            return None  # "claiming that [the arrangement] shuts out rivals", "the round was backed by"
        side = verb.dep_ in {"advcl", "ccomp", "relcl", "conj"} and verb.pos_ in {"VERB", "AUX"}
        actor = not is_org(subject) and subject.pos_ in {"NOUN", "PROPN"} and not subject.ent_type_ == "ORG"
        if side and actor and subject.lemma_.lower() not in lexicon().one_party_heads:
            return {t.i for t in verb.subtree}
        return None
    return None


def epithet_of_another(trigger: Token, root: Token) -> bool:
    """ "Microsoft-backed OpenAI struck a deal with Axel Springer": the company in an epithet is
    a party of the stake the epithet tells, not of the sentence's other deals."""
    head = root.head
    return (
        root.dep_ in {"npadvmod", "compound"}
        and head.dep_ in {"amod", "compound"}  # "a bid for Nvidia-backed CoreWeave": parsed a compound
        and head.tag_ in {"VBN", "VBD"}
        and (head.i != trigger.i)
    )


def litigant(trigger: Token, root: Token) -> bool:
    """ "xAI sued Apple and OpenAI, claiming that their arrangement ...": the sides of a lawsuit
    are not parties of the deal its complaint tells, unless named in the deal's own phrase."""
    top = phrase_top(root)
    verb = top.head
    if top.dep_ not in {"nsubj", "dobj"} or verb.lemma_.lower() not in words("litigation_verbs"):
        return False
    own = {t.i for t in trigger.subtree}
    return trigger.i in {t.i for t in verb.subtree} and root.i not in own and trigger.i != verb.i


def owner_of_described_unit(trigger: Token, root: Token) -> bool:
    """ "merged with Z Holdings, SoftBank's internet unit", "bought Brenna Labs, a division of
    Nvidia", "SK Group's chipmaker SK Hynix": the owner of a unit that describes another company
    is no party of that company's deal (the unit noun itself may be the trigger: "Humain, a
    subsidiary of the PIF")."""
    unit = root.head
    if root.dep_ == "pobj" and unit.lower_ == "of":
        unit = unit.head
    elif root.dep_ != "poss":
        return False
    if trigger.i in {t.i for t in unit.subtree}:
        return False
    if unit.dep_ == "appos" and is_org(unit.head):
        return unit.lemma_.lower() in words("unit_nouns") | words("business_nouns")
    # "SK Group's chipmaker SK Hynix provides ...": the owner of the company the noun names
    named = any(c.dep_ == "appos" and is_org(c) for c in unit.children)
    return named and unit.lemma_.lower() in words("owned_company_heads") | words("unit_nouns")


def founder_of_company(trigger: Token, root: Token) -> bool:
    """ "Run:ai was founded by Omri Geller and had raised money from Tiger Global": who founded a
    company is no party of another deal the sentence tells (the founding verb is no trigger)."""
    top = phrase_top(root)
    verb = top.head.head if top.dep_ == "pobj" and top.head.dep_ == "agent" else None
    if verb is None or verb.lemma_.lower() not in words("founding_verbs") or verb.i == trigger.i:
        return False
    founded = [antecedent(c) for c in verb.children if c.dep_ == "nsubjpass"]
    founded += [verb.head] if verb.dep_ == "acl" else []
    return any(is_org(t) for t in founded)


#: Words that make a name look like an organisation's, besides a legal form.
_ORGISH = re.compile(
    r"\b(?:Group|Capital|Partners|Ventures|Bank|Technologies|"
    r"Labs?|Systems|Networks|Semiconductor|Electronics|Motors|Pharma|Fund|Board|Investment|AI)\b\.?"
)


def _orgish(name: str) -> bool:
    """An organisation's name by its words: one of ``_ORGISH`` or a legal form (Inc, Ltd, B.V., ...)."""
    legal = (w.lower().replace(".", "").strip(",") for w in name.split())
    return bool(_ORGISH.search(name)) or not LEGAL_SUFFIXES.isdisjoint(legal)


def unknown_far_off(trigger: Token, root: Token, text: str) -> bool:
    """An unknown name far from the trigger is mostly a product, a place or a person, unless
    its words say organisation or the parse makes it act in the deal."""
    return not _orgish(text) and not _described_company(root) and not _acts_above(trigger, root)


def _in_clause_of(trigger: Token, verb: Token) -> bool:
    """The trigger hangs under ``verb`` with no relative clause between (a clause on another
    noun has a subject of its own)."""
    for t in [trigger, *trigger.ancestors]:
        if t.i == verb.i:
            return True
        if t.dep_ == "relcl":
            return False
    return False


def _described_company(root: Token) -> bool:
    """ "industrial group Zentro", "Zentro, a chip designer": a company noun describes the name."""
    nouns = company_words()
    return any(
        c.dep_ in {"compound", "appos"} and c.pos_ == "NOUN" and c.lemma_.lower() in nouns for c in root.children
    )


def _acts_above(trigger: Token, root: Token) -> bool:
    """ "Adobe and Figma said they had agreed to end their merger agreement": an unknown name
    that is the subject of a verb the trigger hangs under, or the partner ("with", "between")
    or the owner of what is dealt in inside the deal's own phrase, acts in the deal, however far."""
    first = first_conjunct(root)
    if first.dep_ == "pobj" and first.head.lower_ in {"including", "like"} and first.head.head.dep_ == "pobj":
        first = first.head.head  # "with several news publishers, including CNN and Fox News": the partners
    # "a contract worth $9.7 billion with IREN", "license some of Windsurf's technology"
    if first.dep_ == "pobj" and first.head.lower_ in {"with", "between"}:
        deal = {trigger.i, trigger.head.i} if trigger.dep_ in {"dobj", "obj"} else {trigger.i}
        return any(a.i in deal for a in first.ancestors)  # "signed agreements with X": "with" on the verb
    if first.dep_ == "poss":  # "Zentro's stake", or "Zentro's models are sold under a deal with X"
        held = first.head
        return any(a.i == trigger.i for a in first.ancestors) or (
            held.dep_ in {"nsubj", "nsubjpass"} and _in_clause_of(trigger, held.head)
        )
    if first.dep_ == "pobj" and first.head.lower_ == "for" and _priced_for(first.head, trigger):
        return True  # "to pay $31 a share for Veltrix": what the price is paid for
    return first.dep_ in {"nsubj", "nsubjpass"} and any(a.i == first.head.i for a in trigger.ancestors)


def _priced_for(prep: Token, trigger: Token) -> bool:
    """ "for" hangs on the trigger, or on its price ("$31 a share for"), and nothing else."""
    t = prep.head
    while t.i != trigger.i:
        if not (t.ent_type_ == "MONEY" or t.dep_ == "npadvmod") or t.head.i == t.i:
            return False
        t = t.head
    return True


def without_makers(linked: list[Mention], doc: Doc) -> list[Mention]:
    """ "OpenAI will rent Nvidia chips from Oracle": a company naming the make of the goods
    ("Nvidia chips", "AMD GPUs") is no party when two other companies deal in them."""
    goods = lexicon().supply_nouns
    makers = [m for m in linked if _names_the_make(mention_root(doc, m), goods)]
    rest = [m for m in linked if m not in makers]
    return rest if makers and len({m.name for m in rest}) >= 2 else linked


def _names_the_make(root: Token, goods: frozenset[str]) -> bool:
    """The name modifies a goods noun ("Nvidia chips", "AMD MI300X clusters", "Nvidia GPUs",
    which the tagger may call a proper noun)."""

    def is_goods(t: Token) -> bool:
        return t.pos_ in {"NOUN", "PROPN"} and (t.lemma_.lower() in goods or t.lower_ in goods)

    while root.dep_ == "compound" and root.head.pos_ == "PROPN" and not is_goods(root.head):
        root = root.head  # "AMD MI300X clusters": the model name between
    if root.dep_ in {"npadvmod", "compound"} and root.head.dep_ == "amod" and root.head.tag_ == "VBN":
        root = root.head  # "Nvidia-powered servers", "AMD-based systems": the make, hyphenated
        return is_goods(root.head)
    return root.dep_ == "compound" and is_goods(root.head)


def unnamed_counterpart(trigger: Token, roots: set[int]) -> bool:
    """ "talks with other potential buyers", "a deal with several suitors", "license its software
    to rivals": the deal word names its other side with "with" (a verb: "to") as a kind of company
    and no company (no named counterparty); ``roots``: the token indices of the linked mentions."""
    kinds = words("agent_nouns") | words("customer_nouns") | words("suitor_nouns")
    makers = company_words()  # "help it sell to makers of memory": a kind of company, none named
    head, lemma = trigger.head, trigger.head.lemma_.lower()  # "customers that buy Xilinx's chips"
    if trigger.dep_ in {"relcl", "acl"} and head.tag_ == "NNS" and lemma in kinds | makers:
        told = {c.dep_ for c in head.children} & ({"poss", "nummod"} | ({"det"} if lemma in makers else set()))
        return not told and not any(c.dep_ == "nsubj" and c.tag_ not in {"WDT", "WP"} for c in trigger.children)
    return any(
        g.dep_ == "pobj"
        and g.pos_ == "NOUN"
        and (g.lemma_.lower() in kinds or (g.tag_ == "NNS" and g.lemma_.lower() in makers))
        and not any(is_org(t) or t.i in roots for t in g.subtree)
        for c in [*trigger.children, *(c for o in trigger.children if o.dep_ == "dobj" for c in o.children)]
        if c.dep_ == "prep" and (c.lower_ == "with" or (c.lower_ == "to" and trigger.pos_ == "VERB"))
        for g in c.children
    )  # "agreed to license Juniper's software to rivals": to no named company


def seller_of_stake(trigger: Token, root: Token) -> bool:
    """ "after buying a stake from activist fund Westbay": the company a stake is bought from
    sells it; the stake is in another company."""
    if trigger.lemma_.lower() in words("equity") and trigger.dep_ in {"dobj", "obj"}:
        verb, stakes = trigger.head, [trigger]
    else:  # the verb itself ("buying a stake", judged by its object)
        verb = trigger
        stakes = [c for c in verb.children if c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in words("equity")]
    top = phrase_top(root)
    return (
        bool(stakes)
        and verb.lemma_.lower() in words("take_verbs")
        and top.dep_ == "pobj"
        and top.head.lower_ == "from"
        and top.head.head.i in {verb.i, *(s.i for s in stakes)}
    )
