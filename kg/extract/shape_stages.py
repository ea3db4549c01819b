"""Stages a trigger's tree shape tells beside its status cues (``kg.extract.status``): "has
not yet closed", "ended its collaboration", "sought to acquire", "its largest backer",
"under its agreement with", "contracts signed this year"."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.hearsay import told_by_others
from kg.extract.lexicon import regulator_word
from kg.extract.round_shapes import takes_part
from kg.extract.shapes import stake_sold_off
from kg.extract.syntax import ancestors_of
from kg.extract.tense import continues, future_or_change, governing_verb, not_yet_verb, past_or_perfect
from kg.extract.vocab import words

__all__ = ["shape_stages"]


def shape_stages(trigger: Token, found: dict[str, str]) -> dict[str, str]:
    """The stages the status cues found (``found``: stage -> rule), with those the tree's shape
    adds or implies."""
    found = dict(found)
    if found.keys() <= {"future", "announce", "signed"} and _signed_participle(trigger):
        return {"signed": "own-participle:signed"}  # "agreed to pay CoreWeave under contracts signed this year"
    if found.keys() <= {"future", "announce"} and _terms_discussed(trigger):
        return {"negotiating": "shape:terms-discussed"}  # "under the terms being discussed, X would buy"
    if found.keys() <= {"future", "announce", "signed"} and _definitive_frame(trigger):
        return {"signed": "shape:definitive-frame"}  # "Under a definitive agreement, X will deploy ..."
    if (unreached := not_yet_verb(trigger)) is not None:
        if unreached.lemma_.lower() in words("completing_verbs"):
            found.setdefault("announce", "shape:not-yet-closed")  # "has not yet closed its takeover": pending
        else:
            found.setdefault("negotiating", "shape:not-yet")  # "have not yet signed": still talking
    if _ended(trigger) or _ended(_talks_about(trigger)):
        # "ended its collaboration with OpenAI", "the partnership ended", "ended discussions on a joint venture"
        found.setdefault("terminated", "shape:ended")
    if found.keys() <= {"announce"} and _contract_won(trigger):
        found = {"signed": "shape:contract-won"}  # "won a $90 million contract from Brenna"
    if _filed_with_regulator(trigger):
        found.setdefault("under_review", "shape:filed")  # "submitted its takeover of X to CFIUS"
    if _awaits_clearance(trigger):
        found.setdefault("under_review", "shape:awaits-clearance")  # "is still awaiting Chinese sign-off"
    if stake_sold_off(trigger):
        found.setdefault("terminated", "shape:stake-sold")  # "sold its stake in Daejin Solar": it pulled out
    if _tried_before(trigger):
        found.setdefault("terminated", "shape:tried")  # "Meta also sought to acquire SSI": tried, not done
    if found.keys() <= {"future", "announce", "signed", "existing", "completed"} and continues(trigger):
        return {"existing": "shape:continues"}  # "Azure will remain OpenAI's exclusive cloud provider"
    if (
        not found
        and trigger.lemma_.lower() in words("holder_nouns")
        and trigger.pos_ == "NOUN"
        and not future_or_change(trigger)
        and not _source_of_a_deal(trigger)
    ):
        return {"existing": "shape:holder"}  # "its largest backer", "investors include Amazon": stakes held
    if found.keys() <= {"future", "announce"} and _through_own_deal(trigger):
        return {"existing": "shape:through-own"}  # "the capacity coming through its joint venture with Aker"
    if not found and _begun(trigger):
        return {"existing": "shape:begun"}  # "SK Hynix began supplying HBM3E to Nvidia in March": it runs
    if not found and _under_the_deal(trigger):
        return {"existing": "shape:under"}  # "under its agreement with Microsoft, OpenAI pays ...": in force
    return found


def _ended(deal: Token | None) -> bool:
    """The deal word is what an ending verb ends, or ends itself (:func:`_ended_itself`)."""
    if deal is None:
        return False
    return (
        (deal.dep_ in {"dobj", "obj"} or (deal.dep_ == "nsubj" and _ended_itself(deal)))
        and deal.head.lemma_.lower() in words("ending_verbs")
        and not any(c.dep_ == "aux" and c.lower_ in words("hedges") for c in deal.head.children)
    )


def _talks_about(deal: Token) -> Token | None:
    """ "discussions on a joint venture", "talks about a merger": the talks the deal word is the
    topic of, or None."""
    prep = deal.head
    if deal.dep_ != "pobj" or prep.lower_ not in words("topic_preps"):
        return None
    return prep.head if prep.head.lemma_.lower() in words("talk_nouns") else None


def _contract_won(deal: Token) -> bool:
    """ "won a contract", "was awarded a contract", "landed a $50 million contract": a contract
    won or given is in force."""
    verb = deal.head
    return (
        deal.lemma_.lower() in words("contract_words")
        and deal.dep_ in {"dobj", "obj", "nsubjpass"}
        and verb.lemma_.lower() in words("winning_verbs") | words("granting_verbs")
        and past_or_perfect(verb)
    )


def _ended_itself(deal: Token) -> bool:
    """ "talks between A and B ended", "the partnership ended in 2024", "the licence expired": a
    deal word as the subject of an ending verb, talks at any tense, a deal in the past ("the
    agreement ends in 2027" is its term); "let its licence expire", "allowed the agreement to
    lapse": a party let it end."""
    verb = deal.head
    let = verb.head if verb.dep_ in {"ccomp", "xcomp"} else None
    return (
        deal.lemma_.lower() in words("talk_nouns")
        or verb.tag_ == "VBD"
        or (verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children))  # "had expired"
        or (let is not None and let.lemma_.lower() in words("permission_verbs") and let.tag_ == "VBD")
    )


def _awaits_clearance(trigger: Token) -> bool:
    """ "The purchase is still awaiting Chinese sign-off", "awaits regulatory approval", "is
    waiting for the green light from Beijing": the deal waits for an authority's clearance, so
    the authority is reviewing it (a clearance with no authority named, "awaits approval", says
    nothing of who gives it)."""
    verb = trigger.head if trigger.dep_ in {"nsubj", "nsubjpass"} else governing_verb(trigger)
    if verb is None or verb.lemma_.lower() not in words("awaiting_verbs"):
        return False
    waited = [c for c in verb.children if c.dep_ == "dobj"]
    waited += [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children if g.dep_ == "pobj"
    ]
    return any(_clearance(noun) and _official(noun) for noun in waited)


def _clearance(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].text == "-":
        lemma = f"{doc[noun.i - 2].lower_}-{lemma}"  # "sign-off", "go-ahead"
    elif any(c.dep_ == "amod" and c.lower_ == "green" for c in noun.children):
        lemma = f"green {lemma}"
    return lemma in words("clearance_nouns")


def _official(noun: Token) -> bool:
    """An authority gives the clearance: "regulatory", "Chinese", "from Beijing", "of the FTC"."""
    return any(
        t.ent_type_ in {"NORP", "GPE"} or regulator_word(t) or t.lemma_.lower() in words("official_words")
        for t in noun.subtree
        if t.i != noun.i
    )


def _tried_before(trigger: Token) -> bool:
    """ "Meta also sought to acquire Safe Superintelligence", "Microsoft tried to buy TikTok": a
    deal a past-tense attempt verb governs was considered and not made (the guideline's "considered
    and abandoned")."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    if verb.dep_ != "xcomp":
        return False
    attempt = verb.head
    return attempt.tag_ == "VBD" and attempt.lemma_.lower() in words("attempt_verbs")


def _source_of_a_deal(noun: Token) -> bool:
    """ "is raising $10 billion from investors including PIF": the holders a verb takes money
    from are that deal's parties, not holders of a standing stake; so are the subjects of a verb
    of taking part ("existing investors are also taking part")."""
    taken_from = noun.dep_ == "pobj" and noun.head.lower_ in {"from", "by"} and noun.head.head.pos_ == "VERB"
    return taken_from or (noun.dep_ == "nsubj" and takes_part(noun.head))


def _under_the_deal(trigger: Token) -> bool:
    """ "under its agreement with X", "under the terms of the deal": a deal others act under."""
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() == "term":
        noun = noun.head.head
    if any(c.dep_ == "amod" and c.lower_ in words("future") for c in noun.children):
        return False  # "under the proposed merger": a plan
    hedged = any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in words("hedges") | {"will"}
        for a in ancestors_of(noun)
        for c in a.children
    )
    return noun.dep_ == "pobj" and noun.head.lower_ == "under" and not hedged


def _filed_with_regulator(trigger: Token) -> bool:
    """ "submitted its planned takeover of DigitalBridge to the Committee on Foreign Investment",
    "notified the deal to the Commission for approval": a deal filed with a regulator is under
    its review."""
    verb = trigger.head
    if trigger.dep_ != "dobj" or verb.lemma_.lower() not in words("filing_verbs"):
        return False
    objects = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"to", "with", "for"} for g in c.children]
    bodies = words("public_body_heads")  # an ORG named for one: "the Committee on Foreign Investment ..."
    return any(
        regulator_word(g)
        or g.lemma_.lower() in words("review_nouns") | words("approval_nouns")
        or (g.ent_type_ == "ORG" and g.lower_ in bodies)
        for o in objects
        for g in (o, *o.children)
    )


def _begun(trigger: Token) -> bool:
    """ "began supplying HBM3E to Nvidia", "has started shipping chips to": a deal whose work has
    begun is in force, as its parties tell it (unnamed sources leave it a rumour)."""
    head = trigger.head
    return (
        trigger.tag_ == "VBG"
        and trigger.dep_ in {"xcomp", "dobj"}
        and head.lemma_.lower() in words("beginning_verbs")
        and (head.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children))
        and told_by_others(trigger, trigger.sent) is None
    )


def _through_own_deal(trigger: Token) -> bool:
    """ "through its joint venture with Aker", "via their partnership": work done through a deal a
    company already has is done under one in force (an unowned "through a joint venture" may be
    a plan)."""
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    owned = any(c.dep_ == "poss" for c in noun.children)
    return owned and noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.lower_ in {"through", "via"}


def _signed_participle(trigger: Token) -> bool:
    """ "contracts signed this year", "an agreement inked in May": a deal noun's own participle
    of signing says the deal is signed, whatever the verb above it looks ahead to."""
    return trigger.pos_ == "NOUN" and any(
        c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in words("contract_verbs") for c in trigger.children
    )


def _terms_discussed(trigger: Token) -> bool:
    """ "Under the terms being discussed, Tarvenix would also commit to buying capacity": a
    clause framed by terms still under discussion tells talks."""
    return any(
        a.dep_ == "acl" and a.lemma_.lower() in words("talk_verbs") for noun in _frames(trigger) for a in noun.children
    )


def _definitive_frame(trigger: Token) -> bool:
    """ "Under a definitive agreement, OpenAI will deploy 6 gigawatts of AMD's GPUs": a clause
    framed by a binding deal states its terms; what it looks ahead to is the deal's work, and the
    deal is signed."""
    return any(
        noun.lemma_.lower() in words("bare_deal_nouns")
        and any(c.dep_ == "amod" and c.lower_ in words("binding_adjectives") for c in noun.children)
        for noun in _frames(trigger)
    )


def _frames(trigger: Token) -> list[Token]:
    """The nouns "under" frames the trigger's clause with ("Under the terms ..., X would commit")."""
    verb = governing_verb(trigger)
    while verb is not None and verb.dep_ in {"xcomp", "pcomp", "prep"} and verb.head.i != verb.i:
        verb = verb.head  # "would commit to buying": the frame hangs on "commit"
    if verb is None:
        return []
    return [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "under" for g in c.children if g.dep_ == "pobj"
    ]
