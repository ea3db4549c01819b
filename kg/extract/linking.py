"""The parties of a trigger: the companies nearest to it in the tree, coordinations kept together,
"between A and B, C and D" paired (coordinated deals split per pair: ``kg.extract.splits``)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from kg.extract.beside import joins_beside
from kg.extract.listing import example_list, generic_example
from kg.extract.parties import Mention
from kg.extract.party_filters import (
    actor_clause,
    acts_in_side_clause,
    describes_not_deals,
    epithet_of_another,
    founder_of_company,
    litigant,
    owner_of_described_unit,
    owns_other_deal,
    rival_of,
    seller_of_stake,
    subject_outside,
    unknown_far_off,
    without_makers,
)
from kg.extract.projects import names_the_project
from kg.extract.round_shapes import raised_round_leader, round_joiner, takes_part
from kg.extract.side_clauses import in_company_relative, in_noun_clause
from kg.extract.supply_verbs import goods_owner
from kg.extract.syntax import (
    ancestors_of,
    below_chain,
    conj_group,
    deep_recipient,
    first_conjunct,
    first_conjunct_object,
    is_org,
    mention_root,
    other_clause,
    other_conjunct,
    phrase_top,
    possessive,
    relative_clause_chain,
    tree_distance,
    verb_conjunct,
)
from kg.extract.vocab import words

__all__ = [
    "between_pairs",
    "list_link",
    "link_parties",
    "clause_party",
    "possessive_owner",
    "possessor_before",
]


def _outside_relative(root: Token, relative_chain: list[Token]) -> bool:
    """``root`` hangs off the main clause, outside the relative clause a trigger sits in
    (``relative_chain``: ``relative_clause_chain`` of the trigger; the described noun itself and
    its coordinations count as inside)."""
    inner = {t.i for t in relative_chain}
    t = root
    while t.i not in inner and t.head.i != t.i:
        if t.dep_ == "conj" and t.head.i in inner:
            return False
        t = t.head
    if t.i not in inner:
        return True
    top = relative_chain[-1]
    return (
        t.i == top.i
        and root.i != top.i
        and root.dep_ not in {"compound", "conj", "appos"}
        and not any(a.i == top.i for a in root.ancestors if a.dep_ in {"compound", "conj", "appos"})
    )


def _deal_word_between(trigger: Token, others: set[int]) -> bool:
    """Another trigger governs this one inside its verb conjunct ("signed [a letter] of intent to invest")."""
    for anc in trigger.ancestors:
        if anc.i in others:
            return True
        if verb_conjunct(anc):
            return False
    return False


def clause_party(trigger: Token, other: Token) -> bool:
    """A company that can be a party of a definite deal noun: in the trigger's clause and either
    close to it or an argument of one of its governing verbs ("Microsoft and OpenAI signed an
    agreement that resets the partnership")."""
    if joins_beside(other, trigger):
        return True  # "joined the round, along with existing backers A and B", "as did A"
    if other_clause(trigger, other):
        return False
    if tree_distance(trigger, other) <= 3:
        return True
    chain = {t.i for t in ancestors_of(trigger)}
    top = other
    while top.head.i != top.i and (top.dep_ in {"conj", "compound", "appos", "poss"} or top.head.dep_ == "agent"):
        top = top.head  # "the round was co-led by A and B": B through A and "by"
    return top.head.i in chain and top.dep_ in {"nsubj", "nsubjpass", "dobj", "agent"}


def between_pairs(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> list[list[Mention]] | None:
    """ "between A and B, C and D" → [[A, B], [C, D]] when four or more companies follow "between"."""
    for t in trigger.subtree:
        if t.i > trigger.i - 1 and t.lower_ == "between":
            after = [m for m in mentions if m.start > t.i]
            if len(after) >= 4 and len(after) % 2 == 0:
                return [after[i : i + 2] for i in range(0, len(after), 2)]
    return None


_Scored = tuple[int, int, Mention]  # (tree distance, token gap, mention)


def list_link(token: Token) -> bool:
    """A conjunct, or an appositive that a conjunct continues: the parser makes the second item
    of "Microsoft, Amazon's innovation fund and Nvidia" an appositive of the first."""
    if token.dep_ == "conj":
        return True
    return token.dep_ == "appos" and is_org(token.head) and any(c.dep_ == "conj" for c in token.children)


def link_parties(
    trigger: Token, mentions: Sequence[Mention], doc: Doc, others: set[int] | None = None
) -> list[Mention]:
    """The mentions a trigger governs: nearest in the tree, coordinations kept together; names
    of projects, rivals and owners of other deal nouns (``others``: their token indices) left out."""
    if not mentions:
        return []
    others = others or set()
    scored = _candidates(trigger, mentions, doc, others)
    if not scored:
        return []
    scored = _in_own_conjunct(trigger, scored, doc, others)
    kept = _without_examples(scored, doc)
    if not kept:
        return []
    return without_makers(_nearest(sorted(kept, key=lambda x: (x[0], x[1])), doc), doc)


def _candidates(trigger: Token, mentions: Sequence[Mention], doc: Doc, others: set[int]) -> list[_Scored]:
    """The mentions that may be the trigger's parties, with their distances to it."""
    scored: list[_Scored] = []
    clause = actor_clause(trigger)  # a side clause of a non-company actor holds all its parties
    for m in mentions:
        root = mention_root(doc, m)
        if (
            names_the_project(root)
            or in_company_relative(trigger, root, others)
            or in_noun_clause(trigger, root)
            or generic_example(root)
            or describes_not_deals(root, doc, m)
            or rival_of(trigger, root)
            or owns_other_deal(trigger, m, doc, others)
            or acts_in_side_clause(trigger, root)
            or subject_outside(trigger, root)
            or (clause is not None and root.i not in clause)
            or epithet_of_another(trigger, root)
            or litigant(trigger, root)
            or founder_of_company(trigger, root)
            or owner_of_described_unit(trigger, root)
            or seller_of_stake(trigger, root)
        ):
            continue
        # "A, B, ... and L": a name late in a list is one step further than the list's first
        dist = min(tree_distance(trigger, root), tree_distance(trigger, first_conjunct(root, list_link)) + 1)
        # "joined the round, along with existing backers A and B": as near as the subject
        dist = (
            2
            if deep_recipient(trigger, root)
            or round_joiner(trigger, root)
            or raised_round_leader(trigger, root)
            or goods_owner(trigger, root)
            or joins_beside(root, trigger)
            else dist
        )
        gap = abs(root.i - trigger.i)
        if dist > 6 and gap > 8:
            continue  # too far from the trigger to be its party
        if not m.known and dist > 3 and unknown_far_off(trigger, root, doc[m.start : m.end].text):
            continue  # unknown names far from the trigger are mostly products, places or people
        scored.append((dist, gap, m))
    return scored


def _in_own_conjunct(trigger: Token, scored: list[_Scored], doc: Doc, others: set[int]) -> list[_Scored]:
    """ "[agreed to invest in Intel] and [signed a letter to invest in OpenAI]": each verb conjunct
    has its own objects; another conjunct's are parties only when this one names too few
    ("invested in OpenAI and has rights to its models")."""
    relative_chain = relative_clause_chain(trigger, own=trigger.pos_ in {"VERB", "AUX"})
    relative = len(relative_chain) < len(ancestors_of(trigger))  # the trigger sits in a relative clause
    own = [
        x
        for x in scored
        if not first_conjunct_object(trigger, mention_root(doc, x[2]))
        and not other_conjunct(trigger, mention_root(doc, x[2]))
        and not (relative and _outside_relative(mention_root(doc, x[2]), relative_chain))
        and not _first_conjuncts_own(trigger, mention_root(doc, x[2]))
    ]
    if len({m.name for _, _, m in own}) >= 2 or _deal_word_between(trigger, others):
        return own  # "signed a letter of intent to invest ...": the letter carries the deal
    # "OpenAI agreed to pay CoreWeave ..., and Meta signed an agreement in September": a verb
    # with its own subject and no other side shares the first verb's object, not its subject
    return [
        x
        for x in scored
        if not _first_conjuncts_subject(trigger, mention_root(doc, x[2]))
        and not _next_conjuncts_subject(trigger, mention_root(doc, x[2]))
        and not _subjects_conjunct(trigger, mention_root(doc, x[2]))
    ]


def _subjects_conjunct(trigger: Token, root: Token) -> bool:
    """ "The group struck a partnership with OpenAI, and it has commissioned supercomputers from
    Cerebras": a coordinated verb with a subject of its own keeps its objects (its subject may
    still be the other side: "talks with Hanbit collapsed, and Daewon booked a loss")."""
    branch = list(below_chain(trigger, root))
    return any(
        verb_conjunct(t) and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children)
        for t in branch[1:]
        if branch[0].dep_ not in {"nsubj", "nsubjpass"} or branch[0].head.i != t.i
    )


def _first_conjuncts_subject(trigger: Token, root: Token) -> bool:
    """The subject of the first of two coordinated verbs, when the trigger's verb has its own."""
    return _first_conjuncts_own(trigger, root) and phrase_top(root).dep_ in {"nsubj", "nsubjpass"}


def _next_conjuncts_subject(trigger: Token, root: Token) -> bool:
    """ "Cisco will provide networking equipment and AMD will provide its chips": the subject of
    the same verb coordinated after the trigger's is that clause's own side, not the trigger's
    other side ("talks with Hanbit collapsed, and Daewon booked a loss": another verb, kept)."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    top = phrase_top(root)
    other = top.head
    return (
        top.dep_ in {"nsubj", "nsubjpass"}
        and other.i != verb.i
        and other.head.i == verb.i
        and other.lemma_ == verb.lemma_
        and verb_conjunct(other)
    )


def _first_conjuncts_own(trigger: Token, root: Token) -> bool:
    """ "Microsoft will pay Anthropic ..., and Apple will pay Google ...": the subject and
    objects of the first of two coordinated verbs are not the second's when it has its own
    subject."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    if verb.dep_ != "conj" or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return False
    top = phrase_top(root)
    return top.head.i == verb.head.i and top.dep_ in {"nsubj", "nsubjpass", "dobj", "dative"}


def _without_examples(scored: list[_Scored], doc: Doc) -> list[_Scored]:
    """Examples of a company's own units ("SoftBank's group companies, including LY") stand for
    it; members of one example list are no parties of each other (then nothing is left)."""
    examples = {id(m): example_list(mention_root(doc, m)) for _, _, m in scored}
    owners = {mention_root(doc, m).i for _, _, m in scored}
    scored = [x for x in scored if not _lists_an_owner(examples[id(x[2])], owners)]
    lists = {examples.get(id(m)) for _, _, m in scored}
    if len(lists) == 1 and None not in lists:
        return []
    return scored


def _lists_an_owner(example: Token | None, owners: set[int]) -> bool:
    """True when the class noun of an example list is owned by another mention ("SoftBank's group companies")."""
    return example is not None and any(c.dep_ == "poss" and c.i in owners for c in example.children)


def _nearest(scored: list[_Scored], doc: Doc) -> list[Mention]:
    """The nearest mentions (``scored`` sorted by distance), one per company, with the companies
    coordinated with them."""
    distinct: dict[str, Mention] = {}
    mentions = [m for _, _, m in scored]
    if len({m.name for m in mentions}) <= 2:
        for m in mentions:
            distinct.setdefault(m.name, m)
        return list(distinct.values())
    best = scored[0][0]
    chosen: list[Mention] = []
    for dist, _, m in scored:
        if dist <= best + 2 or len({c.name for c in chosen}) < 2:
            chosen.append(m)
    roots = {mention_root(doc, m).i: m for m in mentions}
    units = words("investing_unit_nouns")
    for m in list(chosen):
        for i in conj_group(mention_root(doc, m), list_link):
            owners = [c.i for c in doc[i].children if c.dep_ == "poss"] if doc[i].lemma_.lower() in units else []
            for j in [i, *owners]:  # "Amazon's industrial innovation fund" stands for Amazon
                if j in roots and roots[j] not in chosen and (j != i or not possessive(doc, roots[j])):
                    chosen.append(roots[j])
    for m in chosen:
        distinct.setdefault(m.name, m)
    return list(distinct.values())


def round_backers(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> list[Mention]:
    """Companies a raise verb (or the verb of a round noun: "the round was led by") names as the
    round's backers: "raised $1 billion in a round led by X", "with participation from Y"."""
    rounds = words("round_nouns")
    noun = trigger.head if trigger.dep_ == "compound" else trigger  # "a Series C round"
    if trigger.dep_ == "nsubjpass" and trigger.lemma_.lower() in rounds:
        trigger = trigger.head
    elif noun.lemma_.lower() in rounds and noun.dep_ in {"dobj", "obj"} and noun.head.pos_ == "VERB":
        trigger = noun.head  # "closed a $120 million round led by A, with participation from B"
    elif trigger.lemma_.lower() not in words("raise_verbs") or trigger.pos_ != "VERB":
        return []
    backers: list[Mention] = []
    marks = rounds | {"participation"}
    for m in mentions:
        root = mention_root(doc, m)
        above = list(root.ancestors)
        if trigger not in above:
            continue
        between = above[: above.index(trigger)]
        if any(
            t.dep_ == "prep"
            and t.lower_ in {"in", "into", "for"}
            and t.head.pos_ == "NOUN"
            and t.head.lemma_.lower() in rounds
            for t in between
        ):
            continue  # "led a round in Orvane": the company the round is for
        if any(t.lemma_.lower() in marks or takes_part(t) for t in between) or (
            # "raised $500 million from Blackstone", "... from a group of investors led by Blackstone"
            (root.dep_ == "pobj" and root.head.lower_ == "from") or (between and _from_the_raise(between[-1], trigger))
        ):
            backers.append(m)
    return backers


def with_round_backers(trigger: Token, linked: list[Mention], mentions: Sequence[Mention], doc: Doc) -> list[Mention]:
    """``linked`` with the backers a raise names (:func:`round_backers`); a round with backers
    of its own does not take the objects of the clause its verb follows ("counts A among its
    backers and raised $300 million in a round led by B": B's round)."""
    backers = round_backers(trigger, mentions, doc)
    if backers:
        linked = [m for m in linked if not _head_clause_object(trigger, mention_root(doc, m))]
    return linked + [m for m in backers if m.name not in {x.name for x in linked}]


def _head_clause_object(verb: Token, other: Token) -> bool:
    """ "Quintex counts A among its backers and raised ...": ``other`` is an object or adjunct of
    the verb the coordinated ``verb`` follows (that clause's own; its subject is shared)."""
    if not verb_conjunct(verb):
        return False
    branch = other
    while branch.head.i != verb.head.i and branch.head.i != branch.i:
        branch = branch.head
    return branch.head.i == verb.head.i and branch.dep_ not in {"nsubj", "nsubjpass", "cc", "conj"}


def _from_the_raise(branch: Token, trigger: Token) -> bool:
    """A raise verb's "from" phrase, or a lead verb's agent ("led by funds managed by BlackRock")."""
    by = branch.dep_ == "agent" and trigger.lemma_.lower() == "lead"
    return branch.head.i == trigger.i and (by or (branch.dep_ == "prep" and branch.lower_ == "from"))


def possessive_owner(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> Mention | None:
    """ "Informatica ... through its existing partnerships with AWS": a deal noun owned by a
    pronoun belongs to the company that is the subject of its clause."""
    noun = trigger if trigger.pos_ in {"NOUN", "PROPN"} else None
    if noun is None or not any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in noun.children):
        return None
    by_root = {mention_root(doc, m).i: m for m in mentions}
    for anc in list(noun.ancestors)[:6]:
        for child in anc.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i in by_root:
                return by_root[child.i]
    return None


def possessor_before(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> Mention | None:
    """ "Nvidia's planned $100 billion investment": the company in the possessive right before a
    deal noun owns it, however the parser hung the "'s"."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return None
    for m in mentions:
        if possessive(doc, m) and 0 < trigger.i - m.end <= 6:
            between = doc[m.end + 1 : trigger.i]
            if not any(
                t.is_punct
                and t.text not in {"$", "-"}
                or t.pos_ in {"CCONJ", "ADP", "VERB"}
                and t.tag_ not in {"VBN", "VBD"}
                for t in between
            ) and not any(t.pos_ in {"NOUN", "PROPN"} and t.ent_type_ == "ORG" for t in between):
                return m
    return None
