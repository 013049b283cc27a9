"""Staff acknowledge each approved policy in time; a new major version needs a new one.

Repositories with real history: the versions a policy had, and when its
current major version was approved, are read from git.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import located, run, write_files
from gitrepo import commit, init

from soclint.cli import main

POLICY = "policies/access.md"
REGISTER = "registers/acknowledgements.md"


def roster(*people: str) -> str:
    rows = "".join(f"  - {person}\n" for person in people)
    return (
        "---\ntype: roster\nid: roster\ntitle: People\npeople:\n"
        f"{rows}authority:\n  approve-policy: [cto]\n---\n"
    )


TOM = "{id: tom, name: T, email: t@x.example, roles: [sre], start: 2025-06-02}"
DANIEL = "{id: daniel, name: D, email: d@x.example, roles: [cto]}"
# The line of each person in roster(DANIEL, TOM, ...).
TOM_LINE = 7


def policy(version: str, approved: str, body: str = "Least privilege.") -> str:
    return (
        "---\ntype: policy\nid: POL-ACCESS\ntitle: Access\nkind: access-control\n"
        f'owner: daniel\nstatus: approved\nversion: "{version}"\n'
        f"approval:\n  by: daniel\n  date: {approved}\n---\n\n# Access\n\n{body}\n"
    )


def register(*rows: str) -> str:
    listed = "".join(f"  - {row}\n" for row in rows) if rows else ""
    return (
        "---\ntype: acknowledgement-register\nid: acks\ntitle: Acknowledgements\n"
        f"acknowledgements:{'' if rows else ' []'}\n{listed}---\n"
    )


def ack(person: str, version: str, day: str, document: str = "POL-ACCESS") -> str:
    return f'{{person: {person}, document: {document}, version: "{version}", date: {day}}}'


SELECT = "select: [N, R001, R004]\n"


def release(root: Path, version: str, approved: str, *acks: str) -> None:
    """Commit `version` of the policy, approved on `approved`, with the register of `acks`."""
    write_files(
        root, {POLICY: policy(version, approved, f"Text of {version}."), REGISTER: register(*acks)}
    )
    commit(root, f"Approve {version}", approved)


def history(root: Path) -> Path:
    """Version 1.0 (January), 1.1 (March, minor) and 2.0 (May, major), then 2.1 (October,
    minor); tom acknowledged 1.0 only."""
    init(root)
    write_files(root, {"soclint.yaml": SELECT, "roster.md": roster(DANIEL, TOM)})
    first = ack("tom", "1.0", "2026-01-15")
    release(root, "1.0", "2026-01-10")
    release(root, "1.1", "2026-03-01", first)
    release(root, "2.0", "2026-05-01", first)
    release(root, "2.1", "2026-10-20", first)
    return root


def test_a_minor_version_needs_no_new_acknowledgement(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    write_files(root, {"soclint.yaml": SELECT, "roster.md": roster(DANIEL, TOM)})
    release(root, "1.0", "2026-01-10", ack("tom", "1.0", "2026-01-15"))
    release(root, "1.1", "2026-03-01", ack("tom", "1.0", "2026-01-15"))

    assert located(run(root)) == []


def test_a_major_version_needs_a_new_one_due_from_its_first_approval(tmp_path: Path) -> None:
    # 2.1 was approved on 2026-10-20, but 2.0 on 2026-05-01: the acknowledgement fell due
    # on 2026-05-31, which only the history tells.
    root = history(tmp_path / "repo")

    report = run(root)

    assert located(report) == [("N001", "roster.md", TOM_LINE)]
    assert report.findings[0].message == (
        "'tom' has not acknowledged POL-ACCESS version 2.1 (policies/access.md): it was due on "
        "2026-05-31, 154 days ago (30 days after version 2 was approved on 2026-05-01); their "
        "last acknowledgement is of version 1.0 on 2026-01-15, and a new major version needs "
        "a new one; record it: soclint ack policies/access.md --by tom"
    )


def test_an_acknowledgement_of_any_version_of_the_major_version_meets_it(tmp_path: Path) -> None:
    root = history(tmp_path / "repo")
    write_files(
        root, {REGISTER: register(ack("tom", "1.0", "2026-01-15"), ack("tom", "2.0", "2026-05-20"))}
    )

    assert located(run(root)) == []


def test_acknowledgements_of_versions_that_never_existed_are_errors(tmp_path: Path) -> None:
    root = history(tmp_path / "repo")
    write_files(
        root,
        {
            REGISTER: register(
                ack("tom", "1.1", "2026-03-02"),
                ack("tom", "1.5", "2026-03-02"),
                ack("tom", "2.9", "2026-06-02"),
                ack("ghost", "2.1", "2026-10-25"),
                ack("tom", "1.0", "2026-01-15", document="POL-NONE"),
            )
        },
    )

    report = run(root)

    assert located(report) == [
        ("N002", REGISTER, 7),
        ("N002", REGISTER, 8),
        ("R001", REGISTER, 9),
        ("R004", REGISTER, 10),
        ("N001", "roster.md", TOM_LINE),
    ]
    assert "POL-ACCESS never had version 1.5 (its versions: 1.0, 1.1, 2.0, 2.1)" in (
        report.findings[0].message
    )


def test_without_history_only_the_current_version_is_judged(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write_files(
        root,
        {
            "soclint.yaml": SELECT,
            "roster.md": roster(DANIEL, TOM),
            POLICY: policy("2.1", "2026-10-20"),
            REGISTER: register(ack("tom", "1.5", "2026-03-02")),
        },
    )

    # Due 30 days after the current approval; the 1.x acknowledgement cannot be judged,
    # and the run says so.
    assert located(run(root)) == []
    skipped = run(root, select=["N", "A012"])
    assert located(skipped) == [("A012", POLICY, 9)]  # its approval
    assert "not inside a git repository" in skipped.findings[0].message
    assert located(run(root, as_of=date(2026, 11, 20))) == [("N001", "roster.md", TOM_LINE)]


def test_a_leaver_need_not_acknowledge_and_a_late_joiner_has_from_their_start(
    tmp_path: Path,
) -> None:
    leaver = (
        "{id: ana, name: A, email: a@x.example, roles: [sre], start: 2020-01-06, end: 2026-06-30}"
    )
    joiner = "{id: kim, name: K, email: k@x.example, roles: [sre], start: 2026-10-15}"
    root = init(tmp_path / "repo")
    write_files(root, {"soclint.yaml": SELECT, "roster.md": roster(DANIEL, leaver, joiner)})
    release(root, "1.0", "2026-01-10")

    assert located(run(root)) == []
    late = run(root, as_of=date(2026, 11, 20))
    assert located(late) == [("N001", "roster.md", 8)]
    assert "due on 2026-11-14, 6 days ago (30 days after they started on 2026-10-15)" in (
        late.findings[0].message
    )


def test_the_pack_can_name_the_roles_that_acknowledge(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    pack = "pack: acme\ntitle: Acme\nacknowledgements:\n  within: 10 days\n  roles: [cto]\n"
    write_files(
        root,
        {
            "soclint.yaml": SELECT + "packs: [acme.yaml]\n",
            "acme.yaml": pack,
            "roster.md": roster(DANIEL, TOM),
        },
    )
    release(root, "1.0", "2026-10-01")

    report = run(root)

    assert located(report) == [("N001", "roster.md", 6)]
    assert "'daniel' has not acknowledged" in report.findings[0].message
    assert "due on 2026-10-11, 21 days ago (10 days after" in report.findings[0].message


def test_soclint_yaml_sets_the_window_over_the_pack_and_keeps_its_roles(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    pack = "pack: acme\ntitle: Acme\nacknowledgements:\n  within: 10 days\n  roles: [cto]\n"
    write_files(
        root,
        {
            "soclint.yaml": SELECT + "packs: [acme.yaml]\nacknowledgements: {within: 40 days}\n",
            "acme.yaml": pack,
            "roster.md": roster(DANIEL, TOM),
        },
    )
    release(root, "1.0", "2026-10-01")

    assert located(run(root)) == []  # due on 2026-11-10
    late = run(root, as_of=date(2026, 11, 12))
    assert located(late) == [("N001", "roster.md", 6)]
    assert "due on 2026-11-10, 2 days ago (40 days after" in late.findings[0].message


def test_a_whole_company_behind_is_one_finding_with_a_count(tmp_path: Path) -> None:
    staff = [
        f"{{id: p{n:02}, name: P, email: p{n}@x.example, roles: [sre], start: 2025-01-06}}"
        for n in range(12)
    ]
    root = init(tmp_path / "repo")
    write_files(root, {"soclint.yaml": SELECT, "roster.md": roster(DANIEL, *staff)})
    release(root, "1.0", "2026-01-10", ack("p00", "1.0", "2026-01-11"))

    report = run(root)

    assert located(report) == [("N001", POLICY, 8)]
    assert report.findings[0].message.startswith(
        "version: 11 people have not acknowledged version 1.0 of this policy within 30 days"
    )
    assert "p01, p02, p03, p04, p05 and 6 more" in report.findings[0].message


# --- soclint ack -------------------------------------------------------------------------


@pytest.fixture
def program(tmp_path: Path) -> Path:
    root = init(tmp_path / "repo")
    write_files(root, {"soclint.yaml": SELECT, "roster.md": roster(DANIEL, TOM)})
    release(root, "1.0", "2026-01-10")
    release(root, "1.1", "2026-03-01")
    return root


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.exit_code, result.output


def test_ack_records_the_current_version_and_only_once(program: Path) -> None:
    policy_file = str(program / POLICY)
    before = (program / REGISTER).read_text()

    dry = invoke("ack", policy_file, "--by", "tom", "--date", "2026-03-05", "--dry-run")
    assert dry[0] == 0 and (program / REGISTER).read_text() == before
    assert invoke("ack", policy_file, "--by", "tom", "--date", "2026-03-05") == (
        0,
        f"{REGISTER}: tom acknowledged POL-ACCESS 1.1 on 2026-03-05\n",
    )
    assert (program / REGISTER).read_text() == (
        "---\ntype: acknowledgement-register\nid: acks\ntitle: Acknowledgements\n"
        "acknowledgements:\n"
        '  - {person: tom, document: POL-ACCESS, version: "1.1", date: 2026-03-05}\n---\n'
    )
    assert invoke("ack", policy_file, "--by", "tom", "--date", "2026-03-06") == (
        0,
        f"{REGISTER}: already recorded, nothing to change\n",
    )
    assert located(run(program)) == []


def test_ack_refuses_what_cannot_be_true_and_changes_nothing(program: Path) -> None:
    before = (program / REGISTER).read_text()

    code, output = invoke("ack", str(program / POLICY), str(program / "roster.md"),
                          "--by", "tom", "--date", "2025-05-01")  # fmt: skip

    assert code == 2
    assert output.splitlines() == [
        "soclint: error: policies/access.md: 'tom' was not there on 2025-05-01 (start and end "
        "in the roster)",
        "soclint: error: policies/access.md: 2025-05-01 is before POL-ACCESS 1.1 was approved "
        "(2026-03-01)",
        "soclint: error: roster.md: roster.md is not a policy",
    ]
    assert (program / REGISTER).read_text() == before
    assert invoke("ack", str(program / POLICY), "--by", "nobody")[1] == (
        "soclint: error: policies/access.md: 'nobody' is not a person in the roster\n"
    )


def test_ack_without_a_register_says_how_to_make_one(program: Path) -> None:
    (program / REGISTER).unlink()

    code, output = invoke("ack", str(program / POLICY), "--by", "tom")

    assert code == 2
    assert "has no acknowledgement register: add a document with type: " in output


CSV = """\
Employee Email,Policy,Policy Version,Acknowledged At,Department
t@x.example,POL-ACCESS,1.0,2026-01-20T09:15:00Z,Engineering
ghost@x.example,POL-ACCESS,1.1,2026-03-02,Engineering
tom,POL-NONE,1.1,2026-03-02,Engineering
tom,POL-ACCESS,1.7,2026-03-02,Engineering
tom,POL-ACCESS,1.1,03/02/2026,Engineering
"d@x.example",policies/access.md,1.1,2026-03-04,"Finance, Legal"
tom,POL-ACCESS,1.1,2031-01-01,Engineering
tom,POL-ACCESS,,2026-03-02,Engineering
"""


def test_an_import_with_bad_rows_names_each_by_its_line_and_writes_nothing(
    program: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(CSV)
    before = (program / REGISTER).read_text()

    code, output = invoke("ack", "--import", str(export), str(program))

    assert code == 2
    assert output.splitlines() == [
        f"soclint: error: {export}:3: 'ghost@x.example' is not a person in the roster",
        f"soclint: error: {export}:4: 'POL-NONE' is not the id of a policy",
        f"soclint: error: {export}:6: '03/02/2026' is not a date such as 2026-03-04",
        f"soclint: error: {export}:8: cannot record an acknowledgement dated 2031-01-01, more "
        f"than a day after today ({date.today().isoformat()})",
        f"soclint: error: {export}:9: no version",
        f"soclint: error: {export}:5: POL-ACCESS never had version 1.7",
    ]
    assert (program / REGISTER).read_text() == before


def test_an_import_of_good_rows_records_them_once(program: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    lines = CSV.splitlines()
    export.write_text("\n".join([*lines[:2], lines[6]]) + "\n")

    assert invoke("ack", "--import", str(export), str(program)) == (
        0,
        f"{REGISTER}: 2 acknowledgements recorded from export.csv\n",
    )
    assert invoke("ack", "--import", str(export), str(program))[1] == (
        f"{REGISTER}: already recorded, nothing to change\n"
    )
    assert (program / REGISTER).read_text().count("person:") == 2
    assert located(run(program)) == []


def test_an_import_needs_the_columns_it_maps(program: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("who,policy,version,when\ntom,POL-ACCESS,1.1,2026-03-02\n")

    code, output = invoke("ack", "--import", str(export), str(program))

    assert code == 2
    assert output == (
        f"soclint: error: {export}:1: no column names the person (the header has 'who', "
        "'policy', 'version', 'when'); name the columns person (or email), document, version "
        "and date\n"
    )


def test_coverage_json_shows_provenance_and_acknowledgements(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    scope = "---\ntype: system-description\nid: scope\ntitle: Scope\ncategories: [security]\n---\n"
    write_files(
        root,
        {
            "soclint.yaml": "provenance: author\nas_of: 2026-11-01\n",
            "roster.md": roster(DANIEL, TOM),
            "system.md": scope,
        },
    )
    release(root, "1.0", "2026-01-10", ack("tom", "1.0", "2026-01-15"))
    write_files(root, {POLICY: policy("2.0", "2026-05-01", "Text of 2.0.")})
    commit(root, "Approve 2.0", "2026-05-01", "Daniel", "d@x.example")

    code, output = invoke("coverage", str(root), "--format", "json")
    shown = json.loads(output)

    assert code == 1  # criteria uncovered
    (recorded,) = shown["provenance"]["sign_offs"]
    assert shown["provenance"]["level"] == "author"
    assert (recorded["path"], recorded["key"], recorded["by"]) == (POLICY, "approval", "daniel")
    assert (recorded["email"], recorded["proven"]) == ("d@x.example", True)
    assert shown["acknowledgements"]["obligations"] == [
        {
            "person": "tom",
            "document": "POL-ACCESS",
            "path": POLICY,
            "version": "2.0",
            "due": "2026-05-31",
            "status": "overdue",
            "acknowledged": None,
        }
    ]
    assert shown["acknowledgements"]["summary"] == {"acknowledged": 0, "pending": 0, "overdue": 1}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((), "name the policies and the person: soclint ack PATH... --by PERSON"),
        (("--by", "tom"), "name the policies and the person: soclint ack PATH... --by PERSON"),
        (("--import", "{csv}", "--by", "tom"), "--import reads people and dates from the file"),
        (("--import", "{csv}", "{root}", "{root}/roster.md"), "PATH names the program"),
    ],
)
def test_ack_usage_errors_are_one_line(
    program: Path, tmp_path: Path, args: tuple[str, ...], error: str
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("person,document,version,date\n")
    filled = [arg.format(csv=export, root=program) for arg in args]

    code, output = invoke("ack", *filled)

    assert code == 2
    assert len(output.splitlines()) == 1 and error in output
