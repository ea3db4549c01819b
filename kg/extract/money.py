"""Parse reported amounts ("$10bn", "US$1.5 billion", "€2 billion", "100 billion dollars").

Pure functions over strings: the caller hands in the text of a spaCy MONEY span (or
any short phrase) and gets a :class:`~kg.records.Money` with an integer value in an
ISO 4217 currency, or ``None`` when the text states no single figure ("multi-billion",
"tens of billions").

>>> parse_amount("$10bn")
Money(value=10000000000, currency='USD')
>>> parse_amount("up to €2.5 billion")
Money(value=2500000000, currency='EUR')
>>> parse_amount("100 billion dollar") is not None
True
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kg.records import Money

__all__ = ["parse_amount", "is_currency_word", "is_currency_symbol", "is_scale_word"]

# Symbols and prefixes, longest first so "US$" wins over "$".
_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("US$", "USD"),
    ("USD", "USD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("C$", "CAD"),
    ("CA$", "CAD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("NZ$", "NZD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("EUR", "EUR"),
    ("£", "GBP"),
    ("GBP", "GBP"),
    ("¥", "JPY"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("₩", "KRW"),
    ("KRW", "KRW"),
    ("₹", "INR"),
    ("INR", "INR"),
    ("Rs", "INR"),
    ("CHF", "CHF"),
)

# Currency words after the number ("100 billion dollars", "5 trillion won").
_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "won": "KRW",
    "rupee": "INR",
    "rupees": "INR",
    "francs": "CHF",
}

_SCALES: dict[str, int] = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "bln": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "t": 10**12,
    "crore": 10**7,
    "lakh": 10**5,
}

_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*-?\s*(?P<scale>[a-z]+)?",
    re.IGNORECASE,
)
_VAGUE = re.compile(r"\b(?:multi|tens of|hundreds of|several|billions|millions|trillions)\b", re.I)


def is_currency_word(word: str) -> bool:
    """ "euros", "yen", "won": a currency named by a word after the number."""
    return word.lower() in _WORDS


_SYMBOL_SET = frozenset(symbol for symbol, _ in _SYMBOLS)


def is_currency_symbol(text: str) -> bool:
    """ "$", "£", "US$", "Rs": a currency written before the number."""
    return text.rstrip(".") in _SYMBOL_SET


def is_scale_word(word: str, suffix: bool = False) -> bool:
    """ "billion", "mln", "crore": a word that scales the number before it; with ``suffix``, also
    one letter glued to the number ("500m", which the tokenizer splits)."""
    return word.lower() in _SCALES and (len(word) > 1 or suffix)


def _currency(text: str) -> str | None:
    """The ISO code of the first currency symbol, code or word in ``text``."""
    stripped = text.strip()
    for symbol, code in _SYMBOLS:
        if symbol.isalpha():
            if re.search(rf"\b{symbol}\b", stripped):
                return code
        elif symbol in stripped:
            return code
    for word in re.findall(r"[a-z]+", stripped.lower()):
        if word in _WORDS:
            return _WORDS[word]
    return None


def parse_amount(text: str) -> Money | None:
    """The amount a short phrase states, or ``None``.

    Qualifiers ("up to", "as much as", "nearly", "over") are ignored: the stated figure
    is kept, as the annotation guideline asks. Without a currency the result is ``None``.
    """
    if not text or _VAGUE.search(text):
        return None
    currency = _currency(text)
    if currency is None:
        return None
    match = _NUMBER.search(text)
    if match is None:
        return None
    try:
        number = Decimal(match.group("num").replace(",", ""))
    except InvalidOperation:
        return None
    scale_word = (match.group("scale") or "").lower()
    scale = _SCALES.get(scale_word, 1)
    if scale_word and scale_word not in _SCALES and scale_word not in _WORDS:
        # "5 gigawatts" or "10 percent": not a currency scale word.
        if scale_word in {"gigawatts", "gw", "percent", "per", "shares"}:
            return None
    value = int(number * scale)
    if value <= 0:
        return None
    return Money(value, currency)
