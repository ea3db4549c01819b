"""The company gazetteer: the real data/companies.csv, the guideline's mappings, and every error."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import DEV, needs_shared

from kg.config import PROJECT_ROOT
from kg.errors import InputError
from kg.records import Company
from kg.resolve.gazetteer import COLUMNS, KINDS, SECTORS, Gazetteer, load_gazetteer, parse_gazetteer
from kg.resolve.names import fold

CSV_PATH = PROJECT_ROOT / "data" / "companies.csv"
GOLD = DEV / "gold.jsonl"
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(CSV_PATH)


def test_every_row_loads_and_there_are_at_least_300(gaz: Gazetteer) -> None:
    with CSV_PATH.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(gaz) == len(rows) >= 300
    assert all(isinstance(c, Company) for c in gaz.companies)
    assert [c.name for c in gaz.companies] == [r["name"].strip() for r in rows]
    assert sum(1 for c in gaz.companies if c.kind == "company") >= 300


def test_rows_are_well_formed(gaz: Gazetteer) -> None:
    for c in gaz.companies:
        assert c.kind in KINDS and c.sector in SECTORS, c
        assert c.country is None or re.fullmatch(r"[A-Z]{2}", c.country), c
        assert c.qid is None or re.fullmatch(r"Q[1-9]\d*", c.qid), c
        if c.kind != "company":
            assert c.parent is None and c.sector in {"regulator", "government"}, c


def test_every_row_has_a_source(gaz: Gazetteer) -> None:
    """Each row says where its facts come from: its Wikidata page, an official site, or a note."""
    for c in gaz.companies:
        assert c.source and c.source.strip() == c.source, c.name
        assert "source" not in c.extra, c.name
        if c.qid is not None:
            assert c.source == f"https://www.wikidata.org/wiki/{c.qid}", c.name
        elif c.source.startswith("http"):
            assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", c.source), c.name
            assert "wikidata" not in c.source, c.name  # a Wikidata page needs the row's qid


def test_source_column_is_read_and_optional() -> None:
    with_source = parse_gazetteer(
        HEADER + ",ambiguous,source\nAcme,,,,,other,US,,company,,https://acme.example\n"
        "Beta,,,,,other,US,,company,, project curation \n"
    )
    acme, beta = with_source.companies
    assert acme.source == "https://acme.example" and acme.extra == {}
    assert beta.source == "project curation"
    without = parse_gazetteer(HEADER + "\nAcme,,,,,other,US,,company\n")
    assert without.companies[0].source is None


def test_no_bare_common_words_or_single_letters_as_aliases(gaz: Gazetteer) -> None:
    banned = {"ai", "open", "x", "the", "group", "company", "capital", "ventures", "labs"}
    for form, company in gaz.surface_forms():
        assert fold(form) not in banned, (form, company.name)
        assert len(fold(form)) >= 2, (form, company.name)


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("AWS", "Amazon"),
        ("Amazon Web Services", "Amazon"),
        ("Azure", "Microsoft"),
        ("Microsoft Azure", "Microsoft"),
        ("GitHub", "Microsoft"),
        ("Microsoft Corp.", "Microsoft"),
        ("Google Cloud", "Google"),
        ("Google DeepMind", "Google"),
        ("DeepMind", "Google"),
        ("Alphabet", "Google"),
        ("Alphabet Inc.", "Google"),
        ("SoftBank Group", "SoftBank"),
        ("SoftBank Corp.", "SoftBank"),
        ("SoftBank Group Corp.", "SoftBank"),
        ("Samsung Electronics", "Samsung"),
        ("SK Hynix", "SK Hynix"),
        ("SK Group", "SK Group"),
        ("Meta Platforms", "Meta"),
        ("Facebook", "Meta"),
        ("the ChatGPT maker", "OpenAI"),
        ("ChatGPT maker", "OpenAI"),
        ("The ChatGPT developer", "OpenAI"),
        ("OpenAI, Inc.", "OpenAI"),
        ("the Claude maker", "Anthropic"),
        ("the iPhone maker", "Apple"),
        ("Nvidia's", "Nvidia"),
        ("NVIDIA Corporation", "Nvidia"),
        ("NVDA", "Nvidia"),
        ("NASDAQ:MSFT", "Microsoft"),
        ("Character.AI", "Character.AI"),
        ("Character AI", "Character.AI"),
        ("Codeium", "Windsurf"),
        ("Cursor", "Anysphere"),
        ("a16z", "Andreessen Horowitz"),
        ("CPP Investments", "Canada Pension Plan Investment Board"),
        ("KDB", "Korea Development Bank"),
        ("Twitter", "X Corp"),
        ("io", "io"),
        ("Stargate", "Stargate"),
        ("Justice Department", "Department of Justice"),
        ("U.S. Commerce Department", "Commerce Department"),
        ("HiSilicon", "Huawei"),
        ("T-Head", "Alibaba"),
        ("Habana Labs", "Intel"),
        ("NVentures", "Nvidia"),
        ("T-Systems", "Deutsche Telekom"),
        ("Samsung Foundry", "Samsung"),
        ("Samsung SDS", "Samsung SDS"),
        ("Sequoia China", "HongShan"),
        ("Yangtze Memory Technologies", "YMTC"),
        ("United Microelectronics Corp.", "UMC"),
        ("Bharti Airtel", "Bharti Airtel"),
        ("e& Group", "Etisalat"),
    ],
)
def test_required_mappings(gaz: Gazetteer, surface: str, canonical: str) -> None:
    assert gaz.canonical(surface) == canonical


def test_units_know_their_own_name(gaz: Gazetteer) -> None:
    assert gaz.unit_of("AWS") == "AWS"
    assert gaz.unit_of("Amazon Web Services") == "AWS"
    assert gaz.unit_of("DeepMind") == "Google DeepMind"
    assert gaz.unit_of("Amazon") is None
    assert gaz.unit_of("Samsung Electronics") is None  # an alias, not a unit
    assert gaz.unit_of("nothing like this") is None


def test_lookup_get_and_unknown(gaz: Gazetteer) -> None:
    openai = gaz.get("OpenAI")
    assert openai is not None and openai.qid == "Q21708200" and openai.sector == "ai_lab"
    assert gaz.lookup("the ChatGPT maker") is openai
    assert gaz.get("openai") is openai  # folded canonical name
    assert gaz.get("ChatGPT maker") is None  # get() is by canonical name only
    assert gaz.lookup("Acme Widgets of Nowhere") is None
    assert gaz.canonical("Acme Widgets of Nowhere") is None
    for name, qid in {"Microsoft": "Q2283", "Google": "Q95", "Apple": "Q312", "Amazon": "Q3884",
                      "IBM": "Q37156", "Intel": "Q248", "Nvidia": "Q182477", "Meta": "Q380",
                      "Oracle": "Q19900"}.items():  # fmt: skip
        company = gaz.get(name)
        assert company is not None and company.qid == qid


@pytest.mark.parametrize("surface", ["FTC", "Federal Trade Commission", "DOJ", "CMA", "European Commission",
                                     "EU antitrust regulators", "SEC", "Bundeskartellamt", "SAMR", "CFIUS",
                                     "US government", "Commerce Department", "Korea's science ministry"])  # fmt: skip
def test_regulators_and_governments_are_actor_only(gaz: Gazetteer, surface: str) -> None:
    assert gaz.is_actor_only(surface)


@pytest.mark.parametrize("surface", ["OpenAI", "AWS", "SoftBank", "Stargate", "Korea Development Bank", "unknown co"])
def test_companies_are_not_actor_only(gaz: Gazetteer, surface: str) -> None:
    assert not gaz.is_actor_only(surface)


@pytest.mark.gold
@needs_shared
def test_gold_party_names_are_canonical(gaz: Gazetteer) -> None:
    """Every party of the dev gold set that the gazetteer knows is its canonical name (the
    events CSV must name companies as the annotators do), and nearly all are known."""
    parties = {p for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
               for e in json.loads(line)["events"] for p in e["parties"]}  # fmt: skip
    assert len(parties) >= 60
    known = {p: gaz.canonical(p) for p in parties if gaz.canonical(p) is not None}
    assert {p: c for p, c in known.items() if c != p} == {}
    assert len(known) >= 0.95 * len(parties), sorted(parties - set(known))


def test_surface_forms_cover_every_form_once(gaz: Gazetteer) -> None:
    forms = list(gaz.surface_forms())
    assert len(forms) == len(set(forms))
    by_form = {f: c.name for f, c in forms}
    assert by_form["AWS"] == "AWS" and by_form["Amazon Web Services"] == "AWS"
    assert by_form["the ChatGPT maker"] == "OpenAI" and by_form["ChatGPT maker"] == "OpenAI"
    assert by_form["MSFT"] == "Microsoft"
    for form, company in forms:  # every form resolves back to its own row
        assert gaz.lookup(form) is company, form


def test_ambiguous_forms(gaz: Gazetteer) -> None:
    assert gaz.is_ambiguous("Cursor") and gaz.is_ambiguous("Writer")
    assert gaz.is_ambiguous("Stack Overflow") and gaz.is_ambiguous("Analog Devices")
    assert not gaz.is_ambiguous("Anysphere") and not gaz.is_ambiguous("OpenAI")
    assert not gaz.is_ambiguous("no such company")


def test_load_is_cached_and_reloads_after_change(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(HEADER + "\nAcme,,,,,other,US,,company\n", encoding="utf-8")
    first = load_gazetteer(path)
    assert load_gazetteer(path) is first
    path.write_text(HEADER + "\nAcme,,,,,other,US,,company\nBeta Corp,,,,,other,US,,company\n", encoding="utf-8")
    second = load_gazetteer(path)
    assert second is not first and second.canonical("beta") == "Beta Corp"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "companies.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _problem(tmp_path: Path, text: str) -> str:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_gazetteer(path)
    assert info.value.path == str(path.resolve())
    return info.value.problem


def test_error_missing_column(tmp_path: Path) -> None:
    problem = _problem(tmp_path, "name,aliases,tickers\nAcme,,\n")
    assert problem.startswith("line 1: missing column(s) epithets, qid")
    assert HEADER in problem


def test_error_empty_name(tmp_path: Path) -> None:
    problem = _problem(tmp_path, HEADER + "\nAcme,,,,,other,US,,company\n ,x,,,,other,US,,company\n")
    assert problem.startswith("line 3: empty name")


def test_error_duplicate_canonical_name(tmp_path: Path) -> None:
    text = HEADER + "\nAcme,,,,,other,US,,company\nBeta,,,,,other,US,,company\nAcme Inc.,,,,,other,US,,company\n"
    problem = _problem(tmp_path, text)
    assert problem.startswith("line 4: duplicate company 'Acme Inc.' (first on line 2)")
    assert "merge" in problem


def test_error_alias_claimed_twice(tmp_path: Path) -> None:
    text = HEADER + "\nAcme,Roadrunner Co,,,,other,US,,company\nBeta,roadrunner,,,,other,US,,company\n"
    problem = _problem(tmp_path, text)
    assert problem.startswith("line 3: 'roadrunner' of 'Beta' is already")
    assert "'Acme' (line 2)" in problem and "one row only" in problem


def test_error_unknown_parent(tmp_path: Path) -> None:
    text = HEADER + "\nAcme,,,,,other,US,,company\nAcme Cloud,,,,,cloud,US,Acme Corp Global,company\n"
    problem = _problem(tmp_path, text)
    assert problem.startswith("line 3: parent 'Acme Corp Global' of 'Acme Cloud' is not a row")


def test_error_bad_qid(tmp_path: Path) -> None:
    problem = _problem(tmp_path, HEADER + "\nAcme,,,,Q12x,other,US,,company\n")
    assert problem.startswith("line 2: bad Wikidata QID 'Q12x'")


@pytest.mark.parametrize(
    ("row", "start"),
    [
        ("Acme,,,,,widgets,US,,company", "line 2: bad sector 'widgets'"),
        ("Acme,,,,,other,USA,,company", "line 2: bad country 'USA'"),
        ("Acme,,,,,other,US,,person", "line 2: bad kind 'person'"),
        ("Acme,,,,,other,US,Acme,company", "line 2: 'Acme' names itself as parent"),
        ("Acme,,,,,other,US,,company,,extra", "line 2: more cells than columns"),
        ('"Acme, the",,,,,other,US,,company,Widget', "line 2: ambiguous form 'Widget'"),
    ],
)
def test_error_other_bad_cells(tmp_path: Path, row: str, start: str) -> None:
    header = HEADER + (",ambiguous" if row.endswith("Widget") else "")
    assert _problem(tmp_path, header + "\n" + row + "\n").startswith(start)


def test_error_line_numbers_count_quoted_newlines() -> None:
    text = HEADER + '\n"Acme",,"the road\nrunner maker",,,other,US,,company\nBeta,,,,Qx,other,US,,company\n'
    with pytest.raises(InputError, match=r"line 4: bad Wikidata QID"):
        parse_gazetteer(text, "mem.csv")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the company gazetteer"):
        load_gazetteer(tmp_path / "nope.csv")


def test_error_parent_loop(tmp_path: Path) -> None:
    text = HEADER + "\nAcme,,,,,other,US,Acme Cloud,company\nAcme Cloud,,,,,cloud,US,Acme,company\n"
    problem = _problem(tmp_path, text)
    assert problem.startswith("line 2: the parent chain of 'Acme' loops back to 'Acme'")


def test_cells_may_hold_unicode_line_separators() -> None:
    gaz = parse_gazetteer(
        HEADER + '\n"Acme",,"the road\u2028runner maker",,,other,US,,company\nBeta,,,,,other,US,,company\n'
    )
    assert [c.name for c in gaz.companies] == ["Acme", "Beta"]
