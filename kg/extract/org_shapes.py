"""Organisations the statistical NER misses or mislabels, found by what the text says of them:
a proper name ending in a company designator ("Zorvex Robotics", "Aleph Labs", with its later
short form: ``kg.extract.org_names``), a proper name
that a company noun or a base describes (``kg.extract.org_described``: "chip startup
Rebellions", "Graphcore, the British chip designer", "Paris-based Hexalingua"; or, in a deal's
party slot, that a country owns: "talks with Mexico's Nube Azteca"), a name read as a person, place or product that a takeover takes or a deal's party
slot holds (``kg.extract.misread``: "bought Mandiant", "a stake in Zentara"), and every other
occurrence in the article of a name so found or tagged ORG (one name, one label per article);
the model's own ORG spans are corrected first (``kg.extract.org_spans``: "iPhones" is things,
"resell ChatGPT" starts at its name, "Hollis, Brant" is two names).
The word lists are data (``patterns/vocab.json``: ``company_designators`` plus the legal forms
of ``kg.resolve.names.LEGAL_SUFFIXES``, ``company_descriptors``, ``places``;
``patterns/cues.json``: the reference nouns for one company); gazetteer entities are never
touched, but where a longer name opens with one ("Lumen Data Systems": ``kg.extract.org_spans``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.aliases import defined_names
from kg.extract.dates import calendar_word
from kg.extract.lexicon import lexicon
from kg.extract.misread import misread_companies, named_in_full, owned_by_a_place
from kg.extract.org_described import based_orgs, company_nouns, described_orgs, place_owned_orgs
from kg.extract.org_names import (
    camel,
    designated_orgs,
    english_words,
    full_name,
    name_word,
    same_names,
    short_names,
    words_in,
)
from kg.extract.org_spans import (
    after_dateline,
    city_of_a_place,
    company_noun,
    cut_from_a_place,
    date_before_dash,
    designator_words,
    governing_body_only,
    known_extended,
    legal_form_only,
    listed_names,
    model_name,
    plural_name,
    without_leading_words,
)
from kg.extract.round_shapes import names_a_round
from kg.extract.syntax import conj_group
from kg.extract.vocab import words

__all__ = [
    "kg_org_shapes_v1",
    "listed_orgs",
    "slot_orgs",
    "coordinated_orgs",
    "titled_orgs",
]

#: A sentence with more capitalised words than this share is a headline in title case, where
#: capitals say nothing about names.
_TITLE_CASE_SHARE = 0.6
#: Labels of a number word that opens a company's name.
_NUMBERS = {"CARDINAL", "ORDINAL"}
#: Entity labels the model gives companies it does not know.
_MISLABELS = {"PERSON", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", ""}


def _headline(sent: Span) -> bool:
    """A title-case line with no full stop ("Nvidia Invests In Quantum Startups"); "Shares of
    Zelvo Labs fell on Monday." is a sentence, however many names it holds."""
    if _last_mark(sent) in {".", "!", "?"}:
        return False
    alpha = [t for t in sent if t.is_alpha and len(t) > 3]
    return bool(alpha) and sum(t.is_title for t in alpha) / len(alpha) > _TITLE_CASE_SHARE


def _last_mark(sent: Span) -> str:
    """The last character of the sentence's text before trailing whitespace, read off its last
    words (``sent.text`` would join all of them)."""
    for i in range(sent.end - 1, sent.start - 1, -1):
        word = sent.doc[i].text.rstrip()
        if word:
            return word[-1]
    return ""


def _sentences(doc: Doc) -> Iterator[Span]:
    return (s for s in doc.sents if not _headline(s))


def listed_orgs(doc: Doc, nouns: list[tuple[Token, Span]]) -> list[Span]:
    """ "investors including Tiger Global and Insight Partners", "its investors, Carlyle and
    Oracle": names listed with a company under a company noun of ``nouns``
    (:func:`company_nouns`) are companies too, whatever label the model gave them."""
    found: list[Span] = []
    for noun, sent in nouns:
        for first in _listed_after(noun):
            group = [doc[i] for i in sorted(conj_group(first))]
            if len(group) < 2 or not any(t.ent_type_ == "ORG" for t in group):
                continue
            for member in group:
                if member.ent_type_ in _MISLABELS and name_word(member):
                    name = full_name(member, sent.start)
                    if not _a_person(name):
                        found.append(name)
    return found


def coordinated_orgs(doc: Doc, deals: list[Token], english: Words | None = None) -> list[Span]:
    """ "Skydance and Paramount completed their merger": a proper name the model left
    unlabelled (often the first word of a sentence, where capitals say nothing) coordinated
    with a company in a sentence that names a kind of deal (``deals``: its deal words) is a
    company too; so is a capitalised word the tagger took for a noun that is no English word
    nor an English noun's plural (``english``: "Synaptics and Veltrion agreed to merge")."""
    sents = list({w.sent.start: w.sent for w in deals}.values())
    found: dict[int, Span] = {}
    for ent in doc.ents:
        sent = next((s for s in sents if s.start <= ent.start < s.end), None) if ent.label_ == "ORG" else None
        if sent is None:
            continue
        for i in sorted(conj_group(ent.root) - {ent.root.i}):
            token = doc[i]
            if token.ent_type_ or token.dep_ == "compound" or not (name_word(token) or _unknown_word(token, english)):
                continue
            found[token.i] = full_name(token, sent.start)
    return [found[i] for i in sorted(found)]


def _unknown_word(token: Token, english: Words | None) -> bool:
    """A capitalised word, noun to the tagger, that is no English word and whose lemma is no
    English noun ("Shares" is "share"s; "Synaptics" lemmatised "synaptic" is no noun)."""
    return (
        english is not None
        and bool(english.nouns)
        and token.pos_ == "NOUN"
        and token.is_title
        and token.is_alpha
        and token.lower_ not in english.all
        and token.lemma_.lower() not in english.nouns
    )


def titled_orgs(doc: Doc, sents: list[Span]) -> list[Span]:
    """ "Quorvant's chief executive", "Zyphra CEO Krithik Puthalath", "Helvion (NASDAQ: HLVN)":
    a name that has an executive, or a stock-exchange ticker after it, is a company (a name
    the model labels a person, place or anything else keeps its label)."""
    titles, exchanges = words("executive_titles"), words("stock_exchanges")
    found: list[Span] = []
    for token, sent in words_in(sents, titles | {"("}):
        names: list[Token] = []
        if token.lower_ in titles and token.pos_ in {"NOUN", "PROPN"}:
            names = [c for c in token.children if c.dep_ in {"poss", "compound"} and c.i < token.i]
        elif token.text == "(" and token.i > sent.start and token.i + 1 < sent.end:
            if doc[token.i + 1].lower_ in exchanges and (doc[token.i - 1].is_title or doc[token.i - 1].is_upper):
                names = [doc[token.i - 1]]
        for name in names:
            if name.ent_type_ not in {"", "ORG"} or not (name.is_title or name.is_upper or camel(name)):
                continue
            found.append(full_name(name, sent.start))
    return found


def _a_person(name: Span) -> bool:
    """A name of several words the model reads as a person ("Jeff Bezos") is one, unless a
    company designator ends it; one word ("Carlyle") in a list of companies is a company."""
    return len(name) > 1 and name[-1].ent_type_ == "PERSON" and name[-1].lower_ not in designator_words()


def _listed_after(noun: Token) -> list[Token]:
    """The first names of the lists a company noun introduces: in apposition (the parser may
    call "investors, X and Y" a coordination) or after "including", "such as", "like"."""
    after_comma = noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].text == ","
    out = [c for c in noun.children if c.pos_ == "PROPN" and (c.dep_ == "appos" or (c.dep_ == "conj" and after_comma))]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in {"including", "like", "such"}:
            out.extend(
                g for g in prep.subtree if g.dep_ == "pobj" and g.head.i in {prep.i, *(c.i for c in prep.children)}
            )
    return out


def _apply(doc: Doc, spans: list[Span], ents: list[Span]) -> list[Span]:
    stop = lexicon().org_stoplist
    for span in spans:
        if span.text.lower() in stop or plural_name(span) or city_of_a_place(span):
            continue
        overlapping = [e for e in ents if e.start < span.end and span.start < e.end]
        if any(e.label_ in _NUMBERS and e.start == span.start == e.end - 1 for e in overlapping):
            overlapping = [e for e in overlapping if e.label_ not in _NUMBERS]  # "Two" of "Two Seas Capital"
            ents = [e for e in ents if not (e.label_ in _NUMBERS and e.start == span.start)]
        if any(e.ent_id_ or e.label_ not in _MISLABELS | {"ORG"} for e in overlapping):
            continue  # the gazetteer knows this name, or it is a date, an amount ...
        if any(e.label_ == "ORG" and e.start <= span.start and span.end <= e.end for e in overlapping):
            continue
        ents = [e for e in ents if e not in overlapping] + [span]
    return ents


@dataclass(frozen=True)
class Words:
    """The English words of the model's lemmatizer: all of them, and its nouns."""

    all: frozenset[str]
    nouns: frozenset[str]


@dataclass(frozen=True)
class OrgShapes:
    """The ``kg_org_shapes_v1`` component, with the English words of the model's lemmatizer (a
    name's first word that is none of them names the company alone: "Orisa" of "Orisa
    Precision"). A class, so that the pipeline pickles for ``nlp.pipe(n_process=...)``."""

    english: Words

    def __call__(self, doc: Doc) -> Doc:
        return kg_org_shapes_v1(doc, self.english)


@Language.factory("kg_org_shapes_v1", assigns=["doc.ents"])
def make_org_shapes(nlp: Language, name: str) -> OrgShapes:
    """Build the component (see :class:`OrgShapes`)."""
    return OrgShapes(Words(english_words(nlp), english_words(nlp, "noun")))


def kg_org_shapes_v1(doc: Doc, english: Words | None = None) -> Doc:
    """Label the names of companies the model missed ORG (see the module docstring)."""
    sents = list(_sentences(doc))
    nouns = company_nouns(sents)
    deals, bare = _deal_words(doc), _deal_words(doc, bare=True)
    doc.ents = [
        without_leading_words(p)
        for e in (after_dateline(_without_trailing_name(date_before_dash(e))) for e in doc.ents)
        if not plural_name(e)
        and not model_name(e)
        and not company_noun(e)
        and not (e.label_ == "ORG" and not e.ent_id_ and (city_of_a_place(e) or cut_from_a_place(e)))
        for p in listed_names(e)
    ]
    designated = designated_orgs(doc, sents)
    found = (
        designated
        + described_orgs(nouns)
        + based_orgs(sents)
        + defined_names(sents)
        + [name for name in place_owned_orgs(sents) if any(_governs(w, name.root) for w in [*deals, *bare])]
        + slot_orgs(doc, deals, bare)
        + _misread(doc)
    )
    found += listed_orgs(doc, nouns) + coordinated_orgs(doc, deals, english) + titled_orgs(doc, sents)
    found = [without_leading_words(span) for span in found]  # "start-up Mivtara", read as a person: "Mivtara"
    found = [span for span in found if not cut_from_a_place(span)]
    ents = _apply(doc, found, known_extended(designated, list(doc.ents)))
    names = {e.text for e in ents if e.label_ == "ORG" and not e.ent_id_ and e.text[:1].isupper()}
    short = short_names(designated, ents, english.all if english else frozenset())
    ents = _apply(doc, same_names(doc, names | short, short), ents)
    doc.ents = sorted((e for e in ents if not legal_form_only(e) and not governing_body_only(e)), key=lambda e: e.start)
    return doc


def _without_trailing_name(ent: Span) -> Span:
    """A date that swallowed the name after it ("Last month Fathom signed ..."): the date
    without the capitalised name that follows a common word ("month"), which is no month or
    weekday ("Labor Day", "March" stay)."""
    if ent.label_ != "DATE" or len(ent) < 2:
        return ent
    last, before = ent[-1], ent[-2]
    if last.tag_ != "NNP" or not last.is_title or calendar_word(last.text) or not before.is_lower:
        return ent
    return Span(ent.doc, ent.start, ent.end - 1, label="DATE")


#: Where a deal word takes its parties: (dependency of the name, preposition or None).
_SLOTS = {("nsubj", None), ("nsubjpass", None), ("dobj", None), ("poss", None), ("conj", None)}
_SLOT_PREPOSITIONS = {"with", "of", "by", "from", "for", "between", "to", "in"}


def _misread(doc: Doc) -> list[Span]:
    """Names the model read as people, places or products that a takeover or a deal's party slot
    makes companies."""
    from kg.extract.pipeline import iter_cues

    return misread_companies(doc, iter_cues(doc))


def _deal_words(doc: Doc, bare: bool = False) -> list[Token]:
    """The kind words of the cues, or (``bare``) the bare deal words ("a contract with X")."""
    from kg.extract.pipeline import iter_cues

    return [cue.root for cue in iter_cues(doc) if (cue.label_ == "generic" if bare else cue.label_.startswith("kind:"))]


def _governs(word: Token, name: Token, signer: bool = False) -> bool:
    """True when ``name`` fills a party slot of the deal ``word`` (or of the verb it completes),
    or (``signer``) is the subject of the verb whose object the deal noun is ("Fathom signed
    a contract")."""
    heads = {word.i}
    if word.dep_ in {"xcomp", "ccomp"}:
        heads.add(word.head.i)  # "agreed to acquire": the subject of "agreed"
    if signer and word.dep_ == "dobj" and word.pos_ == "NOUN" and name.dep_ == "nsubj":
        heads.add(word.head.i)
    if name.dep_ == "pobj":
        prep = name.head
        return prep.lower_ in _SLOT_PREPOSITIONS and prep.head.i in heads
    if name.dep_ == "conj":
        return any(_governs(word, t) for t in name.ancestors if t.dep_ != "conj")
    return (name.dep_, None) in _SLOTS and name.head.i in heads


def _country_firm(token: Token) -> bool:
    """ "Brazil's Nubank" labelled a place: a one-word name a country owns, in a deal's slot, is
    a company of that country."""
    return (
        token.ent_type_ == "GPE"
        and token.ent_iob_ == "B"
        and (token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")
        and owned_by_a_place(token)
    )


def slot_orgs(doc: Doc, deals: list[Token], bare: list[Token]) -> list[Span]:
    """Single proper names the model left unlabelled that fill a party slot of a deal word
    (``deals``: kind words; ``bare``: bare deal words): "Telvana agreed to acquire ...", "a
    partnership with Zephra", "a contract with Fathom", "Fathom signed a contract". A name only
    a bare deal word or a signed deal noun gives is never a place ("SINGAPORE—Apple has held
    talks with Baidu")."""
    found: list[Span] = []
    names: dict[int, list[Token]] = {}  # per sentence start, its unlabelled one-word names
    kinds = {w.i for w in deals}
    for word in [*deals, *bare]:
        sent = word.sent
        if sent.start not in names:
            names[sent.start] = [t for t in sent if _unlabelled_name(t) and not named_in_full(t)]
        # the sentence's first word only when the tagger calls it a proper name and a comma sets
        # it apart ("Brisa, backed by Nvidia, raised ..."), or it signs a deal noun ("Fathom
        # signed a contract with ..."): any sentence opens with a capital, and "Musk bought
        # Twitter" may open with a person the model does not label
        for t in names[sent.start]:
            if word.i in kinds and (t.i != sent.start or _set_apart(t)) and _governs(word, t):
                found.append(Span(doc, t.i, t.i + 1, label="ORG"))
            elif _governs(word, t, signer=True) and (t.i != sent.start or _signs(word, t)) and not _a_place(t):
                found.append(Span(doc, t.i, t.i + 1, label="ORG"))  # "Fathom signed a contract with ..."
    found.extend(_round_leaders(doc))
    return found


def _signs(word: Token, name: Token) -> bool:
    """The name is the subject of a verb whose object is the deal noun ("Fathom signed a contract")."""
    return word.pos_ == "NOUN" and word.dep_ == "dobj" and name.tag_ == "NNP" and name.head.i == word.head.i


def _a_place(name: Token) -> bool:
    """A place, or the last word of one ("SAN FRANCISCO —" opening a dateline)."""
    return name.lower_ in words("places") or any(c.dep_ == "compound" and not c.is_lower for c in name.children)


def _set_apart(token: Token) -> bool:
    return token.tag_ == "NNP" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == ","


def _unlabelled_name(token: Token) -> bool:
    """A one-word proper name the model left unlabelled (or a country's firm read as a place)."""
    if not name_word(token) or token.dep_ == "compound":
        return False
    if token.ent_type_ and not _country_firm(token):
        return False  # people ("Musk bought Twitter") and places keep the model's label
    return token.lower_.rstrip(".") not in designator_words()  # "Activision Blizzard, Inc.": the suffix


def _round_leaders(doc: Doc) -> list[Span]:
    """ "a round led by Accel", "Globis led the startup's Series A": the name that leads or
    backs a funding round, unlabelled or read as a person ("led by Sequoia"), with the proper
    names compounded before it ("TWG Global")."""
    found = []
    wanted = {doc.vocab.strings["pobj"], doc.vocab.strings["nsubj"]}
    for token in (doc[i] for i, dep in enumerate(doc.to_array("DEP").tolist()) if dep in wanted):  # no Token per word
        if not name_word(token) or token.ent_iob_ == "I":
            continue
        if token.ent_type_ not in {"", "PERSON"} or (token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I"):
            continue
        if token.dep_ == "pobj":
            by = token.head
            verb, rounds = by.head, [by.head.head]  # "a round [led by Accel]"
            if by.lower_ != "by":
                continue
        else:
            verb = token.head  # "Globis [led] the startup's Series A"
            rounds = [c for c in verb.children if c.dep_ == "dobj"]
        if verb.lemma_.lower() in words("round_verbs") and any(names_a_round(r) for r in rounds):
            found.append(full_name(token, token.sent.start))  # "led by TWG Global": the whole name
    return found
