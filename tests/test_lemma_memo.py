"""The memo over the model's rule lemmatizer gives the lemmatizer's lemmas (real model)."""

from __future__ import annotations

import pytest

from kg.config import PROJECT_ROOT, load_settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipelines():  # type: ignore[no-untyped-def]
    """The stock model and the same model with its lemmatizer behind the memo."""
    import spacy

    from kg.extract.lemma_memo import install

    model = load_settings(env={}).model
    stock, memo = spacy.load(model), spacy.load(model)
    install(memo)
    assert "kg_lemma_memo_v1" in memo.pipe_names and "lemmatizer" not in memo.pipe_names
    return stock, memo


def test_the_memo_lemmatizes_as_the_lemmatizer_does_on_the_bundled_articles(pipelines) -> None:  # type: ignore[no-untyped-def]
    from kg import api

    stock, memo = pipelines
    articles, _ = api.read_articles([str(PROJECT_ROOT / "data" / "articles")])
    texts = [a.text for a in articles] + ["We're gonna buy it; they had bought theirs. Talks were held."]
    got = [[(t.text, t.lemma_) for t in doc] for doc in memo.pipe(texts)]
    assert got == [[(t.text, t.lemma_) for t in doc] for doc in stock.pipe(texts)]
    assert ("bought", "buy") in got[-1] and ("gon", "go") in got[-1]  # the rules' lemma is kept


def test_the_lemmatizer_is_asked_once_per_word_form(pipelines) -> None:  # type: ignore[no-untyped-def]
    _, memo = pipelines
    component = memo.get_pipe("kg_lemma_memo_v1")
    asked: list[str] = []
    lemmatize = component.lemmatizer.lemmatize

    def spy(token):  # type: ignore[no-untyped-def]
        asked.append(token.text)
        return lemmatize(token)

    component.lemmatizer.lemmatize = spy
    try:
        component.memo.clear()
        doc = memo("Orlo buys chips, Brenna buys chips, Orlo buys chips.")
    finally:
        component.lemmatizer.lemmatize = lemmatize  # spaCy keeps the bound method on the instance
    assert [t.lemma_ for t in doc][1:3] == ["buy", "chip"]
    assert asked.count("buys") == 1 and asked.count("chips") == 1


def test_a_lemmatizer_that_overwrites_is_left_as_it_is() -> None:
    import spacy

    from kg.extract.lemma_memo import install

    nlp = spacy.load(load_settings(env={}).model, config={"components": {"lemmatizer": {"overwrite": True}}})
    install(nlp)
    assert "lemmatizer" in nlp.pipe_names and "kg_lemma_memo_v1" not in nlp.pipe_names


def test_a_memo_without_a_lemmatizer_says_so() -> None:
    from kg.extract.lemma_memo import LemmaMemo

    with pytest.raises(ValueError, match="has no lemmatizer"):
        LemmaMemo()(None)  # type: ignore[arg-type]


def test_the_lemmatizer_s_word_index_is_found_behind_the_memo(pipelines) -> None:  # type: ignore[no-untyped-def]
    from kg.extract.org_names import english_words

    stock, memo = pipelines
    words = english_words(memo, "noun")
    assert "chip" in words and words == english_words(stock, "noun")


def test_the_memo_stays_bounded(pipelines, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kg.extract.lemma_memo as lemma_memo

    stock, memo = pipelines
    monkeypatch.setattr(lemma_memo, "MAX_KEYS", 5)
    component = memo.get_pipe("kg_lemma_memo_v1")
    component.memo.clear()
    text = "Orlo buys chips, sells boards, rents racks, leases sites and licenses models to Brenna."
    doc = memo(text)
    assert 0 < len(component.memo) <= 5
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in stock(text)]
