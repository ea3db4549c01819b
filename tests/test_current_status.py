"""The pages show the current status graph/derived holds (``kg:currentStatus``, made by
derive.ru), the one the named queries read; a store without it is an error that
``kg rebuild`` mends, never a second computation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg import api, graphwrite
from kg.analyze.agreements import agreement_views, latest_claim
from kg.config import PROJECT_ROOT, load_settings
from kg.errors import StoreError
from kg.ontology.terms import DERIVED_GRAPH, KG, ORG_NS, status_iri
from kg.render import render_site
from kg.store import open_memory

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "alliances.trig"


def index_edges(site: Path) -> list[dict[str, object]]:
    page = (site / "index.html").read_text(encoding="utf-8")
    (block,) = re.findall(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(block)["edges"]  # type: ignore[no-any-return]


def amazon_anthropic(ds: Dataset) -> URIRef:
    sparql = f"SELECT ?a WHERE {{ ?a {KG.investor.n3()} {ORG_NS['amazon'].n3()} }}"
    (agreement,) = {row[0] for row in ds.query(sparql)}  # type: ignore[index]
    return agreement  # type: ignore[return-value]


def test_the_pages_show_the_derived_status_not_one_recomputed_from_the_claims(tmp_path: Path) -> None:
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.parse(FIXTURE, format="trig")
    agreement = amazon_anthropic(ds)
    (view,) = [v for v in agreement_views(ds) if v.iri == str(agreement)]
    assert view.status == latest_claim(view.history).status == "completed"  # type: ignore[union-attr]
    # A derived status the claims alone do not give: the pages show it all the same.
    ds.graph(DERIVED_GRAPH).set((agreement, KG.currentStatus, status_iri("under_review")))
    render_site(ds, tmp_path)
    assert {e["status"] for e in index_edges(tmp_path) if e["agreement"] == str(agreement)} == {"under_review"}
    page = (tmp_path / "company" / "amazon.html").read_text(encoding="utf-8")
    assert "under_review" in page


def test_a_store_without_derived_statuses_is_an_error_until_rebuilt() -> None:
    with open_memory() as store:
        store.dataset.parse(FIXTURE, format="trig")
        store.update(f"DROP GRAPH {DERIVED_GRAPH.n3()}")
        with pytest.raises(StoreError, match=r"no current status for 9 agreement\(s\).*kg rebuild"):
            agreement_views(store.dataset)
        settings = load_settings(env={})
        assert graphwrite.ensure_derived(store, settings)
        assert {v.status for v in agreement_views(store.dataset)} >= {"completed", "terminated", "negotiating"}
        assert not graphwrite.ensure_derived(store, settings)


def test_render_through_the_api_derives_a_store_written_without_deriving(tmp_path: Path) -> None:
    with open_memory() as store:
        store.dataset.parse(FIXTURE, format="trig")
        store.update(f"DROP GRAPH {DERIVED_GRAPH.n3()}")
        api.render(tmp_path, settings=load_settings(env={}), store=store)
    assert {e["status"] for e in index_edges(tmp_path)} >= {"completed", "terminated"}


@pytest.mark.slow
def test_the_sample_site_shows_what_kg_query_agreements_returns(tmp_path: Path) -> None:
    settings = load_settings(env={}, store=tmp_path / "store")
    report = api.ingest([str(PROJECT_ROOT / "data" / "articles")], settings)
    assert report.ok and report.events > 20
    with api.open_store(settings) as store:
        expected = {r["agreement"]: r["status"] for r in api.query(store, "agreements").records()}  # type: ignore[union-attr]
        render_site(store.dataset, tmp_path / "site")
    shown = {str(e["agreement"]): e["status"] for e in index_edges(tmp_path / "site")}
    assert shown and set(shown) <= set(expected)
    assert shown == {a: expected[a] for a in shown}
