"""Extraction round 2: general patterns, each on sentences written for the test (real model).

Kind from the trigger's object, one deal per pair for supply, deals that go on, held stakes,
alternatives not taken, pronoun subjects, definite deal references, MOUs about a known kind,
"its partnerships with ...", investing in assets, and companies reporting results.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.events import extract_events
from kg.records import Article, EventCandidate

PUBLISHED = dt.date(2025, 3, 14)

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run(nlp_and_gazetteer):  # type: ignore[no-untyped-def]
    nlp, gazetteer = nlp_and_gazetteer

    def events(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
        article = Article(key="t", text=text, path="t.md", published=PUBLISHED)
        found: list[EventCandidate] = extract_events(nlp(text), article, gazetteer)
        return [(e.kind.value, e.status.value, e.party_names) for e in found]

    return events


def test_buying_a_company_is_an_acquisition_even_with_products_nearby(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("Salesforce agreed to buy Informatica, whose data tools feed its AI agents, for $8 billion.")
    assert ("acquisition", "announced", ("Informatica", "Salesforce")) in rows
    assert not any(kind == "supply" for kind, _, _ in rows)


def test_coordinated_suppliers_make_one_supply_deal_each(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("Samsung and SK Hynix will supply memory chips to OpenAI under the agreements.")
    assert ("supply", "announced", ("OpenAI", "Samsung")) in rows
    assert ("supply", "announced", ("OpenAI", "SK Hynix")) in rows
    assert not any(len(parties) > 2 for _, _, parties in rows)


def test_a_deal_that_goes_on_is_in_place(run) -> None:  # type: ignore[no-untyped-def]
    assert ("licensing", "signed", ("Arm", "Nvidia")) in run(
        "Nvidia will keep its licence to Arm's technology, the company said."
    )
    assert ("supply", "signed", ("Microsoft", "OpenAI")) in run("Azure will remain OpenAI's exclusive cloud provider.")


def test_investors_named_as_holders_have_completed_stakes_one_per_holder(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Anthropic's investors include Amazon and Google.") == [
        ("investment", "completed", ("Amazon", "Anthropic")),
        ("investment", "completed", ("Anthropic", "Google")),
    ]


def test_bare_investors_are_no_stake(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Snowflake is trying to convince investors that it can profit from generative AI.") == []


def test_the_alternative_not_taken_is_no_deal(run) -> None:  # type: ignore[no-untyped-def]
    rows = run(
        "Taking a minority stake rather than buying Figma outright may help Adobe avoid a lengthy review, analysts said."
    )
    assert not any(kind == "acquisition" for kind, _, _ in rows)


def test_it_as_subject_is_the_company_of_the_previous_sentence(run) -> None:  # type: ignore[no-untyped-def]
    rows = run(
        "Snowflake reported higher revenue on Wednesday. It agreed last month to buy Informatica for an undisclosed sum."
    )
    assert ("acquisition", "announced", ("Informatica", "Snowflake")) in rows


def test_a_definite_takeover_takes_the_told_deal_not_other_clauses(run) -> None:  # type: ignore[no-untyped-def]
    rows = run(
        "HPE agreed to acquire Juniper Networks in January. The Justice Department sued to stop the takeover, "
        "arguing that it would leave Cisco with less competition."
    )
    assert ("acquisition", "blocked", ("HPE", "Juniper Networks")) in rows
    assert not any("Cisco" in parties for _, _, parties in rows)


def test_an_mou_about_a_partnership_is_that_partnership_non_binding(run) -> None:  # type: ignore[no-untyped-def]
    rows = run(
        "Microsoft and OpenAI signed a non-binding memorandum of understanding for the next phase of their partnership."
    )
    assert rows == [("partnership", "non_binding", ("Microsoft", "OpenAI"))]


def test_its_existing_partnerships_pair_the_subject_with_each_partner(run) -> None:  # type: ignore[no-untyped-def]
    rows = run(
        "Databricks will continue to sell its software through its existing partnerships with Microsoft, Amazon and Google."
    )
    assert sorted(rows) == [
        ("partnership", "signed", ("Amazon", "Databricks")),
        ("partnership", "signed", ("Databricks", "Google")),
        ("partnership", "signed", ("Databricks", "Microsoft")),
    ]


def test_investing_in_assets_is_no_investment(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("The venture plans to invest $500 billion in data centers, according to SoftBank and OpenAI.")
    assert rows == []


def test_according_to_is_no_accord(run) -> None:  # type: ignore[no-untyped-def]
    assert run("According to Reuters, Nvidia sells chips to many companies.") == []


def test_a_deal_dated_well_before_publication_is_in_place(run) -> None:  # type: ignore[no-untyped-def]
    # no stage word and no finite verb: the date is all that says the purchase is done
    assert ("acquisition", "completed", ("Mellanox", "Nvidia")) in run(
        "After buying Mellanox in 2020, Nvidia moved into networking."
    )
    # the same shape dated this week is the news itself
    assert ("acquisition", "announced", ("Mellanox", "Nvidia")) in run(
        "After buying Mellanox this week, Nvidia moved into networking."
    )


def test_a_deal_others_act_under_is_in_force_unless_proposed(run) -> None:  # type: ignore[no-untyped-def]
    assert ("partnership", "signed", ("Microsoft", "OpenAI")) in run(
        "Under its agreement with Microsoft, OpenAI pays a share of its revenue."
    )
    rows = run("Under the proposed merger with SpaceX, shares of xAI would be exchanged for SpaceX stock.")
    assert not any(status in {"signed", "completed"} for _, status, _ in rows)


def test_a_relationship_going_on_for_years_is_signed(run) -> None:  # type: ignore[no-untyped-def]
    assert ("supply", "signed", ("Microsoft", "Nvidia")) in run(
        "Nvidia has been supplying GPUs to Microsoft for years."
    )


def test_a_product_model_code_is_no_party(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("SK Hynix and Nvidia agreed a supply deal for HBM4 memory.")
    assert rows and all(set(parties) <= {"Nvidia", "SK Hynix"} for _, _, parties in rows)


def test_a_priced_deal_with_a_capacity_seller_is_supply(run) -> None:  # type: ignore[no-untyped-def]
    # the parser hangs "worth" on the company; the sum is still the deal's
    assert ("supply", "signed", ("CoreWeave", "OpenAI")) in run(
        "OpenAI signed a deal with CoreWeave worth $11.9 billion over five years."
    )
    # a chip maker's priced deal says nothing of its kind, and a company's own worth is no price
    assert not any(kind == "supply" for kind, _, _ in run("Nvidia is worth $4 trillion after its deal with OpenAI."))


def test_the_kind_word_before_a_deal_noun_names_its_kind(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("Perplexity signed content licensing agreements with Le Monde and Gannett.")
    assert ("licensing", "signed", ("Le Monde", "Perplexity")) in rows
    assert ("licensing", "signed", ("Gannett", "Perplexity")) in rows
    assert not any(kind == "partnership" for kind, _, _ in rows)


def test_companies_that_combine_merge_things_combined_do_not(run) -> None:  # type: ignore[no-untyped-def]
    assert ("merger", "announced", ("Ansys", "Synopsys")) in run(
        "Synopsys and Ansys agreed to combine in a $35 billion deal."
    )
    assert not any(kind == "merger" for kind, _, _ in run("Google will combine Gemini with Search."))
    assert not any(
        kind == "merger"
        for kind, _, _ in run("Informatica's data services will be combined with Salesforce's Data Cloud and Tableau.")
    )


def test_manufacturing_a_customers_chips_under_contract_is_supply(run) -> None:  # type: ignore[no-untyped-def]
    assert ("supply", "announced", ("Samsung", "Tesla")) in run(
        "Samsung will manufacture Tesla's AI6 chips under a $16.5 billion contract."
    )


def test_a_deal_made_known_long_ago_stays_announced(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("Anthropic named Amazon Web Services its primary cloud provider in 2023.")
    assert rows and all(status == "announced" for _, status, _ in rows)


def test_listed_backers_each_hold_a_stake_joint_investors_one(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Databricks, backed by Microsoft, Amazon and Google, is valued at $100 billion.") == [
        ("investment", "completed", ("Databricks", "Microsoft")),
        ("investment", "completed", ("Amazon", "Databricks")),
        ("investment", "completed", ("Databricks", "Google")),
    ]
    rows = run("Figure AI raised $1 billion from investors including Brookfield, Nvidia and Intel Capital.")
    assert {parties for _, _, parties in rows} == {
        ("Brookfield", "Figure AI"),
        ("Figure AI", "Nvidia"),
        ("Figure AI", "Intel"),
    }
    # the subject investing together is one joint stake
    assert run("Microsoft and Nvidia will invest as much as $15 billion in Anthropic.") == [
        ("investment", "announced", ("Anthropic", "Microsoft", "Nvidia"))
    ]


def test_partnering_with_a_list_is_a_tie_with_each_one_project_stays_one(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("OpenAI is partnering with Broadcom, AMD and Nvidia on chips.")
    assert {parties for _, _, parties in rows} == {("Broadcom", "OpenAI"), ("AMD", "OpenAI"), ("Nvidia", "OpenAI")}
    rows = run("Shares of Oracle, a partner with OpenAI, SoftBank and Microsoft on the Stargate project, rose 5%.")
    assert any(len(parties) == 4 for _, _, parties in rows)


def test_a_share_held_in_a_company_is_a_stake(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Google owns about 14% of Anthropic.") == [("investment", "completed", ("Anthropic", "Google"))]
    assert run("Nvidia owns 80% of the market for AI chips.") == []


def test_companies_acting_together_are_partners(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Kakao and OpenAI agreed to develop AI products together.") == [
        ("partnership", "announced", ("Kakao", "OpenAI"))
    ]
    assert run("Nvidia and AMD both develop GPUs.") == []


def test_companies_added_to_the_gazetteer_are_parties(run) -> None:  # type: ignore[no-untyped-def]
    assert ("partnership", "signed", ("Eni", "Microsoft")) in run("Eni signed a partnership with Microsoft.")


def test_companies_building_one_facility_are_partners(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Microsoft and G42 will build a data centre in Kenya.") == [
        ("partnership", "announced", ("G42", "Microsoft"))
    ]
    assert run("Google and Amazon build data centers.") == []  # each its own


def test_a_name_in_lower_case_inside_a_word_is_no_company(run) -> None:  # type: ignore[no-untyped-def]
    assert run("AMD and Sanmina announced a strategic partnership for rack-scale AI infrastructure.") == [
        ("partnership", "announced", ("AMD", "Sanmina"))
    ]
    # a company's own lower-case styling still matches
    assert ("supply", "announced", ("OpenAI", "SK Hynix")) in run("SK hynix will supply memory chips to OpenAI.")


def test_buying_electricity_is_supply(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Amazon agreed to buy electricity from Talen Energy's nuclear plant for 17 years.") == [
        ("supply", "announced", ("Amazon", "Talen Energy"))
    ]


def test_a_short_name_with_a_legal_form_is_a_company(run) -> None:  # type: ignore[no-untyped-def]
    assert ("partnership", "announced", ("FPT", "Nvidia")) in run(
        "Vietnam's FPT Corporation and Nvidia agreed to build an AI factory in Vietnam."
    )


def test_funding_received_from_a_company_is_a_stake_without_a_sum(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Zhipu AI received funding from Prosperity7.") == [
        ("investment", "completed", ("Prosperity7 Ventures", "Zhipu AI"))
    ]
    # commitments from a board are no funding
    assert not any(k == "investment" for k, _, _ in run("The bid has commitments from Darktrace's board."))


def test_a_deal_made_to_buy_is_not_yet_a_completed_purchase(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Cisco sealed a deal to buy Splunk for $28 billion.") == [
        ("acquisition", "announced", ("Cisco", "Splunk"))
    ]


def test_talks_about_capacity_are_supply_talks(run) -> None:  # type: ignore[no-untyped-def]
    assert run("OpenAI is reportedly in discussions with Oracle about more capacity.") == [
        ("supply", "negotiating", ("OpenAI", "Oracle"))
    ]


def test_a_letter_in_a_side_clause_binds_no_other_deal(run) -> None:  # type: ignore[no-untyped-def]
    rows = run(
        "Samsung, which signed a memorandum of understanding with OpenAI last month, will supply memory chips to Nvidia."
    )
    assert ("supply", "announced", ("Nvidia", "Samsung")) in rows
    assert ("mou", "non_binding", ("OpenAI", "Samsung")) in rows


def test_tapping_a_company_for_supplies_is_supply_but_not_for_a_person(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Anthropic has tapped Google for up to one million TPUs.") == [
        ("supply", "announced", ("Anthropic", "Google"))
    ]
    assert run("Microsoft tapped Sam Altman for a new role.") == []


def test_deals_for_someones_content_are_licences(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Condé Nast entered a multiyear partnership with OpenAI to display its content in ChatGPT.") == [
        ("licensing", "signed", ("Condé Nast", "OpenAI"))
    ]
    assert run("Amazon agreed to pay The New York Times $20 million a year to use its content in AI products.") == [
        ("licensing", "announced", ("Amazon", "The New York Times"))
    ]
    # a partnership to build data centers is no licence
    assert not any(
        k == "licensing" for k, _, _ in run("Microsoft and G42 announced a partnership to build data centers.")
    )


def test_a_dotted_company_name_is_one_token_and_no_sentence_end(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Google will pay Character.AI for a non-exclusive license to its technology.") == [
        ("licensing", "announced", ("Character.AI", "Google"))
    ]


def test_companies_founding_one_company_make_a_joint_venture(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Sony and Honda established a new company in 2022.") == [("joint_venture", "signed", ("Honda", "Sony"))]
    assert run("Microsoft and Google each set up new companies.") == []


def test_co_subjects_of_a_directed_deal_are_no_deal_with_each_other(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Nvidia and Samsung are also investing.") == []
    assert run("Samsung and SK Hynix will supply memory chips.") == []
    # a symmetric deal's co-subjects are its parties
    assert [(k, p) for k, _, p in run("Microsoft and OpenAI partnered on supercomputers.")] == [
        ("partnership", ("Microsoft", "OpenAI"))
    ]


def test_a_bare_deal_with_a_cloud_business_buys_capacity(run) -> None:  # type: ignore[no-untyped-def]
    assert run("OpenAI has signed a $38 billion deal with Amazon Web Services, the companies said.") == [
        ("supply", "signed", ("Amazon", "OpenAI"))
    ]
    assert run("OpenAI signed a deal with Amazon.") == [("partnership", "signed", ("Amazon", "OpenAI"))]


def test_a_deal_a_news_outlet_reports_is_rumored(run) -> None:  # type: ignore[no-untyped-def]
    assert run("OpenAI was working with Broadcom to build its first chip, Reuters reported last year.") == [
        ("partnership", "rumored", ("Broadcom", "OpenAI"))
    ]
    assert run("The move follows a Financial Times report that OpenAI is working with Broadcom to develop chips.") == [
        ("partnership", "rumored", ("Broadcom", "OpenAI"))
    ]
    assert run("Samsung is believed to be supplying HBM chips to Nvidia.") == [
        ("supply", "rumored", ("Nvidia", "Samsung"))
    ]
    # a company reporting its own results reports no rumour
    assert ("supply", "rumored", ("Nvidia", "OpenAI")) not in run(
        "Nvidia reported record revenue after it agreed to supply chips to OpenAI."
    )


def test_owned_companies_and_subsidiaries_are_held_stakes(run) -> None:  # type: ignore[no-untyped-def]
    assert run("SoftBank-owned Arm rose 3%.") == [("investment", "completed", ("Arm", "SoftBank"))]
    assert run("Arm, which is majority-owned by SoftBank, reported results.") == [
        ("investment", "completed", ("Arm", "SoftBank"))
    ]
    assert run("Humain, a subsidiary of the Public Investment Fund, signed the deal.") == [
        ("investment", "completed", ("Humain", "Public Investment Fund"))
    ]
    assert run("Nvidia owned the market for AI chips.") == []


def test_selling_a_company_or_a_unit_to_a_company_is_its_acquisition(run) -> None:  # type: ignore[no-untyped-def]
    assert run("The chipmaker agreed to sell Altera to Silver Lake.") == [
        ("acquisition", "announced", ("Altera", "Silver Lake"))
    ]
    assert run("Intel sold its networking unit to Nokia.") == [("acquisition", "completed", ("Intel", "Nokia"))]
    assert run("Thoma Bravo will take Darktrace private in a $5.3 billion deal.") == [
        ("acquisition", "announced", ("Darktrace", "Thoma Bravo"))
    ]
    assert run("Nvidia will sell chips to Microsoft.") == [("supply", "announced", ("Microsoft", "Nvidia"))]


def test_the_subject_of_a_side_clause_is_no_party(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Cognition snapped up Windsurf weeks after Google hired its founders.") == [
        ("acquisition", "completed", ("Cognition", "Windsurf"))
    ]


def test_rights_to_a_companys_technology_are_a_licence(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Microsoft retains rights to OpenAI's intellectual property until 2032.") == [
        ("licensing", "signed", ("Microsoft", "OpenAI"))
    ]
    assert run("Users get access to OpenAI's models through Azure.") == []
