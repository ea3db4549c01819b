"""Shared fixtures. Tests use the real spaCy model and real Oxigraph stores on disk.

Tiers (markers, declared in pyproject.toml): ``model`` loads the spaCy pipeline (or runs ``kg`` in a
subprocess), ``gold`` scores gold sets, ``slow`` takes seconds for other reasons,
``browser``/``server``/``notebook`` need Chromium, a server process or a kernel. ``make test-fast``
deselects all of them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.config import PROJECT_ROOT, Settings, load_settings

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.records import EventCandidate
    from kg.resolve.gazetteer import Gazetteer

#: The project's shared folder (evaluation sets, seed story): ``$KG_SHARED``, else ``../shared``
#: beside the repository. A fresh clone has none; tests that need it skip with this reason.
SHARED = Path(os.environ.get("KG_SHARED") or PROJECT_ROOT.parent / "shared")
SEED = SHARED / "seed" / "openai-microsoft-mou.md"
DEV = SHARED / "eval" / "dev"
CHECK = SHARED / "eval" / "check"
NO_SHARED = f"needs the shared evaluation folder at {SHARED} (absent in a plain clone; set $KG_SHARED)"

#: Marks a test that reads ``../shared`` (the dev gold set or the seed story).
needs_shared = pytest.mark.skipif(not (DEV / "gold.jsonl").is_file() or not SEED.is_file(), reason=NO_SHARED)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write a test input file as given: bytes as they are, text as UTF-8 with its line ends kept."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh on-disk store in tmp_path and no environment influence."""
    return load_settings(env={}, store=tmp_path / "store")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(NO_SHARED)
    return SEED


@pytest.fixture(scope="session")
def nlp_and_gazetteer() -> tuple[Language, Gazetteer]:
    """The extraction pipeline over the shipped gazetteer, built once per session.

    Tests that use it load the spaCy model: mark them ``model``. spaCy is imported here, not at
    the top, so that the fast tier does not pay for it at collection.
    """
    from kg.extract.pipeline import build_nlp
    from kg.resolve.gazetteer import load_gazetteer

    settings = load_settings(env={})
    gazetteer = load_gazetteer(settings.companies_csv)
    return build_nlp(settings, gazetteer), gazetteer


#: The publication date sentence tests assume unless they give one.
PUBLISHED = dt.date(2025, 3, 14)


@pytest.fixture(scope="session")
def extract(nlp_and_gazetteer: tuple[Language, Gazetteer]) -> Callable[..., list[EventCandidate]]:
    """Factory: ``extract(text, published=PUBLISHED)`` gives the claims found in a one-article text.

    Uses the session pipeline, so tests that use it load the spaCy model: mark them ``model``.
    """
    from kg.extract.events import extract_events
    from kg.records import Article

    nlp, gazetteer = nlp_and_gazetteer

    def run(text: str, published: dt.date | None = PUBLISHED) -> list[EventCandidate]:
        article = Article(key="t", text=text, path="t.md", published=published)
        return extract_events(nlp(text), article, gazetteer)

    return run
