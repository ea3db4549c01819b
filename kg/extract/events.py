"""Doc → event candidates: agreement triggers, parties from the parse, status, date, amount.

This module holds the public entry points; each job has its own module. Per sentence: the
company mentions (:mod:`kg.extract.parties`, anaphors by :mod:`kg.extract.discourse`), the
cues that ``kg_cues_v1`` marked (:mod:`kg.extract.lexicon`), then for each agreement trigger
(:mod:`kg.extract.triggers`, kinds by :mod:`kg.extract.kinds`)

* its parties (:mod:`kg.extract.linking`, :mod:`kg.extract.party_filters`): the companies
  nearest to it in the dependency tree (ties broken by token distance), coordinations kept
  together ("Microsoft and Nvidia will invest ... in Anthropic" is one investment with three
  parties), "between A and B, C and D" paired; with fewer than two, a reference ("the
  companies", "the deal", "the startup") borrows the parties of the latest event; their
  roles (:mod:`kg.extract.roles`);
* its status (:mod:`kg.extract.status`, :mod:`kg.extract.tense`): cues in the trigger's
  clause (its ancestors and their auxiliaries, negations and modifiers) with a fixed
  precedence, sentence-wide for MOU/LOI and termination cues, else the tense of the
  governing verb;
* date and amount (:mod:`kg.extract.amounts`): DATE entities via
  :func:`kg.extract.dates.resolve_date` (main news with none gets the publication month),
  the nearest MONEY entity; and a confidence (:mod:`kg.extract.sentence`).

Then per article (:mod:`kg.extract.reconcile`): generic deals take the kind of the same
parties' earlier event, claims are deduplicated per (kind, parties, status), and weak
duplicates are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import chain
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.batching import bounded_batches
from kg.extract.anaphors import note_descriptions, with_anaphors
from kg.extract.decide import decide_doc
from kg.extract.discourse import Context, update_subject
from kg.extract.first_person import with_first_person
from kg.extract.lexicon import lexicon
from kg.extract.parties import dateline_span, sentence_mentions
from kg.extract.pipeline import CUES_KEY
from kg.extract.raw import EXTRACTOR, GENERAL, SPECIFIC, RawEvent
from kg.extract.reconcile import finish
from kg.extract.sentence import sentence_events
from kg.extract.timeline import entry_date, in_entry, opens_paragraph
from kg.extract.vocab import words
from kg.records import Article, EventCandidate, Evidence, PartialDate
from kg.resolve.gazetteer import Gazetteer

__all__ = [
    "EXTRACTOR",
    "GENERAL",
    "SPECIFIC",
    "extract_articles",
    "extract_events",
    "raw_events",
    "replace_date",
    "split_text",
]


def _bucket(sents: Sequence[Span], spans: Iterable[Span]) -> list[list[Span]]:
    """Spans grouped by the sentence that holds them (one pass; ``sent.ents`` rescans the doc)."""
    out: list[list[Span]] = [[] for _ in sents]
    starts = [s.start for s in sents]
    k = 0
    for span in sorted(spans, key=lambda x: x.start):
        while k + 1 < len(sents) and span.start >= starts[k + 1]:
            k += 1
        if sents and sents[k].start <= span.start and span.end <= sents[k].end:
            out[k].append(span)
    return out


def extract_events(doc: Doc, article: Article, gazetteer: Gazetteer) -> list[EventCandidate]:
    """The event claims one article makes, from its processed ``doc`` (``doc.text == article.text``)."""
    return finish(raw_events(doc, article.published, gazetteer, article.text), article, gazetteer)


def raw_events(doc: Doc, published: dt.date | None, gazetteer: Gazetteer, text: str | None = None) -> list[RawEvent]:
    """The events of every sentence of ``doc`` in order, before the article-level pass;
    ``text`` is ``doc.text`` when the caller has it (``Doc.text`` rebuilds the string)."""
    lex = lexicon()
    ctx = Context(published)
    raws: list[RawEvent] = []
    sents = list(doc.sents)
    cue_buckets = _bucket(sents, doc.spans.get(CUES_KEY, ()))
    ent_buckets = _bucket(sents, doc.ents)
    text = doc.text if text is None else text
    dateline = dateline_span(text, gazetteer)
    boilerplate = boilerplate_paragraphs(text)
    entry: PartialDate | None = None  # the date of the timeline entry the sentence is in, if any
    for order, sent in enumerate(sents):
        if opens_paragraph(sent):
            entry = entry_date(sent, ent_buckets[order], published)
        if any(start <= sent.start_char < end for start, end in boilerplate):
            continue
        found_mentions = sentence_mentions(sent, gazetteer, lex, ents=ent_buckets[order])
        if sent.start_char < dateline[1] and dateline[0] < sent.end_char:  # the sentence holds the dateline
            found_mentions = [m for m in found_mentions if not dateline[0] <= doc[m.start].idx < dateline[1]]
        note_descriptions(ctx, doc, found_mentions, with_places=False)  # "OpenAI, the lab ... in the lab"
        mentions = with_first_person(sent, with_anaphors(sent, found_mentions, ctx, doc))
        found = sentence_events(sent, order, ctx, lex, cue_buckets[order], mentions, ent_buckets[order])
        if entry is not None:  # "July 2019. Microsoft puts $300 million into Lumora": then, and done
            found = [in_entry(e, entry) for e in found]
        update_subject(sent, ctx, doc, mentions)
        note_descriptions(ctx, doc, mentions)
        ctx.events.extend(found)
        raws.extend(found)
    return raws


def boilerplate_paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the paragraphs of legal boilerplate ("This press release
    contains forward-looking statements ..."): their deal words state no deal."""
    markers = words("boilerplate_markers")
    spans = []
    for match in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text):
        paragraph = match.group(0).lower()
        if any(m in paragraph for m in markers):
            spans.append((match.start(), match.end()))
    return spans


#: Characters spaCy parses at once. Its parser takes temporary memory in proportion to the
#: characters of a batch (about 0.35 MB per 1,000 with the small English model, measured),
#: so longer texts are cut into pieces of at most this many characters and a batch holds at
#: most this many in all: memory per batch stays bounded whatever the articles' length.
PARSE_CHARS = 100_000

T = TypeVar("T")


def extract_articles(
    articles: Iterable[Article],
    nlp: Language,
    gazetteer: Gazetteer,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[tuple[Article, list[EventCandidate]]]:
    """Run the pipeline over many articles (``nlp.pipe``), yielding events in input order.

    A text longer than ``PARSE_CHARS`` (or ``nlp.max_length``) is processed in pieces split
    at paragraph boundaries (see ``split_text``); its events' evidence offsets are shifted
    back to offsets in the whole article text. Batches hold at most ``batch_size`` texts and
    ``PARSE_CHARS`` characters (with ``n_process > 1``, spaCy's own batches of ``batch_size``).
    """
    limit = max(1, min(nlp.max_length - 1, PARSE_CHARS))

    def stream() -> Iterator[tuple[str, tuple[Article, int, bool]]]:
        for a in articles:
            if len(a.text) < limit:
                yield a.text, (a, 0, True)
                continue
            pieces = split_text(a.text, limit)
            for i, (offset, piece) in enumerate(pieces):
                yield piece, (a, offset, i == len(pieces) - 1)

    docs: Iterator[tuple[Doc, tuple[Article, int, bool]]]
    if n_process == 1:
        docs = chain.from_iterable(
            nlp.pipe(group, as_tuples=True, batch_size=len(group))
            for group in char_batches(stream(), batch_size, PARSE_CHARS)
        )
    else:
        docs = nlp.pipe(stream(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    collected: list[EventCandidate] = []
    for doc, (article, offset, last) in docs:
        if offset == 0 and last:
            yield article, decide_doc(doc, article, extract_events(doc, article, gazetteer))
            continue
        part = replace(article, text=doc.text)
        for e in decide_doc(doc, part, extract_events(doc, part, gazetteer)):
            ev = e.evidence
            collected.append(replace(e, evidence=Evidence(ev.start + offset, ev.end + offset, ev.text)))
        if last:
            yield article, collected
            collected = []


def char_batches(items: Iterable[tuple[str, T]], size: int, chars: int) -> Iterator[list[tuple[str, T]]]:
    """``(text, context)`` items in lists of at most ``size`` items and ``chars`` characters
    of text (an item longer than ``chars`` alone), in order, read lazily.

    >>> [len(b) for b in char_batches([("ab", 1), ("cd", 2), ("efg", 3), ("h", 4)], size=3, chars=4)]
    [2, 2]
    """
    return bounded_batches(items, size, chars, lambda item: len(item[0]))


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` cut into ``(offset, piece)`` chunks shorter than ``limit`` characters.

    Cuts fall after a paragraph break (a blank line) when one is in reach, else after a
    line break, else after whitespace, else anywhere. The pieces are exact substrings:
    ``text[offset:offset + len(piece)] == piece`` and they join back to ``text``.

    >>> split_text("aa\\n\\nbb\\n\\ncc", 6)
    [(0, 'aa\\n\\n'), (4, 'bb\\n\\n'), (8, 'cc')]
    """
    limit = max(1, limit - 1)  # pieces strictly shorter than the caller's limit
    chunks: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = -1
        for sep in ("\n\n", "\n", " "):
            at = text.rfind(sep, start + 1, end)
            if at != -1:
                cut = at + len(sep)
                break
        if cut <= start or cut > end:
            cut = end
        chunks.append((start, text[start:cut]))
        start = cut
    chunks.append((start, text[start:]))
    return chunks


def replace_date(event: EventCandidate, date: PartialDate | None) -> EventCandidate:
    """A copy of ``event`` with another date (used by callers that re-date claims)."""
    return replace(event, date=date)
