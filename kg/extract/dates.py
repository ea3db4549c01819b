"""Resolve the text of a date span against an article's publication date.

The result keeps the precision the text gives (:class:`~kg.records.PartialDate` at year,
month or day precision). Relative expressions resolve against ``published``:

* weekdays ("on Monday") → the latest such day on or before the publication date;
* "last week", "this week", "days ago" → the month of that week (YYYY-MM);
* "last month", "earlier this month" → YYYY-MM; "earlier this year", "last year" → YYYY;
* a month without a year ("in February") → that month of the publication year, or of the
  year before when it would lie after the publication date;
* quarters and halves ("Q3 2024", "the second half of 2026") → the year;
* seasons without a year ("last summer", "in the spring") → the year (see ``_season``).

Durations ("five years", "45 days", "three-year") are not dates and give ``None``. Anything
the rules do not cover goes to ``dateparser``'s ``DateDataParser``, whose reported period
becomes the precision (a week becomes the month, a quarter the year).

>>> import datetime as dt
>>> resolve_date("on Monday", dt.date(2023, 9, 26)).iso()
'2023-09-25'
>>> resolve_date("in 2019", dt.date(2025, 9, 11)).iso()
'2019'
>>> resolve_date("earlier this year", dt.date(2025, 9, 11)).iso()
'2025'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from kg.records import PartialDate

__all__ = ["calendar_word", "month_word", "resolve_date"]

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9
del _i, _name

_WEEKDAYS = {
    name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}

_ORDINAL_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_NUMBER_WORDS = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|"
    r"multiple|many|some)"
)
_DURATION = re.compile(
    rf"^(?:for\s+|over\s+|about\s+|roughly\s+|nearly\s+|more than\s+|the\s+(?:past|last|next)\s+)?"
    rf"{_NUMBER_WORDS}[\s-]+(?:\w+[\s-]+)?(?:years?|months?|weeks?|days?|decades?|quarters?)"
    rf"(?:\s+(?:long|old))?$",
    re.I,
)
_LEADING = re.compile(
    r"^(?:on|in|at|by|since|from|during|as of|as early as|until|through|around|about|before|after|"
    r"since late|since early|the|early|late|mid|mid-|the end of|the start of|the beginning of|"
    r"the middle of|end of|start of|beginning of|earlier|later)\b[\s-]*",
    re.I,
)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def month_word(text: str) -> bool:
    """A month's name or its abbreviation ("June", "Sept.")."""
    return text.lower().rstrip(".") in _MONTHS


def calendar_word(text: str) -> bool:
    """A month's or weekday's name, or its abbreviation ("March", "Sept.", "Tue")."""
    word = text.lower().rstrip(".")
    return word in _MONTHS or word in _WEEKDAYS or word in _WEEKDAY_ABBR


def _month_before(published: dt.date, months_back: int) -> PartialDate:
    index = published.year * 12 + published.month - 1 - months_back
    return PartialDate(index // 12, index % 12 + 1)


def _month_of(day: dt.date) -> PartialDate:
    return PartialDate(day.year, day.month)


def _year_for_month(month: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


def _strip_leading(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text).strip()
    return text


#: "three months ago": the counts a relative date spells out.
_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_COUNTS = {"a": 1, "an": 1} | {w: n for n, w in enumerate(_NUMBERS, start=1)}


def _relative(text: str, published: dt.date) -> PartialDate | None:
    """Rules for relative expressions; ``text`` is lower-case without leading prepositions."""
    if text in {"today", "this morning", "this afternoon", "tonight", "this evening"}:
        return PartialDate.from_date(published)
    if text in {"yesterday", "last night"}:
        return PartialDate.from_date(published - dt.timedelta(days=1))
    if re.fullmatch(r"(?:this|last|past|previous) (?:week|weekend)|(?:earlier|later) this week|this week's", text) or (
        re.fullmatch(r"(?:a few|few|several|two|three|\d+) days (?:ago|earlier|before|after|later)", text)
    ):
        back = 0 if text.startswith(("this", "earlier this", "later this")) else 7
        if "days" in text:
            back = 3
        return _month_of(published - dt.timedelta(days=back))
    ago = re.fullmatch(rf"(\d+|{'|'.join(_COUNTS)}) (week|month)s? ago", text)
    if ago:  # "two weeks ago", "three months ago"
        count = int(ago.group(1)) if ago.group(1).isdigit() else _COUNTS[ago.group(1)]
        if ago.group(2) == "week":
            return _month_of(published - dt.timedelta(weeks=count))
        return _month_before(published, count)
    if re.fullmatch(r"(?:this|earlier this|later this|the current) month", text):
        return _month_before(published, 0)
    if re.fullmatch(r"(?:last|past|previous) month", text):
        return _month_before(published, 1)
    if re.fullmatch(r"(?:this|earlier this|later this|the current) year|this year's", text):
        return PartialDate(published.year)
    if re.fullmatch(r"(?:last|past|previous) year|a year ago|last year's", text):
        return PartialDate(published.year - 1)
    weekday = _WEEKDAYS.get(text) if text in _WEEKDAYS else _WEEKDAY_ABBR.get(text.rstrip("."))
    if weekday is None:
        match = re.fullmatch(r"(?:last|this past|past|previous) (\w+)", text)
        if match and match.group(1) in _WEEKDAYS:
            weekday = _WEEKDAYS[match.group(1)]
    if weekday is not None:
        delta = (published.weekday() - weekday) % 7
        if delta == 0 and text.startswith(("last", "previous")):
            delta = 7
        return PartialDate.from_date(published - dt.timedelta(days=delta))
    return None


#: The months a season opens and closes (northern; winter crosses the year, so it is left out).
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


def _season(text: str, published: dt.date) -> PartialDate | None:
    """ "last summer", "this spring", "the autumn" (no year of their own) → the year: the last
    one that has ended, this year's, or the latest one begun by the publication date."""
    match = re.fullmatch(r"(?:(last|past|previous|this) )?(spring|summer|autumn|fall)", text)
    if match is None:
        return None
    first, last = _SEASONS[match.group(2)]
    if match.group(1) == "this":
        return PartialDate(published.year)
    if match.group(1):
        return PartialDate(published.year if published.month > last else published.year - 1)
    return PartialDate(published.year if published.month >= first else published.year - 1)


def _quarter_or_half(text: str, published: dt.date | None) -> PartialDate | None:
    q = re.search(r"\bq([1-4])\b|\b(first|second|third|fourth|1st|2nd|3rd|4th) (?:quarter|half)\b|\bh([12])\b", text)
    if q is None and "quarter" not in text and "half" not in text:
        return None
    year = _YEAR.search(text)
    if year:
        return PartialDate(int(year.group(1)))
    if q is None:
        return None
    if "last year" in text or "previous year" in text:
        return PartialDate(published.year - 1) if published else None
    return PartialDate(published.year) if published else None


#: The year a month's relative year words name ("March last year").
_YEAR_WORDS = re.compile(r"\b(last|previous|past|this|next) year\b")


def _explicit(text: str, published: dt.date | None) -> PartialDate | None:
    """Month names, days and years written out."""
    iso = _ISO.search(text)
    if iso:
        try:
            return PartialDate(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)) if iso.group(3) else None)
        except ValueError:
            return None
    words = re.findall(r"[a-z]+\.?|\d+(?:st|nd|rd|th)?", text)
    month: int | None = None
    day: int | None = None
    year: int | None = None
    for word in words:
        bare = word.rstrip(".")
        if month is None and bare in _MONTHS and not (bare == "may" and len(words) == 1 and published is None):
            month = _MONTHS[bare]
            continue
        number = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", bare)
        if number:
            value = int(number.group(1))
            if 1900 <= value <= 2100 and len(number.group(1)) == 4:
                year = value
            elif 1 <= value <= 31 and day is None:
                day = value
    if month is None:
        if year is not None and not re.search(r"\b(?:years?|months?|days?|weeks?)\b", text):
            return PartialDate(year)
        return None
    if year is None and published is not None and (shift := _YEAR_WORDS.search(text)):
        # "in March last year", "in November of this year": the month of the year the words name
        year = published.year + {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[shift.group(1)]
    if year is None:
        year = _year_for_month(month, published)
        if year is None:
            return None
    try:
        return PartialDate(year, month, day) if day is not None else PartialDate(year, month)
    except ValueError:
        return PartialDate(year, month)


@functools.cache
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"})


def _fallback(text: str, published: dt.date | None) -> PartialDate | None:
    if published is None:
        return None
    parser = _dateparser()
    base = dt.datetime(published.year, published.month, published.day)
    try:
        parser._settings.RELATIVE_BASE = base  # noqa: SLF001 - the supported way to vary the base per call
        data = parser.get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is not an error here
        return None
    if data is None or data.date_obj is None:
        return None
    when = data.date_obj.date()
    period = data.period or "day"
    if period == "year" or period == "quarter":
        return PartialDate(when.year)
    if period in {"month", "week"}:
        return PartialDate(when.year, when.month)
    return PartialDate.from_date(when)


def resolve_date(span_text: str, published: dt.date | None) -> PartialDate | None:
    """The date a span of text states, at the precision it gives, or ``None``.

    ``published`` is the article's publication date; without it only dates that carry
    their own year resolve.
    """
    text = " ".join(span_text.lower().replace("’", "'").split()).strip(" ,.;:()")
    head, comma, tail = text.partition(",")
    if comma and not re.search(r"\d", tail):
        text = head.strip()  # "last month, days after ...": the model ran two phrases into one date
    if not text or _DURATION.match(text):
        return None
    if re.fullmatch(r"(?:an?|\d+|a few|few|several|one|two|three) (?:hours?|minutes?) ago", text):
        return PartialDate.from_date(published) if published is not None else None  # "an hour ago": today
    if re.fullmatch(r"\d{4}[-/]\d{2}", text):
        return None  # "2023-24": a fiscal year across two, no one date
    if re.search(r"\bago\b", text) and re.search(r"\byears?\b", text):
        match = re.search(r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten) years? ago", text)
        if match and published is not None:
            n = match.group(1)
            words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
            count = int(n) if n.isdigit() else 1 if n in {"a", "an"} else words.index(n) + 1
            return PartialDate(published.year - count)
        return None
    core = _strip_leading(text)
    if not core:
        return None
    if published is not None:
        relative = _relative(core, published)
        if relative is not None:
            return relative
        relative = _relative(text, published) or _season(core, published)
        if relative is not None:
            return relative
    quarter = _quarter_or_half(core, published)
    if quarter is not None:
        return quarter
    if "quarter" in core or "half" in core or "season" in core:
        return None
    explicit = _explicit(core, published)
    if explicit is not None:
        return explicit
    if re.search(r"\b(?:years?|decades?|century|months?|weeks?|days?|recent|future|time|period)\b", core):
        return None
    return _fallback(core, published)
