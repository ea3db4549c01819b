"""Defined names, as press releases write them: 'Kestrel Compute, Inc. ("Kestrel")',
'Ridgeline Power ("Ridgeline")'. The capitalised name before a quoted short name in
parentheses is a company, whatever the model took it for, and the short name in the
parentheses is that company again, named as it, not a second party."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from kg.extract.org_names import name_word, words_in
from kg.resolve.names import LEGAL_SUFFIXES

__all__ = ["defined_by", "defined_names"]

_QUOTES = frozenset({'"', "\u201c", "\u201d", "``", "''"})
#: Words a defined name or its short name may have at most.
_LONGEST = 5


def _alias_at(doc: Doc, paren: int) -> Span | None:
    """The quoted short name in the parentheses that open at ``paren`` ('("Kestrel")'), if any."""
    if paren + 2 >= len(doc) or doc[paren].text != "(" or doc[paren + 1].text not in _QUOTES:
        return None
    end = paren + 2
    while end < len(doc) and doc[end].text not in _QUOTES and end - paren <= _LONGEST + 1:
        end += 1
    if end + 1 >= len(doc) or doc[end].text not in _QUOTES or doc[end + 1].text != ")" or end == paren + 2:
        return None
    alias = doc[paren + 2 : end]
    return alias if all(t.is_title or t.is_upper for t in alias) else None  # the tagger may call it a noun


def _name_before(doc: Doc, paren: int) -> Span | None:
    """The capitalised words right before ``paren``, past a legal form (", Inc.")."""
    end = paren
    while end > 0 and (doc[end - 1].text == "," or doc[end - 1].lower_.replace(".", "") in LEGAL_SUFFIXES):
        end -= 1
    start = end
    while start > 0 and name_word(doc[start - 1]) and end - start < _LONGEST:
        start -= 1
    return doc[start:end] if start < end else None


def defined_names(sents: Iterable[Span]) -> list[Span]:
    """Names a quoted short name in parentheses defines: the short name is the name's first
    word, or its initials ('Ridgeline Power ("Ridgeline")', 'Kestrel Compute ("KC")'). Only the
    opening brackets are visited (``words_in``), not every word."""
    found: list[Span] = []
    for token, _ in words_in(sents, {"("}):
        doc = token.doc
        alias = _alias_at(doc, token.i)
        name = _name_before(doc, token.i) if alias is not None else None
        if alias is None or name is None:
            continue
        initials = "".join(t.text[0] for t in name).lower()
        if name[0].lower_ == alias[0].lower_ or alias.text.replace(".", "").lower() == initials:
            found.append(Span(doc, name.start, name.end, label="ORG"))
    return found


def defined_by(ent: Span) -> Span | None:
    """The name ``ent`` stands for when it is the quoted short name in the parentheses after it
    ("Ridgeline" of 'Ridgeline Power ("Ridgeline")'), else None."""
    doc = ent.doc
    paren = ent.start - 2
    if paren < 0 or _alias_at(doc, paren) is None or doc[paren + 2 : paren + 2 + len(ent)].text != ent.text:
        return None
    name = _name_before(doc, paren)
    return name if name is not None and any(t.ent_type_ == "ORG" for t in name) else None
