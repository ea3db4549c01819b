"""Name folding and slugs: examples, doctests, and hypothesis properties."""

from __future__ import annotations

import doctest
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kg.resolve.names as names
from kg.resolve.names import LEGAL_SUFFIXES, fold, slug

SLUG = re.compile(r"^[a-z0-9-]+$")


def test_doctests_pass() -> None:
    result = doctest.testmod(names)
    assert result.attempted >= 10 and result.failed == 0


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Microsoft Corp.", "microsoft"),
        ("Microsoft Corporation", "microsoft"),
        ("OpenAI, Inc.", "openai"),
        ("Nvidia's", "nvidia"),
        ("Nvidia\u2019s", "nvidia"),
        ("NVIDIA", "nvidia"),
        ("SoftBank Group Corp.", "softbank group"),
        ("SK Group", "sk group"),
        ("AT&T Inc.", "at&t"),
        ("Johnson & Johnson", "johnson johnson"),
        ("Anthropic PBC", "anthropic"),
        ("Alibaba Group Holding Ltd.", "alibaba group"),
        ("U.S. government", "us government"),
        ("Samsung Electronics Co., Ltd.", "samsung electronics"),
        ("  Mistral\tAI  ", "mistral ai"),
        ("\uff2f\uff50\uff45\uff4e\uff21\uff29", "openai"),  # full-width letters, NFKC
        ("Company", "company"),  # a lone suffix word is kept
        ("Ontario Teachers' Pension Plan", "ontario teachers pension plan"),
    ],
)
def test_fold_examples(raw: str, key: str) -> None:
    assert fold(raw) == key


def test_fold_keeps_group_but_strips_repeated_suffixes() -> None:
    assert fold("SK Group") != fold("SK")
    assert fold("Foo Holdings Co. Ltd.") == "foo"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mistral AI", "mistral-ai"),
        ("AT&T", "at-and-t"),
        ("Telefónica S.A.", "telefonica"),
        ("Condé Nast", "conde-nast"),
        ("01.AI", "01-ai"),
        ("d-Matrix", "d-matrix"),
        ("\u767e\u5ea6", "u767e-u5ea6"),
    ],
)
def test_slug_examples(raw: str, expected: str) -> None:
    assert slug(raw) == expected


def test_slug_of_punctuation_only_is_a_hash_not_empty() -> None:
    assert re.fullmatch(r"x-[0-9a-f]{12}", slug("!!!"))
    assert slug("") == slug("...")  # both fold to the empty key


names_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
company_like = st.text(alphabet="abcdefgHIJKLmnop 0123&.'-\u2019éÜß", min_size=1, max_size=20).map(str.strip)


@settings(max_examples=400, deadline=None)
@given(names_text)
@example("a.b.c.")
@example("x&&y")
@example("ǅ")  # titlecase digraph: casefold/NFKC interplay
@example("ﬃ Inc")
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@settings(max_examples=400, deadline=None)
@given(names_text)
def test_slug_is_safe_and_fold_invariant(text: str) -> None:
    s = slug(text)
    assert SLUG.match(s)
    assert slug(fold(text)) == s


@settings(max_examples=200, deadline=None)
@given(
    company_like.filter(lambda t: len(fold(t)) > 1 and fold(t).split()[-1] not in LEGAL_SUFFIXES),
    st.sampled_from(
        ["", " Inc.", ", Inc.", " Corp.", " Corporation", " LLC", " Ltd.", " plc", " AG", " S.A.", " Co. Ltd."]
    ),
    st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
    st.sampled_from(["", "'s", "\u2019s", ".", ","]),
)
def test_case_suffix_punctuation_variants_share_one_slug(base: str, suffix: str, case: object, tail: str) -> None:
    variant = case(base + suffix) + tail  # type: ignore[operator]
    assert slug(variant) == slug(base)


def test_suffix_stripping_never_leaves_a_single_character() -> None:
    assert fold("X Corp") == "x corp"
    assert fold("X Corp.") != fold("X")
    assert fold("SK Inc.") == "sk"
