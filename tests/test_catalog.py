"""The criteria catalog: which ids exist, what text names them, and what an unknown id meant."""

from __future__ import annotations

import pytest

from soclint.catalog import Catalog
from soclint.pack import load_pack


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_pack().catalog


def _named(catalog: Catalog, text: str) -> list[tuple[str, str, int]]:
    return [(m.criterion, m.written, m.start) for m in catalog.mentions(text)]


def test_a_range_names_each_criterion_from_its_first_to_its_last(catalog: Catalog) -> None:
    assert _named(catalog, "as CC6.1–CC6.3 say") == [
        ("CC6.1", "CC6.1", 3),
        ("CC6.2", "CC6.1–CC6.3", 3),
        ("CC6.3", "CC6.1–CC6.3", 3),
        ("CC6.3", "CC6.3", 9),
    ]
    for joined in ("CC6.1-CC6.3", "CC6.1 - CC6.3", "CC6.1—6.3", "CC6.1 to CC6.3"):
        assert [c for c, _, _ in _named(catalog, joined)][:3] == ["CC6.1", "CC6.2", "CC6.3"]


def test_the_criteria_a_text_names_are_those_of_its_mentions(catalog: Catalog) -> None:
    text = "CC6.1–CC6.3, CC6.1 and CC9.1-CC9.9; " * 1_000 + "TLS1.2, CC1.0, P8.1"
    named = {"CC6.1", "CC6.2", "CC6.3", "CC9.1", "CC9.2", "P8.1"}
    assert catalog.criteria_named(text) == named
    assert {mention.criterion for mention in catalog.mentions(text)} == named
    assert catalog.criteria_named("TLS1.2, CC1.0, CC10.1") == set()


def test_what_is_no_range_names_only_what_it_writes(catalog: Catalog) -> None:
    assert [c for c, _, _ in _named(catalog, "CC6.8-CC7.2")] == ["CC6.8", "CC7.2"]
    assert [c for c, _, _ in _named(catalog, "CC6.3-CC6.1")] == ["CC6.3", "CC6.1"]
    assert [c for c, _, _ in _named(catalog, "CC6.1-PI6.3, CC6.1-3")] == ["CC6.1", "CC6.1"]
    # a range past the end of its series names the criteria that exist
    assert [c for c, _, _ in _named(catalog, "CC9.1-CC9.9")] == ["CC9.1", "CC9.2"]
    assert _named(catalog, "TLS1.2, CC1.0, CC10.1") == []


def test_a_number_past_the_end_of_a_series_lists_the_series(catalog: Catalog) -> None:
    assert catalog.explain_unknown("CC9.9") == (
        "'CC9.9' is not a criterion of the Trust Services Criteria (2017); "
        "series CC9 (Risk Mitigation) has CC9.1 and CC9.2"
    )
    assert catalog.explain_unknown("C1.3").endswith(
        "series C1 (Additional Criteria for Confidentiality) has C1.1 and C1.2"
    )


def test_a_hint_names_an_id_one_typo_away(catalog: Catalog) -> None:
    assert catalog.explain_unknown("PP1.1").endswith("(did you mean 'P1.1'?)")
    assert catalog.explain_unknown("cc6.1").endswith("(did you mean 'CC6.1'?)")
    assert catalog.explain_unknown("ZZ1.1") == (
        "'ZZ1.1' is not a criterion of the Trust Services Criteria (2017)"
    )
    assert catalog.explain_unknown("CC1.0") == (
        "'CC1.0' is the heading of series CC1 (Control Environment), not a criterion"
    )


def test_an_id_misspelt_again_and_again_gets_its_hint_each_time() -> None:
    catalog = load_pack().catalog  # its own budget of comparisons
    # more unknown ids than the budget compares with the 61 criteria, then the misspelt one
    for index in range(200):
        catalog.explain_unknown(f"XX{index}.1")
    hinted = "(did you mean 'CC1.3'?)"
    assert not catalog.explain_unknown("CC1.3x").endswith(hinted)  # the budget is spent
    fresh = load_pack().catalog
    assert all(fresh.explain_unknown("CC1.3x").endswith(hinted) for _ in range(200))
    controls = {"CTL-A"}
    assert fresh.explain_unknown("CC1.3x", "a control", controls).endswith(hinted)
