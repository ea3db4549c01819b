"""What a trigger's clause says about truth and time: negation, denial, counterfactuals,
"not yet", continuation, change, and the stage the governing verb's tense implies."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import lexicon
from kg.extract.syntax import ancestors_of, names_company, relative_clause_chain
from kg.extract.vocab import words
from kg.records import Kind, Status

__all__ = [
    "governing_verb",
    "simple_past",
    "negated",
    "counterfactual",
    "prospect",
    "not_yet",
    "not_yet_verb",
    "continues",
    "future_or_change",
    "in_place",
    "made_known",
    "tense_status",
    "since_a_time",
    "closing_ahead",
    "signed_ahead",
    "prospective",
    "modal_or_future",
    "past_description",
    "past_or_perfect",
]


def continues(trigger: Token) -> bool:
    """The trigger's clause says a deal goes on ("will remain", "keeps its licence", "continues to work with")."""
    below = trigger
    for anc in ancestors_of(trigger)[:4]:
        if anc.lemma_.lower() in words("continue_verbs") and anc.pos_ in {"VERB", "AUX"}:
            # "the investment will continue to fund" is no deal going on, nor is one in a clause
            # coordinated with it ("would continue to engage ... and expected the deal to close")
            # nor one told only as a time ("the contract will remain in force after the takeover")
            return below.dep_ not in {"nsubj", "nsubjpass", "conj"} and not (
                below.dep_ == "prep" and below.lower_ in words("time_prepositions")
            )
        below = anc
        # "We continue to believe this combination would have benefited clients": a belief goes on
        if anc.pos_ == "VERB" and anc.i != trigger.i and anc.dep_ not in {"xcomp", "conj"}:
            break
    return False


def future_or_change(trigger: Token) -> bool:
    """The clause looks ahead or states a change ("would become its partner", "will name it")."""
    for anc in ancestors_of(trigger)[:5]:
        if anc.lemma_.lower() in words("change_verbs"):
            return True
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll", "to"} for c in anc.children):
            return True
        if anc.pos_ in {"VERB", "AUX"} and anc.dep_ in {"relcl", "advcl", "acl"}:
            return False  # "Wiz, which counts Sequoia among its investors, will join ...": its own clause
    return False


def negated(trigger: Token) -> bool:
    """The trigger's clause is negated, denied, or a report about it is rejected."""
    if trigger.dep_ == "amod" and trigger.tag_ == "VBN" and trigger.head.pos_ == "PROPN":
        return False  # "had not held talks with Accel-backed Bolo AI": the epithet is a fact of its own
    chain = ancestors_of(trigger)
    reported = next(
        (n for n, t in enumerate(chain[:5]) if t.lemma_.lower() in words("report_nouns") and t.i != trigger.i), None
    )
    if reported is not None and any(t.lemma_.lower() in words("denial_verbs") for t in chain[reported : reported + 2]):
        return True  # "rejected reports that it was in talks to buy ..."
    for below, anc in zip(chain[:6], chain[1:7]):
        if anc.lemma_.lower() in words("flat_denial_verbs") and below.dep_ == "ccomp":
            return True  # "denied it was in talks with Nvidia about a supply agreement"
    noun = trigger.head if trigger.dep_ in {"compound", "amod"} else trigger
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True  # "holds no ownership stake in Character.AI"
    if any(
        a.pos_ == "NOUN" and a.lemma_.lower() in words("intent_nouns") and any(c.lower_ == "no" for c in a.children)
        for a in chain[1:4]
    ):
        return True  # "has no plans to acquire Perplexity"
    for k, anc in enumerate(chain[:5]):
        if anc.lemma_.lower() in words("disclosure_verbs") or (k and chain[k - 1].dep_ == "relcl"):
            # "did not disclose the terms of their partnership": the terms, not the deal; "Samsung,
            # which took a stake in X, has not ...": the main clause's "not" is not the clause's
            break
        if any(c.dep_ == "neg" and not _focus(c) for c in anc.children) and anc.lemma_.lower() not in (
            words("closing_verbs") | words("approval_verbs") | words("proceeding_verbs")
        ):
            # not "has not closed" (not yet) nor "would not approve" (a regulator's stage) nor "would
            # not proceed with" (a terminated cue), nor
            # "decided not to pursue a deal" (a deal considered and abandoned: a terminated cue)
            return not (anc.dep_ == "xcomp" and anc.head.lemma_.lower() in words("deciding_verbs"))
        if anc.lemma_.lower() in words("negation_verbs") and anc.i != trigger.i:
            if anc.lemma_.lower() == "reject" and any(
                c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in words("offers") for c in anc.children
            ):
                return False  # "rejected a takeover bid" ends a deal (a terminated cue), it denies no report
            return True
    return False


def _focus(neg: Token) -> bool:
    """ "it was not just adding a product line", "not only a supplier": "not" before "just",
    "only" or "merely" says there is more, it denies nothing."""
    after = neg.doc[neg.i + 1] if neg.i + 1 < len(neg.doc) else None
    return after is not None and after.lower_ in {"just", "only", "merely", "simply"}


def counterfactual(trigger: Token) -> bool:
    """ "a minority stake rather than buying Scale outright", "instead of a definitive contract":
    the alternative not taken is no deal; nor is one a company would not comment on ("declined
    to comment on whether it would invest in xAI")."""
    if (
        trigger.dep_ == "nsubj"
        and {"would", "have"} <= {c.lower_ for c in trigger.head.children if c.dep_ == "aux"}
        and not any(c.dep_ == "acl" for c in trigger.children)  # ("the deal, first announced in 2021, would have")
    ):
        return True  # "a deal at that price would have been the largest": one that did not happen
    verb, teller = _clause_and_holder(trigger)  # "comment on whether", "say whether"
    if any(c.dep_ == "mark" and c.lower_ == "whether" for c in verb.children) and (
        teller.lemma_.lower() in words("comment_verbs")
    ):
        return True
    for anc in ancestors_of(trigger)[:4]:
        low = anc.lower_
        if low == "than" and any(c.lower_ == "rather" for c in (*anc.children, *anc.head.children)):
            return True
        if low == "rather" and anc.head.i != anc.i and any(c.lower_ == "than" for c in anc.children):
            return True
        if low == "of" and (anc.head.lower_ == "instead" or any(c.lower_ == "instead" for c in anc.children)):
            return True
        if anc.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "than" and c.i < anc.i for c in anc.head.children):
            return True  # "taking a stake rather than buying Scale": the parser coordinates with "than"
    return False


def prospect(trigger: Token) -> bool:
    """ "cut the odds that Nvidia completes its purchase of Arm", "the odds of Qualcomm closing
    the deal": a clause or gerund that a noun of odds governs tells a pending deal, no stage."""
    verb, holder = _clause_and_holder(trigger)
    return (
        verb.dep_ in {"acl", "ccomp", "pcomp"}
        and holder.i != verb.i
        and holder.pos_ == "NOUN"
        and bool(words("chance_nouns") & {holder.lemma_.lower(), holder.lower_})  # "odds": lemma "odd"
    )


def _clause_and_holder(trigger: Token) -> tuple[Token, Token]:
    """The trigger's verb (the trigger itself, or the verb it hangs on) and the word that verb's
    clause hangs on, past a preposition ("comment on whether ...", "the odds of closing ...")."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    return verb, verb.head.head if verb.head.pos_ == "ADP" else verb.head


def not_yet(trigger: Token) -> bool:
    """ "have not (yet) signed/closed": a stage not reached."""
    return not_yet_verb(trigger) is not None


def not_yet_verb(trigger: Token) -> Token | None:
    """The negated closing verb above the trigger ("has not yet closed"), if any."""
    for anc in ancestors_of(trigger)[:4]:
        if anc.lemma_.lower() in words("closing_verbs") and any(c.dep_ == "neg" for c in anc.children):
            return anc
    return None


#: Kinds whose deal in place is a stake or a takeover done ("completed"); the others are "signed".
_DONE_KINDS = frozenset({Kind.INVESTMENT, Kind.ACQUISITION, Kind.MERGER})


def in_place(kind: Kind | None) -> Status:
    """The status of a deal of ``kind`` that is in place: completed for stakes and takeovers,
    signed for the others."""
    return Status.COMPLETED if kind in _DONE_KINDS else Status.SIGNED


def governing_verb(trigger: Token) -> Token | None:
    """The verb (or auxiliary) whose clause holds ``trigger``: itself or its nearest ancestor."""
    return next((a for a in ancestors_of(trigger) if a.pos_ in {"VERB", "AUX"}), None)


def _made_in_the_past(verb: Token, kind: Kind | None) -> bool:
    """Past verbs that make the deal, not tell its news: entering into or signing it ("entered a
    partnership"), paying for it ("paid $900 million to license"), founding the venture ("formed
    a joint venture")."""
    lemma = verb.lemma_.lower()
    if lemma in words("contract_verbs") or lemma in words("paying_verbs"):
        return True
    if kind is Kind.LICENSING and lemma in words("granting_verbs") | {"license"} and _takes_object(verb):
        return True  # "licensed its catalogue to Tunesmith", "granted Lumora a licence": the licence given
    return kind is Kind.JOINT_VENTURE and lemma in words("founding_verbs")


def _takes_object(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "dative"} for c in verb.children)


def made_known(trigger: Token) -> bool:
    """The trigger's verb reports the deal ("named AWS its primary cloud provider",
    "unveiled a partnership"): the news of it, whatever its date."""
    verb = governing_verb(trigger)
    return verb is not None and verb.lemma_.lower() in words("reporting_verbs")


def simple_past(verb: Token) -> bool:
    """The verb tells a past event: "announced", "was announced" (not "has announced")."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ != "VBN":
        return False
    if any(c.dep_ == "auxpass" and c.lower_ in {"was", "were"} for c in verb.children):
        return True
    # "Thrive Capital invested in OpenAI" tagged a participle: a subject and no auxiliary make it a past tense
    return any(c.dep_ == "nsubj" for c in verb.children) and not any(
        c.dep_ in {"aux", "auxpass"} for c in verb.children
    )


def past_description(trigger: Token) -> Token | None:
    """The past-tense relative clause the trigger sits in when it describes a company ("MGX,
    which invested in Sahra in 2023, signed a letter of intent ..."): a fact of its own, which the
    main clause's stage and sources do not speak of. None otherwise."""
    chain = relative_clause_chain(trigger, own=True)
    verb = chain[-2] if len(chain) > 1 and chain[-2].dep_ == "relcl" else None
    if verb is None or not names_company(chain[-1]):
        return None
    return verb if past_or_perfect(verb) else None


def past_or_perfect(verb: Token) -> bool:
    """The verb tells something done: a simple past ("bought", "was announced") or a perfect
    ("has acquired")."""
    return simple_past(verb) or (
        verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    )


def since_a_time(token: Token) -> bool:
    """ "since 2019", "since then": "since" followed by a time (any other word: True); "its largest
    deal since Mellanox" names no time, so no deal in place since; nor does "has since announced
    a partnership", which tells what came after."""
    if token.lower_ == "since" and token.dep_ == "advmod" and token.i < token.head.i:
        return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.head.children)
    if token.lower_ != "since" or token.dep_ != "prep":
        return True
    return any(
        t.ent_type_ in {"DATE", "TIME"} or t.like_num or t.lower_ == "then" for t in token.subtree if t.i != token.i
    )


def tense_status(trigger: Token, kind: Kind | None) -> Status | None:
    """Status from the governing verb's tense when no cue says it."""
    if trigger.lemma_.lower() in words("proposal_nouns"):
        return None  # "made a $2 billion offer for Alphawave": proposed, not done
    if kind in _DONE_KINDS and trigger.pos_ == "NOUN" and trigger.lemma_.lower() in lexicon().generic_words:
        return None  # "sealed a deal to buy Splunk": the deal is made, the purchase not done
    verb = governing_verb(trigger)
    if verb is None:
        return None
    main = done_before(verb)
    if main is not None:
        # "After buying Mellanox, Nvidia expanded", "Following its purchase of Mellanox, ...": done
        # before a past the main clause tells; a date of its own decides instead ("this week": news)
        if any(t.ent_type_ == "DATE" for t in verb.subtree):
            return None
        finished = past_or_perfect(main) and (kind in _DONE_KINDS or _made_in_the_past(verb, kind))
        return in_place(kind) if finished else None
    first = verb.head if verb.tag_ == "VB" and verb.dep_ == "conj" else verb  # "to hire ... and license"
    if first.tag_ == "VB" and first.dep_ in {"advcl", "xcomp"} and first.head.lemma_.lower() in words("paying_verbs"):
        verb = first.head  # "paid $650 million to license its models": the payment dates the deal
    aux = {c.lemma_.lower() for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    done = in_place(kind)
    past = simple_past(verb)
    if past or (verb.tag_ == "VBN" and "have" in aux):
        if verb.lemma_.lower() in words("reporting_verbs") | words("endorsing_verbs"):
            # "named AWS its primary training partner": made known, not said to be signed;
            # "shareholders approved the merger": a step towards it, not its close
            return None
        if kind not in _DONE_KINDS and past and not _made_in_the_past(verb, kind):
            # "Nvidia and Nokia teamed up", "AMD formed a collaboration with Humain": the past tense
            # tells the news of a tie, supply or licence (announced); an old date makes it in place
            # (stage.dated_stage). Stakes and takeovers told in the past are made (completed).
            return None
        if verb.lemma_.lower() in words("paying_verbs"):
            return Status.COMPLETED  # "paid Inflection $650 million to license its models": paid, done
        if kind is Kind.JOINT_VENTURE and verb.lemma_.lower() in words("founding_verbs"):
            return Status.COMPLETED  # "set up a joint venture", "the venture was registered": it exists
        return done
    if verb.tag_ in {"VBZ", "VBP"} and (
        verb.lemma_.lower() in words("state_verbs")
        or (kind is Kind.SUPPLY and verb.lemma_.lower() in words("buying_state_verbs"))
    ):
        return done  # "TSMC manufactures its chips", "Orlo buys its memory from Brenna": in place
    if verb.tag_ == "VBG" and "have" in aux and "be" in aux:
        return done  # "has been supplying GPUs to Microsoft for years": a relationship in place
    return None


def done_before(verb: Token) -> Token | None:
    """The main clause's verb when ``verb`` tells what came before it: the gerund of "after
    buying X" or "since buying X", or "following" read as a verb ("Following its purchase of X")."""
    if verb.tag_ != "VBG":
        return None
    if verb.dep_ == "pcomp" and verb.head.lower_ in {"after", "since"}:
        main = verb.head.head
    elif verb.lower_ == "following" and verb.dep_ in {"prep", "advcl"}:
        main = verb.head
    else:
        return None
    return main if main.pos_ in {"VERB", "AUX"} and main.i != verb.i else None


def closing_ahead(verb: Token) -> bool:
    """A closing verb still ahead: "will close", "would close", "is expected to close", "cleared
    the way for Synopsys to complete" (an infinitive: "managed to close" is done), "focused on
    closing"."""
    infinitive = (
        verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and verb.head.lemma_.lower() not in words("achieving_verbs")
    )
    # "focused on closing its purchase", "working toward completing it": a gerund aimed at
    aimed = verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ in {"on", "toward", "towards"}
    return verb.pos_ == "VERB" and (
        prospective(verb)
        or infinitive
        or aimed
        or any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll"} for c in verb.children)
    )


def signed_ahead(letter: Token) -> bool:
    """The letter is the object of a signing still ahead: "will sign", "are due to sign"."""
    verb = letter.head
    if letter.dep_ not in {"dobj", "obj"} or verb.lemma_.lower() != "sign":
        return False
    return prospective(verb) or any(c.dep_ == "aux" and c.lower_ in {"will", "shall"} for c in verb.children)


def prospective(verb: Token) -> bool:
    """A stage only looked ahead to: "poised to block", "expected to block", "could block",
    "to decide whether to clear or block the deal"."""
    first = verb.head if verb.dep_ == "conj" else verb
    if any(c.dep_ == "mark" and c.lower_ == "whether" for c in first.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in words("hedges") - {"would"} for c in verb.children):
        return True  # "said it would not approve the deal" reports a decision
    head = verb.head
    return verb.dep_ in {"xcomp", "ccomp"} and (
        head.lemma_.lower() in words("prospects")
        or any(c.lemma_.lower() in words("prospects") for c in head.children if c.dep_ == "acomp")
    )


def modal_or_future(verb: Token) -> bool:
    """The verb has a hedge or the future as its auxiliary ("would face", "could", "will give")."""
    return any(c.dep_ == "aux" and c.lower_ in words("hedges") | {"will", "would", "'ll"} for c in verb.children)
