"""Name folding: one matching key per company name, and an IRI-safe slug of it.

``fold`` is the key the gazetteer, the evaluator and IRI minting agree on, so
"Microsoft Corp.", "MICROSOFT" and "Microsoft's" are one company everywhere.
Both functions are pure and idempotent (property-tested in
``tests/test_resolve_names.py``), so they keep their latest answers: a run meets the same
few names again and again.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

#: Legal-form words stripped from the end of a name (repeatedly). "group" is
#: deliberately absent: "SK Group" is not "SK".
LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
        "llc", "plc", "gmbh", "ag", "sa", "se", "nv", "bv", "holdings", "holding",
        "lp", "llp", "pbc", "kk", "pte", "pty", "spa", "ab", "asa", "oyj",
        "sas", "sarl", "srl", "kgaa", "oy", "pvt", "bhd", "sdn", "ltda", "tbk", "jsc",
    }
)  # fmt: skip

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    }
)  # fmt: skip
_DOTTED_ABBREV = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]\.)+[^\W\d_]\.?)(?![^\W\d_])")  # "u.s." / "u.s" -> "us"
_POSSESSIVE = re.compile(r"(?<=\S)'s(?!\w)")
_APOSTROPHE = re.compile(r"'")
_PUNCT = re.compile(r"[^\w\s&]|_")
_LONE_AMP = re.compile(r"(?<![^\W_])&(?![^\W_])")  # "&" with no word joined to it
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


def _normalize(text: str) -> str:
    """NFKC + casefold until stable (casefolding can un-normalize a few characters)."""
    for _ in range(4):
        nxt = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
        if nxt == text:
            break
        text = nxt
    return text


#: Names whose fold and slug are kept (a few MB at most; a run meets far fewer).
_CACHED_NAMES = 1 << 16


@functools.lru_cache(maxsize=_CACHED_NAMES)
def fold(name: str) -> str:
    """The matching key of a company name.

    NFKC + casefold, curly quotes made straight, possessive ``'s`` dropped,
    dotted abbreviations joined ("U.S." → "us"), punctuation dropped except
    ``&`` joined to a word, trailing legal suffixes stripped (never down to a single
    character), whitespace collapsed.

    >>> fold("Microsoft Corp.")
    'microsoft'
    >>> fold("OpenAI, Inc.")
    'openai'
    >>> fold("Nvidia\u2019s")
    'nvidia'
    >>> fold("AT&T Inc.")
    'at&t'
    >>> fold("e&")
    'e&'
    >>> fold("BDT & MSD")
    'bdt msd'
    >>> fold("SK Group")
    'sk group'
    >>> fold("Character.AI")
    'character ai'
    >>> fold("SoftBank Group Corp.")
    'softbank group'
    >>> fold("  Company  ")
    'company'
    >>> fold("X Corp.")
    'x corp'
    """
    text = _normalize(name).translate(_QUOTES)
    text = _DOTTED_ABBREV.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _POSSESSIVE.sub("", text)
    text = _APOSTROPHE.sub("", text)
    text = _PUNCT.sub(" ", text)
    text = _LONE_AMP.sub(" ", text)
    tokens = text.split()
    # Strip suffixes, but never down to one character: "X Corp" must not become "x".
    while len(tokens) > 1 and tokens[-1] in LEGAL_SUFFIXES and len(" ".join(tokens[:-1])) > 1:
        tokens.pop()
    return " ".join(tokens)


def _ascii_part(char: str) -> str:
    """One character of a folded name as slug material."""
    if char.isascii():
        return char
    stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if stripped and stripped.isascii():
        return stripped.lower()
    return f"-u{ord(char):04x}-"


@functools.lru_cache(maxsize=_CACHED_NAMES)
def slug(name: str) -> str:
    """An IRI-safe slug (``[a-z0-9-]+``) of the folded name; never empty.

    Accents are dropped where that is easy, other non-ASCII characters are
    hex-escaped, ``&`` becomes ``and``.

    >>> slug("Microsoft Corporation")
    'microsoft'
    >>> slug("Mistral AI")
    'mistral-ai'
    >>> slug("AT&T")
    'at-and-t'
    >>> slug("Nestl\u00e9 S.A.")
    'nestle'
    >>> slug("\u767e\u5ea6")
    'u767e-u5ea6'
    >>> slug("!!!").startswith("x-")
    True
    """
    folded = fold(name)
    text = "".join(_ascii_part(c) for c in folded.replace("&", " and "))
    text = _SLUG_BAD.sub("-", text.lower()).strip("-")
    if text:
        return text
    return "x-" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:12]
