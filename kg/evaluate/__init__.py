"""evaluate stage: score extracted events against gold annotations (DESIGN §8.4)."""

from __future__ import annotations

from kg.evaluate.gold import GoldEvent, load_gold, parse_gold
from kg.evaluate.runner import evaluate, party_key
from kg.evaluate.scorer import PRF, ErrorItem, EvalReport, dates_agree, score

__all__ = [
    "GoldEvent",
    "load_gold",
    "parse_gold",
    "evaluate",
    "party_key",
    "PRF",
    "EvalReport",
    "ErrorItem",
    "dates_agree",
    "score",
]
