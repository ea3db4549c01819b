"""Curation → quads: what the curation files did, in ``graph/curation``. Pure.

The parsing and the application of the fixes to claims live in ``kg.resolve.curation``;
this module only describes the result as RDF (the companies it names are described in
graph/companies, like every other company), so every fix is traceable as curation
(``kg:CurationRecord`` per applied row, ``kg:curatedBy`` / ``kg:suppressedBy`` links,
curated status assertions sourced from the curation file).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import PurePosixPath

from rdflib import OWL, PROV, RDF, RDFS, SDO, XSD, Literal, URIRef

from kg.ontology.terms import CURATION_GRAPH, KG, KIND_CLASS, status_iri
from kg.rdf.build import date_literal, decimal_literal, selector_quads
from kg.resolve import iris
from kg.resolve.agreements import Agreement
from kg.resolve.curation import (
    CURATION_RUN,
    AgreementFix,
    Applied,
    CuratedStatus,
    Curation,
    CurationFile,
    Row,
    Selector,
    alias_record,
    fix_record,
    source_iri,
    suppression_record,
)
from kg.store.sparql_text import Quad


def _record(record: URIRef, row: Row, label: str, comment: str, files: Mapping[str, URIRef]) -> Iterator[Quad]:
    g = CURATION_GRAPH
    yield record, RDF.type, KG.CurationRecord, g
    yield record, RDFS.label, Literal(label), g
    yield record, KG.curationRow, Literal(row.line), g
    yield record, PROV.wasDerivedFrom, files[row.file], g
    yield record, PROV.wasGeneratedBy, CURATION_RUN, g
    if comment:
        yield record, RDFS.comment, Literal(comment), g


def _files(curation: Curation) -> list[CurationFile]:
    """The files the rows come from (also for rows parsed without ``load_curation``)."""
    files = {f.path: f for f in curation.files}
    for row in _all_rows(curation):
        files.setdefault(row.file, CurationFile(PurePosixPath(row.file).name, row.file, ""))
    return [files[k] for k in sorted(files)]


def _sources(files: Iterable[CurationFile], articles: set[str]) -> Iterator[Quad]:
    """The curation run and one node per file; a file that sources curated status assertions
    is typed ``kg:Article`` too, so the claim shapes hold for them."""
    g = CURATION_GRAPH
    yield CURATION_RUN, RDF.type, KG.CurationRun, g
    yield CURATION_RUN, RDFS.label, Literal("curation: human fixes from the curation files"), g
    for f in files:
        node = source_iri(f.path)
        yield node, RDF.type, KG.CurationSource, g
        if f.path in articles:
            yield node, RDF.type, KG.Article, g
        yield node, KG.sourcePath, Literal(f.path), g
        if f.sha256:
            yield node, SDO.identifier, Literal(f"sha256:{f.sha256}"), g


def _added_quads(added: CuratedStatus, source: URIRef) -> Iterator[Quad]:
    """A curated status assertion: shaped like an extracted one, with the CSV row as evidence."""
    g, claim, fix = CURATION_GRAPH, added.claim, added.fix
    sa = URIRef(claim.assertion)
    yield sa, RDF.type, KG.StatusAssertion, g
    yield sa, KG.claimedKind, KIND_CLASS[claim.kind], g
    for name in sorted(claim.parties):
        yield sa, KG.claimedParty, iris.org_iri(name), g
        yield sa, KG.claimedPartyName, Literal(name), g
    for name in sorted(claim.agents):
        yield sa, KG.claimedAgent, iris.org_iri(name), g
    yield sa, KG.status, status_iri(claim.status), g
    if fix.set_date is not None:
        yield sa, KG.statusDate, date_literal(fix.set_date), g
        yield sa, KG.statusDateEarliest, Literal(fix.set_date.earliest().isoformat(), datatype=XSD.date), g
        yield sa, KG.statusDateLatest, Literal(fix.set_date.latest().isoformat(), datatype=XSD.date), g
    yield sa, KG.confidence, decimal_literal(Decimal(1)), g
    yield sa, PROV.wasDerivedFrom, source, g
    yield sa, PROV.wasGeneratedBy, CURATION_RUN, g
    yield sa, KG.curatedBy, fix_record(fix), g
    yield from selector_quads(sa, source, fix.row.text, fix.row.start, fix.row.end, g)


def _selector_text(sel: Selector) -> str:
    where = f" in {sel.source}" if sel.source else ""
    return f"{sel.kind} {' | '.join(sel.parties)}{where}"


def _fix_label(f: AgreementFix) -> str:
    changes = []
    if f.set_kind:
        changes.append(f"kind {f.set_kind}")
    if f.set_parties:
        changes.append(f"parties {' | '.join(f.set_parties)}")
    if f.set_agents:
        changes.append(f"agents {' | '.join(f.set_agents)}")
    if f.set_status:
        changes.append(f"status {f.set_status}" + (f" {f.set_date.iso()}" if f.set_date else ""))
    return f"agreement fix: {_selector_text(f.selector)} → {', '.join(changes)}"


def curation_quads(curation: Curation, applied: Applied, agreements: Iterable[Agreement]) -> list[Quad]:
    """``graph/curation``: the rows that applied, and what they did to claims and agreements."""
    if not applied.records:
        return []
    g = CURATION_GRAPH
    files = {f.path: source_iri(f.path) for f in _files(curation)}
    quads: list[Quad] = list(_sources(_files(curation), {a.fix.row.file for a in applied.added}))
    for a in curation.aliases:
        record = alias_record(a)
        if str(record) in applied.records:
            quads.extend(_record(record, a.row, f"alias: {a.alias} → {a.canonical}", a.note, files))
            quads.append((iris.org_iri(a.alias), OWL.sameAs, iris.org_iri(a.canonical), g))
            quads.append((iris.org_iri(a.alias), KG.curatedBy, record, g))
    for s in curation.suppressions:
        record = suppression_record(s)
        if str(record) in applied.records:
            quads.extend(_record(record, s.row, f"suppressed: {_selector_text(s.selector)}", s.reason, files))
    for f in curation.fixes:
        record = fix_record(f)
        if str(record) in applied.records:
            quads.extend(_record(record, f.row, _fix_label(f), f.note, files))
    by_assertion: dict[str, set[str]] = defaultdict(set)
    for sa, records in applied.curated:
        by_assertion[sa].update(records)
        for record_iri in records:
            quads.append((URIRef(sa), KG.curatedBy, URIRef(record_iri), g))
    for sa, records in applied.suppressed:
        for record_iri in records:
            quads.append((URIRef(sa), KG.suppressedBy, URIRef(record_iri), g))
    for added in applied.added:
        quads.extend(_added_quads(added, files[added.fix.row.file]))
        by_assertion[added.claim.assertion].add(str(fix_record(added.fix)))
    for agreement in agreements:
        for record_iri in sorted({r for sa in agreement.assertions for r in by_assertion.get(sa, ())}):
            quads.append((URIRef(agreement.iri), KG.curatedBy, URIRef(record_iri), g))
    return sorted(set(quads))


def _all_rows(curation: Curation) -> Iterator[Row]:
    yield from (a.row for a in curation.aliases)
    yield from (s.row for s in curation.suppressions)
    yield from (f.row for f in curation.fixes)
