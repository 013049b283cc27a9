"""Reports written to files: the ones `--output FORMAT:FILE` asks for, and the
GitHub Actions step summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from soclint.atomic_write import write_atomic
from soclint.errors import UsageError
from soclint.report import Report


def remove_reports(files: Iterable[Path]) -> None:
    """Remove earlier copies of the reports a run is to write, before it starts.

    A run that stops on an error then leaves no file behind that could pass
    for its report: not the last run's, nor one committed to the repository.
    """
    for file in files:
        try:
            file.unlink(missing_ok=True)
        except OSError as error:
            raise UsageError(f"cannot replace the report {file}: {error.strerror}") from None


def write_report(file: Path, text: str) -> None:
    """Replace `file` with `text` atomically; a folder that is missing is a usage error."""
    try:
        # "replace": a file name that is not UTF-8 must not stop the report.
        write_atomic(file, text.encode("utf-8", "replace"))
    except OSError as error:
        raise UsageError(f"cannot write the report {file}: {error.strerror}") from None


def append_step_summary(report: Report, environ: Mapping[str, str]) -> None:
    """Add the run's summary to $GITHUB_STEP_SUMMARY when GitHub Actions provides one.

    The runner owns that file and collects what each step appends, so this
    appends rather than replacing it.
    """
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from soclint.output.step_summary import render

    try:
        with open(target, "a", encoding="utf-8", errors="replace") as out:
            out.write(render(report))
    except OSError as error:
        raise UsageError(f"cannot write the step summary {target}: {error.strerror}") from None
