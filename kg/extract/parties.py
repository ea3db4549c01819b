"""Company mentions in a sentence: gazetteer matches and filtered NER organizations.

A mention carries the canonical party name, its token offsets, and whether the gazetteer
knew it. Regulators and governments are actors, never parties; people, places, products,
publications and acronyms the small model mistakes for organizations are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.aliases import defined_by
from kg.extract.lexicon import Lexicon, company_words
from kg.extract.misread import a_titled_person, deal_party, taken_over
from kg.extract.org_spans import designator_words
from kg.extract.vocab import words
from kg.records import Company
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.names import LEGAL_SUFFIXES

__all__ = [
    "unit_owner",
    "name_head",
    "names_cloud_unit",
    "Mention",
    "sentence_mentions",
    "clean_org_name",
    "dateline_span",
]

#: Legal forms at the end of a name (``kg.resolve.names.LEGAL_SUFFIXES``, any case, dotted or not:
#: "B.V.", "S.p.A."; "Group" too before one of them: "SoftBank Group Corp.").
_SUFFIX = re.compile(
    r"(?:,?\s+(?:Group\s+)?(?:"
    + "|".join(r"\.?".join(suffix) for suffix in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
    + r")\.?)+$",
    re.IGNORECASE,
)
#: Legal forms written in capitals only, which as lower-case words would be English ("Helix Grid
#: AS", "Nordlys A/S").
_CAPITAL_SUFFIX = re.compile(r",?\s+(?:AS|A/S|ApS)$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True, slots=True)
class Mention:
    """A company named in a sentence (token offsets into the doc)."""

    name: str
    start: int
    end: int
    known: bool
    root: int = -1  # the syntactic head's token index, when known at creation
    sector: str | None = None  # the gazetteer's sector of the company, when known
    unit: str | None = None  # the business unit's own name when ``name`` is its parent ("DeepMind")
    country: str | None = None  # the gazetteer's country (ISO 3166 code) of the company, when known
    listed: bool = False  # the gazetteer gives the company a stock ticker (no start-up)

    @property
    def root_hint(self) -> int:
        return self.end - 1


def clean_org_name(text: str) -> str:
    """``"the Walt Disney Company's"`` → ``"Walt Disney"``-style cleanup of an NER organization
    ("Helix Grid AS" → "Helix Grid").

    >>> clean_org_name("Helix Grid AS")
    'Helix Grid'
    >>> clean_org_name("Fjordvik Data ASA")
    'Fjordvik Data'
    >>> clean_org_name("Bank As")
    'Bank As'
    """
    name = " ".join(text.split())
    name = _LEADING.sub("", name)
    name = _POSSESSIVE.sub("", name).strip()
    previous = None
    while previous != name:
        previous = name
        name = _CAPITAL_SUFFIX.sub("", _SUFFIX.sub("", name)).strip(" ,")
    return name


#: Letters then digits in one word, the shape of a chip's or product's model code.
_MODEL_CODE = re.compile(r"^[A-Z]{1,4}\d{1,4}[A-Z]{0,3}$")


def _ner_name(span: Span, gazetteer: Gazetteer, lex: Lexicon) -> tuple[str | None, bool]:
    """The party name of an NER ORG span, ``(None, _)`` when it is not a company."""
    raw = span.text
    cleaned = clean_org_name(raw)
    for candidate in (raw, cleaned):
        canonical = gazetteer.canonical(candidate)
        if canonical is not None:
            if gazetteer.is_actor_only(candidate):
                return None, True
            return canonical, True
    lower = cleaned.lower()
    if not cleaned or lower in lex.org_stoplist or raw.lower() in lex.org_stoplist:
        return None, False
    if _not_a_company(lower, lex) and not (_an_outlet_name(lower, lex) and deal_party(span)):
        return None, False  # a publisher ("Harbinger Press") in a deal's company slot is a party
    letters = [c for c in cleaned if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in cleaned):
        return None, False
    if cleaned.isupper() and len(cleaned) <= 3 and " " not in cleaned and cleaned == raw.strip():
        if not (_described_as_company(span, lex) or taken_over(span)):
            return None, False  # bare acronyms (AI, MOU, IPO) are mostly not companies; "FPT Corporation" is one
    exchange, colon, _ = cleaned.partition(":")
    if colon and exchange.strip().lower() in words("stock_exchanges"):
        return None, False  # "(NASDAQ: HCP)": the listing of the company named before it
    if "\n" in span.text or len(cleaned.split()) > 6:
        return None, False
    if span.start > 0 and span.doc[span.start - 1].text == "-" and not span.doc[span.start - 1].whitespace_:
        return None, False  # "scale AI" in "rack-scale AI": no name begins inside a hyphenated word
    if _MODEL_CODE.match(cleaned):
        return None, False  # "HBM4", "H100", "MI300X": a product's model code (a firm like G42 is in the gazetteer)
    return cleaned, False


def _described_as_company(span: Span, lex: Lexicon) -> bool:
    """ "KT, the No. 2 carrier", "carrier KT": a company noun in apposition to the name or
    right before it says the acronym is a company (as a takeover does: "agreed to buy WNS")."""
    nouns = company_words()
    root = span.root
    described = [c for c in root.children if c.dep_ == "appos"]
    if span.start > 0 and span.doc[span.start - 1].dep_ == "compound":
        described.append(span.doc[span.start - 1])
    return any(t.lemma_.lower() in nouns for t in described)


_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’ /]+(?:,\s*[A-Z][A-Za-z.]*\.?)*(?: and [A-Z][A-Z.'’ /]+)?)"  # PLACE, State.
    r"(?:\s*(?:\([^()\n]{1,40}\)|/[^/\n]{1,40}/|[-—–]{1,3}))*"  # (AP) /PRNewswire/ --(BUSINESS WIRE)--
    r"(?:\s*,?\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?|\d{1,2} [A-Z][a-z]{2,8}\.?(?: \d{4})?))?"  # Nov. 22, 2024
    r"(?:\s*(?:/[^/\n]{1,40}/|\([^()\n]{1,40}\)))*"
    r"\s*[-—–]{1,3}(?:\s+|(?<=--)(?=[A-Z]))"  # "-- Cisco", "--Vellum Labs"
)

_AGENCY_DATELINE = re.compile(r"^\s*\([A-Z][^()\n]{1,40}\)\s*[-—–]{1,3}\s+")
#: "Abu Dhabi: ", "NEW DELHI: " (the Gulf and Indian papers' dateline): a known place and a colon.
_COLON_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z.'’]+(?: [A-Z][A-Za-z.'’]+){0,2}):[ \t]+")
#: How many of the article's first lines may open with its dateline.
_DATELINE_LINES = 3


def dateline_span(text: str, gazetteer: Gazetteer) -> tuple[int, int]:
    """Character span of a wire dateline ("PARIS (AP) — ", "SEOUL, Oct 2 - ", "Abu Dhabi: ",
    "SEATTLE--(BUSINESS WIRE)--Nov. 22, 2024-- ") at the start of one of the article's first
    lines (a byline, a standfirst or a note may come before it), (0, 0) when there is none:
    the agency and the place it names are no parties."""
    start = 0
    for _ in range(_DATELINE_LINES):
        end = _dateline_at(text[start:], gazetteer)
        if end:
            return start, start + end
        nxt = text.find("\n", start)
        if nxt < 0:
            break
        start = nxt + 1
        while start < len(text) and text[start] in "\n\r \t":
            start += 1
    return 0, 0


def _dateline_at(text: str, gazetteer: Gazetteer) -> int:
    """Where a dateline that opens ``text`` ends, 0 when ``text`` opens with none."""
    agency = _AGENCY_DATELINE.match(text)
    if agency is not None:
        return agency.end()  # "(Reuters) - OpenAI has ..."
    colon = _COLON_DATELINE.match(text)
    if colon is not None and colon.group("place").lower() in words("places"):
        return colon.end()
    match = _DATELINE.match(text)
    if match is None:
        return 0
    places = [place.strip() for place in match.group("place").strip(" ,").split(" and ")]
    if any(gazetteer.canonical(place) is not None and place.lower() not in words("places") for place in places):
        return 0  # "IBM - the company said ...", "IBM and SAP - ...": companies ("DUBAI, Feb 18 -": a city)
    return match.end()


def _is_source(ent: Span) -> bool:
    """A news outlet as the source of a report ("Reuters reported", "according to Bloomberg")."""
    root = ent.root
    head = root.head
    if root.dep_ in {"nsubj", "dobj"} and head.lemma_.lower() in words("source_verbs"):
        # "Snowflake reported higher revenue" is a company reporting results, not an outlet
        return root.dep_ == "dobj" or not any(
            c.dep_ == "dobj" and c.lemma_.lower() not in {"story", "report", "news"} for c in head.children
        )
    if root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True
    if root.dep_ == "dobj" and head.lower_ == "citing":
        return True
    return False


def _not_a_company(name: str, lex: Lexicon) -> bool:
    """A name with a word of an institution or an outlet ("Ministry", "Times"), as whole words
    ("Postman" is no "Post"), unless a company designator ends an outlet's name ("Halden Press
    Group": a publisher)."""
    padded = f" {name} "
    found = [w for w in lex.org_stop_words if f" {w} " in padded]
    if not found:
        return False
    return not (set(found) <= words("outlet_words") and name.split()[-1].rstrip(".") in designator_words())


def _holder_of(noun: Token) -> bool:
    """ "a major Orlo Systems customer": a holder noun that names no one after it is the
    customer, partner or investor of the name before it ("the Abu Dhabi investor MGX" names
    MGX)."""
    return noun.lemma_.lower() in words("holder_nouns") and noun.dep_ != "compound"


def _owns_known_company(ent: Span) -> bool:
    """An unknown name in the possessive before a gazetteer company ("Abu Dhabi's MGX"), or a
    place's name in the possessive before any name ("Abu Dhabi's Falcora Capital")."""
    root = ent.root
    if root.dep_ != "poss":
        return False
    return bool(root.head.ent_id_) or " ".join(t.lower_ for t in ent if t.dep_ != "case") in words("places")


def unit_owner(root: Token) -> Token | None:
    """The possessive that owns a unit named at ``root``: "Samsung" of "Samsung's Catalyst
    Fund", "Nvidia" of "Nvidia's venture arm NVentures" (a name in apposition to a ``unit_nouns``
    noun, whose possessive may sit on its compound); None for holders ("Ampere's major
    investors, Carlyle and Oracle")."""
    head = root
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        if head.head.lemma_.lower() not in words("unit_nouns"):
            return None
        head = head.head
    words_of = [head, *(c for c in head.children if c.dep_ == "compound")]
    return next((c for w in words_of for c in w.children if c.dep_ == "poss" and c.i < root.i), None)


def _owning_company(ent: Span, gazetteer: Gazetteer) -> str | None:
    """The known company whose unit an unknown name is (the guideline maps units to their
    parent)."""
    owner = unit_owner(ent.root)
    if owner is None or owner.i >= ent.start or not owner.ent_id_:
        return None
    return gazetteer.canonical(owner.ent_id_) or owner.ent_id_


def _an_outlet_name(name: str, lex: Lexicon) -> bool:
    """The institution words of ``name`` are all words of outlets ("Press", "Times", "News")."""
    padded = f" {name} "
    return {w for w in lex.org_stop_words if f" {w} " in padded} <= words("outlet_words")


def _outlet_speaking(ent: Span, company: Company | None) -> bool:
    """A news outlet that says or reports something ("Reuters said ..."): the source of the
    story, not a party to the deal it tells (a media company in a deal is its object or
    partner, not the subject of "said")."""
    if company is None or company.sector != "media":
        return False
    root = ent.root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in words("outlet_verbs")


def names_cloud_unit(text: str) -> bool:
    """ "Amazon Web Services", "Google Cloud", "Azure": the company named by its cloud business."""
    lowered = f" {text.lower()} "
    return any(f" {w} " in lowered for w in words("cloud_unit_words"))


def sentence_mentions(
    sent: Span, gazetteer: Gazetteer, lex: Lexicon, ents: Sequence[Span] | None = None
) -> list[Mention]:
    """Company mentions in ``sent`` in text order (one per entity); ``ents`` are the sentence's
    entities when the caller already has them (``sent.ents`` rescans the whole doc)."""
    mentions: list[Mention] = []
    for ent in sent.ents if ents is None else ents:
        if ent.ent_id_:
            if gazetteer.is_actor_only(ent.ent_id_):
                continue
            name: str | None = ent.ent_id_
            known = True
        elif ent.label_ == "ORG":
            if (
                ent.root.dep_ == "compound"
                and ent.root.head.pos_ == "NOUN"
                and not ent.root.head.ent_type_
                and not _holder_of(ent.root.head)
            ):
                continue  # "the Abu Dhabi investor MGX": a modifier of a common noun, not a party
            if ent.root.dep_ in {"compound", "amod"} and ent.text.lower() in words("places"):
                continue  # "Emirati telecom group e&": where the company is from
            if a_titled_person(ent):
                continue  # "CEO Ritika Deshpande", then "Deshpande said": a person the model took for a firm
            if _made_thing(ent) or ent[-1].lower_ in words("site_name_words"):
                continue  # "the maker of Call of Duty", "the Duane Arnold Energy Center": no firm
            full = defined_by(ent)  # 'Ridgeline Power ("Ridgeline")': the company named just before
            name, known = _ner_name(ent if full is None else full, gazetteer, lex)
        else:
            continue
        company = gazetteer.get(name) if name else None
        if not known and _owns_known_company(ent):
            continue  # "Abu Dhabi's MGX", "Saudi Arabia's PIF": where the company is from, not a party
        if not known and (owner := _owning_company(ent, gazetteer)) is not None:
            name, known, company = owner, True, gazetteer.get(owner)  # "Samsung's Catalyst Fund": Samsung's unit
        if name and not _is_source(ent) and not _outlet_speaking(ent, company):
            sector = company.sector if company else _described_sector(ent)
            unit = gazetteer.unit_of(ent.text) if ent.ent_id_ else None
            country = company.country if company else None
            listed = bool(company and company.tickers)
            mentions.append(Mention(name, ent.start, ent.end, known, _name_root(ent).i, sector, unit, country, listed))
    return mentions


def _made_thing(ent: Span) -> bool:
    """ "buy the maker of Call of Duty and Candy Crush": what a maker (``maker_nouns``) makes is a
    product, not a company (a name the gazetteer knows keeps its company: "the maker of ChatGPT")."""
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in words("maker_nouns")


def _name_root(ent: Span) -> Token:
    """The token a name hangs by: not a loose "dep" word when the parser made another word of
    the name the one with a role ("Parallax Robotics raised": "Robotics" is the subject)."""
    root = ent.root
    if root.dep_ != "dep":
        return root
    return next((t for t in ent if t.head.i == root.head.i and t.i != root.i and t.dep_ != "dep"), root)


def name_head(token: Token) -> Token:
    """ "Corp." for "Nvidia" in "Nvidia Corp.", "Ventures" for "Samsung" in "Samsung Ventures":
    the head of the name a token sits in, past its compounds."""
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    return token


def _described_sector(ent: Span) -> str | None:
    """The trade the words around a name the gazetteer lacks give it: "Spanish publisher Grupo
    Meridiano", "Dorvin, the Dutch newspaper group" (``media_nouns``: "media"), else None."""
    root = ent.root
    near = [c for c in root.children if c.dep_ in {"compound", "appos"} and not ent.start <= c.i < ent.end]
    if root.dep_ == "appos":
        near.append(root.head)
    near += [c for n in near for c in n.children if c.dep_ == "compound"]
    return "media" if any(t.lemma_.lower() in words("media_nouns") for t in near) else None
