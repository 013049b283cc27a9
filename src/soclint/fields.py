"""Where documents name other things: the keys that hold a component id, the ids those keys
name across the repository, and where a category sits in the system description."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from soclint.document import Document
from soclint.keypaths import KeyPath
from soclint.repository import Repository

# A key path with "*" standing for every item of a list.
Pattern = tuple[str, ...]

COMPONENT_FIELDS: dict[str, tuple[Pattern, ...]] = {
    "policy": (("applies_to", "*"),),
    "procedure": (("applies_to", "*"),),
    "standard": (("applies_to", "*"),),
    "asset-inventory": (("assets", "*", "component"),),
}


def references(
    repository: Repository, table: Mapping[str, tuple[Pattern, ...]]
) -> Iterator[tuple[Document, KeyPath, str]]:
    """Each (document, key path, id) that a field of `table` names."""
    for doc_type, patterns in table.items():
        for doc in repository.by_type.get(doc_type, []):
            for pattern in patterns:
                for path, value in doc.values_at(*pattern):
                    if isinstance(value, str):
                        yield doc, path, value


def category_item(scope: Document, category: str) -> KeyPath:
    """The key path of `category` in the `categories` of the system description."""
    categories = scope.get("categories")
    if isinstance(categories, list) and category in categories:
        return ("categories", categories.index(category))
    return ("categories",)
