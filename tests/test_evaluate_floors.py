"""Quality floors: extraction scored against gold annotations with the real model.

Four gold sets, scored with :func:`kg.evaluate.evaluate` (DESIGN §8.4):

* ``dev``: the shared development set (``../shared/eval/dev``, real articles, tuned on;
  skipped with a reason in a clone that has no ``../shared``);
* ``eval``: our held-out gold (``data/eval/gold.jsonl`` over ``data/eval/articles``; its
  ``a*`` and ``b*`` articles were written and annotated by two people separately);
* ``samples``: the sample articles (``data/gold/samples.jsonl`` over ``data/articles``);
* ``invented``: invented articles written by helper sessions blind to the extractor
  (``data/invented``, see its README; their errors were read, so they are tuned on too).

Each floor sits about 0.03 under the score measured when it was set, so an honest change
that costs a little on one set still passes while a regression fails. Raise the floors
when quality rises; never lower one without saying why in the commit.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import DEV, NO_SHARED

from kg.config import PROJECT_ROOT, load_settings
from kg.evaluate import evaluate
from kg.evaluate.ablate import rare_parties, write_without
from kg.evaluate.scorer import EvalReport
from kg.resolve.gazetteer import load_gazetteer

pytestmark = [pytest.mark.model, pytest.mark.gold]

EVAL = PROJECT_ROOT / "data" / "eval"
SAMPLES = PROJECT_ROOT / "data"

# Measured 2026-12-02 (pair / typed / full F1, date accuracy). The dev set grew from 18 to 44
# real articles on 2026-12-02; its floors were re-set from the 44 (the 18 it was tuned on
# scored 0.921 / 0.930 / 0.903 / 0.886, so the old floors measured fit, not quality):
#   dev      0.780 / 0.707 / 0.632 / 0.871   (44 articles, 126 gold events)
#   eval     0.813 / 0.733 / 0.601 / 0.847   (gold-a + gold-b, 36 articles)
#   samples  0.916 / 0.773 / 0.644 / 0.919
# and re-set on 2026-12-03 after the role, round, supply and date mechanisms:
#   dev      0.822 / 0.755 / 0.684 / 0.908
#   eval     0.806 / 0.736 / 0.609 / 0.849
#   samples  0.927 / 0.780 / 0.653 / 0.973
# and again at the end of the fourth session of 2026-12-03 (data/eval and samples on the gold
# whose investor lists are one event per investor):
#   dev      0.850 / 0.780 / 0.704 / 0.910
#   eval     0.855 / 0.777 / 0.661 / 0.868
#   samples  0.941 / 0.783 / 0.657 / 0.974
# and at the end of the seventh session (2026-12-04):
#   dev      0.874 / 0.810 / 0.745 / 0.914
#   eval     0.874 / 0.830 / 0.741 / 0.897
#   samples  0.954 / 0.843 / 0.730 / 0.977
# and at the end of the eighth session (2026-12-04):
#   dev      0.882 / 0.822 / 0.762 / 0.915
#   eval     0.873 / 0.849 / 0.791 / 0.912
#   samples  0.954 / 0.860 / 0.755 / 0.979
# and the invented set when it joined (session 22, 2026-12-06), and at that session's end:
#   invented 0.789 / 0.745 / 0.697 / 0.922
#   invented 0.807 / 0.757 / 0.709 / 0.927
# The floors sit about 0.03 below, the room a retrained confidence or a one-claim change needs.
FLOORS: dict[str, dict[str, float]] = {
    "dev": {"pair": 0.85, "typed": 0.79, "full": 0.73, "date": 0.88},
    "eval": {"pair": 0.84, "typed": 0.81, "full": 0.74, "date": 0.87},
    "samples": {"pair": 0.92, "typed": 0.83, "full": 0.72, "date": 0.94},
    "invented": {"pair": 0.78, "typed": 0.73, "full": 0.68, "date": 0.90},
}
INVENTED = PROJECT_ROOT / "data" / "invented"


@pytest.fixture(scope="module")
def reports() -> dict[str, EvalReport]:
    settings = load_settings(env={})
    scored = {
        "eval": evaluate(EVAL / "gold.jsonl", EVAL / "articles", settings),
        "samples": evaluate(SAMPLES / "gold" / "samples.jsonl", SAMPLES / "articles", settings),
        "invented": evaluate(INVENTED / "gold.jsonl", INVENTED / "articles", settings),
    }
    if (DEV / "gold.jsonl").is_file():
        scored["dev"] = evaluate(DEV / "gold.jsonl", DEV / "articles", settings)
    return scored


def _below(report: EvalReport, floors: dict[str, float]) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """The levels of ``report`` under their floors, as (measured, floor), and all measured."""
    measured = {level: round(report.levels[level].f1, 3) for level in ("pair", "typed", "full")}
    measured["date"] = round(report.date_accuracy or 0.0, 3)
    return {k: (measured[k], floor) for k, floor in floors.items() if measured[k] < floor}, measured


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_their_floors(reports: dict[str, EvalReport], name: str) -> None:
    if name not in reports:
        pytest.skip(NO_SHARED)
    low, measured = _below(reports[name], FLOORS[name])
    assert not low, f"{name}: below the floor (measured, floor): {low}; all measured: {measured}"


#: ``data/eval`` scored with a gazetteer that lacks every company that is a gold party in only one
#: article of ``data/eval`` and the samples (measured 2026-12-03: 0.755 / 0.672 / 0.553; before
#: the ``kg_org_shapes_v1`` component 0.720 / 0.639 / 0.526; 2026-12-04, eighth session: 0.789 /
#: 0.765 / 0.706).
UNKNOWN_FLOORS = {"pair": 0.76, "typed": 0.73, "full": 0.67}


def test_companies_the_gazetteer_lacks_are_still_found(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(env={})
    gold = [EVAL / "gold.jsonl", SAMPLES / "gold" / "samples.jsonl"]
    rare = rare_parties(gold)
    ablated = tmp_path / "companies.csv"
    kept = write_without(settings.companies_csv, rare, ablated)
    assert len(load_gazetteer(settings.companies_csv)) - kept > 40 and len(rare) > 40  # the tail is gone
    report = evaluate(EVAL / "gold.jsonl", EVAL / "articles", replace(settings, companies_csv=ablated))
    low, measured = _below(report, UNKNOWN_FLOORS)
    assert not low, f"long tail unknown: below the floor (measured, floor): {low}; all measured: {measured}"


def test_every_gold_set_is_scored_in_full(reports: dict[str, EvalReport]) -> None:
    """Each gold file's articles are all read (a multi-article file's ``#N`` entries too)."""
    expected = {"dev": 44, "eval": 36, "samples": 19, "invented": 75}
    for name, report in reports.items():
        assert report.articles >= expected[name], name
        assert report.dated_matches > 0 and report.predicted_events > 0, name


#: Party roles where our gold gives them (``roles`` in ``data/gold/samples.jsonl`` and
#: ``data/eval/gold.jsonl``, annotated 2026-12-05 from the texts), right share over typed
#: matches: samples 0.863 of 102 before the thirteenth session's role rules, 0.923 of 104 after
#: (its roles were looked at while writing them); data/eval 0.762 of 235 before, 0.838 after
#: (its role errors were not read). Floors about 0.03 below.
ROLE_FLOORS = {"samples": (0.89, 90), "eval": (0.81, 200)}


@pytest.mark.parametrize("name", sorted(ROLE_FLOORS))
def test_party_roles_stay_above_their_floor(reports: dict[str, EvalReport], name: str) -> None:
    floor, at_least = ROLE_FLOORS[name]
    given, right, _ = reports[name].roles
    assert given >= at_least, f"{name}: only {given} roles scored over typed matches"
    assert right / given >= floor, f"{name}: party roles {right}/{given} right, floor {floor}"
