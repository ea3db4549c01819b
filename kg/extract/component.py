"""The ``kg_events_v1`` pipeline component: the event claims of each doc on ``doc._.kg_events``.

It is not part of :func:`kg.extract.pipeline.build_nlp`'s pipeline (ingest calls
:func:`kg.extract.events.extract_events` with the article's metadata instead). Importing this
module (or the package's ``spacy_factories`` entry point) registers the factory; add it to a
pipeline built by ``build_nlp`` (it needs the gazetteer rulers and ``kg_cues_v1``)::

    nlp.add_pipe("kg_events_v1", config={"companies_csv": "data/companies.csv"})
    doc = nlp.make_doc(text)
    doc._.kg_published = datetime.date(2025, 9, 11)  # resolves "on Monday"; None if unknown
    events = nlp(doc)._.kg_events
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.events import extract_events
from kg.records import Article
from kg.resolve.gazetteer import load_gazetteer

__all__ = ["EVENTS_ATTR", "PUBLISHED_ATTR", "EventExtractor", "register_extensions"]

#: ``Doc`` extension the component writes: a list of :class:`~kg.records.EventCandidate`.
EVENTS_ATTR = "kg_events"
#: ``Doc`` extension the component reads: the publication date (``datetime.date``) or None.
PUBLISHED_ATTR = "kg_published"


def register_extensions() -> None:
    """Register ``doc._.kg_events`` and ``doc._.kg_published`` (once; later calls do nothing)."""
    for attr in (EVENTS_ATTR, PUBLISHED_ATTR):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


class EventExtractor:
    """Writes the event claims of a doc to ``doc._.kg_events``, as ``extract_events`` finds them
    for an article with the doc's text and the date in ``doc._.kg_published``."""

    def __init__(self, companies_csv: str) -> None:
        self.companies_csv = companies_csv

    def __call__(self, doc: Doc) -> Doc:
        gazetteer = load_gazetteer(self._gazetteer_path())  # cached per file version
        article = Article(key="", text=doc.text, path="", published=doc._.get(PUBLISHED_ATTR))
        doc._.set(EVENTS_ATTR, extract_events(doc, article, gazetteer))
        return doc

    def _gazetteer_path(self) -> Path:
        if self.companies_csv:
            return Path(self.companies_csv)
        from kg.config import load_settings

        return load_settings().companies_csv


@Language.factory(
    "kg_events_v1",
    assigns=[f"doc._.{EVENTS_ATTR}"],
    requires=["doc.sents", "doc.ents", "token.dep"],
    default_config={"companies_csv": ""},
)
def make_event_extractor(nlp: Language, name: str, companies_csv: str) -> EventExtractor:
    """``companies_csv``: the gazetteer the pipeline's rulers were built from ("" for the
    configured one, ``$KG_COMPANIES`` or ``data/companies.csv``)."""
    register_extensions()
    return EventExtractor(companies_csv)
