"""The company gazetteer: ``data/companies.csv`` loaded into frozen ``Company`` rows.

Every surface form (name, alias, epithet, ticker) is indexed by its ``fold`` key,
so lookups ignore case, punctuation, possessives and legal suffixes. Business
units (rows with a ``parent``) fold to their parent as a party: ``AWS`` → ``Amazon``.
Regulators and governments (``kind`` = ``regulator``/``government``) are actors of
reviews, never parties of company deals.

CSV format (UTF-8, header row; ``;`` separates several values inside one cell)::

    name,aliases,epithets,tickers,qid,sector,country,parent,kind[,ambiguous][,source]

The optional ``source`` column says where the row's facts (name, sector, country,
parent) come from: ``https://www.wikidata.org/wiki/<qid>`` for rows with a QID, else
the company's official website, else a short note such as "project curation"
(``Company.source``; the shipped file has one on every row).

The optional ``ambiguous`` column lists (``;``-separated) the row's surface forms
that are also ordinary words ("Writer", "Cursor", "Magic"): an entity ruler
should match them case-sensitively only (see ``Gazetteer.is_ambiguous``).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.records import Company
from kg.resolve.names import fold

COLUMNS = ("name", "aliases", "epithets", "tickers", "qid", "sector", "country", "parent", "kind")
KINDS = frozenset({"company", "regulator", "government"})
ACTOR_KINDS = frozenset({"regulator", "government"})
SECTORS = frozenset(
    {
        "ai_lab", "big_tech", "cloud", "chips", "memory", "hardware", "telecom",
        "enterprise_software", "investor", "sovereign_fund", "pension_fund", "media",
        "automotive", "energy", "consulting", "internet", "robotics", "data_infra",
        "regulator", "government", "other",
    }
)  # fmt: skip
_QID = re.compile(r"Q[1-9]\d*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_THE = "the "


def _without_the(form: str) -> str | None:
    """``"the ChatGPT maker"`` → ``"ChatGPT maker"``; None when there is no leading "the"."""
    return form[len(_THE) :].strip() if form.lower().startswith(_THE) else None


def _forms(company: Company) -> Iterator[str]:
    """Every surface form of a row, epithets also without their leading "the"."""
    yield company.name
    yield from company.aliases
    for epithet in company.epithets:
        yield epithet
        bare = _without_the(epithet)
        if bare:
            yield bare
    yield from company.tickers


@dataclass(frozen=True)
class Gazetteer:
    """Known companies, regulators and governments, indexed by folded surface form."""

    companies: tuple[Company, ...]
    _by_key: Mapping[str, Company] = field(init=False, repr=False, compare=False)
    _by_name: Mapping[str, Company] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Company] = {}
        for company in self.companies:
            for form in _forms(company):
                by_key.setdefault(fold(form), company)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_name", {c.name: c for c in self.companies})

    def __len__(self) -> int:
        return len(self.companies)

    def lookup(self, surface: str) -> Company | None:
        """The row a surface form names (name, alias, epithet or ticker), else None.

        A leading "the" is ignored when the form without it is known.
        """
        key = fold(surface)
        found = self._by_key.get(key)
        if found is None and key.startswith(_THE):
            found = self._by_key.get(key[len(_THE) :])
        return found

    def get(self, name: str) -> Company | None:
        """The row whose canonical ``name`` this is (exact, else by folded name)."""
        found = self._by_name.get(name)
        if found is None:
            candidate = self._by_key.get(fold(name))
            if candidate is not None and fold(candidate.name) == fold(name):
                found = candidate
        return found

    def top(self, company: Company) -> Company:
        """The party a row stands for: itself, or its topmost parent for a unit."""
        seen = {company.name}
        while company.parent:
            parent = self._by_name.get(company.parent)
            if parent is None or parent.name in seen:
                break
            seen.add(parent.name)
            company = parent
        return company

    def canonical(self, surface: str) -> str | None:
        """The canonical party name: ``"AWS"`` → ``"Amazon"``, ``"Alphabet Inc."`` → ``"Google"``.

        Regulators and governments also get their canonical name (check
        ``is_actor_only`` before using it as a party). None when unknown.
        """
        company = self.lookup(surface)
        return None if company is None else self.top(company).name

    def unit_of(self, surface: str) -> str | None:
        """The unit's own name when the surface names a business unit (``"AWS"`` → ``"AWS"``)."""
        company = self.lookup(surface)
        return company.name if company is not None and company.parent else None

    def is_actor_only(self, surface: str) -> bool:
        """True for regulators and governments, which review deals but are never parties."""
        company = self.lookup(surface)
        return company is not None and company.kind in ACTOR_KINDS

    def is_ambiguous(self, form: str) -> bool:
        """True when this exact surface form is also an ordinary word (``ambiguous`` column).

        Such forms should only be matched case-sensitively (``"Writer"``, not ``"writer"``).
        """
        company = self.lookup(form)
        if company is None:
            return False
        key = fold(form)
        return any(fold(a) == key for a in _split(company.extra.get("ambiguous")))

    def surface_forms(self) -> Iterator[tuple[str, Company]]:
        """Every name, alias, epithet (with and without "the") and ticker with its row."""
        for company in self.companies:
            seen: set[str] = set()
            for form in _forms(company):
                if form not in seen:
                    seen.add(form)
                    yield form, company


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


def _row_to_company(row: dict[str, str | None]) -> Company:
    """One CSV row → ``Company``; raises ``ValueError("what; how to fix")``."""
    cells = {k: (v or "").strip() for k, v in row.items()}
    name = cells["name"]
    if not name:
        raise ValueError("empty name; every row needs a canonical company name")
    if not fold(name):
        raise ValueError(f"name {name!r} has no letters or digits; use a real company name")
    qid = cells["qid"] or None
    if qid is not None and not _QID.fullmatch(qid):
        raise ValueError(f"bad Wikidata QID {qid!r} for {name!r}; write it as Q followed by digits, or leave it empty")
    kind = cells["kind"] or "company"
    if kind not in KINDS:
        raise ValueError(f"bad kind {kind!r} for {name!r}; use one of {', '.join(sorted(KINDS))}")
    sector = cells["sector"] or None
    if sector is not None and sector not in SECTORS:
        raise ValueError(f"bad sector {sector!r} for {name!r}; use one of {', '.join(sorted(SECTORS))}")
    country = cells["country"] or None
    if country is not None and not _COUNTRY.fullmatch(country):
        raise ValueError(f"bad country {country!r} for {name!r}; use an ISO 3166 alpha-2 code such as US")
    parent = cells["parent"] or None
    if parent is not None and fold(parent) == fold(name):
        raise ValueError(f"{name!r} names itself as parent; leave parent empty")
    extra = {k: v for k, v in cells.items() if k not in COLUMNS and k != "source" and v}
    company = Company(
        name=name,
        aliases=_split(cells["aliases"]),
        epithets=_split(cells["epithets"]),
        tickers=_split(cells["tickers"]),
        qid=qid,
        sector=sector,
        country=country,
        parent=parent,
        kind=kind,
        source=cells.get("source") or None,
        extra=extra,
    )
    forms = {fold(f) for f in _forms(company)}
    for form in _split(extra.get("ambiguous")):
        if fold(form) not in forms:
            raise ValueError(
                f"ambiguous form {form!r} is not a name, alias, epithet or ticker of {name!r}; "
                "list only the row's own surface forms there"
            )
    return company


def parse_gazetteer(text: str, path: str = "<companies.csv>") -> Gazetteer:
    """Parse gazetteer CSV text; every problem raises ``InputError(path, "line N: …")``."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            path,
            f"line 1: missing column(s) {', '.join(missing)}; the header must list {','.join(COLUMNS)}",
        )
    companies: list[Company] = []
    lines: dict[str, int] = {}
    name_lines: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            raise InputError(path, f"line {line}: more cells than columns; quote a cell that contains a comma")
        try:
            company = _row_to_company(row)
        except ValueError as e:
            raise InputError(path, f"line {line}: {e}") from e
        key = fold(company.name)
        if key in name_lines:
            first = name_lines[key]
            raise InputError(
                path,
                f"line {line}: duplicate company {company.name!r} (first on line {first}); merge the two rows into one",
            )
        for form in _forms(company):
            form_key = fold(form)
            other = owner.get(form_key)
            if other is not None and other[0] != company.name:
                raise InputError(
                    path,
                    f"line {line}: {form!r} of {company.name!r} is already a name, alias, epithet "
                    f"or ticker of {other[0]!r} (line {other[1]}); keep it on one row only",
                )
            owner.setdefault(form_key, (company.name, line))
        lines[company.name] = line
        name_lines[key] = line
        companies.append(company)
    _check_parents(companies, lines, path)
    return Gazetteer(tuple(companies))


def _check_parents(companies: list[Company], lines: dict[str, int], path: str) -> None:
    """Every parent is a row, and no parent chain loops."""
    parents = {c.name: c.parent for c in companies}
    for company in companies:
        if company.parent is not None and company.parent not in lines:
            raise InputError(
                path,
                f"line {lines[company.name]}: parent {company.parent!r} of {company.name!r} is not a "
                "row; add a row for it or fix the spelling (parents are canonical names)",
            )
        seen, current = {company.name}, company.parent
        while current is not None:
            if current in seen:
                raise InputError(
                    path,
                    f"line {lines[company.name]}: the parent chain of {company.name!r} loops back to "
                    f"{current!r}; a unit's parent must be a company without that unit above it",
                )
            seen.add(current)
            current = parents.get(current)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Gazetteer:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read the company gazetteer ({e}); check the path and that it is UTF-8") from e
    return parse_gazetteer(text, path)


def load_gazetteer(path: Path | str) -> Gazetteer:
    """Load ``companies.csv``; cached per (path, modification time, size)."""
    p = Path(path)
    try:
        stat = p.stat()
    except OSError as e:
        raise InputError(str(p), f"cannot read the company gazetteer ({e}); check the path or set $KG_COMPANIES") from e
    return _load_cached(str(p.resolve()), stat.st_mtime_ns, stat.st_size)
