"""The `soclint` command: parse options, call the library, print, exit 0, 1 or 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from soclint import __version__
from soclint.errors import UsageError
from soclint.output import FORMATS as REPORT_FORMATS
from soclint.versions import BUMPS

if TYPE_CHECKING:
    from soclint.program import Program
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


_paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
_path_argument = click.argument(
    "path", required=False, type=click.Path(exists=True, path_type=Path)
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
    help="Use this configuration instead of the program's soclint.yaml.",
)


def _date_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--date",
        "on",
        callback=_parse_date,
        metavar="YYYY-MM-DD",
        help=f"Date of the {what} (default: today).",
    )


def _program(
    root: Path, config_file: Path | None, as_of: date | None = None, **choices: Any
) -> Program:
    """The program at `root`, with the command line's choices over its soclint.yaml."""
    from soclint.program import load_program

    config_file = config_file.resolve() if config_file else None
    return load_program(root, config_file=config_file, as_of=as_of, **choices)


@contextmanager
def _errors_shown_safely() -> Iterator[None]:
    """Usage errors, soclint's and click's, on stderr with their message on one
    line that holds no workflow command: it can quote a value from the checked
    repository (a pack path, a YAML tag) or from the command line."""
    from soclint.output.github import log_line

    try:
        yield
    except UsageError as error:
        for message in error.messages:
            click.echo(log_line(f"soclint: error: {message}"), err=True)
        sys.exit(2)
    except click.UsageError as error:
        # click shows it (usage, a hint, the message) and exits 2.
        raise click.UsageError(log_line(error.format_message()), error.ctx) from None
    except click.ClickException as error:
        click.echo(log_line(f"soclint: error: {error.format_message()}"), err=True)
        sys.exit(2)


class _Group(click.Group):
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _errors_shown_safely():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _errors_shown_safely():
            return super().invoke(ctx)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="soclint")
def main() -> None:
    """Lint a SOC 2 program kept as Markdown with YAML front-matter."""


@main.command()
@_paths_argument
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
    help="Run only these rule codes, prefixes or names (comma-separated; replaces `select`).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Do not run these rule codes, prefixes or names (comma-separated; adds to `ignore`).",
)
@click.option(
    "--diff-base",
    metavar="REV",
    help="Pull request mode: report the findings the change since REV causes, in any "
    "file; changed policies must raise their version and approval.",
)
@click.option(
    "--all",
    "report_all",
    is_flag=True,
    help="With --diff-base, also report the findings that predate the change.",
)
def check(
    paths: tuple[Path, ...],
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
    """Check the program that PATHS (files or folders) belong to; report their findings.

    The whole program is checked: its root is the nearest folder upward from
    PATHS (default: the current folder) that holds soclint.yaml, else the top
    of the git work tree. Only findings in PATHS are reported; without PATHS,
    or with the root among them, all are. Exit status: 0 no findings at the
    failing severity, 1 findings, 2 usage or configuration error.
    """
    from soclint.commands import check as run_check
    from soclint.finding import Severity
    from soclint.output import renderer
    from soclint.output.files import remove_reports
    from soclint.program import target

    if report_all and diff_base is None:
        raise UsageError("--all needs --diff-base: without it every finding is reported")
    remove_reports(file for _, file in outputs)
    cwd = Path.cwd()
    aim = target(paths, cwd)
    program = _program(
        aim.root,
        config_file,
        as_of,
        select=_codes(select),
        ignore=_codes(ignore),
        diff_base=diff_base,
        report_all=report_all,
    )
    report = run_check(program).within(aim.paths).shown_from(cwd)
    if outputs:
        from soclint.output.files import write_report

        for name, file in outputs:
            write_report(file, renderer(name)(report))
    shown = renderer(output_format)(report)
    if output_format == "text":
        from soclint.output.github import log_text

        shown = log_text(shown, os.environ)
    click.echo(shown, nl=False)
    if output_format == "github":
        from soclint.output.files import append_step_summary

        append_step_summary(report, os.environ)
    if fail_on == "never":
        sys.exit(0)
    threshold = Severity(fail_on) if fail_on else report.fail_on or program.config.fail_on
    sys.exit(1 if threshold is not None and report.fails(threshold) else 0)


def _rules_here() -> dict[str, Rule]:
    """Every rule, with the declarative rules of the packs of the current folder's program."""
    from soclint.program import target

    return _program(target((), Path.cwd()).root, None).rules


@main.command()
@_path_argument
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
    path: Path | None, as_of: date | None, output_format: str, config_file: Path | None
) -> None:
    """Show which documents cover each criterion in scope, uncovered ones first.

    The program is the one PATH (default: the current folder) belongs to. A
    criterion is covered by an approved policy, procedure or standard whose
    review is not overdue and that maps it, directly or through a control.
    Exit status: 0 every criterion covered, 1 some uncovered, 2 usage or
    configuration error. JSON also holds the provenance of each approval and
    sign-off and the status of each acknowledgement a person owes.
    """
    from soclint.commands import check_accountability, check_coverage
    from soclint.output.coverage import render
    from soclint.output.github import log_text
    from soclint.program import target

    program = _program(target((path,) if path else (), Path.cwd()).root, config_file, as_of)
    matrix = check_coverage(program)
    people = None
    if output_format == "json":
        people = check_accountability(program)
    shown = render(matrix, output_format, people)
    click.echo(log_text(shown, os.environ) if output_format == "text" else shown, nl=False)
    sys.exit(1 if matrix.uncovered else 0)


@main.command(name="rules")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, default severity and summary.

    Rules of the packs that the current folder's program names are listed too.
    """
    from soclint.output.github import log_text
    from soclint.output.rule_docs import listing

    shown = listing(_rules_here().values(), output_format)
    click.echo(log_text(shown, os.environ) if output_format == "text" else shown, nl=False)


@main.command(name="rule")
@click.argument("code")
def explain_rule(code: str) -> None:
    """Explain rule CODE: what it checks, why it matters, examples and options."""
    from soclint.output.github import log_text
    from soclint.output.rule_docs import explanation

    rules = _rules_here()
    found = rules.get(code.upper()) or next((r for r in rules.values() if r.name == code), None)
    if found is None:
        raise UsageError(f"no rule has code or name '{code}'; `soclint rules` lists them")
    click.echo(log_text(explanation(found), os.environ), nl=False)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--company", required=True, help="The company name written into the documents.")
def init(directory: Path, company: str) -> None:
    """Start a new program in DIRECTORY from the bundled example.

    Every policy starts as a draft with approvals and dates cleared; run
    `soclint check` in DIRECTORY to see what is left to do.
    """
    from soclint.edit.init import create_program

    created = create_program(directory, company)
    click.echo(f"Created {len(created)} files in {directory}. Next: soclint check {directory}")


_PATHS = click.Path(exists=True, dir_okay=False, path_type=Path)
_dry_run_option = click.option(
    "--dry-run",
    is_flag=True,
    help="Print the change as a unified diff and write nothing.",
)


def _report_edits(plans: Sequence[Any], dry_run: bool) -> None:
    """Each file's summary; with --dry-run, the diffs on stdout and the summaries on stderr.

    A diff is data for `patch` and is printed as it is (between stop-commands
    under GitHub Actions); a summary quotes values from the file, so it is one
    inert line.
    """
    from soclint.output.github import log_line, log_text

    for plan in plans:
        if dry_run:
            click.echo(log_text(plan.diff(), os.environ), nl=False)
    for plan in plans:
        click.echo(log_line(f"{'would be ' if dry_run else ''}{plan.summary}"), err=dry_run)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=_PATHS)
@click.option("--by", "person", required=True, metavar="PERSON", help="Roster id of the approver.")
@_date_option("approval")
@click.option(
    "--bump",
    type=click.Choice(BUMPS),
    default="minor",
    show_default=True,
    help="Raise the version; none keeps it (to record the approval of the text as it is). "
    "The version stays when the content is unchanged since the recorded approval.",
)
@_dry_run_option
def approve(
    paths: tuple[Path, ...], person: str, on: date | None, bump: str, dry_run: bool
) -> None:
    """Record PERSON's approval of each document in PATHS.

    Writes approval.by, approval.date and approval.digest, sets status:
    approved and review.last, and raises the version unless the content is
    unchanged since the recorded approval. Refuses, changing no file and
    naming every reason, when PERSON lacks the roster authority, the date is
    before the recorded approval, or the version is not a quoted number. Each
    document is judged by the program it belongs to, found as `soclint check`
    finds it.
    """
    from soclint.edit.approve import approve_documents

    today = date.today()
    plans = approve_documents(paths, person, on or today, bump, today, dry_run)
    _report_edits(plans, dry_run)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=_PATHS)
@click.option("--by", "person", required=True, metavar="PERSON", help="Roster id of the reviewer.")
@_date_option("review")
@_dry_run_option
def review(paths: tuple[Path, ...], person: str, on: date | None, dry_run: bool) -> None:
    """Record a review, with no change of content, of each document in PATHS.

    Sets review.last. Refuses, changing no file, when the content changed
    since the approval (a changed document needs `soclint approve`) or the
    date is before the recorded approval or review. Each document is judged
    by the program it belongs to, found as `soclint check` finds it.
    """
    from soclint.edit.approve import review_documents

    today = date.today()
    _report_edits(review_documents(paths, person, on or today, today, dry_run), dry_run)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--by", "person", metavar="PERSON", help="Roster id of the person who acknowledged.")
@_date_option("acknowledgement")
@click.option(
    "--import",
    "import_file",
    metavar="FILE.csv",
    type=_PATHS,
    help="Record each row of a CSV export instead (columns person or email, document, version "
    "and date, found by their header).",
)
@click.option(
    "--register",
    metavar="FILE",
    type=_PATHS,
    help="The acknowledgement register to add to, when the program has several.",
)
@_dry_run_option
def ack(
    paths: tuple[Path, ...],
    person: str | None,
    on: date | None,
    import_file: Path | None,
    register: Path | None,
    dry_run: bool,
) -> None:
    """Record acknowledgements of policies in the program's acknowledgement register.

    `soclint ack PATH... --by PERSON` records that PERSON acknowledged the
    current version of each policy in PATHS. `soclint ack --import FILE.csv
    [PATH]` records every row of the export in the register of the program
    PATH (default: the current folder) belongs to. Refuses, changing no file
    and naming every reason (a CSV row by its line), when a person is not in
    the roster or was not there on the date, a document is not an approved
    policy, or a version never existed. Rows already recorded are left as
    they are.
    """
    from soclint.edit.acknowledge import acknowledge_documents, import_acknowledgements
    from soclint.program import target

    today = date.today()
    if import_file is not None:
        if person is not None or on is not None:
            raise UsageError("--import reads people and dates from the file: drop --by and --date")
        if len(paths) > 1:
            raise UsageError("with --import, PATH names the program: give at most one")
        root = target(paths, Path.cwd()).root
        plans = import_acknowledgements(import_file, root, today, register, dry_run)
    elif person is None or not paths:
        raise UsageError("name the policies and the person: soclint ack PATH... --by PERSON")
    else:
        plans = acknowledge_documents(paths, person, on or today, today, register, dry_run)
    _report_edits(plans, dry_run)


def run() -> None:
    """Entry point that keeps tracebacks for SOCLINT_DEBUG=1 only."""
    try:
        main()
    except Exception as error:
        if os.environ.get("SOCLINT_DEBUG"):
            raise
        from soclint.output.github import log_line

        message = f"soclint: internal error: {error!r} (SOCLINT_DEBUG=1 shows where)"
        click.echo(log_line(message), err=True)
        sys.exit(2)
