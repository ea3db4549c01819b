"""Learned decisions: the model format, how it decides, training and article-level CV."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app, register
from kg.config import PROJECT_ROOT, load_settings
from kg.evaluate.learn import (
    ArticleCase,
    Example,
    TrainParams,
    collect,
    cross_validate,
    default_gold_sets,
    fit,
    score_cv,
)
from kg.extract.decide import DecisionModel, Head, decide, dedupe, load_model
from kg.records import EventCandidate, Evidence, Kind, PartialDate, Party, Status
from tests.conftest import DEV, needs_shared

DATA = PROJECT_ROOT / "data"
OWN_SETS = [
    ("samples", DATA / "gold" / "samples.jsonl", DATA / "articles"),
    ("eval", DATA / "eval" / "gold.jsonl", DATA / "eval" / "articles"),
]


def event(status: str = "announced", kind: str = "investment", confidence: float = 0.5, date: str | None = None):  # type: ignore[no-untyped-def]
    return EventCandidate(
        Kind(kind), Status(status), (Party("Nvidia"), Party("Arm")), Evidence(0, 1, "x"),
        PartialDate.parse(date) if date else None, confidence=confidence,
    )  # fmt: skip


STATUS_HEAD = Head(("announced", "signed"), (0.0, 0.0), {"cue:status:signed": (0.0, 3.0)})


def test_head_is_a_softmax() -> None:
    p = STATUS_HEAD.proba({"cue:status:signed": 1.0})
    assert p["signed"] > 0.9 and abs(sum(p.values()) - 1.0) < 1e-9
    assert STATUS_HEAD.proba({}) == {"announced": 0.5, "signed": 0.5}


def test_model_round_trips_through_json() -> None:
    model = DecisionModel(kind=None, status=STATUS_HEAD, confidence=None, margin=0.2)
    again = DecisionModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.status == STATUS_HEAD and again.kind is None
    assert again.margin == 0.2


def test_out_of_set_scaling_round_trips_and_keeps_the_order() -> None:
    model = DecisionModel(kind=None, status=None, confidence=None, scaling=(0.5, 0.5))
    again = DecisionModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.scaling == (0.5, 0.5)
    scores = [again.calibrated(p) for p in (0.05, 0.5, 0.95)]
    assert scores == sorted(scores)  # a monotone map: it ranks claims as the head does
    assert 0.05 < scores[0] and scores[2] < 0.95  # b < 1 shrinks towards the middle
    assert DecisionModel(kind=None, status=None, confidence=None).calibrated(0.3) == 0.3


def test_a_head_overrides_the_rules_only_beyond_the_margin() -> None:
    strong = {"cue:status:signed": 1.0}
    weak = {"cue:status:signed": 0.1}  # p(signed) ~ 0.57: within a margin of 0.3
    model = DecisionModel(kind=None, status=STATUS_HEAD, confidence=None, margin=0.3)
    assert [e.status for e in decide(model, [event()], [strong])] == [Status.SIGNED]
    assert [e.status for e in decide(model, [event()], [weak])] == [Status.ANNOUNCED]
    assert decide(None, [event()], [strong]) == [event()]


def test_dedupe_keeps_the_first_claim_and_the_highest_confidence() -> None:
    out = dedupe([event(confidence=0.3), event(confidence=0.9), event(date="2024-01", confidence=0.1)])
    assert [(e.confidence, e.date) for e in out] == [(0.9, None), (0.1, PartialDate(2024, 1))]


def test_shipped_model_loads_and_was_never_trained_on_check() -> None:
    model = load_model()
    assert model is not None and model.confidence is not None
    trained_on = (model.about or {}).get("trained_on", {})
    assert trained_on and "check" not in trained_on
    assert set(trained_on) <= {"samples", "eval", "invented", "dev"}


@pytest.fixture(scope="module")
def own_cases() -> list[ArticleCase]:
    return collect(OWN_SETS, load_settings(env={}))


@pytest.mark.gold
@pytest.mark.model
def test_collect_labels_rule_events_from_gold(own_cases: list[ArticleCase]) -> None:
    examples = [ex for case in own_cases for ex in case.examples]
    assert len(own_cases) == sum(1 for _, g, _ in OWN_SETS for line in g.read_text().splitlines() if line.strip())
    labelled = [ex for ex in examples if ex.kind is not None]
    assert len(labelled) > 0.8 * len(examples)  # most rule events are of parties the gold names
    assert all((ex.kind, ex.status) in ex.accepted for ex in labelled)
    assert all("bias" in ex.features and f"rule_kind:{ex.event.kind.value}" in ex.features for ex in examples)
    # the family of rule that decided the kind and the status is a feature ("kind:cue:investment" -> "cue")
    for ex in examples:
        kind_rule = next(p for p in ex.event.reason.split("; ") if p.startswith("kind:")).split(":")[1]
        assert f"why_kind:{kind_rule}" in ex.features, ex.event.reason
    assert any("why_status:default" in ex.features for ex in examples)


@pytest.mark.gold
@pytest.mark.model
def test_training_is_deterministic(own_cases: list[ArticleCase]) -> None:
    params = TrainParams(heads=("status",))
    assert fit(own_cases, params).to_dict() == fit(own_cases, params).to_dict()


def _relabelled(case: ArticleCase) -> ArticleCase:
    flipped = tuple(
        replace(ex, status="terminated", accepted=frozenset({(str(ex.kind), "terminated")}))
        if ex.kind is not None
        else ex
        for ex in case.examples
    )
    return replace(case, examples=flipped)


@pytest.mark.gold
@pytest.mark.model
def test_cv_never_decides_an_article_with_a_model_fitted_on_it(own_cases: list[ArticleCase]) -> None:
    params = TrainParams(heads=("kind", "status"))
    base = cross_validate(own_cases, params, k=4)
    # poison the labels of one article: its own held-out predictions must not move
    changed = [_relabelled(own_cases[0]), *own_cases[1:]]
    again = cross_validate(changed, params, k=4)
    key = (own_cases[0].gold_set, own_cases[0].key)
    assert again[key] == base[key]
    assert any(again[k] != base[k] for k in base if k != key)  # the others did learn from it


@pytest.mark.gold
@pytest.mark.model
def test_learned_labels_change_decisions(own_cases: list[ArticleCase]) -> None:
    """A model fitted on gold that calls every announced deal terminated decides so."""

    def swap(ex: Example) -> Example:
        status = "terminated" if ex.event.status is Status.ANNOUNCED else "rumored"
        return replace(ex, status=status) if ex.kind is not None else ex

    poisoned = [replace(c, examples=tuple(swap(ex) for ex in c.examples)) for c in own_cases]
    model = fit(poisoned, TrainParams(heads=("status",), margin=0.0))
    examples = [ex for c in own_cases for ex in c.examples if ex.event.status is Status.ANNOUNCED]
    assert examples
    decided = decide(model, [ex.event for ex in examples], [ex.features for ex in examples])
    assert {e.status for e in decided} == {Status.TERMINATED}


@pytest.mark.gold
@pytest.mark.model
@needs_shared
def test_confidence_is_calibrated_on_held_out_articles() -> None:
    """Confident claims are mostly right under CV, and confidence ranks claims.

    The issue's target is 80 % right at confidence >= 0.8; measured here 0.934 of 106 claims with
    the scaling of the hardest gold set, lowered to a margin (README; session 22, with
    ``data/invented``), so the floor at 0.85 guards against regressions,
    with room for the spread between runs of kg train. Ranking is checked by rank, not by a
    threshold: the fifth of the claims with the lowest confidence is right less often than the
    rest."""
    from kg.evaluate.runner import party_key
    from kg.evaluate.scorer import parties_match
    from kg.resolve.gazetteer import load_gazetteer

    sets = default_gold_sets(DEV.parent.parent)
    assert [n for n, _, _ in sets] == ["samples", "eval", "invented", "dev"]
    settings = load_settings(env={})
    cases = collect(sets, settings)
    predictions = cross_validate(cases, TrainParams(heads=()), k=5)
    report = score_cv(cases, predictions, settings)
    confident = sum(n for lo, n, _ in report.calibration if lo >= 0.8)
    assert confident >= 60
    assert report.full_precision_at_08 is not None and report.full_precision_at_08 >= 0.85
    fold = party_key(load_gazetteer(settings.companies_csv))
    claims: list[tuple[float, bool]] = []
    for case in cases:
        gold = [(g, frozenset(fold(n) for n in g.parties)) for g in case.gold]
        for p in predictions[(case.gold_set, case.key)]:
            names = frozenset(fold(x.name) for x in p.parties)
            right = any(parties_match(gp, names) and g.kind == p.kind and g.status == p.status for g, gp in gold)
            claims.append((p.confidence, right))
    claims.sort(key=lambda c: c[0])
    low, high = claims[: len(claims) // 5], claims[len(claims) // 5 :]
    assert len(low) >= 40
    assert sum(r for _, r in low) / len(low) < sum(r for _, r in high) / len(high)


@pytest.mark.gold
@pytest.mark.model
def test_cli_train_dry_run_and_evaluate_cv(tmp_path: Path) -> None:
    register()
    runner = CliRunner()
    gold = f"samples={OWN_SETS[0][1]}:{OWN_SETS[0][2]}"
    out = tmp_path / "model.json"
    result = runner.invoke(app, ["train", "--gold", gold, "--folds", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3-fold CV by article" in result.output and "rules" in result.output
    assert DecisionModel.from_dict(json.loads(out.read_text())).confidence is not None
    result = runner.invoke(app, ["evaluate", "--cv", "3", "--json", str(OWN_SETS[0][1]), str(OWN_SETS[0][2])])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 19 and len(report["calibration"]) == 5
    assert sum(b["claims"] for b in report["calibration"]) == report["predicted_events"]
    bad = runner.invoke(app, ["train", "--gold", "nonsense"])
    assert bad.exit_code == 1 and "NAME=GOLD.jsonl:ARTICLES_DIR" in bad.output


@pytest.mark.gold
@pytest.mark.model
def test_every_claim_says_which_rules_decided_it(own_cases: list[ArticleCase]) -> None:
    events = [ex.event for case in own_cases for ex in case.examples]
    assert events and all(e.reason.startswith("kind:") and "; status:" in e.reason for e in events)
    model = DecisionModel(kind=None, status=STATUS_HEAD, confidence=None, margin=0.0)
    changed = decide(model, [events[0]], [{"cue:status:signed": 1.0}])[0]
    assert changed.status is Status.SIGNED or events[0].status is Status.SIGNED
    if events[0].status is not Status.SIGNED:
        assert changed.reason.endswith("; model:status")


def test_the_out_of_set_scaling_keeps_a_margin_on_every_set() -> None:
    """``_with_margin`` lowers the intercept until each gold set's claims at >= 0.8 are right at
    least the target share of the time (sets with fewer claims there do not constrain it)."""
    from kg.evaluate.learn import _MARGIN_MIN_CLAIMS, _with_margin

    # set one: logits 0..3, the highest right; set two: everything at logit 3 is half wrong
    one = ([x / 10 for x in range(30)], ["1" if x >= 15 else "0" for x in range(30)])
    two = ([3.0] * 20, ["1", "0"] * 10)
    a, b = _with_margin(2.0, 1.0, [one, two], 0.85)
    assert a < 2.0 and b == 1.0

    def top(logits: list[float]) -> list[int]:
        return [i for i, x in enumerate(logits) if 1 / (1 + math.exp(-(a + b * x))) >= 0.8]

    assert len(top(two[0])) < _MARGIN_MIN_CLAIMS  # the half-wrong set was pushed under 0.8
    right = [one[1][i] for i in top(one[0])]
    assert len(right) < _MARGIN_MIN_CLAIMS or right.count("1") / len(right) >= 0.85
    assert _with_margin(2.0, 1.0, [one], 0.0) == (2.0, 1.0)  # nothing to do: unchanged
