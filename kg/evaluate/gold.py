"""Gold annotations (DESIGN §8.4): one JSON object per line, ``{"file": ..., "events": [...]}``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.records import DIRECTED_ROLES, Kind, PartialDate, Status

__all__ = ["GoldEvent", "load_gold", "parse_gold"]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated event."""

    parties: tuple[str, ...]
    kind: Kind
    status: Status
    date: PartialDate | None = None
    amount: str | None = None
    evidence: str = ""
    note: str = ""
    #: (party, role) of the parties whose role the annotator gave (optional: our own gold has
    #: them, ``../shared/eval`` does not); a seller or other party without a role is left out
    roles: tuple[tuple[str, str], ...] = ()

    @property
    def background(self) -> bool:
        return self.note.strip().lower().startswith("background")


def _event(obj: object, where: str) -> GoldEvent:
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: an event must be a JSON object")
    parties = obj.get("parties")
    if not isinstance(parties, list) or not parties or not all(isinstance(p, str) and p.strip() for p in parties):
        raise ValueError(f"{where}: 'parties' must be a non-empty list of names")
    try:
        kind = Kind(str(obj.get("type")))
    except ValueError as e:
        raise ValueError(f"{where}: 'type' {obj.get('type')!r} is not one of {', '.join(k.value for k in Kind)}") from e
    try:
        status = Status(str(obj.get("status")))
    except ValueError as e:
        raise ValueError(
            f"{where}: 'status' {obj.get('status')!r} is not one of {', '.join(s.value for s in Status)}"
        ) from e
    raw_date = obj.get("date")
    date = None
    if raw_date not in (None, ""):
        try:
            date = PartialDate.parse(str(raw_date))
        except ValueError as e:
            raise ValueError(f"{where}: 'date' {raw_date!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from e
    amount = obj.get("amount")
    roles = _roles(obj.get("roles"), parties, kind, where)
    return GoldEvent(
        parties=tuple(p.strip() for p in parties),
        kind=kind,
        status=status,
        date=date,
        amount=str(amount) if amount not in (None, "") else None,
        evidence=str(obj.get("evidence") or ""),
        note=str(obj.get("note") or ""),
        roles=roles,
    )


def _roles(raw: object, parties: list[str], kind: Kind, where: str) -> tuple[tuple[str, str], ...]:
    """The optional ``roles`` object, {party: role}, checked against the parties and the kind."""
    if raw in (None, {}):
        return ()
    allowed = DIRECTED_ROLES.get(kind)
    if not isinstance(raw, dict) or allowed is None:
        raise ValueError(f"{where}: 'roles' must map parties to roles, and only for {', '.join(DIRECTED_ROLES)}")
    names = {p.strip() for p in parties}
    for name, role in raw.items():
        if name.strip() not in names or role not in {r.value for r in allowed}:
            raise ValueError(
                f"{where}: 'roles' has {name!r}: {role!r}; use a party of the event and one of "
                f"{', '.join(r.value for r in allowed)}"
            )
    return tuple(sorted((str(n).strip(), str(r)) for n, r in raw.items()))


def parse_gold(text: str, path: str = "<gold>") -> dict[str, tuple[GoldEvent, ...]]:
    """Parse gold JSON Lines text; a malformed line raises ``InputError(path, "line N: ...")``."""
    gold: dict[str, tuple[GoldEvent, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(path, f"line {number}: not valid JSON ({e.msg}); write one JSON object per line") from e
        try:
            if not isinstance(obj, dict) or not isinstance(obj.get("file"), str) or not obj["file"].strip():
                raise ValueError("each line needs a 'file' string (the article path relative to the articles folder)")
            events = obj.get("events", [])
            if not isinstance(events, list):
                raise ValueError("'events' must be a list")
            parsed = tuple(_event(e, f"event {i + 1}") for i, e in enumerate(events))
        except ValueError as e:
            raise InputError(path, f"line {number}: {e}") from e
        key = obj["file"].strip()
        if key in gold:
            raise InputError(path, f"line {number}: file {key!r} appears twice; put all its events on one line")
        gold[key] = parsed
    return gold


def load_gold(path: Path | str) -> dict[str, tuple[GoldEvent, ...]]:
    """Read a gold file: article file (relative path) → its gold events."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(p), f"cannot read the gold file ({e}); check the path") from e
    return parse_gold(text, str(p))
