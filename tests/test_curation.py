"""Curation (issue 4, item 3): files under data/curation/ win over extraction, survive
re-ingest, are re-applied by `kg rebuild`, and are traceable in graph/curation.

End-to-end tests write hand-built ``Extracted`` records (no spaCy) into real on-disk
Oxigraph stores with ``kg.graphwrite.write_articles`` and read them back with the named
queries and the SHACL shapes.
"""

from __future__ import annotations

import datetime as dt
import doctest
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import OWL, PROV, RDF, RDFS, Dataset, Literal, URIRef

from kg import api
from kg.config import PROJECT_ROOT, Settings, load_settings
from kg.errors import InputError
from kg.graphwrite import Extracted, rebuild, write_articles
from kg.ontology.terms import AGREEMENTS_GRAPH, CURATION_GRAPH, KG, META_GRAPH, RUN
from kg.rdf.curation import curation_quads
from kg.records import Article, EventCandidate, Evidence, Kind, PartialDate, Party, Role, Status
from kg.resolve import curation as cur
from kg.resolve import iris
from kg.resolve.agreements import Claim
from kg.resolve.curation import (
    Curation,
    SourcedClaim,
    apply_curation,
    load_curation,
    parse_agreement_fixes,
    parse_aliases,
    parse_suppressions,
)
from kg.resolve.gazetteer import Gazetteer, load_gazetteer
from kg.store import Store, open_oxigraph
from kg.store.export import snapshot
from kg.validate.shacl import validate_graph

ALIAS_HEAD = "alias,canonical,note\n"
SUPPRESS_HEAD = "kind,parties,source,reason\n"
FIX_HEAD = "kind,parties,set_kind,set_parties,set_agents,set_status,set_date,source,note\n"
URL = "https://example.org/curation-test/"

# ---------------------------------------------------------------------------------------
# Helpers: articles with hand-built events, stores, settings
# ---------------------------------------------------------------------------------------


def event(
    kind: Kind,
    status: Status,
    parties: list[tuple[str, Role | None]],
    text: str,
    date: PartialDate | None = None,
) -> EventCandidate:
    return EventCandidate(
        kind=kind,
        status=status,
        parties=tuple(Party(n, r) for n, r in parties),
        evidence=Evidence(0, len(text), text),
        date=date,
        confidence=0.8,
    )


def article(slug: str, text: str, published: dt.date, *events: EventCandidate) -> Extracted:
    url = URL + slug
    art = Article(
        key=iris.article_key(url, f"{slug}.md"),
        text=text,
        path=f"{slug}.md",
        url=url,
        title=slug,
        published=published,
        sha256=slug,
    )
    return Extracted(art, tuple(events))


def arm_articles() -> list[Extracted]:
    """Three reports of one deal; the extractor got the kind and the parties wrong in two."""
    t1 = "Nvidia agreed to buy Arm from SoftBank."
    t2 = "Regulators sued to block the takeover of Arm by Nvidia."
    t3 = "Nvidia and Arm said they partnered long ago."
    return [
        article(
            "announce",
            t1,
            dt.date(2020, 9, 14),
            event(
                Kind.SUPPLY,
                Status.ANNOUNCED,
                [("Nvidia", None), ("Arm", None), ("SoftBank", None)],
                t1,
                PartialDate(2020, 9, 13),
            ),
        ),
        article(
            "block",
            t2,
            dt.date(2021, 12, 3),
            event(
                Kind.ACQUISITION,
                Status.BLOCKED,
                [("Nvidia", Role.ACQUIRER), ("Arm", Role.TARGET)],
                t2,
                PartialDate(2021, 12, 2),
            ),
        ),
        article(
            "background",
            t3,
            dt.date(2022, 1, 5),
            event(Kind.PARTNERSHIP, Status.SIGNED, [("Nvidia", None), ("Arm", None)], t3),
        ),
    ]


def alias_articles() -> list[Extracted]:
    t1 = "Microsoft invested in Open AI."
    t2 = "Microsoft's investment in OpenAI was announced."
    return [
        article(
            "alias-1",
            t1,
            dt.date(2019, 7, 23),
            event(
                Kind.INVESTMENT,
                Status.COMPLETED,
                [("Microsoft", Role.INVESTOR), ("Open AI", Role.INVESTEE)],
                t1,
                PartialDate(2019, 7),
            ),
        ),
        article(
            "alias-2",
            t2,
            dt.date(2019, 7, 22),
            event(
                Kind.INVESTMENT,
                Status.ANNOUNCED,
                [("Microsoft", Role.INVESTOR), ("OpenAI", Role.INVESTEE)],
                t2,
                PartialDate(2019, 7, 22),
            ),
        ),
    ]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(PROJECT_ROOT / "data" / "companies.csv")


def curation_dir(root: Path, aliases: str = "", suppress: str = "", fixes: str = "") -> Path:
    folder = root / "curation"
    folder.mkdir(exist_ok=True)
    for name, head, body in (
        ("aliases.csv", ALIAS_HEAD, aliases),
        ("suppress.csv", SUPPRESS_HEAD, suppress),
        ("agreements.csv", FIX_HEAD, fixes),
    ):
        path = folder / name
        if body:
            path.write_text(head + body, encoding="utf-8")
        elif path.exists():
            path.unlink()
    return folder


def settings_for(root: Path, folder: Path | None) -> Settings:
    return load_settings(env={}, store=root / "store", curation_dir=folder or root / "no-curation")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_oxigraph(tmp_path / "store") as s:
        yield s


def events(store: Store) -> list[dict[str, str]]:
    table = api.query(store, "events")
    return table.records()  # type: ignore[union-attr]


def graph_quads(store: Store, graph: URIRef) -> set[tuple[str, str, str]]:
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
    return {(str(s), str(p), str(o)) for s, p, o, _ in rows}


def conforms(store: Store) -> None:
    report = validate_graph(snapshot(store))
    assert report.conforms, "\n".join(report.lines())


# ---------------------------------------------------------------------------------------
# Parsing and errors
# ---------------------------------------------------------------------------------------


def test_the_module_doctests_pass() -> None:
    result = doctest.testmod(cur)
    assert result.attempted >= 4 and result.failed == 0


def test_shipped_curation_files_parse_with_real_rows() -> None:
    shipped = load_curation(PROJECT_ROOT / "data" / "curation")
    assert shipped.aliases and shipped.suppressions and shipped.fixes
    assert {f.path for f in shipped.files} == {
        "data/curation/aliases.csv",
        "data/curation/suppress.csv",
        "data/curation/agreements.csv",
    }
    assert all(s.selector.source for s in shipped.suppressions), "shipped suppressions stay with their article"
    assert (PROJECT_ROOT / "data" / "curation" / "README.md").is_file()


def test_rows_keep_line_text_and_offsets() -> None:
    text = FIX_HEAD + "\n" + 'supply,A | B,acquisition,,A,,,,"note, with a comma"\n'
    (fix,) = parse_agreement_fixes(text, "agreements.csv")
    assert fix.row.line == 3
    assert fix.row.text == 'supply,A | B,acquisition,,A,,,,"note, with a comma"'
    assert text[fix.row.start : fix.row.end] == fix.row.text
    assert fix.selector.parties == ("A", "B") and fix.set_kind == "acquisition" and fix.set_agents == ("A",)
    assert fix.note == "note, with a comma"


def test_set_agents_is_optional_in_the_header() -> None:
    head = "kind,parties,set_kind,set_parties,set_status,set_date,source,note\n"
    (fix,) = parse_agreement_fixes(head + "investment,A | B,,,completed,2024-03,,\n")
    assert fix.set_agents == () and fix.set_status == "completed" and fix.set_date == PartialDate(2024, 3)


@pytest.mark.parametrize(
    ("parse", "text", "words"),
    [
        (parse_aliases, "alias,canonical\nX,Y\n", "line 1: missing column(s) note"),
        (parse_aliases, "alias,canonical,note,extra\n", "line 1: unknown column(s) extra"),
        (parse_aliases, ALIAS_HEAD + "Open AI,,\n", "line 2: alias and canonical both need"),
        (
            parse_aliases,
            ALIAS_HEAD + "OpenAI Inc.,OpenAI,\n",
            "line 2: 'OpenAI Inc.' and 'OpenAI' are already one company",
        ),
        (
            parse_aliases,
            ALIAS_HEAD + "Open AI,OpenAI,\nopen ai,OpenAI Global,\n",
            "line 3: alias 'open ai' is already on line 2",
        ),
        (parse_aliases, ALIAS_HEAD + "A1,B1,\nB1,C1,\nC1,A1,\n", "line 2: the aliases of 'A1' loop back"),
        (parse_aliases, ALIAS_HEAD + "A,B,c,d\n", "line 2: more cells than columns"),
        (parse_suppressions, SUPPRESS_HEAD + "deal,A | B,,\n", "line 2: kind 'deal' is not an agreement kind"),
        (parse_suppressions, SUPPRESS_HEAD + "investment,A,,\n", "line 2: parties 'A' has fewer than two companies"),
        (parse_suppressions, SUPPRESS_HEAD + "investment,A | a,,\n", "names one company twice"),
        (parse_suppressions, SUPPRESS_HEAD + ",A | B,,\n", "empty kind"),
        (
            parse_suppressions,
            SUPPRESS_HEAD + "mou,A | B,,x\nmou,B | A,,y\n",
            "line 3: the same kind, parties and source",
        ),
        (parse_agreement_fixes, FIX_HEAD + "mou,A | B,,,,maybe,,,\n", "line 2: set_status 'maybe' is not a status"),
        (
            parse_agreement_fixes,
            FIX_HEAD + "mou,A | B,,,,signed,March 2024,,\n",
            "set_date 'March 2024' is not an ISO date",
        ),
        (parse_agreement_fixes, FIX_HEAD + "mou,A | B,,,,,2024,,\n", "set_date without set_status"),
        (parse_agreement_fixes, FIX_HEAD + "mou,A | B,,,,,,,just a note\n", "the row changes nothing"),
        (parse_agreement_fixes, FIX_HEAD + "mou,A | B,,,A,,,,\n", "set_agents is only for directed kinds"),
        (parse_agreement_fixes, FIX_HEAD + "investment,A | B,,,A | B,,,,\n", "some, not all"),
        (parse_agreement_fixes, FIX_HEAD + "investment,A | B,,,C,,,,\n", "some, not all"),
        (
            parse_agreement_fixes,
            FIX_HEAD + "mou,A | B,investment,,,,,,\nmou,A | B,supply,,,,,,\n",
            "line 3: another row already re-keys",
        ),
        (
            parse_agreement_fixes,
            FIX_HEAD + "mou,A | B,,,,signed,2024,,\nmou,A | B,,,,signed,2024,,\n",
            "line 3: the same status is set already",
        ),
    ],
)
def test_bad_rows_name_the_file_line_and_fix(parse: object, text: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse(text, "/x/curation/file.csv")  # type: ignore[operator]
    assert str(info.value).startswith("/x/curation/file.csv: line ")
    assert words in str(info.value)
    assert ";" in info.value.problem  # what is wrong; how to fix it


def test_rows_that_differ_only_in_source_or_status_are_fine() -> None:
    fixes = parse_agreement_fixes(
        FIX_HEAD
        + "mou,A | B,investment,,,,,,\n"
        + "mou,A | B,supply,,,,,https://example.org/a,\n"
        + "mou,A | B,,,,signed,2024,,\n"
        + "mou,A | B,,,,completed,2025,,\n"
    )
    assert len(fixes) == 4


def test_missing_folder_or_files_mean_no_curation(tmp_path: Path) -> None:
    assert load_curation(tmp_path / "nowhere").empty
    assert load_curation(None).empty
    assert load_curation(tmp_path).empty
    folder = curation_dir(tmp_path, aliases="Open AI,OpenAI,\n")
    only = load_curation(folder)
    assert len(only.aliases) == 1 and not only.suppressions and not only.fixes
    assert [f.name for f in only.files] == ["aliases.csv"]


def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "curation"
    folder.mkdir()
    (folder / "suppress.csv").write_bytes(b"kind,parties,source,reason\n\xff\xfe,,\n")
    with pytest.raises(InputError, match=r"suppress\.csv: cannot read the curation file .*UTF-8"):
        load_curation(folder)


# ---------------------------------------------------------------------------------------
# Applying (pure)
# ---------------------------------------------------------------------------------------


def sourced(
    n: int,
    kind: str,
    parties: set[str],
    source: str = "",
    agents: set[str] | None = None,
    day: dt.date | None = None,
    status: str = "announced",
) -> SourcedClaim:
    sa = f"https://w3id.org/alliance-kg/id/assertion/{n:016x}"
    return SourcedClaim(Claim(sa, kind, frozenset(parties), frozenset(agents or ()), day, status), source)


def test_apply_is_order_independent_and_deterministic() -> None:
    curation = Curation(
        aliases=parse_aliases(ALIAS_HEAD + "Open AI,Open A.I. Group,\nOpen A.I. Group,OpenAI,chain\n"),
        suppressions=parse_suppressions(SUPPRESS_HEAD + "mou,A | B,https://example.org/x,\n"),
        fixes=parse_agreement_fixes(
            FIX_HEAD + "supply,A | B | C,acquisition,A | B,A,,,,\n" + "acquisition,A | B,,,,completed,2024-05,,\n"
        ),
    )
    claims = [
        sourced(1, "investment", {"Microsoft", "Open AI"}, agents={"Microsoft"}),
        sourced(2, "investment", {"Microsoft", "OpenAI"}, day=dt.date(2019, 7, 22)),
        sourced(3, "mou", {"A", "B"}, "https://example.org/x?utm_source=feed"),
        sourced(4, "mou", {"A", "B"}, "https://example.org/y"),
        sourced(5, "supply", {"A", "B", "C"}, "/data/z.md", day=dt.date(2024, 1, 2)),
    ]
    results = {apply_curation(list(p), curation) for p in itertools.permutations(claims)}
    assert len(results) == 1
    (applied,) = results
    by_sa = {c.assertion: c for c in applied.claims}
    assert by_sa[claims[0].claim.assertion].parties == frozenset({"Microsoft", "OpenAI"})  # chain resolved
    assert claims[2].claim.assertion not in by_sa and claims[3].claim.assertion in by_sa
    rekeyed = by_sa[claims[4].claim.assertion]
    assert (rekeyed.kind, rekeyed.parties, rekeyed.agents) == ("acquisition", frozenset({"A", "B"}), frozenset({"A"}))
    (added,) = applied.added
    assert (added.claim.kind, added.claim.parties, added.claim.status) == (
        "acquisition",
        frozenset({"A", "B"}),
        "completed",
    )
    assert added.claim.earliest == dt.date(2024, 5, 1)
    quads = [curation_quads(curation, apply_curation(list(p), curation), []) for p in itertools.permutations(claims)]
    assert all(q == quads[0] for q in quads)


def test_a_source_specific_fix_wins_over_a_general_one() -> None:
    curation = Curation(
        fixes=parse_agreement_fixes(
            FIX_HEAD + "mou,A | B,partnership,,,,,,\n" + "mou,A | B,supply,,,,,data/articles/x.md,\n"
        )
    )
    applied = apply_curation(
        [sourced(1, "mou", {"A", "B"}, "/repo/data/articles/x.md"), sourced(2, "mou", {"A", "B"}, "/repo/y.md")],
        curation,
    )
    assert [c.kind for c in applied.claims] == ["supply", "partnership"]


def test_an_alias_that_merges_the_only_two_parties_suppresses_the_claim() -> None:
    curation = Curation(aliases=parse_aliases(ALIAS_HEAD + "Open AI,OpenAI,\n"))
    applied = apply_curation([sourced(1, "partnership", {"Open AI", "OpenAI"})], curation)
    assert applied.claims == ()
    assert [sa for sa, _ in applied.suppressed] == [sourced(1, "x", set()).claim.assertion]


def test_a_status_row_that_selects_nothing_adds_nothing() -> None:
    curation = Curation(fixes=parse_agreement_fixes(FIX_HEAD + "investment,A | B,,,,completed,2024,,\n"))
    applied = apply_curation([sourced(1, "investment", {"A", "C"})], curation)
    assert applied.added == () and applied.records == frozenset()
    assert curation_quads(curation, applied, []) == []


def test_no_curation_changes_nothing() -> None:
    claims = [sourced(1, "investment", {"A", "B"}), sourced(2, "mou", {"A", "C"})]
    applied = apply_curation(claims, Curation())
    assert applied.claims == tuple(c.claim for c in claims)
    assert curation_quads(Curation(), applied, []) == []


# ---------------------------------------------------------------------------------------
# End to end through a real on-disk store
# ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_alias_merge_folds_two_names_into_one_agreement(tmp_path: Path, store: Store, gazetteer: Gazetteer) -> None:
    items = alias_articles()
    write_articles(store, items, gazetteer, settings_for(tmp_path, None))
    before = {r["agreement"] for r in events(store)}
    assert len(before) == 2 and {r["parties"] for r in events(store)} == {"Microsoft | Open AI", "Microsoft | OpenAI"}

    folder = curation_dir(tmp_path, aliases="Open AI,OpenAI,spelling variant\n")
    rebuild(store, settings_for(tmp_path, folder))
    rows = events(store)
    assert len(rows) == 2 and len({r["agreement"] for r in rows}) == 1
    assert {r["parties"] for r in rows} == {"Microsoft | OpenAI"}
    assert {r["status"] for r in rows} == {"announced", "completed"}

    g = graph_quads(store, CURATION_GRAPH)
    same = (str(iris.org_iri("Open AI")), str(OWL.sameAs), str(iris.org_iri("OpenAI")))
    assert same in g
    records = {s for s, p, o in g if p == str(RDF.type) and o == str(KG.CurationRecord)}
    assert len(records) == 1
    (record,) = records
    assert (record, str(KG.curationRow), str(Literal(2))) in g
    assert (record, str(RDFS.comment), str(Literal("spelling variant"))) in g
    source = next(o for s, p, o in g if s == record and p == str(PROV.wasDerivedFrom))
    paths = {o for s, p, o in g if s == source and p == str(KG.sourcePath)}
    assert paths == {str(Literal((folder / "aliases.csv").resolve().as_posix()))}
    agreement = str(URIRef(rows[0]["agreement"]))
    assert (agreement, str(KG.curatedBy), record) in g  # the merged agreement says which row made it
    conforms(store)


@pytest.mark.slow
def test_suppressed_claims_leave_events_and_are_marked(tmp_path: Path, store: Store, gazetteer: Gazetteer) -> None:
    items = arm_articles()
    folder = curation_dir(tmp_path, suppress=f"partnership,Arm | Nvidia,{URL}background,an old licence is not news\n")
    settings = settings_for(tmp_path, folder)
    write_articles(store, items, gazetteer, settings)
    rows = events(store)
    assert "partnership" not in {r["type"] for r in rows}
    assert {r["source"] for r in rows} == {URL + "announce", URL + "block"}
    suppressed = store.query(
        "SELECT ?sa ?rec ?g WHERE { GRAPH ?g { ?sa <https://w3id.org/alliance-kg/ont#suppressedBy> ?rec } }",
        {"g": CURATION_GRAPH},
    )
    (row,) = list(suppressed)
    ev = items[2].events[0].evidence
    assert str(row[0]) == str(
        iris.assertion_iri(items[2].article.key, "partnership", ["Arm", "Nvidia"], "signed", 0, ev.end)
    )
    in_agreement = store.query("SELECT ?agr ?sa WHERE { GRAPH ?g { ?agr ?p ?sa } }", {"sa": row[0]})
    assert list(in_agreement) == []
    conforms(store)  # the shape lets a suppressed claim have no agreement

    # a suppression with no source works everywhere; removing it brings the claim back
    folder = curation_dir(tmp_path, suppress="acquisition,Nvidia | Arm,,not a deal\n")
    rebuild(store, settings_for(tmp_path, folder))
    assert {r["type"] for r in events(store)} == {"supply", "partnership"}
    folder = curation_dir(tmp_path)
    rebuild(store, settings_for(tmp_path, folder))
    assert {r["type"] for r in events(store)} == {"supply", "partnership", "acquisition"}
    assert graph_quads(store, CURATION_GRAPH) == set()


FIXES = (
    f"supply,Arm | Nvidia | SoftBank,acquisition,Arm | Nvidia,Nvidia,,,{URL}announce,the deal is an acquisition\n"
    "acquisition,Arm | Nvidia,,,,terminated,2022-02-08,,the companies called the deal off\n"
)


@pytest.mark.slow
def test_agreement_fix_rekeys_claims_and_adds_a_curated_status(
    tmp_path: Path, store: Store, gazetteer: Gazetteer
) -> None:
    folder = curation_dir(tmp_path, fixes=FIXES)
    settings = settings_for(tmp_path, folder)
    write_articles(store, arm_articles(), gazetteer, settings)
    rows = events(store)
    deal = [r for r in rows if r["type"] == "acquisition"]
    assert len({r["agreement"] for r in deal}) == 1, deal
    path = (folder / "agreements.csv").resolve().as_posix()
    assert sorted((r["source"], r["status"], r["date"], r["parties"]) for r in deal) == sorted(
        [
            (URL + "announce", "announced", "2020-09-13", "Arm | Nvidia"),
            (URL + "block", "blocked", "2021-12-02", "Arm | Nvidia"),
            (path, "terminated", "2022-02-08", "Arm | Nvidia"),
        ]
    )
    assert "supply" not in {r["type"] for r in rows}
    agreement = URIRef(deal[0]["agreement"])
    roles = {(p, o) for p, o, _ in store.query("SELECT ?p ?o ?agr WHERE { ?agr ?p ?o }", {"agr": agreement})}
    assert (KG.acquirer, iris.org_iri("Nvidia")) in roles and (KG.target, iris.org_iri("Arm")) in roles

    history = api.query(store, "history", {"agreement": str(agreement)}).records()  # type: ignore[union-attr]
    assert [h["status"] for h in history] == ["announced", "blocked", "terminated"]
    curated = history[-1]
    assert curated["evidence"] == "acquisition,Arm | Nvidia,,,,terminated,2022-02-08,,the companies called the deal off"
    assert float(curated["confidence"]) == 1.0 and curated["source"] == path
    current = store.query(
        "SELECT ?s ?agr WHERE { ?agr <https://w3id.org/alliance-kg/ont#currentStatus> ?s }", {"agr": agreement}
    )
    assert [str(r[0]) for r in current] == ["https://w3id.org/alliance-kg/status/terminated"]
    conforms(store)


def test_curated_facts_are_traceable_as_curation_not_extraction(
    tmp_path: Path, store: Store, gazetteer: Gazetteer
) -> None:
    folder = curation_dir(tmp_path, fixes=FIXES)
    write_articles(store, arm_articles(), gazetteer, settings_for(tmp_path, folder))
    g = graph_quads(store, CURATION_GRAPH)
    curated = {s for s, p, o in g if p == str(RDF.type) and o == str(KG.StatusAssertion)}
    assert len(curated) == 1
    (sa,) = curated
    run = str(RUN["curation"])
    assert (sa, str(PROV.wasGeneratedBy), run) in g
    assert (run, str(RDF.type), str(KG.CurationRun)) in g
    assert not any(s == sa and p == str(PROV.wasGeneratedBy) and o != run for s, p, o in g)
    source = next(o for s, p, o in g if s == sa and p == str(PROV.wasDerivedFrom))
    assert {(source, str(RDF.type), str(KG.CurationSource)), (source, str(RDF.type), str(KG.Article))} <= g
    records = {o for s, p, o in g if s == sa and p == str(KG.curatedBy)}
    assert len(records) == 1 and (next(iter(records)), str(KG.curationRow), str(Literal(3))) in g
    # both rows are records, and the re-keyed extracted claim points at the first one
    rows = {o for s, p, o in g if p == str(KG.curationRow)}
    assert rows == {str(Literal(2)), str(Literal(3))}
    end = arm_articles()[0].events[0].evidence.end
    rekeyed = str(iris.assertion_iri(URL + "announce", "supply", ["Arm", "Nvidia", "SoftBank"], "announced", 0, end))
    assert any(s == str(URIRef(rekeyed)) and p == str(KG.curatedBy) for s, p, o in g)
    # the article graphs are untouched: the extracted claim still says "supply"
    art_graph = iris.article_graph_iri(URL + "announce")
    assert (str(URIRef(rekeyed)), str(KG.claimedKind), str(KG.SupplyAgreement)) in graph_quads(store, art_graph)


@pytest.mark.slow
def test_a_reingest_keeps_the_fixes_and_a_rebuild_reapplies_edits(
    tmp_path: Path, store: Store, gazetteer: Gazetteer
) -> None:
    folder = curation_dir(tmp_path, fixes=FIXES, suppress=f"partnership,Arm | Nvidia,{URL}background,\n")
    settings = settings_for(tmp_path, folder)
    items = arm_articles()
    write_articles(store, items, gazetteer, settings)
    rows, count = events(store), store.count()
    curation_graph = graph_quads(store, CURATION_GRAPH)
    for item in items:  # re-ingest each article on its own
        write_articles(store, [item], gazetteer, settings)
    assert events(store) == rows and store.count() == count
    assert graph_quads(store, CURATION_GRAPH) == curation_graph
    write_articles(store, alias_articles(), gazetteer, settings)  # an unrelated ingest
    assert [r for r in events(store) if r["source"] != URL + "alias-1" and r["source"] != URL + "alias-2"] == rows

    # edit the file: the curated status moves to 2022-02 precision; `rebuild` re-applies it
    curation_dir(
        tmp_path, fixes=FIXES.replace("2022-02-08", "2022-02"), suppress=f"partnership,Arm | Nvidia,{URL}background,\n"
    )
    rebuild(store, settings)
    dates = {r["date"] for r in events(store) if r["status"] == "terminated"}
    assert dates == {"2022-02"}
    conforms(store)


def test_the_result_does_not_depend_on_ingest_order(tmp_path: Path, gazetteer: Gazetteer) -> None:
    folder = curation_dir(
        tmp_path,
        aliases="Open AI,OpenAI,\n",
        suppress=f"partnership,Arm | Nvidia,{URL}background,\n",
        fixes=FIXES,
    )
    items = arm_articles() + alias_articles()
    results = []
    for n, order in enumerate([items, items[::-1], [items[2], items[4], items[0], items[3], items[1]]]):
        root = tmp_path / f"run{n}"
        root.mkdir()
        settings = load_settings(env={}, store=root / "store", curation_dir=folder)
        with open_oxigraph(root / "store") as s:
            for item in order:
                write_articles(s, [item], gazetteer, settings)
            everything = {
                q for q in s.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }") if q[3] != META_GRAPH
            }
            results.append((events(s), everything))
    assert results[0] == results[1] == results[2]


def test_a_bad_curation_file_stops_the_write_and_leaves_the_store_alone(
    tmp_path: Path, store: Store, gazetteer: Gazetteer
) -> None:
    write_articles(store, arm_articles()[:1], gazetteer, settings_for(tmp_path, None))
    before = store.count()
    folder = curation_dir(tmp_path, fixes="supply,Arm | Nvidia | SoftBank,takeover,,,,,,\n")
    with pytest.raises(InputError, match=r"agreements\.csv: line 2: set_kind 'takeover'"):
        write_articles(store, arm_articles(), gazetteer, settings_for(tmp_path, folder))
    with pytest.raises(InputError):
        rebuild(store, settings_for(tmp_path, folder))
    assert store.count() == before


@pytest.mark.slow
def test_shapes_need_one_agreement_unless_suppressed(tmp_path: Path, store: Store, gazetteer: Gazetteer) -> None:
    folder = curation_dir(tmp_path, suppress=f"partnership,Arm | Nvidia,{URL}background,\n")
    write_articles(store, arm_articles(), gazetteer, settings_for(tmp_path, folder))
    data = snapshot(store)
    assert validate_graph(data).conforms
    (suppressed,) = {s for s, _, _, _ in data.quads((None, KG.suppressedBy, None, None))}
    kept = min(s for s, _, _, _ in data.quads((None, KG.hasStatusAssertion, None, None)))
    kept = next(o for _, _, o, _ in data.quads((kept, KG.hasStatusAssertion, None, None)))

    # a suppressed claim that is still in an agreement
    broken = Dataset()
    broken.addN(data.quads((None, None, None, None)))
    agreement = next(s for s, _, _, _ in broken.quads((None, KG.hasStatusAssertion, kept, None)))
    broken.add((agreement, KG.hasStatusAssertion, suppressed, broken.graph(AGREEMENTS_GRAPH)))
    report = validate_graph(broken)
    assert not report.conforms
    assert [(v.focus, v.path) for v in report.violations if v.severity == "Violation"] == [
        (str(suppressed), "^kg:hasStatusAssertion")
    ]
    assert "suppressed" in report.violations[0].message or any("suppressed" in v.message for v in report.violations)

    # an unsuppressed claim without an agreement
    broken = Dataset()
    broken.addN(q for q in data.quads((None, None, None, None)) if q[1] != KG.hasStatusAssertion or q[2] != kept)
    report = validate_graph(broken)
    bad = {(v.focus, v.shape) for v in report.violations if v.severity == "Violation"}
    assert (str(kept), "kgsh:StatusAssertion-agreement") in bad
    assert not any(focus == str(suppressed) for focus, _ in bad)  # the suppressed claim needs none

    # without its kg:suppressedBy mark the suppressed claim breaks the shape too
    unmarked = Dataset()
    unmarked.addN(q for q in data.quads((None, None, None, None)) if q[1] != KG.suppressedBy)
    bad = [v for v in validate_graph(unmarked).violations if v.severity == "Violation"]
    assert [(v.focus, v.shape) for v in bad] == [(str(suppressed), "kgsh:StatusAssertion-agreement")]


@pytest.mark.model
def test_kg_rebuild_on_the_command_line_reapplies_the_curation_folder(tmp_path: Path, gazetteer: Gazetteer) -> None:
    with open_oxigraph(tmp_path / "store") as s:
        write_articles(s, alias_articles(), gazetteer, settings_for(tmp_path, None))
        assert len({r["agreement"] for r in events(s)}) == 2
    folder = curation_dir(tmp_path, aliases="Open AI,OpenAI,\n")
    env = {**os.environ, "KG_CURATION": str(folder), "KG_STORE": str(tmp_path / "store")}
    done = subprocess.run([sys.executable, "-m", "kg", "rebuild"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open_oxigraph(tmp_path / "store") as s:
        assert len({r["agreement"] for r in events(s)}) == 1
    (folder / "aliases.csv").write_text(ALIAS_HEAD + "Open AI,open ai inc,\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "rebuild"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "aliases.csv: line 2:" in done.stderr and "already one company" in done.stderr


def test_line_numbers_and_offsets_survive_crlf_and_unicode_separators() -> None:
    text = FIX_HEAD.replace("\n", "\r\n") + 'mou,A | B,,,,signed,2024,,"a note with a\u2028separator"\r\n'
    (fix,) = parse_agreement_fixes(text)
    assert fix.row.line == 2 and fix.note == "a note with a\u2028separator"
    assert text[fix.row.start : fix.row.end] == fix.row.text == text.split("\r\n")[1]
