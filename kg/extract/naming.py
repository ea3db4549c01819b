"""One company, one name per article: the long and the short name an article gives a company
the gazetteer does not know ("Sapeon Korea" and then "Sapeon") become one party, under the
common name, as the guideline names companies."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.raw import RawEvent
from kg.extract.vocab import words
from kg.records import Party
from kg.resolve.gazetteer import Gazetteer

__all__ = ["one_name_per_company"]


def one_name_per_company(raws: list[RawEvent], gazetteer: Gazetteer) -> None:
    """A name the gazetteer does not know that opens exactly one other party name, or that name
    after its city ("Lianyun" for "Hangzhou Lianyun Technology"), is that company ("AMD closed
    its purchase of ZT" after "ZT Systems"), under the gazetteer's name when it knows the longer
    one, else under the shorter, the common name ("Sapeon" for "Sapeon Korea"). A one-word name
    that ends the one known company's name the article gives ("Telekom" after "Deutsche
    Telekom") is that company."""
    if not raws:
        return
    names = {p.name for e in raws for p in e.parties}
    ents = [e for e in raws[0].sent.doc.ents if e.label_ == "ORG"]
    known = {e.text: e.ent_id_ for e in ents if e.ent_id_}  # the doc's gazetteer names
    renamed: dict[str, str] = {}
    for short in names:
        if gazetteer.canonical(short) is not None:
            continue
        fuller = {n for n in names if n.startswith(short + " ") or _unplaced(n).startswith(short + " ")}
        fuller |= {name for text, name in known.items() if text.startswith(short + " ")}  # named, in no event
        if not fuller and " " not in short:  # "Telekom" after "Deutsche Telekom": its last word
            fuller = {name for text, name in known.items() if text.endswith(" " + short)}
        if len(fuller) == 1:
            (full,) = fuller
            canonical = gazetteer.canonical(full)
            renamed.update({short: canonical} if canonical is not None else {full: short})
    for e in raws:
        if any(p.name in renamed for p in e.parties):
            merged: dict[str, Party] = {}
            for p in e.parties:
                name = renamed.get(p.name, p.name)
                merged.setdefault(name, replace(p, name=name))
            e.parties = tuple(merged.values())


def _unplaced(name: str) -> str:
    """``name`` without the city or country that opens it, and a space ("Hangzhou Lianyun
    Technology": "Lianyun Technology "), so that a prefix test also matches the whole rest
    ("Lianyun" for "Hangzhou Lianyun"); ``name`` itself when no place opens it."""
    first, _, rest = name.partition(" ")
    return rest + " " if rest and first.lower() in words("places") else name
