"""Who gives and who takes in a supply deal or a licence when the words do not say, and what
a deal of no stated kind is between two trades: the parties' trades (the gazetteer's sector of
each company)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kg.extract.parties import Mention
from kg.extract.vocab import words
from kg.records import Kind, Party, Role
from kg.resolve.gazetteer import Gazetteer

__all__ = ["BY_SECTOR", "compute_deal", "content_deal", "roles_by_sector", "roles_from_sectors"]


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


def compute_deal(names: frozenset[str], gazetteer: Gazetteer, priced: bool = True) -> bool:
    """Two known parties of which exactly one sells capacity by sector (Oracle, CoreWeave, a
    power company): a paid deal of no stated kind between them buys computing or power; a
    power company's deal with a company of no other such trade does, paid or not (a power
    producer's deals with tech companies are power purchases)."""
    sectors = _sectors(names, gazetteer)
    sellers = [s for s in sectors if s in words("capacity_seller_sectors")]
    if len(names) != 2 or len(sellers) != 1 or None in sectors:
        return False
    return priced or sellers == ["energy"]


def content_deal(names: frozenset[str], gazetteer: Gazetteer) -> bool:
    """Two known parties, a publisher (``licensor_sectors``) and an AI lab: a deal of no stated
    kind between them licenses the publisher's content."""
    sectors = _sectors(names, gazetteer)
    return (
        len(names) == 2
        and sum(1 for s in sectors if s in words("licensor_sectors")) == 1
        and sectors.count("ai_lab") == 1
    )


def _sectors(names: frozenset[str], gazetteer: Gazetteer) -> list[str | None]:
    """The gazetteer sector of each name (None for a company it does not know)."""
    return [company.sector if (company := gazetteer.get(n)) is not None else None for n in names]
