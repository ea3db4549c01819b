"""Corrections to the ORG spans the model gives, before the company shapes of
``kg.extract.org_shapes`` are looked for: a one-word product name in the plural is things ("iPhones"),
an ORG begun at a lower-case verb starts at its name ("resell ChatGPT Enterprise"), an ORG run
over a comma between names is split ("Hollis, Brant"), a known
name that opens a longer company name is that other company ("Lumen Data Systems"), the
city of a "The Livingston, New Jersey-based ..." phrase is a place, and a company's governing
body is not the company ("The Management Board of Brenner Robotik AG" names Brenner Robotik),
and a name ending in a model code is a product ("Neoverse V2")."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Span, Token

from kg.extract.dates import calendar_word
from kg.extract.lexicon import company_words, lexicon
from kg.extract.vocab import words
from kg.resolve.names import LEGAL_SUFFIXES

__all__ = [
    "company_noun",
    "legal_form_only",
    "model_name",
    "governing_body_only",
    "designator_words",
    "known_extended",
    "listed_names",
    "after_dateline",
    "plural_name",
    "without_leading_words",
    "city_of_a_place",
    "cut_from_a_place",
]

#: Parts of speech of a lower-case word that opens no company name.
_NOT_NAME_POS = {"VERB", "AUX", "ADV", "ADP", "PRON", "SCONJ", "CCONJ", "PART", "DET"}


def plural_name(ent: Span) -> bool:
    """ "for iPhones sold in China": a one-word product name in the plural (lower-case first
    letter, "iPads", "eBooks") is things, not a company; "Albertsons" may well be one."""
    word = ent[0]
    return ent.label_ == "ORG" and not ent.ent_id_ and len(ent) == 1 and word.tag_ == "NNPS" and word.text[:1].islower()


#: A model code: letters and digits in one short word ("V2", "H100", "MI300X", "GB200").
_MODEL_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{2,6}$")


def model_name(ent: Span) -> bool:
    """ "Arm Neoverse V2 cores", "Nvidia Blackwell B200": an ORG the gazetteer lacks whose last
    word is a model code names a product, not a company."""
    return ent.label_ == "ORG" and not ent.ent_id_ and len(ent) > 1 and bool(_MODEL_CODE.match(ent[-1].text))


def company_noun(ent: Span) -> bool:
    """ "invested in the start-up": an ORG that is a lower-case company noun names no company."""
    return (
        ent.label_ == "ORG"
        and not ent.ent_id_
        and len(ent) == 1
        and ent.text.islower()
        and ent.root.lemma_.lower() in company_words()
    )


def legal_form_only(ent: Span) -> bool:
    """ "Corvid Robotics, Inc., a developer of ...": an ORG that is only a legal form is the tail
    of the name before it, which the model cut at the comma."""
    return (
        ent.label_ == "ORG"
        and not ent.ent_id_
        and all(t.is_punct or t.lower_.replace(".", "") in LEGAL_SUFFIXES for t in ent)
    )


def listed_names(ent: Span) -> list[Span]:
    """ "from Hollis, Brant and Nvidia": an ORG the model ran over a comma between names is one
    ORG per name ("Activision Blizzard, Inc." keeps its legal form); so is one it ran over the
    "and" of two names the parse coordinates ("Orvex and Talpa Systems are in talks"), but not
    a name with "and" inside ("Competition and Markets Authority", whose head is its last word)."""
    if ent.label_ != "ORG" or ent.ent_id_:
        return [ent]
    if not any(t.text == "," for t in ent[1:-1]):
        return _coordinated_names(ent)
    parts, start = [], ent.start
    for t in ent:
        if t.text == ",":
            parts.append((start, t.i))
            start = t.i + 1
    parts.append((start, ent.end))
    if any(e <= b or ent.doc[b].lower_.rstrip(".") in designator_words() for b, e in parts[1:]):
        return [ent]
    if not all(ent.doc[b].is_title or ent.doc[b].is_upper for b, e in parts):
        return [ent]
    return [Span(ent.doc, b, e, label="ORG") for b, e in parts]


_DASHES = {"-", "–", "—", "--"}


def after_dateline(ent: Span) -> Span:
    """ "SEOUL - Daehan Telecom and ...": an ORG the model ran back over a wire dateline (a place
    in capitals and a dash) starts after the dash."""
    if ent.label_ != "ORG" or ent.ent_id_:
        return ent
    dash = next((t.i for t in ent if t.text in _DASHES), None)
    if dash is None or dash == ent.start or dash + 1 >= ent.end:
        return ent
    place = ent.doc[ent.start : dash]
    if not all(t.is_upper or t.is_punct for t in place) or not ent.doc[dash + 1].is_title:
        return ent
    return Span(ent.doc, dash + 1, ent.end, label=ent.label)


def date_before_dash(ent: Span) -> Span:
    """ "DENVER, Sept. 10, 2024 - Kestrel Compute, Inc. today announced": a dateline's date that
    the model ran on over the dash into the name after it ends at the dash."""
    if ent.label_ != "DATE":
        return ent
    for token in ent[1:-1]:
        after = ent.doc[token.i + 1]
        if token.text in _DASHES and after.is_title and not calendar_word(after.text):
            return Span(ent.doc, ent.start, token.i, label="DATE")
    return ent


def _coordinated_names(ent: Span) -> list[Span]:
    """The two names of an ORG whose head opens it and has the name after its "and" as conjunct."""
    head = ent.root
    conj = next((c for c in head.children if c.dep_ == "conj" and c.i < ent.end), None)
    cc = next((c for c in head.children if c.dep_ == "cc" and c.lower_ == "and" and head.i < c.i < ent.end), None)
    if conj is None or cc is None or conj.i < cc.i or conj.i != ent.end - 1 or head.pos_ != "PROPN":
        return [ent]
    parts = [(ent.start, cc.i), (cc.i + 1, ent.end)]
    if not all(ent.doc[b].is_title or ent.doc[b].is_upper for b, _ in parts):
        return [ent]
    return [Span(ent.doc, b, e, label="ORG") for b, e in parts]


def _hyphened(word: Token) -> str:
    """ "start-up" for the "up" of "start - up": the hyphenated word ``word`` ends, lower case."""
    doc = word.doc
    if word.i < 2 or doc[word.i - 1].text != "-" or doc[word.i - 1].whitespace_ or doc[word.i - 2].whitespace_:
        return word.lower_
    return f"{doc[word.i - 2].lower_}-{word.lower_}"


def without_leading_words(ent: Span) -> Span:
    """ "resell ChatGPT Enterprise", "AI startup Quillon": an ORG the model began at a lower-case
    verb or particle, or at the company noun that describes it, starts at its first name word,
    and one run over a closing "and", a possessive "'s" or the round after it ends before them (a
    gazetteer entity, or any other label, is kept as it is: checked first, as most are)."""
    if ent.label_ != "ORG" or ent.ent_id_:
        return ent
    doc = ent.doc
    start = ent.start
    while start < ent.end - 1 and doc[start].is_lower and doc[start].pos_ in _NOT_NAME_POS:
        start += 1
    nouns = company_words()
    for t in (doc[i] for i in range(ent.start, ent.end - 1)):  # (indices: a Span slice costs more)
        if (
            t.is_lower  # "AI startup Quillon", "software start-up Sehkraft": the name follows the company noun
            and (t.lemma_.lower() in nouns or _hyphened(t) in nouns)
            and all(doc[j].text[:1].isupper() for j in range(t.i + 1, ent.end))  # "Sehkraft GmbH", "McKinsey"
        ):
            start = max(start, t.i + 1)
    end = ent.end
    rounds = words("round_nouns")  # "Cerebra's Series A": the model ran the name over the round it raised
    end = next(
        (i for i in range(ent.start + 1, ent.end - 1) if doc[i].tag_ == "POS" and doc[i + 1].lower_ in rounds), end
    )
    start = _after_governing_body(ent, start)
    titles = words("executive_titles")
    while end > start + 1 and (
        doc[end - 1].lower_ in {"and", "or"} or doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in titles
    ):
        # "Cyberstarts and", "Mercado Libre's", "Brightlane Chief" (Executive Helen Okafor): the
        # model ran the name over the next word
        end -= 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_)


def _after_governing_body(ent: Span, start: int) -> int:
    """ "The Management Board of Brenner Robotik AG": the company after its governing body."""
    bodies = words("governing_bodies")
    for t in (ent.doc[i] for i in range(start, ent.end - 1)):
        if t.lower_ == "of":
            opening = ent.doc[start : t.i]
            if len(opening) and all(w.lower_ in bodies for w in opening) and any(w.is_title for w in opening):
                return t.i + 1
            return start
        if t.lower_ not in bodies:
            return start
    return start


def governing_body_only(ent: Span) -> bool:
    """ "The Board of Directors approved the termination": an ORG that is only a governing body
    names no company."""
    bodies = words("governing_bodies") | {"of"}
    return ent.label_ == "ORG" and not ent.ent_id_ and all(t.lower_ in bodies for t in ent)


def known_extended(designated: list[Span], ents: list[Span]) -> list[Span]:
    """ "Lumen Data Systems": a known name followed by more of a company's name with a word of
    its own before the designator names another company (the gazetteer knows its own units,
    "Google Cloud", and a designator alone, "Huawei Technologies", is the same company)."""
    stop = lexicon().org_stoplist | designator_words()
    for span in designated:
        known = next((e for e in ents if e.ent_id_ and e.start == span.start and e.end < span.end), None)
        if known is None or known.label_ != "ORG" or not known[-1].is_title:
            continue
        own = span.doc[known.end : span.end - 1]
        if any(t.is_title and t.is_alpha and t.lower_ not in stop for t in own):
            ents = [e for e in ents if not (e.start < span.end and span.start < e.end)] + [span]
    return ents


@functools.cache
def designator_words() -> frozenset[str]:
    """Words that end a company name: the designators of vocab.json and the legal forms."""
    return words("company_designators") | LEGAL_SUFFIXES


def city_of_a_place(span: Span) -> bool:
    """ "The Livingston, New Jersey-based neocloud": a name after "the" and before ", <place>-based"
    is the city of a place the company is based in, whatever the parser hangs on it."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ != "the" or span.end + 3 >= len(doc):
        return False
    if doc[span.end].text != ",":
        return False
    window = doc[span.end + 1 : min(span.end + 6, len(doc))]
    return any(t.lower_ == "based" and t.i > window.start and doc[t.i - 1].text == "-" for t in window) and (
        doc[span.end + 1].ent_type_ in {"GPE", "LOC"}
    )


def cut_from_a_place(span: Span) -> bool:
    """ "The Silicon" of "The Silicon Valley titan": a name that the next words complete into a
    place is that place cut short."""
    named = [t.lower_ for t in span if t.lower_ != "the"]
    doc = span.doc
    return any(
        " ".join(named + [t.lower_ for t in doc[span.end : span.end + k]]) in words("places")
        for k in (1, 2)
        if span.end + k <= len(doc)
    )
