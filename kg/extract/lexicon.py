"""The cue lists of ``patterns/cues.json`` as lookup structures (loaded once, on first use).

A cue is a phrase of one or more words; a word matches a token when it equals the token's
lemma or its lower-case text, so "pull out" matches "pulled out" and "talks" matches "talks".
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError
from kg.extract.vocab import words as vocab_words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Lexicon", "lexicon", "CueMatch", "company_words", "deal_word_roots", "regulator_word"]


@dataclass(frozen=True, slots=True)
class CueMatch:
    """One cue found in a token sequence: token offsets ``[start, end)`` and its label."""

    start: int
    end: int
    label: str  # "kind:investment", "generic", "status:terminated", "regstatus:blocked", "ref:deal", "ref:parties"


@dataclass(frozen=True)
class Lexicon:
    """Cue phrases indexed by their first word, plus the plain word sets."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    supply_verbs: frozenset[str]
    supply_nouns: frozenset[str]
    not_company_objects: frozenset[str]
    needs_money: frozenset[str]
    one_party_heads: frozenset[str]
    org_stoplist: frozenset[str]
    org_stop_words: tuple[str, ...]
    regulator_words: frozenset[str] = frozenset()
    #: the bare deal words ("deal", "agreement", "talks") of the ``generic`` cues
    generic_words: frozenset[str] = frozenset()

    def matches(self, lemmas: Sequence[str], lowers: Sequence[str]) -> Iterator[CueMatch]:
        """Every cue occurrence in a token sequence (lemmas and lower forms, same length)."""
        n = len(lowers)
        by_first = self.by_first
        for i, (lemma, lower) in enumerate(zip(lemmas, lowers)):
            candidates = by_first.get(lower, ())
            if lemma != lower:
                candidates += by_first.get(lemma, ())
            for words, label in candidates:
                end = i + len(words)
                if end > n:
                    continue
                if _phrase_at(words, lemmas, lowers, i):
                    yield CueMatch(i, end, label)
                elif _split_particle(words, lemmas, lowers, i):
                    yield CueMatch(i, end + 1, label)  # "broke them off", "called it off"


def _phrase_at(words: tuple[str, ...], lemmas: Sequence[str], lowers: Sequence[str], i: int) -> bool:
    """True when each word of a cue phrase equals the lemma or the lower form of the token at
    its place, from token ``i`` on."""
    for k, w in enumerate(words):
        if w != lemmas[i + k] and w != lowers[i + k]:
            return False
    return True


#: Particles of phrasal verbs that a pronoun object may split from their verb ("broke them off").
_PARTICLES = frozenset({"off", "down", "up", "out", "away"})
#: The pronoun objects that may sit between a phrasal verb and its particle.
_SPLITTING_PRONOUNS = frozenset({"it", "them", "this", "that"})


def _split_particle(words: tuple[str, ...], lemmas: Sequence[str], lowers: Sequence[str], i: int) -> bool:
    """A two-word phrasal cue ("break off") whose verb and particle a pronoun object splits."""
    if len(words) != 2 or words[1] not in _PARTICLES or i + 2 >= len(lowers):
        return False
    verb_ok = words[0] in (lemmas[i], lowers[i])
    return verb_ok and lowers[i + 1] in _SPLITTING_PRONOUNS and words[1] == lowers[i + 2]


def _phrases(items: Sequence[str], label: str) -> Iterator[tuple[tuple[str, ...], str]]:
    for item in items:
        words = tuple(_split_words(item))
        if words:
            yield words, label


def _split_words(text: str) -> list[str]:
    """Split a cue as spaCy's tokenizer would split simple text: on spaces and around hyphens/slashes."""
    out: list[str] = []
    for part in text.lower().split():
        if "-" in part and len(part) > 1 and not part.startswith("-"):
            pieces = part.split("-")
            for j, piece in enumerate(pieces):
                if piece:
                    out.append(piece)
                if j < len(pieces) - 1:
                    out.append("-")
        elif "/" in part and len(part) > 1:
            pieces = part.split("/")
            for j, piece in enumerate(pieces):
                if piece:
                    out.append(piece)
                if j < len(pieces) - 1:
                    out.append("/")
        else:
            out.append(part)
    return out


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed JSON of ``cues.json``."""
    entries: list[tuple[tuple[str, ...], str]] = []
    for kind, items in data["kinds"].items():
        entries.extend(_phrases(items, f"kind:{kind}"))
    entries.extend(_phrases(data["generic"], "generic"))
    for status, items in data["status"].items():
        entries.extend(_phrases(items, f"status:{status}"))
    for status, items in data.get("regulator_status", {}).items():
        if not status.startswith("_"):
            entries.extend(_phrases(items, f"regstatus:{status}"))
    entries.extend(_phrases(data["reference"]["parties"], "ref:parties"))
    entries.extend(_phrases(data["reference"]["deal"], "ref:deal"))
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, label in entries:
        by_first.setdefault(words[0], []).append((words, label))
    return Lexicon(
        by_first={k: tuple(v) for k, v in by_first.items()},
        supply_verbs=frozenset(data["supply_verbs"]),
        supply_nouns=frozenset(data["supply_nouns"]),
        not_company_objects=frozenset(data["acquisition_objects_not_company"]),
        needs_money=frozenset(data["needs_money"]),
        one_party_heads=frozenset(data["reference"]["one_party_heads"]),
        org_stoplist=frozenset(s.lower() for s in data["org_stoplist"]),
        org_stop_words=tuple(data["org_stop_words"]),
        regulator_words=frozenset(w.lower() for w in data.get("regulator_words", ())),
        generic_words=frozenset(w.lower() for w in data["generic"]),
    )


@functools.cache
def lexicon() -> Lexicon:
    """The packaged cue lists (``kg/extract/patterns/cues.json``), parsed once."""
    path = resources.files("kg.extract").joinpath("patterns/cues.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return parse_lexicon(data)
    except (OSError, ValueError, KeyError) as e:
        raise ConfigError(
            f"{path}: cannot read the extraction cue lists ({e}); reinstall the package or fix the JSON"
        ) from e


def regulator_word(token: Token) -> bool:
    """A word for a regulator, court or government ("watchdog", "FTC", "Commission")."""
    regulators = lexicon().regulator_words
    return token.lemma_.lower() in regulators or token.lower_ in regulators


@functools.cache
def company_words() -> frozenset[str]:
    """The lemmas of company nouns: the one-party reference heads ("company", "startup") and the
    company descriptors of vocab.json ("designer", "maker")."""
    return lexicon().one_party_heads | vocab_words("company_descriptors")


def deal_word_roots(cues: Sequence[Span]) -> set[int]:
    """The token indices of the deal words among ``cues``: the roots of kind cues and of the
    generic deal words ("deal", "agreement")."""
    return {c.root.i for c in cues if c.label_ == "generic" or c.label_.startswith("kind:")}
