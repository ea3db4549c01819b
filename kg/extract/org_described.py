"""Names of companies told by what describes them: a company noun before the name or in
apposition to it ("chip startup Rebellions", "Graphcore, the British chip designer", "Daon
Silicon, a developer of AI chips"), or the place a one-word name is based in ("Paris-based
Hexalingua")."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from kg.extract.dates import calendar_word
from kg.extract.lexicon import company_words
from kg.extract.org_names import full_name, name_word, words_in
from kg.extract.vocab import table, words

__all__ = ["based_orgs", "company_nouns", "described_orgs", "place_owned_orgs"]


def company_nouns(sents: Iterable[Span]) -> list[tuple[Token, Span]]:
    """The company nouns of ``sents`` ("startup", "chip designer"), each with its sentence."""
    lemmas = company_words()
    return [
        (token, sent)
        for sent in sents
        for token in sent
        if token.lemma_.lower() in lemmas and _nominal(token) and not _inside_a_name(token, sent)
    ]


def _inside_a_name(token: Token, sent: Span) -> bool:
    """ "the NVIDIA Partner Network": a capitalised company noun after a name is part of it."""
    return token.is_title and token.i > sent.start and name_word(token.doc[token.i - 1])


def _nominal(token: Token) -> bool:
    """A noun, or a word the tagger made a verb that is used as one: "AI startup Manus" (a
    compound), "bought analytics startup Querylab" (read as a verb whose object is the name)."""
    if token.pos_ == "NOUN" or token.dep_ in {"compound", "amod"}:
        return True
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.pos_ == "VERB" and token.lower_ == token.lemma_.lower() and after is not None and name_word(after)


def described_orgs(nouns: list[tuple[Token, Span]]) -> list[Span]:
    """Proper names a company noun of ``nouns`` (:func:`company_nouns`) describes, before them
    or in apposition."""
    found: list[Span] = []
    for token, sent in nouns:
        for span in (_name_after(token, sent), _name_described(token), _name_is(token)):
            if span is not None and (
                _company_modified(token) or not any(e.label_ == "PERSON" and len(e) > 1 for e in span.ents)
            ):
                found.append(span)
    return found


def _name_after(token: Token, sent: Span) -> Span | None:
    """ "chip startup Rebellions": the proper names right after a company noun."""
    end = token.i + 1
    doc = token.doc
    while end < sent.end and doc[end].lower_ not in words("people_titles"):
        # "chipmaking startup Rebellions", "app maker Within": after a company noun, a capitalised
        # word is a name, whatever the tagger took it for
        if not (name_word(doc[end]) or doc[end].is_title):
            break
        end += 1
    if end == token.i + 1 or (end < sent.end and token.doc[end].lower_ in {"'s", "’s"} and end - token.i > 3):
        return None
    return Span(token.doc, token.i + 1, end, label="ORG")


def _name_described(token: Token) -> Span | None:
    """ "Graphcore, the British chip designer": the proper name a company noun is in apposition to."""
    head = token.head
    if token.dep_ != "appos" or head.i >= token.i or not (name_word(head) or head.is_title):
        return None  # "Pellucid, a French AI startup": a capitalised word the company noun describes
    described = any(c.dep_ == "det" for c in token.children)  # "Lumora, a Paris-based AI startup"
    if any(c.dep_ == "det" for c in head.children) or (
        any(t.lower_ == "based" for t in token.subtree) and not described
    ):
        return None  # "The Menlo Park, California-based startup": a place, misparsed
    return full_name(head, head.sent.start)


def _name_is(token: Token) -> Span | None:
    """ "Vellum is a San Francisco startup", "Quarry is the Toronto-based vector-search company":
    the proper name a company noun is said to be."""
    verb = token.head
    if token.dep_ != "attr" or verb.lemma_ != "be":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "PROPN" or not (name_word(subject) or subject.is_title):
        return None
    return full_name(subject, subject.sent.start)


def _company_modified(noun: Token) -> bool:
    """ "a South Korean chip designer", "an AI startup", "a developer of AI inference chips": a
    company noun with a word of a trade before it or in its "of" phrase describes a company,
    whatever the model took its name for ("a fashion designer" need not); so does a noun that
    only a company can be ("Kotoba Works, an Osaka-based startup")."""
    if noun.lemma_.lower() in words("young_company_nouns") | words("plain_company_nouns"):
        return True
    trades = words("trade_words")
    if any(c.dep_ in {"compound", "amod", "nmod"} and c.lower_ in trades for c in noun.children):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(t.lemma_.lower() in trades for t in c.subtree)
        for c in noun.children
    )


def based_orgs(sents: Iterable[Span]) -> list[Span]:
    """ "Paris-based Hexalingua", "Sequoia-backed Lumora", "Riyadh-based Rimal Digital": a proper
    name of up to three capitalised words right after the place it is based in, or the company
    that backs or owns it, is a company, whatever the model took it for (people are "Paris-based
    artist X"; "Sequoia Capital-backed Lumora": the words before the participle are not the name;
    "Vltava Data a.s.": a legal form that is not capitalised is left to the model)."""
    found: list[Span] = []
    for token, sent in words_in(sents, {"based", "backed", "owned"}):
        if token.lower_ not in {"based", "backed", "owned"} or token.dep_ != "amod" or token.i < sent.start + 2:
            continue
        name = token.head
        place = token.doc[token.i - 1] if token.doc[token.i - 1].text != "-" else token.doc[token.i - 2]
        described = (
            place.ent_type_ in {"GPE", "LOC"} or place.is_title
            if token.lower_ == "based"
            else place.ent_type_ == "ORG"  # "Sequoia-backed": a company backs it
        )
        words_of = token.doc[token.i + 1 : name.i + 1]
        whole = all(name_word(w) for w in words_of)
        if name.pos_ == "PROPN" and described and name.i > token.i and whole and len(words_of) <= 3:
            found.append(Span(token.doc, token.i + 1, name.i + 1, label="ORG"))
    return found


#: Labels the model may give a country's firm ("Mexico's Nube Azteca" read as a building), and
#: ORG for a part of it; people ("Britain's Rishi Sunak") and places are left alone.
_PLACE_OWNED_LABELS = frozenset({"", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT", "ORG"})
#: The possessive markers that hang on an owning place ("Mexico 's", "the Philippines '").
_POSSESSIVES = ("'s", "\u2019s", "'", "\u2019")


def place_owned_orgs(sents: Iterable[Span]) -> list[Span]:
    """ "talks with Mexico's Nube Azteca", "to buy Uruguay's Río Data": a proper name a country
    owns (a place the model tagged, or one of ``place_countries``) may be a firm of that country,
    unless the model read it as a person or a place or a title or a month is among its words
    (``kg.extract.org_shapes`` keeps those that fill a deal's party slot). Found from the
    possessive markers, so no other word of the doc is looked at."""
    found: list[Span] = []
    countries = table("place_countries")
    titles = words("people_titles")
    for mark, _ in words_in(sents, _POSSESSIVES):
        owner = mark.head
        token = owner.head
        if owner.dep_ != "poss" or owner.pos_ != "PROPN" or not (owner.ent_type_ == "GPE" or owner.lower_ in countries):
            continue
        if not name_word(token) or token.dep_ == "compound":
            continue
        name = full_name(token, owner.i + 1)
        if any(t.ent_type_ not in _PLACE_OWNED_LABELS for t in name) or all(t.ent_type_ == "ORG" for t in name):
            continue
        if any(t.lower_ in titles or calendar_word(t.text) for t in name):
            continue
        found.append(name)
    return found
