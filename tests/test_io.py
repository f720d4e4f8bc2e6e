"""kg.io.atomic_open: the previous file or the new one, and one named error on a full disk."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from kg.errors import KGError
from kg.io import atomic_open


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files opened by atomic_open write to /dev/full: every flush fails with ENOSPC."""
    real = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        os.close(fd)
        return real(os.open("/dev/full", os.O_WRONLY), mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_new_file_replaces_the_old_only_when_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("half")
        raise RuntimeError("stopped")
    assert target.read_text() == "old" and not _leftovers(tmp_path)
    with atomic_open(target) as fh:
        fh.write("new")
    assert target.read_text() == "new" and not _leftovers(tmp_path)


@pytest.mark.usefixtures("full_disk")
@pytest.mark.parametrize("size", [10, 1 << 20])  # flushed at the end, or by a write of the caller's
def test_a_full_disk_is_one_error_naming_the_file(tmp_path: Path, size: int) -> None:
    target = tmp_path / "graph.trig"
    target.write_text("old")
    with pytest.raises(KGError) as caught, atomic_open(target) as fh:
        fh.write("x" * size)
    assert str(caught.value) == f"{target}: cannot write (No space left on device)"
    assert target.read_text() == "old" and not _leftovers(tmp_path)


@pytest.mark.usefixtures("full_disk")
def test_the_callers_own_error_is_not_replaced_by_the_failing_close(tmp_path: Path) -> None:
    # the buffered text cannot be flushed when the file is closed on the way out: that
    # second failure must not hide the error that stopped the caller
    target = tmp_path / "report.json"
    with pytest.raises(ValueError, match="bad value"), atomic_open(target) as fh:
        fh.write("{")
        raise ValueError("bad value")
    assert not target.exists() and not _leftovers(tmp_path)


def test_an_error_of_another_file_passes_unchanged(tmp_path: Path) -> None:
    missing = tmp_path / "input.txt"
    with pytest.raises(FileNotFoundError) as caught, atomic_open(tmp_path / "out.txt") as fh:
        fh.write(missing.read_text())
    assert caught.value.filename == str(missing)
    with pytest.raises(OSError) as caught2, atomic_open(tmp_path / "out.txt"):
        raise OSError(errno.ENOSPC, "No space left on device", str(missing))  # names its own file
    assert not isinstance(caught2.value, KGError) and caught2.value.filename == str(missing)
    assert not (tmp_path / "out.txt").exists() and not _leftovers(tmp_path)
