"""``kg_attribute_table_v1``: the model's attribute rules applied by table lookup.

The English models map each fine-grained tag to its part of speech and features with an
``attribute_ruler`` of about 180 patterns (``{"TAG": "NNS"}`` → ``POS=NOUN``, ``{"TAG": "VBZ",
"LOWER": "is"}`` → ``LEMMA=be``, ...). spaCy's ``Matcher`` tests every pattern at every token, which
costs about a sixth of the whole model's time on news text. Almost every pattern is one token
whose outcome depends only on the token's lower-case form, tag, dependency label and whether it is
a space, so :func:`compile_table` turns the ruler's own patterns into a lookup keyed by those four
values (computed once per distinct key), with the few multi-token patterns tested where their first
token matches. Matches are applied in the ruler's order (a later pattern wins), as the ruler does,
so the annotations are the same; ``tests/test_attribute_table.py`` compares both on real text.

A ruler whose patterns use anything else (operators, other attributes or predicates) is left as
it is: :func:`compile_table` returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["AttributeTable", "compile_table", "install", "kg_attribute_table_v1"]

_FIELDS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}  # places in a token's key
#: Distinct keys the lookup remembers before it starts afresh: memory stays bounded on any stream.
MAX_KEYS = 200_000
Word = tuple[str, str, str, bool]  # lower-case form, tag, dependency label, is a space
Test = Callable[[Word], bool]


@dataclass(frozen=True)
class _Rule:
    order: int  # the pattern's place in the ruler: later rules win
    tokens: tuple[tuple[Test, ...], ...]  # one tuple of tests per token
    index: int  # which token of the match gets the attributes
    attrs: dict[int, Any]  # normalized as the ruler keeps them


@dataclass(frozen=True)
class AttributeTable:
    """The compiled rules: one-token rules by key, longer ones tested in place."""

    single: tuple[_Rule, ...]
    multi: tuple[_Rule, ...]


@dataclass(frozen=True)
class _Check:
    """One test of one token value: equal, in, not in, or a regular expression's search."""

    place: int
    op: str
    value: Any

    def __call__(self, word: Word) -> bool:
        value = word[self.place]
        if self.op == "EQ":
            return bool(value == self.value)
        if self.op == "IN":
            return value in self.value
        if self.op == "NOT_IN":
            return value not in self.value
        return self.value.search(value) is not None


def _test(field: str, spec: Any) -> Test:
    place = _FIELDS[field]
    if not isinstance(spec, dict):
        return _Check(place, "EQ", spec)
    if len(spec) != 1:
        raise ValueError(f"a predicate of {field} with {len(spec)} keys")
    ((op, value),) = spec.items()
    if op in ("IN", "NOT_IN"):
        return _Check(place, op, frozenset(value))
    if op == "REGEX":
        return _Check(place, op, re.compile(value))
    raise ValueError(f"the predicate {op} of {field}")


def _token_tests(token: Mapping[str, Any]) -> tuple[Test, ...]:
    unknown = set(token) - set(_FIELDS)
    if unknown:
        raise ValueError(f"the attributes {sorted(unknown)}")
    return tuple(_test(field, spec) for field, spec in token.items())


def compile_table(ruler: Any) -> AttributeTable | None:
    """``ruler``'s patterns as a table, or ``None`` when one of them is beyond it."""
    single: list[_Rule] = []
    multi: list[_Rule] = []
    try:
        for order, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tokens = tuple(_token_tests(token) for token in pattern)
                rule = _Rule(order, tokens, entry.get("index", 0), ruler.attrs[order])
                (single if len(tokens) == 1 else multi).append(rule)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return AttributeTable(tuple(single), tuple(multi))


def _matches(tests: Sequence[Test], word: Word) -> bool:
    return all(test(word) for test in tests)


def _bucket(rule: _Rule) -> tuple[int, Any] | None:
    """The lower-case form or tag a one-token rule needs exactly (the form first), if any."""
    for place in (_FIELDS["LOWER"], _FIELDS["TAG"]):
        for test in rule.tokens[0]:
            if isinstance(test, _Check) and test.place == place and test.op == "EQ":
                return place, test.value
    return None


def _by_bucket(rules: Sequence[_Rule]) -> tuple[dict[tuple[int, Any], list[int]], list[int]]:
    """The places in ``rules`` of the rules that need one form or tag, by it, and of the rest."""
    buckets: dict[tuple[int, Any], list[int]] = {}
    rest: list[int] = []
    for n, rule in enumerate(rules):
        bucket = _bucket(rule)
        (rest if bucket is None else buckets.setdefault(bucket, [])).append(n)
    return buckets, rest


class _Lookup:
    """What each distinct token key gets, worked out the first time the key is met: only the
    rules that could match a key are tested (those needing its form or its tag, and the rest),
    kept in the table's order."""

    def __init__(self, table: AttributeTable, doc_strings: Any) -> None:
        self.table = table
        self.strings = doc_strings
        self.by_key: dict[tuple[int, int, int, int], tuple[tuple[_Rule, ...], tuple[_Rule, ...]]] = {}
        self.buckets, self.rest = _by_bucket(table.single)

    def word(self, key: tuple[int, int, int, int]) -> Word:
        lower, tag, dep, space = key
        strings = self.strings
        return strings[lower], strings[tag] if tag else "", strings[dep] if dep else "", bool(space)

    def rules(self, key: tuple[int, int, int, int]) -> tuple[tuple[_Rule, ...], tuple[_Rule, ...]]:
        found = self.by_key.get(key)
        if found is None:
            if len(self.by_key) >= MAX_KEYS:
                self.by_key.clear()
            word = self.word(key)
            places = sorted([*self.buckets.get((0, word[0]), ()), *self.buckets.get((1, word[1]), ()), *self.rest])
            single = self.table.single
            ones = tuple(single[n] for n in places if _matches(single[n].tokens[0], word))
            starts = tuple(r for r in self.table.multi if _matches(r.tokens[0], word))
            found = self.by_key[key] = (ones, starts)
        return found


def annotate(doc: Doc, table: AttributeTable, lookup: _Lookup) -> None:
    """Set the attributes ``table``'s rules give each token of ``doc``."""
    keys = [tuple(row) for row in doc.to_array(["LOWER", "TAG", "DEP", "IS_SPACE"]).tolist()]
    hits: list[list[_Rule]] = [list(lookup.rules(key)[0]) for key in keys]
    extra = False
    for start, key in enumerate(keys):
        for rule in lookup.rules(key)[1]:
            end = start + len(rule.tokens)
            if end <= len(keys) and all(
                _matches(rule.tokens[k], lookup.word(keys[start + k])) for k in range(1, len(rule.tokens))
            ):
                at = start + rule.index if rule.index >= 0 else end + rule.index
                hits[at].append(rule)
                extra = True
    for i, rules in enumerate(hits):
        if extra:
            rules.sort(key=lambda r: r.order)
        for rule in rules:
            set_token_attrs(doc[i], rule.attrs)


class AttributeTableComponent:
    """The pipeline component; :meth:`use` gives it the table compiled from a ruler."""

    def __init__(self) -> None:
        self.table: AttributeTable | None = None
        self.lookup: _Lookup | None = None

    def use(self, table: AttributeTable) -> None:
        self.table = table
        self.lookup = None

    def __call__(self, doc: Doc) -> Doc:
        if self.table is None:
            raise ValueError("kg_attribute_table_v1 has no table: call .use(compile_table(ruler)) first")
        if self.lookup is None or self.lookup.strings is not doc.vocab.strings:
            self.lookup = _Lookup(self.table, doc.vocab.strings)
        annotate(doc, self.table, self.lookup)
        return doc


@Language.factory("kg_attribute_table_v1", assigns=["token.pos", "token.morph", "token.lemma"])
def kg_attribute_table_v1(nlp: Language, name: str) -> AttributeTableComponent:
    """An empty table component; see the module docstring."""
    return AttributeTableComponent()


def install(nlp: Language) -> None:
    """Put the table in place of ``nlp``'s ``attribute_ruler`` when its patterns compile."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    table = compile_table(nlp.get_pipe("attribute_ruler"))
    if table is not None:
        nlp.add_pipe("kg_attribute_table_v1", before="attribute_ruler").use(table)  # type: ignore[attr-defined]
        nlp.remove_pipe("attribute_ruler")
