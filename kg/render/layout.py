"""Node positions computed ahead in networkx, so pages draw at once with physics off.

Up to ``PRECOMPUTE_MAX`` nodes the layout is ``spring_layout`` (seeded); larger graphs
get no positions and the page runs vis-network's Barnes–Hut physics with a capped number
of stabilization iterations, then switches physics off (see ``assets/kg-network.js``).
"""

from __future__ import annotations

import math

import networkx as nx

PRECOMPUTE_MAX = 1200
SEED = 7


def iterations_for(n: int) -> int:
    """Fewer spring iterations for bigger graphs (networkx's layout is O(n²) per step)."""
    return 50 if n <= 300 else 30 if n <= 700 else 20


def positions(H: nx.Graph, seed: int = SEED, limit: int | None = None) -> dict[str, tuple[float, float]] | None:
    """Pixel positions per node, or None when the graph has more than ``limit`` nodes
    (default ``PRECOMPUTE_MAX``, read at call time) and is left to the browser's physics."""
    limit = PRECOMPUTE_MAX if limit is None else limit
    n = H.number_of_nodes()
    if n == 0:
        return {}
    if n > limit:
        return None
    if n == 1:
        return {next(iter(H.nodes)): (0.0, 0.0)}
    raw = nx.spring_layout(H, seed=seed, iterations=iterations_for(n), k=1.2 / math.sqrt(n))
    scale = 140.0 * math.sqrt(n)
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in raw.items()}
