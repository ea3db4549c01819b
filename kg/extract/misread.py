"""Names the small model labels a person, place, product or work that the sentence shows to be
companies; ``kg_org_shapes_v1`` relabels them ORG, so every rule and the rest of the article
read them as companies.

A takeover takes companies, so what it takes is one whatever its label ("bought Mandiant" as a
person, "its acquisition of Nuvia" as a place, "Morvane agreed to be acquired"); so is what
merges ("Lumos and Helvex will merge"). A name in a party slot of a deal word ("invested
$100 million in Zentara", "a partnership with Quillon", "backed by Orvanta", "an Orvanta-backed
designer", "Zentara agreed to buy ...") is one too, unless it names a place of the ``places``
list of ``patterns/vocab.json`` ("invest $10 billion in Japan", "a deal with Saudi Arabia"). A
person stays a person in a slot when the article names them in full or with a title ("Elon
Musk" ... "a deal with Musk", "Mr. Tan"); a one-word "person" it never introduces ("a contract
with Masimo") is a company.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from kg.extract.vocab import words

__all__ = [
    "MISREAD_LABELS",
    "deal_words",
    "in_party_slot",
    "licence_of_owned",
    "misread_companies",
    "named_in_full",
    "names_place",
    "owned_by_a_place",
    "taken_over",
    "told_a_customer",
    "which_deal",
]

#: Labels the model gives to names a takeover shows to be companies ("its acquisition of
#: Moveworks" tagged a nationality).
MISREAD_LABELS = frozenset({"PERSON", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "WORK_OF_ART"})
#: Labels of the names a party slot shows to be companies (people are only taken over).
_SLOT_LABELS = MISREAD_LABELS - {"PERSON"}
#: Kinds of deal whose verb takes a company as its object ("merge X", "back X").
_OBJECT_KINDS = {"acquisition", "merger", "investment"}
#: Words a place name can have: "Saudi Arabia" (two), "Washington, D.C." (its comma dropped).
_PLACE_WORDS = 4


def taken_over(ent: Span) -> bool:
    """A name that is what a takeover takes ("bought Mandiant", "its acquisition of Nuvia"), or
    that merges ("Lumos and Helvex will merge", "the proposed merger of Veltris and Aurae")."""
    root, head = ent.root, ent.root.head
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "nsubj" and first.head.lemma_.lower() == "merge":
        return True
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lemma_.lower() in words("merger_words"):
        return True
    if root.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in words("take_verbs"):
        return True  # "bought Mandiant", "Mandiant was acquired by ..."
    if root.dep_ == "nsubj" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in words("take_verbs") and any(a.dep_ == "auxpass" for a in c.children)
        for c in head.children
    ):
        return True  # "Morvane agreed to be acquired by ..."
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in words("take_nouns")


def deal_words(cues: Iterable[Span]) -> dict[int, set[str]]:
    """The head token of each deal cue ("kind:…" or "generic") and the kinds it names
    ("investment", ..., "generic" for a deal word of no kind)."""
    found: dict[int, set[str]] = {}
    for cue in cues:
        label = cue.label_
        if label.startswith("kind:") or label == "generic":
            found.setdefault(cue.root.i, set()).add(label.removeprefix("kind:"))
    return found


def names_place(ent: Span) -> bool:
    """The name is, or ends in, a place ("Japan", "the Kingdom of Saudi Arabia"); a name with
    more after the place ("the South China Morning Post", "China Mobile") names something there."""
    places = words("places")
    tokens = [t.lower_ for t in ent if not t.is_punct]
    n = len(tokens)
    return any(" ".join(tokens[i:]) in places for i in range(max(0, n - _PLACE_WORDS), n))


def misread_companies(doc: Doc, cues: Iterable[Span]) -> list[Span]:
    """The entities of ``doc`` a takeover takes or that fill a company's slot of a deal word of
    ``cues`` (see the module docstring), relabelled ORG; gazetteer entities are never touched."""
    deals = deal_words(cues)
    ents = doc.ents
    names = {e.text for e in ents if e.label_ == "ORG" and not e.ent_id_}
    return [
        _article_name(e, names)
        for e in ents
        if e.label_ in MISREAD_LABELS  # (the labels of a party slot are among them)
        and not e.ent_id_
        and not any(t.lower_ == "and" for t in e)  # "Adobe and Figma call off ...": two names, not one
        and (taken_over(e) or in_party_slot(e, deals))
    ]


def _article_name(ent: Span, names: set[str]) -> Span:
    """``ent`` as an ORG span, cut to the name the article gives the company elsewhere ("acquire
    Perplexity AI" where "Perplexity" is an ORG: one company, one name per article), cut only
    between words."""
    for end in range(ent.end - 1, ent.start, -1):
        if ent.doc[end - 1].whitespace_ and ent.doc[ent.start : end].text in names:  # "Run:ai" is no "Run"
            return Span(ent.doc, ent.start, end, label="ORG")
    return Span(ent.doc, ent.start, ent.end, label="ORG")


def in_party_slot(ent: Span, deals: dict[int, set[str]]) -> bool:
    """A name labelled a place, product or work that fills a company's slot of a deal word in
    its sentence (``deals`` from :func:`deal_words`) and names no place."""
    if ent.label_ == "PERSON" and told_a_customer(ent.root):
        return True  # "Cerebra's largest customer is Itaú Unibanco": a bank, not a person
    root = ent.root
    if which_deal(root, deals):
        return not names_place(ent)  # "Basalt, which is backed by Chevron": "which" is for no person
    if ent.label_ not in _SLOT_LABELS and not _unintroduced_person(ent) and not _a_places_own(ent):
        return False
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "a partnership with Nvidia and Brevara": the slot of the first one
    return _fills_slot(root, deals) and not names_place(ent) and not _owner_of_next(ent)


def deal_party(ent: Span) -> bool:
    """ "Harbinger Press has licensed its archive to Cohere": ``ent`` fills a company's slot of a
    deal word its sentence has (the cues ``kg_cues_v1`` found)."""
    from kg.extract.pipeline import iter_cues  # (the pipeline module imports this one)

    return _fills_slot(ent.root, deal_words(iter_cues(ent.doc)))


def told_a_customer(root: Token) -> bool:
    """The name and a customer noun are the two sides of "be" ("its largest customer is X", "X
    is a client of Y"): firms, not people, are the customers business news names."""
    verb = root.head
    if verb.lemma_ != "be" or root.dep_ not in {"attr", "nsubj"}:
        return False
    other = "nsubj" if root.dep_ == "attr" else "attr"
    return any(c.dep_ == other and c.lemma_.lower() in words("customer_nouns") for c in verb.children)


def owned_by_a_place(token: Token) -> bool:
    """ "Beijing's Zhongke Tianqiong", "Brazil's Nubank": a place is the name's possessor."""
    return any(c.dep_ == "poss" and c.ent_type_ == "GPE" for c in token.children)


def _a_places_own(ent: Span) -> bool:
    """ "a takeover of X by Beijing's Zhongke Tianqiong": a "person" a place owns is a firm of it."""
    return ent.label_ == "PERSON" and owned_by_a_place(ent.root)


def _unintroduced_person(ent: Span) -> bool:
    """A one-word "person" the article never names in full ("a contract with Masimo"): news
    gives a person's full name first ("Elon Musk", then "Musk"), so this one is a company."""
    if ent.label_ != "PERSON" or len(ent) != 1:
        return False
    if ent.start > 0 and ent.doc[ent.start - 1].lower_.rstrip(".") in words("people_titles"):
        return False  # "Mr. Tan", "CEO Huang"
    return not named_in_full(ent[0])


def a_titled_person(ent: Span) -> bool:
    """An ORG the gazetteer does not know that is a person: a title stands before it, past given names
    ("co-founder and CEO Ritika Deshpande"), or it is the surname of one the article so names
    ("..., Deshpande said"): the model sometimes reads a surname as a firm."""
    doc = ent.doc
    if _titled(doc, ent.start):
        return True
    return len(ent) == 1 and any(
        e.label_ in {"ORG", "PERSON"} and not e.ent_id_ and e[-1].text == ent.text and _titled(doc, e.start)
        for e in doc.ents
        if e.start != ent.start
    )


def _titled(doc: Doc, start: int) -> bool:
    """A ``people_titles`` word right before ``start``, past up to two given names."""
    k = start - 1
    while k >= max(0, start - 2) and doc[k].pos_ == "PROPN" and doc[k].is_title and not doc[k].ent_type_:
        k -= 1
    return k >= 0 and doc[k].lower_.rstrip(".") in words("people_titles")


def named_in_full(word: Token) -> bool:
    """The word is the surname of a person the article names in full ("Musk" after "Elon Musk")."""
    return any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == word.text for e in word.doc.ents)


def _owner_of_next(ent: Span) -> bool:
    """ "Elon Musk's xAI" misparsed: a possessive name right before another name owns it."""
    doc = ent.doc
    possessive = ent[-1].tag_ == "POS" or (ent.end < len(doc) and doc[ent.end].tag_ == "POS")
    after = ent.end + (0 if ent[-1].tag_ == "POS" else 1)
    return possessive and after < len(doc) and bool(doc[after].ent_type_)


def _kinds(word: Token, deals: dict[int, set[str]]) -> set[str]:
    """The kinds of deal ``word`` names, or the deal noun it takes as its object names ("signed
    a deal with X")."""
    if word.i in deals:
        return deals[word.i]
    return {k for c in word.children if c.dep_ in {"dobj", "xcomp"} and c.i in deals for k in deals[c.i]}


def licence_of_owned(root: Token) -> Token | None:
    """The word a licence's "to" phrase hangs on when ``root`` owns what the licence is to ("a
    licence to the speech technology of Parlance", "a licence to Parlance's models"), else None."""
    if not ((root.dep_ == "pobj" and root.head.lower_ == "of") or root.dep_ == "poss"):
        return None
    thing = root.head.head if root.dep_ == "pobj" else root.head
    return thing.head.head if thing.dep_ == "pobj" and thing.head.lower_ == "to" else None


def which_deal(name: Token, deals: dict[int, set[str]]) -> bool:
    """ "Basalt, which is backed by Chevron", "Zorvane, in which SoftBank invested": the name
    heads a relative clause opened by "which" whose verb is a deal word: a company's clause."""
    return any(
        c.dep_ == "relcl"
        and (c.i in deals or c.lemma_.lower() in words("round_verbs") | {"own", "fund"})
        and any(t.lower_ == "which" and t.i < c.i for t in c.subtree)
        for c in name.children
    )


def _fills_slot(root: Token, deals: dict[int, set[str]]) -> bool:
    head = root.head
    dep = root.dep_
    licence = licence_of_owned(root)  # "a licence to the speech technology of Parlance": its owner
    if licence is not None and "licensing" in _kinds(licence, deals):
        return True
    if dep == "pobj":
        return _prep_slot(head.lower_, head.head, deals)
    if dep in {"nsubj", "nsubjpass", "poss"} and _kinds(head, deals):
        return True  # "Zentara agreed to buy ...", "Zentara's partnership with ..."
    if dep == "poss" and head.dep_ == "dobj":
        # "licensed Rheinwerk's simulation engine", "bought Zentara's chip unit": whose thing is dealt in
        return bool(_kinds(head.head, deals) & {"licensing", "acquisition"})
    if dep == "dobj":
        return bool(deals.get(head.i, set()) & _OBJECT_KINDS)  # "merge Zentara", "bankroll Zentara"
    if dep == "npadvmod":
        after = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
        return after is not None and after.text == "-" and head.lemma_.lower() in words("round_verbs")
    return False


def _prep_slot(prep: str, word: Token, deals: dict[int, set[str]]) -> bool:
    """The object of ``prep`` under ``word`` fills a company's slot: the partner of any deal
    word ("a deal with X"), the investee of an investment ("a stake in X"), the investor
    ("funding from X"), the target of a bid ("a bid for X"), the customer of a supply or a
    licence ("supply compute to X"), the agent of a deal verb or of backing ("acquired by X",
    "backed by X")."""
    kinds = _kinds(word, deals)
    if prep == "with":
        return bool(kinds)
    if prep in {"in", "into", "from"}:
        return "investment" in kinds
    if prep == "for":
        return "acquisition" in kinds  # "weighing a bid for Kinwave", "an offer for X": the target
    if prep == "to":
        return bool(kinds & {"supply", "licensing"})  # "an agreement to supply compute to Rinna": the customer
    if prep == "by":
        return bool(kinds - {"generic"}) or word.lemma_.lower() in words("round_verbs")
    return False
