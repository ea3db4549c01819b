"""Companies the gazetteer does not hold, found by what the sentence says of them (real model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp(nlp_and_gazetteer):  # type: ignore[no-untyped-def]
    return nlp_and_gazetteer[0]


def _orgs(nlp, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.text for e in nlp(text).ents if e.label_ == "ORG"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a designator ends the name, whatever label the model gave it
        ("Zorvex Robotics raised $120 million from investors.", "Zorvex Robotics"),
        ("Meridian Telecom and Aleph Labs formed a joint venture.", "Aleph Labs"),
        # a company noun describes it, before it or in apposition
        ("Chip designer Quorvant agreed to be acquired by Broadcom.", "Quorvant"),
        ("Pellucid, a French AI startup, has raised $300 million from Microsoft.", "Pellucid"),
        ("Lumora, a Paris-based AI startup, struck a licensing deal with Harbor Media Group.", "Lumora"),
        # coordinated with a company in a deal's sentence (the model leaves the first word unlabelled)
        ("Skydance and Paramount completed their merger on Thursday.", "Skydance"),
        # it has an executive, or a stock-exchange ticker
        ("Quorvant's chief executive said the merger with Telvio would close in March.", "Quorvant"),
        ("Helvion (NASDAQ: HLVN) agreed to acquire Mercato for $2 billion.", "Helvion"),
        # the subject of "agreed to be acquired" (the model reads "Morvane" as a person)
        ("Morvane agreed to be acquired by Oracle.", "Morvane"),
        ("Lumos and Helvex will merge in an all-stock deal.", "Helvex"),  # what merges
        ("Oracle will buy Tessaly, a cloud security startup, for $1.2 billion.", "Tessaly"),
        # the one-word leader of a funding round (the model reads "Vantor" as a person)
        ("Scale AI raised $1 billion in a round led by Vantor that also included Amazon.", "Vantor"),
        # listed with a company under a company noun (the model reads "Quarlyle" as a person)
        ("Ampere's major investors, Quarlyle and Oracle, will sell their stakes in Ampere.", "Quarlyle"),
    ],
)
def test_unknown_company_is_an_org(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in _orgs(nlp, text)


def test_one_name_one_label_per_article(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Chip designer Quorvant agreed to be acquired by Broadcom. Quorvant said the deal would close soon.")
    assert [e.label_ for e in doc.ents if e.text == "Quorvant"] == ["ORG", "ORG"]


@pytest.mark.parametrize(
    ("text", "not_org"),
    [
        ("Musk bought Twitter for $44 billion in 2022.", "Musk"),  # people keep their label
        ("The Menlo Park, California-based startup will license its models to Google.", "Menlo Park"),
        ("Microsoft completed its acquisition of Activision Blizzard, Inc. on Friday.", "Inc."),
        ("Nvidia Invests In Quantum Computing Startups Across Europe", "Quantum Computing"),  # a headline
        ("Anthropic has raised money from investors including Jeff Bezos and Google.", "Jeff Bezos"),  # a person listed
        ("He met Japan's Prime Minister Shigeru Ishiba before the deal with SoftBank.", "Prime"),  # no executive
        ("US President Donald Trump praised the Nvidia chief executive.", "US"),  # a place keeps its label
    ],
)
def test_names_that_are_not_companies(nlp, text: str, not_org: str) -> None:  # type: ignore[no-untyped-def]
    assert not_org not in _orgs(nlp, text)


def test_gazetteer_names_are_left_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Chipmaker Nvidia and Google Cloud signed a deal.")
    assert {(e.text, e.ent_id_) for e in doc.ents} >= {("Nvidia", "Nvidia"), ("Google Cloud", "Google")}


@pytest.mark.model
def test_a_country_s_one_word_firm_in_a_deal_slot_is_a_company(nlp_and_gazetteer) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_and_gazetteer[0]("Brazil's Nubank acquired Hyperplane, an AI startup, for an undisclosed sum.")
    assert ("Nubank", "ORG") in [(e.text, e.label_) for e in doc.ents]
    assert ("Brazil", "GPE") in [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize("label", ["NORP", "PERSON", "GPE"])
def test_what_a_takeover_takes_is_a_company_whatever_its_label(nlp, label: str) -> None:  # type: ignore[no-untyped-def]
    # the model tagged "Moveworks" in "its acquisition of Moveworks" a nationality (NORP); the
    # parse is given here so the test does not hang on what the model guesses for a new name
    from spacy.tokens import Doc, Span

    from kg.extract.misread import misread_companies

    words = ["its", "acquisition", "of", "Quillworks", "closed"]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[1, 4, 1, 2, 4],
        deps=["poss", "nsubj", "prep", "pobj", "ROOT"],
        lemmas=["its", "acquisition", "of", "Quillworks", "close"],
        ents=["O", "O", "O", f"B-{label}", "O"],
    )
    found = misread_companies(doc, [Span(doc, 1, 2, label="kind:acquisition")])
    assert [(s.text, s.label_) for s in found] == [("Quillworks", "ORG")]


def test_a_company_noun_the_tagger_calls_a_verb_still_describes_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    # "AI startup Doran": the model reads "AI" as a place and "startup" as a verb (amod)
    doc = nlp("China has blocked Meta's acquisition of AI startup Doran, the planning body said Monday.")
    assert ("Doran", "ORG") in [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    ("words", "is_place"),
    [
        (["Saudi", "Arabia"], True),
        (["the", "Kingdom", "of", "Saudi", "Arabia"], True),
        (["Japan"], True),
        (["China", "Mobile"], False),  # a name with more after the place names something there
        (["the", "South", "Korea", "Cable", "Works"], False),
    ],
)
def test_a_place_ends_the_name_it_names(nlp, words: list[str], is_place: bool) -> None:  # type: ignore[no-untyped-def]
    # a name in a party slot is a company unless it names a place: a place it begins with
    # ("China Mobile") does not make it one
    from spacy.tokens import Doc

    from kg.extract.misread import names_place

    doc = Doc(nlp.vocab, words=words)
    assert names_place(doc[:]) is is_place
