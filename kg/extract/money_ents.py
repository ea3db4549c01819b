"""``kg_money_words_v1``: a sum the model split into a number and a currency word.

The English model labels "$2 billion" MONEY but often "1.7 billion euros" or "5 trillion won"
a CARDINAL (or a MONEY without its currency) followed by an unlabelled word, so a European or Asian deal would lose its sum and,
with it, the money that makes "raised" a funding round. This component, after ``ner``, joins
a scaled CARDINAL ("billion", "mln", "crore") and the currency word after it into one MONEY
entity; likewise a number whose currency symbol or scale suffix the model left outside it
("$" + "1.5bn", "£" + "500" + "m", "Rs" + "100" + "crore"). Currency and scale words are those of
:mod:`kg.extract.money`, which reads the sum.

``kg_percent_words_v1``: "about 45 per cent" the model labels MONEY, so "SoftBank owns about 45 per
cent of Z Holdings" held no share. An entity that ends in a percent word and reads no sum is
relabelled PERCENT.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.money import is_currency_symbol, is_currency_word, is_scale_word, parse_amount

__all__ = ["kg_money_words_v1", "kg_percent_words_v1"]

#: The last word of a share written out ("45 per cent", "12 percent", "3 pct").
_PERCENT_WORDS = frozenset({"cent", "percent", "pct", "%"})


@Language.component("kg_money_words_v1", assigns=["doc.ents"])
def kg_money_words_v1(doc: Doc) -> Doc:
    """Relabel "<scaled number> <currency word>" as one MONEY entity."""
    joined: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in {"CARDINAL", "MONEY"}:
            continue
        if ent.label_ == "MONEY" and parse_amount(ent.text) is not None:
            continue  # "$2 billion": its currency is in it
        wider = _widened(doc, ent.start, ent.end)
        if wider is not None:
            joined.append(wider)
    if joined:
        kept = [e for e in doc.ents if not any(e.start < j.end and j.start < e.end for j in joined)]
        doc.ents = filter_spans([*kept, *joined])
    return doc


def _widened(doc: Doc, start: int, end: int) -> Span | None:
    """The sum around a number: with the currency symbol before it, the scale suffix glued to it
    ("500" + "m"), the scale word after it and the currency word after that; None when nothing
    was added or the wider text reads no sum."""
    first, last = start, end
    if first > 0 and is_currency_symbol(doc[first - 1].text):
        first -= 1  # "$" + "1.5bn", "Rs" + "100 crore"
    if last < len(doc) and doc[last - 1].whitespace_ == "" and is_scale_word(doc[last].text, suffix=True):
        last += 1  # "500" + "m"
    elif last < len(doc) and is_scale_word(doc[last].text):
        last += 1  # "Rs 100" + "crore"
    if last < len(doc) and is_currency_word(doc[last].text) and any(is_scale_word(t.text) for t in doc[first:last]):
        last += 1  # "1.7 billion" + "euros"
    if (first, last) == (start, end) or parse_amount(doc[first:last].text) is None:
        return None
    return Span(doc, first, last, label="MONEY")


@Language.component("kg_percent_words_v1", assigns=["doc.ents"])
def kg_percent_words_v1(doc: Doc) -> Doc:
    """Relabel "<number> per cent" that the model called MONEY or CARDINAL as PERCENT."""
    ents = list(doc.ents)
    changed = False
    for i, ent in enumerate(ents):
        if ent.label_ in {"MONEY", "CARDINAL"} and ent[-1].lower_ in _PERCENT_WORDS and parse_amount(ent.text) is None:
            ents[i] = Span(doc, ent.start, ent.end, label="PERCENT")
            changed = True
    if changed:
        doc.ents = ents
    return doc
