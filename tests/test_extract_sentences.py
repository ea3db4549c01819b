"""Sentence cases as data: what extraction finds in one sentence or a short passage, read from
``tests/fixtures/extract/*.jsonl`` (real model). One file per behaviour, one case per line::

    {"name": "bare-investors-hold-no-stake", "why": "investors with no company named hold nothing",
     "text": "Snowflake is trying to convince investors ...", "exactly": []}

Keys of a case:

``text``
    the sentence, or a passage of a few sentences read as one article; required.
``published``
    the article's ISO date, which relative dates resolve against; default 2025-03-14.
``name``, ``why``
    the test id (default: the start of the text) and the point the case makes.
``among``
    a pattern: the checks below look only at the events that match it (default: all events).
``exactly``
    patterns the events match one to one, in any order; ``[]`` says "no event".
``present``
    patterns each matched by some event.
``absent``
    patterns no event matches.
``every``
    a pattern every event matches; there must be at least one event (``{}``: "some event").

A case has at least one of ``exactly``, ``present``, ``absent``, ``every``. A pattern is an
object whose keys must all hold for an event:

``kind``, ``status``
    the values of ``Kind`` and ``Status`` ("investment", "non_binding", ...), or a list of
    values any of which will do.
``parties``
    all party names, in any order; ``with``: names among the parties; ``within``: names
    the parties are all among.
``roles``
    ``{name: role}`` of every party ("investor", "supplier", ...).
``date``
    the ISO date ("2024", "2025-09", "2024-01-08"), or ``null`` for an undated claim.
``amount``, ``quantity``
    as ``str()`` gives them ("15000000000 USD", "10 GW"), or ``null`` for none.
``background``
    ``true`` for a claim told in passing, ``false`` for the article's news.

Every event found must also quote its evidence from the text exactly.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PUBLISHED

from kg.records import EventCandidate

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
CASE_KEYS = {"name", "why", "text", "published", "among", "exactly", "present", "absent", "every"}
CHECKS = ("exactly", "present", "absent", "every")
PATTERN_KEYS = {"kind", "status", "parties", "with", "within", "roles", "date", "amount", "quantity", "background"}

pytestmark = pytest.mark.model


def _load() -> list[Any]:
    cases = []
    for path in sorted(FIXTURES.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                where = f"{path.stem}:{number}"
                name = case.get("name") or case["text"][:40]
                cases.append(pytest.param(case, where, id=f"{path.stem}/{name}"))
    return cases


CASES = _load()


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _one_of(want: str | list[str]) -> list[str]:
    return [want] if isinstance(want, str) else want


def _matches(event: EventCandidate, pattern: dict[str, Any]) -> bool:
    names = set(event.party_names)
    checks = {
        "kind": lambda want: event.kind.value in _one_of(want),
        "status": lambda want: event.status.value in _one_of(want),
        "parties": lambda want: names == set(want) and len(want) == len(names),
        "with": lambda want: set(want) <= names,
        "within": lambda want: names <= set(want),
        "roles": lambda want: {p.name: p.role.value if p.role else None for p in event.parties} == want,
        "date": lambda want: _text(event.date) == want,
        "amount": lambda want: _text(event.amount) == want,
        "quantity": lambda want: _text(event.quantity) == want,
        "background": lambda want: event.background is want,
    }
    return all(checks[key](want) for key, want in pattern.items())


def _one_to_one(events: list[EventCandidate], patterns: list[dict[str, Any]]) -> bool:
    """Whether each event can be paired with its own pattern (patterns may leave keys out)."""
    if len(events) != len(patterns):
        return False
    if not patterns:
        return True
    first, rest = patterns[0], patterns[1:]
    return any(
        _matches(event, first) and _one_to_one(events[:i] + events[i + 1 :], rest) for i, event in enumerate(events)
    )


def _show(event: EventCandidate) -> str:
    roles = ", ".join(f"{p.name}:{p.role.value if p.role else '-'}" for p in event.parties)
    extra = [f"{key}={value}" for key, value in (("date", event.date), ("amount", event.amount)) if value is not None]
    extra += [f"quantity={event.quantity}"] if event.quantity is not None else []
    extra += ["background"] if event.background else []
    return f"{event.kind.value}/{event.status.value} [{roles}] {' '.join(extra)}".rstrip()


def test_every_case_is_well_formed() -> None:
    for param in CASES:
        case, where = param.values
        assert set(case) <= CASE_KEYS, f"{where}: unknown keys {set(case) - CASE_KEYS}"
        assert "text" in case and any(check in case for check in CHECKS), f"{where}: needs text and a check"
        patterns = [case.get("among", {}), case.get("every", {})]
        patterns += [p for check in ("exactly", "present", "absent") for p in case.get(check, [])]
        for pattern in patterns:
            assert set(pattern) <= PATTERN_KEYS, f"{where}: unknown pattern keys {set(pattern) - PATTERN_KEYS}"
    ids = [param.id for param in CASES]
    assert len(ids) == len(set(ids)), f"duplicate case names: {sorted({i for i in ids if ids.count(i) > 1})}"


@pytest.mark.parametrize(("case", "where"), CASES)
def test_sentence(extract, case: dict[str, Any], where: str) -> None:  # type: ignore[no-untyped-def]
    text = case["text"]
    published = dt.date.fromisoformat(case["published"]) if "published" in case else PUBLISHED
    found = extract(text, published)
    for event in found:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text, f"{where}: evidence off"
    among = case.get("among", {})
    events = [e for e in found if _matches(e, among)]
    seen = "\n  ".join(_show(e) for e in events) or "(none)"
    head = f"{where} {case.get('why', '')}\n  text: {text}\n  among {among}, found:\n  {seen}\n"
    if "exactly" in case:
        paired = _one_to_one(events, case["exactly"])
        assert paired, f"{head}wanted exactly: {case['exactly']}"
    for pattern in case.get("present", []):
        assert any(_matches(e, pattern) for e in events), f"{head}wanted present: {pattern}"
    for pattern in case.get("absent", []):
        hits = [_show(e) for e in events if _matches(e, pattern)]
        assert not hits, f"{head}wanted absent: {pattern}, matched by {hits}"
    if "every" in case:
        misses = [_show(e) for e in events if not _matches(e, case["every"])]
        assert events and not misses, f"{head}wanted every event to match {case['every']}, not {misses or 'none'}"
