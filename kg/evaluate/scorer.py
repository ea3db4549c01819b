"""Score event claims against gold annotations (DESIGN §8.4).

A predicted event matches a gold event when at least two parties agree after folding
(all of them when the gold names fewer than two). ``pair`` compares parties only,
``typed`` adds the kind, ``full`` adds the status; at each level the matching is
one-to-one per article (maximum matching). Micro-averaged precision, recall and F1;
date accuracy over ``full`` matches whose gold has a date (prefix agreement at the coarser
precision); recall over main-news gold events (notes not starting with "background").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.evaluate.gold import GoldEvent
from kg.records import EventCandidate, PartialDate

__all__ = ["PRF", "EvalReport", "ErrorItem", "score", "dates_agree", "parties_match", "LEVELS"]

LEVELS = ("pair", "typed", "full")


@dataclass(frozen=True, slots=True)
class PRF:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """A missed gold event or a false positive at the ``full`` level, a typed match whose
    party roles differ from the gold's ("role"), or a full match whose date disagrees ("date")."""

    file: str
    error: str  # "miss", "false_positive", "role" or "date"
    kind: str
    status: str
    parties: tuple[str, ...]
    date: str | None
    evidence: str
    #: miss: the pair-matched prediction; FP: the pair-matched gold; role: the roles given;
    #: date: the date predicted
    nearest: str = ""
    reason: str = ""  # the rules that decided the predicted kind and status (FP, or a miss's nearest)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "error": self.error,
            "type": self.kind,
            "status": self.status,
            "parties": list(self.parties),
            "date": self.date,
            "evidence": self.evidence,
            "nearest": self.nearest,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class EvalReport:
    """Everything ``kg evaluate`` reports."""

    levels: Mapping[str, PRF]
    main_recall: Mapping[str, float]
    date_accuracy: float | None
    dated_matches: int
    by_kind: Mapping[str, PRF]  # typed level
    by_status: Mapping[str, PRF]  # full level
    kind_confusion: Mapping[tuple[str, str], int]  # (gold, predicted) over pair matches
    status_confusion: Mapping[tuple[str, str], int]
    precision_at_08: float | None
    confident_predictions: int
    articles: int
    gold_events: int
    predicted_events: int
    errors: tuple[ErrorItem, ...] = field(default=())
    #: (lower bound of the confidence bin, predictions in it, of which right at the full level)
    calibration: tuple[tuple[float, int, int], ...] = field(default=())
    #: Party roles over typed matches whose gold gives them: (roles given, right, none predicted)
    roles: tuple[int, int, int] = (0, 0, 0)

    @property
    def full_precision_at_08(self) -> float | None:
        """Share of claims with confidence >= 0.8 that are right at the ``full`` level."""
        n = sum(c for lo, c, _ in self.calibration if lo >= 0.8)
        return sum(r for lo, _, r in self.calibration if lo >= 0.8) / n if n else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            **{level: self.levels[level].to_dict() for level in LEVELS},
            "main_news_recall": {k: round(v, 4) for k, v in self.main_recall.items()},
            "date_accuracy": None if self.date_accuracy is None else round(self.date_accuracy, 4),
            "dated_matches": self.dated_matches,
            "precision_at_confidence_0.8": None if self.precision_at_08 is None else round(self.precision_at_08, 4),
            "confident_predictions": self.confident_predictions,
            "full_precision_at_confidence_0.8": None
            if self.full_precision_at_08 is None
            else round(self.full_precision_at_08, 4),
            "calibration": [{"confidence_from": lo, "claims": n, "right": r} for lo, n, r in self.calibration],
            "roles": dict(zip(("given", "right", "none_predicted"), self.roles, strict=True)),
            "by_kind": {k: v.to_dict() for k, v in self.by_kind.items()},
            "by_status": {k: v.to_dict() for k, v in self.by_status.items()},
            "kind_confusion": [
                {"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.kind_confusion.items())
            ],
            "status_confusion": [
                {"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.status_confusion.items())
            ],
            "errors": [e.to_dict() for e in self.errors],
        }

    def to_text(self, errors: bool = False) -> str:
        lines = [
            f"articles {self.articles}, gold events {self.gold_events}, predicted events {self.predicted_events}",
            "",
            f"{'level':<8}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}{'main R':>9}",
        ]
        for level in LEVELS:
            m = self.levels[level]
            lines.append(
                f"{level:<8}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}{m.tp:>6}{m.fp:>6}{m.fn:>6}"
                f"{self.main_recall.get(level, 0.0):>9.3f}"
            )
        da = "n/a" if self.date_accuracy is None else f"{self.date_accuracy:.3f}"
        p8 = "n/a" if self.precision_at_08 is None else f"{self.precision_at_08:.3f}"
        lines += [
            "",
            f"date accuracy {da} over {self.dated_matches} dated full matches",
            f"pair precision at confidence >= 0.8: {p8} over {self.confident_predictions} predictions",
            "",
            "calibration (full level): confidence   claims   right",
        ]
        for lo, n, r in self.calibration:
            share = f"{r / n:.3f}" if n else "n/a"
            lines.append(f"  {lo:.1f}-{min(1.0, lo + 0.2):.1f}{n:>28}{share:>8}")
        given, right, none = self.roles
        if given:
            lines += [
                "",
                f"party roles over typed matches: {right / given:.3f} right of {given} given ({none} none predicted)",
            ]
        for title, table in (("by kind (typed)", self.by_kind), ("by status (full)", self.by_status)):
            lines += ["", f"{title:<16}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
            for name, m in sorted(table.items()):
                lines.append(f"{name:<16}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}{m.tp:>6}{m.fp:>6}{m.fn:>6}")
        for title, conf in (
            ("kind confusion (gold -> predicted)", self.kind_confusion),
            ("status confusion (gold -> predicted)", self.status_confusion),
        ):
            off = {k: v for k, v in conf.items() if k[0] != k[1]}
            lines += ["", title + (": none" if not off else "")]
            for (g, p), n in sorted(off.items(), key=lambda x: -x[1]):
                lines.append(f"  {g:<14} -> {p:<14} {n}")
        if errors:
            lines += [
                "",
                'errors (full level; "role": a typed match whose party roles differ from the gold\'s; "date": a full'
                " match whose date disagrees with the gold's):",
            ]
            for e in self.errors:
                lines.append(
                    f"  [{e.error}] {e.file}: {e.kind}/{e.status} {' | '.join(e.parties)} {e.date or ''}"
                    + (f"  (nearest: {e.nearest})" if e.nearest else "")
                    + (f"  [decided by {e.reason}]" if e.reason else "")
                )
                lines.append(f"      {e.evidence[:220]}")
        return "\n".join(lines)


def dates_agree(predicted: PartialDate | None, gold: PartialDate) -> bool:
    """True when ``predicted`` equals ``gold`` at the coarser of their two precisions."""
    if predicted is None:
        return False
    a, b = predicted.iso(), gold.iso()
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def parties_match(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    common = len(gold & predicted)
    return common >= 2 if len(gold) >= 2 else gold <= predicted


def _max_matching(edges: Sequence[list[int]], n_right: int) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn); ``edges[i]`` lists right nodes in preference order."""
    match_right: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        # a free preferred partner first; re-route an earlier match only when none is free
        for j in edges[i]:
            if j not in seen and j not in match_right:
                seen.add(j)
                match_right[j] = i
                return True
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    for i in range(len(edges)):
        augment(i, set())
    return {i: j for j, i in match_right.items()}  # gold index -> predicted index


def _match(
    gold: Sequence[GoldEvent],
    gparties: Sequence[frozenset[str]],
    preds: Sequence[EventCandidate],
    pparties: Sequence[frozenset[str]],
    ok: Callable[[GoldEvent, EventCandidate], bool],
) -> dict[int, int]:
    edges: list[list[int]] = []
    for gi, g in enumerate(gold):
        cands = [pi for pi, p in enumerate(preds) if parties_match(gparties[gi], pparties[pi]) and ok(g, p)]
        # prefer exact party sets, then a matching kind, status and date
        cands.sort(
            key=lambda pi: (
                pparties[pi] != gparties[gi],
                preds[pi].kind != g.kind,
                preds[pi].status != g.status,
                not (g.date is None or dates_agree(preds[pi].date, g.date)),
            )
        )
        edges.append(cands)
    return _max_matching(edges, len(preds))


def _level_key(level: str, parties: frozenset[str], event: GoldEvent | EventCandidate) -> tuple[object, ...]:
    if level == "pair":
        return (parties,)
    if level == "typed":
        return (parties, event.kind)
    return (parties, event.kind, event.status)


def _unique(keys: Sequence[tuple[object, ...]], prefer: Sequence[bool] | None = None) -> list[int]:
    """Indices of the first event per key (events whose ``prefer`` flag is False come first)."""
    order = sorted(range(len(keys)), key=lambda i: (prefer[i] if prefer else False, i))
    first: dict[tuple[object, ...], int] = {}
    for i in order:
        first.setdefault(keys[i], i)
    return sorted(first.values())


def score(
    gold: Mapping[str, Sequence[GoldEvent]],
    predictions: Mapping[str, Sequence[EventCandidate]],
    fold: Callable[[str], str],
) -> EvalReport:
    """Score predictions (per article key) against gold (same keys); ``fold`` maps a party name
    to its matching key (canonical name or folded form). Articles missing from ``predictions``
    count as predicting nothing; predictions for articles without gold are ignored."""
    totals = {level: PRF() for level in LEVELS}
    main_tp = Counter[str]()
    main_total = Counter[str]()
    by_kind: dict[str, PRF] = {}
    by_status: dict[str, PRF] = {}
    kind_conf: Counter[tuple[str, str]] = Counter()
    status_conf: Counter[tuple[str, str]] = Counter()
    dated = agreeing = 0
    confident = confident_ok = 0
    errors: list[ErrorItem] = []
    n_gold = n_pred = 0
    bins = [[0, 0] for _ in _BINS]
    role_counts = [0, 0, 0]

    def bump(table: dict[str, PRF], key: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        table[key] = table.get(key, PRF()) + PRF(tp, fp, fn)

    for key in sorted(gold):
        g_events = list(gold[key])
        p_events = list(predictions.get(key, ()))
        n_gold += len(g_events)
        n_pred += len(p_events)
        gp = [frozenset(fold(n) for n in g.parties) for g in g_events]
        pp = [frozenset(fold(p.name) for p in e.parties) for e in p_events]
        checks: dict[str, Callable[[GoldEvent, EventCandidate], bool]] = {
            "pair": lambda g, p: True,
            "typed": lambda g, p: p.kind == g.kind,
            "full": lambda g, p: p.kind == g.kind and p.status == g.status,
        }
        matched = {level: _match(g_events, gp, p_events, pp, check) for level, check in checks.items()}
        for level, check in checks.items():
            # DESIGN §8.4: each level is deduplicated (events with the same parties, plus kind
            # for typed, plus status for full, count once); main news wins over background.
            keep_g = _unique(
                [_level_key(level, gp[i], g) for i, g in enumerate(g_events)], prefer=[g.background for g in g_events]
            )
            keep_p = _unique([_level_key(level, pp[i], p) for i, p in enumerate(p_events)])
            m = _match(
                [g_events[i] for i in keep_g],
                [gp[i] for i in keep_g],
                [p_events[i] for i in keep_p],
                [pp[i] for i in keep_p],
                check,
            )
            totals[level] = totals[level] + PRF(len(m), len(keep_p) - len(m), len(keep_g) - len(m))
            main_tp[level] += sum(1 for gi in m if not g_events[keep_g[gi]].background)
            main_total[level] += sum(1 for i in keep_g if not g_events[i].background)
        for gi, pi in matched["pair"].items():
            kind_conf[(g_events[gi].kind.value, p_events[pi].kind.value)] += 1
            status_conf[(g_events[gi].status.value, p_events[pi].status.value)] += 1
        typed_g = matched["typed"]
        typed_p = set(typed_g.values())
        for gi, pi in typed_g.items():
            predicted = {fold(p.name): p.role.value if p.role else None for p in p_events[pi].parties}
            g = g_events[gi]
            for name, role in g.roles:
                got = predicted.get(fold(name))
                role_counts[0] += 1
                role_counts[1] += got == role
                role_counts[2] += got is None
            if any(predicted.get(fold(name)) != role for name, role in g.roles):
                given = ", ".join(f"{n}={r}" for n, r in g.roles)
                got_text = ", ".join(f"{p.name}={p.role.value if p.role else '-'}" for p in p_events[pi].parties)
                errors.append(
                    ErrorItem(
                        key, "role", g.kind.value, g.status.value, g.parties, g.date.iso() if g.date else None,
                        g.evidence, f"gold {given}; predicted {got_text}", p_events[pi].reason,
                    )
                )  # fmt: skip
        for gi, g in enumerate(g_events):
            bump(by_kind, g.kind.value, tp=1 if gi in typed_g else 0, fn=0 if gi in typed_g else 1)
        for pi, p in enumerate(p_events):
            if pi not in typed_p:
                bump(by_kind, p.kind.value, fp=1)
        full_g = matched["full"]
        full_p = set(full_g.values())
        for gi, g in enumerate(g_events):
            bump(by_status, g.status.value, tp=1 if gi in full_g else 0, fn=0 if gi in full_g else 1)
            if gi in full_g and g.date is not None:
                dated += 1
                when = p_events[full_g[gi]].date
                agrees = dates_agree(when, g.date)
                agreeing += agrees
                if not agrees:
                    errors.append(
                        ErrorItem(
                            key, "date", g.kind.value, g.status.value, g.parties, g.date.iso(), g.evidence,
                            f"predicted {when.iso() if when else 'no date'}", p_events[full_g[gi]].reason,
                        )
                    )  # fmt: skip
        for pi, p in enumerate(p_events):
            if pi not in full_p:
                bump(by_status, p.status.value, fp=1)
            b = bins[_bin(p.confidence)]
            b[0] += 1
            # a claim is right when the gold has an event of its parties, kind and status
            b[1] += any(
                parties_match(gp[gi], pp[pi]) and g.kind == p.kind and g.status == p.status
                for gi, g in enumerate(g_events)
            )
        pair_p = {pi: gi for gi, pi in matched["pair"].items()}
        for pi, p in enumerate(p_events):
            if p.confidence >= 0.8:
                confident += 1
                confident_ok += pi in pair_p
        for gi, g in enumerate(g_events):
            if gi not in full_g:
                near = matched["pair"].get(gi)
                errors.append(
                    ErrorItem(
                        key, "miss", g.kind.value, g.status.value, g.parties,
                        g.date.iso() if g.date else None, g.evidence,
                        "" if near is None else f"{p_events[near].kind.value}/{p_events[near].status.value}",
                        "" if near is None else p_events[near].reason,
                    )
                )  # fmt: skip
        for pi, p in enumerate(p_events):
            if pi not in full_p:
                near_g = pair_p.get(pi)
                errors.append(
                    ErrorItem(
                        key, "false_positive", p.kind.value, p.status.value, p.party_names,
                        p.date.iso() if p.date else None, p.evidence.text,
                        "" if near_g is None else f"gold {g_events[near_g].kind.value}/{g_events[near_g].status.value}",
                        p.reason,
                    )
                )  # fmt: skip
    return EvalReport(
        levels=totals,
        main_recall={level: (main_tp[level] / main_total[level] if main_total[level] else 0.0) for level in LEVELS},
        date_accuracy=agreeing / dated if dated else None,
        dated_matches=dated,
        by_kind=by_kind,
        by_status=by_status,
        kind_confusion=dict(kind_conf),
        status_confusion=dict(status_conf),
        precision_at_08=confident_ok / confident if confident else None,
        confident_predictions=confident,
        articles=len(gold),
        gold_events=n_gold,
        predicted_events=n_pred,
        errors=tuple(errors),
        calibration=tuple((lo, n, r) for lo, (n, r) in zip(_BINS, bins)),
        roles=(role_counts[0], role_counts[1], role_counts[2]),
    )


#: Lower bounds of the calibration bins.
_BINS = (0.0, 0.2, 0.4, 0.6, 0.8)


def _bin(confidence: float) -> int:
    return max(i for i, lo in enumerate(_BINS) if confidence >= lo or i == 0)
