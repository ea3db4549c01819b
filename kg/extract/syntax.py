"""Dependency-tree helpers shared by the event rules: paths, clauses and coordinations (what a
deal word takes is in ``kg.extract.taken``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import regulator_word
from kg.extract.parties import Mention
from kg.extract.vocab import words

__all__ = [
    "scope_of",
    "describes_agent",
    "phrase_top",
    "ancestors_of",
    "tree_distance",
    "mention_root",
    "conj_group",
    "below_chain",
    "other_clause",
    "aside",
    "comes_after",
    "other_conjunct",
    "verb_conjunct",
    "subject_holder",
    "subject_of",
    "company_after",
    "first_conjunct",
    "first_conjunct_object",
    "is_org",
    "names_company",
    "relative_clause_chain",
    "definite",
    "clause_scope",
    "antecedent",
    "possessive",
    "has_money_near",
    "deep_recipient",
]


def ancestors_of(token: Token) -> list[Token]:
    """``token`` and its ancestors up to the root."""
    return [token, *token.ancestors]


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree (99 when they share no ancestor)."""
    path_a = ancestors_of(a)
    index = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate(ancestors_of(b)):
        if t.i in index:
            return index[t.i] + n
    return 99


def mention_root(doc: Doc, m: Mention) -> Token:
    """The token a mention hangs from the tree by."""
    if m.root >= 0:
        return doc[m.root]
    return doc[m.start : m.end].root


def _is_conj(token: Token) -> bool:
    return token.dep_ == "conj"


def conj_group(token: Token, link: Callable[[Token], bool] = _is_conj) -> set[int]:
    """Indices of tokens coordinated with ``token`` (both directions); ``link`` says which
    dependents continue the coordination (conjuncts unless told otherwise)."""
    top = first_conjunct(token, link)
    group = {top.i}
    stack = [top]
    while stack:
        t = stack.pop()
        for child in t.children:
            if link(child) and child.i not in group:
                group.add(child.i)
                stack.append(child)
    return group


_CLAUSES = {"advcl", "ccomp", "parataxis", "relcl", "conj"}


def below_chain(trigger: Token, other: Token) -> Iterator[Token]:
    """``other`` and its ancestors up to (not including) the first one on the trigger's clause
    chain: the branch ``other`` hangs from."""
    chain = {t.i for t in ancestors_of(trigger)}
    t = other
    while t.i not in chain and t.head.i != t.i:
        yield t
        t = t.head


def other_clause(trigger: Token, other: Token) -> bool:
    """True when ``other`` sits in a clause that hangs off the trigger's clause chain without
    containing the trigger ("... to stop the takeover, [arguing it would leave Cisco ...]")."""
    return any(t.dep_ in _CLAUSES and t.pos_ in {"VERB", "AUX"} for t in below_chain(trigger, other))


def told_before(trigger: Token, other: Token) -> bool:
    """True when ``trigger`` is the verb of an "after ..."/"since ..." clause that leaves
    ``other`` out ("The MOU brings KT closer to Daon after it invested in Rebellions", "after
    investing in xAI"): the clause tells an earlier deal of its own."""
    markers = words("earlier_markers")
    if trigger.pos_ != "VERB" or other.i in {t.i for t in trigger.subtree}:
        return False
    if trigger.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in markers for c in trigger.children)
    return trigger.dep_ == "pcomp" and trigger.head.lower_ in markers


def comes_after(word: Token, trigger: Token) -> bool:
    """``word`` is in what the deal noun comes after ("The deal follows OpenAI's letter of intent
    with Nvidia"): it speaks of an earlier deal."""
    verb = trigger.head
    if trigger.dep_ != "nsubj" or verb.lemma_.lower() not in words("precedence_verbs"):
        return False
    return word.i in {t.i for c in verb.children if c.dep_ in {"dobj", "prep"} for t in c.subtree}


def aside(word: Token, trigger: Token) -> bool:
    """``word`` sits in a relative clause or apposition that leaves the trigger out ("Samsung,
    which signed an MOU with OpenAI, will supply Nvidia"): it speaks of another deal."""
    for anc in ancestors_of(word)[:6]:
        if anc.dep_ in {"relcl", "appos"}:
            return trigger.i not in {t.i for t in anc.subtree}
    return False


def other_conjunct(trigger: Token, other: Token) -> bool:
    """True when ``other`` belongs to a coordinated verb clause that does not contain the trigger
    ("[agreed to invest in Intel] and [signed a letter of intent ...]")."""
    return any(verb_conjunct(t) for t in below_chain(trigger, other))


def verb_conjunct(token: Token) -> bool:
    """A verb coordinated with "and"/"but"/"or" (not a parser's stray "conj" without one), also
    with a comma in a list that one closes ("signed ..., agreed ... and announced ...")."""
    if token.dep_ != "conj" or token.pos_ not in {"VERB", "AUX"}:
        return False
    between = [c for c in token.head.children if token.head.i < c.i < token.i]
    listed = any(c.text == "," for c in between) and any(c.dep_ == "cc" for c in token.children)
    return listed or any(c.dep_ == "cc" for c in between)


def subject_holder(verb: Token, deps: frozenset[str] = frozenset({"nsubj"})) -> Token:
    """The verb that carries ``verb``'s subject: ``verb`` itself, or the verb it completes or is
    coordinated with ("Kakao agreed to build ...": "agreed"), climbing while it has none of ``deps``."""
    while verb.dep_ in {"xcomp", "conj"} and not any(c.dep_ in deps for c in verb.children):
        verb = verb.head
    return verb


def subject_of(verb: Token, deps: frozenset[str] = frozenset({"nsubj"})) -> Token | None:
    """The subject of ``verb`` or of the verb carrying it (``subject_holder``), None when none."""
    return next((c for c in subject_holder(verb, deps).children if c.dep_ in deps), None)


def reported_subject(subject: Token) -> Token:
    """ "Nokia and Alcatel-Lucent said they would combine": the pronoun subject of a reported
    clause stands for the subject of the reporting verb; any other subject for itself."""
    verb = subject_holder(subject.head)
    if subject.pos_ != "PRON" or verb.dep_ != "ccomp":
        return subject
    return next((c for c in verb.head.children if c.dep_ == "nsubj"), subject)


def company_after(token: Token, preposition: str) -> bool:
    """A ``preposition`` phrase of ``token`` names a company ("access to GPUs from Nscale",
    "a subsidiary of the Public Investment Fund", "a campus with CoreWeave"; "by" also as a
    passive's agent: "a round led by Al Nahda Capital")."""
    return any(
        c.dep_ in {"prep", "agent"}
        and c.lower_ == preposition
        and any(g.dep_ == "pobj" and is_org(g) for g in c.children)
        for c in token.children
    )


def in_list(token: Token) -> bool:
    """A conjunct or an appositive: one more item of a list ("A, B and existing investors C and D")."""
    return token.dep_ in {"conj", "appos"}


def first_conjunct(token: Token, link: Callable[[Token], bool] = _is_conj) -> Token:
    """The first name of the coordination ``token`` is in ("xAI" in "OpenAI and xAI" gives
    "OpenAI"); ``token`` itself when it is in none (``link`` as for :func:`conj_group`)."""
    while link(token) and token.head.i != token.i:
        token = token.head
    return token


def first_conjunct_object(trigger: Token, other: Token) -> bool:
    """True when the trigger sits in a verb conjunct and ``other`` is an object or adjunct of the
    clause that conjunct hangs off (its shared subject stays a party of both)."""
    chain = ancestors_of(trigger)
    index = {t.i: n for n, t in enumerate(chain)}
    branch = other
    while branch.head.i not in index and branch.head.i != branch.i:
        branch = branch.head
    if branch.i in index or branch.head.i not in index:
        return False
    top = index[branch.head.i]
    conjuncts = [t for t in chain[1:top] if verb_conjunct(t)]
    if not conjuncts:
        return False
    if branch.dep_ in {"nsubj", "nsubjpass"}:
        # the first clause's subject is shared unless the conjunct names its own
        # ("Nvidia said it would invest ..., and OpenAI has committed to buy ...")
        return any(c.dep_ in {"nsubj", "nsubjpass"} for v in conjuncts for c in v.children)
    return branch.dep_ not in {"conj", "cc"}


def has_money_near(trigger: Token, sent: Span, window: int = 8, ents: Sequence[Span] | None = None) -> bool:
    """A MONEY entity within ``window`` tokens of the trigger, or governed by it."""
    for ent in sent.ents if ents is None else ents:
        if ent.label_ == "MONEY" and (abs(ent.start - trigger.i) <= window or ent.root.head == trigger):
            return True
    return False


def phrase_top(token: Token) -> Token:
    """The top of the phrase a name heads or sits in, past coordinations, appositions and
    compounds ("Intel" in "with Samsung and Intel": "Samsung", whose head is "with")."""
    while token.dep_ in {"conj", "appos", "compound"} and token.head.i != token.i:
        token = token.head
    return token


def describes_agent(token: Token) -> bool:
    """ "existing" in "existing investors": a word about who the investors are, not about a deal."""
    return token.dep_ == "amod" and token.head.lemma_.lower() in words("agent_nouns")


def is_org(token: Token) -> bool:
    """The token is part of an organisation entity."""
    return token.ent_type_ == "ORG"


def names_company(token: Token) -> bool:
    """A company's name, or a noun in apposition to one ("Redalpine, [the firm] that ...")."""
    return is_org(token) or (token.dep_ == "appos" and is_org(token.head))


def antecedent(token: Token) -> Token:
    """What a relative pronoun stands for ("Slack, [which] it bought": Slack); else the token."""
    verb = token.head
    if token.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    return token


def possessive(doc: Doc, m: Mention) -> bool:
    """The mention is followed by a possessive "'s"."""
    return m.end < len(doc) and doc[m.end].lower_ in {"'s", "’s", "'", "’"}


def relative_clause_chain(trigger: Token, own: bool = False) -> list[Token]:
    """The trigger's ancestors up to the company a relative clause describes ("Wiz, [which counts
    Sequoia among its investors], will join Google": the main clause says nothing of the stake).
    With ``own``, a trigger that is itself the clause's verb stops there too ("Oracle, [which
    bought Cerebras in January], will expand": "will" is not the purchase's stage)."""
    chain: list[Token] = []
    for anc in ancestors_of(trigger):
        chain.append(anc)
        if (
            anc.dep_ == "relcl"
            and anc.pos_ in {"VERB", "AUX"}
            and (own or anc.i != trigger.i)
            and names_company(anc.head)
        ):
            chain.append(anc.head)
            break
        if own and _own_clause(anc):
            break  # "Reliance signed a deal with Google, and Jio counts Meta among its shareholders"
        if own and _supplies_its_head(anc, that=anc.i == trigger.i):
            break  # "analysts expect strong sales of memory, which SK Hynix supplies to Nvidia"
        if own and _company_clause_after(anc):
            break  # "The KFTC opened its review two months after Hanbit announced it would buy Daon"
    return chain


def _company_clause_after(verb: Token) -> bool:
    """An "after"/"before" clause whose subject is a company (no regulator): what the company
    did then, at the stage its own words state, not the main clause's."""
    return (
        verb.dep_ in {"advcl", "ccomp"}  # ("said on Tuesday, a year after X became": read a ccomp)
        and verb.pos_ in {"VERB", "AUX"}
        and any(c.dep_ == "mark" and c.lower_ in {"after", "before"} for c in verb.children)
        and any(c.dep_ == "nsubj" and is_org(c) and not regulator_word(c) for c in verb.children)
    )


def _supplies_its_head(verb: Token, that: bool = False) -> bool:
    """A relative clause whose pronoun is the object of a company's verb ("memory, which SK Hynix
    supplies to Nvidia"): what the company does with the thing, told in a clause of its own.
    With ``that``, when the verb is the deal's own, a "that" the parser tagged a conjunction
    counts too ("a campus that Oracle leases from Crusoe")."""
    children = list(verb.children)
    pronoun_object = any(  # ("that" may be read a marker: "a campus that Nscale has leased")
        (c.dep_ == "dobj" and c.tag_ in {"WDT", "WP"}) or (that and c.lower_ == "that" and c.dep_ in {"dobj", "mark"})
        for c in children
    )
    company_subject = any(  # ("memory, which it supplies to Nvidia": the company again)
        c.dep_ == "nsubj" and (is_org(c) or c.lower_ in {"it", "they", "we"} or _parties_again(c)) for c in children
    )
    return verb.dep_ == "relcl" and pronoun_object and company_subject


def _own_clause(verb: Token) -> bool:
    """A verb coordinated with an earlier one that has a company subject of its own: the
    earlier verb's words say nothing of its clause."""
    return (
        verb.dep_ == "conj"
        and verb.pos_ in {"VERB", "AUX"}
        and verb_conjunct(verb)
        and any(
            c.dep_ in {"nsubj", "nsubjpass"}
            and (is_org(c) or _parties_again(c) or c.lower_ == "it")  # "..., and last year it signed"
            and not regulator_word(c)
            for c in verb.children
        )
    )  # (a regulator's clauses all speak of the deal it reviews)


def _parties_again(subject: Token) -> bool:
    """ "they", "the two companies", "both sides": a subject that names the companies again."""
    if subject.lower_ == "they":
        return True
    return subject.lemma_.lower() in {"company", "side", "firm"} and any(
        c.lower_ in {"two", "both"} for c in subject.children
    )


_SCOPE_DEPS = frozenset(
    {"aux", "auxpass", "neg", "advmod", "prt", "amod", "acomp", "det", "compound", "xcomp", "nmod", "npadvmod", "dobj", "attr", "prep"}
)  # fmt: skip


def clause_scope(trigger: Token, sent: Span) -> set[int]:
    """Token indices whose cues speak about this trigger: its clause chain and modifiers."""
    scope: set[int] = set()
    below: Token | None = None
    for anc in relative_clause_chain(trigger, own=True):
        # "has signed a letter of intent ..., agreed to deploy": of the first verb of a list,
        # only the words before it ("has", "In May") are shared by the verb after it
        shared = below is not None and below.head.i == anc.i and verb_conjunct(below) and below.i > anc.i
        below = anc
        if not shared:
            scope.add(anc.i)
        for child in anc.children:
            if child.dep_ in _SCOPE_DEPS and not (shared and child.i > anc.i):
                scope.add(child.i)
                scope.update(c.i for c in child.children if c.dep_ in {"prt", "prep", "pobj", "aux"})
    for child in trigger.children:
        if child.dep_ in {"prep", "amod", "compound", "nmod"}:
            scope.update(t.i for t in child.subtree if abs(t.i - trigger.i) <= 4)
    return scope


def definite(trigger: Token) -> bool:
    """A deal noun with a definite determiner ("the deal", "this agreement")."""
    return trigger.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} for c in trigger.children
    )


def scope_of(noun: Token) -> list[Token]:
    """What may say a deal noun's scope: its children, and when it is a verb's object (or its
    preposition's, through a particle too: "walked away from talks with X over a cloud contract")
    the prepositions after it on that verb ("signed an MOU on Monday for chips": the parser may hang "for" there)."""
    scopes = list(noun.children)
    verb = noun.head if noun.dep_ in {"dobj", "obj"} else None
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        holder = noun.head.head.head if noun.head.head.dep_ in {"advmod", "prt"} else noun.head.head
        verb = holder if holder.pos_ == "VERB" else verb
    if verb is not None:
        scopes += [c for c in verb.children if c.dep_ == "prep" and c.i > noun.i]
    return scopes


def deep_recipient(trigger: Token, other: Token) -> bool:
    """ "license part of its archive of news stories to OpenAI": a "to" phrase the parser hung
    deep in a transfer verb's object, where it names whom the verb gives to."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in words("transfer_verbs"):
        return False
    if other.dep_ != "pobj" or other.head.lower_ != "to":
        return False
    path = list(other.head.ancestors)
    return trigger in path and all(t.pos_ in {"NOUN", "PROPN", "ADP", "NUM"} for t in path[: path.index(trigger)])
