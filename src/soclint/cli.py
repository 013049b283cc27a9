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
from soclint.output.terminal import COLOR_CHOICES, Style, colour_wanted
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
        click.echo(log_line(f"soclint: error: {_with_hint(error)}"), err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(log_line(f"soclint: error: {error.format_message()}"), err=True)
        sys.exit(2)


def _with_hint(error: click.UsageError) -> str:
    """click's message and its hint on one line: `No such option '--bogus'. Try
    'soclint check -h' for help.`"""
    message = error.format_message()
    if error.ctx is None:
        return message
    if not message.endswith((".", "?", "!")):
        message += "."
    return f"{message} Try '{error.ctx.command_path} {error.ctx.help_option_names[0]}' for help."


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


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="soclint")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Lint a SOC 2 program kept as Markdown with YAML front-matter."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


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
@click.option(
    "--color",
    "color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour the text report: auto colours a terminal only, and honours NO_COLOR "
    "and FORCE_COLOR.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only, without the summary.")
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each code has instead of the findings (text or json).",
)
@click.option(
    "--show-files",
    is_flag=True,
    help="List the files the check reads, and those it skips with the reason; check nothing.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings reach the failing severity (2 still means a usage error).",
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
    color: str,
    quiet: bool,
    statistics: bool,
    show_files: bool,
    exit_zero: bool,
) -> None:
    """Check the program that PATHS (files or folders) belong to; report their findings.

    The whole program is checked: its root is the nearest folder upward from
    PATHS (default: the current folder) that holds soclint.yaml, else the top
    of the git work tree. Only findings in PATHS are reported; without PATHS,
    or with the root among them, all are. Exit status: 0 no findings at the
    failing severity (or --exit-zero), 1 findings, 2 usage or configuration
    error.
    """
    from soclint.commands import check as run_check
    from soclint.finding import Severity
    from soclint.output import console_report, renderer
    from soclint.output.files import remove_reports
    from soclint.output.statistics import FORMATS as STATISTICS_FORMATS
    from soclint.program import target

    if report_all and diff_base is None:
        raise UsageError("--all needs --diff-base: without it every finding is reported")
    if statistics and output_format not in STATISTICS_FORMATS:
        raise UsageError(f"--statistics prints text or json, not {output_format}")
    if show_files and (outputs or output_format not in ("text", "json")):
        raise UsageError("--show-files checks nothing: it prints text or json and writes no report")
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
    if show_files:
        _show_files(program, aim.paths, cwd, output_format, quiet)
        return
    report = run_check(program).within(aim.paths).shown_from(cwd)
    if outputs:
        from soclint.output.files import write_report

        for name, file in outputs:
            write_report(file, renderer(name)(report))
    style = _console_style(color)
    shown = console_report(report, output_format, style, quiet, statistics)
    if output_format == "text":
        from soclint.output.github import log_text

        shown = log_text(shown, os.environ)
    # click would drop the colour on a pipe that --color always or FORCE_COLOR asked for.
    click.echo(shown, nl=False, color=style.colour)
    if output_format == "github":
        from soclint.output.files import append_step_summary

        append_step_summary(report, os.environ)
    if exit_zero or fail_on == "never":
        sys.exit(0)
    threshold = Severity(fail_on) if fail_on else report.fail_on or program.config.fail_on
    sys.exit(1 if threshold is not None and report.fails(threshold) else 0)


def _show_files(
    program: Program, paths: tuple[str, ...] | None, cwd: Path, output_format: str, quiet: bool
) -> None:
    """Print the files `check` reads in `paths` of the program, and those it skips."""
    from soclint.discovery import discover
    from soclint.output.file_list import FileList, render_json, render_text
    from soclint.output.github import log_text

    files = FileList.of(discover(program.config), program.root).within(paths)
    if output_format == "json":
        click.echo(render_json(files), nl=False)
    else:
        click.echo(log_text(render_text(files, cwd, quiet), os.environ), nl=False)


def _console_style(color: str) -> Style:
    """The style of text on stdout for `--color color`."""
    is_terminal = sys.stdout.isatty()
    return Style(colour_wanted(color, os.environ, is_terminal))


def _rules_here(config_file: Path | None) -> dict[str, Rule]:
    """Every rule, with the declarative rules of the packs of the current folder's program
    (its soclint.yaml, or `config_file`)."""
    from soclint.program import target

    return _program(target((), Path.cwd()).root, config_file).rules


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
    review is not overdue and that maps it, directly or through a control, or
    carved out to a vendor with a current SOC 2 report. Exit status: 0 every
    criterion covered or carved out, 1 some uncovered, 2 usage or
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


@main.command()
@_path_argument
@click.option(
    "--since", callback=_parse_date, metavar="YYYY-MM-DD", help="First day of the period."
)
@click.option("--until", callback=_parse_date, metavar="YYYY-MM-DD", help="Last day of the period.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "md")),
    default="text",
    show_default=True,
)
@_config_option
def history(
    path: Path | None,
    since: date | None,
    until: date | None,
    output_format: str,
    config_file: Path | None,
) -> None:
    """Replay the program over the audit period from its git history.

    Judges each day of the period (default: the system description's
    report.period) as the program stood on it, and reports per document and
    rule the intervals it was out of compliance, the findings open at the
    period's end, and the share of days with no error. Exit status: 0 no
    error on any day, 1 an error on some day, 2 usage or configuration error.
    """
    from soclint.audit.commands import history_of
    from soclint.audit.history_output import render
    from soclint.output.github import log_text
    from soclint.program import target

    program = _program(target((path,) if path else (), Path.cwd()).root, config_file)
    found = history_of(program, since, until)
    shown = render(found, output_format)
    click.echo(log_text(shown, os.environ) if output_format == "text" else shown, nl=False)
    sys.exit(0 if found.days_without_error == found.span.days else 1)


def _written_option(folder: bool, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    kind = click.Path(file_okay=not folder, dir_okay=folder, path_type=Path)
    return click.option("-o", "--output", required=True, type=kind, help=help)


@main.command(name="package")
@_path_argument
@click.option("--period", required=True, metavar="START..END", help="The audit period.")
@_written_option(folder=True, help="A new or empty folder to write the package into.")
@_config_option
def audit_package(path: Path | None, period: str, output: Path, config_file: Path | None) -> None:
    """Write the auditor's package of the period START..END into a new folder.

    Read from git history: the controlled documents' versions in force, the
    coverage timeline, recurring activities per slot, exceptions and risk
    acceptances in force, vendor reviews, the evidence files copied in, the
    findings open during the period; index.html and manifest.json (sha256 of
    every file). The same commit and period give the same bytes. Refuses a
    folder that exists and is not empty. Exit status: 0 written, 2 usage error.
    """
    from soclint.audit.package import package_of, parse_period, write_package
    from soclint.program import target

    span = parse_period(period)
    program = _program(target((path,) if path else (), Path.cwd()).root, config_file)
    package = package_of(program, span)
    write_package(package, output)
    click.echo(f"Wrote {len(package.files) + 1} files to {output}.")


@main.command(name="report")
@_path_argument
@_as_of_option
@click.option("--format", "output_format", type=click.Choice(("html", "md")), default="html")
@_written_option(folder=False, help="The file to write.")
@_config_option
def readiness_report(
    path: Path | None,
    as_of: date | None,
    output_format: str,
    output: Path,
    config_file: Path | None,
) -> None:
    """Write the readiness report: the checklist before the audit period, coverage, the
    risk heat map, the review calendar, exceptions and the period's history.

    HTML is one self-contained file (no script, nothing fetched). Exit status: 0
    every checklist item done, 1 some item open, 2 usage or configuration error.
    """
    from soclint.atomic_write import write_atomic
    from soclint.audit.commands import readiness_of
    from soclint.audit.readiness_html import render_html
    from soclint.audit.readiness_md import render_markdown
    from soclint.program import target

    program = _program(target((path,) if path else (), Path.cwd()).root, config_file, as_of)
    report = readiness_of(program)
    shown = render_html(report) if output_format == "html" else render_markdown(report)
    try:
        write_atomic(output, shown.encode("utf-8"))
    except OSError as error:
        raise UsageError(f"{output}: cannot write the report: {error.strerror or error}") from None
    done = sum(item.done for item in report.checklist)
    click.echo(f"Wrote {output}: {done} of {len(report.checklist)} checklist items done.")
    sys.exit(0 if done == len(report.checklist) else 1)


@main.command(name="rules")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
@_config_option
def list_rules(output_format: str, config_file: Path | None) -> None:
    """List every rule: code, name, default severity and summary.

    Rules of the packs that the current folder's program names are listed too.
    """
    from soclint.output.github import log_text
    from soclint.output.rule_docs import listing

    shown = listing(_rules_here(config_file).values(), output_format)
    click.echo(log_text(shown, os.environ) if output_format == "text" else shown, nl=False)


@main.command(name="rule")
@click.argument("code")
@_config_option
def explain_rule(code: str, config_file: Path | None) -> None:
    """Explain rule CODE: what it checks, why it matters, examples and options.

    Rules of the packs that the current folder's program names are explained too.
    """
    from soclint.output.github import log_text
    from soclint.output.rule_docs import explanation

    rules = _rules_here(config_file)
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
@_config_option
def approve(
    paths: tuple[Path, ...],
    person: str,
    on: date | None,
    bump: str,
    dry_run: bool,
    config_file: Path | None,
) -> None:
    """Record PERSON's approval of each document in PATHS.

    Writes approval.by, approval.date and approval.digest, sets status:
    approved and review.last, and raises the version unless the content is
    unchanged since the recorded approval. Refuses, changing no file and
    naming every reason, when PERSON lacks the roster authority, the date is
    before the recorded approval, or the version is not a quoted number. Each
    document is judged by the program it belongs to, found as `soclint check`
    finds it, and by its soclint.yaml or the --config file.
    """
    from soclint.edit.approve import approve_documents

    today = date.today()
    config_file = config_file.resolve() if config_file else None
    plans = approve_documents(paths, person, on or today, bump, today, dry_run, config_file)
    _report_edits(plans, dry_run)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=_PATHS)
@click.option("--by", "person", required=True, metavar="PERSON", help="Roster id of the reviewer.")
@_date_option("review")
@_dry_run_option
@_config_option
def review(
    paths: tuple[Path, ...], person: str, on: date | None, dry_run: bool, config_file: Path | None
) -> None:
    """Record a review, with no change of content, of each document in PATHS.

    Sets review.last. Refuses, changing no file, when the content changed
    since the approval (a changed document needs `soclint approve`) or the
    date is before the recorded approval or review. Each document is judged
    by the program it belongs to, found as `soclint check` finds it, and by
    its soclint.yaml or the --config file.
    """
    from soclint.edit.approve import review_documents

    today = date.today()
    config_file = config_file.resolve() if config_file else None
    plans = review_documents(paths, person, on or today, today, dry_run, config_file)
    _report_edits(plans, dry_run)


@main.command()
@click.argument(
    "root", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--company", required=True, help="The company name written into the documents.")
@_dry_run_option
def adopt(root: Path | None, company: str, dry_run: bool) -> None:
    """Bring the policy repository at ROOT (default: the current folder) under soclint.

    Works in place on a git work tree, so that the result is one change to
    review: every Markdown document gets soclint's front-matter at the top,
    its own keys and its body kept; a roster, a system description and
    soclint.yaml are written as drafts. Refuses when a file it would edit
    has uncommitted changes. Ends with a to-do list, file and line.
    """
    from soclint.adoption.adopt import adopt_repository
    from soclint.adoption.summary import summary_lines
    from soclint.output.github import log_line, log_text

    adoption = adopt_repository(root or Path.cwd(), company, date.today(), dry_run)
    if dry_run:
        diffs = "".join(plan.diff() for plan in adoption.plans if plan.changed)
        click.echo(log_text(diffs, os.environ), nl=False)
    for line in summary_lines(adoption, dry_run):
        click.echo(log_line(line), err=dry_run)


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
