"""SHACL validation of the graph with pySHACL, as a typed, readable report.

``validate_graph(data)`` runs ``ontologies/shapes.ttl`` over ``data`` with RDFS inference
(so ``sh:targetClass kg:Agreement`` covers ``kg:Investment`` etc.). Two details matter:

* pySHACL validates one rdflib ``Graph``; the store is a ``Dataset`` (one named graph per
  article, plus ``graph/agreements``, ``graph/ontology`` …). The triples of **all** its
  graphs (named and default) are copied into one fresh ``Graph`` (the union, built with
  one SPARQL CONSTRUCT: ``UNION_QUERY``), because claims, companies and agreements live in
  different graphs and the shapes check links between them.
* The ontology (``kg.ttl`` + ``status.ttl``) is added to that union. The status-order rule
  needs ``kg:stageOrder`` *in the data graph* (given as pySHACL's ``ont_graph`` it silently
  finds nothing), and RDFS inference needs the subclass axioms. Adding it twice (the store
  also holds ``graph/ontology``) is harmless: a graph is a set.

``conforms`` follows pySHACL: it is false only when there is a result of severity
Violation; Warnings (e.g. status dates that go backwards) are counted in ``warnings``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, SH, BNode, Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import ValidationFailed
from kg.ontology.reference import short

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: the node, the property path, what is wrong, and how bad.

    ``focus`` is the full IRI (or ``_:id`` of a blank node); ``path`` the property path in
    prefixed form (``^kg:hasStatusAssertion`` for an inverse path; empty for node-level
    results); ``severity`` is ``Violation``, ``Warning`` or ``Info``; ``value`` the
    offending value if any; ``shape`` the shape that produced it.
    """

    focus: str
    path: str
    message: str
    severity: str
    value: str = ""
    shape: str = ""

    def line(self) -> str:
        """One readable line: ``<severity> <focus> <path>: <message>``."""
        path = f" {self.path}" if self.path else ""
        focus = self.focus if self.focus.startswith("_:") else short(self.focus)
        return f"{self.severity} {focus}{path}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of a validation: pySHACL's verdict and its results, sorted."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str
    warnings: int = 0

    @property
    def errors(self) -> int:
        """How many results have severity Violation."""
        return sum(1 for v in self.violations if v.severity == "Violation")

    def lines(self) -> list[str]:
        """Every result as one readable line (Violations first)."""
        return [v.line() for v in self.violations]

    def raise_for_violations(self) -> None:
        """Raise ``ValidationFailed`` listing the Violations, if there are any."""
        if not self.conforms:
            bad = [v.line() for v in self.violations if v.severity == "Violation"]
            raise ValidationFailed(
                f"the graph does not conform to ontologies/shapes.ttl ({len(bad)} violations):\n" + "\n".join(bad)
            )


#: Every triple of every graph: the default graph (which is the union when the dataset has
#: ``default_union=True``) and each named graph. One query, so it also runs on Oxigraph and
#: on a remote SPARQL endpoint without pulling quads one by one.
UNION_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def union_graph(data: Graph | Dataset) -> Graph:
    """The triples of every graph of ``data`` (named and default) in one fresh ``Graph``.

    A plain ``Graph`` is copied too, so the caller's graph is never changed.
    """
    union = Graph()
    if getattr(data, "context_aware", False):
        for row in data.query(UNION_QUERY):
            union.add(row)  # type: ignore[arg-type]  # a CONSTRUCT yields triples, typed as any result row
    else:
        for triple in data.triples((None, None, None)):
            union.add(triple)
    return union


def _path_text(results: Graph, path: Node | None) -> str:
    """A SHACL property path in readable form (simple, inverse, sequence, alternative)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return short(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(results, inverse)
    alternative = results.value(path, SH.alternativePath)
    if alternative is not None:
        return "(" + "|".join(_path_text(results, p) for p in Collection(results, alternative)) + ")"
    if results.value(path, RDF.first) is not None:
        return "/".join(_path_text(results, p) for p in Collection(results, path))
    for key, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = results.value(path, key)
        if inner is not None:
            return _path_text(results, inner) + mark
    return short(path)


def _violations(results: Graph) -> tuple[Violation, ...]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        found.append(
            Violation(
                focus=f"_:{focus}" if isinstance(focus, BNode) else str(focus),
                path=_path_text(results, results.value(result, SH.resultPath)),
                message=" / ".join(messages),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                value=short(value) if value is not None else "",
                shape=short(shape) if isinstance(shape, URIRef) else "",
            )
        )
    return tuple(
        sorted(set(found), key=lambda v: (SEVERITY_ORDER.get(v.severity, 9), v.focus, v.path, v.message, v.value))
    )


def validate_graph(
    data: Graph | Dataset,
    shapes: Graph | None = None,
    *,
    ontology: Graph | Iterable[Graph] | None = None,
) -> ValidationReport:
    """Validate ``data`` (a ``Graph`` or the store's ``Dataset``) against the SHACL shapes.

    ``shapes`` defaults to ``ontologies/shapes.ttl``; ``ontology`` (default: ``kg.ttl`` +
    ``status.ttl``) is added to the union of ``data``'s graphs before validating (see the
    module docstring). Nothing passed in is modified.
    """
    import pyshacl  # heavy (owlrl, SPARQL engine): imported only when validating

    from kg.ontology.files import load_ontology, load_shapes

    shapes = load_shapes() if shapes is None else shapes
    graph = union_graph(data)
    ontologies = [load_ontology()] if ontology is None else [ontology] if isinstance(ontology, Graph) else ontology
    for extra in ontologies:
        for triple in extra:
            graph.add(triple)
    conforms, results, text = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="rdfs",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    violations = _violations(results)
    return ValidationReport(
        conforms=bool(conforms),
        violations=violations,
        text=str(text),
        warnings=sum(1 for v in violations if v.severity == "Warning"),
    )
