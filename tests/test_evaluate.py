"""Scorer units on hand-built gold and predictions with known P/R/F1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate import dates_agree, load_gold, parse_gold, score
from kg.evaluate.gold import GoldEvent
from kg.records import EventCandidate, Evidence, Kind, PartialDate, Party, Role, Status


def gold(parties, kind="investment", status="announced", date=None, note=""):  # type: ignore[no-untyped-def]
    return GoldEvent(tuple(parties), Kind(kind), Status(status), PartialDate.parse(date) if date else None, note=note)


def pred(parties, kind="investment", status="announced", date=None, confidence=0.9):  # type: ignore[no-untyped-def]
    return EventCandidate(
        Kind(kind), Status(status), tuple(Party(p) for p in parties), Evidence(0, 1, "x"),
        PartialDate.parse(date) if date else None, confidence=confidence,
    )  # fmt: skip


def fold(name: str) -> str:
    return {"aws": "amazon", "alphabet": "google"}.get(name.lower(), name.lower())


def test_levels_and_micro_average() -> None:
    g = {
        "a.md": (
            gold(["Amazon", "Anthropic"], date="2023-09-25"),
            gold(["Amazon", "Anthropic"], "supply"),
            gold(["Google", "Anthropic"], status="completed", note="background"),
        ),
        "b.md": (gold(["Microsoft", "OpenAI"], "partnership", "signed"),),
    }
    p = {
        "a.md": [
            pred(["AWS", "Anthropic"], date="2023-09"),
            pred(["Amazon", "Anthropic"], "partnership"),
            pred(["Nvidia", "Intel"]),
        ],
        "b.md": [pred(["Microsoft", "OpenAI"], "partnership", "announced", confidence=0.5)],
    }
    r = score(g, p, fold)
    # each level is deduplicated (DESIGN §8.4): at pair level a.md's two Amazon–Anthropic gold
    # events are one, and so are its two Amazon–Anthropic predictions
    assert (r.levels["pair"].tp, r.levels["pair"].fp, r.levels["pair"].fn) == (2, 1, 1)
    assert (r.levels["typed"].tp, r.levels["typed"].fp, r.levels["typed"].fn) == (2, 2, 2)
    assert (r.levels["full"].tp, r.levels["full"].fp, r.levels["full"].fn) == (1, 3, 3)
    assert r.levels["pair"].precision == pytest.approx(2 / 3)
    assert r.levels["pair"].recall == pytest.approx(2 / 3)
    assert r.levels["full"].f1 == pytest.approx(0.25)
    assert r.date_accuracy == 1.0 and r.dated_matches == 1
    assert r.main_recall["pair"] == pytest.approx(3 / 3)
    assert r.precision_at_08 == pytest.approx(2 / 3)
    assert r.kind_confusion[("supply", "partnership")] == 1
    assert r.status_confusion[("signed", "announced")] == 1
    assert r.by_kind["investment"].tp == 1
    assert {e.error for e in r.errors} == {"miss", "false_positive"}
    assert json.loads(json.dumps(r.to_dict()))["pair"]["tp"] == 2
    assert "pair" in r.to_text(errors=True)


def test_one_to_one_matching_and_party_rule() -> None:
    g = {"a.md": (gold(["A", "B"]),)}
    r = score(g, {"a.md": [pred(["A", "B"]), pred(["B", "A"])]}, fold)
    assert (r.levels["pair"].tp, r.levels["pair"].fp) == (1, 0)  # the same party set counts once
    r = score(g, {"a.md": [pred(["A", "B"]), pred(["A", "B", "C"])]}, fold)
    assert (r.levels["pair"].tp, r.levels["pair"].fp) == (1, 1)  # one-to-one: the second is a false positive
    # three predicted parties with two in common still match
    r = score({"a.md": (gold(["A", "B"]),)}, {"a.md": [pred(["A", "B", "C"])]}, fold)
    assert r.levels["pair"].tp == 1
    # one shared party is not enough
    r = score({"a.md": (gold(["A", "B"]),)}, {"a.md": [pred(["A", "C"])]}, fold)
    assert r.levels["pair"].tp == 0
    # a one-party gold event needs that party
    r = score({"a.md": (gold(["A"]),)}, {"a.md": [pred(["A", "C"])]}, fold)
    assert r.levels["pair"].tp == 1


def test_missing_article_counts_as_no_predictions() -> None:
    r = score({"a.md": (gold(["A", "B"]),)}, {}, fold)
    assert r.levels["pair"].recall == 0.0 and r.levels["pair"].f1 == 0.0


@pytest.mark.parametrize(
    ("p", "g", "ok"),
    [
        ("2023-09", "2023-09-25", True),
        ("2023-09-26", "2023-09", True),
        ("2023-09-26", "2023-09-25", False),
        ("2024", "2023-09", False),
        (None, "2023", False),
    ],
)
def test_dates_agree(p: str | None, g: str, ok: bool) -> None:
    assert dates_agree(PartialDate.parse(p) if p else None, PartialDate.parse(g)) is ok


def test_load_gold_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    good = {
        "file": "a.md",
        "events": [{"parties": ["A", "B"], "type": "investment", "status": "signed", "date": "2024-01"}],
    }
    path.write_text(
        json.dumps(good)
        + "\n"
        + '{"file": "b.md", "events": [{"parties": ["A"], "type": "bogus", "status": "signed"}]}\n'
    )
    with pytest.raises(InputError, match="line 2: .*'type' 'bogus'"):
        load_gold(path)
    with pytest.raises(InputError, match="line 1: not valid JSON"):
        parse_gold("{nope", "g.jsonl")
    assert parse_gold(json.dumps(good))["a.md"][0].date == PartialDate(2024, 1)


def test_calibration_bins_count_right_claims_by_confidence() -> None:
    g = {"a.md": (gold(["Amazon", "Anthropic"]), gold(["Google", "Anthropic"], status="completed"))}
    p = {
        "a.md": [
            pred(["Amazon", "Anthropic"], confidence=0.95),  # right
            pred(["AWS", "Anthropic"], confidence=0.85),  # right again (same claim from another sentence)
            pred(["Google", "Anthropic"], confidence=0.9),  # wrong status
            pred(["Meta", "Scale AI"], confidence=0.1),  # no such gold event
            pred(["Google", "Anthropic"], status="completed", confidence=0.5),  # right
        ]
    }
    r = score(g, p, fold)
    assert r.calibration == ((0.0, 1, 0), (0.2, 0, 0), (0.4, 1, 1), (0.6, 0, 0), (0.8, 3, 2))
    assert r.full_precision_at_08 == pytest.approx(2 / 3)
    assert r.to_dict()["full_precision_at_confidence_0.8"] == pytest.approx(0.6667)


def test_party_roles_are_scored_over_typed_matches() -> None:
    """A gold role is right when the typed match gives that party that role; a missing role or
    a missing party counts as none predicted; a wrong kind is no match, so its roles are not scored."""
    g = {
        "a.md": (
            GoldEvent(
                ("Amazon", "Anthropic"),
                Kind.INVESTMENT,
                Status.ANNOUNCED,
                roles=(("Amazon", "investor"), ("Anthropic", "investee")),
            ),
            GoldEvent(
                ("Oracle", "OpenAI"), Kind.SUPPLY, Status.SIGNED, roles=(("OpenAI", "customer"), ("Oracle", "supplier"))
            ),
            GoldEvent(
                ("Nvidia", "Arm"), Kind.ACQUISITION, Status.ANNOUNCED, roles=(("Arm", "target"), ("Nvidia", "acquirer"))
            ),
        )
    }
    swapped = EventCandidate(
        Kind.SUPPLY, Status.SIGNED, (Party("Oracle", Role.CUSTOMER), Party("OpenAI", None)), Evidence(0, 1, "x")
    )
    right = EventCandidate(
        Kind.INVESTMENT,
        Status.ANNOUNCED,
        (Party("AWS", Role.INVESTOR), Party("Anthropic", Role.INVESTEE)),
        Evidence(0, 1, "x"),
    )
    other_kind = EventCandidate(
        Kind.INVESTMENT,
        Status.ANNOUNCED,
        (Party("Nvidia", Role.INVESTOR), Party("Arm", Role.INVESTEE)),
        Evidence(0, 1, "x"),
    )
    r = score(g, {"a.md": [right, swapped, other_kind]}, fold)
    assert r.roles == (4, 2, 1)  # Amazon and Anthropic right; Oracle wrong; OpenAI none; Arm deal no typed match
    assert json.loads(json.dumps(r.to_dict()))["roles"] == {"given": 4, "right": 2, "none_predicted": 1}
    assert "party roles over typed matches: 0.500 right of 4 given (1 none predicted)" in r.to_text()
    wrong = [e for e in r.errors if e.error == "role"]  # kg evaluate --errors lists the match whose roles differ
    assert [(e.kind, e.parties) for e in wrong] == [("supply", ("Oracle", "OpenAI"))]
    assert wrong[0].nearest == "gold OpenAI=customer, Oracle=supplier; predicted Oracle=customer, OpenAI=-"
    assert "[role] a.md: supply/signed Oracle | OpenAI" in r.to_text(errors=True)


def test_full_matches_whose_date_disagrees_are_listed() -> None:
    """``--errors`` lists a full match whose date disagrees with the gold's ("date"), with the
    predicted date; an agreeing date at the coarser precision and an undated gold are not errors."""
    g = {
        "a.md": (
            gold(["Amazon", "Anthropic"], date="2024-03"),
            gold(["Google", "Anthropic"], date="2023-10-27"),
            gold(["Microsoft", "OpenAI"], "partnership", "signed", date="2023"),
            gold(["Nvidia", "Arm"], "acquisition"),
        )
    }
    p = {
        "a.md": [
            pred(["Amazon", "Anthropic"], date="2025-03"),
            pred(["Google", "Anthropic"], date="2023-10"),
            pred(["Microsoft", "OpenAI"], "partnership", "signed"),
            pred(["Nvidia", "Arm"], "acquisition", date="2020-09"),
        ]
    }
    r = score(g, p, fold)
    assert r.dated_matches == 3 and r.date_accuracy == pytest.approx(1 / 3)
    dated = [(e.parties, e.date, e.nearest) for e in r.errors if e.error == "date"]
    assert dated == [
        (("Amazon", "Anthropic"), "2024-03", "predicted 2025-03"),
        (("Microsoft", "OpenAI"), "2023", "predicted no date"),
    ]
    assert "[date] a.md: investment/announced Amazon | Anthropic 2024-03  (nearest: predicted 2025-03)" in r.to_text(
        errors=True
    )


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({"Amazon": "licensor"}, "'roles' has 'Amazon': 'licensor'"),
        ({"Google": "investor"}, "'roles' has 'Google'"),
        ([["Amazon", "investor"]], "'roles' must map parties to roles"),
    ],
)
def test_gold_roles_must_fit_the_event(roles: object, message: str) -> None:
    line = {
        "file": "a.md",
        "events": [{"parties": ["Amazon", "Anthropic"], "type": "investment", "status": "signed", "roles": roles}],
    }
    with pytest.raises(InputError, match=f"line 1: .*{message}"):
        parse_gold(json.dumps(line), "g.jsonl")
    partnership = {
        "file": "a.md",
        "events": [{"parties": ["A", "B"], "type": "partnership", "status": "signed", "roles": {"A": "investor"}}],
    }
    with pytest.raises(InputError, match="only for investment"):
        parse_gold(json.dumps(partnership), "g.jsonl")
