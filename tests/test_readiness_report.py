"""`soclint report`: the readiness checklist with the findings behind each item, the risk
heat map, the review calendar, the exceptions, and one self-contained HTML file whose
repository text is escaped."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from gitrepo import commit, init

from soclint.audit.commands import readiness_of
from soclint.audit.readiness import Readiness
from soclint.cli import main
from soclint.digest import digest_of
from soclint.document import read_document
from soclint.program import load_program

AS_OF = date(2026, 11, 1)  # the example program checks clean on this day


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    return root


def _report(root: Path, as_of: date = AS_OF) -> Readiness:
    return readiness_of(load_program(root, as_of=as_of))


def _item(report: Readiness, title: str):  # type: ignore[no-untyped-def]
    return next(item for item in report.checklist if item.title == title)


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_example_program_is_ready_on_every_item(tmp_path: Path) -> None:
    report = _report(_example(tmp_path))

    assert [(item.title, item.done) for item in report.checklist] == [
        ("Scope signed by management", True),
        ("Policy suite approved and published", True),
        ("Risk assessment complete and signed", True),
        ("Security awareness training done", True),
        ("Vendor due diligence done", True),
        ("Logging and alerting active", True),
        ("Vulnerability scans running with SLAs", True),
        ("First access review done", True),
        ("A backup/DR test done", True),
        ("An incident tabletop held", True),
        ("The evidence library populated", True),
    ]


def test_an_unsigned_scope_is_open_with_the_finding_behind_it(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _edit(root / "system-description.md", "approval:\n", "former_approval:\n")

    item = _item(_report(root), "Scope signed by management")

    assert not item.done
    assert item.missing == "no management sign-off"
    assert [(f.code, f.path) for f in item.findings] == [("C003", "system-description.md")]


def test_an_activity_never_recorded_leaves_its_item_open(tmp_path: Path) -> None:
    root = _example(tmp_path)
    log = root / "registers" / "activities.md"
    log.write_text(log.read_text(encoding="utf-8").replace("kind: ir-tabletop", "kind: drill"))

    report = _report(root)

    tabletop = _item(report, "An incident tabletop held")
    assert not tabletop.done
    assert tabletop.missing == "no ir-tabletop recorded in the activity log"
    assert _item(report, "First access review done").done


def test_an_overdue_activity_is_open_on_its_own_item_only(tmp_path: Path) -> None:
    # Half a year on, the quarterly access review recorded last falls overdue.
    report = _report(_example(tmp_path), date(2027, 5, 1))

    access = _item(report, "First access review done")
    assert not access.done and access.missing is None
    overdue = [(f.code, f.path) for f in access.findings if f.code == "O008"]
    assert overdue == [("O008", "registers/activities.md")]
    assert all("access-review" in f.message for f in access.findings if f.code == "O008")
    tabletop = _item(report, "An incident tabletop held")
    assert all("ir-tabletop" in f.message for f in tabletop.findings)


def test_the_heat_map_counts_open_risks_per_cell_coloured_by_level(tmp_path: Path) -> None:
    root = _example(tmp_path)
    (root / "registers" / "risks.md").write_text(
        """\
---
type: risk-register
id: risk-register
title: Risk Register
owner: priya.raman
scale: {likelihood: 3, impact: 4}
thresholds: {high: 9, medium: 4}
signoff: {by: maya.chen, date: 2026-10-14}
reviews: [{date: 2026-10-13, by: priya.raman}]
risks:
  - {id: R-1, title: One, owner: priya.raman, likelihood: 3, impact: 4, score: 12,
     treatment: accept, status: open}
  - {id: R-2, title: Two, owner: priya.raman, likelihood: 3, impact: 4, score: 12,
     treatment: accept, status: open}
  - {id: R-3, title: Three, owner: priya.raman, likelihood: 1, impact: 2, score: 2,
     treatment: accept, status: open}
  - {id: R-4, title: Closed, owner: priya.raman, likelihood: 2, impact: 2, score: 4,
     treatment: mitigate, status: closed}
  - {id: R-5, title: Off the scale, owner: priya.raman, likelihood: 9, impact: 2, score: 18,
     treatment: accept, status: open}
---
""",
        encoding="utf-8",
    )

    (heat_map,) = _report(root).heat_maps

    assert (heat_map.likelihoods, heat_map.impacts) == (3, 4)
    assert heat_map.counts == {(3, 4): 2, (1, 2): 1}
    assert heat_map.level[(3, 4)] == "high"
    assert heat_map.level[(2, 2)] == "medium"
    assert heat_map.level[(1, 3)] == "low"


def test_the_calendar_splits_the_next_90_days_from_the_year(tmp_path: Path) -> None:
    report = _report(_example(tmp_path))

    assert report.soon and report.later
    assert all(d.due <= date(2027, 1, 30) for d in report.soon)
    assert all(date(2027, 1, 30) < d.due <= date(2027, 11, 1) for d in report.later)
    assert ("exception 'EXC-002'", "registers/exceptions.md") in {
        (d.subject, d.path) for d in report.soon
    }
    assert [d.due for d in report.calendar] == sorted(d.due for d in report.calendar)


def test_exceptions_show_their_expiry_and_approval(tmp_path: Path) -> None:
    report = _report(_example(tmp_path))

    first = report.exceptions[0]
    assert (first.id, first.policy, first.approved_by) == (
        "EXC-002",
        "POL-WORKSTATION-MOBILE",
        first.approved_by,
    )
    assert [e.expires for e in report.exceptions] == sorted(
        e.expires or date.max for e in report.exceptions
    )
    cryptography = next(e for e in report.exceptions if e.id == "EXC-001")
    assert (cryptography.expires, cryptography.approved_by, cryptography.approved_on) == (
        date(2027, 1, 31),
        "daniel.okafor",
        date(2026, 8, 5),
    )


def test_without_git_history_the_report_says_why_the_period_is_not_replayed(
    tmp_path: Path,
) -> None:
    report = _report(_example(tmp_path))

    assert isinstance(report.history, str)
    assert report.history.startswith("Not replayed:")


@pytest.mark.slow
def test_with_git_history_the_report_holds_the_period_replayed(tmp_path: Path) -> None:
    root = init(_example(tmp_path))
    commit(root, "The program", "2026-03-15")

    report = _report(root)

    assert not isinstance(report.history, str)
    assert (report.history.span.start, report.history.span.end) == (
        date(2026, 4, 1),
        date(2026, 9, 30),
    )


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _hostile(tmp_path: Path) -> Path:
    """The example with markup in the scope's title (signed again as it now reads) and in
    an exception's subject."""
    root = _example(tmp_path)
    scope = root / "system-description.md"
    signed = digest_of(read_document(scope, "system-description.md"))
    _edit(scope, "title: Kestrel", f"title: '{HOSTILE} Kestrel")
    _edit(scope, "System Description\n", "System Description'\n")
    resigned = digest_of(read_document(scope, "system-description.md"))
    assert signed is not None and resigned is not None
    _edit(scope, signed, resigned)
    _edit(root / "registers" / "exceptions.md", "subject: SFTP", f"subject: '{HOSTILE}' #")
    return root


def test_a_scope_changed_after_its_sign_off_opens_the_scope_item_only(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _edit(root / "system-description.md", "title: Kestrel", "title: Renamed Kestrel")

    report = _report(root)

    assert [(item.title, item.done) for item in report.checklist if not item.done] == [
        ("Scope signed by management", False)
    ]
    scope = _item(report, "Scope signed by management")
    assert [(f.code, f.path) for f in scope.findings] == [("A010", "system-description.md")]
    assert _item(report, "Policy suite approved and published").findings == ()


@pytest.mark.parametrize("output_format", ["html", "md"])
def test_text_from_documents_is_escaped(tmp_path: Path, output_format: str) -> None:
    root = _hostile(tmp_path)
    out = tmp_path / f"report.{output_format}"

    result = CliRunner().invoke(
        main,
        ["report", str(root), "--as-of", "2026-11-01", "--format", output_format, "-o", str(out)],
    )

    assert result.exit_code == 0, result.output
    assert [(item.title, item.done) for item in _report(root).checklist if not item.done] == []
    text = out.read_text(encoding="utf-8")
    if output_format == "html":
        assert "<script" not in text and "<img" not in text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
        assert text.count("&lt;script&gt;") >= 3  # the title, the heading, the exception
    else:
        assert not re.search(r"(?<!\\)<", text)  # no tag opens: every < is escaped
        assert "\\<script\\>" in text


def test_the_html_report_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "report.html"

    result = CliRunner().invoke(
        main, ["report", str(_example(tmp_path)), "--as-of", "2026-11-01", "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert "11 of 11 checklist items done" in result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|@import|url\(|\bsrc=", html)
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"]


def test_an_open_item_exits_1_and_an_unwritable_output_exits_2(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _edit(root / "system-description.md", "approval:\n", "former_approval:\n")
    runner = CliRunner()

    opened = runner.invoke(
        main, ["report", str(root), "--as-of", "2026-11-01", "-o", str(tmp_path / "r.html")]
    )
    unwritable = runner.invoke(
        main, ["report", str(root), "-o", str(tmp_path / "no-such-folder" / "r.html")]
    )

    assert opened.exit_code == 1 and "10 of 11 checklist items done" in opened.output
    assert unwritable.exit_code == 2
    assert "cannot write the report" in unwritable.output
    assert "Traceback" not in unwritable.output


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="no Chromium on this machine (.ci/run installs it)")
def test_headless_chromium_renders_the_checklist_and_the_heat_map(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _edit(root / "system-description.md", "approval:\n", "former_approval:\n")
    out = tmp_path / "report.html"
    CliRunner().invoke(main, ["report", str(root), "--as-of", "2026-11-01", "-o", str(out)])
    browser = [str(_chromium()), *CHROMIUM_FLAGS]

    def run(*arguments: str, profile: str) -> subprocess.CompletedProcess[str]:
        user_data = f"--user-data-dir={tmp_path / profile}"
        return subprocess.run(
            [*browser, user_data, *arguments, out.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    dom = run("--dump-dom", profile="dom")
    shot = tmp_path / "report.png"
    picture = run("--window-size=1100,2400", f"--screenshot={shot}", profile="shot")

    assert dom.returncode == 0, dom.stderr
    rendered = dom.stdout
    assert "Checklist before the audit period" in rendered
    assert "10 of 11 items done." in rendered
    assert re.search(r"✘ Open</span></td><td>Scope signed by management", rendered)
    assert rendered.count("✔ Done") == 10
    heat_map = re.search(
        r'<svg[^>]*aria-label="Risk heat map of risk-register".*?</svg>', rendered, re.S
    )
    assert heat_map is not None
    assert heat_map.group(0).count("<rect") == 25
    assert picture.returncode == 0, picture.stderr
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
