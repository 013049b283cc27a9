"""The documents a program needs that an adopted repository lacks, written as drafts.

A roster with one person per git author of the adopted documents (roles left
for a person to assign), a system description (comply's narratives folded
into its body), and soclint.yaml, which reads exactly the adopted documents
and declares the keys the repository's other tools keep in them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from soclint.adoption.guesses import as_id

# A scalar YAML reads as this very string, whichever YAML version reads it.
_PLAIN = re.compile(r"^[A-Za-z0-9/_][A-Za-z0-9 ._/@+-]*$")
_NOT_PLAIN = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"})
_EMAIL = re.compile(r"^[^@\s\"\\]+@[^@\s\"\\]+\.[^@\s\"\\]+$")
ROSTER_FILE = "roster.md"
SYSTEM_FILE = "system-description.md"
ROSTER_ID = "roster"
SYSTEM_ID = "system"


def yaml_string(text: str) -> str:
    """`text` as a YAML scalar: plain when it reads back as itself, else double-quoted."""
    plain = (
        _PLAIN.match(text)
        and text.lower() not in _NOT_PLAIN
        and not text.endswith(" ")
        and not re.match(r"^[0-9._+-]+$", text)
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def yaml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_string(item) for item in items) + "]"


@dataclass(frozen=True)
class Author:
    """A person who wrote commits: `name` as most of their commits give it."""

    name: str
    email: str
    commits: int


def authors_of(commits: Iterable[tuple[str, str]]) -> list[Author]:
    """The people behind `commits` given as (author name, email), one per email, the most
    active first; bots (`name[bot]`) are left out."""
    names: dict[str, Counter[str]] = {}
    for name, email in commits:
        if name.endswith("[bot]") or "[bot]@" in email:
            continue
        names.setdefault(email.lower() or name, Counter())[name] += 1
    people = [
        Author(counts.most_common(1)[0][0], key if "@" in key else "", sum(counts.values()))
        for key, counts in names.items()
    ]
    return sorted(people, key=lambda author: (-author.commits, author.name))


def person_id(name: str, email: str) -> str:
    """`Ada Lovelace` -> `ada.lovelace`; from the email's name part when the name has no
    letters a person id can hold."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    made = ".".join(words) or as_id(email.partition("@")[0].lower()) or "person"
    return made


def roster_text(company: str, authors: Sequence[Author]) -> str:
    """The roster: one person per author, with no roles yet, and the authorities soclint
    checks, each given to a role to be assigned."""
    lines = [
        "---",
        "type: roster",
        f"id: {ROSTER_ID}",
        "title: People and Authority",
        "# One person per git author of the policy documents. Give each the roles they hold,",
        "# and add the people who approve and own documents without writing them.",
    ]
    taken: set[str] = set()
    people = []
    for author in authors:
        base = person_id(author.name, author.email)
        chosen, number = base, 2
        while chosen in taken:
            chosen, number = f"{base}{number}", number + 1
        taken.add(chosen)
        people += [f"  - id: {chosen}", f"    name: {yaml_string(author.name)}"]
        if _EMAIL.match(author.email):
            people.append(f"    email: {yaml_string(author.email)}")
        people.append("    roles: []")
    lines += ["people:", *people] if people else ["people: []"]
    lines += [
        "# Which roles may approve policies and sign off the scope.",
        "authority:",
        "  approve-policy: [security-lead]",
        "  sign-off-scope: [ceo]",
        "---",
        "",
        "# People and Authority",
        "",
        f"The people of the {company} SOC 2 program, and the roles that may approve its",
        "documents and sign off its scope. Every document names its owner and approvers by",
        "their id here.",
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Narrative:
    """A comply narrative folded into the system description: its file and body."""

    path: str
    body: str


def system_description_text(company: str, narratives: Sequence[Narrative]) -> str:
    """A draft system description: security in scope, the report type and components to
    fill in, and comply's narratives, if any, as its body."""
    title = f"{company} System Description"
    lines = [
        "---",
        "type: system-description",
        f"id: {SYSTEM_ID}",
        f"title: {yaml_string(title)}",
        "# The report: type 1 describes the controls at one date (as_of), type 2 tests their",
        "# operation over a period (period: {start, end}).",
        "report:",
        "  type: 2",
        "categories: [security]",
        "# The parts of the system in scope: id, name, kind, environment, in_scope, owner,",
        "# vendor, data.",
        "components: []",
        "---",
        "",
    ]
    text = "\n".join(lines)
    if not narratives:
        intro = [
            f"# {title}",
            "",
            f"What the {company} system is, the services it provides, its components and",
            "its boundaries, as the SOC 2 report will describe them.",
            "",
        ]
        return text + "\n".join(intro)
    parts = []
    for narrative in narratives:
        body = narrative.body.replace("\r\n", "\n").strip("\n")
        parts.append(f"<!-- from {narrative.path} -->\n\n{body}\n")
    return text + "\n".join(parts)


def config_text(
    excluded: Sequence[str], include: Sequence[str] | None, own_keys: Mapping[str, Sequence[str]]
) -> str:
    """soclint.yaml: the files left out (gitignore patterns), the files read when the
    default would miss some, and the keys the repository's other tools keep."""
    lines = [
        "# soclint configuration, written by `soclint adopt`. `soclint rule CODE` explains a",
        "# rule; every key is optional.",
    ]
    if include is not None:
        lines += ["# The files soclint reads.", "include:"]
        lines += [f"  - {yaml_string(pattern)}" for pattern in include]
    if excluded:
        lines += ["# Files that are not documents of the program.", "extend_exclude:"]
        lines += [f"  - {yaml_string(pattern)}" for pattern in excluded]
    if own_keys:
        lines += [
            "# Keys the repository's other tools keep in the documents: soclint allows them,",
            "# never judges them and leaves them out of the approval digest.",
            "own_keys:",
        ]
        lines += [f"  {doc_type}: {yaml_list(keys)}" for doc_type, keys in own_keys.items()]
    return "\n".join(lines) + "\n"
