"""Which URL path prefix of soclint.yaml's site_paths a website link starts with."""

from __future__ import annotations

import pytest

from soclint.link_targets import SitePaths

SITE = SitePaths({"/a": "content/a", "/a/b": "content/b", "/docs": "docs"})


@pytest.mark.parametrize(
    ("address", "prefix"),
    [
        ("/a", "/a"),
        ("/a/", "/a"),
        ("/a/x/y.html", "/a"),
        ("/a/b", "/a/b"),
        ("/a/b/c/", "/a/b"),
        ("/a/bc", "/a"),
        ("/ab", None),
        ("/docs/guide/", "/docs"),
        ("/doc", None),
        ("/", None),
        ("//a", None),
    ],
)
def test_the_longest_prefix_of_whole_names_is_the_one(address: str, prefix: str | None) -> None:
    assert SITE.prefix_of(address) == prefix


def test_the_root_prefix_holds_every_path_no_longer_one_holds() -> None:
    site = SitePaths({"/": "public", "/a": "content/a"})
    assert site.prefix_of("/x/y") == "/"
    assert site.prefix_of("/") == "/"
    assert site.prefix_of("/a/y") == "/a"


def test_no_prefix_without_site_paths() -> None:
    assert SitePaths({}).prefix_of("/a/b") is None
