"""``kg_money_words_v1``: a sum the model split into a number and a currency word.

The English model labels "$2 billion" MONEY but often "1.7 billion euros" or "5 trillion won"
a CARDINAL (or a MONEY without its currency) followed by an unlabelled word, so a European or Asian deal would lose its sum and,
with it, the money that makes "raised" a funding round. This component, after ``ner``, joins
a scaled CARDINAL ("billion", "mln", "crore") and the currency word after it into one MONEY
entity. Currency and scale words are those of :mod:`kg.extract.money`, which reads the sum.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.money import is_currency_word, is_scale_word, parse_amount

__all__ = ["kg_money_words_v1"]


@Language.component("kg_money_words_v1", assigns=["doc.ents"])
def kg_money_words_v1(doc: Doc) -> Doc:
    """Relabel "<scaled number> <currency word>" as one MONEY entity."""
    joined: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in {"CARDINAL", "MONEY"} or ent.end >= len(doc):
            continue
        if ent.label_ == "MONEY" and parse_amount(ent.text) is not None:
            continue  # "$2 billion": its currency is in it
        after = doc[ent.end]
        if after.ent_type_ or not is_currency_word(after.text) or not any(is_scale_word(t.text) for t in ent):
            continue
        joined.append(Span(doc, ent.start, ent.end + 1, label="MONEY"))
    if joined:
        starts = {s.start for s in joined}
        doc.ents = [e for e in doc.ents if e.start not in starts] + joined
    return doc
