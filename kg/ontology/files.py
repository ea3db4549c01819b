"""The Turtle files in ``ontologies/``: where they are and how to load them.

Paths come from ``Settings.ontologies_dir`` (by default the shipped ``ontologies/``, found by
``kg.resources``: the checkout's folder, or the copy inside an installed wheel).

* ``kg.ttl`` + ``status.ttl``: the ontology (what the store's ``graph/ontology`` holds);
* ``align.ttl``: mappings to FIBO, ORG, schema.org, SEM, Wikidata (documentation only);
* ``shapes.ttl``: the SHACL shapes ``kg validate`` runs.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.config import Settings, load_settings
from kg.errors import ConfigError, InputError

ONTOLOGY_FILES = ("kg.ttl", "status.ttl")
ALIGN_FILE = "align.ttl"
SHAPES_FILE = "shapes.ttl"


def _dir(settings: Settings | None) -> Path:
    folder = (settings or load_settings()).ontologies_dir
    if not folder.is_dir():
        raise ConfigError(
            f"ontologies folder {folder} does not exist: point Settings.ontologies_dir at a "
            "folder (it holds kg.ttl, status.ttl, align.ttl, shapes.ttl)"
        )
    return folder


def ontology_paths(settings: Settings | None = None) -> list[Path]:
    """``kg.ttl`` and ``status.ttl``: the files that make up the ontology."""
    folder = _dir(settings)
    return [folder / name for name in ONTOLOGY_FILES]


def align_path(settings: Settings | None = None) -> Path:
    """``align.ttl``: the alignments to other vocabularies."""
    return _dir(settings) / ALIGN_FILE


def shapes_path(settings: Settings | None = None) -> Path:
    """``shapes.ttl``: the SHACL shapes."""
    return _dir(settings) / SHAPES_FILE


def parse_turtle(paths: list[Path], graph: Graph | None = None) -> Graph:
    """Parse Turtle files into ``graph`` (a new rdflib ``Graph`` if none is given).

    Raises ``InputError`` naming the file when one is missing or does not parse.
    """
    graph = Graph() if graph is None else graph
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError as e:
            raise InputError(str(path), "ontology file not found; restore it from git") from e
        except Exception as e:  # rdflib raises several unrelated types for bad Turtle
            raise InputError(str(path), f"not valid Turtle: {e}") from e
    return graph


def load_ontology(settings: Settings | None = None) -> Graph:
    """The ontology: ``kg.ttl`` + ``status.ttl`` in one rdflib ``Graph``."""
    return parse_turtle(ontology_paths(settings))


def load_alignments(settings: Settings | None = None) -> Graph:
    """The alignments (``align.ttl``) in an rdflib ``Graph``."""
    return parse_turtle([align_path(settings)])


def load_shapes(settings: Settings | None = None) -> Graph:
    """The SHACL shapes (``shapes.ttl``) in an rdflib ``Graph``."""
    return parse_turtle([shapes_path(settings)])
