"""Wire datelines: where the story after "CITY (Agency) —" begins, and only for a real dateline.
Whether a dateline's agency is a party is a sentence case (``fixtures/extract/parties.jsonl``)."""

from __future__ import annotations

import pytest

from kg.config import load_settings
from kg.resolve.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(load_settings(env={}).companies_csv)


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("PARIS (AP) — Microsoft has struck a deal", "Microsoft has struck a deal"),
        ("SEOUL, Oct 2 - Samsung signed", "Samsung signed"),
        ("SAN JOSE, Calif., March 4, 2025 /PRNewswire/ -- Cisco today", "Cisco today"),
        ("SEATTLE--(BUSINESS WIRE)--Nov. 22, 2024-- Amazon today", "Amazon today"),
        ("LONDON (Reuters) - Britain's regulator", "Britain's regulator"),
        ("PARIS and BERLIN, 20 September 2021 – Opsora and Datenwerk", "Opsora and Datenwerk"),
        ("IBM and SAP - the two companies", "IBM and SAP - the two companies"),
        ("Microsoft and OpenAI - the two companies", "Microsoft and OpenAI - the two companies"),
        ("IBM - the company said", "IBM - the company said"),
        ("NEW YORK--(BUSINESS WIRE)--Vellum Labs today", "Vellum Labs today"),
        ("*Illustrative article.*\n\nSEOUL, Oct 2 - Samsung signed", "Samsung signed"),
        ("By Jane Doe\nSEATTLE (Reuters) - Amazon said", "Amazon said"),
        ("Samsung and KT sign a pact\n\nThe deal - the first", "Samsung and KT sign a pact\n\nThe deal - the first"),
        ("Abu Dhabi: Emirati telecom group e& signed", "Emirati telecom group e& signed"),
        ("NEW DELHI: Reliance said", "Reliance said"),
        ("Nvidia: the chipmaker said", "Nvidia: the chipmaker said"),  # a company, not a place
        ("Update: Samsung signed", "Update: Samsung signed"),
    ],
)
def test_a_wire_dateline_is_found_and_only_a_dateline(gazetteer: Gazetteer, text: str, rest: str) -> None:
    from kg.extract.parties import dateline_span

    assert text[dateline_span(text, gazetteer)[1] :] == rest
