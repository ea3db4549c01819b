"""A round's letter at a sentence's end keeps its full stop apart (real model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp(nlp_and_gazetteer):  # type: ignore[no-untyped-def]
    return nlp_and_gazetteer[0]


def test_a_round_letter_ending_a_sentence_is_a_round(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Orlo Systems led Brenna Labs' $40 million Series A. It was founded in 2020.")
    assert [t.text for t in doc][9:12] == ["Series", "A", "."]
    assert [s.text for s in doc.sents] == [
        "Orlo Systems led Brenna Labs' $40 million Series A.",
        "It was founded in 2020.",
    ]
    assert ("Series A", "kind:investment") in {(c.text, c.label_) for c in doc.spans["kg_cues"]}
    assert doc.text == "Orlo Systems led Brenna Labs' $40 million Series A. It was founded in 2020."


def test_initials_of_a_name_are_left_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("John F. Kennedy Airport signed a lease with Orlo Systems.")
    assert [t.text for t in doc][:3] == ["John", "F.", "Kennedy"]
    assert len(list(doc.sents)) == 1
