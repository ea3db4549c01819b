"""``kg_letter_stops_v1``: a round's letter that ends a sentence keeps its full stop apart.

The English tokenizer keeps a capital letter and its full stop together ("A.", as in "J. P.
Morgan"), so "led its $40 million Series B." ends in the token "B.": the cue "Series B" is not
found and the next sentence may run on. Run first, before the model: after a round word
("Series"), a letter with a full stop is split into the letter and the stop, and the stop ends
the sentence when a capitalised word follows.
"""

from __future__ import annotations

import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.vocab import words

__all__ = ["kg_letter_stops_v1"]


@Language.component("kg_letter_stops_v1", assigns=["token.is_sent_start"])
def kg_letter_stops_v1(doc: Doc) -> Doc:
    """Split "B." after "Series" into "B" and "." (see the module docstring)."""
    rounds = words("round_letter_words")
    if _pattern(rounds).search(doc.text) is None:
        return doc  # most texts: no token is looked at
    stops = [
        t.i
        for t in doc
        if len(t.text) == 2 and t.text[0].isupper() and t.text[1] == "." and t.i > 0
        and doc[t.i - 1].lower_ in rounds
    ]  # fmt: skip
    if not stops:
        return doc
    with doc.retokenize() as retokenizer:
        for i in stops:
            token = doc[i]
            retokenizer.split(token, [token.text[0], "."], heads=[(token, 0), (token, 0)])
    for k, i in enumerate(stops):  # each split before it moved it k tokens on: letter, stop, next word
        after = i + k + 2
        if after < len(doc) and doc[after].text[:1].isupper():
            doc[after].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=2)
def _pattern(rounds: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(rounds))) + r") [A-Z]\.", re.IGNORECASE)
