"""Companies acting together: doing something jointly or building one facility (a
partnership), founding or owning a new company together (a joint venture)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.syntax import company_after, is_org, reported_subject, subject_of
from kg.extract.vocab import words
from kg.records import Kind

if TYPE_CHECKING:
    from kg.extract.shapes import Found

__all__ = ["act_together", "new_company", "pooled_together", "reciprocal", "together"]


def act_together(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Kakao and OpenAI agreed to develop AI products together", "Microsoft and G42 will build a
    data centre in Kenya": companies coordinated as the subject of a verb done together, or of
    building one facility, or of a sum invested in anything but a company, are partners; so are a
    company subject and its "with" company, a company that builds or develops anything but chips,
    compute or cloud with another, and "the two companies" doing something jointly."""
    if token.pos_ != "VERB" or found.holds(token):
        return None
    done_together = together(token)
    built = token.lemma_.lower() in words("build_verbs")
    facility = built and any(
        c.dep_ == "dobj" and c.lemma_.lower() in words("facility_nouns") and c.tag_ == "NN" for c in token.children
    )
    if pooled_together(token):
        return Kind.PARTNERSHIP, "act-together"  # "AMD and Humain agreed to invest $10 billion to build ..."
    worked = token.lemma_.lower() in words("joint_work_verbs") and _with_company(token)  # "study X with OpenAI"
    if not (
        done_together or facility or worked or (built and _with_company(token) and not _builds_supplies(token, lex))
    ):
        return None  # "will build data centres with AMD": built together ("chips with Broadcom": bought)
    if _coordinated_companies(token, told=True) or _with_company(token) or (done_together and _the_parties(token, lex)):
        return Kind.PARTNERSHIP, "act-together"
    return None


def _the_parties(verb: Token, lex: Lexicon) -> bool:
    """ "The two companies will jointly develop PC products": the subject names the parties told
    before ("the two chipmakers", "both firms")."""
    subject = subject_of(verb)
    if subject is None or subject.tag_ != "NNS" or subject.lemma_.lower() not in lex.one_party_heads:
        return False
    return any(c.lower_ in {"the", "both", "two"} and c.dep_ in {"det", "nummod", "predet"} for c in subject.children)


def pooled_together(verb: Token) -> bool:
    """Companies coordinated as the subject of a sum invested or spent on anything but a company
    ("AMD and Humain agreed to invest $10 billion to build AI infrastructure"): a partnership."""
    return (
        verb.pos_ == "VERB"
        and verb.lemma_.lower() in words("pooling_verbs")
        and _coordinated_companies(verb, told=True)
        and any(c.ent_type_ == "MONEY" for c in verb.children)
        and not any(is_org(g) for c in verb.children if c.dep_ in {"prep", "dobj", "dative"} for g in c.subtree)
    )


def together(verb: Token) -> bool:
    """The verb is done together ("jointly develop", "build ... together")."""
    return verb.pos_ == "VERB" and any(
        c.dep_ == "advmod" and c.lower_ in words("together_words") for c in verb.children
    )


def reciprocal(verb: Token) -> bool:
    """The companies do it to one another: "agreed to cross-license their patents", "will supply
    each other", "invest in one another"; coordinated subjects of such a verb are its two sides."""
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ in words("reciprocal_prefixes"):
        return True
    tokens = [t.lower_ for t in verb.subtree]
    return any(" ".join(tokens[i : i + 2]) in words("reciprocal_phrases") for i in range(len(tokens) - 1))


def _builds_supplies(verb: Token, lex: Lexicon) -> bool:
    """The verb's object is chips, compute, cloud or power: made by a supplier, not together."""
    return any(
        c.dep_ == "dobj" and (c.lemma_.lower() in lex.supply_nouns or c.lower_ in lex.supply_nouns)
        for c in verb.children
    )


def _with_company(verb: Token) -> bool:
    """ "Blackstone agreed to develop a data center campus with CoreWeave": a company subject
    doing it with another company (a "with" on the verb or on its object)."""
    subject = subject_of(verb)
    if subject is None or not (is_org(subject) or _refers_to_company(subject)):
        return False
    return any(company_after(h, "with") for h in [verb, *(c for c in verb.children if c.dep_ == "dobj")])


def _refers_to_company(subject: Token) -> bool:
    """ "it agreed to build a factory with Foxconn", "the company will develop ... with": a
    pronoun or company noun that stands for the company told of."""
    return subject.lower_ in {"it", "they"} or (
        subject.pos_ == "NOUN" and subject.lemma_.lower() in lexicon().one_party_heads
    )


def _coordinated_companies(verb: Token, told: bool = False) -> bool:
    """The verb's subject (or that of the verb it completes) is two or more companies (``told``:
    also through a pronoun, "A and B said they would jointly invest")."""
    subject = subject_of(verb)
    subject = reported_subject(subject) if subject is not None and told else subject
    if subject is None or not is_org(subject):
        return False
    # "OpenAI, SoftBank Group and Oracle": the parser may hang the list on an apposition
    heads = [subject, *(c for c in subject.children if c.dep_ == "appos" and is_org(c))]
    return any(c.dep_ == "conj" and is_org(c) for h in heads for c in h.children)


def new_company(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Sony and Honda established a new company": companies coordinated as the subject of
    founding one company make a joint venture."""
    lemma = token.lemma_.lower()
    if lemma != "own" and lemma not in words("founding_verbs"):
        return None
    verb = token.pos_ == "VERB" or (lemma == "own" and any(c.dep_ == "nsubj" for c in token.children))
    if not verb or found.holds(token):
        return None  # (the tagger may call "own" in "will each own half" an adjective)
    if _founded_by_companies(token):
        return Kind.JOINT_VENTURE, "founded-by"
    if not any(_a_new_company(c) for c in token.children if c.dep_ == "dobj"):
        return None
    return (Kind.JOINT_VENTURE, "found-company") if _coordinated_companies(token) else None


def _new(noun: Token) -> bool:
    return any(c.dep_ == "amod" and c.lower_ in words("new_entity_words") for c in noun.children)


def _founded_by_companies(verb: Token) -> bool:
    """ "the partnership was formed by BlackRock, Microsoft and MGX", "MGX, set up by Mubadala
    and G42": a company founded by two or more companies is their joint venture."""
    if verb.tag_ != "VBN":
        return False
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents or not is_org(agents[0]) or not any(is_org(c) for c in agents[0].conjuncts):
        return False
    created = (
        verb.head if verb.dep_ in {"acl", "relcl"} else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    )
    return created is not None and (is_org(created) or created.lemma_.lower() in words("entity_nouns"))


def _a_new_company(obj: Token) -> bool:
    """ "a new company", "half of the new venture", "Stargate as a new company", "Vidara, a joint
    venture": what the companies found or own together is a company."""
    entities = words("entity_nouns")
    if obj.lemma_.lower() in entities and obj.tag_ == "NN":
        return True
    if obj.lemma_.lower() in words("share_nouns"):  # "will each own half of the new company"
        return any(
            g.lemma_.lower() in entities and g.dep_ == "pobj"
            for c in obj.children
            if c.lower_ == "of"
            for g in c.children
        )
    if is_org(obj):  # "created Stargate as a new company", "unveiled Stargate, a new company"
        return any(
            c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_.lower() in entities for g in c.children)
            for c in [*obj.children, *obj.head.children]
        ) or any(
            c.dep_ == "appos"
            and (
                (c.lemma_.lower() in entities and _new(c)) or c.lemma_.lower() in words("joint_entity_nouns")
            )  # "formed the AI Infrastructure Partnership, a consortium to invest in data centres"
            for c in obj.children
        )
    return False
