"""Documents that exist but whose front-matter cannot be read, and what they most likely hold.

A parse error is one finding, reported by the structure rules. A rule that is
about to report something missing that such a document may hold (a policy
kind, the document of a type, a mapping) asks here first, so that one broken
file does not also read as a missing policy and a dozen uncovered criteria:
fixing the parse error is the one fix, and the rules judge the document again
once it parses.

What the document holds is guessed from its text one top-level key at a time,
for the keys the rules ask about (type, id, kind, the mappings and the rows of
a register): a key whose own lines parse gives its value; a key whose lines do
not gives the words of its text (for a list such as `controls`, the ids it most
likely names). A file with no front-matter at all is not a document, and holds
nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from soclint.document import DOCUMENT_TYPES, Document
from soclint.repository import REGISTERS, Repository
from soclint.suggestions import Suggestions
from soclint.yamltree import parse_yaml

# A top-level key: a plain key at the start of a line, then a colon.
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_-]*)[ \t]*:", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Each is parsed once at most, so a hostile file of many keys costs a few parses.
_GUESSED_KEYS = frozenset({"type", "id", "kind", "controls", "criteria", *REGISTERS.values()})
# A longer entry is read as words only: parsing it again would double the cost of
# reading a large broken file, for a guess the words make nearly as well.
_MAX_PARSED_ENTRY = 64 * 1024


# The structure rule that reports each problem that leaves a document unread.
REPORTED_BY = {
    "yaml-syntax": "S002",
    "not-utf8": "S004",
    "file-too-large": "S005",
    "unreadable": "S010",
}


def unparsed_documents(
    repository: Repository, fails: Callable[[str], bool] = lambda code: True
) -> list[Document]:
    """Each document whose front-matter cannot be read, as a Document holding what its
    text most likely says (`data` is the guess; it has no positions).

    Only a document whose problem fails the run stands in for what it may hold:
    `fails(code)` says whether a rule reports at error. With that rule turned off
    or down, the broken file would otherwise hide a missing policy unseen.
    """
    return [
        Document(path=doc.path, file=doc.file, data=_guess(doc.front_matter))
        for doc in repository.documents
        if doc.data is None
        and doc.problems
        and all(fails(REPORTED_BY.get(p.kind, "")) for p in doc.problems)
        and not any(p.kind == "front-matter-missing" for p in doc.problems)
    ]


def means_soclint(doc: Document) -> bool:
    """Whether `doc` is, or most likely means to be, a soclint document: its front-matter
    names one of soclint's types, or nearly (`Policy`, `polcy`), under `type` in any letter
    case or in the text of a front-matter that does not parse; or the file cannot be read
    at all to tell."""
    if doc.data is not None:
        return any(key.lower() == "type" and _names_a_type(doc.data[key]) for key in doc.data)
    if doc.front_matter:
        value = _guess(doc.front_matter).get("type")
        return any(_names_a_type(word) for word in (value if isinstance(value, list) else [value]))
    return not any(problem.kind == "front-matter-missing" for problem in doc.problems)


def _names_a_type(value: Any) -> bool:
    """Whether `value` is one of soclint's document types, or a near miss of one (a site's
    own `type: post` or `type: docs` is not)."""
    if not isinstance(value, str):
        return False
    word = value.lower()
    return word in DOCUMENT_TYPES or Suggestions().closest(word, DOCUMENT_TYPES, 0.8) is not None


def may_be(doc: Document, *doc_types: str) -> bool:
    """Whether a guessed document may be of one of `doc_types`: its type reads so, or
    cannot be read at all."""
    return doc.type is None or doc.type in doc_types


def reads_as(guessed: Iterable[Document], doc_type: str) -> tuple[bool, list[Document]]:
    """Whether a guessed document reads as of `doc_type`, and those whose type cannot be
    read at all (which may be of it)."""
    docs = list(guessed)
    return any(d.type == doc_type for d in docs), [d for d in docs if d.type is None]


def unread_note(docs: Iterable[Document], may: str) -> str:
    """'; a.md does not parse and may MAY' naming `docs`, or '' when there are none."""
    paths = [doc.path for doc in docs]
    if not paths:
        return ""
    named = paths[0] if len(paths) == 1 else f"{', '.join(paths[:-1])} and {paths[-1]}"
    return f"; {named} {'does' if len(paths) == 1 else 'do'} not parse and may {may}"


def ids_of(guessed: Iterable[Document], doc_type: str) -> set[str]:
    """The ids that guessed documents which may be of `doc_type` may define: the ids of a
    register's rows, else the document's own id (every word, where the text did not parse)."""
    key = REGISTERS.get(doc_type, "id")
    ids: set[str] = set()
    for doc in guessed:
        if may_be(doc, doc_type):
            value = doc.get(key)
            for item in value if isinstance(value, list) else [value]:
                found = item.get("id") if isinstance(item, dict) else item
                if isinstance(found, str):
                    ids.add(found)
    return ids


def _guess(front_matter: str) -> dict[str, Any]:
    guess: dict[str, Any] = {}
    keys = list(_TOP_LEVEL_KEY.finditer(front_matter))
    for index, match in enumerate(keys):
        key = match.group(1)
        if key not in _GUESSED_KEYS or key in guess:
            continue
        end = keys[index + 1].start() if index + 1 < len(keys) else len(front_matter)
        entry = front_matter[match.start() : end]
        tree = parse_yaml(entry) if len(entry) <= _MAX_PARSED_ENTRY else None
        if tree and not tree.problems and isinstance(tree.value, dict) and key in tree.value:
            guess[key] = tree.value[key]
        else:
            guess[key] = _WORD.findall(entry[len(key) + 1 :])
    return guess
