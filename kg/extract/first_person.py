"""First person plural in a quote: "we", "our", "us" are the company of the person quoted.

News quotes executives: '"We signed a letter of intent with Foxconn," said Ana Ruiz, chief
executive of Tessellate AI', '"Our deal with Nvidia is signed," a Tessellate AI spokesperson said'.
Inside quotation marks, the first person plural stands for the company the sentence names as the
speaker's, by a title it owns ("Tessellate AI's CEO", "chief executive of Tessellate AI", "a
Tessellate AI spokesperson"). Outside quotes, or with no such company in the sentence, "we" is
left alone (it may be the outlet or the author).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.parties import Mention, clean_org_name
from kg.extract.vocab import words

__all__ = ["with_first_person"]

_WE = frozenset({"we", "our", "us", "ours"})
_QUOTES = frozenset({'"', "“", "”"})
#: Words of a person who speaks for a company, beside its executives' titles.
_SPEAKERS = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative", "executive"})


def with_first_person(sent: Span, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` and the speaker's company at each quoted "we"/"our"/"us" of ``sent``."""
    pronouns = [t for t in sent if t.lower_ in _WE and t.pos_ == "PRON" and _quoted(t, sent)]
    if not pronouns:
        return mentions
    speaker = _speaker_company(sent, mentions)
    if speaker is None:
        return mentions
    extra = [Mention(speaker, t.i, t.i + 1, True, t.i) for t in pronouns]
    return sorted([*mentions, *extra], key=lambda m: m.start)


def _quoted(token: Token, sent: Span) -> bool:
    """An odd number of quotation marks stands between the sentence's start and ``token``."""
    return sum(t.text in _QUOTES for t in sent if t.i < token.i) % 2 == 1


def _speaker_company(sent: Span, mentions: list[Mention]) -> str | None:
    """The one company whose person speaks: it owns a title ("Tessellate AI's CEO"), a title is
    of it ("chief executive of Tessellate AI"), or it names one ("a Tessellate AI spokesperson");
    its name as the sentence's mentions give it, else as the model's entity reads."""
    titles = words("executive_titles") | _SPEAKERS
    names = {(m.start, m.end): m.name for m in mentions}
    found = {
        names.get((e.start, e.end)) or e.ent_id_ or clean_org_name(e.text)
        for e in sent.ents
        if e.label_ == "ORG" and _titles(e.root, titles)
    }
    return next(iter(found)) if len(found) == 1 else None


def _titles(root: Token, titles: frozenset[str]) -> bool:
    head = root.head
    if root.dep_ in {"poss", "compound", "nmod"} and head.lemma_.lower() in titles:
        return True
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in titles
