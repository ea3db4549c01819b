"""Exchange rates → quads in ``graph/rates``, read by derive.ru to convert flow amounts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import DCTERMS, RDF, SDO, XSD, Literal, URIRef

from kg.ontology.terms import ID, KG, RATES_GRAPH
from kg.rdf.build import Quad
from kg.resolve.rates import Rate


def rate_iri(rate: Rate) -> URIRef:
    return URIRef(f"{ID}rate/{rate.currency}-{rate.year}")


def rates_quads(rates: Iterable[Rate]) -> Iterator[Quad]:
    g = RATES_GRAPH
    for rate in rates:
        node = rate_iri(rate)
        yield node, RDF.type, KG.ExchangeRate, g
        yield node, SDO.currency, Literal(rate.currency), g
        yield node, KG.rateYear, Literal(rate.year, datatype=XSD.integer), g
        yield node, KG.usdPerUnit, Literal(rate.usd_per_unit, datatype=XSD.decimal), g
        yield node, KG.publishedRate, Literal(rate.rate, datatype=XSD.decimal), g
        yield node, KG.rateQuote, Literal(rate.quote), g
        yield node, DCTERMS.source, URIRef(rate.source), g
