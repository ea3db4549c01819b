"""Shared fixtures. Tests use the real spaCy model and real Oxigraph stores on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings, load_settings

#: The project's shared folder (evaluation sets, seed story): ``$KG_SHARED``, else ``../shared``
#: beside the repository. A fresh clone has none; tests that need it skip with this reason.
SHARED = Path(os.environ.get("KG_SHARED") or PROJECT_ROOT.parent / "shared")
SEED = SHARED / "seed" / "openai-microsoft-mou.md"
DEV = SHARED / "eval" / "dev"
CHECK = SHARED / "eval" / "check"
NO_SHARED = f"needs the shared evaluation folder at {SHARED} (absent in a plain clone; set $KG_SHARED)"

#: Marks a test that reads ``../shared`` (the dev gold set or the seed story).
needs_shared = pytest.mark.skipif(not (DEV / "gold.jsonl").is_file() or not SEED.is_file(), reason=NO_SHARED)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh on-disk store in tmp_path and no environment influence."""
    return load_settings(env={}, store=tmp_path / "store")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(NO_SHARED)
    return SEED
