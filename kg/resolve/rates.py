"""Yearly average exchange rates against the US dollar: read ``data/fx-rates.csv``.

One row per (year, currency) with the rate as its source publishes it (``quote`` is
``units per USD`` or ``USD per unit``, as the Federal Reserve's G.5A table quotes the euro
and the pound) and the URL of that table. ``usd_per_unit`` normalizes both quotations.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import InputError

COLUMNS = ("year", "currency", "rate", "quote", "source")
QUOTES = ("units per USD", "USD per unit")


@dataclass(frozen=True, slots=True)
class Rate:
    """One yearly average rate, as published."""

    year: int
    currency: str
    rate: Decimal
    quote: str
    source: str

    @property
    def usd_per_unit(self) -> Decimal:
        value = self.rate if self.quote == "USD per unit" else Decimal(1) / self.rate
        return value.quantize(Decimal("1e-12"))


def parse_rate(cells: dict[str, str], where: str) -> Rate:
    """A row of the rates file, checked: a year, an ISO 4217 code, a positive rate, a known
    quotation and an http(s) source."""
    year, currency = cells["year"].strip(), cells["currency"].strip()
    if not re.fullmatch(r"\d{4}", year):
        raise InputError(where, f"year {year!r} is not a four-digit year")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise InputError(where, f"currency {currency!r} is not an ISO 4217 code such as EUR")
    try:
        rate = Decimal(cells["rate"].strip())
    except InvalidOperation:
        rate = Decimal(0)
    if not rate > 0:
        raise InputError(where, f"rate {cells['rate']!r} is not a positive number")
    quote = cells["quote"].strip()
    if quote not in QUOTES:
        raise InputError(where, f"quote {quote!r} must be one of: {', '.join(QUOTES)}")
    source = cells["source"].strip()
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", source):
        raise InputError(where, f"source {source!r} must be the http(s) URL of the published table")
    return Rate(int(year), currency, rate, quote, source)


def load_rates(path: Path) -> tuple[Rate, ...]:
    """Every rate of the file; none when the file does not exist (amounts stay unconverted)."""
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise InputError(str(path), f"the header must be {','.join(COLUMNS)}")
        rates = [parse_rate(row, f"{path}:{line}") for line, row in enumerate(reader, start=2)]
    seen: set[tuple[int, str]] = set()
    for rate in rates:
        key = (rate.year, rate.currency)
        if key in seen:
            raise InputError(str(path), f"two rates for {rate.currency} in {rate.year}; keep one")
        seen.add(key)
    return tuple(rates)
