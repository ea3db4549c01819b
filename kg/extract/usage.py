"""Use of another company's content, technology, models or compute: licences (rights to its
models, paying or letting a company use its content), integrations (its models built into a
product) and supply (a company using another's cloud or chips)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon
from kg.extract.purposes import purpose_clauses
from kg.extract.syntax import (
    antecedent,
    company_after,
    is_org,
    subject_holder,
    subject_of,
)
from kg.extract.taken import direct_objects
from kg.extract.vocab import words
from kg.records import Kind

if TYPE_CHECKING:
    from kg.extract.shapes import Found

__all__ = ["ip_rights", "uses_content", "pay_to_use", "let_use", "integration", "uses_compute"]


def ip_rights(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Microsoft retains rights to OpenAI's intellectual property", "gets access to OpenAI's
    models": rights to or access to a company's technology is a licence; access to its chips or
    compute ("access to Google's TPUs") is supply."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in {"right", "access"} or found.holds(token):
        return None
    verb = token.head
    holder = any(c.dep_ in {"nsubj", "dative"} and is_org(antecedent(c)) for c in verb.children) or any(
        c.dep_ in {"poss", "compound"} and is_org(c) for c in token.children
    )  # "Microsoft retains rights", "Microsoft, which has rights", "Microsoft's rights to", "gives OpenAI access"
    if not holder:
        return None  # "users get access to OpenAI's models": no company holds the rights
    granted = verb.lemma_.lower() in words("granting_verbs") and any(
        c.dep_ == "nsubj" and is_org(antecedent(c)) for c in verb.children
    )  # "Reddit gave OpenAI access to its data": "its" is the giver's
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ != "to":
            continue
        for obj in prep.children:
            things = [obj, *(c for c in obj.children if c.dep_ == "conj")]
            owned = any(
                c.dep_ == "poss" and (is_org(c) or (granted and c.lower_ in {"its", "their"})) for c in obj.children
            )
            if owned and any(t.lemma_.lower() in words("ip_nouns") or _content_noun(t) for t in things):
                return Kind.LICENSING, "rights-to-technology"  # "access to The Atlantic's archive" too
            sourced = (
                owned or company_after(token, "from") or company_after(obj, "from")
            )  # "access to GPUs from Nscale"
            if (
                sourced
                and token.lemma_.lower() == "access"
                and any(t.lemma_.lower() in lex.supply_nouns for t in things)
            ):
                return Kind.SUPPLY, "access-to-compute"  # "obtained access to Google's TPUs"
    return None


def uses_content(noun: Token) -> bool:
    """ "a deal giving Google access to its data", "a partnership to display its content in
    ChatGPT", "will provide training data under a deal": a deal word whose purpose is using
    someone's content, data or archive."""
    clauses = purpose_clauses(noun) + [c for c in noun.children if c.dep_ in {"acl", "relcl"}]  # "under which"
    if noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.pos_ == "VERB":
        clauses.append(noun.head.head)  # "agreed to provide OpenAI with training data under a six-year deal"
    if any(c.dep_ == "compound" and _content_noun(c) for c in noun.children):
        return True  # "a training data deal", "a content agreement" ("a data center deal" compounds "center")
    return any(_content_object(verb) for verb in clauses)


def _content_noun(token: Token) -> bool:
    """Content, data or an archive (by lemma or word: the lemmatizer turns "data" into "datum")."""
    content = words("content_nouns")
    return token.lemma_.lower() in content or token.lower_ in content


def _content_object(verb: Token) -> bool:
    """A verb of use, access or display whose object (or "access to" object) is content."""
    if verb.lemma_.lower() not in words("content_use_verbs"):
        return False
    for t in verb.subtree:
        if t.i != verb.i and _content_noun(t) and t.dep_ != "compound" and t.tag_ in {"NN", "NNS"}:
            return True
    return False


def _service_object(verb: Token) -> bool:
    """ "to use Claude models", "to use Gemini": a verb of use whose object is AI models or
    services, or a product's proper name (the paid use of an AI service)."""
    if verb.lemma_.lower() not in words("content_use_verbs") - words("licensing_verbs"):
        return False  # "paid Inflection $650 million to license its models": a licence
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    return any(o.lemma_.lower() in words("ai_service_nouns") or (o.pos_ == "PROPN" and not is_org(o)) for o in objects)


def pay_to_use(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Amazon agreed to pay The New York Times $20 million a year to use its content": paying a
    company to use its content is a licence; spending money on what a company owns buys it."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in words("paying_verbs") or found.holds(token):
        return None
    if _spends_on_company(token):
        return Kind.SUPPLY, "spend-on-company"  # "agreed to spend $3 billion a year on OpenAI's products"
    if not any(is_org(c) for c in token.children if c.dep_ in {"dobj", "dative"}):
        return None
    if any(_content_object(c) for c in token.children if c.dep_ in {"advcl", "xcomp"}):
        return Kind.LICENSING, "pay-to-use"
    if any(_service_object(c) for c in token.children if c.dep_ in {"advcl", "xcomp"}):
        return Kind.SUPPLY, "pay-to-use-service"  # "will pay Anthropic to use Claude models in Copilot"
    for bought in (g for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children):
        if bought.lemma_.lower() in lex.supply_nouns | words("ai_service_nouns") or (
            bought.lemma_.lower() == "access"
            and any(t.lemma_.lower() in words("ai_service_nouns") for t in bought.subtree)
        ):  # "agreed to pay Scale AI for data labeling services", "will pay OpenAI for access to its models"
            return Kind.SUPPLY, "pay-for-services"
        if _content_noun(bought) or (
            bought.lemma_.lower() in {"access", "right", "use"} and any(_content_noun(t) for t in bought.subtree)
        ):
            return (
                Kind.LICENSING,
                "pay-for-content",
            )  # "will pay Reddit for access to its data", "for the use of its photos"
    return None


def _spends_on_company(verb: Token) -> bool:
    """A company spending money on what another company owns ("on OpenAI's products", "to deploy
    OpenAI's products") buys it; "it" may stand for the company ("said it would spend")."""
    subject = subject_of(verb)
    if subject is None or not (is_org(antecedent(subject)) or subject.lower_ in {"it", "they"}):
        return False
    if not any(c.ent_type_ == "MONEY" for c in verb.subtree):
        return False
    bought = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children]
    bought += [  # "to deploy OpenAI's products": what the money is spent to use
        o
        for c in verb.children
        if c.dep_ in {"xcomp", "advcl"} and c.lemma_.lower() in words("buyer_verbs") | words("use_verbs")
        for o in c.children
        if o.dep_ in {"dobj", "obj"}
    ]
    return any(c.dep_ == "poss" and is_org(c) for b in bought for c in b.children)


def let_use(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "agreed to let OpenAI use its archive", "allows Google to display its content": letting a
    company use one's content is a licence."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in words("permission_verbs") or found.holds(token):
        return None
    for clause in (c for c in token.children if c.dep_ in {"ccomp", "xcomp"}):
        user = [c for c in [*clause.children, *token.children] if c.dep_ in {"nsubj", "dobj"} and is_org(c)]
        if user and _content_object(clause):
            return Kind.LICENSING, "let-use-content"
    return None


def integration(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Kakao agreed to build OpenAI's models into its services", "Alexa would be powered by
    Anthropic's models", "make Mistral's models available to Azure customers": one company's
    models or technology built into another's products is a partnership."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in words("integration_verbs") or found.holds(token):
        return None
    things = direct_objects(token) + [g for c in token.children if c.dep_ == "agent" for g in c.children]
    owners = {
        c.i
        for t in things
        if t.lemma_.lower() in words("ip_nouns")
        for c in t.children
        if c.dep_ in {"poss", "compound"} and is_org(c)
    }
    if not owners:
        return None
    others = [t for t in token.subtree if is_org(t) and t.i not in owners and t.dep_ != "compound"]
    subjects = frozenset({"nsubj", "nsubjpass"})  # "Kakao agreed to build ...": the verb it completes
    subject = subject_of(token, subjects)
    if subject is not None:
        others += [subject] if is_org(subject) else [c for c in subject.children if c.dep_ == "poss" and is_org(c)]
    return (Kind.PARTNERSHIP, "integrates-models") if others else None


def uses_compute(
    token: Token, sent: Span, lex: Lexicon, ents: Sequence[Span] | None, found: Found
) -> tuple[Kind, str] | None:
    """ "Meta agreed to use Google Cloud", "xAI uses Oracle's cloud": a company using another's
    cloud, chips or compute buys them. The thing used is named by the company ("Google Cloud")
    or owned by it ("Oracle's cloud", "Google's TPUs"); a company subject uses it."""
    if token.lemma_.lower() not in words("use_verbs") or found.holds(token):
        return None
    if token.pos_ == "NOUN":  # "expand its use of Google's chips": the user owns the noun
        if token.lemma_.lower() != "use" or not _users_noun(token):
            return None
        objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    else:
        verb = subject_holder(token)  # "agreed to use": the subject of the verb above
        if not any(c.dep_ == "nsubj" and is_org(antecedent(c)) for c in verb.children):
            return None
        objects = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
    for obj in objects:
        supply = obj.lemma_.lower() in lex.supply_nouns
        named = supply and is_org(obj)  # "Google Cloud", a company's own name for its cloud
        owned = supply and any(c.dep_ == "poss" and is_org(c) for c in obj.children)
        if named or owned:
            return Kind.SUPPLY, "uses-compute"
    return None


def _users_noun(noun: Token) -> bool:
    """A company's use ("Anthropic's use of"), or "its use" in a clause a company is the subject of."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return False
    if is_org(owner):
        return True
    verb = subject_holder(noun.head if noun.dep_ in {"dobj", "pobj"} else noun)
    subjects = [antecedent(c) for c in verb.children if c.dep_ == "nsubj"]
    return owner.lower_ in {"its", "their"} and any(is_org(t) or t.lower_ in {"it", "they"} for t in subjects)
