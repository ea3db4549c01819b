"""Anaphors: the company "it", "its", "the company", "the chipmaker" or an object pronoun
refers to, from the sentence itself and the sentences before it (``Context``)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.discourse import SUBJECT_DEPS, Context
from kg.extract.lexicon import company_words
from kg.extract.local_anaphors import company_before, controller, owner_before, subject_before, teller, whose
from kg.extract.parties import Mention, name_head
from kg.extract.places import a_place, place_keys
from kg.extract.review import regulator_speaks
from kg.extract.syntax import antecedent, mention_root
from kg.extract.vocab import table, words
from kg.records import AGENT_ROLES, Role

__all__ = ["note_descriptions", "the_company", "with_anaphors"]


def _anaphor(token: Token) -> bool:
    """A subject that points back to a company: "it", "the company", "the startup"."""
    if token.dep_ not in SUBJECT_DEPS or token.ent_type_:
        return False
    if token.lower_ == "it":
        head = token.head
        if head.lemma_.lower() == "be" and any(  # "it was in talks to invest": not an expletive "it is"
            c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_.lower() in words("talk_nouns") for g in c.children)
            for c in head.children
        ):
            return True
        # "it takes time" is no company, "it took a stake in Joby" is
        return head.pos_ == "VERB" and (
            head.lemma_.lower() not in words("weak_verbs")
            or any(c.dep_ == "dobj" and c.lemma_.lower() in words("equity") for c in head.children)
        )
    if _its_board(token):
        return True  # "said its board had abandoned the planned purchase": the board acts for it
    # "the chip-design software company" describes the company told of; "its parent company" or
    # a company named in a modifier is another one
    return (
        token.tag_ == "NN"
        and the_company(token)
        and not any(c.dep_ == "poss" or _named_modifier(c) for c in token.children)
    )


def _its_board(token: Token) -> bool:
    """ "its board", "the board": a company's governing body, which acts for the company."""
    return (
        token.tag_ == "NN"
        and token.lemma_.lower() in words("governing_bodies")
        and any(c.lower_ in {"its", "the"} and c.dep_ in {"poss", "det"} for c in token.children)
        and not any(c.dep_ == "prep" for c in token.children)  # "the board of Arm": named
    )


def _named_modifier(word: Token) -> bool:
    """A modifier that names something other than a place ("the OpenAI-backed company"); a place
    says where the company is from ("the Kyoto company")."""
    return word.dep_ in {"compound", "amod"} and bool(word.ent_type_) and not a_place(word)


def the_company(token: Token) -> bool:
    """ "the company", "this startup": a definite company noun that is not "the new company",
    nor the title of the name right after it ("bought the AI start-up MosaicML")."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (
        token.pos_ == "NOUN"
        and (after is None or after.ent_type_ != "ORG")
        and token.lemma_.lower() in company_words()  # "the company", "the neocloud", "the utility"
        and any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children)
        and not any(c.dep_ in {"compound", "amod"} and c.lower_ in words("other_company") for c in token.children)
    )


def with_anaphors(sent: Span, mentions: list[Mention], ctx: Context, doc: Doc) -> list[Mention]:
    """Add the company that "it"/"the company" in subject position refers to: the subject of
    the latest sentences that had a company as subject (not where a regulator says "it" did)."""
    roots = {mention_root(doc, m).i: m for m in mentions}
    subjects, possessives, objects = [], [], []  # one pass over the words; each kind resolved in turn
    for t in sent:
        if t.dep_ not in _ANAPHOR_DEPS or t.i in roots:
            continue  # (each kind of anaphor fills one of these slots)
        if _anaphor(t) and not regulator_speaks(t):
            subjects.append(t)
        if _possessive_anaphor(t):
            possessives.append(t)
        if _object_anaphor(t):
            objects.append(t)
    extra: list[Mention] = []
    for t in subjects:
        # "Microsoft paid Inflection ... when it recruited": the sentence's own subject comes first
        local = teller(t, roots) or subject_before(t, roots)
        name = _of_the_trade(t, mentions, ctx) or (
            local.name if local else _described_subject(t, ctx) or (ctx.subject if ctx.subject_age <= 2 else None)
        )
        name = _placed(t, name, mentions, ctx)  # "the Kyoto company": the company from there
        name = _young(t, name, mentions, ctx)  # "The startup raised ...": no listed company
        if name is None or any(m.name == name and mention_root(doc, m).head.i == t.head.i for m in mentions):
            continue
        extra.append(Mention(name, t.i, t.i + 1, True, t.i))
    for t in possessives:
        local = whose(t, roots) or controller(t, roots) or subject_before(t, roots) or owner_before(t, roots)
        name = local.name if local else _holder(t, roots, ctx) or _possessor(ctx, t.head) or company_before(t, roots)
        if name is not None:
            extra.append(Mention(name, t.i, t.i + 1, True, t.i))
    for t in objects:
        name = (
            _described(t, mentions, ctx)
            or _of_the_trade(t, mentions, ctx)
            or _object_referent(t, [*mentions, *extra], ctx, doc)
        )
        name = _placed(t, name, mentions, ctx, _own_subjects(t, mentions))
        if name is not None:
            extra.append(Mention(name, t.i, t.i + 1, True, t.i))
    return sorted([*mentions, *extra], key=lambda m: m.start) if extra else mentions


def note_descriptions(ctx: Context, doc: Doc, mentions: list[Mention], with_places: bool = True) -> None:
    """Remember which company each company noun of the sentence described ("Veltrix, a start-up
    that ...", "AI start-up Veltrix"), for "the start-up"; ``with_places``: and each place's."""
    nouns = company_words()
    ending = {m.end: m for m in mentions}  # "buy Voltera, a Dutch startup": the name right before
    for m in mentions:
        root = name_head(mention_root(doc, m))
        described = [c for c in root.children if c.dep_ in {"appos", "compound", "nmod", "amod"}]
        if root.dep_ in SUBJECT_DEPS and root.head.lemma_.lower() == "be":
            described += [c for c in root.head.children if c.dep_ == "attr"]
        places = place_keys(root) | ({m.country} if m.country else set())
        for noun in described:
            if noun.pos_ == "NOUN" and noun.lemma_.lower() in nouns:
                # the parser may hang the apposition on an earlier name than the one it follows
                near = ending.get(noun.left_edge.i - 1) if noun.dep_ == "appos" else None
                owner = near.name if near is not None and doc[near.end].text == "," else m.name
                ctx.described[noun.lemma_.lower()] = owner
                if owner == m.name:
                    places |= place_keys(noun)
                elif with_places:
                    ctx.placed.update(dict.fromkeys(place_keys(noun), owner))
        for place in places if with_places else ():
            ctx.placed[place] = m.name


def _of_the_place(
    places: set[str], token: Token, mentions: list[Mention], ctx: Context, own: frozenset[str] = frozenset()
) -> str | None:
    """The one company a place-modified company noun can refer to: told of as from that place
    (its words, then its country), before it in its sentence or in the sentences before; never
    one of ``own``; None when none or several are."""
    said = {p for p in places if not p.isupper()}  # the place's words first, then its country
    for keys in (said, places - said):
        found = {ctx.placed[p] for p in keys if p in ctx.placed and ctx.placed[p] not in own}
        found |= {m.name for m in mentions if m.end <= token.i and m.country in keys and m.name not in own}
        if len(found) == 1:
            return found.pop()
    return None


def _placed(
    token: Token, name: str | None, mentions: list[Mention], ctx: Context, own: frozenset[str] = frozenset()
) -> str | None:
    """The company a company noun with a place refers to ("the Kyoto company"): the one told
    of as from there; else ``name`` (what the noun would refer to without its place) unless
    that company is told of as from somewhere else (a city inside its country is not elsewhere:
    "the San Francisco-based company" can be a US company, ``place_within``)."""
    places = place_keys(token)
    if not places:
        return name
    found = _of_the_place(places, token, mentions, ctx, own)
    if found is not None or name is None:
        return found
    within = {*places, *(table("place_within").get(p) for p in places)} - {None}  # its words, its country
    told = {*(p for p, n in ctx.placed.items() if n == name), *(m.country for m in mentions if m.name == name)} - {None}
    return None if told and not told & within else name  # told of as from elsewhere


def _young(token: Token, name: str | None, mentions: list[Mention], ctx: Context) -> str | None:
    """ "the startup" is no company with a stock ticker: for one, the latest company told of
    that has none (and is not a subject of the noun's own clause)."""
    if name is None or name not in ctx.listed or token.lemma_.lower() not in words("young_company_nouns"):
        return name
    own = _own_subjects(token, mentions) | ctx.listed
    return next((n for n in reversed(ctx.named) if n not in own), None)


def _own_subjects(token: Token, mentions: list[Mention]) -> frozenset[str]:
    """The companies that are the subject of the clause an anaphor noun is in ("Veltrix invested
    in the start-up": Veltrix is not the start-up)."""
    doc = token.doc
    verb = token.head.head if token.dep_ == "pobj" else token.head
    return frozenset(
        m.name for m in mentions if (r := mention_root(doc, m)).head.i == verb.i and r.dep_ in SUBJECT_DEPS
    )


def _described_subject(token: Token, ctx: Context) -> str | None:
    """ "Voltera, a Dutch chip startup, ... The startup raised €150 million": the company an
    earlier sentence described with the subject's own noun, unless the noun is a plain one
    ("the company" is the company the story is about)."""
    lemma = token.lemma_.lower()
    return None if lemma in words("plain_company_nouns") else ctx.described.get(lemma)


def _described(token: Token, mentions: list[Mention], ctx: Context) -> str | None:
    """ "the start-up": the company an earlier sentence described with that noun, unless it is
    the subject of the noun's own clause ("Veltrix invested in the start-up" is not Veltrix)."""
    name = ctx.described.get(token.lemma_.lower())
    if name is None:
        return None
    return None if name in _own_subjects(token, mentions) else name


def _of_the_trade(token: Token, mentions: list[Mention], ctx: Context) -> str | None:
    """The company a trade noun refers back to ("a stake in the chipmaker"): the latest told of,
    in the sentence before it or in the ones before, whose gazetteer sector is that trade and
    that is not a subject of the noun's own clause; with no company before it in its sentence,
    the company the last sentences were about first, when it is of that trade."""
    compounds = [c.lemma_.lower() for c in token.children if c.dep_ == "compound"]
    key = " ".join([*compounds[-1:], token.lemma_.lower()])
    trades = table("sector_nouns")
    sectors = set((trades.get(key) or trades.get(token.lemma_.lower()) or "").split())
    if not sectors:
        return None
    own = _own_subjects(token, mentions)
    before = [(m.name, m.sector) for m in mentions if m.end <= token.i]
    about = ctx.subject if ctx.subject is not None and ctx.subject_age <= 2 and not before else None
    if about is not None and ctx.named.get(about) in sectors and about not in own:
        return about  # "Samsung supplied HBM3 for the MI300X, which AMD launched. ... the chipmaker"
    for name, sector in [*reversed(before), *reversed(ctx.named.items())]:
        if sector in sectors and name not in own:
            return name
    return None


_OBJECT_DEPS = {"dobj", "pobj"}
#: The slots of the anaphors: subjects, objects and possessives.
_ANAPHOR_DEPS = SUBJECT_DEPS | _OBJECT_DEPS | {"poss"}
_RECEIVING = {Role.INVESTEE, Role.TARGET, Role.CUSTOMER, Role.LICENSEE}


def _object_anaphor(token: Token) -> bool:
    """An object that points back to a company: "invested $2 billion in the startup"."""
    return (
        token.dep_ in _OBJECT_DEPS
        and not token.ent_type_
        and token.tag_ == "NN"
        and the_company(token)
        and not any(
            c.dep_ in {"poss", "acl"}
            or (c.dep_ == "prep" and c.lower_ not in words("circumstance_preps"))  # not "for the new sites"
            or (c.dep_ == "relcl" and token.doc[c.left_edge.i - 1].text != ",")  # "the company that makes"
            or _named_modifier(c)
            for c in token.children
        )
    )


def _possessive_anaphor(token: Token) -> bool:
    """A possessive that points back to a company on a deal noun: "its acquisition of Within",
    "the company's investment", "the chip giant's buyout of Run:ai"; or on the noun for the
    other side of its deals: "its backers include ...", "the startup's customers"."""
    if token.dep_ != "poss" or token.ent_type_:
        return False
    if token.lower_ == "whose":  # "the designer whose planned sale to Nvidia collapsed"
        return token.head.lemma_.lower() in words("possessed_deal_nouns") | words("sale_words")
    if token.head.lemma_.lower() not in words("possessed_deal_nouns") and not _other_side(token.head):
        return False
    return token.lower_ == "its" or the_company(token)


def _other_side(noun: Token) -> bool:
    """ "Its backers include ...", "its customers are ...": the subject is a noun for the companies
    on the other side of the possessor's deals, or names them ("with its largest backer,
    Microsoft"); else ("with its biggest backer") the possessive is left to the other rules."""
    return (
        noun.pos_ == "NOUN"
        and (noun.dep_ in SUBJECT_DEPS or any(c.dep_ == "appos" and c.ent_type_ == "ORG" for c in noun.children))
        and noun.lemma_.lower() in words("agent_nouns") | words("customer_nouns")
    )


def _holder(token: Token, roots: dict[int, Mention], ctx: Context) -> str | None:
    """ "the ChatGPT maker's relationship with its biggest backer", "Ambiq makes chips. Its
    backers include ...": the possessor of the other side of its deals is the company the
    sentence named before it, else the one the last sentences were about."""
    if not _other_side(token.head):
        return None
    return company_before(token, roots) or (ctx.subject if ctx.subject_age <= 2 else None)


def _possessor(ctx: Context, noun: Token) -> str | None:
    """The company "its acquisition" belongs to: the latest that invested, bought or supplied
    (the company the last sentences were about first when it is one of them), else that company.
    "Its licence agreement", "its partnership": no side takes, so the company the last sentence
    was about first ("its deal for Beats" may be a takeover: left to the first rule)."""
    acting = [p.name for e in reversed(ctx.events) for p in e.parties if p.role in AGENT_ROLES]
    recent = [ctx.subject] if ctx.subject is not None and ctx.subject_age <= 2 else []
    if recent and ctx.subject_age <= 1 and noun.lemma_.lower() in words("standing_deal_nouns"):
        return recent[0]
    candidates = [*(s for s in recent if s in acting), *acting] if acting else recent
    return candidates[0] if candidates else None


def _object_referent(token: Token, mentions: list[Mention], ctx: Context, doc: Doc) -> str | None:
    """The company an object anaphor names: the one the last sentence was about unless it is the
    one that invested, bought or supplied; else the latest company deals were made with; else a
    side of the article's main deal. Never the clause's own subject ("Google invested in the
    startup" is not Google), and none when the clause names no company as its subject."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    for _ in range(2):  # "holds a minority stake in the company": past the noun the object hangs on
        if verb.pos_ in {"VERB", "AUX"} or verb.dep_ not in {"dobj", "pobj", "prep"}:
            break
        verb = verb.head
    verbs = {verb.i}
    while verb.dep_ in {"xcomp", "conj", "pcomp", "acl"} and len(verbs) < 4:  # "agreed to invest", "talks to buy"
        verb = verb.head  # "took a stake in Joby and agreed to invest in the developer": the first verb's subject
        while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ in {"prep", "dobj", "pobj"}:
            verb = verb.head  # "held discussions about buying the company": the verb of the talks
        verbs.add(verb.i)
    # the subject, or what a relative pronoun subject stands for ("Amazon, which holds a stake in")
    said = [antecedent(c) for v in verbs for c in doc[v].children if c.dep_ in SUBJECT_DEPS]
    relative = {t.i for t in said} | {t.head.i for t in said if t.dep_ == "appos"}  # "X, the firm that"
    subjects = {
        m.name
        for m in mentions
        if (mention_root(doc, m).dep_ in SUBJECT_DEPS and mention_root(doc, m).head.i in verbs)
        or mention_root(doc, m).i in relative
    }
    if not subjects:
        return None  # "the deal gives the company a seat": who acts is not said
    acting = {p.name for e in ctx.events for p in e.parties if p.role in AGENT_ROLES}
    recent = [ctx.subject] if ctx.subject is not None and ctx.subject_age <= 1 else []
    # "... that Anthropic has struck. Amazon has invested $8 billion in the start-up": the one
    # company the sentence before named comes before an older subject
    just_named = list(ctx.last_named) if len(ctx.last_named) == 1 else []
    recent = [*just_named, *recent]
    candidates = [s for s in recent if s not in acting]
    # "took a stake in Joby Aviation and agreed to invest more in the air-taxi developer"
    candidates += [m.name for m in reversed(mentions) if m.end <= token.i and mention_root(doc, m).dep_ in _OBJECT_DEPS]
    candidates += [p.name for e in reversed(ctx.events) for p in e.parties if p.role in _RECEIVING]
    candidates += [p.name for p in ctx.main_parties() or ()]
    return next((c for c in candidates if c not in subjects), None)
