"""Agreement triggers of one sentence: the kind and generic cues ``kg_cues_v1`` marked,
filtered by the parse, plus the triggers told by a shape of the tree (offers, rounds,
"pay for", supply verbs, "backed by")."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from kg.extract.kinds import (
    bare_holder,
    invests_in_things,
    mou_subject_kind,
    object_kind,
    object_lemmas,
    provider_without_client,
)
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import CUES_KEY
from kg.extract.raw import SPECIFIC, Trigger
from kg.extract.syntax import describes_next_company, direct_objects, has_money_near, is_org, tree_distance
from kg.extract.vocab import words
from kg.records import Kind

__all__ = ["sentence_cues", "find_triggers"]


def sentence_cues(doc: Doc, sent: Span) -> list[Span]:
    return [s for s in doc.spans.get(CUES_KEY, ()) if sent.start <= s.start and s.end <= sent.end]


def find_triggers(sent: Span, cues: Sequence[Span], lex: Lexicon, ents: Sequence[Span] | None = None) -> list[Trigger]:
    triggers: list[Trigger] = []
    seen: set[tuple[int, Kind | None]] = set()

    def add(token: Token, kind: Kind | None, label: str) -> None:
        if (token.i, kind) not in seen:
            seen.add((token.i, kind))
            triggers.append(Trigger(token, kind, label))

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
                and not has_money_near(root, sent, ents=ents)
                and not any(c.dep_ == "dobj" and c.lemma_.lower() in words("money_nouns") for c in root.children)
            ):
                continue  # "raise", "commit" speak of a deal only with a sum ("$2 billion", "funds")
            if kind is Kind.SUPPLY and provider_without_client(root):
                continue
            if kind is Kind.ACQUISITION and lemma in {"buy", "purchase"} and root.pos_ != "VERB":
                if not any(c.lower_ == "of" and any(is_org(g) for g in c.subtree) for c in root.children):
                    continue
            if kind is Kind.ACQUISITION and lemma in words("judged_by_object"):
                decided = object_kind(root, lex)
                if decided is not None:
                    if decided == "skip":
                        continue
                    add(root, decided, label)
                    continue
            if kind is Kind.ACQUISITION and lemma in {"buy", "purchase"} and len(cue) == 1:
                objects = object_lemmas(root) | {
                    t.lemma_.lower() for t in root.subtree if abs(t.i - root.i) <= 8 and t.pos_ in {"NOUN", "PROPN"}
                }
                if objects & words("bought_equity"):
                    kind = Kind.INVESTMENT
                elif objects & lex.supply_nouns:
                    kind = Kind.SUPPLY
                elif objects & lex.not_company_objects:
                    continue
                elif not any(is_org(c) for c in root.subtree) and root.pos_ == "VERB":
                    # "buy" with no organization in its reach: a purchase of things, not a takeover
                    if not any(
                        c.dep_ in {"dobj", "pobj"} and c.lemma_.lower() in lex.one_party_heads for c in root.subtree
                    ):
                        continue
            if kind is Kind.PARTNERSHIP and lemma == "work" and root.pos_ != "VERB":
                continue  # "their work with Scale" is a customer's use, "work with" as a verb is a tie
            if kind is Kind.INVESTMENT and lemma == "invest" and invests_in_things(root):
                continue  # "a venture that plans to invest $500 billion in data centers"
            if kind is Kind.PARTNERSHIP and lemma in words("partnership_needs_company"):
                if not any(is_org(c) for c in root.subtree):
                    continue
            if kind is Kind.INVESTMENT and lemma in {"fund", "equity"} and root.pos_ != "VERB" and len(cue) == 1:
                continue
            if kind is Kind.INVESTMENT and len(cue) == 1 and bare_holder(root):
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
            and has_money_near(token, sent, 4, ents)
            and token.i + 2 < sent.end
            and sent.doc[token.i + 1].lower_ in {"from", "for", "by"}
            and any(is_org(t) for t in sent.doc[token.i + 2 : min(sent.end, token.i + 5)])
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
                c.dep_ == "prep" and c.lower_ == "for" and any(is_org(g) and g.dep_ == "pobj" for g in c.children)
                for c in token.children
            )
        ):
            add(token, Kind.ACQUISITION, "verb:pay-for")  # "will pay $9 billion for Core Scientific"
        if lemma in lex.supply_verbs and token.pos_ in {"VERB", "AUX"}:
            nouns = [t for t in token.subtree if t.lemma_.lower() in lex.supply_nouns and abs(t.i - token.i) <= 10]
            strong = lemma in words("supply_strong_verbs")
            near_company = any(is_org(t) and tree_distance(token, t) <= 4 for t in sent)
            takes_company = any(
                is_org(o) or o.lemma_.lower() in lex.one_party_heads or describes_next_company(o, lex)
                for o in direct_objects(token)
            ) and not any(  # "provide OpenAI with 4.5 gigawatts of capacity": the company is the client
                c.dep_ == "prep" and c.lower_ == "with" and any(t.lemma_.lower() in lex.supply_nouns for t in c.subtree)
                for c in token.children
            )
            if nouns and near_company and not takes_company and (strong or has_money_near(token, sent, 10, ents)):
                add(token, Kind.SUPPLY, "verb:supply")
        if token.lower_ == "backed" or (lemma == "back" and token.pos_ == "VERB"):
            prev = token.nbor(-1) if token.i > sent.start else None
            epithet = prev is not None and prev.text == "-" and token.i - 2 >= sent.start and is_org(token.nbor(-2))
            agent = any(c.dep_ == "agent" and any(is_org(g) for g in c.subtree) for c in token.children)
            subject = any(c.dep_ == "nsubj" and is_org(c) for c in token.children) or (
                token.dep_ == "acl" and is_org(token.head)
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
            if epithet or agent or (subject and any(is_org(c) for c in token.children if c.dep_ == "dobj")):
                add(token, Kind.INVESTMENT, "epithet" if epithet or standing else "back")
    # "a memorandum of understanding for the next phase of their partnership", "a letter of intent
    # to supply memory": an MOU/LOI about a known kind of deal is that deal, non-binding
    # likewise "signed a contract with Oracle to buy computing power": a bare deal word whose
    # purpose clause names a specific kind of deal is that deal
    by_token = {t.token.i: t for t in triggers}
    for trig in triggers:
        if trig.kind is Kind.MOU:
            about = mou_subject_kind(trig.token, cues, by_token)
            if about is not None:
                trig.kind = about
                trig.label = "mou-about"
        elif trig.kind is None and trig.token.pos_ in {"NOUN", "PROPN"}:
            about = mou_subject_kind(trig.token, cues, by_token)
            if about in SPECIFIC:
                trig.kind = about
                trig.label = "deal-about"
    return triggers
