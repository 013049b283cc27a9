"""What adopt can tell about a document from what it already holds, and how it told.

Each answer carries `how`: the folder, title, key or text it came from, so
the person who reviews the adoption knows what to check. A policy's kind is
always a guess: the words of the title (else of the file name) matched
against the rule pack's suite kinds and their common synonyms.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from soclint.catalog import Catalog
from soclint.markdown import Body
from soclint.pack import Pack

# Folder names and title words that say what a document is; anything else is a policy.
TYPE_WORDS = {
    "procedure": ("procedure", "procedures", "runbook", "runbooks", "playbook", "playbooks"),
    "standard": ("standard", "standards", "guideline", "guidelines", "baseline", "baselines"),
    "policy": ("policy", "policies"),
}
# Folders that hold supporting documents of these types (a control catalog is a standard).
TYPE_FOLDERS = {**TYPE_WORDS, "standard": (*TYPE_WORDS["standard"], "controls")}
# Common names of the suite kinds, as words of a title or file name. A synonym wins
# over a kind of the same words: a "data retention" policy is the record-retention one.
# fmt: off
KIND_SYNONYMS = {
    "acceptable-use": ("acceptable use", "aup"),
    "information-security": ("information security", "infosec", "security program", "isms"),
    "access-control": ("access", "access management", "identity", "remote access"),
    "change-management": ("change", "change control", "changes"),
    "secure-sdlc": (
        "sdlc", "software development", "development lifecycle", "secure development",
        "application security", "appsec", "secure coding", "development",
    ),
    "vendor-risk": (
        "vendor", "vendors", "vendor management", "third party", "third parties",
        "supplier", "suppliers", "supply chain",
    ),
    "incident-response": ("incident", "incidents", "incident management", "breach"),
    "business-continuity": ("continuity", "bcp", "disaster recovery", "resilience"),
    "data-classification": ("classification", "data handling"),
    "cryptography": ("encryption", "cryptographic", "crypto"),
    "logging-monitoring": ("logging", "monitoring", "log", "logs", "log management"),
    "vulnerability-management": (
        "vulnerability", "vulnerabilities", "patch", "patching", "patch management",
    ),
    "workstation-mobile": (
        "workstation", "workstations", "endpoint", "endpoints", "mobile device",
        "mobile devices", "device", "devices", "byod", "laptop", "laptops",
    ),
    "hr-security": (
        "hr", "human resources", "personnel", "people security", "employee", "employees",
        "security awareness", "training",
    ),
    "record-retention": ("retention", "data retention", "records retention", "records"),
    "privacy": ("data privacy", "privacy management"),
    "risk-management": ("risk", "risk assessment", "risks"),
    "physical-security": (
        "physical", "datacenter", "data center", "office security", "facilities", "office",
    ),
}
# fmt: on
_WORD_BREAKS = re.compile(r"[^a-z0-9]+")
_ID_BREAKS = re.compile(r"[^A-Za-z0-9._-]+")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Guess:
    """A value adopt fills in, and how it was found."""

    value: Any
    how: str


def _words(text: str) -> str:
    """`text` as lowercase words between single spaces, padded with one space each side."""
    return " " + " ".join(_WORD_BREAKS.split(text.lower())).strip() + " "


def _name_of(path: str) -> str:
    """The file's name without its suffix; for `index.md` (a website's page bundle), its
    folder's name."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    folder = posixpath.basename(posixpath.dirname(path))
    return folder if stem.lower() in ("index", "_index") and folder else stem


def guess_type(path: str, title: str) -> Guess:
    """procedure, standard or policy: from the title's words, else the folders, else policy."""
    words = _words(title)
    for doc_type, names in TYPE_WORDS.items():
        if any(f" {name} " in words for name in names):
            return Guess(doc_type, f"the title says {doc_type}")
    for folder in reversed(path.split("/")[:-1]):
        for doc_type, names in TYPE_FOLDERS.items():
            if folder.lower() in names:
                return Guess(doc_type, f"its folder is {folder}/")
    return Guess("policy", "nothing names it a procedure or a standard")


def kind_phrases(pack: Pack) -> dict[str, str]:
    """The words that name each suite kind of `pack` -> that kind."""
    known = pack.known_kinds
    phrases = {kind.replace("-", " "): kind for kind in sorted(known)}
    for kind, synonyms in KIND_SYNONYMS.items():
        if kind in known:
            phrases.update((synonym, kind) for synonym in synonyms)
    return phrases


def _best_phrase(text: str, phrases: dict[str, str]) -> str | None:
    """The phrase of `phrases` that `text` holds with the most words (the first on a tie)."""
    words = _words(text)
    found = [(p.count(" "), -words.index(f" {p} "), p) for p in phrases if f" {p} " in words]
    return max(found)[2] if found else None


def guess_kind(title: str, path: str, phrases: dict[str, str]) -> Guess | None:
    """The suite kind a policy's title, else its file name, names; None when neither does."""
    for what, text in (("title", title), ("file name", _name_of(path))):
        phrase = _best_phrase(text, phrases)
        if phrase is not None:
            return Guess(phrases[phrase], f"a guess from the {what} {text!r} ({phrase!r})")
    return None


def as_id(text: str) -> str | None:
    """`text` made an id (letters, digits, `.`, `_`, `-`), None when nothing is left."""
    made = _ID_BREAKS.sub("-", text).strip("-._")
    return made if made and _ID.match(made) else None


def guess_id(keys: dict[str, Any], path: str) -> Guess:
    """The id: comply's acronym, else a website's slug, else the file name."""
    for key, how in (("acronym", "comply's acronym"), ("slug", "the slug")):
        value = keys.get(key)
        made = as_id(value) if isinstance(value, str) else None
        if made is not None:
            return Guess(made, how)
    return Guess(as_id(_name_of(path)) or "document", "the file name")


def guess_title(keys: dict[str, Any], body: str, path: str) -> Guess:
    """The title: comply's name, else the first heading, else the file name."""
    name = keys.get("name")
    if isinstance(name, str) and name.strip():
        return Guess(name.strip(), "comply's name")
    headings = Body(body).headings
    if headings:
        first = min(headings, key=lambda heading: heading.level)
        return Guess(first.text, "its first heading")
    words = _WORD_BREAKS.split(_name_of(path).lower())
    return Guess(" ".join(words).strip().capitalize() or path, "the file name")


def _declared_criteria(keys: dict[str, Any]) -> tuple[list[str], str] | None:
    """The criteria the front-matter declares: comply's `satisfies`, or a `tsc_criteria`
    list; with where they come from."""
    satisfies = keys.get("satisfies")
    if isinstance(satisfies, dict):
        listed = [i for items in satisfies.values() if isinstance(items, list) for i in items]
        return [str(item) for item in listed], "comply's satisfies"
    for key in ("tsc_criteria", "criteria", "tsc"):
        value = keys.get(key)
        if isinstance(value, list):
            return [str(item) for item in value], f"its {key}"
    return None


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class Controls:
    """The criteria a document maps, how they were found, and those no catalog holds."""

    value: list[str]
    how: str
    unknown: list[str]


def guess_controls(keys: dict[str, Any], body: str, catalog: Catalog) -> Controls | None:
    """What the document maps: the criteria its front-matter declares (a series such as
    `CC6` standing for each of its criteria; ids the catalog lacks kept), else those its
    text names (ranges such as `CC6.1–CC6.4` expanded); None when there are none."""
    declared = _declared_criteria(keys)
    if declared is not None:
        listed, how = declared
        value: list[str] = []
        for item in listed:
            members = [] if item in catalog else catalog.of_series(item)
            value += members or [item]
        value = _distinct(value)
        if value:
            unknown = [item for item in value if item not in catalog]
            return Controls(value, how, unknown)
    named = _distinct(
        mention.criterion for _line, text in Body(body).prose for mention in catalog.mentions(text)
    )
    if not named:
        return None
    return Controls(named, "the criteria its text names", [])
