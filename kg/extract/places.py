"""Where a company is from, as the words around a company noun say ("the Kyoto company", "a
South Korean chipmaker", "Daejeon-based Gyeol AI"): the place keys anaphors match on."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Token

from kg.extract.vocab import table

__all__ = ["a_place", "place_keys"]

#: Entity labels of places: a company noun they modify says where the company is from.
_PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})


def place_keys(noun: Token) -> set[str]:
    """Where the company a noun names or describes is from, as its modifiers say ("the Kyoto
    company", "a South Korean chipmaker", "the Paris-based startup", "Brazil's Nubank"): the
    place's own words, and its country code where ``place_countries`` knows the place."""
    keys: set[str] = set()
    for word in noun.subtree:
        if word.i >= noun.i:
            break  # (the modifiers before the noun: "a South Korean AI startup", "Kyoto-based")
        if a_place(word):
            text = _entity_text(word).lower().removeprefix("the ").removesuffix("'s").strip()
            keys.add(text)
            if code := table("place_countries").get(text):
                keys.add(code)
    return keys


def _entity_text(word: Token) -> str:
    """The text of the entity ``word`` is in ("South Korean" for "Korean")."""
    doc = word.doc
    start, end = word.i, word.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def a_place(word: Token) -> bool:
    """The model labels the word a place, here or, for a name it labels otherwise here ("The
    Daejeon firm" read as a person), where the article has the same word as a place or before
    "-based" ("Daejeon-based Gyeol AI")."""
    if word.ent_type_ in _PLACE_LABELS:
        return True
    return word.pos_ == "PROPN" and word.text in _place_words(word.doc)


#: "Daejeon-based": the word before "-based" (a hyphenated place keeps its last part).
_BASED = re.compile(r"([^\s-]+)-based\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _place_words(doc: Doc) -> frozenset[str]:
    """The words the article uses as places: what the model labels a place, and what comes before
    "-based" whatever its label; once per doc (the one cached keeps the doc alive until the next)."""
    labelled = {e.text for e in doc.ents if e.label_ in _PLACE_LABELS}
    return frozenset(labelled | {m.group(1) for m in _BASED.finditer(doc.text)})
