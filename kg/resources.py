"""The files that ship with the package: the ontologies and the reference data.

A checkout keeps them in the top-level ``ontologies/`` and ``data/`` folders; ``pyproject.toml``
maps those folders into the package as ``kg/ontologies`` and ``kg/data``, so a wheel carries
them inside ``kg``. ``shipped_root`` finds whichever layout the running code comes from, and
every reader of these files asks here.

The folder is located from ``importlib.resources.files("kg")`` rather than by importing
``kg.ontologies``: in an editable install the import system maps that name to the installed
checkout, which is not the code that runs when ``PYTHONPATH`` points at another worktree.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kg.errors import ConfigError

#: The folders a wheel carries inside ``kg`` (top-level folders of a checkout).
SHIPPED_FOLDERS = ("ontologies", "data")


def package_dir() -> Path:
    """The folder of the ``kg`` package on disk."""
    root = resources.files("kg")
    if not isinstance(root, Path):
        raise ConfigError(
            f"the kg package is loaded from {root}, not from a folder: run it from an "
            "unpacked install (`pip install` the wheel) so its ontologies and data files can be read"
        )
    return root


def root_for(package: Path) -> Path:
    """Where ``ontologies/`` and ``data/`` are for the ``kg`` package at ``package``: inside it
    when installed from a wheel, beside it in a checkout."""
    if all((package / name).is_dir() for name in SHIPPED_FOLDERS):
        return package
    return package.parent


def shipped_root() -> Path:
    """The folder that holds ``ontologies/`` and ``data/`` for the running code."""
    return root_for(package_dir())


def ontologies_dir() -> Path:
    """The folder of the Turtle files (``kg.ttl``, ``status.ttl``, ``align.ttl``, ``shapes.ttl``)."""
    return shipped_root() / "ontologies"


def data_path(*parts: str) -> Path:
    """A file or folder under the shipped ``data/`` (``companies.csv``, ``curation``, ``articles``, ...)."""
    return shipped_root().joinpath("data", *parts)
