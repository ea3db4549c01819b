"""The illustrative articles of tests/fixtures/flows, ingested through the real pipeline.

The four invented companies are added to a copy of the project's gazetteer (as a user adds
the companies they follow to ``data/companies.csv``); nothing else differs from ``kg ingest``.
"""

from __future__ import annotations

from pathlib import Path

from kg import api
from kg.config import PROJECT_ROOT, Settings, load_settings

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "flows"
ILLUSTRATIVE = sorted(FIXTURES.glob("0*.md"))
SAMPLES = [PROJECT_ROOT / "data" / "articles" / "01-microsoft-openai-first-investment.md"]


def flow_settings(folder: Path, **overrides: object) -> Settings:
    """Settings for a store in ``folder`` with the illustrative companies in the gazetteer."""
    folder.mkdir(parents=True, exist_ok=True)
    companies = folder / "companies.csv"
    extra = (FIXTURES / "companies-extra.csv").read_text(encoding="utf-8").splitlines()[1:]
    base = (PROJECT_ROOT / "data" / "companies.csv").read_text(encoding="utf-8").rstrip("\n")
    companies.write_text(base + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    return load_settings(env={}, store=folder / "store", companies_csv=companies, **overrides)


def ingest(settings: Settings, files: list[Path]) -> None:
    report = api.ingest([str(p) for p in files], settings)
    assert report.ok, report.errors
