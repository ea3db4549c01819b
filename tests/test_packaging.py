"""What a wheel carries: every package, the ontologies and the shipped data, found through
``kg.resources`` in a checkout and in the wheel layout. ``make wheel-check`` installs a real
wheel and runs ``kg demo`` with it."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from kg.config import PROJECT_ROOT, load_settings
from kg.ontology.files import load_ontology
from kg.resources import data_path, ontologies_dir, root_for, shipped_root

REPO = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _source_dir(package: str) -> Path:
    mapped = SETUPTOOLS["package-dir"].get(package)
    return REPO / mapped if mapped else REPO.joinpath(*package.split("."))


def _shipped(package: str) -> set[str]:
    """The files of ``package`` its package-data patterns take (fnmatch's ``*`` spans folders, like ``**/*``)."""
    folder = _source_dir(package)
    patterns = [p.replace("**/", "") for p in SETUPTOOLS["package-data"].get(package, [])]
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return {f for f in files if any(fnmatch.fnmatch(f, pattern) for pattern in patterns)}


def test_every_code_package_is_listed_for_the_wheel() -> None:
    code = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "kg").rglob("__init__.py")}
    listed = set(SETUPTOOLS["packages"])
    assert code, "no packages found under kg/"
    assert code - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert listed - code == set(SETUPTOOLS["package-dir"]), "only the mapped data packages lack an __init__.py"


def test_the_wheel_ships_the_ontologies_and_the_data_demo_and_ingest_read() -> None:
    assert _shipped("kg.ontologies") == {"kg.ttl", "status.ttl", "align.ttl", "shapes.ttl"}
    data = _shipped("kg.data")
    assert {"companies.csv", "fx-rates.csv", "curation/aliases.csv", "curation/suppress.csv"} <= data
    articles = {f for f in data if f.startswith("articles/")}
    assert len([f for f in articles if f.endswith(".md")]) >= 10
    assert {"articles/feeds/ai-deals.rss", "articles/wire.jsonl"} <= articles


def test_the_wheel_leaves_out_the_evaluation_data() -> None:
    data = _shipped("kg.data")
    assert all((REPO / "data" / name).is_dir() for name in ("gold", "eval", "invented"))
    assert not [f for f in data if f.startswith(("gold/", "eval/", "invented/"))]


def test_a_checkout_reads_its_top_level_folders() -> None:
    assert shipped_root() == REPO == PROJECT_ROOT
    settings = load_settings(env={})
    assert settings.ontologies_dir == ontologies_dir() == REPO / "ontologies"
    assert settings.companies_csv == data_path("companies.csv") == REPO / "data" / "companies.csv"
    assert settings.curation_dir == REPO / "data" / "curation"
    assert settings.rates_csv.is_file()
    assert len(load_ontology(settings)) > 100


def test_the_wheel_layout_reads_the_folders_inside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "kg"
    assert root_for(package) == tmp_path / "site-packages"
    (package / "ontologies").mkdir(parents=True)
    assert root_for(package) == tmp_path / "site-packages", "both folders must be inside to count as a wheel"
    (package / "data").mkdir()
    assert root_for(package) == package
