"""The notebooks run top to bottom in a real kernel; the committed files are stripped and paired."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from kg import api
from kg import notebook as nb
from kg.config import PROJECT_ROOT, load_settings
from kg.errors import StoreError
from kg.store import open_oxigraph

NOTEBOOKS = PROJECT_ROOT / "notebooks"
NAMES = ["explore", "build-your-own"]
ARTICLES = PROJECT_ROOT / "data" / "articles"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/articles ingested into an on-disk store, as `make demo` does."""
    store = tmp_path_factory.mktemp("demo") / "kg-store"
    report = api.ingest([str(ARTICLES)], load_settings(env={}, store=store))
    assert report.ok and report.events > 10, report.errors
    return store


def execute(name: str, cwd: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(cwd)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


@pytest.mark.model
@pytest.mark.notebook
def test_explore_runs_on_the_demo_store(demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE", str(demo_store))
    monkeypatch.delenv("KG_ENDPOINT", raising=False)
    notebook = execute("explore", tmp_path)
    got = outputs(notebook)
    assert not [o for o in got if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in got if o.get("output_type") == "stream")
    assert f"oxigraph store at {demo_store}" in text
    assert "company: OpenAI" in text  # follow the money: the company with the most flows
    assert re.search(r"(^|\n)[1-9]\d* loop\(s\) with any status", text), text
    html = [o["data"]["text/html"] for o in got if "text/html" in o.get("data", {})]
    assert sum("<iframe srcdoc=" in h for h in html) == 2  # the whole network and one ego network
    drawn = [h for h in html if "<iframe srcdoc=" in h]  # the site's drawing: its payload and script
    assert all("id=&quot;kg-data&quot;" in h and "kgReadyAt" in h for h in drawn)
    assert ["data-page=&quot;index&quot;" in h for h in drawn] == [True, False]  # then one company's
    assert any("source" in h and "agreement" in h for h in html)  # the events table
    assert any("image/png" in o.get("data", {}) for o in got)  # the deals-per-quarter chart


@pytest.mark.notebook
def test_build_your_own_runs_in_a_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("KG_ENDPOINT", raising=False)
    temp = tmp_path / "temp"  # the kernel inherits TMPDIR, so the notebook's folder lands here
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    notebook = execute("build-your-own", cwd)
    text = "".join(o.get("text", "") for o in outputs(notebook) if o.get("output_type") == "stream")
    assert "1 article(s)" in text
    assert "pair" in text and "typed" in text and "full" in text  # the evaluation report
    assert not list(cwd.iterdir())  # nothing written where the notebook runs
    assert [p.name.startswith("kg-build-your-own-") for p in temp.iterdir()] == [True]
    assert (next(temp.iterdir()) / "store").is_dir()  # the store it printed is kept for the reader


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_are_stripped_and_match_their_py_pair(name: str) -> None:
    ipynb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in ipynb.cells if c.cell_type == "code")
    paired = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert [(c.cell_type, c.source) for c in ipynb.cells] == [(c.cell_type, c.source) for c in paired.cells]
    assert ipynb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.model
def test_query_df_covers_select_ask_and_construct(demo_store: Path) -> None:
    with open_oxigraph(demo_store) as store:
        select = nb.query_df(store, "events")
        assert list(select.columns) == ["source", "agreement", "type", "status", "date", "parties", "amount"]
        ask = nb.query_df(store, "ASK { ?s a <https://w3id.org/alliance-kg/ont#Company> }")
        assert ask.to_dict("records") == [{"answer": True}]
        construct = nb.query_df(
            store, "CONSTRUCT { ?a <urn:x:party> ?c } WHERE { ?a <https://w3id.org/alliance-kg/ont#party> ?c } LIMIT 5"
        )
        assert list(construct.columns) == ["subject", "predicate", "object"] and len(construct) == 5
        assert "Microsoft" in set(nb.partners(store, "openai")["partner"])


def test_open_store_without_a_store_says_how_to_build_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE", str(tmp_path / "missing"))
    with pytest.raises(StoreError, match="make demo"):
        nb.open_store()
