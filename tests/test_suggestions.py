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


def test_a_short_name_is_suggested_only_for_a_word_of_its_length() -> None:
    keys = ["rpo", "rto", "sla", "review"]
    assert Suggestions().closest("repo", keys, cutoff=0.7) is None
    assert Suggestions().closest("rp", keys, cutoff=0.6) is None
    assert Suggestions().closest("rop", ["rpo", "review"], cutoff=0.6) == "rpo"
    assert Suggestions().closest("reviw", keys, cutoff=0.7) == "review"


def test_ids_are_suggested_one_typo_away() -> None:
    criteria = ["CC6.1", "CC6.2", "P1.1", "P8.1"]
    assert Suggestions().closest("PP1.1", criteria, one_edit=True) == "P1.1"
    assert Suggestions().closest("CC61", criteria, one_edit=True) == "CC6.1"
    assert Suggestions().closest("CC6.12", ["CC6.1", "CC1.1"], one_edit=True) == "CC6.1"
    assert Suggestions().closest("CC.61", ["CC6.1", "CC1.1"], one_edit=True) == "CC6.1"
    # any two ids are alike by difflib's measure: two typos away is no hint
    assert Suggestions().closest("ZZ1.1", criteria) == "P1.1"
    assert Suggestions().closest("ZZ1.1", criteria, one_edit=True) is None


def test_no_hint_when_two_names_are_as_close() -> None:
    assert Suggestions().closest("CC6.l", ["CC6.1", "CC6.2"]) is None
    assert Suggestions().closest("CC6.l", ["CC6.1", "CC7.2"]) == "CC6.1"


def test_an_unknown_key_of_another_tool_gets_no_implausible_hint(tmp_path: Path) -> None:
    policy = "---\ntype: policy\nid: POL-A\ntitle: A\nkind: backup\n{key}: x\n---\n"
    write_files(tmp_path, {"a.md": policy.format(key="repo"), "b.md": policy.format(key="ownr")})
    found = {f.path: f.message for f in run(tmp_path, select=["V002"]).findings}
    assert found == {
        "a.md": "unknown key 'repo'",
        "b.md": "unknown key 'ownr' (did you mean 'owner'?)",
    }


def test_a_word_asked_again_among_the_same_names_costs_nothing() -> None:
    suggestions = Suggestions(budget=5)
    names = ["alpha", "beta", "gamma"]
    assert suggestions.closest("alpah", names) == "alpha"
    assert suggestions.closest("gamam", names) is None  # 3 more would exceed the 2 left
    assert suggestions.closest("alpah", names) == "alpha"  # asked before: answered again
    assert suggestions.closest("alpah", ["alpha", "beta", "gamma"]) is None  # other names


def test_the_closest_of_many_alike_names_is_found_and_a_tie_is_no_hint() -> None:
    anchors = [f"heading-{i}" for i in range(400)]
    assert Suggestions().closest("headin-399", anchors) == "heading-399"
    assert Suggestions().closest("heading-3999", anchors) == "heading-399"
    # heading-12 and heading-20 to heading-29 are all as close as each other
    assert Suggestions().closest("heading-2", [a for a in anchors if a != "heading-2"]) is None


def test_each_of_many_misspelt_keys_gets_its_hint_until_the_budget_is_spent(
    tmp_path: Path,
) -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    misspelt = [f"owner{a}{b}" for a in letters for b in letters]  # 676 keys, each near 'owner'
    others = [f"k{i}" for i in range(5_000)]  # like no key, and more than the budget allows
    keys = "".join(f"{key}: v\n" for key in [*misspelt, "Owner", "x-own", *others])
    write_files(tmp_path, {"a.md": "---\ntype: standard\nid: A\ntitle: T\n" + keys + "---\n"})
    messages = [f.message for f in run(tmp_path, select=["V002"]).findings]
    assert messages[:676] == [f"unknown key '{key}' (did you mean 'owner'?)" for key in misspelt]
    assert messages[676] == "unknown key 'Owner' (letter case counts: did you mean 'owner'?)"
    assert messages[677:1000] == [f"unknown key '{key}'" for key in others[:323]]
    assert messages[1000].startswith("unknown key 'k323' (this and 4,676 more V002 findings")
    assert len(messages) == 1001


def test_a_name_misspelt_in_many_rows_gets_its_hint_in_each(tmp_path: Path) -> None:
    people = [f"person{i}" for i in range(100)]
    roster = "".join(
        f"  - {{id: {person}, name: P, email: {person}@x.example, roles: [sre]}}\n"
        for person in [*people, "priya"]
    )
    # more rows than the budget allows comparisons with the 101 people
    assets = "".join(f"  - {{id: A{i}, name: a, kind: server, owner: pryia}}\n" for i in range(150))
    head = "---\ntype: {type}\nid: {type}\ntitle: T\n"
    write_files(
        tmp_path,
        {
            "roster.md": head.format(type="roster") + "people:\n" + roster + "---\n",
            "assets.md": head.format(type="asset-inventory")
            + "owner: priya\nassets:\n"
            + assets
            + "---\n",
        },
    )
    report = run(tmp_path, select=["R001"])
    assert [(f.code, f.path, f.line) for f in report.findings] == [
        ("R001", "assets.md", 7 + i) for i in range(150)
    ]
    assert {f.message.rsplit(": ", 1)[1] for f in report.findings} == {
        "'pryia' is not a person in the roster (did you mean 'priya'?)"
    }
