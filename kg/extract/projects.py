"""Names of projects, not of companies taking part in them: "the Stargate endeavor",
"OpenAI's Stargate venture", "Stargate, OpenAI's data-centre build-out", "its Stargate sites"."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.syntax import is_org
from kg.extract.vocab import words

__all__ = ["names_the_project"]


def names_the_project(root: Token) -> bool:
    """ "the Stargate endeavor", "OpenAI's Stargate venture": a name that modifies a project noun
    names the project itself, not a company taking part in it (a "joint venture" is kept; a
    capitalised "Venture" ends a company's name: "Alliance Venture")."""
    if (
        root.is_lower
        and root.lemma_.lower() in words("project_nouns")
        and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.children)
    ):
        return not any(c.lower_ == "joint" for c in root.children)  # the mention "the Stargate project"
    if any(
        c.dep_ == "appos" and _project_noun(c) and any(g.dep_ == "poss" and is_org(g) for g in c.children)
        for c in root.children
    ):
        return True  # "Stargate, OpenAI's data-centre build-out"
    head = root.head
    if root.dep_ == "compound" and head.is_lower and head.lemma_.lower() in words("owned_site_nouns"):
        return any(c.dep_ == "poss" for c in head.children)  # "its Stargate data centres": the owner's site
    return (
        root.dep_ in {"compound", "nmod"}
        and head.is_lower
        and head.lemma_.lower() in words("project_nouns")
        and not any(c.lower_ == "joint" for c in head.children)
    )


def _project_noun(noun: Token) -> bool:
    """A lower-case project noun, hyphenated ("build-out") or not ("programme")."""
    doc = noun.doc
    hyphenated = noun.i > 1 and doc[noun.i - 1].text == "-" and f"{doc[noun.i - 2].lower_}-{noun.lower_}"
    return noun.is_lower and (noun.lemma_.lower() in words("project_nouns") or hyphenated in words("project_nouns"))
