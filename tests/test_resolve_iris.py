"""IRI minting: examples, doctests, and hypothesis properties (determinism, order and variant invariance)."""

from __future__ import annotations

import doctest
import hashlib
import re
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.resolve.iris as iris
from kg.ontology.terms import AGR, ART, BASE, EV, GRAPH, ORG_NS, RUN, SA
from kg.records import Kind, Status
from kg.resolve.iris import (
    agreement_iri,
    amount_iri,
    article_graph_iri,
    article_hash,
    article_iri,
    article_key,
    assertion_iri,
    evidence_iri,
    normalize_url,
    org_iri,
    position_selector_iri,
    quote_selector_iri,
    run_iri,
)

KINDS = [k.value for k in Kind]


def test_doctests_pass() -> None:
    result = doctest.testmod(iris)
    assert result.attempted >= 8 and result.failed == 0


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com/tech/story/", "https://www.example.com/tech/story"),
        ("HTTPS://EXAMPLE.COM/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?fbclid=XYZ&gclid=1&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?z=1&a=2#section-3", "https://example.com/a?a=2&z=1"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a/", "http://example.com:8080/a"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/Path/Keeps/Case  ", "https://example.com/Path/Keeps/Case"),
    ],
)
def test_normalize_url_examples(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_article_key_prefers_url_else_absolute_posix_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert article_key("https://Example.com/x/", "a.md") == "https://example.com/x"
    monkeypatch.chdir(tmp_path)
    assert article_key(None, "a.md") == (tmp_path / "a.md").resolve().as_posix()
    assert article_key("", "sub/../a.md") == (tmp_path / "a.md").resolve().as_posix()


def test_article_iris() -> None:
    key = "https://example.com/a"
    h = hashlib.sha256(key.encode()).hexdigest()[:16]
    assert article_hash(key) == h
    assert article_iri(key) == ART[h]
    assert article_graph_iri(key) == GRAPH["article/" + h]
    assert str(article_graph_iri(key)) == f"{BASE}id/graph/article/{h}"


def test_org_iri_folds_variants() -> None:
    assert org_iri("Microsoft Corp.") == org_iri("MICROSOFT") == org_iri("Microsoft's") == ORG_NS["microsoft"]
    assert org_iri("SK Group") != org_iri("SK Hynix")
    assert re.fullmatch(re.escape(str(ORG_NS)) + r"[a-z0-9-]+", str(org_iri("Telefónica S.A.")))


def test_assertion_and_derived_iris() -> None:
    a = assertion_iri("https://example.com/a", "investment", ["OpenAI", "Microsoft"], "announced", 10, 90)
    b = assertion_iri(
        "https://example.com/a", Kind.INVESTMENT, ["Microsoft Corp.", "OpenAI", "OpenAI"], Status.ANNOUNCED, 10, 90
    )
    assert a == b and str(a).startswith(str(SA))
    h = str(a)[len(str(SA)) :]
    assert re.fullmatch(r"[0-9a-f]{16}", h)
    assert h == hashlib.sha256(b"https://example.com/a|investment|microsoft,openai|announced|10|90").hexdigest()[:16]
    assert evidence_iri(a) == EV[h]
    assert quote_selector_iri(a) == EV[h + "-q"]
    assert position_selector_iri(a) == EV[h + "-p"]
    assert amount_iri(a) == SA[h + "-amount"]
    other_span = assertion_iri("https://example.com/a", "investment", ["OpenAI", "Microsoft"], "announced", 11, 90)
    other_status = assertion_iri("https://example.com/a", "investment", ["OpenAI", "Microsoft"], "completed", 10, 90)
    assert len({a, other_span, other_status}) == 3


def test_derived_iris_reject_foreign_iris() -> None:
    with pytest.raises(ValueError, match="not an IRI under"):
        evidence_iri("https://example.org/other/123")
    with pytest.raises(ValueError, match="not an IRI under"):
        amount_iri(str(SA))


def test_agreement_iri_shape_and_namespace() -> None:
    iri = agreement_iri("investment", ["Microsoft", "OpenAI"], ["Microsoft"], "2023")
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
    expected = uuid.uuid5(namespace, "investment|microsoft,openai|microsoft|2023")
    assert iri == AGR[f"investment-{expected}"]
    assert agreement_iri(Kind.INVESTMENT, ["OpenAI", "Microsoft"], ["Microsoft"], "2023") == iri


def test_repeat_deals_and_agents_stay_apart() -> None:
    parties = ["Microsoft", "OpenAI"]
    assert agreement_iri("investment", parties, anchor="2019") != agreement_iri("investment", parties, anchor="2023")
    assert agreement_iri("supply", parties, ["Microsoft"]) != agreement_iri("supply", parties, ["OpenAI"])


def test_run_iri() -> None:
    assert run_iri("0.1.0", "abcdef0123456789ffff") == RUN["kg-0.1.0_cfg-abcdef012345"]


# ---- properties -------------------------------------------------------------------------------

party_name = st.sampled_from(
    ["OpenAI", "Microsoft", "Nvidia", "Google", "SoftBank Group", "SK Hynix", "Mistral AI", "AT&T", "Telefónica", "xAI"]
)
suffix = st.sampled_from(["", " Inc.", ", Inc.", " Corp.", " Corporation", " Ltd", " LLC", " plc", "'s"])
case = st.sampled_from([str.lower, str.upper, lambda s: s])


def _variant(name: str, suf: str, how: object) -> str:
    return how(name + suf)  # type: ignore[operator, no-any-return]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(KINDS),
    st.lists(st.tuples(party_name, suffix, case), min_size=2, max_size=4),
    st.randoms(use_true_random=False),
    st.text(max_size=10),
)
def test_party_order_and_suffix_variants_never_change_agreement_iri(
    kind: str, parties: list[tuple[str, str, object]], rnd: object, anchor: str
) -> None:
    plain = [name for name, _, _ in parties]
    varied = [_variant(*p) for p in parties]
    agent_variant = varied[0]
    rnd.shuffle(varied)  # type: ignore[attr-defined]
    assert agreement_iri(kind, varied, [agent_variant], anchor) == agreement_iri(kind, plain, [plain[0]], anchor)
    assert assertion_iri("k", kind, varied, "signed", 0, 5) == assertion_iri("k", kind, plain, "signed", 0, 5)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(KINDS), st.sampled_from(KINDS), st.lists(party_name, min_size=2, max_size=3, unique=True),
       st.text(max_size=8), st.text(max_size=8))  # fmt: skip
def test_different_kinds_or_anchors_differ(k1: str, k2: str, parties: list[str], a1: str, a2: str) -> None:
    same = k1 == k2 and a1 == a2
    assert (agreement_iri(k1, parties, anchor=a1) == agreement_iri(k2, parties, anchor=a2)) == same


host = st.from_regex(r"[a-z][a-z0-9]{0,8}\.(com|org|co\.uk)", fullmatch=True)
segment = st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True)
param = st.tuples(st.from_regex(r"[a-z]{1,5}", fullmatch=True), st.from_regex(r"[A-Za-z0-9]{0,5}", fullmatch=True))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    host,
    st.lists(segment, max_size=4),
    st.lists(param, max_size=3, unique_by=lambda kv: kv[0]),
    st.lists(
        st.sampled_from(["utm_source=x", "utm_medium=rss", "UTM_Campaign=y", "fbclid=abc", "gclid=1"]), max_size=3
    ),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "#", "#top", "#frag-2"]),
    st.randoms(use_true_random=False),
)
def test_url_variants_give_one_article_key(
    h: str,
    segs: list[str],
    params: list[tuple[str, str]],
    tracking: list[str],
    upper_host: bool,
    trailing: bool,
    fragment: str,
    rnd: object,
) -> None:
    path = "/" + "/".join(segs)
    base_query = "&".join(f"{k}={v}" for k, v in sorted(params))
    canonical = f"https://{h}{path}" + (f"?{base_query}" if base_query else "")
    items = [f"{k}={v}" for k, v in params] + tracking
    rnd.shuffle(items)  # type: ignore[attr-defined]
    variant_path = path + ("/" if trailing and segs else "")
    variant = (f"HTTPS://{h.upper() if upper_host else h}{variant_path}"
               + (f"?{'&'.join(items)}" if items else "") + fragment)  # fmt: skip
    key = article_key(variant, "ignored.md")
    assert key == article_key(canonical, "other.md") == normalize_url(key)
    assert article_iri(key) == article_iri(normalize_url(canonical))
