"""Quantities of goods a supply claim states: "10 gigawatts of systems", "a 6-gigawatt
deal", "up to one million TPUs", "around 16,000 GPUs". The units are a table in
``patterns/vocab.json`` (``goods_units``); the number is read off the words before the unit.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from spacy.tokens import Span, Token

from kg.extract.vocab import table, words
from kg.records import Quantity

__all__ = ["number_value", "quantity_for"]

_SMALL: dict[str, int | Decimal] = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "half": Decimal("0.5"), "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def number_value(parts: list[str]) -> Decimal | None:
    """The value of number words and figures read left to right, or ``None``.

    >>> [number_value(p) for p in (["16,000"], ["one", "million"], ["1.5"], ["10"], ["a", "million"])]
    [Decimal('16000'), Decimal('1000000'), Decimal('1.5'), Decimal('10'), Decimal('1000000')]
    >>> number_value(["million"]) is None
    True
    """
    value: Decimal | None = None
    for part in parts:
        word = part.lower()
        if word in _SCALES:
            if value is None:
                return None
            value *= _SCALES[word]
        elif word in _SMALL:
            value = Decimal(_SMALL[word]) if value is None else value + Decimal(_SMALL[word])
        else:
            try:
                figure = Decimal(word.replace(",", ""))
            except InvalidOperation:
                return None
            value = figure if value is None else value + figure
    return value


def _number_before(unit: Token, sent: Span) -> Decimal | None:
    """The number written just before ``unit`` ("10 gigawatts", "6-gigawatt"), not a sum of money."""
    parts: list[str] = []
    i = unit.i - 1
    if i >= sent.start and unit.doc[i].text == "-":
        i -= 1
    while i >= sent.start:
        t = unit.doc[i]
        if t.lower_ == "a" and (not parts or parts[0].lower() not in _SCALES):
            break  # "a 6-gigawatt deal": an article; "a million" is a number
        if t.like_num or t.lower_ in words("number_words"):
            parts.insert(0, t.text)
            i -= 1
            continue
        break
    if not parts or (i >= sent.start and unit.doc[i].text in {"$", "€", "£", "¥"}):
        return None
    value = number_value(parts)
    return value if value is not None and value > 0 else None


def quantity_for(trigger: Token, sent: Span) -> Quantity | None:
    """The quantity of goods in the sentence of a supply ``trigger``: the stated unit nearest to
    the trigger with a number before it."""
    units = table("goods_units")
    found: list[tuple[int, Quantity]] = []
    for t in sent:
        unit = units.get(t.lower_) or units.get(t.lemma_.lower())
        if unit is None:
            continue
        value = _number_before(t, sent)
        if value is not None:
            found.append((abs(t.i - trigger.i), Quantity(_plain(value), unit)))
    return min(found, key=lambda f: f[0])[1] if found else None


def _plain(value: Decimal) -> str:
    """``value`` as plain decimal text ("1000000", "1.5")."""
    return format(value.normalize(), "f")
