"""The spaCy pipeline: the configured model, a gazetteer entity ruler before ``ner``, the
``kg_cues_v1`` component that marks agreement, status and reference cues,
``kg_money_words_v1`` (``money_ents.py``), which joins "1.7 billion euros" into one sum,
``kg_percent_words_v1`` (the same module), which makes "45 per cent" a share, and
``kg_org_shapes_v1`` (``org_shapes.py``), which labels companies the model missed.

This package is the only place that imports spaCy. Nothing is loaded at import time;
:func:`build_nlp` loads the model on first use and caches it per (model, gazetteer).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.config import Settings
from kg.errors import ModelError
from kg.extract import attribute_table, lemma_memo
from kg.extract.dates import calendar_word
from kg.extract.lexicon import company_words, lexicon
from kg.extract.vocab import words
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.names import LEGAL_SUFFIXES

__all__ = ["build_nlp", "CUES_KEY", "ruler_patterns"]

#: ``doc.spans`` key of the cue spans written by ``kg_cues_v1``.
CUES_KEY = "kg_cues"


@Language.component("kg_cues_v1", assigns=["doc.spans"])
def kg_cues_v1(doc: Doc) -> Doc:
    """Mark every cue of ``patterns/cues.json`` as a span labelled ``kind:…``, ``status:…``,
    ``generic`` or ``ref:…`` in ``doc.spans["kg_cues"]`` (one pass over the tokens)."""
    lex = lexicon()
    strings = doc.vocab.strings  # read off arrays: no Token object per word
    lemmas = [strings[i].lower() for i in doc.to_array("LEMMA").tolist()]
    lowers = [strings[i] for i in doc.to_array("LOWER").tolist()]
    spans = [Span(doc, m.start, m.end, label=m.label) for m in lex.matches(lemmas, lowers)]
    doc.spans[CUES_KEY] = _without_nested_done(_without_nested_kinds(_without_both_of_things(spans)))
    return doc


def _without_both_of_things(spans: list[Span]) -> list[Span]:
    """ "both" alone stands for the parties ("Both signed the deal"); "both acquisitions and
    investments" or "both Microsoft and Nvidia" is about the words it goes with."""
    return [s for s in spans if not (s.label_ == "ref:parties" and len(s) == 1 and s.root.dep_ in {"det", "preconj"})]


def _without_nested_kinds(spans: list[Span]) -> list[Span]:
    """A kind cue inside a longer cue of another kind is part of that one's name ("purchase
    agreement" inside "power purchase agreement" names no acquisition)."""
    kinds = [s for s in spans if s.label_.startswith("kind:")]
    return [s for s in spans if not s.label_.startswith("kind:") or not _inside_longer(s, kinds)]


#: Stages a longer phrase around their word can undo: "signed off" (approved), "not yet signed".
_DONE_STAGES = frozenset({"status:signed", "status:completed"})


def _without_nested_done(spans: list[Span]) -> list[Span]:
    """A signed or completed cue inside a longer status cue of another stage is part of that
    phrase: a regulator that "signed off" on a deal approved it, "close to a deal" is talks."""
    stages = [s for s in spans if s.label_.startswith(("status:", "regstatus:"))]
    return [s for s in spans if s.label_ not in _DONE_STAGES or not _inside_longer(s, stages)]


def _inside_longer(span: Span, others: list[Span]) -> bool:
    """``span`` lies inside a longer span of ``others`` with another label."""
    return any(
        o.label_ != span.label_ and o.start <= span.start and span.end <= o.end and len(o) > len(span) for o in others
    )


#: Parts of speech of a lower-case word that is no company's name written in lower case.
_NOT_A_NAME = {"VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "SCONJ", "CCONJ", "PART"}


@Language.component("kg_gazetteer_case_v1", assigns=["doc.ents"])
def kg_gazetteer_case_v1(doc: Doc) -> Doc:
    """Drop a gazetteer match that starts in lower case where the company's name does not, yet
    has capitals further on: "rack-scale AI" is no Scale AI. "SK hynix" (a styling) and
    all-lower-case text ("samsung sds") stay. Runs after the case-insensitive ruler, so the NER
    still sees the words. A one-word match in lower case that the tagger reads as a verb or
    another function word is that word: "declined to renew" names no ReNew."""
    dropped = [
        e
        for e in doc.ents
        if e.ent_id_
        and e.text[:1].islower()
        and e.ent_id_[:1].isupper()
        and (
            (
                any(c.isupper() for c in e.text) and e[0].lower_ not in {"the", "a", "an"}
            )  # "the ChatGPT maker": an epithet
            or (len(e) == 1 and e.text.islower() and e[0].pos_ in _NOT_A_NAME)
        )
    ]
    if dropped:
        _drop_ents(doc, dropped)
    return doc


#: Words that may follow a company's name as part of it ("Humain AI", "Luma Labs", "Rakuten Mobile");
#: a capitalised legal form ("Kioxia Holdings", "Nvidia Corp.") is one too.
_NAME_TAILS = {"AI", "Labs", "Mobile"}


def _name_tail(word: Token) -> bool:
    """A word that continues the company name before it (see ``_NAME_TAILS``)."""
    if word.ent_type_:
        return False
    return word.text in _NAME_TAILS or (word.text[:1].isupper() and word.lower_.rstrip(".") in LEGAL_SUFFIXES)


@Language.component("kg_gazetteer_tail_v1", assigns=["doc.ents"])
def kg_gazetteer_tail_v1(doc: Doc) -> Doc:
    """Extend a gazetteer match by a name tail the gazetteer lacks ("Humain AI" where it knows
    "Humain"), keeping the company it names, so the parse's head of the name is inside it."""
    ents = list(doc.ents)
    changed = False
    for i, ent in enumerate(ents):
        if not ent.ent_id_ or ent.end >= len(doc) or not ent[-1].whitespace_:
            continue
        if _name_tail(doc[ent.end]):
            ents[i] = Span(doc, ent.start, ent.end + 1, label=ent.label_, span_id=ent.ent_id_)
            changed = True
    if changed:
        doc.ents = ents
    return doc


@Language.component("kg_longer_names_v1", assigns=["doc.ents"])
def kg_longer_names_v1(doc: Doc) -> Doc:
    """A gazetteer match inside a longer name the gazetteer lacks: two or more words that a
    proper noun opens ("Deccan Silicon Labs Ltd." is not Silicon Labs) are dropped, and the
    model's NER labels the name whole; a short form of a company's name that proper nouns
    continue otherwise than the name does ("Lumen Grid" is not Lumen Technologies, "Scale
    Networks" not Scale AI) becomes an organisation of those words, which the NER, seeing a
    sentence's first words, may not label whole."""
    dropped = [
        e
        for e in doc.ents
        if e.ent_id_
        and len(e) >= 2
        and e.start > e.sent.start
        and _name_word(doc[e.start - 1])
        and doc[e.start - 1].lower_ not in company_words()  # "Chipmaker Advanced Micro Devices"
        and not calendar_word(doc[e.start - 1].text)  # "In January Figure AI signed ..."
    ]
    if dropped:
        _drop_ents(doc, dropped)
    continued = [e for e in doc.ents if e.ent_id_ and _other_continuation(e)]
    if continued:
        _drop_ents(doc, continued)  # the whole name is an organisation the gazetteer lacks
        doc.ents = [*doc.ents, *(Span(doc, e.start, _name_end(e), label="ORG") for e in continued)]
    return doc


_NAME_TAGS = ("NNP", "NNPS")


def _name_end(ent: Span) -> int:
    """The end of the proper nouns that continue ``ent`` ("Lumen Grid Holdings")."""
    end = ent.end
    while end < ent.sent.end and _name_word(ent.doc[end], _NAME_TAGS) and ent.doc[end - 1].whitespace_:
        end += 1
    return end


def _name_word(word: Token, tags: tuple[str, ...] = ("NNP",)) -> bool:
    """A capitalised proper noun outside any entity: part of a name the NER has not labelled."""
    return word.tag_ in tags and word.is_title and not word.ent_type_


def _other_continuation(ent: Span) -> bool:
    """``ent`` is a short form of its company's name ("Lumen" for Lumen Technologies) and the
    proper noun after it is not the word that follows in the name."""
    if ent.end >= len(ent.doc) or not ent[-1].whitespace_ or ent.end >= ent.sent.end:
        return False
    name, after = ent.ent_id_, ent.doc[ent.end]
    return (
        name.lower().startswith(ent.text.lower() + " ")
        and not name.lower().startswith(f"{ent.text} {after.text}".lower())
        and _name_word(after, _NAME_TAGS)  # "Scale Networks"
        and not _name_tail(after)
        and after.lower_ not in company_words()
    )


def _drop_ents(doc: Doc, dropped: list[Span]) -> None:
    """Remove ``dropped`` from ``doc.ents`` and their company ids from the tokens (a later NER
    label would inherit an id left on them)."""
    spans = {(e.start, e.end) for e in dropped}
    doc.ents = [e for e in doc.ents if (e.start, e.end) not in spans]
    for ent in dropped:
        for token in ent:
            token.ent_id_ = ""


@Language.component("kg_paragraphs_v1")
def kg_paragraphs_v1(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headings and paragraphs never merge
    into one sentence (runs before the parser, which keeps preset boundaries)."""
    spaces = [i for i, space in enumerate(doc.to_array("IS_SPACE").tolist()) if space]  # no Token per word
    breaks = {i for i in spaces if "\n" in doc[i].text}
    for i in sorted(breaks):
        if i > 0 and i - 1 not in breaks:
            doc[i].is_sent_start = False  # the break itself ends the sentence before it
        if i + 1 < len(doc):
            doc[i + 1].is_sent_start = True
    return doc


def _case_insensitive(form: str) -> bool:
    """Multi-word forms and forms that are not ordinary words ("OpenAI", "xAI") match in any case;
    single capitalized or all-caps words ("Apple", "ARM") only as written."""
    if len(form.split()) > 1:
        return True
    inner = form[1:]
    return any(c.isupper() for c in inner) and any(c.islower() for c in form)


def ruler_patterns(gazetteer: Gazetteer) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Phrase patterns for the two gazetteer rulers: (exact-case, lower-case), ``id`` = canonical name."""
    exact: list[dict[str, str]] = []
    lower: list[dict[str, str]] = []
    stop = lexicon().org_stoplist
    for form, company in gazetteer.surface_forms():
        form = form.strip()
        if not form or form.lower() in stop:
            continue
        label = "ORG"
        canonical = gazetteer.top(company).name
        pattern = {"label": label, "pattern": form, "id": canonical}
        if _case_insensitive(form) and not gazetteer.is_ambiguous(form):  # "the Atlantic" is an ocean
            lower.append(pattern)
        else:
            exact.append(pattern)
            if form.isupper() is False and form[:1].isupper():
                # "Nvidia" also as "NVIDIA": an all-caps spelling of a name is still the name.
                exact.append({**pattern, "pattern": form.upper()})
        exact.extend({**pattern, "pattern": variant} for variant in _spacings(form))
    return exact, lower


_CAMEL = re.compile(r"^([A-Z][a-z]+)([A-Z][A-Za-z]+)$")


def _spacings(form: str) -> list[str]:
    """Spellings of a name with its words joined or split as news writes them: "Scale AI" as
    "ScaleAI", "OpenAI" as "Open AI" (matched case-sensitively)."""
    words = form.split()
    if len(words) == 2 and words[0][:1].isupper() and words[1].isupper() and len(words[1]) <= 3:
        return [words[0] + words[1]]
    camel = _CAMEL.match(form)
    if camel and len(camel.group(1)) >= 3:
        return [f"{camel.group(1)} {camel.group(2)}"]
    return []


def _keep_dotted_names(nlp: Language, gazetteer: Gazetteer) -> None:
    """Names with a dot inside ("Character.AI", "C3.ai") stay one token, so the tokenizer does
    not cut them and the parser does not end a sentence in them."""
    add_special_case = getattr(nlp.tokenizer, "add_special_case", None)  # a custom tokenizer may lack it
    if add_special_case is None:
        return
    for form, _ in gazetteer.surface_forms():
        form = form.strip()
        if "." in form.rstrip(".") and " " not in form:
            for variant in {form, form.lower()}:
                add_special_case(variant, [{"ORTH": variant}])


def _keep_prefixed_words(nlp: Language) -> None:
    """Deal verbs with a "co-" prefix ("co-led", "co-invested") stay one word, so the parser
    reads "the round was co-led by X" as a passive verb, not "co" and "led" apart; "start-up"
    stays one noun the model reads as "startup" (its norm), not a name."""
    add_special_case = getattr(nlp.tokenizer, "add_special_case", None)
    if add_special_case is None or "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    for entry in words("prefixed_words"):
        form, lemma, *norm = entry.split()
        for variant in {form, form.capitalize()}:
            add_special_case(variant, [{"ORTH": variant, "NORM": norm[0] if norm else form}])
        ruler.add([[{"LOWER": form}]], {"LEMMA": lemma})  # type: ignore[attr-defined]


#: A run of two or more hyphens splits words whatever is around it ("NEW YORK--(BUSINESS WIRE)--Vellum").
_DASH_RUN = r"-{2,}"


def _split_dash_runs(nlp: Language) -> None:
    """Press-release datelines glue words with "--" ("NEW YORK--(BUSINESS WIRE)--Vellum Labs
    today announced"); spaCy's infixes split a hyphen only between letters, so the company's
    name stayed inside one token. A run of hyphens is an infix of its own."""
    if not hasattr(nlp.tokenizer, "infix_finditer"):
        return
    infixes = [*(nlp.Defaults.infixes or ()), _DASH_RUN]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


@functools.lru_cache(maxsize=4)
def _build(model: str, gazetteer: Gazetteer) -> Language:
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError) as e:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r} ({e}); install it with `make install` "
            "(or `pip install -r requirements.lock`), or set $KG_MODEL to an installed pipeline"
        ) from e
    exact, lower = ruler_patterns(gazetteer)
    import kg.extract.letter_stops  # noqa: F401  (registers kg_letter_stops_v1)

    nlp.add_pipe("kg_letter_stops_v1", first=True)  # "Series B." at a sentence's end
    _keep_dotted_names(nlp, gazetteer)
    _keep_prefixed_words(nlp)
    _split_dash_runs(nlp)
    # the model's attribute rules and lemmatizer, the same annotations with less Python per token
    attribute_table.install(nlp)  # after _keep_prefixed_words added its rules
    lemma_memo.install(nlp)
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler_exact = nlp.add_pipe(
        "entity_ruler",
        name="kg_gazetteer_exact",
        before=before,
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    ruler_lower = nlp.add_pipe(
        "entity_ruler",
        name="kg_gazetteer_lower",
        after="kg_gazetteer_exact",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    # ORTH and LOWER patterns need only the tokenizer: without this the ruler runs the tagger
    # and parser on each of its ~4,000 pattern texts (3 s of a 5 s build)
    with nlp.select_pipes(enable=[]):
        ruler_exact.add_patterns(exact)  # type: ignore[attr-defined]
        ruler_lower.add_patterns(lower)  # type: ignore[attr-defined]
    nlp.add_pipe("kg_gazetteer_case_v1", after="kg_gazetteer_lower")
    nlp.add_pipe("kg_gazetteer_tail_v1", after="kg_gazetteer_case_v1")  # "Humain AI"
    nlp.add_pipe("kg_longer_names_v1", after="kg_gazetteer_tail_v1")  # "Deccan Silicon Labs"
    if "parser" in nlp.pipe_names:
        _add_repairs(nlp)
    nlp.add_pipe("kg_cues_v1", last=True)
    if "ner" in nlp.pipe_names:
        import kg.extract.money_ents  # noqa: F401  (registers kg_money_words_v1, kg_percent_words_v1)

        nlp.add_pipe("kg_money_words_v1", after="ner")  # "1.7 billion euros": one sum
        nlp.add_pipe("kg_percent_words_v1", after="kg_money_words_v1")  # "45 per cent": a share
    if "ner" in nlp.pipe_names and "parser" in nlp.pipe_names:
        import kg.extract.org_shapes  # noqa: F401  (registers kg_org_shapes_v1)

        nlp.add_pipe("kg_org_shapes_v1", last=True)  # reads the cues of kg_cues_v1
    return nlp


def _add_repairs(nlp: Language) -> None:
    """The paragraph splitter before the parser and the parse repairs (``kg.extract.repairs``) after it."""
    nlp.add_pipe("kg_paragraphs_v1", before="parser")
    import kg.extract.repairs  # noqa: F401  (registers the kg_*_v1 repairs)

    nlp.add_pipe("kg_possessive_pairs_v1", after="parser")  # "Amazon's and Google's investments"
    nlp.add_pipe("kg_finite_acl_v1", after="kg_possessive_pairs_v1")  # "Capital invested in ..." misread
    nlp.add_pipe("kg_present_verb_v1", after="kg_finite_acl_v1")  # "TSMC manufactures chips" misread
    nlp.add_pipe("kg_hyphen_names_v1", after="kg_present_verb_v1")  # "Sequoia Capital-backed Lumora"
    nlp.add_pipe("kg_place_based_v1", after="kg_hyphen_names_v1")  # "The Mountain View, California-based company"
    lemmas = [n for n in ("kg_lemma_memo_v1", "lemmatizer") if n in nlp.pipe_names]
    if lemmas:  # "a partnership Google and Anthropic formed"
        nlp.add_pipe("kg_contact_relative_v1", after=lemmas[0])


def build_nlp(settings: Settings, gazetteer: Gazetteer) -> Language:
    """The extraction pipeline for ``settings.model`` with ``gazetteer``'s names (cached).

    Raises :class:`~kg.errors.ModelError` when the model is not installed; it is never
    downloaded at run time.
    """
    return _build(settings.model, gazetteer)


def iter_cues(doc: Doc) -> Iterator[Span]:
    """The cue spans ``kg_cues_v1`` stored on ``doc``."""
    return iter(doc.spans.get(CUES_KEY, ()))
