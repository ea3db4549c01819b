"""A lexical scan of SPARQL text: where code is, outside strings, IRIs and comments.

Used to place bound values and prologues in requests to a server (``kg.store.remote``) and
to check requests before ``kg serve`` forwards them (nesting depth, federation keywords).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_LONG_QUOTES = ('"""', "'''")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def code_positions(text: str) -> Iterator[tuple[int, int]]:
    """(offset, brace depth) of every character outside strings, IRIs and comments."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            i = skip_string(text, i)
            continue
        if c == "<":
            m = _IRI.match(text, i)
            if m:
                i = m.end()
                continue
        yield i, depth
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1


def word_start(text: str, i: int) -> bool:
    """True when ``text[i]`` starts a word: not inside a name, variable, prefixed name or language tag."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_:?$-@")


def skip_string(text: str, i: int) -> int:
    """The offset just past the string literal starting at ``i`` (short or long form, escapes)."""
    long = text.startswith(_LONG_QUOTES, i)
    quote = text[i : i + 3] if long else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        if not long and text[j] == "\n":  # an unterminated short string: stop at the line end
            return j
        j += 1
    return j


def nesting_depth(text: str) -> int:
    """Deepest nesting of ``{``/``(`` outside strings, IRIs and comments.

    >>> nesting_depth('SELECT * WHERE { ?s ?p "{{{" FILTER (BOUND(?s)) }')
    3
    """
    depth = deepest = 0
    for i, _ in code_positions(text):
        c = text[i]
        if c in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})":
            depth -= 1
    return deepest
