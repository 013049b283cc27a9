"""`soclint init`: a new program from the bundled example, ready to be made one's own.

Every policy, procedure and standard becomes a draft with its approval and
last review cleared; sign-offs, reviews and dated history (activities,
evidence, exceptions) are emptied; the example's company is replaced
everywhere: its name (also across a line break), its domain and account
names in addresses and links, and the initials its resource names start
with. The program gets a README of its own. What remains is the structure
and the prose to adapt, and `soclint check` lists what is left to do.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from soclint.atomic_write import write_atomic
from soclint.document import split_file
from soclint.edit.front_matter import edit_front_matter
from soclint.errors import UsageError
from soclint.resources import data_path

# The example company's name, also across a line break, and its legal name (replaced whole,
# so that "Acme, Inc." does not become "Acme, Inc., Inc.").
EXAMPLE_NAME = re.compile(r"Kestrel\s+Ledger(?:,\s+Inc\.)?")
# The example's domain and account names: kestrelledger.example, github.com/kestrel-ledger.
EXAMPLE_LABEL = re.compile(r"kestrel-?ledger", re.IGNORECASE)
# The example's initials that start its resource names: kl-prod-ledger, kl-backup-vault.
EXAMPLE_PREFIX = re.compile(r"\bkl-(?=[a-z])")
# What only the example needs: its evidence files, and its README (the program gets its own).
LEFT_OUT = ("evidence", "README.md")
# What a new repository may hold already: git's files (.git, .gitignore), a README, a licence.
_ALLOWED_STEMS = ("readme", "license", "licence")
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
NEW_README = """\
# {company} SOC 2 program

The policies, scope and registers of the {company} SOC 2 program, kept as
Markdown files with YAML front-matter and checked by soclint. It starts from
soclint's example: every policy is a draft to adapt, and the people,
components and vendors are placeholders to replace with your own.

## What is where

| Path | What it holds |
|---|---|
| `soclint.yaml` | soclint settings. |
| `roster.md` | The people of the program and the roles that may approve and sign off. |
| `system-description.md` | The audit scope: components, owners, vendors, what is out of scope. |
| `policies/` | The policies, each mapping the criteria it addresses. |
| `procedures/` | Step-by-step instructions that carry out a policy. |
| `standards/` | Exact technical settings behind a policy. |
| `controls/` | The company's own controls, and the evidence that shows each works. |
| `registers/` | Risks, vendors, assets, evidence, activities and exceptions. |

## Working on it

`soclint check` lists what is left to do, file and line; `soclint rule CODE`
explains a finding. Record an approval with
`soclint approve policies/NAME.md --by PERSON` and a review with
`soclint review policies/NAME.md --by PERSON`.
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


def domain_label(company: str) -> str:
    """The company's name as a domain or account name: "Acme Robotics, Inc." ->
    "acme-robotics-inc"."""
    ascii_name = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "company"


def _renamed(value: Any, rename: Callable[[str], str]) -> Any:
    """`value` with `rename` applied to every string, quoting kept."""
    if isinstance(value, dict):
        for key in value:
            value[key] = _renamed(value[key], rename)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _renamed(item, rename)
    elif isinstance(value, str) and rename(value) != value:
        return type(value)(rename(value))
    return value


def _renaming(company: str) -> Callable[[str], str]:
    """What replaces the example company in a text: its name, its domain and accounts."""
    label = domain_label(company)

    def rename(text: str) -> str:
        named = EXAMPLE_NAME.sub(lambda _found: company, text)
        named = EXAMPLE_PREFIX.sub(lambda _found: label + "-", named)
        return EXAMPLE_LABEL.sub(lambda _found: label, named)

    return rename


def _start_over(rename: Callable[[str], str]) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        if not isinstance(data, dict):
            return
        reset = RESETS.get(str(data.get("type")))
        if reset is not None:
            reset(data)
        _renamed(data, rename)

    return change


def company_name(text: str) -> str:
    """The `--company` option as documents are given it; UsageError for a name they cannot
    hold."""
    company = text.strip()
    if not company or not company.isprintable():
        raise UsageError("--company must be a non-empty name on one line")
    return company


def _refusal(directory: Path) -> str | None:
    """Why `directory` cannot receive a new program, or None when it can: it is new, or
    holds only what a new repository does (hidden entries such as .git, a README, a licence)."""
    if not directory.exists():
        return None
    if not directory.is_dir():
        return f"{directory} already exists and is not a folder"
    kept = [
        entry.name
        for entry in directory.iterdir()
        if not entry.name.startswith(".")
        and not (entry.is_file() and entry.name.split(".")[0].lower() in _ALLOWED_STEMS)
    ]
    if kept:
        return (
            f"{directory} already exists and holds {', '.join(sorted(kept)[:3])}; "
            "init starts a program in a new or empty folder (or one holding only .git, "
            "a README and a licence)"
        )
    return None


def create_program(directory: Path, company: str) -> list[Path]:
    """Copy the example into `directory` (new, empty, or a new git repository) as a fresh
    program of `company`; the files it wrote."""
    company = company_name(company)
    refusal = _refusal(directory)
    if refusal is not None:
        raise UsageError(refusal)
    has_readme = directory.is_dir() and any(
        entry.name.split(".")[0].lower() == "readme" for entry in directory.iterdir()
    )
    source = data_path("policies-example")
    shutil.copytree(
        source,
        directory,
        ignore=lambda folder, names: [n for n in names if n in LEFT_OUT and Path(folder) == source],
        dirs_exist_ok=True,
    )
    copied = sorted(
        directory / file.relative_to(source)
        for file in source.rglob("*")
        if file.is_file() and file.relative_to(source).parts[0] not in LEFT_OUT
    )
    rename = _renaming(company)
    for file in copied:
        text = file.read_text(encoding="utf-8")
        try:
            opening, front_matter, rest = split_file(text)
        except ValueError:
            opening, front_matter, rest = "", "", text
        # The name goes into the prose as text and into the front-matter as YAML values,
        # so a name such as `Acme: Labs` cannot break the YAML.
        if rename(rest) != rest:
            write_atomic(file, (opening + front_matter + rename(rest)).encode("utf-8"))
        if opening:
            edit_front_matter(file, _start_over(rename))
    write_atomic(directory / "soclint.yaml", NEW_CONFIG.encode("utf-8"))
    if not has_readme:
        readme = directory / "README.md"
        write_atomic(readme, NEW_README.format(company=company).encode("utf-8"))
        copied.append(readme)
    return copied
