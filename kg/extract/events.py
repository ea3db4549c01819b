"""Doc → event candidates: agreement triggers, parties from the parse, status, date, amount.

Per sentence: the company mentions (:mod:`kg.extract.parties`), the cues that
``kg_cues_v1`` marked (:mod:`kg.extract.lexicon`), then for each agreement trigger

* its parties: the companies nearest to it in the dependency tree (ties broken by token
  distance), coordinations kept together ("Microsoft and Nvidia will invest ... in
  Anthropic" is one investment with three parties), "between A and B, C and D" paired;
  with fewer than two, a reference ("the companies", "the deal", "the startup") borrows the
  parties of the latest event;
* its status: cues in the trigger's clause (its ancestors and their auxiliaries, negations
  and modifiers) with a fixed precedence, sentence-wide for MOU/LOI and termination cues,
  else the tense of the governing verb;
* date (DATE entities via :func:`kg.extract.dates.resolve_date`; main news with none gets
  the publication month), amount (nearest MONEY entity), roles and a confidence.

Then per article: generic deals take the kind of the same parties' earlier event, claims
are deduplicated per (kind, parties, status), and weak duplicates are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.dates import resolve_date
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.money import parse_amount
from kg.extract.parties import Mention, dateline_end, sentence_mentions
from kg.extract.pipeline import CUES_KEY
from kg.extract.vocab import words
from kg.records import Article, EventCandidate, Evidence, Kind, Money, PartialDate, Party, Role, Status
from kg.resolve.gazetteer import Gazetteer

__all__ = ["extract_events", "extract_articles", "EXTRACTOR"]

EXTRACTOR = "kg.rules.v1"

SPECIFIC = {Kind.INVESTMENT, Kind.ACQUISITION, Kind.MERGER, Kind.JOINT_VENTURE, Kind.LICENSING, Kind.SUPPLY}
GENERAL = {Kind.PARTNERSHIP, Kind.MOU}
#: Status precedence when several cues meet in one clause (first wins).
PRECEDENCE = (
    "terminated",
    "blocked",
    "under_review",
    "non_binding",
    "negotiating",
    "rumored",
    "future",
    "completed",
    "signed",
    "announce",
)
_SENTENCE_WIDE = {"non_binding"}
_MAX_PARTIES = 4
_DIRECTED = {Kind.INVESTMENT, Kind.ACQUISITION, Kind.LICENSING, Kind.SUPPLY}


@dataclass
class _Trigger:
    token: Token
    kind: Kind | None  # None = generic deal word
    label: str


@dataclass
class _Raw:
    """An event before the article-level pass."""

    kind: Kind | None
    status: Status
    explicit: bool
    parties: tuple[Party, ...]
    sent: Span
    trigger: Token
    date: PartialDate | None
    amount: Money | None
    confidence: float
    background: bool
    borrowed: bool
    order: int
    defaulted: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parties)


# --------------------------------------------------------------------------- parse helpers


def _ancestors(token: Token) -> list[Token]:
    return [token, *token.ancestors]


def _tree_distance(a: Token, b: Token) -> int:
    path_a = _ancestors(a)
    index = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate(_ancestors(b)):
        if t.i in index:
            return index[t.i] + n
    return 99


def _mention_root(doc: Doc, m: Mention) -> Token:
    if m.root >= 0:
        return doc[m.root]
    return doc[m.start : m.end].root


def _conj_group(token: Token) -> set[int]:
    """Indices of tokens coordinated with ``token`` (both directions)."""
    top = token
    while top.dep_ == "conj" and top.head is not top:
        top = top.head
    group = {top.i}
    stack = [top]
    while stack:
        t = stack.pop()
        for child in t.children:
            if child.dep_ == "conj" and child.i not in group:
                group.add(child.i)
                stack.append(child)
    return group


_CLAUSES = {"advcl", "ccomp", "parataxis", "relcl", "conj"}


def _below_chain(trigger: Token, other: Token) -> Iterator[Token]:
    """``other`` and its ancestors up to (not including) the first one on the trigger's clause
    chain: the branch ``other`` hangs from."""
    chain = {t.i for t in _ancestors(trigger)}
    t = other
    while t.i not in chain and t.head.i != t.i:
        yield t
        t = t.head


def _other_clause(trigger: Token, other: Token) -> bool:
    """True when ``other`` sits in a clause that hangs off the trigger's clause chain without
    containing the trigger ("... to stop the takeover, [arguing it would leave Cisco ...]")."""
    return any(t.dep_ in _CLAUSES and t.pos_ in {"VERB", "AUX"} for t in _below_chain(trigger, other))


def _other_conjunct(trigger: Token, other: Token) -> bool:
    """True when ``other`` belongs to a coordinated verb clause that does not contain the trigger
    ("[agreed to invest in Intel] and [signed a letter of intent ...]")."""
    return any(_verb_conjunct(t) for t in _below_chain(trigger, other))


def _verb_conjunct(token: Token) -> bool:
    """A verb coordinated with "and"/"but"/"or" (not a parser's stray "conj" without one)."""
    return (
        token.dep_ == "conj"
        and token.pos_ in {"VERB", "AUX"}
        and any(c.dep_ == "cc" and token.head.i < c.i < token.i for c in token.head.children)
    )


def _in_company_relative(trigger: Token, root: Token, others: set[int]) -> bool:
    """``root`` sits in a relative clause about a company that does not hold the trigger but
    holds a deal word of its own ("Scale AI, [whose backers include Nvidia], was valued in a
    funding round"): that clause tells its own deal."""
    for t in _below_chain(trigger, root):
        if t.dep_ == "relcl" and t.pos_ in {"VERB", "AUX"} and _is_org_token(t.head):
            return any(d.i in others for d in t.subtree)
    return False


def _outside_relative(root: Token, relative_chain: list[Token]) -> bool:
    """``root`` hangs off the main clause, outside the relative clause a trigger sits in
    (``relative_chain``: ``_relative_clause_chain`` of the trigger; the described noun itself and
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
        if _verb_conjunct(anc):
            return False
    return False


def _first_conjunct_object(trigger: Token, other: Token) -> bool:
    """True when the trigger sits in a verb conjunct and ``other`` is an object or adjunct of the
    clause that conjunct hangs off (its shared subject stays a party of both)."""
    chain = _ancestors(trigger)
    index = {t.i: n for n, t in enumerate(chain)}
    branch = other
    while branch.head.i not in index and branch.head.i != branch.i:
        branch = branch.head
    if branch.i in index or branch.head.i not in index:
        return False
    top = index[branch.head.i]
    conjuncts = [t for t in chain[1:top] if _verb_conjunct(t)]
    if not conjuncts:
        return False
    if branch.dep_ in {"nsubj", "nsubjpass"}:
        # the first clause's subject is shared unless the conjunct names its own
        # ("Nvidia said it would invest ..., and OpenAI has committed to buy ...")
        return any(c.dep_ in {"nsubj", "nsubjpass"} for v in conjuncts for c in v.children)
    return branch.dep_ not in {"conj", "cc"}


def _clause_party(trigger: Token, other: Token) -> bool:
    """A company that can be a party of a definite deal noun: in the trigger's clause and either
    close to it or an argument of one of its governing verbs ("Microsoft and OpenAI signed an
    agreement that resets the partnership")."""
    if _other_clause(trigger, other):
        return False
    if _tree_distance(trigger, other) <= 3:
        return True
    chain = {t.i for t in _ancestors(trigger)}
    top = other
    while top.dep_ in {"conj", "compound", "appos", "poss"} and top.head.i != top.i:
        top = top.head
    return top.head.i in chain and top.dep_ in {"nsubj", "nsubjpass", "dobj", "agent"}


def _has_money_near(trigger: Token, sent: Span, window: int = 8, ents: Sequence[Span] | None = None) -> bool:
    for ent in sent.ents if ents is None else ents:
        if ent.label_ == "MONEY" and (abs(ent.start - trigger.i) <= window or ent.root.head == trigger):
            return True
    return False


# --------------------------------------------------------------------------- triggers


def _sentence_cues(doc: Doc, sent: Span) -> list[Span]:
    return [s for s in doc.spans.get(CUES_KEY, ()) if sent.start <= s.start and s.end <= sent.end]


def _object_lemmas(token: Token) -> set[str]:
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in {"dobj", "obj", "attr", "pobj", "nsubjpass"}:
            out.add(child.lemma_.lower())
            out.update(c.lemma_.lower() for c in child.children if c.dep_ in {"compound", "amod"})
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    out.add(grand.lemma_.lower())
    return out


def _is_org_token(token: Token) -> bool:
    return token.ent_type_ == "ORG"


def _direct_objects(trigger: Token) -> list[Token]:
    """The thing a buy/acquire trigger takes: its object ("buy Arm", "buy a stake"), the ``of``
    complement of a noun trigger ("purchase of Arm"), the passive subject ("was acquired"),
    through quantities ("$250 billion of Azure services", "49% of Scale") and coordinations."""
    heads: list[Token] = []
    passive = any(c.dep_ == "auxpass" for c in trigger.children)
    for child in trigger.children:
        if child.dep_ in {"dobj", "obj"} or (passive and child.dep_ == "nsubjpass"):
            heads.append(child)
        elif child.dep_ == "prep" and child.lower_ == "of" and trigger.pos_ in {"NOUN", "PROPN"}:
            heads.extend(g for g in child.children if g.dep_ == "pobj")
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.pos_ in {"NOUN", "PROPN"}:
        heads.append(trigger.head)  # "the startup acquired by Nvidia"
    out: list[Token] = []
    for head in heads:
        seen = 0
        while (
            head.lemma_.lower() in words("quantity_heads") or head.ent_type_ in {"MONEY", "PERCENT", "CARDINAL"}
        ) and seen < 3:
            nxt = [
                g
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            if not nxt:
                break
            head, seen = nxt[0], seen + 1
        out.append(head)
        out.extend(t for t in head.conjuncts)
    return out


def _object_kind(trigger: Token, lex: Lexicon) -> Kind | str | None:
    """The kind a buy/acquire trigger states by what it takes: a company → acquisition, shares
    or a stake → investment, chips/cloud/compute → supply, other things → ``"skip"``;
    ``None`` when it has no object to judge by."""
    objects = _direct_objects(trigger)
    if not objects:
        return None
    for obj in objects:
        if (
            _is_org_token(obj)
            or obj.lemma_.lower() in lex.one_party_heads
            or any(_is_org_token(c) and c.dep_ == "appos" for c in obj.children)
        ):
            return Kind.ACQUISITION
        if _describes_next_company(obj, lex):
            return Kind.ACQUISITION
    lemmas = set()
    for obj in objects:
        lemmas.add(obj.lemma_.lower())
        lemmas.update(c.lemma_.lower() for c in obj.children if c.dep_ in {"compound", "amod", "nmod"})
    if lemmas & words("equity"):
        return Kind.INVESTMENT
    if lemmas & lex.supply_nouns:
        return Kind.SUPPLY
    if any(o.pos_ == "PROPN" for o in objects):
        return Kind.ACQUISITION  # an unknown proper name is most often a company
    if trigger.lemma_.lower() in {"acquire", "acquisition"}:
        return None
    return "skip" if lemmas & lex.not_company_objects or any(o.pos_ == "NOUN" for o in objects) else None


def _describes_next_company(obj: Token, lex: Lexicon) -> bool:
    """ "buy cloud security startup Wiz": the object's words describe the company named right after
    them, even when the parser reads "startup" as a verb."""
    doc = obj.doc
    for i in range(obj.i + 1, min(len(doc), obj.i + 4)):
        t = doc[i]
        if _is_org_token(t):
            return any(doc[j].lower_ in lex.one_party_heads for j in range(obj.i, i))
        if t.is_punct or t.pos_ in {"ADP", "CCONJ", "DET", "PRON"}:
            return False
    return False


def _provider_without_client(root: Token) -> bool:
    """ "the only cloud provider" describes a company; "Anthropic's cloud provider" states a deal."""
    noun = root if root.lemma_.lower() in words("provider_nouns") else root.head
    if noun.lemma_.lower() not in words("provider_nouns"):
        return False
    for child in noun.children:
        if child.dep_ == "poss":
            return False
        if (
            child.dep_ == "prep"
            and child.lower_ in {"for", "to", "of"}
            and any(_is_org_token(g) for g in child.subtree)
        ):
            return False
    return True


def _invests_in_things(token: Token) -> bool:
    """ "invest $500 billion in US data centers": the money goes into assets, not a company."""
    targets = [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in {"in", "into"}
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if not targets:
        return False
    return (
        all(t.pos_ == "NOUN" and not _is_org_token(t) and not t.ent_type_ for t in targets)
        and not any(_is_org_token(g) for t in targets for g in t.subtree)
        and all(t.lemma_.lower() not in lexicon().one_party_heads for t in targets)
    )


def _bare_holder(token: Token) -> bool:
    """ "convince investors that ..." names no stake; "its investors include Amazon", "backed by
    investors including Microsoft", "Anthropic's backer", "a backer of X", "X, its largest
    investor" do."""
    if token.lemma_.lower() not in words("holders") or token.pos_ != "NOUN":
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.ent_type_ == "ORG" and nxt.ent_iob_ == "B" and token.tag_ == "NN":
        return True  # "the Abu Dhabi investor MGX": a title before a name, no stake stated
    for child in token.children:
        if child.dep_ in {"poss", "compound", "appos"}:
            return False
        if child.dep_ in {"prep", "acl"} and child.lower_ in {"of", "in", "including", "include", "such", "like"}:
            return False
        if child.dep_ == "prep" and any(_is_org_token(g) for g in child.subtree):
            return False
    head = token.head
    if token.dep_ in {"appos", "attr", "conj"} or head.lemma_.lower() in words("listing_verbs"):
        return False
    if token.dep_ == "pobj" and head.lower_ in {"by", "among", "with"}:
        return not any(_is_org_token(g) for g in token.subtree)
    return True


def _find_triggers(
    sent: Span, cues: Sequence[Span], lex: Lexicon, ents: Sequence[Span] | None = None
) -> list[_Trigger]:
    triggers: list[_Trigger] = []
    seen: set[tuple[int, Kind | None]] = set()

    def add(token: Token, kind: Kind | None, label: str) -> None:
        if (token.i, kind) not in seen:
            seen.add((token.i, kind))
            triggers.append(_Trigger(token, kind, label))

    for cue in cues:
        label = cue.label_
        root = cue.root
        if any(t.ent_type_ == "ORG" for t in cue):
            continue  # "Canada Pension Plan Investment Board" names a company, it is no investment cue
        if label.startswith("kind:"):
            kind = Kind(label.split(":", 1)[1])
            lemma = root.lemma_.lower()
            if (
                kind is Kind.INVESTMENT
                and lemma in {"commit", "commitment"}
                and any(
                    c.dep_ in {"xcomp", "acl"} and c.lemma_.lower() in words("commit_purchase_verbs")
                    for c in root.children
                )
            ):
                continue  # "committed to buy $300 billion of computing power": a purchase, not a stake
            if (
                len(cue) == 1
                and lemma in lex.needs_money
                and not _has_money_near(root, sent, ents=ents)
                and not any(c.dep_ == "dobj" and c.lemma_.lower() in words("money_nouns") for c in root.children)
            ):
                continue  # "raise", "commit" speak of a deal only with a sum ("$2 billion", "funds")
            if kind is Kind.SUPPLY and _provider_without_client(root):
                continue
            if kind is Kind.ACQUISITION and lemma in {"buy", "purchase"} and root.pos_ != "VERB":
                if not any(c.lower_ == "of" and any(_is_org_token(g) for g in c.subtree) for c in root.children):
                    continue
            if kind is Kind.ACQUISITION and lemma in words("judged_by_object"):
                decided = _object_kind(root, lex)
                if decided is not None:
                    if decided == "skip":
                        continue
                    add(root, decided, label)
                    continue
            if kind is Kind.ACQUISITION and lemma in {"buy", "purchase"} and len(cue) == 1:
                objects = _object_lemmas(root) | {
                    t.lemma_.lower() for t in root.subtree if abs(t.i - root.i) <= 8 and t.pos_ in {"NOUN", "PROPN"}
                }
                if objects & words("bought_equity"):
                    kind = Kind.INVESTMENT
                elif objects & lex.supply_nouns:
                    kind = Kind.SUPPLY
                elif objects & lex.not_company_objects:
                    continue
                elif not any(_is_org_token(c) for c in root.subtree) and root.pos_ == "VERB":
                    # "buy" with no organization in its reach: a purchase of things, not a takeover
                    if not any(
                        c.dep_ in {"dobj", "pobj"} and c.lemma_.lower() in lex.one_party_heads for c in root.subtree
                    ):
                        continue
            if kind is Kind.PARTNERSHIP and lemma == "work" and root.pos_ != "VERB":
                continue  # "their work with Scale" is a customer's use, "work with" as a verb is a tie
            if kind is Kind.INVESTMENT and lemma == "invest" and _invests_in_things(root):
                continue  # "a venture that plans to invest $500 billion in data centers"
            if kind is Kind.PARTNERSHIP and lemma in words("partnership_needs_company"):
                if not any(_is_org_token(c) for c in root.subtree):
                    continue
            if kind is Kind.INVESTMENT and lemma in {"fund", "equity"} and root.pos_ != "VERB" and len(cue) == 1:
                continue
            if kind is Kind.INVESTMENT and len(cue) == 1 and _bare_holder(root):
                continue
            add(root, kind, label)
        elif label == "generic":
            if root.pos_ in {"VERB", "AUX"} and root.lower_ in {"according", "contracted", "accorded"}:
                continue  # "according to OpenAI" is no accord
            if root.pos_ == "NOUN" and any(
                c.dep_ in {"compound", "amod"}
                and c.lower_ in lex.supply_nouns
                and c.lower_ not in words("vague_supply")
                for c in root.children
            ):
                add(root, Kind.SUPPLY, label)  # "a cloud contract", "computing deals": what is bought names the kind
                continue
            if (
                root.pos_ == "NOUN"
                and any(c.dep_ in {"compound", "nmod", "amod"} and c.lower_ in {"stock", "cash"} for c in root.children)
                and not any(t.lemma_.lower() in words("merger_words") for t in sent)
            ):
                add(root, Kind.ACQUISITION, label)  # "an all-stock deal", "a cash-and-stock transaction"
                continue
            add(root, None, label)
    for token in sent:
        lemma = token.lemma_.lower()
        if (
            lemma in {"offer", "bid"}
            and token.pos_ == "NOUN"
            and token.i not in {t.token.i for t in triggers}
            and _has_money_near(token, sent, 4, ents)
            and token.i + 2 < sent.end
            and sent.doc[token.i + 1].lower_ in {"from", "for", "by"}
            and any(_is_org_token(t) for t in sent.doc[token.i + 2 : min(sent.end, token.i + 5)])
        ):
            add(token, Kind.ACQUISITION, "offer")  # "walked away from a $23 billion offer from Google"
        if lemma == "round" and token.pos_ == "NOUN" and token.i not in {t.token.i for t in triggers}:
            governor = token.head.head if token.dep_ == "pobj" else token.head
            if token.dep_ in {"dobj", "pobj"} and governor.lemma_.lower() in words("round_verbs"):
                add(token, Kind.INVESTMENT, "round")  # "was in talks to lead the round", "joined the round"
        if (
            lemma == "pay"
            and token.pos_ == "VERB"
            and any(
                c.dep_ == "prep"
                and c.lower_ == "for"
                and any(_is_org_token(g) and g.dep_ == "pobj" for g in c.children)
                for c in token.children
            )
        ):
            add(token, Kind.ACQUISITION, "verb:pay-for")  # "will pay $9 billion for Core Scientific"
        if lemma in lex.supply_verbs and token.pos_ in {"VERB", "AUX"}:
            nouns = [t for t in token.subtree if t.lemma_.lower() in lex.supply_nouns and abs(t.i - token.i) <= 10]
            strong = lemma in words("supply_strong_verbs")
            near_company = any(_is_org_token(t) and _tree_distance(token, t) <= 4 for t in sent)
            takes_company = any(
                _is_org_token(o) or o.lemma_.lower() in lex.one_party_heads or _describes_next_company(o, lex)
                for o in _direct_objects(token)
            ) and not any(  # "provide OpenAI with 4.5 gigawatts of capacity": the company is the client
                c.dep_ == "prep" and c.lower_ == "with" and any(t.lemma_.lower() in lex.supply_nouns for t in c.subtree)
                for c in token.children
            )
            if nouns and near_company and not takes_company and (strong or _has_money_near(token, sent, 10, ents)):
                add(token, Kind.SUPPLY, "verb:supply")
        if token.lower_ == "backed" or (lemma == "back" and token.pos_ == "VERB"):
            prev = token.nbor(-1) if token.i > sent.start else None
            epithet = (
                prev is not None and prev.text == "-" and token.i - 2 >= sent.start and _is_org_token(token.nbor(-2))
            )
            agent = any(c.dep_ == "agent" and any(_is_org_token(g) for g in c.subtree) for c in token.children)
            subject = any(c.dep_ == "nsubj" and _is_org_token(c) for c in token.children) or (
                token.dep_ == "acl" and _is_org_token(token.head)
            )
            # "a startup backed by Nvidia", "Cohere is backed by Oracle": a standing stake, told in passing
            standing = (
                agent
                and token.tag_ == "VBN"
                and (
                    token.dep_ in {"acl", "amod"}
                    or (
                        any(c.dep_ == "auxpass" and c.lower_ in {"is", "are"} for c in token.children)
                        and not any(c.dep_ == "aux" for c in token.children)
                    )
                )
            )
            if epithet or agent or (subject and any(_is_org_token(c) for c in token.children if c.dep_ == "dobj")):
                add(token, Kind.INVESTMENT, "epithet" if epithet or standing else "back")
    # "a memorandum of understanding for the next phase of their partnership", "a letter of intent
    # to supply memory": an MOU/LOI about a known kind of deal is that deal, non-binding
    # likewise "signed a contract with Oracle to buy computing power": a bare deal word whose
    # purpose clause names a specific kind of deal is that deal
    by_token = {t.token.i: t for t in triggers}
    for trig in triggers:
        if trig.kind is Kind.MOU:
            about = _mou_subject_kind(trig.token, cues, by_token)
            if about is not None:
                trig.kind = about
                trig.label = "mou-about"
        elif trig.kind is None and trig.token.pos_ in {"NOUN", "PROPN"}:
            about = _mou_subject_kind(trig.token, cues, by_token)
            if about in SPECIFIC:
                trig.kind = about
                trig.label = "deal-about"
    return triggers


def _mou_subject_kind(token: Token, cues: Sequence[Span], by_token: dict[int, _Trigger]) -> Kind | None:
    """The kind of deal an MOU/LOI trigger is about: a kind cue in its complement ("for a
    partnership", "on chip supply", "to invest"), a specific kind before partnership."""
    reach: set[int] = set()
    holders = [token]
    if token.dep_ in {"dobj", "obj", "nsubjpass"}:
        # "signed letters of intent on Wednesday to supply memory chips": the purpose clause of the verb
        holders.extend(
            c
            for c in token.head.children
            if c.dep_ in {"advcl", "xcomp"}
            and c.i > token.i
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        )
    for holder in holders[1:]:
        reach.update(t.i for t in holder.subtree if t.i - token.i <= 12 and not _other_clause(holder, t))
    for child in token.children:
        if (
            child.dep_ == "prep" and child.lower_ in {"for", "on", "about", "over", "regarding", "covering", "of"}
        ) or child.dep_ in {"acl", "relcl"}:
            reach.update(t.i for t in child.subtree if t.i - token.i <= 12)
    found: list[Kind] = []
    for i in sorted(reach):
        trig = by_token.get(i)
        if trig is not None and trig.kind not in {None, Kind.MOU}:
            found.append(trig.kind)  # type: ignore[arg-type]
    specific = [k for k in found if k in SPECIFIC]
    if specific:
        return specific[0]
    return found[0] if found else None


# --------------------------------------------------------------------------- parties


def _between_pairs(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> list[list[Mention]] | None:
    """ "between A and B, C and D" → [[A, B], [C, D]] when four or more companies follow "between"."""
    for t in trigger.subtree:
        if t.lower_ == "between" and t.i > trigger.i - 1:
            after = [m for m in mentions if m.start > t.i]
            if len(after) >= 4 and len(after) % 2 == 0:
                return [after[i : i + 2] for i in range(0, len(after), 2)]
    return None


_ORGISH = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|LLC|PLC|plc|Group|Holdings|Capital|Partners|Ventures|Bank|Technologies|"
    r"Labs?|Systems|Networks|Semiconductor|Electronics|Motors|Pharma|Fund|Board|Investment|AI)\b\.?"
)


def _possessive(doc: Doc, m: Mention) -> bool:
    return m.end < len(doc) and doc[m.end].lower_ in {"'s", "’s", "'", "’"}


def _names_the_project(root: Token) -> bool:
    """ "the Stargate endeavor", "OpenAI's Stargate venture": a name that modifies a project noun
    names the project itself, not a company taking part in it (a "joint venture" is kept)."""
    if root.lemma_.lower() in words("project_nouns") and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.children
    ):
        return not any(c.lower_ == "joint" for c in root.children)  # the mention "the Stargate project"
    head = root.head
    return (
        root.dep_ in {"compound", "nmod"}
        and head.lemma_.lower() in words("project_nouns")
        and not any(c.lower_ == "joint" for c in head.children)
    )


def _describes_not_deals(root: Token, doc: Doc, m: Mention) -> bool:
    """ "former OpenAI employees", "Arm-based processors": a company name that describes people
    or a product tells where they come from, not who takes part in a deal."""
    if root.dep_ in {"compound", "amod", "nmod"} and root.head.lemma_.lower() in words("people_nouns"):
        return True
    nxt = doc[m.end : m.end + 2]
    return len(nxt) == 2 and nxt[0].text in {"-", "‑"} and nxt[1].lower_ in {"based", "designed", "compatible"}


def _rival_of(trigger: Token, root: Token) -> bool:
    """ "TSMC competes with Samsung and Intel": the companies a subject competes with are rivals,
    no parties of any deal outside that phrase."""
    top = root
    while top.dep_ in {"conj", "appos", "compound"} and top.head.i != top.i:
        top = top.head
    prep = top.head
    first = prep
    while first.dep_ == "conj" and first.head.pos_ == "ADP" and first.head.i != first.i:  # "with A and with B"
        first = first.head
    verb = first.head
    if top.dep_ == "pobj" and prep.lower_ in {"with", "against"} and verb.lemma_.lower() in words("rivalry_verbs"):
        return trigger.i not in {t.i for t in prep.subtree}
    if top.dep_ == "dobj" and prep.lemma_.lower() == "rival" and prep.pos_ == "VERB":
        return trigger.i not in {t.i for t in top.subtree}
    return False


def _inside(trigger: Token, phrase: Token) -> bool:
    """True when ``trigger`` lies in ``phrase``'s subtree without a coordination on the way."""
    t = trigger
    while t.i != phrase.i and t.head.i != t.i:
        if t.dep_ == "conj":
            return False
        t = t.head
    return t.i == phrase.i


def _party_of_other_deal(trigger: Token, root: Token, others: set[int]) -> bool:
    """ "a supply deal with AMD, and Nvidia's investment": the company after another deal noun's
    "with"/"by" is that deal's party, not one of a deal outside its phrase."""
    top = root
    while top.dep_ in {"conj", "appos", "compound"} and top.head.i != top.i:
        top = top.head
    prep = top.head
    if top.dep_ != "pobj" or prep.lower_ not in {"with", "by", "between"}:
        return False
    deal = prep.head
    return deal.i in others and deal.i != trigger.i and not _inside(trigger, deal)


def _owns_other_deal(trigger: Token, m: Mention, doc: Doc, others: set[int]) -> bool:
    """ "a supply deal with AMD and Nvidia's planned investment": a company in the possessive of
    another deal noun is a party of that deal, not of this one."""
    if not _possessive(doc, m):
        return _party_of_other_deal(trigger, _mention_root(doc, m), others)
    root = _mention_root(doc, m)
    item = root.head if root.dep_ == "poss" else doc[m.end].head
    chain = {t.i for t in _ancestors(trigger)}
    if (
        item.i not in chain
        and item.pos_ in {"NOUN", "PROPN"}
        and (
            (item.dep_ in {"conj", "appos"} and item.head.i in chain)
            or (trigger.dep_ in {"conj", "appos"} and trigger.head.i == item.i)
        )
    ):
        return True  # "Amazon's investment in Anthropic, and Microsoft's hiring of ...": owns the next item
    owned = doc[m.end].head
    if owned.i not in others:  # the parser may hang "'s" elsewhere: the deal noun right after it
        ahead = doc[m.end + 1 : min(len(doc), m.end + 6)]
        owned = next((t for t in ahead if t.i in others), None)
        if owned is None or any(t.is_punct or t.pos_ == "CCONJ" for t in doc[m.end + 1 : owned.i]):
            return False
    if owned.i == trigger.i:
        return False
    t = trigger  # inside the owned deal's phrase, not just coordinated with it ("X's A, Y's B")
    while t.i != owned.i and t.head.i != t.i:
        if t.dep_ == "conj":
            return True
        t = t.head
    return t.i != owned.i


def _example_list(root: Token) -> Token | None:
    """ "providers such as Amazon, Microsoft and Google", "its group companies — including LY and
    PayPay": the class noun a company is an example of (None when it is not in such a list)."""
    top = root
    while top.dep_ in {"conj", "appos", "compound"} and top.head.i != top.i:
        top = top.head
    if top.dep_ == "dobj" and top.head.lemma_.lower() == "include":  # "whose customers include A and B"
        noun = next((c for c in top.head.children if c.dep_ == "nsubj"), None)
        if (
            noun is None
            or noun.tag_ != "NNS"
            or noun.ent_type_
            or noun.lemma_.lower() in words("holder_nouns") | words("agent_nouns")
        ):
            return None  # "its investors include A and B": holders of a stake in the company told
        return noun
    if top.dep_ != "pobj":
        return None
    prep = top.head
    if prep.lower_ == "including" or (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)):
        noun = prep.head
    elif prep.lower_ == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such":
        noun = prep.head
    else:
        return None
    return noun if noun.pos_ == "NOUN" and noun.tag_ == "NNS" else None


def _link_parties(
    trigger: Token, mentions: Sequence[Mention], doc: Doc, others: set[int] | None = None
) -> list[Mention]:
    """The mentions a trigger governs: nearest in the tree, coordinations kept together; names
    of projects, rivals and owners of other deal nouns (``others``: their token indices) left out."""
    if not mentions:
        return []
    others = others or set()
    distinct: dict[str, Mention] = {}
    scored: list[tuple[int, int, Mention]] = []
    for m in mentions:
        root = _mention_root(doc, m)
        if (
            _names_the_project(root)
            or _in_company_relative(trigger, root, others)
            or _describes_not_deals(root, doc, m)
            or _rival_of(trigger, root)
            or _owns_other_deal(trigger, m, doc, others)
        ):
            continue
        dist, gap = _tree_distance(trigger, root), abs(root.i - trigger.i)
        if dist > 6 and gap > 8:
            continue  # too far from the trigger to be its party
        if not m.known and dist > 3 and not _ORGISH.search(doc[m.start : m.end].text):
            continue  # unknown names far from the trigger are mostly products, places or people
        scored.append((dist, gap, m))
    if not scored:
        return []
    # "[agreed to invest in Intel] and [signed a letter to invest in OpenAI]": each verb conjunct
    # has its own objects; another conjunct's are parties only when this one names too few
    # ("invested in OpenAI and has rights to its models")
    relative_chain = _relative_clause_chain(trigger)
    relative = len(relative_chain) < len(_ancestors(trigger))  # the trigger sits in a relative clause
    own = [
        x
        for x in scored
        if not _first_conjunct_object(trigger, _mention_root(doc, x[2]))
        and not _other_conjunct(trigger, _mention_root(doc, x[2]))
        and not (relative and _outside_relative(_mention_root(doc, x[2]), relative_chain))
    ]
    if len({m.name for _, _, m in own}) >= 2 or _deal_word_between(trigger, others):
        scored = own  # "signed a letter of intent to invest ...": the letter carries the deal
    examples = {id(m): _example_list(_mention_root(doc, m)) for _, _, m in scored}
    owners = {_mention_root(doc, m).i for _, _, m in scored}
    # examples of a company's own units ("SoftBank's group companies, including LY") stand for it
    scored = [
        x
        for x in scored
        if examples[id(x[2])] is None
        or not any(c.dep_ == "poss" and c.i in owners for c in examples[id(x[2])].children)
    ]
    lists = {examples.get(id(m)) for _, _, m in scored}
    if len(lists) == 1 and None not in lists:
        return []  # members of one example list are no parties of each other
    if not scored:
        return []
    scored.sort(key=lambda x: (x[0], x[1]))
    mentions = [m for _, _, m in scored]
    names = {m.name for m in mentions}
    if len(names) <= 2:
        for _, _, m in scored:
            distinct.setdefault(m.name, m)
        return list(distinct.values())
    best = scored[0][0]
    chosen: list[Mention] = []
    for dist, _, m in scored:
        if dist <= best + 2 or len({c.name for c in chosen}) < 2:
            chosen.append(m)
    # keep coordinations together
    roots = {_mention_root(doc, m).i: m for m in mentions}
    for m in list(chosen):
        for i in _conj_group(_mention_root(doc, m)):
            if i in roots and roots[i] not in chosen and not _possessive(doc, roots[i]):
                chosen.append(roots[i])
    for m in chosen:
        distinct.setdefault(m.name, m)
    return list(distinct.values())


def _without_the_venture(trigger: Token, linked: list[Mention], doc: Doc) -> list[Mention]:
    """ "... announce Stargate, a joint venture": the venture named by the apposition is what
    the partners create, not one of them (kept when it is the only other company)."""
    venture = None
    if trigger.dep_ == "appos":
        venture = trigger.head
    elif trigger.dep_ == "attr":
        venture = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
    if venture is None:
        return linked
    rest = [m for m in linked if not (m.start <= venture.i < m.end)]
    return rest if len({m.name for m in rest}) >= 2 else linked


def _possessive_owner(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> Mention | None:
    """ "Informatica ... through its existing partnerships with AWS": a deal noun owned by a
    pronoun belongs to the company that is the subject of its clause."""
    noun = trigger if trigger.pos_ in {"NOUN", "PROPN"} else None
    if noun is None or not any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in noun.children):
        return None
    by_root = {_mention_root(doc, m).i: m for m in mentions}
    for anc in list(noun.ancestors)[:6]:
        for child in anc.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i in by_root:
                return by_root[child.i]
    return None


def _possessor_before(trigger: Token, mentions: Sequence[Mention], doc: Doc) -> Mention | None:
    """ "Nvidia's planned $100 billion investment": the company in the possessive right before a
    deal noun owns it, however the parser hung the "'s"."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return None
    for m in mentions:
        if _possessive(doc, m) and 0 < trigger.i - m.end <= 6:
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


def _side(trigger: Token, mention_root: Token) -> str | None:
    """``"subj"`` or ``"obj"``: which side of the trigger a party is on (None if unclear)."""
    role = _role_for(Kind.LICENSING, trigger, mention_root)
    return None if role is None else ("subj" if role is Role.LICENSOR else "obj")


_SPLIT_KINDS = {Kind.SUPPLY, Kind.LICENSING}


def _split_coordinated(trig: _Trigger, linked: list[Mention], doc: Doc) -> list[list[Mention]]:
    """One company on one side and a coordination on the other make one deal per pair for
    supply and licensing ("Samsung and SK Hynix signed letters of intent to supply OpenAI"), and
    for plural deal nouns ("computing contracts with Oracle and AMD"). Investments stay joint
    ("Microsoft and Nvidia will invest in Anthropic" is one round)."""
    if len({m.name for m in linked}) < 3:
        return [linked]
    plural = trig.token.tag_ in {"NNS", "NNPS"}
    if trig.kind not in _SPLIT_KINDS and not plural:
        return [linked]
    sides: dict[str, list[Mention]] = {"subj": [], "obj": []}
    for m in linked:
        side = _side(trig.token, _mention_root(doc, m))
        if side is None:
            return [linked]
        sides[side].append(m)
    many, one = (
        (sides["subj"], sides["obj"]) if len(sides["subj"]) > len(sides["obj"]) else (sides["obj"], sides["subj"])
    )
    if len({m.name for m in one}) != 1 or len({m.name for m in many}) < 2:
        return [linked]
    if trig.kind is Kind.INVESTMENT and (
        many is not sides["obj"] or trig.token.lemma_.lower() in words("agent_nouns") | words("holder_nouns")
    ):
        return [linked]  # co-investors make one round; "funding rounds for A and B" are two
    group = _conj_group(_mention_root(doc, many[0]))
    if not all(_mention_root(doc, m).i in group for m in many):
        return [linked]
    return [[one[0], m] for m in many]


def _role_for(kind: Kind, trigger: Token, mention_root: Token) -> Role | None:
    """Role of a party from its attachment: subject side vs. object side of the trigger."""
    path = []
    t = mention_root
    while t.i != t.head.i and t.i != trigger.i:
        path.append((t.dep_, t.head.lower_))
        t = t.head
    if t.i == trigger.i and path:
        # under the trigger: the attachment nearest to it decides ("supply chips for Stargate,
        # OpenAI's programme": OpenAI is on the "for" side, its possessive is deeper)
        cut = next(
            (
                k
                for k in range(len(path) - 1, -1, -1)
                if path[k][0] in {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "poss", "obj"}
            ),
            None,
        )
        if cut is not None:
            path = path[cut:]
    deps = {d for d, _ in path}
    preps = {h for d, h in path if d == "pobj"}
    subject = bool(deps & {"nsubj", "poss", "agent"}) or ("by" in preps) or ("from" in preps)
    obj = bool(preps & {"in", "into", "for", "to", "of", "with"}) or bool(deps & {"dobj", "nsubjpass"})
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in trigger.children)
    if passive:
        subject, obj = ("by" in preps or "agent" in deps), ("nsubjpass" in deps)
    if kind is Kind.SUPPLY and trigger.lemma_.lower() in words("buyer_verbs"):
        subject, obj = obj or ("from" in preps), subject and "from" not in preps
    if not (subject or obj):
        return None
    roles = {
        Kind.INVESTMENT: (Role.INVESTOR, Role.INVESTEE),
        Kind.ACQUISITION: (Role.ACQUIRER, Role.TARGET),
        Kind.LICENSING: (Role.LICENSOR, Role.LICENSEE),
        Kind.SUPPLY: (Role.SUPPLIER, Role.CUSTOMER),
    }.get(kind)
    if roles is None:
        return None
    return roles[0] if subject else roles[1]


# --------------------------------------------------------------------------- status


def _relative_clause_chain(trigger: Token) -> list[Token]:
    """The trigger's ancestors up to the company a relative clause describes ("Wiz, [which counts
    Sequoia among its investors], will join Google": the main clause says nothing of the stake)."""
    chain: list[Token] = []
    for anc in _ancestors(trigger):
        chain.append(anc)
        if anc.dep_ == "relcl" and anc.pos_ in {"VERB", "AUX"} and anc.i != trigger.i and _is_org_token(anc.head):
            chain.append(anc.head)
            break
    return chain


def _scope(trigger: Token, sent: Span) -> set[int]:
    """Token indices whose cues speak about this trigger: its clause chain and modifiers."""
    scope: set[int] = set()
    for anc in _relative_clause_chain(trigger):
        scope.add(anc.i)
        for child in anc.children:
            if child.dep_ in {
                "aux",
                "auxpass",
                "neg",
                "advmod",
                "prt",
                "amod",
                "acomp",
                "det",
                "compound",
                "xcomp",
                "nmod",
                "npadvmod",
                "dobj",
                "attr",
                "prep",
            }:
                scope.add(child.i)
                scope.update(c.i for c in child.children if c.dep_ in {"prt", "prep", "pobj", "aux"})
    for child in trigger.children:
        if child.dep_ in {"prep", "amod", "compound", "nmod"}:
            scope.update(t.i for t in child.subtree if abs(t.i - trigger.i) <= 4)
    return scope


def _appositive_holder(trigger: Token) -> bool:
    """ "Microsoft, OpenAI's biggest backer" or "Ampere's investors, Oracle and Carlyle": a holder
    noun owned by one company and in apposition with another."""
    if trigger.pos_ != "NOUN" or trigger.lemma_.lower() not in words("holder_nouns"):
        return False
    if not any(c.dep_ == "poss" and _is_org_token(c) for c in trigger.children):
        return False
    return (trigger.dep_ == "appos" and _is_org_token(trigger.head)) or any(
        c.dep_ == "appos" and _is_org_token(c) for c in trigger.children
    )


def _holder_pair(trigger: Token) -> set[int]:
    """Token indices of the holders and the owner an appositive holder noun names."""
    pair = {c.i for c in trigger.children if c.dep_ == "poss"}
    if trigger.dep_ == "appos":
        pair.add(trigger.head.i)
    for c in trigger.children:
        if c.dep_ == "appos":
            pair.update(t.i for t in c.subtree if t.dep_ in {"appos", "conj", "compound"} or t.i == c.i)
    return pair


def _continues(trigger: Token) -> bool:
    """The trigger's clause says a deal goes on ("will remain", "keeps its licence", "continues to work with")."""
    below = trigger
    for anc in _ancestors(trigger)[:4]:
        if anc.lemma_.lower() in words("continue_verbs") and anc.pos_ in {"VERB", "AUX"}:
            return below.dep_ not in {
                "nsubj",
                "nsubjpass",
            }  # "the investment will continue to fund" is no deal going on
        below = anc
        if anc.pos_ == "VERB" and anc.i != trigger.i and anc.dep_ not in {"xcomp", "ccomp", "conj"}:
            break
    return False


def _future_or_change(trigger: Token) -> bool:
    """The clause looks ahead or states a change ("would become its partner", "will name it")."""
    for anc in _ancestors(trigger)[:5]:
        if anc.lemma_.lower() in words("change_verbs"):
            return True
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll", "to"} for c in anc.children):
            return True
        if anc.pos_ in {"VERB", "AUX"} and anc.dep_ in {"relcl", "advcl", "acl"}:
            return False  # "Wiz, which counts Sequoia among its investors, will join ...": its own clause
    return False


def _negated(trigger: Token) -> bool:
    chain = _ancestors(trigger)
    reported = next(
        (n for n, t in enumerate(chain[:5]) if t.lemma_.lower() in words("report_nouns") and t.i != trigger.i), None
    )
    if reported is not None and any(t.lemma_.lower() in words("denial_verbs") for t in chain[reported : reported + 2]):
        return True  # "rejected reports that it was in talks to buy ..."
    for below, anc in zip(chain[:6], chain[1:7]):
        if anc.lemma_.lower() in {"deny", "refute"} and below.dep_ == "ccomp":
            return True  # "denied it was in talks with Nvidia about a supply agreement"
    for anc in chain[:4]:
        if any(c.dep_ == "neg" for c in anc.children) and anc.lemma_.lower() not in words("closing_verbs"):
            return True
        if anc.lemma_.lower() in words("negation_verbs") and anc.i != trigger.i:
            if anc.lemma_.lower() == "reject" and any(
                c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in words("offers") for c in anc.children
            ):
                return False  # "rejected a takeover bid" ends a deal (a terminated cue), it denies no report
            return True
    return False


def _counterfactual(trigger: Token) -> bool:
    """ "a minority stake rather than buying Scale outright", "instead of a definitive contract":
    the alternative not taken is no deal."""
    for anc in _ancestors(trigger)[:4]:
        low = anc.lower_
        if low == "than" and any(c.lower_ == "rather" for c in (*anc.children, *anc.head.children)):
            return True
        if low == "rather" and anc.head.i != anc.i and any(c.lower_ == "than" for c in anc.children):
            return True
        if low == "of" and (anc.head.lower_ == "instead" or any(c.lower_ == "instead" for c in anc.children)):
            return True
        if anc.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "than" and c.i < anc.i for c in anc.head.children):
            return True  # "taking a stake rather than buying Scale": the parser coordinates with "than"
    return False


def _not_yet(trigger: Token) -> bool:
    """ "have not (yet) signed/closed" → still negotiating."""
    for anc in _ancestors(trigger)[:4]:
        if anc.lemma_.lower() in words("closing_verbs") and any(c.dep_ == "neg" for c in anc.children):
            return True
    return False


def _tense_status(trigger: Token, kind: Kind | None) -> Status | None:
    """Status from the governing verb's tense when no cue says it."""
    if trigger.lemma_.lower() in {"offer", "bid", "proposal"}:
        return None  # "made a $2 billion offer for Alphawave": proposed, not done
    verb = trigger
    for anc in _ancestors(trigger):
        if anc.pos_ in {"VERB", "AUX"}:
            verb = anc
            break
    else:
        return None
    aux = {c.lemma_.lower() for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    done = Status.COMPLETED if kind in {Kind.INVESTMENT, Kind.ACQUISITION, Kind.MERGER} else Status.SIGNED
    past_passive = verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ in {"was", "were"} for c in verb.children
    )
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and "have" in aux) or past_passive:
        if verb.lemma_.lower() in words("reporting_verbs"):
            return None  # "named AWS its primary training partner": made known, not said to be signed
        return done
    if verb.tag_ in {"VBZ", "VBP"} and verb.lemma_.lower() in words("state_verbs"):
        return done
    return None


def _unnamed_sources(trigger: Token, sent: Span) -> bool:
    """The trigger's clause rests on unnamed sources ("..., people familiar with the matter said",
    "according to two sources", "sources told Reuters"), not a clause beside it."""
    chain = {t.i for t in _ancestors(trigger)}
    for t in sent:
        source = None
        if t.lower_ == "familiar":
            source = next(
                (w for w in sent.doc[max(sent.start, t.i - 3) : t.i] if w.lemma_.lower() in words("source_nouns")), None
            )
        elif t.lemma_.lower() == "source" and t.tag_ == "NNS":
            source = t
        if source is None:
            continue
        # the verb or "according to"/"citing" the sources hang from, and where that attaches
        anchor = source.head
        while anchor.lower_ in {"to", "of"} and anchor.head.i != anchor.i:
            anchor = anchor.head
        if anchor.i in chain or anchor.head.i in chain and anchor.lower_ in {"according", "citing"}:
            return True
        if (
            anchor.lemma_.lower() in {"say", "tell"}
            and anchor.dep_ == "ROOT"
            and trigger.i in {d.i for d in anchor.subtree}
        ):
            if not any(a.dep_ == "advcl" and a.i != anchor.i for a in _ancestors(trigger)):
                return True
    return False


def _status_for(trigger: Token, sent: Span, cues: Sequence[Span]) -> tuple[Status | None, bool]:
    """(status, explicit) for a trigger; ``(None, _)`` when the claim is negated or denied."""
    if (_negated(trigger) and not _not_yet(trigger)) or _counterfactual(trigger):
        return None, False
    if _appositive_holder(trigger):
        return None, True  # "Microsoft, OpenAI's biggest backer, is in talks to ...": a standing stake
    scope = _scope(trigger, sent)
    found: set[str] = set()
    own_existing = False
    noun = trigger if trigger.dep_ != "compound" else trigger.head
    for holder in (trigger, noun):
        for child in holder.children:
            if child.dep_ in {"amod", "advmod"} and child.lower_ in words("existing"):
                found.add("existing")
                own_existing = True  # "its existing partnerships": said of the deal itself
    regulator: bool | None = None
    for cue in cues:
        if cue.label_.startswith("regstatus:"):
            if regulator is None:
                regulator = _regulator_sentence(sent)
            if not regulator:
                continue  # "look into", "sue", "challenge" speak of a review only with a regulator around
        elif not cue.label_.startswith("status:"):
            continue
        if any(t.ent_type_ == "ORG" for t in cue):
            continue
        status = cue.label_.split(":", 1)[1]
        root = cue.root
        if len(cue) == 1 and root.lemma_.lower() in words("verb_only") and root.pos_ != "VERB":
            continue  # "closer ties", "the end of 2029": not a stage
        if (
            status == "completed"
            and root.lower_ == "close"
            and root.i + 1 < len(root.doc)
            and root.doc[root.i + 1].lower_ == "to"
        ):
            continue  # "is close to a deal": near, not done
        if any(a.lemma_.lower() == "subject" for a in list(root.ancestors)[:3]):
            continue  # "subject to negotiation of definitive agreements" is a condition, not talks
        hedge_holders = [root, root.head] if root.dep_ == "conj" else [root]
        if status == "terminated" and any(c.lower_ in words("hedges") for h in hedge_holders for c in h.children):
            continue  # "may fall through"
        if (
            status == "terminated"
            and root.lemma_.lower() in words("refusals")
            and not any(
                c.dep_ in {"dobj", "nsubjpass"} and (c.lemma_.lower() in words("offers") or c.i == trigger.i)
                for c in root.children
            )
        ):
            continue  # "rejected reports that ...", "turned down a request": only a refused offer ends a deal
        in_scope = any(t.i in scope for t in cue) or cue.root.i in scope
        if not in_scope and status in _SENTENCE_WIDE and _other_conjunct(trigger, cue.root):
            continue  # "agreed to invest in Intel and signed a letter of intent to invest in OpenAI"
        if status in _SENTENCE_WIDE or in_scope:
            text = " ".join(t.lemma_.lower() for t in cue)
            if status == "announced":
                found.add("future" if (text in words("future") or cue.text.lower() in words("future")) else "announce")
            elif status == "signed" and (text in words("existing") or cue.text.lower() in words("existing")):
                found.add("existing")  # "since 2019", "already": in place; a stake in place is completed
            else:
                found.add(status)
    if _not_yet(trigger):
        found.add("negotiating")
    if (
        trigger.dep_ in {"dobj", "obj"}
        and trigger.head.lemma_.lower() in {"end", "terminate"}
        and not any(c.dep_ == "aux" and c.lower_ in words("hedges") for c in trigger.head.children)
    ):
        found.add("terminated")  # "ended its collaboration agreement with OpenAI"
    if found <= {"future", "announce", "signed", "existing", "completed"} and _continues(trigger):
        found = {"existing"}  # "Azure will remain OpenAI's exclusive cloud provider": the deal exists
    if (
        not found
        and trigger.lemma_.lower() in words("holder_nouns")
        and trigger.pos_ == "NOUN"
        and not _future_or_change(trigger)
    ):
        found.add("existing")  # "its largest backer", "investors include Amazon": stakes held
    if (
        "existing" in found
        and not found & {"terminated", "blocked", "under_review", "non_binding", "negotiating", "rumored"}
        and (own_existing or "future" not in found)
    ):
        return None, True  # the caller turns an existing deal into signed/completed
    if (
        found <= {"future", "announce"}
        and (found or _tense_status(trigger, None) is None)
        and not _definite(trigger)  # "sources said the investment will total $10 billion": a known deal
        and _unnamed_sources(trigger, sent)
    ):
        # "will supply HBM to Nvidia, two sources said": not told by the parties; a weak cue that
        # yields to any stage stated for the same deal
        return Status.RUMORED, False
    for name in PRECEDENCE:
        if name in found:
            status = {"future": "announced", "announce": "announced"}.get(name, name)
            return Status(status), True
    return None, False


# --------------------------------------------------------------------------- dates, amounts


def _sentence_dates(
    sent: Span, published: dt.date | None, ents: Sequence[Span] | None = None
) -> list[tuple[int, PartialDate]]:
    out: list[tuple[int, PartialDate]] = []
    for ent in sent.ents if ents is None else ents:
        if ent.label_ != "DATE":
            continue
        date = resolve_date(ent.text, published)
        if date is None:
            continue
        if published is not None and date.earliest() > published:
            continue  # a plan for the future is not when this status happened
        out.append((ent.root.i, date))
    return out


def _amount_for(trigger: Token, sent: Span, ents: Sequence[Span] | None = None) -> Money | None:
    best: tuple[int, Money] | None = None
    for ent in sent.ents if ents is None else ents:
        if ent.label_ != "MONEY":
            continue
        window = {t.lemma_.lower() for t in sent.doc[max(sent.start, ent.start - 3) : min(sent.end, ent.end + 3)]}
        if window & words("not_price") and not window & words("deal_words"):
            continue
        before = sent.doc[max(sent.start, ent.start - 6) : ent.start]
        if (
            len(before)
            and before[-1].lower_ == "at"
            and any(t.lemma_.lower() in {"value", "valuation"} for t in before)
        ):
            continue  # "valued Mistral AI at 6 billion euros": a valuation, not the deal's sum
        if _other_conjunct(trigger, ent.root) or _first_conjunct_object(trigger, ent.root):
            continue  # "invested $2 billion in A and has rights to its models": the sum is the stake's
        money = parse_amount(ent.text)
        if money is None:
            continue
        dist = abs(ent.root.i - trigger.i)
        if best is None or dist < best[0]:
            best = (dist, money)
    return best[1] if best else None


# --------------------------------------------------------------------------- background


def _in_side_clause(trigger: Token, cue_tokens: set[int] | None = None) -> bool:
    """A trigger inside a relative clause or apposition states a fact in passing, unless the
    clause describes a deal word ("an agreement that reshapes their partnership")."""
    for anc in _ancestors(trigger)[:6]:
        if anc.dep_ in {"relcl", "appos"}:
            if (
                anc.dep_ == "relcl"
                and anc.head.dep_ == "ROOT"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in anc.children)
            ):
                return False  # a headline's "AMD to acquire ZT Systems" is the news itself
            return not (cue_tokens and anc.head.i in cue_tokens)
    return False


# --------------------------------------------------------------------------- per article


@dataclass
class _Context:
    published: dt.date | None
    events: list[_Raw] = field(default_factory=list)
    main: frozenset[str] | None = None
    subject: str | None = None  # the company the last sentences were about ("it", "the company")
    subject_age: int = 0

    def main_parties(self) -> tuple[Party, ...] | None:
        for event in self.events:
            if not event.borrowed and not event.background:
                return event.parties
        return self.last_parties()

    def parties_of_kind(self, kind: Kind | None) -> tuple[Party, ...] | None:
        """The parties of the latest event of ``kind`` ("the takeover" → the last acquisition)."""
        if kind is None:
            return None
        for event in reversed(self.events):
            if event.kind is kind:
                return event.parties
        return None

    def last_parties(self) -> tuple[Party, ...] | None:
        return self.events[-1].parties if self.events else None

    def kind_for(self, names: frozenset[str]) -> Kind | None:
        for event in reversed(self.events):
            if event.names == names and event.kind is not None:
                return event.kind
        return None


def _regulator_sentence(sent: Span) -> bool:
    words = lexicon().regulator_words
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sent)


def _has_reference(sent: Span, cues: Sequence[Span], trigger: Token, lex: Lexicon) -> bool:
    if any(c.label_.startswith("ref:") for c in cues):
        return True
    if any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in trigger.children):
        return True
    for t in sent:
        if t.lemma_.lower() in lex.one_party_heads and t.pos_ == "NOUN" and not t.ent_type_:
            if any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "its", "their"} for c in t.children):
                return True
    return False


def _definite(trigger: Token) -> bool:
    return trigger.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these"} for c in trigger.children
    )


_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _anaphor(token: Token, lex: Lexicon) -> bool:
    """A subject that points back to a company: "it", "the company", "the startup"."""
    if token.dep_ not in _SUBJECT_DEPS or token.ent_type_:
        return False
    if token.lower_ == "it":
        return token.head.pos_ == "VERB" and token.head.lemma_.lower() not in words("weak_verbs")
    return (
        token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and token.lemma_.lower() in lex.one_party_heads
        and any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children)
        # "the chip-design software company" describes the company told of; "the new company",
        # "its parent company" name another one
        and not any(
            c.dep_ == "poss" or (c.dep_ in {"compound", "amod"} and (c.lower_ in words("other_company") or c.ent_type_))
            for c in token.children
        )
    )


def _with_anaphors(sent: Span, mentions: list[Mention], ctx: _Context, lex: Lexicon, doc: Doc) -> list[Mention]:
    """Add the company that "it"/"the company" in subject position refers to: the subject of
    the latest sentences that had a company as subject."""
    roots = {_mention_root(doc, m).i: m for m in mentions}
    extra: list[Mention] = []
    for t in sent:
        if t.i in roots or not _anaphor(t, lex):
            continue
        # "Microsoft paid Inflection ... when it recruited": the sentence's own subject comes first
        local = [m for i, m in roots.items() if i < t.i and doc[i].dep_ in _SUBJECT_DEPS]
        name = local[-1].name if local else (ctx.subject if ctx.subject_age <= 2 else None)
        if name is None or any(m.name == name and _mention_root(doc, m).head.i == t.head.i for m in mentions):
            continue
        extra.append(Mention(name, t.i, t.i + 1, True, t.i))
    return sorted([*mentions, *extra], key=lambda m: m.start) if extra else mentions


def _update_subject(sent: Span, ctx: _Context, doc: Doc, mentions: list[Mention]) -> None:
    """Remember the company the sentence is about (its subject), for "it" in the next ones."""
    ctx.subject_age += 1
    for m in mentions:  # with anaphors resolved: "It agreed ..." keeps "it"'s company the subject
        root = _mention_root(doc, m)
        while root.dep_ in {"conj", "appos", "compound"} and root.head.i != root.i:
            root = root.head
        if root.dep_ in _SUBJECT_DEPS and root.head.dep_ in {"ROOT", "ccomp", "conj"}:
            ctx.subject, ctx.subject_age = m.name, 0
            return


def _sentence_events(
    doc: Doc,
    sent: Span,
    order: int,
    ctx: _Context,
    gazetteer: Gazetteer,
    lex: Lexicon,
    cues: list[Span] | None = None,
    mentions: list[Mention] | None = None,
    ents: list[Span] | None = None,
) -> list[_Raw]:
    text = sent.text.strip()
    if len(sent) <= 12 and text and text[-1] not in ".!?\"”’'":
        return []  # a heading restates the story; its sentence says it with context
    cues = _sentence_cues(doc, sent) if cues is None else cues
    triggers = _find_triggers(sent, cues, lex, ents)
    if not triggers:
        return []
    if mentions is None:  # callers that pass mentions have added the anaphors already
        mentions = _with_anaphors(sent, sentence_mentions(sent, gazetteer, lex), ctx, lex, doc)
    dates = _sentence_dates(sent, ctx.published, ents)
    deal_tokens = {c.root.i for c in cues if c.label_ == "generic" or c.label_.startswith("kind:")}
    out: list[_Raw] = []
    groups: list[tuple[_Trigger, list[Mention]]] = []
    for trig in triggers:
        pairs = _between_pairs(trig.token, mentions, doc)
        if pairs:
            groups.extend((trig, pair) for pair in pairs)
        else:
            linked = _link_parties(trig.token, mentions, doc, {t.token.i for t in triggers})
            if trig.kind is Kind.JOINT_VENTURE:
                linked = _without_the_venture(trig.token, linked, doc)
            owner = _possessive_owner(trig.token, mentions, doc) or _possessor_before(trig.token, mentions, doc)
            if owner is not None and owner.name not in {m.name for m in linked}:
                linked = [owner, *linked]
            if (
                trig.kind is Kind.INVESTMENT
                and any(c.dep_ == "poss" and c.lower_ == "their" for c in trig.token.children)
                and len(linked) >= 2
                and len({min(_conj_group(_mention_root(doc, m))) for m in linked}) == 1
            ):
                linked = []  # "Oracle and Carlyle will sell their stakes": each its own, not in each other
            if _appositive_holder(trig.token):  # the company described and the owner named: no one else
                pair = _holder_pair(trig.token)
                linked = [m for m in linked if _mention_root(doc, m).i in pair]
            groups.extend((trig, part) for part in _split_coordinated(trig, linked, doc))
    for trig, linked in groups:
        token = trig.token
        if _definite(token) and not any(c.dep_ == "poss" for c in token.children):
            # "sued to stop the takeover, arguing it would leave Cisco ...": a definite deal noun
            # names the deal already told; companies in another clause are not its parties
            own = {t.i for t in token.subtree}
            if not any(_mention_root(doc, m).i in own for m in linked):
                linked = [m for m in linked if _clause_party(token, _mention_root(doc, m))]
        names = {m.name for m in linked}
        borrowed = False
        if len(names) < 2:
            previous = (
                ctx.main_parties()
                if any(c.label_ == "ref:parties" for c in cues)
                or (trig.kind is None and _definite(token) and _regulator_sentence(sent))
                else (ctx.parties_of_kind(trig.kind) if _definite(token) else None) or ctx.last_parties()
            )  # "the watchdog said it would look into the agreement": regulators look at the main deal
            if token.lemma_.lower() in words("agent_nouns"):
                continue
            if previous and _has_reference(sent, cues, token, lex) and names <= {p.name for p in previous}:
                parties_list = list(previous)
                borrowed = True
            else:
                continue
        else:
            roots = {m.name: _mention_root(doc, m) for m in linked}
            kind_for_roles = trig.kind if trig.kind in _DIRECTED else None
            parties_list = [
                Party(name, _role_for(kind_for_roles, token, roots[name]) if kind_for_roles else None)
                for name in dict.fromkeys(m.name for m in linked)
            ]
        if len(parties_list) > _MAX_PARTIES:
            continue
        status, explicit = _status_for(token, sent, cues)
        if status is None and explicit:
            status = (
                Status.COMPLETED if trig.kind in {Kind.INVESTMENT, Kind.ACQUISITION, Kind.MERGER} else Status.SIGNED
            )
        if status is None and (_negated(token) or _counterfactual(token)):
            continue
        if trig.label == "epithet":
            status, explicit = Status.COMPLETED, True
        if status is None:
            tense = _tense_status(token, trig.kind)
            status = tense or Status.ANNOUNCED
        if borrowed:
            previous_status = ctx.events[-1].status if ctx.events else None
            if status is previous_status or not explicit or status is Status.ANNOUNCED:
                continue  # a reference to the deal already extracted, not a new stage
        if not borrowed and _definite(token) and not explicit and trig.kind is None:
            continue
        date = None
        usable = dates
        scope = _scope(token, sent)
        if status in {Status.ANNOUNCED, Status.NEGOTIATING, Status.RUMORED} and ctx.published is not None:
            # "working together since 2019, now will invest": an old date is not when a plan was made
            # ... unless the trigger's own clause dates it ("agreed in January 2024 to buy Ansys")
            usable = [
                d
                for d in dates
                if (ctx.published - d[1].latest()).days <= 365 or d[0] in scope or sent.doc[d[0]].head.i in scope
            ]
        if trig.label == "epithet":
            usable = []  # "OpenAI, which is backed by Microsoft, was valued last week": a standing stake has no date here
        if usable:
            # the date of the trigger's own clause first ("..., announced in May 2022, was completed
            # in November 2023" dates the completion), then the nearest
            date = min(
                usable,
                key=lambda d: (d[0] not in scope and sent.doc[d[0]].head.i not in scope, abs(d[0] - token.i)),
            )[1]
        lemmas = {sent.doc[i].lower_ for i in scope}
        background = (
            trig.label == "epithet"
            or _in_side_clause(token, deal_tokens)
            or bool(lemmas & words("background_words"))
            or (date is not None and ctx.published is not None and (ctx.published - date.latest()).days > 45)
        )
        known = sum(1 for m in linked if m.known)
        confidence = 0.45
        confidence += 0.2 if trig.kind is not None else 0.0
        confidence += 0.15 if known >= 2 else (0.05 if known == 1 else 0.0)
        confidence += 0.1 if explicit else 0.0
        confidence += 0.05 if len(parties_list) == 2 else 0.0
        confidence -= 0.2 if borrowed else 0.0
        # "Microsoft-backed OpenAI said it would buy Windsurf for $3 billion": an epithet states no sum
        amount = (
            _amount_for(token, sent, ents)
            if trig.kind not in {Kind.PARTNERSHIP, Kind.MOU} and trig.label != "epithet"
            else None
        )
        out.append(
            _Raw(
                kind=trig.kind,
                status=status,
                explicit=explicit,
                parties=tuple(parties_list),
                sent=sent,
                trigger=token,
                date=date,
                amount=amount,
                confidence=round(max(0.05, min(0.98, confidence)), 2),
                background=background,
                borrowed=borrowed,
                order=order,
            )
        )
    return _merge_sentence(out, cues, ctx)


def _merge_sentence(events: list[_Raw], cues: Sequence[Span], ctx: _Context) -> list[_Raw]:
    """Within one sentence: specific kinds beat partnership/MOU/generic words for the same parties."""
    has_mou = any(c.label_ == "status:non_binding" for c in cues)
    result: list[_Raw] = []
    by_parties: dict[frozenset[str], list[_Raw]] = {}
    for e in events:
        by_parties.setdefault(e.names, []).append(e)
    for names, group in by_parties.items():
        kinds = {e.kind for e in group}
        specific_status = {e.status for e in group if e.kind in SPECIFIC}
        inherited = ctx.kind_for(names)
        noun_partnership = any(e.kind is Kind.PARTNERSHIP and e.trigger.pos_ in {"NOUN", "PROPN"} for e in group)
        general = [k for k in (Kind.PARTNERSHIP, Kind.MOU) if k in kinds]
        for e in group:
            if e.kind is None:
                if specific_status:
                    continue
                if general:
                    # "signed an agreement that reshapes their partnership": the deal word is that partnership
                    e.kind = general[0]
                    result.append(e)
                    continue
                e.kind = inherited or (Kind.MOU if has_mou else Kind.PARTNERSHIP)
                e.defaulted = inherited is None
                e.confidence = round(e.confidence - 0.1, 2)
            elif e.kind in GENERAL and (e.status in specific_status or (specific_status and not e.explicit)):
                continue  # "investments and partnerships between A and B": the specific kind says it
            elif e.kind is Kind.MOU and noun_partnership:
                continue  # an MOU about "the partnership" is that partnership, non-binding
            elif e.kind is Kind.PARTNERSHIP and Kind.MOU in kinds and not noun_partnership:
                continue  # "under the MOU the two sides will collaborate": the MOU is the deal
            result.append(e)
    # one claim per (kind, parties, status) in the sentence
    seen: dict[tuple[Kind | None, frozenset[str], Status], _Raw] = {}
    for e in result:
        key = (e.kind, e.names, e.status)
        kept = seen.get(key)
        if kept is None:
            seen[key] = e
            continue
        winner, loser = (e, kept) if e.confidence > kept.confidence else (kept, e)
        winner.background = winner.background and loser.background
        winner.date = winner.date or loser.date
        seen[key] = winner
    return list(seen.values())


def _compute_deal(names: frozenset[str], gazetteer: Gazetteer) -> bool:
    """Two known parties of which exactly one is a cloud seller by sector (Oracle, CoreWeave):
    a paid deal of no stated kind between them buys computing."""
    sectors = []
    for name in names:
        company = gazetteer.get(name)
        sectors.append(company.sector if company is not None else None)
    return len(names) == 2 and sectors.count("cloud") == 1 and None not in sectors


def _finish(raws: list[_Raw], article: Article, ctx: _Context, gazetteer: Gazetteer) -> list[EventCandidate]:
    """Article-level pass: main news, dates, upgrades and deduplication."""
    if not raws:
        return []
    main = next((e.names for e in raws if not e.background), raws[0].names)

    # a bare "deal" takes the kind the article gives the same parties elsewhere
    def specific_kind(names: frozenset[str], reviewed: bool = False) -> Kind | None:
        same = [o for o in raws if o.names == names and o.kind in SPECIFIC and not o.defaulted] or [
            o
            for o in raws
            if len(o.names & names) >= 2
            and (o.names < names or names < o.names)
            and o.kind in SPECIFIC
            and not o.defaulted
            and not o.background
        ]
        same.sort(key=lambda o: o.background)  # the main news first, then facts in passing
        if reviewed:  # regulators review control: takeovers, mergers and stakes before supply deals
            same.sort(key=lambda o: _REVIEWED_FIRST.index(o.kind) if o.kind in _REVIEWED_FIRST else 9)
        return same[0].kind if same else None

    acquired = {e.names for e in raws if e.kind is Kind.ACQUISITION and not e.defaulted}
    for e in raws:
        if e.defaulted:
            other = specific_kind(e.names)
            if other is not None:
                e.kind = other
            elif e.amount is not None and _compute_deal(e.names, gazetteer):
                e.kind = Kind.SUPPLY  # "a five-year, $11.9 billion contract with CoreWeave"
        elif e.kind is Kind.MERGER and e.names in acquired and e.status not in {Status.NEGOTIATING, Status.RUMORED}:
            # a takeover's contract is a "merger agreement" and its result a "combination": still the acquisition
            e.kind = Kind.ACQUISITION
        elif e.kind is Kind.PARTNERSHIP and e.status in {Status.UNDER_REVIEW, Status.BLOCKED}:
            # regulators review the deal the article is about ("an inquiry into Amazon's partnership with Anthropic")
            e.kind = specific_kind(e.names, reviewed=True) or e.kind
    # the same letter told twice: "an MOU for the partnership" (partnership, non-binding) and
    # "the non-binding memorandum" later are one claim
    nb_kinds = {e.names for e in raws if e.status is Status.NON_BINDING and e.kind is not Kind.MOU}
    raws = [
        e
        for e in raws
        if not (e.kind is Kind.MOU and e.status is Status.NON_BINDING and any(e.names <= n for n in nb_kinds))
    ]
    # "completed" is for stakes, takeovers and mergers; a licence, supply deal or partnership
    # that is in place is "signed" ("has rights to use the models")
    for e in raws:
        if e.status is Status.COMPLETED and e.kind in {Kind.LICENSING, Kind.SUPPLY, Kind.PARTNERSHIP, Kind.MOU}:
            e.status = Status.SIGNED
    # An LOI/MOU about the main deal makes its announced steps non-binding.
    # (only a letter signed in the news's own month: "replaces the MOU signed last month" is history)
    month = (article.published.year, article.published.month) if article.published else None
    nb = {
        e.names
        for e in raws
        if e.status is Status.NON_BINDING
        and not e.background
        and (e.date is None or month is None or (e.date.year, e.date.month or month[1]) == month)
    }
    for e in raws:
        if not e.names & main:
            e.background = True  # none of the main story's companies: a fact in passing
        if e.status is Status.ANNOUNCED and e.names in nb and not e.background and e.kind in SPECIFIC:
            e.status = Status.NON_BINDING
    # DESIGN §2: main news with no date in its sentence takes the publication date (a gold
    # annotation at month precision still agrees: dates are compared at the coarser precision)
    published = PartialDate.from_date(article.published) if article.published else None
    # ... unless the same parties' main news is dated in another sentence ("on Monday").
    dated = {}
    for e in raws:
        if e.date is not None and not e.background and e.names not in dated:
            dated[e.names] = e.date
    for e in raws:
        if e.date is None and not e.background:
            e.date = dated.get(e.names, published)
    # one claim per (kind, parties, status): keep the best evidence, the most precise date
    best: dict[tuple[Kind | None, frozenset[str], Status, int], _Raw] = {}
    for e in raws:
        slot = 0
        while True:
            key = (e.kind, e.names, e.status, slot)
            kept = best.get(key)
            if kept is None or _dates_compatible(kept.date, e.date) or e.status not in _POINT_STAGES:
                break
            slot += 1  # the same stage at another time: a repeat deal (2019 and 2023 investments)
        if kept is None:
            best[key] = e
            continue
        winner, loser = (e, kept) if e.confidence > kept.confidence else (kept, e)
        if winner.date is None or (
            loser.date is not None and loser.date.precision == "day" and winner.date.precision != "day"
        ):
            winner.date = loser.date or winner.date
        winner.amount = winner.amount or loser.amount
        winner.background = winner.background and loser.background
        best[key] = winner
    events = list(best.values())
    # default-status claims yield to explicit ones about the same deal; talks beat rumours
    explicit = {(e.kind, e.names, e.background) for e in events if e.explicit}
    negotiating = {(e.kind, e.names) for e in events if e.status is Status.NEGOTIATING}
    kept: list[_Raw] = []
    for e in events:
        if not e.explicit and (e.kind, e.names, e.background) in explicit:
            continue
        if e.status is Status.RUMORED and (e.kind, e.names) in negotiating:
            continue
        kept.append(e)
    kept.sort(key=lambda e: (e.order, e.trigger.i))
    return [_to_candidate(e, article) for e in kept]


_REVIEWED_FIRST = (Kind.ACQUISITION, Kind.MERGER, Kind.INVESTMENT, Kind.JOINT_VENTURE)

#: Stages that happen once per deal (talks and reviews run on, so their dates differ freely).
_POINT_STAGES = {Status.ANNOUNCED, Status.SIGNED, Status.COMPLETED}


def _dates_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Unknown dates fit anything; known ones must agree to the month at the coarser precision."""
    if a is None or b is None:
        return True
    if a.year != b.year:
        return False
    return a.month is None or b.month is None or a.month == b.month  # days differ within a story


def _to_candidate(e: _Raw, article: Article) -> EventCandidate:
    sent = e.sent
    start = sent.start_char
    end = sent.end_char
    text = article.text[start:end]  # doc.text == article.text; Doc.text rebuilds the string on every call
    # trim surrounding whitespace while keeping offsets exact
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    end = start + len(stripped)
    assert e.kind is not None
    return EventCandidate(
        kind=e.kind,
        status=e.status,
        parties=e.parties,
        evidence=Evidence(start, end, article.text[start:end] if article.text[start:end] == stripped else stripped),
        date=e.date,
        amount=e.amount if e.kind in SPECIFIC else None,
        confidence=e.confidence,
        background=e.background,
        extractor=EXTRACTOR,
    )


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
    lex = lexicon()
    ctx = _Context(article.published)
    raws: list[_Raw] = []
    sents = list(doc.sents)
    cue_buckets = _bucket(sents, doc.spans.get(CUES_KEY, ()))
    ent_buckets = _bucket(sents, doc.ents)
    dateline = dateline_end(doc.text, gazetteer)
    for order, sent in enumerate(sents):
        found_mentions = sentence_mentions(sent, gazetteer, lex, ents=ent_buckets[order])
        if dateline and sent.start_char < dateline:
            found_mentions = [m for m in found_mentions if doc[m.start].idx >= dateline]
        mentions = _with_anaphors(sent, found_mentions, ctx, lex, doc)
        found = _sentence_events(
            doc, sent, order, ctx, gazetteer, lex, cue_buckets[order], mentions, ent_buckets[order]
        )
        _update_subject(sent, ctx, doc, mentions)
        for e in found:
            ctx.events.append(e)
        raws.extend(found)
    return _finish(raws, article, ctx, gazetteer)


def extract_articles(
    articles: Iterable[Article],
    nlp: Language,
    gazetteer: Gazetteer,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[tuple[Article, list[EventCandidate]]]:
    """Run the pipeline over many articles (``nlp.pipe``), yielding events in input order.

    A text longer than ``nlp.max_length`` is processed in chunks split at paragraph
    boundaries (see ``split_text``); its events' evidence offsets are shifted back to
    offsets in the whole article text.
    """
    limit = max(1, nlp.max_length - 1)

    def stream() -> Iterator[tuple[str, tuple[Article, int, bool]]]:
        for a in articles:
            if len(a.text) < limit:
                yield a.text, (a, 0, True)
                continue
            pieces = split_text(a.text, limit)
            for i, (offset, piece) in enumerate(pieces):
                yield piece, (a, offset, i == len(pieces) - 1)

    collected: list[EventCandidate] = []
    for doc, (article, offset, last) in nlp.pipe(stream(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if offset == 0 and last:
            yield article, extract_events(doc, article, gazetteer)
            continue
        part = replace(article, text=doc.text)
        for e in extract_events(doc, part, gazetteer):
            ev = e.evidence
            collected.append(replace(e, evidence=Evidence(ev.start + offset, ev.end + offset, ev.text)))
        if last:
            yield article, collected
            collected = []


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
