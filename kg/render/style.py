"""How codes look wherever the graph is drawn: a colour per agreement kind, a palette for
communities and sectors, and a line style per status phase.

The site (its payloads, legend and bar chart) and the notebook network read these, so they
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.records import Kind

KIND_COLORS = {
    Kind.PARTNERSHIP.value: "#1f77b4",
    Kind.INVESTMENT.value: "#2ca02c",
    Kind.ACQUISITION.value: "#d62728",
    Kind.MERGER.value: "#9467bd",
    Kind.JOINT_VENTURE.value: "#ff7f0e",
    Kind.LICENSING.value: "#8c564b",
    Kind.SUPPLY.value: "#17becf",
    Kind.MOU.value: "#e377c2",
}
#: Colours of communities and sectors, cycled.
PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295",
]  # fmt: skip
#: The colour of anything no table above names.
OTHER_COLOR = "#888888"
#: How an edge is drawn in each phase of its status (vis-network's ``dashes`` and colour
#: ``opacity``); the page scripts get it in their payload.
PHASE_LOOK: dict[str, dict[str, object]] = {
    "pre": {"dashes": [6, 6], "opacity": 0.95},
    "agreed": {"dashes": False, "opacity": 0.95},
    "ended": {"dashes": False, "opacity": 0.25},
}
#: The legend's words for each phase (``kg.records.phase_of``).
PHASE_STYLE = {
    "pre": "dashed (rumored, negotiating)",
    "agreed": "solid (announced … completed)",
    "ended": "faded (terminated, blocked)",
}


def community_colors(communities: Iterable[int]) -> dict[str, str]:
    """A palette colour per community number drawn, in number order."""
    return {str(c): PALETTE[i % len(PALETTE)] for i, c in enumerate(sorted(set(communities)))}
