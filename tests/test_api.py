"""``kg.api``, the façade the CLI and the notebooks call: real model, real on-disk stores."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset

from kg import api, notebook
from kg.config import PROJECT_ROOT, Settings, load_settings
from kg.errors import ConfigError, InputError, OutputError, StoreError
from kg.query.runner import NamedQuery, resolve
from kg.store import open_oxigraph
from kg.store.table import Table

pytestmark = pytest.mark.model

ARTICLES = PROJECT_ROOT / "data" / "articles"
FIRST = "01-microsoft-openai-first-investment.md"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store holding two sample articles."""
    home = tmp_path_factory.mktemp("api")
    settings = load_settings(env={}, store=home / "store")
    report = api.ingest([str(ARTICLES / FIRST), str(ARTICLES / "02-nvidia-agrees-to-buy-arm.md")], settings)
    assert report.ok and report.articles == 2 and report.events > 0
    return settings


def missing_store(tmp_path: Path) -> Settings:
    return load_settings(env={}, store=tmp_path / "no-store")


def test_query_takes_a_spec_or_a_query_resolved_once(settings: Settings) -> None:
    with api.open_store(settings, create=False) as store:
        by_name = api.query(store, "events")
        by_query = api.query(store, resolve("events"))
        inline = api.query(store, NamedQuery("inline", COUNT))
    assert isinstance(by_name, Table) and by_name.rows
    assert by_query == by_name
    assert isinstance(inline, Table) and int(inline.rows[0][0]) > 0


def test_export_returns_the_graph_and_writes_it_to_out(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "graph.nq"
    text = api.export("nq", out, settings)
    assert out.read_text(encoding="utf-8") == text
    ds = Dataset()
    ds.parse(data=text, format="nquads")
    assert len(list(ds.graphs())) > 2  # the named graphs are kept
    with pytest.raises(ConfigError, match="use one of ttl, nt, nq, trig, jsonld"):
        api.export("xml", settings=settings)


def test_export_checks_out_before_it_opens_the_store(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        api.export("ttl", tmp_path / "missing" / "graph.ttl", missing_store(tmp_path))
    with pytest.raises(StoreError):
        api.export("ttl", settings=missing_store(tmp_path))
    assert not (tmp_path / "no-store").exists()


def test_validate_reports_conformance_and_violations(settings: Settings, tmp_path: Path) -> None:
    assert api.validate(settings).conforms
    with open_oxigraph(tmp_path / "bad") as store:
        store.update(
            "PREFIX kg: <https://w3id.org/alliance-kg/ont#> "
            "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> a kg:Investment } }"
        )
        report = api.validate(store=store)
    assert not report.conforms and report.errors > 0
    with pytest.raises(StoreError):
        api.validate(missing_store(tmp_path))


def test_render_writes_the_site(settings: Settings, tmp_path: Path) -> None:
    pages = api.render(tmp_path / "site", settings=settings)
    assert tmp_path / "site" / "index.html" in pages
    assert any(p.parent.name == "company" for p in pages)
    before = api.render(tmp_path / "old", "2000-01-01", settings)
    assert (tmp_path / "old" / "index.html") in before


def test_rebuild_keeps_the_events(settings: Settings) -> None:
    with api.open_store(settings, create=False) as store:
        before = api.query(store, "events")
    api.rebuild(settings)
    with api.open_store(settings, create=False) as store:
        assert api.query(store, "events") == before


def test_evaluate_scores_a_gold_file_and_is_the_notebook_verb(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / FIRST, articles / FIRST)
    lines = (PROJECT_ROOT / "data" / "gold" / "samples.jsonl").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.jsonl"
    gold.write_text(next(line for line in lines if json.loads(line)["file"] == FIRST) + "\n", encoding="utf-8")
    report = api.evaluate(gold, articles)
    assert report.levels["pair"].recall > 0
    assert notebook.evaluate is api.evaluate
    with pytest.raises(InputError, match="give both"):
        api.evaluate(gold, None)
    with pytest.raises(InputError, match="required without cross-validation"):
        api.evaluate(None, None)


def test_demo_ingests_the_samples_and_renders(tmp_path: Path) -> None:
    settings = load_settings(env={}, store=tmp_path / "store")
    done = api.demo(tmp_path / "site", settings)
    samples, errors = api.read_articles([str(ARTICLES)])
    assert done.ingest.ok and not errors and done.ingest.articles == len(samples) > 14  # .md, .html, .jsonl, feeds
    assert tmp_path / "site" / "index.html" in done.pages


@pytest.mark.server
def test_serve_answers_sparql_and_releases_the_store(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>alliances</h1>", encoding="utf-8")
    with api.serve(settings, port=0, site=site) as running:
        request = urllib.request.Request(
            running.query_url + "?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            served = int(response.read().decode().splitlines()[1])
        with urllib.request.urlopen(running.url + "/", timeout=30) as response:
            assert b"<h1>alliances</h1>" in response.read()
    with api.open_store(settings, create=False) as store:  # the Oxigraph server is gone
        assert store.count() == served
