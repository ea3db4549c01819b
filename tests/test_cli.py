"""The command line end to end: real model, real on-disk store, real processes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Graph, Literal

from kg import api
from kg.cli.app import app, register
from kg.config import PROJECT_ROOT, load_settings

#: The real CLI in subprocesses, most of them over a store the pipeline filled.
pytestmark = pytest.mark.model

ARTICLES = PROJECT_ROOT / "data" / "articles"
EVENTS_COLUMNS = ["source", "agreement", "type", "status", "date", "parties", "amount"]


def kg(*args: str, store: Path | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "kg"] + (["--store", str(store)] if store else []) + list(args)
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}: {result.stderr}")
    return result


def events(store: Path) -> list[dict[str, str]]:
    out = kg("query", "events", "--format", "csv", store=store, check=True).stdout
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == EVENTS_COLUMNS
    return list(reader)


def triples(store: Path) -> int:
    out = kg(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv", store=store, check=True
    )
    return int(out.stdout.splitlines()[1])


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("demo") / "store"
    kg("ingest", str(ARTICLES), store=store, check=True)
    return store


@pytest.mark.gold
def test_the_seed_story_gives_the_mou_row_and_reingest_adds_nothing(tmp_path: Path, seed_path: Path) -> None:
    store = tmp_path / "store"
    article = tmp_path / seed_path.name
    shutil.copy(seed_path, article)  # into tmp only: third-party text never enters the repo
    kg("ingest", str(article), store=store, check=True)
    rows = events(store)
    wanted = [r for r in rows if r["parties"] == "Microsoft | OpenAI" and r["status"] == "non_binding"]
    assert wanted, rows
    assert "2025-09-11" in {r["date"] for r in wanted}
    assert all(r["source"] == str(article.resolve()) for r in rows)
    before = triples(store)
    kg("ingest", str(article), store=store, check=True)
    assert triples(store) == before
    assert events(store) == rows


def test_events_rows_follow_the_contract(demo_store: Path) -> None:
    rows = events(demo_store)
    assert len(rows) >= 12
    kinds = {"partnership", "investment", "acquisition", "merger", "joint_venture", "licensing", "supply", "mou"}
    statuses = {
        "rumored",
        "negotiating",
        "announced",
        "non_binding",
        "signed",
        "completed",
        "under_review",
        "terminated",
        "blocked",
    }
    for row in rows:
        assert row["type"] in kinds and row["status"] in statuses
        assert row["agreement"].startswith("https://w3id.org/alliance-kg/id/agreement/")
        parties = row["parties"].split(" | ")
        assert len(parties) >= 2 and parties == sorted(parties)
        assert row["date"] == "" or len(row["date"]) in (4, 7, 10)
        if row["amount"]:
            value, currency = row["amount"].split(" ")
            assert value.isdigit() and len(currency) == 3 and currency.isupper()
        assert row["source"].startswith("https://example.org/alliance-kg/samples/")


def test_a_bad_file_is_reported_and_the_others_are_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    good = folder / "good.md"
    good.write_text(
        "---\nurl: https://example.org/good\npublished: 2024-03-04\n---\n"
        "Amazon said on Monday it would invest $4 billion in Anthropic.\n",
        encoding="utf-8",
    )
    result = kg("ingest", str(folder), store=tmp_path / "store")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.md" in errors[0]
    assert any(r["source"] == "https://example.org/good" for r in events(tmp_path / "store"))


def test_usage_errors_exit_2_and_bad_queries_exit_1(tmp_path: Path) -> None:
    assert kg("no-such-command").returncode == 2
    assert kg("query", "events", "--format", "xml", store=tmp_path / "s").returncode == 2
    (tmp_path / "s").mkdir()  # read commands need an existing store (an empty folder is one)
    result = kg("query", "SELECT ?x WHERE { ?x", store=tmp_path / "s")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "parse" in result.stderr


def test_a_hostile_parameter_matches_nothing_and_changes_nothing(demo_store: Path) -> None:
    before = triples(demo_store)
    for value in ['x" } ; DROP ALL ; #', "Microsoft' || true ||'", "}} UNION { ?s ?p ?o }"]:
        out = kg("query", "partners", "--param", f"company={value}", "--format", "json", store=demo_store, check=True)
        assert json.loads(out.stdout) == []
    assert triples(demo_store) == before
    out = kg("query", "partners", "--param", "company=microsoft", "--format", "json", store=demo_store, check=True)
    assert json.loads(out.stdout), "a real company name finds its partners"


def _plain(term):  # type: ignore[no-untyped-def]
    """A literal by value: "x" = "x"^^xsd:string (RDF 1.1) and "1.0"^^xsd:decimal = "1"^^xsd:decimal;
    rdflib compares lexical forms."""
    if isinstance(term, Literal):
        datatype = None if term.datatype == XSD.string else term.datatype
        return ("literal", term.toPython(), datatype, term.language)
    return term


def _stored_quads(store: Path) -> set[tuple[object, ...]]:
    with api.open_store(load_settings(env={}, store=store)) as s:
        return {tuple(_plain(t) for t in row) for row in s.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_exports_parse_back_to_the_same_graph(demo_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    kg("export", "--format", fmt, "--out", str(out), store=demo_store, check=True)
    rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt]
    stored = _stored_quads(demo_store)
    if fmt in ("nq", "trig", "jsonld"):
        parsed = Dataset()
        parsed.parse(out, format=rdflib_format)
        got = {
            tuple(_plain(t) for t in (s, p, o)) + (g.identifier if hasattr(g, "identifier") else g,)
            for s, p, o, g in parsed.quads((None, None, None, None))
        }
        assert got == stored  # no blank nodes, so isomorphic means equal
    else:
        parsed_graph = Graph().parse(out, format=rdflib_format)
        assert {tuple(_plain(t) for t in triple) for triple in parsed_graph} == {q[:3] for q in stored}


def test_the_demo_graph_validates(demo_store: Path) -> None:
    result = kg("validate", store=demo_store)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_has_help_with_an_example() -> None:
    register()
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example" in command.help, name
        assert kg(name, "--help").returncode == 0


@pytest.mark.gold
def test_evaluate_reports_levels_as_json_and_errors_as_text() -> None:
    gold, articles = PROJECT_ROOT / "data" / "gold" / "samples.jsonl", PROJECT_ROOT / "data" / "articles"
    report = json.loads(kg("evaluate", str(gold), str(articles), "--json", check=True).stdout)
    for level in ("pair", "typed", "full"):
        assert 0 < report[level]["f1"] <= 1
    assert report["articles"] == 19 and report["gold_events"] > 50
    assert {
        "date_accuracy",
        "main_news_recall",
        "by_kind",
        "by_status",
        "kind_confusion",
        "precision_at_confidence_0.8",
    } <= set(report)
    text = kg("evaluate", str(gold), str(articles), "--errors", check=True).stdout
    assert "pair" in text and ("miss" in text or "false" in text)
    bad = kg("evaluate", str(ARTICLES / "01-microsoft-openai-first-investment.md"), str(articles))
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
