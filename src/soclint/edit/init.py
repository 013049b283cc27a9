"""`soclint init`: a new program from the bundled example, ready to be made one's own.

Every policy, procedure and standard becomes a draft with its approval and
last review cleared; sign-offs, reviews and dated history (activities,
evidence, exceptions) are emptied; the example's company name is replaced.
What remains is the structure and the prose to adapt, and `soclint check`
lists what is left to do.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from soclint.atomic_write import write_atomic
from soclint.document import split_file
from soclint.edit.front_matter import edit_front_matter
from soclint.errors import UsageError
from soclint.resources import data_path

EXAMPLE_COMPANY = "Kestrel Ledger"
EXAMPLE_LEGAL_NAME = "Kestrel Ledger, Inc."
LEFT_OUT = ("evidence",)
NEW_CONFIG = """\
# soclint configuration. Every key is optional; `soclint rule CODE` explains a rule.
#
# Start warning this many days before a review, evidence collection,
# acceptance or exception falls due.
warn_days: 30
# Each approval and sign-off is proven by the commit that recorded it: its
# author is the approver (author), or it carries the approver's SSH signature
# (signed). The roster gives each person's git addresses and keys.
provenance: author
# Pin the date checks judge against (useful for reproducing a past run):
# as_of: 2026-12-31
# Leave rules out, or change how severe they are:
# ignore: [V002]
# severity: {W003: info}
"""


def _draft(data: Any) -> None:
    data["status"] = "draft"
    data.pop("approval", None)
    if isinstance(data.get("review"), dict):
        data["review"].pop("last", None)


def _system_description(data: Any) -> None:
    data.pop("approval", None)


def _risk_register(data: Any) -> None:
    data.pop("signoff", None)
    data["reviews"] = []
    for risk in data.get("risks") or []:
        for key in ("acceptance", "due"):
            risk.pop(key, None)
        risk["status"] = "open"


def _vendor_register(data: Any) -> None:
    for vendor in data.get("vendors") or []:
        for key in ("last_review", "soc2", "questionnaire"):
            vendor.pop(key, None)


def _roster(data: Any) -> None:
    # The example's people commit and sign as themselves: a new program proves its own.
    for person in data.get("people") or []:
        for key in ("git_emails", "github", "keys"):
            person.pop(key, None)


def _emptied(key: str) -> Callable[[Any], None]:
    def empty(data: Any) -> None:
        data[key] = []

    return empty


RESETS: dict[str, Callable[[Any], None]] = {
    "policy": _draft,
    "procedure": _draft,
    "standard": _draft,
    "control": _emptied("evidence"),
    "roster": _roster,
    "system-description": _system_description,
    "risk-register": _risk_register,
    "vendor-register": _vendor_register,
    "evidence-register": _emptied("evidence"),
    "activity-log": _emptied("activities"),
    "exception-register": _emptied("exceptions"),
    "acknowledgement-register": _emptied("acknowledgements"),
}


def _renamed(value: Any, company: str) -> Any:
    """`value` with the example's company name replaced in every string, quoting kept."""
    if isinstance(value, dict):
        for key in value:
            value[key] = _renamed(value[key], company)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _renamed(item, company)
    elif isinstance(value, str) and EXAMPLE_COMPANY in value:
        return type(value)(_rename(value, company))
    return value


def _rename(text: str, company: str) -> str:
    # The legal name first, so "Acme, Inc." does not become "Acme, Inc., Inc.".
    return text.replace(EXAMPLE_LEGAL_NAME, company).replace(EXAMPLE_COMPANY, company)


def _start_over(company: str) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        if not isinstance(data, dict):
            return
        reset = RESETS.get(str(data.get("type")))
        if reset is not None:
            reset(data)
        _renamed(data, company)

    return change


def create_program(directory: Path, company: str) -> list[Path]:
    """Copy the example into `directory` (new or empty) as a fresh program of `company`."""
    company = company.strip()
    if not company or "\n" in company:
        raise UsageError("--company must be a non-empty name on one line")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory} already exists and is not an empty folder")
    source = data_path("policies-example")
    shutil.copytree(
        source,
        directory,
        ignore=lambda folder, names: [n for n in names if n in LEFT_OUT and Path(folder) == source],
        dirs_exist_ok=True,
    )
    created = sorted(p for p in directory.rglob("*") if p.is_file())
    for file in created:
        text = file.read_text(encoding="utf-8")
        try:
            opening, front_matter, rest = split_file(text)
        except ValueError:
            opening, front_matter, rest = "", "", text
        # The name goes into the prose as text and into the front-matter as YAML values,
        # so a name such as `Acme: Labs` cannot break the YAML.
        if EXAMPLE_COMPANY in rest:
            rest = _rename(rest, company)
            write_atomic(file, (opening + front_matter + rest).encode("utf-8"))
        if opening:
            edit_front_matter(file, _start_over(company))
    write_atomic(directory / "soclint.yaml", NEW_CONFIG.encode("utf-8"))
    return created
