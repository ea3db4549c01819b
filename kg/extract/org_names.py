"""Company names by their own words: a proper name that ends in a company designator ("Zorvex
Robotics", "Veltrix Cloud"), the short form such a name is given later ("Veltrix"), and every
other occurrence of a name found as a company."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.lemma_memo import model_lemmatizer
from kg.extract.lexicon import lexicon
from kg.extract.org_spans import designator_words

__all__ = [
    "full_name",
    "camel",
    "designated_orgs",
    "english_words",
    "name_word",
    "same_names",
    "short_names",
    "words_in",
]


def name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and (token.is_title or (token.is_upper and len(token) > 1) or camel(token))


def camel(token: Token) -> bool:
    text = token.text
    return len(text) > 2 and text[0].isalpha() and any(c.isupper() for c in text[1:]) and any(c.islower() for c in text)


def words_in(sents: Iterable[Span], wanted: Iterable[str], attr: str = "LOWER") -> Iterator[tuple[Token, Span]]:
    """The tokens of ``sents`` (one doc's, in order) whose ``attr`` (``LOWER`` or ``ORTH``) may be
    one of ``wanted``, each with its sentence, in order. They are found in the doc's array of
    string ids, so a pass that looks for a few words makes no ``Token`` of the others; the ids
    are hashes, so callers still test the word itself."""
    sents = list(sents)
    if not sents:
        return
    doc = sents[0].doc
    ids = {doc.vocab.strings[w] for w in wanted}
    hits = [i for i, v in enumerate(doc.to_array(attr).tolist()) if v in ids]
    k = 0
    for sent in sents:
        k = bisect_left(hits, sent.start, k)
        while k < len(hits) and hits[k] < sent.end:
            yield doc[hits[k]], sent
            k += 1


def designated_orgs(doc: Doc, sents: Iterable[Span]) -> list[Span]:
    """Proper names in ``sents`` (the doc's sentences but title-case headlines) that end in a
    company designator."""
    designators = designator_words()
    found: list[Span] = []
    for token, sent in words_in(sents, designators):
        if token.lower_ not in designators or token.i == sent.start or not (token.is_title or token.is_upper):
            continue
        start = token.i
        while (
            start > sent.start
            and doc[start - 1].lower_ not in designators
            and (name_word(doc[start - 1]) or _named_with(doc[start - 1], token))
        ):
            start -= 1
        if start < token.i and start > sent.start and _number_word(doc[start - 1]):
            start -= 1  # "Two Seas Capital", "First Round Capital": a number word opens the name
        if start < token.i:
            found.append(Span(doc, start, token.i + 1, label="ORG"))
    return found


def _named_with(word: Token, designator: Token) -> bool:
    """ "Veltrix" of "Veltrix Cloud said ...", tagged a noun as a sentence's first word: a
    capitalised word the model's own entity joins to the designator is part of the name."""
    return (
        word.is_title
        and word.ent_iob_ != "O"
        and designator.ent_iob_ == "I"
        and all(doc_token.ent_iob_ == "I" for doc_token in word.doc[word.i + 1 : designator.i + 1])
    )


def _number_word(token: Token) -> bool:
    """A spelled-out number in title case ("Two", "Third") right before a name."""
    return token.is_alpha and token.is_title and (token.like_num or token.ent_type_ == "ORDINAL")


#: The lemmatizer's table of known words by part of speech (spaCy's rule lemmatizer).
_WORD_INDEX = "lemma_index"


def english_words(nlp: Language, pos: str | None = None) -> frozenset[str]:
    """The words of the model's lemmatizer index (WordNet's nouns, verbs, adjectives and
    adverbs; with ``pos``, "noun" say, of that part of speech only); empty when the pipeline has
    no such table."""
    lookups = getattr(model_lemmatizer(nlp), "lookups", None)
    if lookups is None or not lookups.has_table(_WORD_INDEX):
        return frozenset()
    table = lookups.get_table(_WORD_INDEX)
    if pos is not None:
        return frozenset(table.get(pos, ()))
    return frozenset(w for words in table.values() for w in words)


def short_names(designated: list[Span], ents: list[Span], english: frozenset[str]) -> set[str]:
    """ "Veltrix" of "Veltrix Cloud", "Orisa" of "Orisa Precision": the first word of a
    two-word company name the article gave, once it is an ORG, names the company alone when a
    designator ends the name or the word is no English word (``english``); never a word of the
    stoplist."""
    stop = lexicon().org_stoplist
    designed = {(s.start, s.end) for s in designated}
    return {
        e[0].text
        for e in ents
        if e.label_ == "ORG"
        and not e.ent_id_
        and len(e) == 2
        and e[0].is_title
        and e[0].lower_ not in stop
        and ((e.start, e.end) in designed or (e[0].is_alpha and e[0].lower_ not in english))
    }


def same_names(doc: Doc, names: set[str], short: frozenset[str] | set[str] = frozenset()) -> list[Span]:
    """Every other occurrence of ``names`` as proper-name tokens (a ``short`` name in title
    case whatever its tag: "Orisa supplies ...", where the tagger reads a noun)."""
    found: list[Span] = []
    firsts: dict[str, list[list[str]]] = {}
    for name in names:
        parts = name.split()
        firsts.setdefault(parts[0], []).append(parts)
    for token, _ in words_in([doc[:]], firsts, "ORTH"):
        for parts in firsts.get(token.text, ()):
            end = token.i + len(parts)
            last = doc[end - 1] if end <= len(doc) else None
            if last is None or [t.text for t in doc[token.i : end]] != parts:
                continue
            if name_word(last) or (token.text in short and last.is_title):
                found.append(Span(doc, token.i, end, label="ORG"))
    return found


def full_name(last: Token, floor: int) -> Span:
    """The ORG span ending at ``last`` with the proper-name compounds before it, not reaching
    before token ``floor`` ("Khosla Ventures" from "Ventures")."""
    doc = last.doc
    start = last.i
    while start > floor and doc[start - 1].dep_ == "compound" and name_word(doc[start - 1]):
        start -= 1
    return Span(doc, start, last.i + 1, label="ORG")
