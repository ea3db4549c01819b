"""Node positions computed ahead with igraph's compiled layouts, so every page draws at once.

Every page, the index and each company's ego network, gets positions, and vis-network draws
them with physics off. The layout is igraph's Fruchterman–Reingold (C code): exact forces
below ``GRID_MIN`` nodes, igraph's grid approximation from there (about 1–2 s at 5,000
nodes). It is seeded, so the same graph gives the same picture. networkx stays the graph
model; the graph is converted to igraph only inside :func:`positions`, and igraph is
imported there.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

import networkx as nx

SEED = 7
#: From this many nodes on, Fruchterman–Reingold uses igraph's grid (igraph's own "auto" rule).
GRID_MIN = 1000
#: Below this many nodes (company pages' ego graphs, thousands of them) 150 iterations
#: instead of igraph's 500: the pictures are the same, at a third of the time.
SMALL = 200
#: Half the drawing's width in pixels is ``PIXELS_PER_ROOT_NODE * sqrt(n)``: a constant area per node.
PIXELS_PER_ROOT_NODE = 140.0


def positions(H: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Pixel positions (x, y) for every node of ``H``, centred on (0, 0); in a multigraph
    parallel edges count once.

    Deterministic for a ``seed``: nodes and edges are handed to igraph in sorted order, and
    igraph draws its random numbers from a ``random.Random(seed)`` for the call (igraph's
    generator is global; it is set back to igraph's default, the ``random`` module, after).
    """
    n = H.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(H.nodes)): (0.0, 0.0)}
    nodes = sorted(H.nodes)
    raw = _fruchterman_reingold(nodes, H.edges(), seed)
    cx = sum(x for x, _ in raw) / n
    cy = sum(y for _, y in raw) / n
    extent = max(max(abs(x - cx), abs(y - cy)) for x, y in raw) or 1.0
    scale = PIXELS_PER_ROOT_NODE * math.sqrt(n) / extent
    return {
        node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for node, (x, y) in zip(nodes, raw, strict=True)
    }


def _fruchterman_reingold(nodes: list[str], edges: Iterable[tuple[str, str]], seed: int) -> list[tuple[float, float]]:
    """igraph's Fruchterman–Reingold coordinates, one pair per node of ``nodes`` (in that order)."""
    import igraph

    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in edges if a != b})
    g = igraph.Graph(n=len(nodes), edges=pairs)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        niter = 150 if len(nodes) < SMALL else 500
        coords = g.layout_fruchterman_reingold(niter=niter, grid=len(nodes) >= GRID_MIN).coords
    finally:
        igraph.set_random_number_generator(random)
    return [(float(x), float(y)) for x, y in coords]
