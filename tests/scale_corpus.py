"""Seeded corpora of extracted articles for scale tests: a few hub companies in most
articles, many small ones, every kind and status, dates at every precision, repeat deals.

The records go through the real writer (``kg.graphwrite.write_articles``); only the
extraction step is skipped, so a test can write hundreds of articles in seconds.
"""

from __future__ import annotations

import datetime as dt
import random

from kg.graphwrite import Extracted
from kg.records import Article, EventCandidate, Evidence, Kind, Money, PartialDate, Party, Quantity, Role, Status

HUBS = ("OpenAI", "Microsoft", "Nvidia")
SMALL = tuple(f"Startup {n:03d}" for n in range(40)) + ("Anthropic", "Google", "Amazon", "Meta", "Oracle", "SoftBank")
AGENT = {
    Kind.INVESTMENT: (Role.INVESTOR, Role.INVESTEE),
    Kind.ACQUISITION: (Role.ACQUIRER, Role.TARGET),
    Kind.LICENSING: (Role.LICENSOR, Role.LICENSEE),
    Kind.SUPPLY: (Role.SUPPLIER, Role.CUSTOMER),
}


def _date(rng: random.Random) -> PartialDate | None:
    year = rng.randint(2019, 2025)
    pick = rng.random()
    if pick < 0.15:
        return None
    if pick < 0.3:
        return PartialDate(year)
    if pick < 0.5:
        return PartialDate(year, rng.randint(1, 12))
    return PartialDate(year, rng.randint(1, 12), rng.randint(1, 28))


def _parties(rng: random.Random, kind: Kind, hub_share: float) -> tuple[Party, ...]:
    a = rng.choice(HUBS) if rng.random() < hub_share else rng.choice(SMALL)
    b = rng.choice([x for x in (*HUBS, *SMALL) if x != a]) if rng.random() < 0.3 else rng.choice(SMALL)
    while b == a:
        b = rng.choice(SMALL)
    names = [a, b]
    if rng.random() < 0.05:
        names.append(rng.choice([x for x in SMALL if x not in names]))
    roles = AGENT.get(kind)
    if roles and rng.random() < 0.8:
        return (Party(names[0], roles[0]), *(Party(n, roles[1]) for n in names[1:]))
    return tuple(Party(n) for n in names)


def _event(rng: random.Random, text: str, start: int, hub_share: float) -> EventCandidate:
    kind = rng.choice(list(Kind))
    parties = _parties(rng, kind, hub_share)
    sentence = f"{parties[0].name} and {parties[1].name} agreed a {kind.value} deal."
    amount = Money(rng.choice([1, 2, 5, 10, 50]) * 10 ** rng.choice([6, 9]), "USD") if rng.random() < 0.3 else None
    return EventCandidate(
        kind=kind,
        status=rng.choice(list(Status)),
        parties=parties,
        evidence=Evidence(start, start + len(sentence), sentence),
        date=_date(rng),
        amount=amount,
        # goods for a priced supply deal, derived from the amount so the random stream is unchanged
        quantity=Quantity(str(amount.value // 10**5), "GPUs") if kind is Kind.SUPPLY and amount else None,
        confidence=round(rng.uniform(0.5, 0.99), 3),
        background=rng.random() < 0.1,
    )


def corpus(
    n: int, seed: int = 7, hub_share: float = 0.9, prefix: str = "https://scale.example.org/"
) -> list[Extracted]:
    """``n`` articles with one to three claims each; ``hub_share`` of the claims name a hub."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        events = []
        text = ""
        for _ in range(rng.randint(1, 3)):
            event = _event(rng, text, len(text), hub_share)
            text += event.evidence.text + " "
            events.append(event)
        url = f"{prefix}{i}"
        published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))
        article = Article(
            key=url, text=text, path=f"/tmp/scale/{i}.md", url=url, title=f"Deal news {i}", published=published,
            sha256=f"{i:064x}",
        )  # fmt: skip
        items.append(Extracted(article, tuple(events)))
    return items
