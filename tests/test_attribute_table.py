"""The model's attribute rules by table lookup give what spaCy's ``attribute_ruler`` gives (real model)."""

from __future__ import annotations

import pytest

from kg.config import PROJECT_ROOT, load_settings

pytestmark = pytest.mark.model

#: Text that reaches the ruler's multi-token rules ("gonna", "let's", "ai n't", "there is"), its
#: dependency rules (subject and object pronouns, auxiliaries) and its space rules.
SPECIAL = (
    "We're gonna sign it, and let's be clear: there is no deal yet. I told you it ain't done.\n\n"
    "Orlo Systems has been buying chips from Brenna Labs since 2021, but  they haven't signed."
)


def _annotations(nlp, texts):  # type: ignore[no-untyped-def]
    return [
        [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc] for doc in nlp.pipe(texts)
    ]


@pytest.fixture(scope="module")
def pipelines():  # type: ignore[no-untyped-def]
    """The stock model and the same model with its ruler swapped for the table."""
    import spacy

    from kg.extract.attribute_table import compile_table

    model = load_settings(env={}).model
    stock, tabled = spacy.load(model), spacy.load(model)
    table = compile_table(tabled.get_pipe("attribute_ruler"))
    assert table is not None
    tabled.add_pipe("kg_attribute_table_v1", before="attribute_ruler").use(table)
    tabled.remove_pipe("attribute_ruler")
    return stock, tabled


def test_the_table_annotates_as_the_ruler_does_on_the_bundled_articles(pipelines) -> None:  # type: ignore[no-untyped-def]
    from kg import api

    stock, tabled = pipelines
    articles, _ = api.read_articles([str(PROJECT_ROOT / "data" / "articles")])
    texts = [a.text for a in articles]
    assert len(texts) >= 10
    assert _annotations(tabled, texts) == _annotations(stock, texts)


def test_multi_token_dependency_and_space_rules_match_the_ruler(pipelines) -> None:  # type: ignore[no-untyped-def]
    stock, tabled = pipelines
    expected, got = _annotations(stock, [SPECIAL]), _annotations(tabled, [SPECIAL])
    assert got == expected
    lemmas = {(word, lemma) for word, _, _, _, lemma, _, _ in got[0]}
    assert {("gon", "go"), ("na", "to"), ("'s", "us")} <= lemmas  # the two-token rules fired


def test_a_ruler_with_an_operator_is_left_as_it_is(pipelines) -> None:  # type: ignore[no-untyped-def]
    import spacy

    from kg.extract.attribute_table import compile_table, install

    stock, _ = pipelines
    assert compile_table(stock.get_pipe("attribute_ruler")) is not None
    nlp = spacy.load(load_settings(env={}).model)
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})
    assert compile_table(nlp.get_pipe("attribute_ruler")) is None
    install(nlp)
    assert "attribute_ruler" in nlp.pipe_names and "kg_attribute_table_v1" not in nlp.pipe_names


def test_the_extraction_pipeline_uses_the_table(nlp_and_gazetteer) -> None:  # type: ignore[no-untyped-def]
    nlp, _ = nlp_and_gazetteer
    assert "kg_attribute_table_v1" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    doc = nlp("Orlo Systems co-led the round.")
    assert [t.lemma_ for t in doc][2] == "co-lead"  # a rule kg adds to the ruler before the swap


def test_a_table_component_without_a_table_says_so() -> None:
    from kg.extract.attribute_table import AttributeTableComponent

    with pytest.raises(ValueError, match="has no table"):
        AttributeTableComponent()(None)  # type: ignore[arg-type]


def test_a_later_rule_wins_whatever_its_length() -> None:
    """Rules apply in the ruler's order, one-token and multi-token alike, as the ruler does."""
    import spacy

    from kg.extract.attribute_table import compile_table

    def ruler_pipeline(with_table: bool):  # type: ignore[no-untyped-def]
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": "a"}, {"LOWER": {"IN": ["b", "c"]}}]], {"LEMMA": "pair"}, index=-1)
        ruler.add([[{"LOWER": "b"}]], {"LEMMA": "single"})
        ruler.add([[{"LOWER": {"REGEX": "^c+$"}}]], {"NORM": "cee"})
        ruler.add([[{"LOWER": {"NOT_IN": ["a", "b", "c"]}}, {"LOWER": "c"}]], {"LEMMA": "other"}, index=0)
        if with_table:
            table = compile_table(ruler)
            assert table is not None
            nlp.add_pipe("kg_attribute_table_v1", before="attribute_ruler").use(table)
            nlp.remove_pipe("attribute_ruler")
        return nlp

    text = "a b a c d c cc"
    expected = [(t.lemma_, t.norm_) for t in ruler_pipeline(False)(text)]
    assert [(t.lemma_, t.norm_) for t in ruler_pipeline(True)(text)] == expected
    assert [lemma for lemma, _ in expected] == ["", "single", "", "pair", "other", "", ""]


def test_the_compiled_table_pickles(pipelines) -> None:  # type: ignore[no-untyped-def]
    """Worker processes may receive the pipeline pickled."""
    import pickle

    from kg.extract.attribute_table import compile_table

    stock, _ = pipelines
    table = compile_table(stock.get_pipe("attribute_ruler"))
    assert pickle.loads(pickle.dumps(table)) == table


def test_the_lookup_stays_bounded(pipelines, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kg.extract.attribute_table as attribute_table

    stock, tabled = pipelines
    monkeypatch.setattr(attribute_table, "MAX_KEYS", 5)
    component = tabled.get_pipe("kg_attribute_table_v1")
    component.lookup = None
    text = "Orlo buys chips, sells boards, rents racks, leases sites and licenses models to Brenna."
    doc = tabled(text)
    assert 0 < len(component.lookup.by_key) <= 5
    assert _annotations(tabled, [text]) == _annotations(stock, [text]) and len(doc) > 5
