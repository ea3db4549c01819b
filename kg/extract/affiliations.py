"""Companies a sentence names only to place people: where they work or worked ("former
researchers from Google DeepMind and Meta"). Such a company is no party of the sentence's deal."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.syntax import first_conjunct, phrase_top
from kg.extract.vocab import words

__all__ = ["affiliated_only", "a_persons_stake"]

#: Prepositions that tie people to where they work ("of" is left out: "a shareholder of Nvidia"
#: holds a stake).
_WORKPLACE = {"from", "at"}


def affiliated_only(root: Token) -> bool:
    """``root``'s company is named as the workplace of people ("researchers from Meta"), not of
    people who hold a stake (``holder_people_nouns``)."""
    top = phrase_top(root)
    prep = top.head
    if top.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _WORKPLACE:
        return False
    return prep.head.lemma_.lower() in words("people_nouns") - words("holder_people_nouns")


def a_persons_stake(holder: Token) -> bool:
    """A holder noun said of a person ("Hermann Hauser, a co-founder of Acorn Computers and an
    early backer of Arm"): the person holds the stake, which the guideline leaves out."""
    top = first_conjunct(holder)
    return top.dep_ == "appos" and top.head.ent_type_ == "PERSON"
