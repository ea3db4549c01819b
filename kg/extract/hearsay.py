"""Who tells a deal: the parties, or others. A clause resting on unnamed sources ("people
familiar with the matter said") or on a news outlet's report ("Reuters reported") is hearsay,
which makes a deal with no stage of its own rumored (:func:`kg.extract.status.status_for`); so
does a passive verb of report ("is reported to be planning").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from kg.extract.syntax import ancestors_of
from kg.extract.vocab import words

__all__ = ["reporter", "told_by_others"]


def _unnamed_sources(trigger: Token, sent: Span) -> bool:
    """The trigger's clause rests on unnamed sources ("..., people familiar with the matter said",
    "according to a person briefed on the plans", "a source told Reuters"), not a clause beside it."""
    chain = {t.i for t in ancestors_of(trigger)}
    for t in sent:
        source = None
        if t.lower_ in words("source_markers"):  # "people familiar with", "a person briefed on", "close to"
            source = next(
                (w for w in sent.doc[max(sent.start, t.i - 3) : t.i] if w.lemma_.lower() in words("source_nouns")), None
            )
        elif t.lemma_.lower() == "source" and t.tag_ in {"NN", "NNS"} and _news_source(t):
            source = t
        elif _sources_again(t):
            source = t.head.head  # "one of the people said": the sources named before
        if source is None:
            continue
        # the verb or "according to"/"citing" the sources hang from, and where that attaches
        anchor = source.head
        while anchor.lower_ in {"to", "of"} and anchor.head.i != anchor.i:
            anchor = anchor.head
        if anchor.i in chain or anchor.head.i in chain and anchor.lower_ in {"according", "citing"}:
            return True
        if anchor.lemma_.lower() in {"say", "tell"} and anchor.dep_ == "parataxis" and anchor.head.i in chain:
            return True  # "X is weighing a bid, people familiar with it said, though ...": a parenthesis
        if (
            anchor.lemma_.lower() in {"say", "tell"}
            and anchor.dep_ == "ROOT"
            and trigger.i in {d.i for d in anchor.subtree}
        ):
            if not any(a.dep_ == "advcl" and a.i != anchor.i for a in ancestors_of(trigger)):
                return True
    return _trailing_attribution(trigger, sent)


def _sources_again(noun: Token) -> bool:
    """ "one of the people", "two of the sources": unnamed sources the text named before."""
    of = noun.head
    return (
        noun.dep_ == "pobj"
        and noun.lemma_.lower() in words("source_nouns")
        and any(c.lower_ == "the" for c in noun.children)
        and of.lower_ == "of"
        and of.head.pos_ == "NUM"
    )


def _news_source(noun: Token) -> bool:
    """ "sources said", "industry sources": a person telling news, not "laser sources" or
    "energy sources" (a compound naming a thing)."""
    return all(c.lemma_.lower() in words("news_source_kinds") for c in noun.children if c.dep_ == "compound")


def told_by_others(trigger: Token, sent: Span) -> str | None:
    """The rule that finds the trigger's clause told by unnamed sources or reported by a news
    outlet, or None when the parties tell it."""
    if _unnamed_sources(trigger, sent):
        return "unnamed-sources"
    if _said_to(trigger):
        return "said-to"
    return "media-report" if _media_report(trigger, sent) else None


def _said_to(trigger: Token) -> bool:
    """ "Nvidia is reported to be planning to invest", "is rumoured to be weighing": a passive
    verb of report or belief whose subject the trigger's clause is said of."""
    for verb in ancestors_of(trigger)[:5]:
        if verb.lemma_.lower() in words("said_to_verbs") and any(c.dep_ == "auxpass" for c in verb.children):
            return any(c.dep_ == "xcomp" for c in verb.children)
    return False


def _media_report(trigger: Token, sent: Span) -> bool:
    """The trigger's clause is what a news outlet reported ("Reuters reported last year",
    "following a Financial Times report that ...", "the paper reported"), not what the parties
    said: an unconfirmed report."""
    chain = ancestors_of(trigger)
    for t in sent:
        if _according_to_outlet(t, chain):
            return True
        if t.lemma_.lower() != "report":
            continue
        told_by = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if told_by is None and t.i > sent.start and reporter(t.doc[t.i - 1]):
            told_by = t.doc[t.i - 1]  # "..., the Financial Times reported": the name the parser hung elsewhere
        if t.pos_ == "VERB" and _outlet(told_by):
            if any(c.dep_ == "dobj" and c.lemma_.lower() not in {"story", "news"} for c in t.children):
                continue  # "Nvidia reported record revenue": results, not a report on a deal
            if t in chain or any(a.head.i == t.i for a in chain) or t.i > trigger.i and t.head.i == t.i:
                return True  # the reported clause, or a report verb ending the sentence
        elif t.pos_ == "NOUN" and any(c.dep_ in {"compound", "poss"} and _outlet(c) for c in t.children):
            if any(a.head.i == t.i and a.dep_ in {"acl", "ccomp", "relcl"} for a in chain):
                return True  # "a Financial Times report that OpenAI is working with Broadcom"
    return False


def _according_to_outlet(word: Token, chain: Sequence[Token]) -> bool:
    """ "..., according to Bloomberg" / "according to the newspaper" / "according to reports",
    hung on the trigger's clause: an organisation the gazetteer does not hold as a company (a
    company or regulator speaking for itself is known), a word for an outlet, or reports."""
    if word.lower_ != "according" or word.head.i not in {a.i for a in chain}:
        return False
    to = next((c for c in word.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None:
        return False
    if source.lemma_.lower() == "report" or source.lemma_.lower() in words("outlet_nouns"):
        return True
    return source.ent_type_ == "ORG" and not source.ent_id_


def _outlet(token: Token | None) -> bool:
    """A news outlet: a named organisation or a word for one ("the paper", "the newspaper")."""
    if token is None:
        return False
    return token.ent_type_ == "ORG" or token.lemma_.lower() in words("outlet_nouns")


def _trailing_attribution(trigger: Token, sent: Span) -> bool:
    """ "..., a source close to the matter told Reuters.": the sentence ends on unnamed sources
    saying it, after the trigger's clause (read off the words, as the parser often hangs such a
    tail on the object)."""
    commas = [t.i for t in sent.doc[trigger.i + 1 : sent.end] if t.text == ","]
    if not commas:
        return False
    tail = sent.doc[commas[-1] + 1 : sent.end]
    sources = [t for t in tail[:3] if t.lemma_.lower() in words("source_nouns") | {"source"}]
    says = [t for t in tail if t.lemma_.lower() in {"say", "tell"} and t.tag_ in {"VBD", "VBZ", "VBP"}]
    return bool(
        sources
        and says
        and sources[0].i < says[0].i
        and not any(c.dep_ in {"ccomp", "xcomp"} for c in says[0].children)  # not "..., sources said X"
    )


def reporter(root: Token) -> bool:
    """ "xAI is seeking to raise $15 billion from investors including Valor, the Financial Times
    reported": a name right before a closing verb of report that has no subject of its own is
    who reports, however the parser hung it; so is the firm of a commentator ("analysts at
    Jefferies said", "Bernstein analyst Stacy Rasgon")."""
    if _commentators_firm(root):
        return True
    doc = root.doc
    nxt = doc[root.i + 1] if root.i + 1 < len(doc) else None
    return (
        nxt is not None
        and nxt.pos_ == "VERB"
        and nxt.lemma_.lower() in words("outlet_verbs")
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in nxt.children)
        and (nxt.i + 1 >= len(doc) or doc[nxt.i + 1].is_punct)
    )


def _commentators_firm(root: Token) -> bool:
    """The company an analyst or economist works for: "analysts at Jefferies", "an economist
    with ING", "Jefferies analysts", "Bernstein's analysts"."""
    commentators = words("commentator_nouns")
    head = root.head
    if root.dep_ in {"compound", "poss"} and head.lemma_.lower() in commentators:
        return True
    return (
        root.dep_ == "pobj" and head.lower_ in {"at", "with", "from", "of"} and head.head.lemma_.lower() in commentators
    )
