"""Learned decisions over rule output: an event's kind, its status and its confidence.

The rules of :mod:`kg.extract.events` propose events; a small multinomial logistic model per
decision, trained by ``kg train`` on gold articles with the rules' verdicts among its features
(:mod:`kg.extract.features`), can decide the kind and the status, and gives the confidence: the
probability that the claim is right at the ``full`` level, fitted on out-of-fold decisions and
scaled (Platt) by what its scores were worth on gold sets it was not fitted on.
``kg train`` learns a kind or status head only when it beats the rules under cross-validation. The model is a JSON file shipped in the package (``kg/extract/model/decisions.json``)
and applied here in plain Python, so extraction needs neither scikit-learn nor a network.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING, Any

from kg.records import Article, EventCandidate, Kind, Status

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.extract.features import Features

__all__ = ["Head", "DecisionModel", "load_model", "decide", "decide_doc", "dedupe", "MODEL_RESOURCE"]

#: The shipped model, relative to the ``kg.extract`` package.
MODEL_RESOURCE = "model/decisions.json"


@dataclass(frozen=True)
class Head:
    """One softmax decision: ``classes`` and, per feature, one weight per class."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def proba(self, features: Features) -> dict[str, float]:
        scores = list(self.intercept)
        for name, value in features.items():
            w = self.weights.get(name)
            if w is not None:
                for i, wi in enumerate(w):
                    scores[i] += wi * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "intercept": [round(x, 6) for x in self.intercept],
            "weights": {k: [round(x, 6) for x in v] for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Head:
        return cls(
            classes=tuple(data["classes"]),
            intercept=tuple(float(x) for x in data["intercept"]),
            weights={k: tuple(float(x) for x in v) for k, v in data["weights"].items()},
        )


@dataclass(frozen=True)
class DecisionModel:
    """The three heads and the margin by which a head must beat the rules' verdict."""

    kind: Head | None
    status: Head | None
    confidence: Head | None
    margin: float = 0.0
    about: Mapping[str, Any] | None = None
    #: (a, b) of the out-of-set calibration: confidence = sigmoid(a + b * logit(p))
    scaling: tuple[float, float] | None = None

    def calibrated(self, p: float) -> float:
        """``p`` from the confidence head, as calibrated on gold sets the head was not fitted on."""
        if self.scaling is None:
            return p
        a, b = self.scaling
        q = min(max(p, 1e-6), 1 - 1e-6)
        return 1.0 / (1.0 + math.exp(-(a + b * math.log(q / (1 - q)))))

    def to_dict(self) -> dict[str, Any]:
        heads = {"kind": self.kind, "status": self.status, "confidence": self.confidence}
        return {
            "format": "kg.decisions.v1",
            "margin": self.margin,
            "about": dict(self.about or {}),
            "heads": {k: h.to_dict() for k, h in heads.items() if h is not None},
            **({"scaling": [round(x, 6) for x in self.scaling]} if self.scaling else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DecisionModel:
        if data.get("format") != "kg.decisions.v1":
            raise ValueError(f"not a kg.decisions.v1 model (format {data.get('format')!r})")
        heads = data.get("heads", {})
        return cls(
            kind=Head.from_dict(heads["kind"]) if "kind" in heads else None,
            status=Head.from_dict(heads["status"]) if "status" in heads else None,
            confidence=Head.from_dict(heads["confidence"]) if "confidence" in heads else None,
            margin=float(data.get("margin", 0.0)),
            about=data.get("about"),
            scaling=(float(data["scaling"][0]), float(data["scaling"][1])) if "scaling" in data else None,
        )


@functools.lru_cache(maxsize=1)
def load_model() -> DecisionModel | None:
    """The model shipped in the package, or None when there is none (rules decide alone)."""
    resource = resources.files("kg.extract").joinpath(MODEL_RESOURCE)
    if not resource.is_file():
        return None
    return DecisionModel.from_dict(json.loads(resource.read_text(encoding="utf-8")))


def _choose(head: Head | None, features: Features, current: str, margin: float) -> tuple[str, float]:
    if head is None:
        return current, 1.0
    p = head.proba(features)
    best = max(p, key=lambda c: p[c])
    if best != current and p[best] - p.get(current, 0.0) > margin:
        return best, p[best]
    return current, p.get(current, 0.0)


def confidence_features(base: Features, event: EventCandidate, p_kind: float, p_status: float) -> Features:
    """The confidence head's features: the base features plus the decisions taken."""
    out = dict(base)
    out[f"final_kind:{event.kind.value}"] = 1.0
    out[f"final_status:{event.status.value}"] = 1.0
    out["p_kind"] = p_kind
    out["p_status"] = p_status
    return out


def decide_kind_status(
    model: DecisionModel, event: EventCandidate, features: Features
) -> tuple[EventCandidate, Features]:
    """``event`` with the model's kind and status, and the features its confidence is judged by."""
    kind, p_kind = _choose(model.kind, features, event.kind.value, model.margin)
    status, p_status = _choose(model.status, features, event.status.value, model.margin)
    changed = [
        f"model:{name}"
        for name, new, old in (("kind", kind, event.kind), ("status", status, event.status))
        if new != old
    ]
    reason = "; ".join([event.reason, *changed]) if changed else event.reason
    decided = replace(event, kind=Kind(kind), status=Status(status), reason=reason.strip("; "))
    return decided, confidence_features(features, decided, p_kind, p_status)


def decide_one(model: DecisionModel, event: EventCandidate, features: Features) -> EventCandidate:
    """``event`` with the model's kind, status and confidence."""
    decided, judged_by = decide_kind_status(model, event, features)
    if model.confidence is not None:
        p = model.confidence.proba(judged_by)
        decided = replace(decided, confidence=round(model.calibrated(p.get("1", 0.0)), 4))
    return decided


def dedupe(events: Sequence[EventCandidate]) -> list[EventCandidate]:
    """One claim per (kind, status, parties, date): the first, with the highest confidence of its copies."""
    seen: dict[tuple[str, str, tuple[str, ...], str], int] = {}
    out: list[EventCandidate] = []
    for e in events:
        key = (e.kind.value, e.status.value, e.party_names, e.date.iso() if e.date else "")
        if key in seen:
            i = seen[key]
            if e.confidence > out[i].confidence:
                out[i] = replace(out[i], confidence=e.confidence)
            continue
        seen[key] = len(out)
        out.append(e)
    return out


def decide(
    model: DecisionModel | None, events: Sequence[EventCandidate], features: Sequence[Features]
) -> list[EventCandidate]:
    """Every event re-decided by ``model`` (unchanged when ``model`` is None), duplicates merged."""
    if model is None:
        return list(events)
    return dedupe([decide_one(model, e, f) for e, f in zip(events, features, strict=True)])


def decide_doc(doc: Doc, article: Article, events: Sequence[EventCandidate]) -> list[EventCandidate]:
    """The rule ``events`` of one processed article, decided by the shipped model (if any)."""
    model = load_model()
    if model is None or not events:
        return list(events)
    from kg.extract.features import event_features, with_article_context
    from kg.extract.pipeline import CUES_KEY

    ents, cues = doc.ents, list(doc.spans.get(CUES_KEY, ()))  # each rebuilt on every read
    features = with_article_context(events, [event_features(doc, e, article.published, ents, cues) for e in events])
    return decide(model, events, features)
