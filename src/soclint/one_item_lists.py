"""A single value where a document's schema expects a list of ids or names, read as the
one-item list people mean by it: `controls: CC6.1` is `controls: [CC6.1]`.

The keys are found in the schemas, not listed by hand: every list whose items
are strings (criterion and control ids, evidence ids, components, categories,
roles), at any depth, in the rows of registers too. Documents are read this way
wherever they are read, so the rules judge the id, the schema checks it as a
list item, and the content digest is the same for both spellings.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from soclint.validation import document_schema

# A key path with "*" for every item of a list.
Pattern = tuple[str, ...]


@cache
def list_keys(doc_type: str) -> tuple[Pattern, ...]:
    """Where the schema of `doc_type` expects a list of strings."""
    return tuple(_lists_in(document_schema(doc_type), ()))


def _lists_in(schema: dict[str, Any], path: Pattern) -> Iterator[Pattern]:
    for key, value in schema.get("properties", {}).items():
        if not isinstance(value, dict):
            continue
        items = value.get("items")
        if value.get("type") == "array" and isinstance(items, dict):
            if _holds_strings(items):
                yield (*path, key)
            else:
                yield from _lists_in(items, (*path, key, "*"))
        elif value.get("type") == "object":
            yield from _lists_in(value, (*path, key))


def _holds_strings(schema: dict[str, Any]) -> bool:
    choices = schema.get("enum")
    if isinstance(choices, list):
        return all(isinstance(choice, str) for choice in choices)
    return schema.get("type") == "string"


def read_as_lists(data: dict[str, Any], doc_type: str) -> None:
    """Turn each string of `data` (the front-matter of a `doc_type` document) that its
    schema expects as a list of strings into the one-item list."""
    for pattern in list_keys(doc_type):
        *steps, last = pattern
        level: list[Any] = [data]
        for step in steps:
            following: list[Any] = []
            for node in level:
                if step == "*" and isinstance(node, list):
                    following += node
                elif isinstance(node, dict) and isinstance(node.get(step), (dict, list)):
                    following.append(node[step])
            level = following
        for node in level:
            if isinstance(node, dict) and isinstance(node.get(last), str):
                node[last] = [node[last]]
