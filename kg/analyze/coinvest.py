"""Co-investors: pairs of investors that invested in the same company, ranked.

The pairs grow with the square of the investors of each company (a hub investee with n
investors gives n(n-1)/2 of them): 714 at 1,000 generated articles, 61,000 at 10,000. As
SPARQL, joining and grouping them cost ~60x more for 10x the articles. Here the counts are
one sparse matrix product: with ``A`` the investor × investee incidence matrix, ``A Aᵀ``
holds for every two investors the number of companies both invested in, computed in C; only
the pairs that are returned get their list of companies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

COLUMNS = ("investor1", "investor2", "shared", "companies")


@dataclass(frozen=True, slots=True)
class Pair:
    """Two investors (``first`` < ``second``) and the companies both invested in (sorted)."""

    first: str
    second: str
    companies: tuple[str, ...]

    @property
    def shared(self) -> int:
        return len(self.companies)


def ranked_pairs(investments: Iterable[tuple[str, str]], limit: int | None = None) -> list[Pair]:
    """The pairs of investors of ``investments`` ((investor, investee) names): most shared
    companies first, then by the two names (as ``first + "\\u0001" + second`` sorts, which
    is the order of the name pairs); the first ``limit`` of them, or all when ``limit`` is
    None or 0."""
    import numpy as np
    from scipy import sparse

    invested: dict[str, set[str]] = defaultdict(set)
    for investor, investee in investments:
        invested[investor].add(investee)
    investors = sorted(invested)  # index order = name order, so (row, col) sorts as the names
    investees = {name: n for n, name in enumerate(sorted({c for cs in invested.values() for c in cs}))}
    rows = [i for i, name in enumerate(investors) for _ in invested[name]]
    cols = [investees[c] for name in investors for c in invested[name]]
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(investors), len(investees))
    )
    counts = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    order = np.lexsort((counts.col, counts.row, -counts.data))
    if limit:
        order = order[:limit]
    return [
        Pair(a, b, tuple(sorted(invested[a] & invested[b])))
        for a, b in ((investors[counts.row[k]], investors[counts.col[k]]) for k in order)
    ]


def pair_rows(pairs: Iterable[Pair]) -> list[tuple[str, ...]]:
    """The rows of ``co-investors`` (``COLUMNS``): the companies joined by `` | ``."""
    return [(p.first, p.second, str(p.shared), " | ".join(p.companies)) for p in pairs]
