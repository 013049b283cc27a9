"""Hints for misspelt names stay cheap however many names there are."""

from __future__ import annotations

from pathlib import Path

from conftest import run, write_files

from soclint.suggestions import MAX_COMPARISONS, MAX_LENGTH, Suggestions


def test_closest_name_above_the_cutoff() -> None:
    suggestions = Suggestions()
    assert suggestions.closest("CC6.l", ["CC6.1", "CC7.1", "A1.2"]) == "CC6.1"
    assert suggestions.closest("zzz", ["CC6.1", "CC7.1"]) is None
    assert suggestions.closest("CC6.l", ["CC6.1"], cutoff=0.9) is None


def test_suggestions_stop_when_the_budget_is_spent() -> None:
    suggestions = Suggestions(budget=5)
    names = ["alpha", "beta", "gamma"]
    assert suggestions.closest("alpah", names) == "alpha"
    assert suggestions.closest("bteta", names) is None  # 3 more would exceed the 2 left
    assert suggestions.closest("gama", names[:2]) is None  # 2 left, and no close match
    assert suggestions.closest("gama", names) is None


def test_long_names_are_not_compared() -> None:
    long = "x" * (MAX_LENGTH + 1)
    assert Suggestions().closest(long, [long[:-1]]) is None
    assert Suggestions().closest("x" * MAX_LENGTH, [long, "x" * (MAX_LENGTH - 1)]) == "x" * (
        MAX_LENGTH - 1
    )


def test_a_program_full_of_misspelt_anchors_gets_its_first_hints(tmp_path: Path) -> None:
    headings = "".join(f"# heading {i}\n" for i in range(400))
    links = "".join(f"[x](#headin-{i})\n\n" for i in range(400))
    write_files(
        tmp_path, {"a.md": "---\ntype: standard\nid: A\ntitle: T\n---\n" + headings + links}
    )
    messages = [f.message for f in run(tmp_path, select=["L001"]).findings]
    assert len(messages) == 400
    hinted = [m for m in messages if "(did you mean" in m]
    assert hinted[0].endswith("(did you mean '#heading-0'?)")
    # each hint compares with the 400 anchors: the budget allows this many
    assert len(hinted) == MAX_COMPARISONS // 400
