"""Agreement triggers of one sentence: the kind and generic cues ``kg_cues_v1`` marked,
filtered by the parse, plus the triggers told by a shape of the tree
(:mod:`kg.extract.shapes`), and bare deal words given the kind of what they are about.

Every trigger carries the name of the rule that decided its kind (``Trigger.rule``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from kg.extract.affiliations import a_persons_stake
from kg.extract.beside import beside_verb
from kg.extract.combining import companies_combine
from kg.extract.kinds import (
    bare_holder,
    compute_partner,
    customer_undescribed,
    in_a_venture,
    into_its_own,
    invests_in_things,
    merger_told,
    mou_subject_kind,
    object_kind,
    provider_without_client,
    purchase_kind,
    purchase_word,
    takes_control,
)
from kg.extract.lexicon import Lexicon, regulator_word
from kg.extract.purposes import purposes
from kg.extract.raw import SPECIFIC, Trigger
from kg.extract.review import REVIEW_LABEL, regulator_review
from kg.extract.round_shapes import joins_a_raise, leads_a_round, round_of_a_raise
from kg.extract.shapes import Found, rules_for, stake_sold_off
from kg.extract.supplies import (
    covers_supplies,
    distribution_deal,
    mou_for_supplies,
    partners_to_buy,
    priced_supply_partnership,
    supply_modified,
)
from kg.extract.syntax import company_after, definite, has_money_near, is_org
from kg.extract.together import pooled_together
from kg.extract.usage import uses_content
from kg.extract.vocab import words
from kg.records import Kind

__all__ = ["Decision", "find_triggers"]

#: A trigger's kind (None: a generic deal word) and the name of the rule that decided it.
Decision = tuple[Kind | None, str]


def find_triggers(sent: Span, cues: Sequence[Span], lex: Lexicon, ents: Sequence[Span] | None = None) -> list[Trigger]:
    """The agreement triggers of ``sent``: its cues the parse confirms, then the tree shapes."""
    found = Found()
    for cue in cues:
        if any(t.ent_type_ == "ORG" for t in cue):
            continue  # "Canada Pension Plan Investment Board" names a company, it is no investment cue
        decided: Decision | None = None
        if cue.label_.startswith("kind:"):
            decided = _kind_cue(cue, sent, lex, ents)
        elif cue.label_ == "generic":
            decided = _generic_cue(cue, sent, lex)
        if decided is not None:
            found.add(cue.root, decided[0], cue.label_, decided[1])
    for token in sent:
        lemma = token.lemma_.lower()
        for rule, lemmas in rules_for(token.pos_):  # each rule's gate: most need a noun or a verb
            if lemmas is not None and lemma not in lemmas:
                continue  # and one of their own words
            shaped = rule(token, sent, lex, ents, found)
            if shaped is not None:
                found.add(token, shaped[0], shaped[1], shaped[1])
    _deals_about(found.triggers, cues, sent)
    found.triggers[:] = _without_restated(_without_contents(found.triggers))
    _talks_of_taking_part(found.triggers)
    if all(t.token.lemma_.lower() in words("agent_nouns") for t in found.triggers):
        # no deal word but party nouns: "the Commission opened an in-depth investigation, citing
        # Arm's neutrality as a licensor" is the review of the deal told before
        review = regulator_review(sent)
        if review is not None:
            found.add(review, None, REVIEW_LABEL, "regulator-review")
    return found.triggers


# --------------------------------------------------------------------------- kind cues


def _kind_cue(cue: Span, sent: Span, lex: Lexicon, ents: Sequence[Span] | None) -> Decision | None:
    """The kind a kind cue states, or None when the parse says it names no deal."""
    kind = Kind(cue.label_.split(":", 1)[1])
    root = cue.root
    lemma = root.lemma_.lower()
    if kind is Kind.INVESTMENT and lemma in words("commit_words") and supply_modified(root, lex):
        return Kind.SUPPLY, "supply-commitment"  # "under a multi-year compute commitment": capacity bought
    if _no_deal_before_objects(kind, cue, sent, lex, ents):
        return None
    rule = f"cue:{kind.value}"
    if kind is Kind.ACQUISITION and lemma in words("ownership_verbs"):  # "Cisco now owns Splunk"
        owned = [c for c in root.children if c.dep_ == "dobj"]  # the company itself, not "90% of Arm"
        owns = root.pos_ == "VERB" and root.dep_ != "csubj" and any(is_org(c) for c in owned)  # "owning X would"
        return (Kind.ACQUISITION, "owns-company") if owns else None
    buy = purchase_word(cue) if kind is Kind.ACQUISITION else None  # "buy", or "a deal to buy capacity"'s verb
    if kind is Kind.ACQUISITION and (lemma in words("judged_by_object") or buy is not None):
        decided = object_kind(buy or root, lex)
        if decided == "skip":
            return None
        if isinstance(decided, Kind):
            return decided, "object-kind"
    if buy is not None:  # judged by what it buys
        bought = purchase_kind(buy, lex)
        if bought is None:
            return None
        kind, rule = bought
    if _no_deal_after_objects(kind, cue):
        return None
    if kind is Kind.INVESTMENT and lemma in words("equity") and in_a_venture(root):
        return Kind.JOINT_VENTURE, "stake-in-venture"  # "will hold a 60% stake in the venture"
    if kind is Kind.INVESTMENT and lemma in words("equity") and takes_control(root):
        return Kind.ACQUISITION, "take-control"  # "KDDI took a majority stake in ELYZA": buying its control
    if kind is Kind.PARTNERSHIP and lemma == "partner" and compute_partner(root, lex):
        return Kind.SUPPLY, "compute-partner"  # "its primary training partner", "its cloud partner"
    return kind, rule


def _no_deal_before_objects(kind: Kind, cue: Span, sent: Span, lex: Lexicon, ents: Sequence[Span] | None) -> bool:
    """True when the parse says a kind cue names no deal, before its objects are judged."""
    root = cue.root
    lemma = root.lemma_.lower()
    then = {c.lemma_.lower() for c in root.children if c.dep_ in {"xcomp", "acl", "advcl"}}  # "committed to buy"
    if kind is Kind.INVESTMENT and lemma in words("commit_words") and then & words("commit_purchase_verbs"):
        return True  # "committed to buy $300 billion of computing power": a purchase, not a stake
    if (
        len(cue) == 1
        and lemma in lex.needs_money
        and not has_money_near(root, sent, ents=ents)
        and not any(c.dep_ == "dobj" and c.lemma_.lower() in words("money_nouns") for c in root.children)
        and not _from_company(root)
        and not (root.dep_ == "dobj" and leads_a_round(root.head))  # "SoftBank led the funding"
    ):
        return True  # "raise", "commit" speak of a deal only with a sum ("$2 billion", "funds")
    if lemma == "put" and any(c.dep_ == "prep" and c.lower_ == "at" for c in root.children):
        return True  # "a project that people involved put at about 7 trillion won": an estimate
    if kind is Kind.SUPPLY and (provider_without_client(root) or customer_undescribed(root)):
        return True
    if len(cue) == 1 and root.dep_ == "compound" and root.head.lemma_.lower() in words("institution_heads"):
        return True  # "a formal merger review", "the investment bank": a kind word naming an institution

    if kind is Kind.INVESTMENT and root.dep_ == "dobj" and root.lemma_.lower() in words("agent_nouns"):
        if root.head.lemma_.lower() in words("purchase_words"):
            return True  # "to buy the digital infrastructure investor": a company bought
    if kind is Kind.INVESTMENT and root.lower_ == "backing" and not _backing_from_companies(root):
        return True  # "had the backing of the board", "attracted backing from large groups": support, or no one named
    if kind is Kind.INVESTMENT and joins_a_raise(root):
        return True  # "raised 1.7 billion euros, with Nvidia and Bpifrance also investing": the raise's backers
    if kind is Kind.INVESTMENT and round_of_a_raise(root):
        return True  # "raised $242 million in a Series C round": the raise's own round
    if lemma in words("equity") and root.dep_ == "dobj" and root.head.lemma_.lower() in words("sale_words"):
        return not stake_sold_off(root)  # "sell its stake to X": the buyer's (the sale decides)
    if kind is Kind.ACQUISITION and lemma in words("pursuit_nouns"):
        return not company_after(root, "of")  # "its pursuit of Alphawave", not "the pursuit of AGI"
    if kind is Kind.ACQUISITION and lemma in words("purchase_words") and root.pos_ != "VERB":
        if definite(root) and not any(c.lower_ in {"of", "for"} or is_org(c) for c in root.children):
            return False  # "first announced the purchase in April": the takeover told before
        return not any(c.lower_ == "of" and any(is_org(g) for g in c.subtree) for c in root.children)
    return False


def _backing_from_companies(noun: Token) -> bool:
    """ "with backing from Toyota Motor, Sony Group and NTT": the noun, with companies naming
    where it came from ("players backing OpenAI" is the verb, whose shapes judge it)."""
    return noun.pos_ == "NOUN" and company_after(noun, "from")


def _from_company(noun: Token) -> bool:
    """ "received funding from Prosperity7", "the funding came from Amazon": money taken from a
    named company is a deal, sum or not."""
    holder = noun.head if noun.dep_ in {"dobj", "obj", "nsubj"} else noun
    return (
        noun.pos_ == "NOUN"
        and noun.lemma_.lower() in words("fund_words") | {"funding"}
        and (company_after(holder, "from") or company_after(noun, "from"))  # "from" on the noun or its verb
    )


def _no_deal_after_objects(kind: Kind, cue: Span) -> bool:
    """True when the parse says a kind cue names no deal, whatever its objects."""
    root = cue.root
    lemma = root.lemma_.lower()
    if kind is Kind.PARTNERSHIP and lemma == "work" and root.pos_ != "VERB":
        return True  # "their work with Scale" is a customer's use, "work with" as a verb is a tie
    invested = kind is Kind.INVESTMENT and lemma in {"invest", "investment"}
    if invested and (invests_in_things(root) or pooled_together(root)):
        return True  # "a venture that plans to invest $500 billion in data centers", "A and B will invest $1bn"
    if kind is Kind.INVESTMENT and root.pos_ == "VERB" and into_its_own(root):
        return True  # "Naver poured money into its own HyperCLOVA X model": no one else's
    if kind is Kind.PARTNERSHIP and lemma == "partner" and root.pos_ == "NOUN" and _a_job(root):
        return True  # "Marcus Hale, a managing partner at Brookfield": a person's job
    if kind is Kind.PARTNERSHIP and _with_an_authority(root):
        return True  # "will continue to work with the Commission": a regulator is no partner
    if kind is Kind.PARTNERSHIP and lemma in words("partnership_needs_company"):
        if not any(is_org(c) for c in root.subtree):
            return True
    if kind is Kind.INVESTMENT and lemma in words("fund_words") and root.pos_ != "VERB" and len(cue) == 1:
        return True
    if kind is Kind.MERGER and lemma == "combine" and not companies_combine(root):
        return True  # "combine AI with search": only companies combining is a merger
    if len(cue) == 1 and root.dep_ in {"compound", "amod", "npadvmod"} and _names_a_trade(root.head):
        return True  # "its supply-chain planning products", "an investment bank": a trade, not a deal
    if kind is Kind.INVESTMENT and lemma in words("holders") and (beside_verb(root) or a_persons_stake(root)):
        return True  # "joined the round, along with existing backers A and B": they join it; "X, an early backer"
    return kind is Kind.INVESTMENT and len(cue) == 1 and bare_holder(root)


def _names_a_trade(head: Token) -> bool:
    """The noun a deal word modifies makes a trade or a job of it ("investment bank"), or a
    modifier of another noun ("supply-chain software")."""
    lemma = head.lemma_.lower()
    modifier = head.dep_ in {"compound", "amod", "npadvmod"}
    return lemma in words("trade_heads") or (modifier and lemma in words("trade_modifier_heads"))


def _a_job(partner: Token) -> bool:
    """ "a managing partner at Brookfield", "founding partner": people are partners "at" a firm."""
    return any(
        (c.dep_ in {"amod", "compound"} and c.lower_ in words("job_partner_words"))
        or (c.dep_ == "prep" and c.lower_ == "at")
        for c in partner.children
    )


def _with_an_authority(word: Token) -> bool:
    """The deal word's "with" names only regulators or governments ("work with the Commission")."""
    others = [g for c in word.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children]
    return bool(others) and all(any(regulator_word(t) for t in g.subtree) for g in others)


def _in_accord(noun: Token) -> bool:
    """ "in agreement with Siemens AG", "in accord with the board": a bare deal noun after "in"
    says who concurs, not that a deal was made."""
    return (
        noun.dep_ == "pobj"
        and noun.head.lower_ == "in"
        and noun.lemma_.lower() in {"agreement", "accord"}
        and not any(c.dep_ in {"det", "poss", "amod", "compound", "nummod"} for c in noun.children)
    )


def _generic_cue(cue: Span, sent: Span, lex: Lexicon) -> Decision | None:
    """A generic deal word: its kind when its modifiers name one, None when it is no deal word."""
    root = cue.root
    if root.pos_ in {"VERB", "AUX"} and root.lower_ in words("false_accords"):
        return None  # "according to OpenAI" is no accord
    if _in_accord(root):
        return None  # "resolved, in agreement with Siemens, to end ...": concurrence, no deal
    if root.pos_ == "NOUN" and any(
        c.dep_ in {"compound", "amod"} and c.lower_ in lex.supply_nouns and c.lower_ not in words("vague_supply")
        for c in root.children
    ):
        return Kind.SUPPLY, "deal-of-supplies"  # "a cloud contract", "computing deals": what is bought names the kind
    paid = any(
        c.dep_ in {"compound", "nmod", "amod"} and c.lower_ in words("consideration_words") for c in root.children
    )
    if root.pos_ == "NOUN" and paid and not merger_told(root, sent):
        return Kind.ACQUISITION, "stock-or-cash-deal"  # "an all-stock deal", "a cash-and-stock transaction"
    return None, "cue:generic"


def _deals_about(triggers: list[Trigger], cues: Sequence[Span], sent: Span) -> None:
    """ "a memorandum of understanding for the next phase of their partnership", "a letter of
    intent to supply memory": an MOU/LOI about a known kind of deal is that deal, non-binding;
    likewise "signed a contract with Oracle to buy computing power": a bare deal word whose
    purpose clause names a specific kind of deal is that deal."""
    by_token = {t.token.i: t for t in triggers}
    for trig in triggers:
        if trig.kind in {None, Kind.SUPPLY} and distribution_deal(trig.token):
            trig.kind, trig.label, trig.rule = Kind.PARTNERSHIP, "distribution-deal", "distribution-deal"
        elif trig.kind is Kind.MOU:
            # "an MOU to cooperate on AI": cooperation names no kind of deal, it stays an MOU
            about = mou_subject_kind(trig.token, cues, by_token, words("cooperation_words"))
            if about is not None:
                trig.kind = about
                trig.label = trig.rule = "mou-about"
            elif mou_for_supplies(trig.token):
                trig.kind = Kind.SUPPLY  # "a letter of intent ... under which Sakura would lease capacity"
                trig.label = trig.rule = "mou-about"
        elif trig.kind is None and trig.token.pos_ in {"NOUN", "PROPN"}:
            about = mou_subject_kind(trig.token, cues, by_token)
            named = _named_before(trig.token, triggers)
            if named is not None:
                trig.kind = named  # "content licensing agreements": the words before the deal noun name its kind
                trig.label = trig.rule = "kind-word-before"
            elif about in SPECIFIC or about is Kind.PARTNERSHIP:
                # "talks about jointly developing AI services": co-development, whatever it makes
                trig.kind = about
                trig.label = trig.rule = "deal-about"
            elif covers_supplies(trig.token):
                trig.kind = Kind.SUPPLY
                trig.label = trig.rule = "deal-covering-supplies"
            elif _deal_for_company(trig.token):
                trig.kind = Kind.ACQUISITION  # "Orlo's $4 billion deal for Brenna Labs": a takeover
                trig.label = trig.rule = "deal-for-company"
            elif uses_content(trig.token):
                trig.kind = Kind.LICENSING
                trig.label = trig.rule = "deal-for-content"
            elif (general := _general_word_before(trig.token, cues)) is not None:
                trig.kind = general  # "an integration agreement": no more specific kind said
                trig.label = trig.rule = "kind-word-before"
        elif trig.kind is Kind.PARTNERSHIP and trig.token.pos_ == "NOUN" and uses_content(trig.token):
            trig.kind = Kind.LICENSING  # "a partnership to bring its news content to ChatGPT"
            trig.label = trig.rule = "deal-for-content"
        elif trig.kind is Kind.PARTNERSHIP and (
            partners_to_buy(trig.token) or priced_supply_partnership(trig.token, sent)
        ):
            trig.kind = Kind.SUPPLY  # "partnered with Nebius to secure GPU capacity"
            trig.label = trig.rule = "partnership-to-buy-supplies"
        elif trig.kind is None and trig.token.dep_ in _NOMINAL and covers_supplies(trig.token):
            trig.kind = Kind.SUPPLY  # the tagger calls "contract" a verb, the parser its object
            trig.label = trig.rule = "deal-covering-supplies"


def _without_contents(triggers: list[Trigger]) -> list[Trigger]:
    """ "signed an agreement to invest $80 million in Haneul": the verb that says what a deal
    word that states its stage ("signed", "struck") is about is that deal, at that stage, not
    one of its own ("to invest" alone reads as a plan)."""
    about = {t.token.i: t.kind for t in triggers if t.rule == "deal-about" and _staged(t.token)}
    return [
        t
        for t in triggers
        if not (t.token.dep_ == "acl" and t.token.head.i in about and about[t.token.head.i] is t.kind)
    ]


def _without_restated(triggers: list[Trigger]) -> list[Trigger]:
    """ "licenses its compiler to Microsoft under an existing agreement": a bare deal word the
    deal verb of a kind is done under is that deal, not a second one of no kind, unless it names
    a company of its own ("under an agreement signed with Capgemini")."""
    kinds = {t.token.i for t in triggers if t.kind is not None}
    return [
        t
        for t in triggers
        if not (
            t.kind is None
            and t.token.dep_ == "pobj"
            and t.token.head.lower_ == "under"
            and t.token.head.head.i in kinds
            and t.token.head.head.pos_ == "VERB"
            and not any(is_org(w) for c in t.token.children if c.dep_ != "relcl" for w in c.subtree)
        )
    ]


def _staged(noun: Token) -> bool:
    """A deal noun that is the object of a verb stating a contract's stage ("signed a contract")."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in words("stage_verbs")


def _deal_for_company(noun: Token) -> bool:
    """ "Orlo's $4 billion deal for Brenna", "closed its deal for Activision", "AMD completed the
    deal for ZT Systems": a company's deal "for" a company, with no purpose of its own, buys it."""
    owned = any(c.dep_ == "poss" and (is_org(c) or c.lower_ in {"its", "their"}) for c in noun.children)
    made = noun.dep_ == "dobj" and any(c.dep_ == "nsubj" and is_org(c) for c in noun.head.children)
    return (owned or made) and company_after(noun, "for") and not purposes(noun)


def _talks_of_taking_part(triggers: list[Trigger]) -> None:
    """ "Microsoft and Nvidia are in talks to participate": the talks are the participation's
    stage, not a deal between the companies in talks."""
    joining = [t.token for t in triggers if t.rule == "participation"]
    above = {a.i for j in joining for a in j.ancestors}
    triggers[:] = [t for t in triggers if not (t.rule == "deal-about" and t.token.i in above)]


def _general_word_before(noun: Token, cues: Sequence[Span]) -> Kind | None:
    """ "an integration agreement", "a collaboration agreement": a partnership word that modifies
    a bare deal noun names its kind when nothing more specific does (an MOU word's deal is
    non-binding, which the MOU cues say)."""
    kinds = {
        Kind(c.label_.split(":", 1)[1])
        for c in cues
        if c.label_.startswith("kind:") and c.root.i == noun.i - 1 and c.root.dep_ in {"compound", "amod"}
    }
    return Kind.PARTNERSHIP if kinds == {Kind.PARTNERSHIP} else None


def _named_before(noun: Token, triggers: list[Trigger]) -> Kind | None:
    """The specific kind a kind trigger right before a bare deal noun names ("licensing
    agreements", "a supply deal"), read off the word order as the parser may split the phrase."""
    before = noun.i - 1
    kinds = {t.kind for t in triggers if t.token.i == before and t.kind in SPECIFIC}
    return kinds.pop() if len(kinds) == 1 else None


#: Dependencies only a noun phrase takes (a deal word the tagger mislabels still fills them).
_NOMINAL = {"dobj", "pobj", "nsubj", "nsubjpass", "attr"}
