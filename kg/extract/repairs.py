"""Repairs of parses the small English model gets wrong, run right after ``parser``.

``kg_possessive_pairs_v1``: coordinated possessives the parser splits. In "an inquiry into
Amazon's and Google's investments in Anthropic" the small English model makes "Amazon" the
object of "into" and "investments" a conjunct of it, so only Google owns
the investments and Amazon looks like a party of the inquiry. Both are owners of the same
noun: this component, after ``parser``, hangs the first possessor on the noun and the second
on the first as its conjunct ("Amazon's and Google's investments" = poss(Amazon), conj(Google)),
the shape the parser gives "Amazon and Google's investments". Nothing else in the tree moves.

``kg_present_verb_v1``: "TSMC manufactures chips for Apple", "OpenAI rents computing capacity
from CoreWeave": right after a company's name the small model may read a verb in the third
person as a plural noun and the sentence as one noun phrase ("TSMC manufactures chips" as a kind
of chips). When a sentence's root is a common noun and a compound on it is such a form of a
deal verb (``misread_plural_verbs``) right after a proper name, that word becomes the root verb,
the name its subject and the old root its object.

``kg_finite_acl_v1``: a sentence whose only verb the parser reads as a participle modifying
its subject ("Three Arrows Capital invested in Anthropic" parsed as "the capital [that was]
invested in Anthropic"), so the company looked like what was invested. When the sentence's
root is a noun and its verb is a past form hung on it as a clause, with no passive auxiliary
and no "by" agent, the verb becomes the root and the noun its subject.

``kg_hyphen_names_v1``: "Sequoia Capital-backed Lumora": the parser hangs the last word of the
backer's name on the participle and its first words on the company described, so "Sequoia"
looks like part of that company's name. Proper nouns right before such a hyphenated word are
hung on it as its compounds.

``kg_place_based_v1``: "The Mountain View, California-based company raised $750 million": the
parser makes the city the verb's subject and leaves "company" a second subject beside it. When
"City, State-based noun" has the city hung on the noun's verb, the city is hung on the participle
("based", "headquartered") as its modifier, as "California" is, and its "the" on the noun.

``kg_contact_relative_v1``: a relative clause with no "that" whose subject is two companies,
"builds on a partnership Google and Anthropic formed in 2023", "replaces a deal Oracle and
OpenAI struck in July": the parser hangs the clause on the main verb, as if the companies had
formed something of their own, or even makes the deal noun a compound of the first name. When
a deal-making verb (``deal_making_verbs``) with no object of its own has a subject that starts
right after a common noun, the verb is hung on that noun as its relative clause. Runs after
the lemmatizer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Token

__all__ = [
    "kg_possessive_pairs_v1",
    "kg_finite_acl_v1",
    "kg_present_verb_v1",
    "split_possessor",
    "misread_finite_verb",
    "misread_present_verb",
    "kg_contact_relative_v1",
    "contact_relative",
    "kg_place_based_v1",
    "misread_city",
]

_CASE = {"'s", "'", "\u2019s", "\u2019"}
_COORD = {"and", "or", "&"}
#: Penn tags (the component runs before ``attribute_ruler`` sets ``pos_``).
_PROPER = {"NNP", "NNPS"}
_COMMON = {"NN", "NNS"}


def split_possessor(first: Token) -> tuple[Token, Token, Token] | None:
    """``(first, second, noun)`` when ``first`` is the dangling half of "A's and B's noun"."""
    if first.tag_ not in _PROPER or first.dep_ in {"poss", "ROOT"} or first.head.i == first.i:
        return None
    if not any(c.dep_ == "case" and c.lower_ in _CASE for c in first.children):
        return None
    if not any(c.dep_ == "cc" and c.lower_ in _COORD for c in first.children):
        return None
    for noun in first.children:
        if noun.dep_ != "conj" or noun.tag_ not in _COMMON or noun.i < first.i:
            continue
        owners = [c for c in noun.children if c.dep_ == "poss" and c.tag_ in _PROPER and first.i < c.i < noun.i]
        if len(owners) == 1:
            return first, owners[0], noun
    return None


@Language.component("kg_possessive_pairs_v1", requires=["token.dep", "token.tag"], assigns=["token.dep", "token.head"])
def kg_possessive_pairs_v1(doc: Doc) -> Doc:
    """Re-hang each "A's and B's noun" the parser split (see the module text)."""
    ids = {doc.vocab.strings[t] for t in _PROPER}
    proper = [doc[i] for i, tag in enumerate(doc.to_array("TAG").tolist()) if tag in ids]  # no Token per word
    found = [hit for token in proper if (hit := split_possessor(token)) is not None]
    for first, second, noun in found:
        noun.head, noun.dep_ = first.head, first.dep_
        first.head, first.dep_ = noun, "poss"
        second.head, second.dep_ = first, "conj"
    return doc


def misread_finite_verb(root: Token) -> Token | None:
    """The past verb the parser hung as a clause on ``root``, a noun at the root of its sentence."""
    if root.dep_ != "ROOT" or root.tag_ not in _PROPER | _COMMON:
        return None
    verbs = [c for c in root.children if c.dep_ == "acl" and c.tag_ in {"VBD", "VBN"} and c.i > root.i]
    if len(verbs) != 1:
        return None
    verb = verbs[0]
    if any(c.dep_ in {"auxpass", "agent", "aux", "nsubj", "nsubjpass"} for c in verb.children):
        return None
    return verb


def _misread(doc: Doc, verb_of: Callable[[Token], Token | None]) -> list[tuple[Token, Token]]:
    """Each sentence root with the verb ``verb_of`` finds misread under it, found before any is re-hung."""
    root = doc.vocab.strings["ROOT"]
    roots = [doc[i] for i, dep in enumerate(doc.to_array("DEP").tolist()) if dep == root]  # no Token per word
    return [(root, verb) for root in roots if (verb := verb_of(root)) is not None]


@Language.component(
    "kg_finite_acl_v1", requires=["token.dep", "token.tag"], assigns=["token.dep", "token.head", "token.tag"]
)
def kg_finite_acl_v1(doc: Doc) -> Doc:
    """Make the misread participle the root and its noun the subject (see the module text)."""
    for root, verb in _misread(doc, misread_finite_verb):
        verb.head, verb.dep_, verb.tag_ = verb, "ROOT", "VBD"
        root.head, root.dep_ = verb, "nsubj"
    return doc


@functools.cache
def _third_person_forms() -> frozenset[str]:
    """ "rents", "leases", "supplies": the third-person forms of ``misread_plural_verbs``."""
    from kg.extract.vocab import words

    forms: set[str] = set()
    for lemma in words("misread_plural_verbs"):
        forms |= {lemma + "s", lemma + "es"} | ({lemma[:-1] + "ies"} if lemma.endswith("y") else set())
    return frozenset(forms)


def misread_present_verb(root: Token) -> Token | None:
    """The deal verb in the third person the parser read as a plural noun compounded on ``root``."""
    if root.dep_ != "ROOT" or root.tag_ not in _COMMON:
        return None
    forms = _third_person_forms()
    for verb in root.children:
        if verb.dep_ != "compound" or verb.tag_ != "NNS" or verb.lower_ not in forms or verb.i == 0:
            continue
        name = verb.doc[verb.i - 1]
        if name.tag_ in _PROPER and name.head.i in {root.i, verb.i}:
            return verb
    return None


@Language.component(
    "kg_present_verb_v1", requires=["token.dep", "token.tag"], assigns=["token.dep", "token.head", "token.tag"]
)
def kg_present_verb_v1(doc: Doc) -> Doc:
    """Make the misread verb the root, the name before it its subject (see the module text)."""
    for root, verb in _misread(doc, misread_present_verb):
        name = [t for t in doc[root.sent.start : verb.i] if t.tag_ in _PROPER and t.head.i in {root.i, verb.i}]
        subject = name[-1]
        for token in name[:-1]:
            token.head, token.dep_ = subject, "compound"
        verb.head, verb.dep_, verb.tag_ = verb, "ROOT", "VBZ"
        subject.head, subject.dep_ = verb, "nsubj"
        root.head, root.dep_ = verb, "dobj"
    return doc


def hyphen_name_start(participle: Token) -> list[Token]:
    """The proper nouns before "Capital" of "Sequoia Capital-backed Lumora" that the parser hung
    on the participle's noun instead of on "Capital"."""
    doc = participle.doc
    if participle.dep_ != "amod" or participle.i < 3 or doc[participle.i - 1].text != "-":
        return []
    last = doc[participle.i - 2]
    if last.tag_ not in _PROPER or last.head.i != participle.i:
        return []
    words: list[Token] = []
    i = last.i - 1
    while (
        i >= participle.sent.start
        and doc[i].tag_ in _PROPER
        and doc[i].dep_ == "compound"
        and doc[i].head.i == participle.head.i
    ):
        words.append(doc[i])
        i -= 1
    return words


def _hyphens(doc: Doc) -> list[int]:
    """The indices of the hyphens with a word after them, read off the array (no Token per word)."""
    if "-" not in doc.text:
        return []
    hyphen = doc.vocab.strings["-"]
    return [i for i, orth in enumerate(doc.to_array("ORTH").tolist()) if orth == hyphen and i + 1 < len(doc)]


@Language.component("kg_hyphen_names_v1", requires=["token.dep", "token.tag"], assigns=["token.head"])
def kg_hyphen_names_v1(doc: Doc) -> Doc:
    """Hang the first words of a hyphenated epithet's name on its last word (see the module text)."""
    for i in _hyphens(doc):
        for token in hyphen_name_start(doc[i + 1]):
            token.head = doc[i - 1]
    return doc


#: Clause links the parser gives a contact relative clause it did not see as one.
_MISHUNG = {"advcl", "ccomp", "parataxis", "conj"}
#: What a verb whose object is the noun before it cannot have.
_OBJECTS = {"dobj", "xcomp", "ccomp", "attr", "mark", "oprd", "dative"}


def contact_relative(verb: Token) -> tuple[Token, Token] | None:
    """``(noun, subject)`` when ``verb`` tells a relative clause with no "that" on ``noun``
    that the parser hung elsewhere (see the module text)."""
    from kg.extract.vocab import words

    if verb.dep_ not in _MISHUNG or verb.lemma_ not in words("deal_making_verbs") or verb.i == 0:
        return None
    if any(c.dep_ in _OBJECTS for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) != 1 or not subjects[0].conjuncts or subjects[0].tag_ not in _PROPER:
        return None
    subject = subjects[0]
    named = [c for c in subject.lefts if c.dep_ == "compound" and c.tag_ in _COMMON]
    if named:  # "a deal Oracle and OpenAI struck": the noun was made part of the first name
        noun = named[-1]
    else:
        start = min([subject.i, *(c.i for c in subject.lefts)])
        noun = verb.doc[start - 1] if start > 0 else subject
        if noun.tag_ not in _COMMON or noun.dep_ not in {"dobj", "pobj"} or not verb.head.i < noun.i < verb.i:
            return None
    return None if any(t.is_punct for t in verb.doc[noun.i : verb.i]) else (noun, subject)


@Language.component(
    "kg_contact_relative_v1", requires=["token.dep", "token.lemma"], assigns=["token.dep", "token.head"]
)
def kg_contact_relative_v1(doc: Doc) -> Doc:
    """Hang a contact relative clause the parser misplaced on its noun (see the module text)."""
    verb_ids = {doc.vocab.strings[t] for t in ("VBD", "VBZ", "VBP", "VBN")}
    verbs = [doc[i] for i, tag in enumerate(doc.to_array("TAG").tolist()) if tag in verb_ids]  # no Token per word
    for verb, (noun, subject) in [(v, hit) for v in verbs if (hit := contact_relative(v)) is not None]:
        if noun.dep_ == "compound":
            for left in [t for t in subject.lefts if t.i < noun.i]:
                left.head = noun
            noun.head, noun.dep_ = verb.head, ("pobj" if verb.head.dep_ == "prep" else "dobj")
        verb.head, verb.dep_ = noun, "relcl"
    return doc


#: Participles that say where a company is ("a California-based company").
_SEATED = {"based", "headquartered"}


def misread_city(participle: Token) -> Token | None:
    """The city of "The Mountain View, California-based company" that the parser hung beside the
    participle's noun, on the same verb (see the module text)."""
    doc = participle.doc
    i = participle.i
    if participle.lower_ not in _SEATED or participle.dep_ != "amod" or i < 5 or doc[i - 1].text != "-":
        return None
    state, comma, city = doc[i - 2], doc[i - 3], doc[i - 4]
    if state.tag_ not in _PROPER or comma.text != "," or city.tag_ not in _PROPER:
        return None
    noun = participle.head  # misread: the city is the same kind of dependent of the same head as the noun
    if city.head.i != noun.head.i or city.dep_ != noun.dep_ or noun.i == noun.head.i:
        return None
    return city


@Language.component("kg_place_based_v1", requires=["token.dep", "token.tag"], assigns=["token.dep", "token.head"])
def kg_place_based_v1(doc: Doc) -> Doc:
    """Hang the city of "City, State-based noun" on its participle (see the module text)."""
    found = [(doc[i + 1], city) for i in _hyphens(doc) if (city := misread_city(doc[i + 1])) is not None]
    for participle, city in found:
        for det in [c for c in city.children if c.dep_ == "det"]:
            det.head = participle.head
        city.head, city.dep_ = participle, "npadvmod"
    return doc
