"""Shared fixtures. Tests use the real spaCy model and real Oxigraph stores on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings, load_settings

SHARED = PROJECT_ROOT.parent / "shared"
SEED = SHARED / "seed" / "openai-microsoft-mou.md"
DEV = SHARED / "eval" / "dev"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh on-disk store in tmp_path and no environment influence."""
    return load_settings(env={}, store=tmp_path / "store")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    assert SEED.is_file(), f"the seed story is expected at {SEED} (../shared beside the repo)"
    return SEED
