"""Extraction of whole articles with the real spaCy model: batches keep their order, a missing
model is a clear error, and the seed story keeps its contract. Sentence cases are data, in
``fixtures/extract/*.jsonl`` (passages of a few sentences too)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED, needs_shared

from kg.config import load_settings
from kg.errors import ModelError
from kg.extract.events import extract_articles
from kg.extract.pipeline import build_nlp
from kg.records import Article, Status
from kg.resolve.gazetteer import load_gazetteer

pytestmark = pytest.mark.model


def test_extract_articles_keeps_order(nlp_and_gazetteer) -> None:  # type: ignore[no-untyped-def]
    nlp, gazetteer = nlp_and_gazetteer
    articles = [
        Article(
            key=str(i),
            text=f"Google will invest $1 billion in Anthropic{'.' * (i + 1)}",
            path=f"{i}.md",
            published=dt.date(2024, 1, 1),
        )
        for i in range(5)
    ]
    out = list(extract_articles(articles, nlp, gazetteer, batch_size=2))
    assert [a.key for a, _ in out] == [a.key for a in articles]
    assert all(events for _, events in out)


def test_missing_model_is_a_model_error() -> None:
    settings = load_settings(model="no_such_model_xyz")
    with pytest.raises(ModelError, match="no_such_model_xyz"):
        build_nlp(settings, load_gazetteer(settings.companies_csv))


@pytest.mark.gold
@needs_shared
def test_seed_contract(nlp_and_gazetteer) -> None:  # type: ignore[no-untyped-def]
    from kg.ingest.readers import read_file

    nlp, gazetteer = nlp_and_gazetteer
    (article,) = read_file(SEED)
    ((_, events),) = list(extract_articles([article], nlp, gazetteer))
    rows = [e for e in events if e.party_names == ("Microsoft", "OpenAI") and e.status is Status.NON_BINDING]
    assert any(e.date is not None and e.date.iso() == "2025-09-11" for e in rows)
    for e in events:
        assert article.text[e.evidence.start : e.evidence.end] == e.evidence.text
