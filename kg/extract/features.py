"""Features of one extracted event, read from its sentence in the processed ``Doc``.

The learned decisions (:mod:`kg.extract.decide`) weigh these. They describe what a reader
looks at to judge an agreement's kind and stage: the rules' own verdict, the cue words of
``patterns/cues.json`` in the sentence, the tense and modality of its verbs, reported speech,
negation, amounts, dates relative to publication and where the sentence sits in the article.
Open-vocabulary words (verb and noun lemmas) are included too; training keeps only those seen
in several articles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from kg.extract.pipeline import CUES_KEY
from kg.records import EventCandidate

__all__ = ["event_features", "with_article_context", "Features"]

#: Sparse features: name -> value (binary features have value 1.0).
Features = dict[str, float]

_MODALS = {"will", "would", "could", "may", "might", "should", "can", "shall"}
_REPORTING = {"say", "report", "tell", "accord", "familiar", "source", "reportedly", "claim", "confirm"}
_NEGATIONS = {"not", "no", "never", "n't", "neither", "nor"}
_OPEN_POS = {"VERB", "NOUN"}


def _sentence(doc: Doc, event: EventCandidate) -> Span:
    span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    if span is None:  # offsets outside this doc (should not happen); fall back to the whole doc
        return doc[:]
    return span


def _tokens(span: Span) -> Iterable[Token]:
    return (t for t in span if not t.is_space and not t.is_punct)


def _verb_features(span: Span, out: Features) -> None:
    for t in _tokens(span):
        pos, dep, lower, lemma = t.pos_, t.dep_, t.lower_, t.lemma_.lower()
        if pos in ("VERB", "AUX"):
            morph = t.morph
            for tense in morph.get("Tense", []):
                out[f"tense:{tense.lower()}"] = 1.0
            for form in morph.get("VerbForm", []):
                out[f"verbform:{form.lower()}"] = 1.0
        if dep in ("aux", "auxpass"):
            out[f"aux:{lower}"] = 1.0
            if lower in _MODALS:
                out["modal"] = 1.0
        if dep == "neg" or lower in _NEGATIONS:
            out["negation"] = 1.0
        if lemma in _REPORTING:
            out["reported"] = 1.0
        if pos in _OPEN_POS and t.is_alpha and len(t) > 2:
            out[f"{pos.lower()}:{lemma}"] = 1.0
    root = span.root
    out[f"root:{root.lemma_.lower()}"] = 1.0
    for tense in root.morph.get("Tense", []):
        out[f"root_tense:{tense.lower()}"] = 1.0


def _cue_features(cues: Iterable[Span], span: Span, out: Features) -> None:
    for cue in cues:
        if span.start <= cue.start and cue.end <= span.end:
            out[f"cue:{cue.label_}"] = 1.0


def _date_features(event: EventCandidate, published: dt.date | None, out: Features) -> None:
    if event.date is None:
        out["date:none"] = 1.0
        return
    out[f"date:{event.date.precision}"] = 1.0
    if published is None:
        return
    if event.date.latest() < published - dt.timedelta(days=45):
        out["date:before_publication"] = 1.0
    elif event.date.earliest() > published:
        out["date:after_publication"] = 1.0
    else:
        out["date:near_publication"] = 1.0


def event_features(
    doc: Doc,
    event: EventCandidate,
    published: dt.date | None = None,
    ents: Sequence[Span] | None = None,
    cues: Sequence[Span] | None = None,
) -> Features:
    """The features of ``event``, read from its evidence sentence in ``doc``; ``ents`` and
    ``cues`` are the doc's entities and cue spans when the caller already has them
    (``doc.ents`` and ``doc.spans`` rebuild their spans on every call)."""
    span = _sentence(doc, event)
    out: Features = {
        "bias": 1.0,
        f"rule_kind:{event.kind.value}": 1.0,
        f"rule_status:{event.status.value}": 1.0,
        f"rule:{event.kind.value}:{event.status.value}": 1.0,
        f"parties:{min(len(event.parties), 3)}": 1.0,
        "rule_confidence": event.confidence,
    }
    for part in event.reason.split(";"):  # which family of rule decided: "cue", "sentence", "default" ...
        decision, _, rule = part.strip().partition(":")
        if decision in {"kind", "status"} and rule:
            out[f"why_{decision}:{rule.split(':', 1)[0]}"] = 1.0
    if event.background:
        out["background"] = 1.0
    if event.amount is not None:
        out["amount"] = 1.0
    if any(p.role is not None for p in event.parties):
        out["roles"] = 1.0
    position = span.start / max(1, len(doc))
    out["position:lead" if span.start_char < 400 else "position:early" if position < 0.3 else "position:late"] = 1.0
    ents = span.ents if ents is None else [e for e in ents if span.start <= e.start and e.end <= span.end]
    if any(e.label_ == "MONEY" for e in ents):
        out["money_in_sentence"] = 1.0
    known = {e.ent_id_ for e in ents if e.ent_id_}
    named = sum(1 for p in event.parties if p.name in known)
    out["known:all" if named == len(event.parties) else "known:some" if named else "known:none"] = 1.0
    text = span.text
    if '"' in text or "\u201c" in text:
        out["quote"] = 1.0
    _verb_features(span, out)
    _cue_features(doc.spans.get(CUES_KEY, ()) if cues is None else cues, span, out)
    _date_features(event, published, out)
    return out


def with_article_context(events: Sequence[EventCandidate], features: Sequence[Features]) -> list[Features]:
    """``features`` plus what the rest of the article says: how many claims name the same
    parties, and the same parties with the same kind (a deal told once is told less surely)."""
    pairs = Counter(e.party_names for e in events)
    typed = Counter((e.party_names, e.kind) for e in events)
    out = []
    for e, f in zip(events, features, strict=True):
        g = dict(f)
        g[f"support:{min(pairs[e.party_names], 3)}"] = 1.0
        g[f"support_typed:{min(typed[(e.party_names, e.kind)], 3)}"] = 1.0
        out.append(g)
    return out
