"""The `soclint` command: parse options, call the library, print, exit 0, 1 or 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from soclint import __version__
from soclint.errors import UsageError
from soclint.output import FORMATS as REPORT_FORMATS
from soclint.versions import BUMPS

if TYPE_CHECKING:
    from soclint.config import Config
    from soclint.registry import Rule

FORMATS = ("text", "json")
FAIL_ON = ("error", "warning", "info", "never")


def _codes(values: Sequence[str]) -> list[str]:
    """`--select S,V --select R001` -> ['S', 'V', 'R001']."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from soclint.dates import parse_iso_date

    if value is None:
        return None
    parsed = parse_iso_date(value)
    if parsed is None:
        raise click.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD")
    return parsed


def _parse_outputs(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> list[tuple[str, Path]]:
    """`--output sarif:soclint.sarif` -> [('sarif', Path('soclint.sarif'))]."""
    outputs = []
    for value in values:
        name, colon, file = value.partition(":")
        if not colon or name not in REPORT_FORMATS or not file:
            raise click.BadParameter(
                f"'{value}' is not FORMAT:FILE with FORMAT one of {', '.join(REPORT_FORMATS)}"
            )
        outputs.append((name, Path(file)))
    return outputs


_root_argument = click.argument(
    "root", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
_as_of_option = click.option(
    "--as-of",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Judge dates as of this day (default: as_of in soclint.yaml, else today).",
)
_config_option = click.option(
    "--config",
    "config_file",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this configuration instead of ROOT/soclint.yaml.",
)


def _date_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--date",
        "on",
        callback=_parse_date,
        metavar="YYYY-MM-DD",
        help=f"Date of the {what} (default: today).",
    )


def _run_config(
    root: Path | None, config_file: Path | None, as_of: date | None, **choices: Any
) -> Config:
    """The Config of a run over ROOT, else the nearest folder upward with soclint.yaml."""
    from soclint.config import find_root, load_config

    folder = root.resolve() if root else find_root(Path.cwd())
    config_file = config_file.resolve() if config_file else None
    return load_config(folder, config_file=config_file, as_of=as_of, **choices)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            click.echo(f"soclint: error: {error}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="soclint")
def main() -> None:
    """Lint a SOC 2 program kept as Markdown with YAML front-matter."""


@main.command()
@_root_argument
@_as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Format of the report printed on the console (github: annotations and, "
    "under GitHub Actions, the job summary).",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT:FILE",
    callback=_parse_outputs,
    help="Also write the report in FORMAT to FILE (repeatable), e.g. sarif:soclint.sarif.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Exit 1 for findings at or above this severity; never: exit 0 "
    "(default: fail_on in soclint.yaml, else error).",
)
@_config_option
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only these rule codes or prefixes (comma-separated; replaces `select`).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Do not run these rule codes or prefixes (comma-separated; adds to `ignore`).",
)
@click.option(
    "--diff-base",
    metavar="REV",
    help="Pull request mode: changed policies must raise their version and approval "
    "since REV; report only files changed since REV.",
)
@click.option(
    "--all",
    "report_all",
    is_flag=True,
    help="With --diff-base, report findings in unchanged files too.",
)
def check(
    root: Path | None,
    as_of: date | None,
    output_format: str,
    outputs: list[tuple[str, Path]],
    fail_on: str | None,
    config_file: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    diff_base: str | None,
    report_all: bool,
) -> None:
    """Check the policy repository at ROOT.

    ROOT defaults to the nearest folder upward that holds soclint.yaml, else
    the current folder. Exit status: 0 no findings at the failing severity,
    1 findings, 2 usage or configuration error.
    """
    from soclint.engine import check as run_check
    from soclint.finding import Severity
    from soclint.output import renderer

    config = _run_config(
        root,
        config_file,
        as_of,
        select=_codes(select),
        ignore=_codes(ignore),
        diff_base=diff_base,
        report_all=report_all,
    )
    report = run_check(config)
    if outputs:
        from soclint.output.files import write_report

        for name, file in outputs:
            write_report(file, renderer(name)(report))
    shown = renderer(output_format)(report)
    if output_format == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        from soclint.output.github import stop_commands

        shown = stop_commands(shown)
    click.echo(shown, nl=False)
    if output_format == "github":
        from soclint.output.files import append_step_summary

        append_step_summary(report, os.environ)
    if fail_on == "never":
        sys.exit(0)
    threshold = Severity(fail_on) if fail_on else config.fail_on
    sys.exit(1 if threshold is not None and report.fails(threshold) else 0)


def _rules_here() -> dict[str, Rule]:
    """Every rule, with the declarative rules of the packs the nearest soclint.yaml names."""
    from soclint.config import find_root, load_config
    from soclint.engine import all_rules, config_pack

    return all_rules(config_pack(load_config(find_root(Path.cwd()))))


@main.command()
@_root_argument
@_as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "md")),
    default="text",
    show_default=True,
    help="Matrix format.",
)
@_config_option
def coverage(
    root: Path | None, as_of: date | None, output_format: str, config_file: Path | None
) -> None:
    """Show which documents cover each criterion in scope, uncovered ones first.

    A criterion is covered by an approved policy, procedure or standard whose
    review is not overdue and that maps it, directly or through a control.
    Exit status: 0 every criterion covered, 1 some uncovered, 2 usage or
    configuration error.
    """
    from soclint.coverage import check_coverage
    from soclint.output.coverage import render

    matrix = check_coverage(_run_config(root, config_file, as_of))
    click.echo(render(matrix, output_format), nl=False)
    sys.exit(1 if matrix.uncovered else 0)


@main.command(name="rules")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, default severity and summary.

    Rules of the packs named in the nearest soclint.yaml are listed too.
    """
    rules = _rules_here()
    if output_format == "json":
        import json

        listing = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary}
            for r in rules.values()
        ]
        click.echo(json.dumps(listing, indent=2))
        return
    for r in rules.values():
        click.echo(f"{r.code}  {r.name:<32} {r.severity.value:<8} {r.summary}")


@main.command(name="rule")
@click.argument("code")
def explain_rule(code: str) -> None:
    """Explain rule CODE: what it checks, why it matters, examples and options."""
    rules = _rules_here()
    found = rules.get(code.upper()) or next((r for r in rules.values() if r.name == code), None)
    if found is None:
        raise UsageError(f"no rule has code or name '{code}'; `soclint rules` lists them")
    click.echo(f"{found.code} {found.name} ({found.severity.value})\n")
    click.echo(f"{found.summary}\n")
    click.echo(found.documentation)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--company", required=True, help="The company name written into the documents.")
def init(directory: Path, company: str) -> None:
    """Start a new program in DIRECTORY from the bundled example.

    Every policy starts as a draft with approvals and dates cleared; run
    `soclint check` in DIRECTORY to see what is left to do.
    """
    from soclint.scaffold import create_program

    created = create_program(directory, company)
    click.echo(f"Created {len(created)} files in {directory}. Next: soclint check {directory}")


_PATHS = click.Path(exists=True, dir_okay=False, path_type=Path)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=_PATHS)
@click.option("--by", "person", required=True, metavar="PERSON", help="Roster id of the approver.")
@_date_option("approval")
@click.option(
    "--bump",
    type=click.Choice(BUMPS),
    default="minor",
    show_default=True,
    help="Raise the version; none keeps it (to record the approval of the text as it is).",
)
def approve(paths: tuple[Path, ...], person: str, on: date | None, bump: str) -> None:
    """Record PERSON's approval of each document in PATHS.

    Writes approval.by, approval.date and approval.digest, sets status:
    approved and review.last, and raises the version. Refuses, changing no
    file, when PERSON lacks the roster authority to approve.
    """
    from soclint.approval_edit import approve_documents

    today = date.today()
    for line in approve_documents(paths, person, on or today, bump, today, Path.cwd()):
        click.echo(line)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=_PATHS)
@click.option("--by", "person", required=True, metavar="PERSON", help="Roster id of the reviewer.")
@_date_option("review")
def review(paths: tuple[Path, ...], person: str, on: date | None) -> None:
    """Record a review, with no change of content, of each document in PATHS.

    Sets review.last. Refuses, changing no file, when the content changed
    since the approval: a changed document needs `soclint approve`.
    """
    from soclint.approval_edit import review_documents

    today = date.today()
    for line in review_documents(paths, person, on or today, today, Path.cwd()):
        click.echo(line)


def run() -> None:
    """Entry point that keeps tracebacks for SOCLINT_DEBUG=1 only."""
    try:
        main()
    except Exception as error:
        if os.environ.get("SOCLINT_DEBUG"):
            raise
        click.echo(f"soclint: internal error: {error!r} (SOCLINT_DEBUG=1 shows where)", err=True)
        sys.exit(2)
