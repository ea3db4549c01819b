"""Who gives and who takes in a supply deal or a licence when the words do not say: the
parties' trades (the gazetteer's sector of each company)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kg.extract.parties import Mention
from kg.extract.vocab import words
from kg.records import Kind, Party, Role

__all__ = ["BY_SECTOR", "roles_by_sector", "roles_from_sectors"]


#: Kinds whose giving side a trade tells: the giver's role and the taker's.
BY_SECTOR = {Kind.SUPPLY: (Role.SUPPLIER, Role.CUSTOMER), Kind.LICENSING: (Role.LICENSOR, Role.LICENSEE)}


def roles_by_sector(kind: Kind, parties: list[Party], linked: list[Mention]) -> list[Party] | None:
    """Who supplies (or licenses to) whom when the sentence does not say: the one company whose
    trade is supplying (chips, cloud, data centres, power, hardware, memory), or publishing for
    a licence, gives to the others; None when none or several such companies take part."""
    return roles_from_sectors(kind, parties, {m.name: m.sector for m in linked})


def roles_from_sectors(kind: Kind, parties: Sequence[Party], sectors: Mapping[str, str | None]) -> list[Party] | None:
    """:func:`roles_by_sector` with each party's sector given by name."""
    giver, taker = BY_SECTOR[kind]
    trades = words("supplier_sectors") if kind is Kind.SUPPLY else words("licensor_sectors")
    givers = {p.name for p in parties if sectors.get(p.name) in trades}
    if len(givers) != 1:
        return None
    return [Party(p.name, giver if p.name in givers else taker) for p in parties]
