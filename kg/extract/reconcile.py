"""Reconciliation: one claim per kind, parties and status within a sentence, then the
article-level pass (kinds of bare deals, main news, dates, deduplication)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.discourse import Context
from kg.extract.naming import one_name_per_company
from kg.extract.quantities import quantity_for
from kg.extract.raw import EXTRACTOR, GENERAL, SPECIFIC, RawEvent
from kg.extract.repeats import one_claim_each
from kg.extract.review import other_reviewers
from kg.extract.roles import DIRECTED
from kg.extract.suitors import suitor_talks
from kg.extract.tense import governing_verb
from kg.extract.trades import BY_SECTOR, compute_deal, content_deal, roles_from_sectors
from kg.extract.ventures import without_venture_funding
from kg.extract.vocab import words
from kg.records import Article, EventCandidate, Evidence, Kind, PartialDate, Party, Role, Status
from kg.resolve.gazetteer import Gazetteer

__all__ = ["merge_sentence", "finish"]


def merge_sentence(events: list[RawEvent], cues: Sequence[Span], ctx: Context) -> list[RawEvent]:
    """Within one sentence: specific kinds beat partnership/MOU/generic words for the same parties."""
    has_mou = any(c.label_ == "status:non_binding" for c in cues)
    result: list[RawEvent] = []
    by_parties: dict[frozenset[str], list[RawEvent]] = {}
    # "ByteDance's investors, including A and B, had pushed for a deal": holders push for a deal of no one named
    investors = {p.name for e in events if e.kind is Kind.INVESTMENT for p in e.parties if p.role is Role.INVESTOR}
    # "bought A in 2017 and B in 2019, deals that ...": a deal word for claims told apart
    split = set().union(*(e.names for e in events if e.kind in SPECIFIC))
    for e in events:
        if e.kind is None and (e.names <= investors or (len(e.names) > 2 and e.names <= split)):
            continue
        by_parties.setdefault(e.names, []).append(e)
    for names, group in by_parties.items():
        kinds = {e.kind for e in group}
        specific_status = {e.status for e in group if e.kind in SPECIFIC}
        noun_partnership = any(  # "cooperation" in general is what an MOU is about, no partnership named
            e.kind is Kind.PARTNERSHIP
            and e.trigger.pos_ in {"NOUN", "PROPN"}
            and e.trigger.lemma_.lower() not in words("cooperation_words")
            for e in group
        )
        general = [k for k in (Kind.PARTNERSHIP, Kind.MOU) if k in kinds]
        for e in group:
            if e.kind is None:
                if specific_status:
                    _lend_stage(e, group)
                    continue
                if general:
                    # "signed an agreement that reshapes their partnership": the deal word is that partnership
                    e.kind = general[0]
                    e.notes.append("kind:sentence:general-word")
                    result.append(e)
                    continue
                inherited = ctx.kind_for(names, e.trigger)
                e.kind = inherited or (Kind.MOU if has_mou else _bare_kind(e.trigger))
                e.defaulted = inherited is None
                e.notes.append("kind:sentence:default" if e.defaulted else "kind:sentence:inherited")
                e.confidence = round(e.confidence - 0.1, 2)
            elif e.kind in GENERAL and (e.status in specific_status or (specific_status and not e.explicit)):
                continue  # "investments and partnerships between A and B": the specific kind says it
            elif e.kind is Kind.MOU and noun_partnership:
                continue  # an MOU about "the partnership" is that partnership, non-binding
            elif e.kind is Kind.PARTNERSHIP and Kind.MOU in kinds and not noun_partnership:
                continue  # "under the MOU the two sides will collaborate": the MOU is the deal
            result.append(e)
    # one claim per (kind, parties, status) in the sentence
    seen: dict[tuple[Kind | None, frozenset[str], Status], RawEvent] = {}
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
    return _without_unstaged_twins(_without_fewer_parties(list(seen.values())))


def _without_fewer_parties(events: list[RawEvent]) -> list[RawEvent]:
    """ "called off Nvidia's purchase of Arm, ending what would have been the biggest acquisition":
    a claim whose parties are some of another's of the same kind and stage is that claim; the
    roles it gave pass to the parties the other left without one ("Microsoft ... and Nvidia are
    in talks to participate": Nvidia invests)."""
    kept = []
    for e in events:
        wider = next((o for o in events if o.kind is e.kind and o.status is e.status and e.names < o.names), None)
        if wider is None:
            kept.append(e)
            continue
        roles = {p.name: p.role for p in e.parties if p.role is not None}
        wider.parties = tuple(Party(p.name, p.role or roles.get(p.name)) for p in wider.parties)
    return kept


def _bare_kind(deal: Token) -> Kind:
    """The kind of a deal word no other word names: a contract buys goods or services (supply);
    an agreement or deal between companies is a partnership."""
    return Kind.SUPPLY if deal.lemma_.lower() in words("contract_words") else Kind.PARTNERSHIP


def _lend_stage(word: RawEvent, group: list[RawEvent]) -> None:
    """ "obtained access to Google's TPUs under a deal": the bare deal word goes for the specific
    claim of the same parties; a stage it told passes to a claim of the verb it hangs on whose
    stage no word told."""
    told = next((n for n in word.notes if n.startswith("status:")), "status:default")
    deal = word.trigger
    if told == "status:default" or deal.dep_ != "pobj" or deal.head.dep_ != "prep":
        return  # only a deal word on a preposition of the verb: "under a deal", "as part of the agreement"
    for e in group:
        if e.kind in SPECIFIC and "status:default" in e.notes and _governs(deal.head.head, e.trigger):
            e.status, e.explicit = word.status, word.explicit
            e.notes = [n for n in e.notes if n != "status:default"] + [
                f"status:deal-word:{told.removeprefix('status:')}"
            ]


def _governs(verb: Token, token: Token) -> bool:
    """``verb`` is the verb whose clause holds ``token``."""
    return (governing := governing_verb(token)) is not None and governing.i == verb.i


def _without_unstaged_twins(events: list[RawEvent]) -> list[RawEvent]:
    """ "Oracle has a contract with OpenAI to supply computing power": the contract's stage is
    told ("has": in place); the supply verb of its purpose clause, which tells none, is the same
    deal, not an announced second one. A claim whose stage no word decided goes when the same
    sentence tells the same deal (kind and parties) with a stage."""
    staged = {(e.kind, e.names) for e in events if "status:default" not in e.notes}
    return [e for e in events if "status:default" not in e.notes or (e.kind, e.names) not in staged]


def finish(raws: list[RawEvent], article: Article, gazetteer: Gazetteer) -> list[EventCandidate]:
    """Article-level pass: main news, dates, upgrades and deduplication."""
    if not raws:
        return []
    one_name_per_company(raws, gazetteer)
    raws = [e for e in raws if len(e.parties) >= 2]  # "Quintex Labs" and "Quintex's": one company, no deal
    if not raws:
        return []
    main = next((e.names for e in raws if not e.background), raws[0].names)
    _settle_kinds(raws, gazetteer)
    raws = without_venture_funding(raws)
    _fill_roles(raws, gazetteer)
    raws = _without_restated_letters(raws)
    for e in raws:
        paid = "status:tense:paid" in e.notes  # the guideline's "closed, done or paid"
        if (
            e.status is Status.COMPLETED
            and e.kind in {Kind.LICENSING, Kind.SUPPLY, Kind.PARTNERSHIP, Kind.MOU}
            and not paid
        ):
            # "completed" is for stakes, takeovers, mergers and sums paid; a licence, supply deal or
            # partnership that is in place is "signed" ("has rights to use the models")
            e.status = Status.SIGNED
            e.notes.append("status:article:in-place-is-signed")
    _main_news(raws, main, article)
    _fill_dates(raws, article)
    kept = _signed_not_announced(_with_explicit_stages(one_claim_each(raws)))
    kept.sort(key=lambda e: (e.order, e.trigger.i))
    return [_to_candidate(e, article) for e in kept]


def _fill_roles(raws: list[RawEvent], gazetteer: Gazetteer) -> None:
    """A directed claim whose sentence gave no roles takes those of a claim of the same kind and
    parties in the article that has them (one deal, one direction); else a supply deal or licence
    takes them from the parties' trades ("OpenAI signed a contract with CoreWeave": the cloud
    company supplies), as the sentence rules do when the words are silent."""
    told = {(e.kind, e.names): e.parties for e in raws if e.kind in DIRECTED and all(p.role for p in e.parties)}
    for e in raws:
        if e.kind not in DIRECTED or any(p.role for p in e.parties):
            continue
        known = {p.name: p.role for p in told.get((e.kind, e.names), ())}
        if known:
            e.parties = tuple(replace(p, role=known[p.name]) for p in e.parties)
        elif e.kind in BY_SECTOR:
            sectors = {p.name: company.sector if (company := gazetteer.get(p.name)) else None for p in e.parties}
            e.parties = tuple(roles_from_sectors(e.kind, e.parties, sectors) or e.parties)


def _specific_kind(raws: list[RawEvent], names: frozenset[str], reviewed: bool = False) -> Kind | None:
    """The specific kind the article gives the same parties (or a subset or superset of them)."""
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


def _settle_kinds(raws: list[RawEvent], gazetteer: Gazetteer) -> None:
    """A bare "deal" takes the kind the article gives the same parties elsewhere; merger words
    of a takeover and reviewed partnerships take the deal's kind."""
    acquired = {e.names for e in raws if e.kind is Kind.ACQUISITION and not e.defaulted}
    for e in raws:
        before = e.kind
        if e.defaulted:
            other = _specific_kind(raws, e.names)
            if other is not None:
                e.kind = other
            elif (suitor := suitor_talks(raws, e)) is not None:
                e.kind, e.parties = Kind.ACQUISITION, suitor  # another suitor's talks with a target
            elif compute_deal(e.names, gazetteer, priced=e.amount is not None):
                # "a five-year, $11.9 billion contract with CoreWeave", "a deal with Constellation Energy"
                e.kind = Kind.SUPPLY
            elif content_deal(e.names, gazetteer):
                e.kind = Kind.LICENSING  # "News Corp signed a five-year agreement with OpenAI": its content
        elif e.kind is Kind.MERGER and e.names in acquired and e.status not in {Status.NEGOTIATING, Status.RUMORED}:
            # a takeover's contract is a "merger agreement" and its result a "combination": still the acquisition
            e.kind = Kind.ACQUISITION
        elif e.kind is Kind.MOU and e.status is Status.NON_BINDING:
            # "the agreement follows a letter of intent the two signed in January": a letter
            # between the parties of a deal of a known kind is about that deal (guideline)
            e.kind = _specific_kind(raws, e.names) or e.kind
        elif e.kind is Kind.PARTNERSHIP and e.status in {Status.UNDER_REVIEW, Status.BLOCKED}:
            # regulators review the deal the article is about ("an inquiry into Amazon's partnership with Anthropic")
            e.kind = _specific_kind(raws, e.names, reviewed=True) or e.kind
        if e.kind is not before:
            e.notes.append(f"kind:article:{before.value if before else 'generic'}-to-{e.kind.value if e.kind else ''}")


def _without_restated_letters(raws: list[RawEvent]) -> list[RawEvent]:
    """The same letter told twice: "an MOU for the partnership" (partnership, non-binding) and
    "the non-binding memorandum" later are one claim."""
    nb_kinds = {e.names for e in raws if e.status is Status.NON_BINDING and e.kind is not Kind.MOU}
    return [
        e
        for e in raws
        if not (e.kind is Kind.MOU and e.status is Status.NON_BINDING and any(e.names <= n for n in nb_kinds))
    ]


def _main_news(raws: list[RawEvent], main: frozenset[str], article: Article) -> None:
    """Events without the main story's companies are background; an LOI/MOU about the main deal
    makes its announced steps non-binding (only a letter signed in the news's own month:
    "replaces the MOU signed last month" is history)."""
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
            e.notes.append("status:article:letter-of-intent")


#: Stages that hold at the time of the report, or are news of it: the guideline dates talks,
#: rumours and reviews by the report when the text gives no other date, and a deal agreed or a
#: letter signed with no date of its own is news of the report's days ("this week's deals").
_REPORTED_STATES = {Status.NEGOTIATING, Status.RUMORED, Status.UNDER_REVIEW, Status.ANNOUNCED, Status.NON_BINDING}


def _fill_dates(raws: list[RawEvent], article: Article) -> None:
    """DESIGN §2: main news with no date in its sentence takes the publication date at month
    precision (the text gives no day, and the news is often a day or two older than the
    article), unless the same parties' main news is dated in another sentence ("on Monday")."""
    published = _news_date(article)
    dated: dict[frozenset[str], RawEvent] = {}
    for e in raws:
        if e.date is not None and not e.background and e.names not in dated:
            dated[e.names] = e
    for e in raws:
        if e.date is None and not e.background:
            told = dated.get(e.names)
            e.date = told.date if told and not _another_review(told, e) else published
        elif e.date is None and e.status in _REPORTED_STATES:
            e.date = published  # "the CMA is examining Amazon's investment", "KDDI agreed to invest"


def _another_review(told: RawEvent, e: RawEvent) -> bool:
    """Reviews by two regulators: one's date is not the other's."""
    return told.status is e.status is Status.UNDER_REVIEW and other_reviewers(told.sent, e.sent)


def _news_date(article: Article) -> PartialDate | None:
    """The publication date at month precision, or to the day when the article states that day
    at its top (a dateline or date line: "date 2025-09-11", "Sept. 11, 2025 --")."""
    day = article.published
    if day is None:
        return None
    top = article.text[:400]
    forms = (
        day.isoformat(),
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%b}. {day.day}, {day.year}",
        f"{day.day} {day:%B} {day.year}",
    )
    if any(form in top for form in forms):
        return PartialDate.from_date(day)
    return PartialDate(day.year, day.month)


def _with_explicit_stages(events: list[RawEvent]) -> list[RawEvent]:
    """Default-status claims yield to explicit ones about the same deal; talks beat rumours."""
    explicit = {(e.kind, e.names, e.background) for e in events if e.explicit}
    negotiating = {(e.kind, e.names) for e in events if e.status is Status.NEGOTIATING}
    return [
        e
        for e in events
        if (e.explicit or (e.kind, e.names, e.background) not in explicit)
        and not (e.status is Status.RUMORED and (e.kind, e.names) in negotiating)
    ]


def _signed_not_announced(events: list[RawEvent]) -> list[RawEvent]:
    """A deal told announced and, on the same day, signed ("AMD will supply OpenAI ..., the
    companies said on Monday. Under a definitive agreement, ..."): one event, signed. A deal
    signed by tense alone ("has teamed up with") is one in place, not that day's signing."""
    signed = {
        (e.kind, e.names, e.date)
        for e in events
        if e.status is Status.SIGNED and e.date is not None and not any(n.startswith(_BY_TENSE) for n in e.notes)
    }
    return [e for e in events if e.status is not Status.ANNOUNCED or (e.kind, e.names, e.date) not in signed]


#: The notes of a status read off the verb's tense, not a cue.
_BY_TENSE = ("status:tense", "status:dated-past")

_REVIEWED_FIRST = (Kind.ACQUISITION, Kind.MERGER, Kind.INVESTMENT, Kind.JOINT_VENTURE)


def _to_candidate(e: RawEvent, article: Article) -> EventCandidate:
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
        quantity=quantity_for(e.trigger, e.sent) if e.kind is Kind.SUPPLY else None,
        confidence=e.confidence,
        background=e.background,
        extractor=EXTRACTOR,
        reason=_reason(e.notes),
    )


def _reason(notes: list[str]) -> str:
    """The last rule that set the kind and the last that set the status (they decide)."""
    last = {n.split(":", 1)[0]: n for n in notes if n.startswith(("kind:", "status:"))}
    return "; ".join(last[k] for k in ("kind", "status") if k in last)
