"""The cyclic garbage collector waits while a check runs, and resumes as it was."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import run, write_files

from soclint.collector import collector_paused


def test_the_collector_is_paused_inside_and_resumes_after_even_on_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_check_leaves_the_collector_running(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": "---\ntype: standard\nid: A\ntitle: T\nownr: x\n---\n"})
    assert [f.code for f in run(tmp_path, select=["V002"]).findings] == ["V002"]
    assert gc.isenabled()
