"""Whether a status cue names a stage of the deal it is near, and which: "is close to a deal"
is not done, "subject to negotiation" is a condition, "the proposed acquisition could be
harmful" is no hedge, "would close in March" looks ahead (``kg.extract.status`` decides the
trigger's status from the stages these allow)."""

from __future__ import annotations

import itertools

from spacy.tokens import Span, Token

from kg.extract.lexicon import regulator_word
from kg.extract.syntax import company_after
from kg.extract.tense import (
    closing_ahead,
    governing_verb,
    modal_or_future,
    past_or_perfect,
    prospective,
    signed_ahead,
    since_a_time,
)
from kg.extract.vocab import words

__all__ = ["stage_cue", "stage_of", "terms_of_a_deal"]


def stage_of(cue: Span, status: str) -> str:
    """The stage a status cue names: "announced" cues that look ahead are "future", "signed"
    cues of a deal in place ("since 2019", "already") are "existing", internal talks are a
    deal considered ("rumored")."""
    text = " ".join(t.lemma_.lower() for t in cue)
    if status == "announced":
        return "future" if (text in words("future") or cue.text.lower() in words("future")) else "announce"
    if status == "signed" and cue.root.tag_ == "VBN" and modal_or_future(cue.root):
        return "future"  # "a deal could be signed as early as next month": a signing ahead
    if status == "signed" and (text in words("existing") or cue.text.lower() in words("existing")):
        if _of_talks(cue.root):
            return "negotiating"  # "the talks are ongoing": what goes on is the negotiation
        return "existing"  # a stake in place is completed
    if status == "under_review" and _review_ahead(cue.root):
        return "future"  # "analysts said the deal would face scrutiny": a review expected, none opened
    if status == "under_review" and _weighed_by_a_company(cue.root):
        return "rumored"  # "SoftBank is reviewing an investment in Hanbit": a deal considered, no regulator's review
    if status == "blocked" and (prospective(cue.root) or _alternative(cue.root) or _anticipated(cue.root)):
        return "under_review"  # "regulators are poised to block the deal", "has until May to clear or block it"
    if status == "completed" and (
        closing_ahead(cue.root) or (cue.root.pos_ == "VERB" and any(c.dep_ == "neg" for c in cue.root.children))
    ):
        return "future"  # "said the merger would close in March", "has not yet closed": pending
    if status == "negotiating" and any(c.dep_ == "amod" and c.lower_ == "internal" for c in cue.root.children):
        return "rumored"  # "held internal discussions about a bid": considered, no talks with the other side
    if status == "rumored" and _talks_held_with(cue.root):
        return "negotiating"  # "had explored a merger with Optiflux": explored with the other side, talks
    if status == "non_binding" and signed_ahead(cue.root):
        return "future"  # "are due to sign a letter of intent in May": no letter signed yet
    return status


def _review_ahead(word: Token) -> bool:
    """ "the deal would face scrutiny", "Microsoft could face a lengthy review": the verb that has
    the review is a modal's or the future's, and its subject is no regulator or pronoun (the
    watchdog "said it would look into the agreement": a review it opens)."""
    verb = word.head if word.dep_ in {"dobj", "obj"} else word
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.pos_ == "PRON" or regulator_word(subject):
        return False
    return verb.pos_ in {"VERB", "AUX"} and modal_or_future(verb)


def _weighed_by_a_company(verb: Token) -> bool:
    """ "SoftBank is reviewing an investment", "Apple is examining a bid": the reviewing verb's
    subject is a company the model names, not a regulator, so it weighs a deal of its own."""
    if verb.pos_ != "VERB":
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.ent_type_ == "ORG" and not any(regulator_word(t) for t in subject.subtree)


def _anticipated(word: Token) -> bool:
    """ "lawyers had come to expect a lawsuit seeking to stop the transaction": a verb of
    ``prospects`` above the cue looks ahead to it."""
    return any(a.pos_ == "VERB" and a.lemma_.lower() in words("prospects") for a in itertools.islice(word.ancestors, 4))


def _alternative(verb: Token) -> bool:
    """ "to clear or block the transaction": a verb offered as one of alternatives names no stage."""
    first = verb.head if verb.dep_ == "conj" else verb
    return any(c.dep_ == "cc" and c.lower_ == "or" for c in first.children) and (
        verb.dep_ == "conj" or any(c.dep_ == "conj" and c.pos_ == "VERB" for c in verb.children)
    )


def _of_talks(word: Token) -> bool:
    """ "ongoing talks", "the talks are ongoing": the word describes a negotiation."""
    talks = words("talk_nouns")
    if word.dep_ == "amod":
        return word.head.lemma_.lower() in talks
    if word.dep_ == "acomp":
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in talks for c in word.head.children)
    return False


def _exclusive(trigger: Token) -> bool:
    """The trigger (or the noun it names) is called exclusive: "its exclusive cloud provider"."""
    noun = trigger.head if trigger.dep_ in {"compound", "amod"} else trigger
    words_near = (trigger, *trigger.children, *noun.children)
    return any(w.lower_ in {"exclusive", "sole"} and w.dep_ == "amod" for w in words_near)


def _talks_held_with(verb: Token) -> bool:
    """ "had discussed a sale with Microsoft": talks held with a company are talks, done or not
    ("have discussed making an offer" among themselves is still considering it)."""
    if verb.lemma_.lower() not in words("talked_over_verbs"):
        return False
    return any(company_after(t, "with") for t in [verb, *(o for o in verb.children if o.dep_ == "dobj")])


def _done(verb: Token) -> bool:
    """A verb in a finished form: simple past ("finalized") or perfect ("has finalized"), not
    progressive, future, infinitive or modal."""
    if any(
        c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() in {"will", "be", "to", "would", "could", "may"}
        for c in verb.children
    ):
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def _negotiated_thing(verb: Token) -> bool:
    """ "commitments negotiated with both governments", "a negotiated settlement": a participle
    that describes a thing already negotiated ("a deal being negotiated" is still talks)."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in {"acl", "amod"}
        and not any(c.dep_ in {"aux", "auxpass"} and c.lower_ == "being" for c in verb.children)
    )


def _hedges_the_deal(verb: Token, trigger: Token) -> bool:
    """ "could invest", "may decide to work with", "could sign a deal": the modal's verb is the
    deal or leads to it through verbs, or makes the deal its object."""
    chain = [verb]
    while chain[-1].i != trigger.i:
        nxt = [c for c in chain[-1].children if c.dep_ in {"xcomp", "ccomp", "conj"} and c.pos_ in {"VERB", "AUX"}]
        step = next((c for c in nxt if trigger.i in {t.i for t in c.subtree}), None)
        if step is None:
            break
        chain.append(step)
    last = chain[-1]
    if last.i == trigger.i:
        return True
    return last.lemma_.lower() in words("deal_making_verbs") and any(
        c.dep_ in {"dobj", "obj"} and trigger.i in {t.i for t in c.subtree} for c in last.children
    )


def terms_of_a_deal(verb: Token) -> bool:
    """ "Under the agreement, Nvidia could invest up to $100 billion": a modal verb framed by a deal
    ("under the agreement", "as part of the deal") states its terms, not a rumor."""
    frames = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"under", "as"}]
    return any(t.lemma_.lower() in words("bare_deal_nouns") and t.dep_ == "pobj" for f in frames for t in f.subtree)


def _tells_a_done_deal(verb: Token, trigger: Token) -> bool:
    """ "Orlo announced that it has acquired Brenna", "X has raised $320 million, the company
    announced": a speaking verb over a clause of its own whose verb is past or perfect tells a
    deal done, not announced."""
    if verb.lemma_.lower() not in words("speaking_verbs"):
        return False
    own = governing_verb(trigger)
    if own is None or own.i == verb.i or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in own.children):
        return False
    told = own.dep_ in {"ccomp", "parataxis"} and own.head.i == verb.i
    telling = verb.dep_ in {"ccomp", "parataxis"} and verb.head.i == own.i
    return (told or telling) and past_or_perfect(own) and not _a_ceiling(own)


def _a_ceiling(verb: Token) -> bool:
    """ "had raised as much as $4 billion", "up to $15 billion": a sum given as a ceiling is a
    commitment announced, not money paid."""
    doc = verb.doc
    return any(
        t.ent_type_ == "MONEY"
        and t.ent_iob_ == "B"
        and any(w in doc[max(0, t.i - 3) : t.i + 3].text.lower() for w in ("as much as", "up to"))
        for t in verb.subtree
    )


def stage_cue(cue: Span, status: str, trigger: Token) -> bool:
    """False when the parse says a status cue names no stage here."""
    if any(t.ent_type_ == "ORG" for t in cue):
        return False
    if len(cue) == 1 and (cue.root.ent_type_ == "DATE" or not since_a_time(cue.root)):
        return False  # "in May" is a month, not a hedge; "the largest deal since Mellanox": no time
    root = cue.root
    if len(cue) == 1 and root.lemma_.lower() in words("verb_only") and root.pos_ != "VERB":
        # "closer ties", "the end of 2029": not a stage; "the FTC extended its review": a regulator's
        return status == "under_review" and _a_regulators(root)
    if status == "terminated" and _may_end(root):
        return False  # "Orlo can walk away under the terms of the agreement": a right, not an end
    if status == "announced" and _tells_a_done_deal(root, trigger):
        return False  # "has raised $320 million ..., the company announced": the raise is done
    if status == "signed" and root.pos_ == "VERB" and trigger.dep_ == "nsubj" and trigger.head.i == root.i:
        return False  # "the combination formalises ties", "the agreement extends ...": the deal acts, no one signs it
    if (
        status == "completed"
        and root.lower_ == "close"
        and root.i + 1 < len(root.doc)
        and root.doc[root.i + 1].lower_ == "to"
    ):
        return False  # "is close to a deal": near, not done
    if status == "cleared" and root.pos_ == "NOUN" and root.head.lemma_.lower() in {"need", "require"}:
        return False  # "the deal needs approval from regulators": a condition, as "subject to"
    if status == "completed" and root.i == trigger.i and root.dep_ == "amod":
        return False  # "a jointly owned company": what kind of company, not a stage
    if any(a.lemma_.lower() == "subject" for a in itertools.islice(root.ancestors, 3)):
        return False  # "subject to negotiation of definitive agreements" is a condition, not talks
    if len(cue) == 1 and root.dep_ == "compound" and root.head.pos_ == "NOUN":
        return False  # "its chat app", "a review board": a word naming another thing, no stage
    if status == "negotiating" and root.text.lower() == "talk" and root.tag_ == "NN":
        return False  # "shares jumped on the takeover talk": talk of a deal is a rumour, not talks
    if status == "negotiating" and _negotiated_thing(root):
        return False  # "security commitments negotiated with both governments": settled terms, no talks
    if (
        status == "negotiating"
        and root.pos_ == "VERB"
        and root.lemma_.lower() not in words("light_verbs")  # "has made an approach": talks begun
        and _done(root)
        and not _talks_held_with(root)
    ):
        return False  # "finalized its investment": the work the cue names is done, no talks
    if (
        status == "rumored"
        and root.lower_ in words("hedges")
        and (not _hedges_the_deal(root.head, trigger) or terms_of_a_deal(root.head))
    ):
        return False  # "the proposed acquisition could be harmful", "under the agreement, X could invest": given
    if _weighed(root):
        return False  # "the chance that Nvidia completes its purchase": odds, not a stage
    return status != "terminated" or _ends_here(cue, trigger)


def _ends_here(cue: Span, trigger: Token) -> bool:
    """False when an ending cue names no end of the deal: an exclusivity ended, an order or a
    right to end it, a hedge, a refusal of something other than an offer."""
    root = cue.root
    if cue.text.lower() == "no longer" and _exclusive(trigger):
        return False  # "no longer OpenAI's exclusive cloud provider": the exclusivity ends, not the deal
    if any(
        a.lemma_.lower() in {"require", "order"} | words("permission_verbs")
        for a in itertools.islice(root.ancestors, 3)
    ):
        # "requires the parties to withdraw the acquisition": a regulator's order, not their call;
        # "allows either party to walk away": a right, not its use
        return False
    hedge_holders = [root, root.head] if root.dep_ == "conj" else [root]
    decided = any(c.dep_ == "neg" for c in root.children)  # "said it would not proceed": a decision
    hedges = words("hedges") - ({"would"} if decided else set())
    if any(c.lower_ in hedges for h in hedge_holders for c in h.children):
        return False  # "may fall through"
    return not (
        root.lemma_.lower() in words("refusals")
        and not any(
            c.dep_ in {"dobj", "nsubjpass"} and (c.lemma_.lower() in words("offers") or c.i == trigger.i)
            for c in root.children
        )
    )  # "rejected reports that ...", "turned down a request": only a refused offer ends a deal


def _weighed(word: Token) -> bool:
    """ "cut its estimate of the chance that Nvidia completes its purchase of Arm": a stage in a
    clause that says what the odds are of (the clause of a ``likelihood_nouns`` noun)."""
    for clause in itertools.islice((word, *word.ancestors), 4):
        if clause.dep_ in {"acl", "ccomp", "relcl"} and clause.head.lemma_.lower() in words("likelihood_nouns"):
            return True
    return False


def _may_end(verb: Token) -> bool:
    """An ending verb under "can", "could", "may" or "might", or allowed ("allows either party to
    walk away"): a right or a risk to end the deal, not its end."""
    if verb.pos_ != "VERB":
        return False
    if any(c.dep_ == "aux" and c.lower_ in {"can", "could", "may", "might"} for c in verb.children):
        return True
    return verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_.lower() in words("permission_verbs") | {"entitle"}


def _a_regulators(noun: Token) -> bool:
    """ "the FTC's review", "the Commission extended its review", "the CMA opened a review": a
    regulator owns the noun or is the subject of the verb it is the object of."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if noun.dep_ == "dobj" and (not owners or owners[0].pos_ == "PRON"):
        # "the CMA opened a preliminary review of the deal", "the Commission extended its review"
        owners = [c for c in noun.head.children if c.dep_ == "nsubj"] or owners
    return any(regulator_word(t) for owner in owners for t in owner.subtree)
