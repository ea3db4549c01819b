"""Which agreement groups a write touches, so an ingest re-derives only those. Pure.

Clustering (``kg.resolve.agreements``) never looks beyond one party set: claims with the
same companies (of any kind, for the MOU rule) form agreements among themselves. Curation
acts per claim, except that an alias makes two names one company and a re-keying row with
``set_parties`` moves the claims it selects to another party set. So a *group key* is a
claim's party set after alias resolution, as folded names, and the groups a write must
re-derive are the keys of its new and replaced claims, closed under the re-keying rows
(a row links its selector's key and its ``set_parties`` key both ways).

A group's claims are found in the store by their ``kg:partyKey`` (``party_keys``: every
spelling an alias gives its companies), then filtered exactly by ``key``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.resolve import iris
from kg.resolve.curation import Curation
from kg.resolve.names import fold

Key = frozenset[str]


@dataclass(frozen=True, slots=True)
class Scoper:
    """Alias resolution on folded names and the links the re-keying rows make."""

    canonical: Mapping[str, str]  # fold(alias) → fold(its final canonical company)
    links: Mapping[Key, frozenset[Key]]

    def resolve(self, name: str) -> str:
        folded = fold(name)
        return self.canonical.get(folded, folded)

    def key(self, parties: Iterable[str]) -> Key:
        """The group key of a claim naming these parties."""
        return frozenset(self.resolve(p) for p in parties)

    def closure(self, keys: Iterable[Key]) -> frozenset[Key]:
        """The keys and every key a chain of re-keying rows connects them to."""
        seen: set[Key] = set()
        todo = list(keys)
        while todo:
            k = todo.pop()
            if k not in seen:
                seen.add(k)
                todo.extend(self.links.get(k, ()))
        return frozenset(seen)

    def spellings(self, folded: str) -> set[str]:
        """The folded names that resolve to this company (itself and its aliases)."""
        return {folded} | {alias for alias, target in self.canonical.items() if target == folded}

    def party_keys(self, keys: Iterable[Key]) -> set[str]:
        """The ``kg:partyKey`` values the claims of these groups can have: every spelling an
        alias gives each company. Keys of fewer than two companies name no agreement."""
        out: set[str] = set()
        for k in keys:
            if len(k) < 2:
                continue
            for combo in itertools.product(*(sorted(self.spellings(f)) for f in sorted(k))):
                if len(set(combo)) == len(combo):
                    out.add(",".join(sorted(combo)))
        return out


def scoper(curation: Curation) -> Scoper:
    """The alias map and re-keying links of the curation files."""
    direct = {fold(a.alias): fold(a.canonical) for a in curation.aliases}
    canonical: dict[str, str] = {}
    for alias, target in direct.items():
        while target in direct:  # loops are rejected by parse_aliases
            target = direct[target]
        canonical[alias] = target

    def key(names: Iterable[str]) -> Key:
        return frozenset(canonical.get(fold(n), fold(n)) for n in names)

    links: dict[Key, set[Key]] = defaultdict(set)
    for f in curation.fixes:
        if f.set_parties:
            a, b = key(f.selector.parties), key(f.set_parties)
            links[a].add(b)
            links[b].add(a)
    return Scoper(canonical, {k: frozenset(v) for k, v in links.items()})


def ordered_pairs(keys: Iterable[Key]) -> set[tuple[str, str]]:
    """Both orders of every two companies of each key, as IRIs: the company links that
    agreements of these groups can feed."""
    out: set[tuple[str, str]] = set()
    for k in keys:
        names = sorted(k)
        for x in names:
            for y in names:
                if x != y:
                    out.add((str(iris.org_iri(x)), str(iris.org_iri(y))))
    return out
