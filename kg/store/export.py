"""Export the store in a standard RDF syntax; named graphs are kept by TriG and N-Quads."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import OutputError
from kg.ontology.terms import PREFIXES
from kg.store.base import Store

#: format name on the command line → (rdflib serializer, keeps named graphs)
EXPORT_FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "nq": ("nquads", True),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
}

#: The JSON-LD context and the prefixes of every export: the one prefix table.
JSONLD_CONTEXT = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def _bind(graph: Graph) -> None:
    for prefix, ns in JSONLD_CONTEXT.items():
        graph.bind(prefix, ns, override=True)


def snapshot(store: Store) -> Dataset:
    """All quads of the store in an in-memory rdflib Dataset."""
    ds = Dataset()
    _bind(ds)
    rows = store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    ds.addN((s, p, o, ds.graph(g)) for s, p, o, g in rows)  # type: ignore[arg-type, misc]
    return ds


def export(store: Store, fmt: str) -> str:
    """Serialize the whole store. ``ttl``/``nt`` give the union of all graphs."""
    serializer, keeps_graphs = EXPORT_FORMATS[fmt]
    ds = snapshot(store)
    if keeps_graphs:
        if fmt == "jsonld":
            return ds.serialize(format=serializer, context=JSONLD_CONTEXT, auto_compact=True)
        return ds.serialize(format=serializer)
    union = Graph()
    _bind(union)
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union.serialize(format=serializer)


def check_out(out: Path) -> None:
    """Fail before any work when ``out`` cannot be the file to write: a folder, or a file
    whose folder does not exist."""
    if out.is_dir():
        raise OutputError(str(out), f"is a folder; give a file name, e.g. --out {out / 'graph.trig'}")
    parent = out.parent
    if not parent.is_dir():
        raise OutputError(str(out), f"folder {parent} does not exist; create it first (mkdir -p {parent})")


def write_out(text: str, out: Path) -> None:
    """Write ``text`` to ``out`` through ``out.part`` (replaced at once); no ``.part`` is left
    behind when writing fails."""
    check_out(out)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OutputError(str(out), f"cannot write ({e.strerror or e}); check the path and its permissions") from e
