"""The named query library and a runner that binds parameters as RDF terms.

A named query is a ``.rq`` file in ``kg/query/queries/`` whose header comments declare
it::

    # title: partners
    # description: The counterparties of one company ...
    # param company: string  The company's canonical name, e.g. Microsoft
    # example: kg query partners --param company=Microsoft

The files declare no prefixes: each gets the ``PREFIX`` lines it uses from the one table,
``kg.ontology.terms.PREFIXES``, when it is loaded. A ``.rq`` file or inline SPARQL gets those
of the table's prefixes it uses without declaring them.

Parameter values are converted to RDF terms (string → plain literal, date →
``xsd:date``, iri → IRI, integer → ``xsd:integer``) and passed to the engine as bindings:
they are never pasted into the query text.

SPARQL has no variable for ``LIMIT``, so a parameter of type ``limit`` is the one exception,
and it carries no text of the user's: its value must be a whole number (checked here), and the
runner appends ``LIMIT`` with that number as Python writes it. It may declare a default, and
0 means every row::

    # param limit: limit=100  the number of pairs, first ranked first (0: all)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import QueryError
from kg.ontology.terms import with_prefixes

PARAM_TYPES = ("string", "date", "iri", "integer", "limit")
#: The largest ``limit`` accepted (a bigger number is a typo, and engines parse LIMIT into
#: machine integers).
MAX_LIMIT = 1_000_000_000
_HEADER = re.compile(r"^#\s*(title|description|example):\s*(.*)$")
_PARAM = re.compile(r"^#\s*param\s+([A-Za-z_][\w]*)\s*:\s*(\S+)\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    help: str
    #: A parameter declared with a trailing ``?`` (``# param date: date?``) may be left out.
    required: bool = True
    #: The value used when a ``limit`` parameter is left out (``# param limit: limit=100``).
    default: str = ""

    @property
    def value_type(self) -> str:
        """What the user writes: a ``limit`` is an integer."""
        return "integer" if self.type == "limit" else self.type


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    text: str
    description: str = ""
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = field(default=())
    #: A computed query runs this function of ``kg.query.computed`` (SPARQL + a Python step)
    #: instead of its text.
    compute: str = ""

    @property
    def form(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (first keyword after the prologue)."""
        return query_form(self.text)


def query_form(text: str) -> str:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    body = re.sub(r"(?i)\b(PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)", " ", body)
    match = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body)
    return match.group(1).upper() if match else "SELECT"


def parse_named_query(name: str, text: str, origin: str) -> NamedQuery:
    description, examples = "", []
    params: list[Param] = []
    for line in text.splitlines():
        param = _PARAM.match(line.strip())
        if param:
            pname, ptype, phelp = param.groups()
            ptype, has_default, default = ptype.partition("=")
            required = not ptype.endswith("?") and not has_default
            ptype = ptype.rstrip("?")
            if ptype not in PARAM_TYPES:
                raise QueryError(
                    f"{origin}: parameter {pname!r} has unknown type {ptype!r}; use one of {', '.join(PARAM_TYPES)}"
                )
            if has_default and ptype != "limit":
                raise QueryError(f"{origin}: parameter {pname!r}: only a limit parameter has a default")
            if ptype == "limit":
                if any(p.type == "limit" for p in params):
                    raise QueryError(f"{origin}: parameter {pname!r}: a query has at most one limit parameter")
                if has_default:
                    limit_value(pname, default)  # a bad default fails when the library loads
            params.append(Param(pname, ptype, phelp.strip(), required, default))
            continue
        match = _HEADER.match(line.strip())
        if match:
            key, value = match.groups()
            if key == "description":
                description = value.strip()
            elif key == "example":
                examples.append(value.strip())
    return NamedQuery(name, text, description, tuple(params), tuple(examples))


def library() -> dict[str, NamedQuery]:
    """Every named query shipped with the package, by name: the ``.rq`` files and the
    computed queries (``kg.query.computed``)."""
    from kg.query.computed import computed_queries

    folder = resources.files("kg.query").joinpath("queries")
    queries = computed_queries()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq") and not entry.name.startswith("graph-"):
            name = entry.name[: -len(".rq")]
            text = with_prefixes(entry.read_text(encoding="utf-8"))
            queries[name] = parse_named_query(name, text, f"queries/{entry.name}")
    return dict(sorted(queries.items()))


def resolve(spec: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or inline SPARQL text."""
    named = library()
    if spec in named:
        return named[spec]
    path = Path(spec)
    if spec.endswith((".rq", ".sparql")) or (len(spec) < 256 and "\n" not in spec and path.is_file()):
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        try:
            return parse_named_query(path.stem, with_prefixes(path.read_text(encoding="utf-8")), spec)
        except UnicodeDecodeError as e:
            raise QueryError(f"{spec}: not UTF-8 text ({e.reason})") from e
    if re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec):
        return NamedQuery("inline", with_prefixes(spec))
    raise QueryError(
        f"{spec!r} is not a named query, a .rq file or SPARQL; named queries: {', '.join(named)} (see kg query --list)"
    )


def to_term(param: Param | None, name: str, value: str) -> Identifier:
    """Convert a ``--param`` value to the RDF term its declared type asks for."""
    ptype = param.type if param else "string"
    if ptype == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError as e:
            raise QueryError(f"--param {name}={value!r}: not a date; use YYYY-MM-DD") from e
        return Literal(value, datatype=XSD.date)
    if ptype == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"--param {name}={value!r}: not an integer")
        return Literal(int(value))
    if ptype == "iri":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", value):
            raise QueryError(f"--param {name}={value!r}: not an IRI")
        return URIRef(value)
    return Literal(value)


def limit_value(name: str, value: str) -> int:
    """The whole number of rows (or loops) a ``limit`` parameter's value asks for; 0: all."""
    if not re.fullmatch(r"[0-9]+", value.strip()) or int(value) > MAX_LIMIT:
        raise QueryError(
            f"--param {name}={value!r}: not a number of rows; use a whole number from 0 (all rows) to {MAX_LIMIT}"
        )
    return int(value)


def row_limit(query: NamedQuery, values: Mapping[str, str]) -> int | None:
    """The number of rows the query's ``limit`` parameter asks for (its value, else its
    default), or None for every row: no limit parameter, no default, or 0."""
    for p in query.params:
        if p.type == "limit":
            value = values.get(p.name, p.default or None)
            return None if value is None else (limit_value(p.name, value) or None)
    return None


def limited_text(query: NamedQuery, values: Mapping[str, str]) -> str:
    """The query's text, with ``LIMIT n`` appended when its ``limit`` parameter asks for n
    rows. ``n`` is an ``int`` written by Python (validated by :func:`row_limit`), so no text
    of the value reaches the query."""
    limit = row_limit(query, values)
    return query.text if limit is None else f"{query.text.rstrip()}\nLIMIT {limit:d}\n"


def bind(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Identifier]:
    """Bindings for the query's declared parameters (all required); inline SPARQL takes any.
    A ``limit`` parameter is checked here but is not a binding (see :func:`limited_text`)."""
    declared = {p.name: p for p in query.params}
    if query.params:
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(
                f"query {query.name!r} has no parameter {', '.join(unknown)}; it takes: {', '.join(declared)}"
            )
        missing = sorted(n for n, p in declared.items() if p.required and n not in values)
        if missing:
            raise QueryError(
                f"query {query.name!r} needs --param {missing[0]}=VALUE ({declared[missing[0]].help or declared[missing[0]].type})"
            )
    elif values and query.name != "inline":
        raise QueryError(f"query {query.name!r} takes no parameters")
    row_limit(query, values)
    return {
        name: to_term(declared.get(name), name, value)
        for name, value in values.items()
        if name not in declared or declared[name].type != "limit"
    }
