"""The role of a party in a directed deal (investor/investee, acquirer/target, licensor/
licensee, supplier/customer) from its attachment to the trigger."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.vocab import words
from kg.records import Kind, Role

__all__ = ["role_for", "DIRECTED"]


DIRECTED = {Kind.INVESTMENT, Kind.ACQUISITION, Kind.LICENSING, Kind.SUPPLY}


def role_for(kind: Kind, trigger: Token, mention_root: Token) -> Role | None:
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
