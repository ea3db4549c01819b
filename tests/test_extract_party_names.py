"""The party-name cleanup's examples (doctests of ``kg.extract.parties``)."""

import doctest

from kg.extract import parties


def test_party_name_doctests_pass() -> None:
    result = doctest.testmod(parties)
    assert result.attempted >= 3
    assert result.failed == 0
