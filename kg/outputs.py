"""Checks of the paths a command writes to (``kg export``, ``kg view``), made before
any work, so that a bad ``--out`` is one line naming it.

Outputs are written atomically (:mod:`kg.io`: a temporary sibling renamed over the
target), which would silently *replace* whatever stands at the target: a named pipe, or,
for root, a device such as ``/dev/full``. Those are refused here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kg.errors import KGError


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise KGError(f"{_shown(path)}: cannot write ({exc.strerror or type(exc).__name__})") from None


def _shown(path: Path) -> str:
    from kg.read import shown

    return shown(path)


def _kind(mode: int) -> str:
    from kg.read import file_kind

    return file_kind(mode)


def output_file(path: Path) -> Path:
    """Return ``path`` if a file may be written there: nothing there yet, or a regular file.

    Raises:
        KGError: ``"<path>: is a directory"`` or ``"<path>: is a named pipe …"`` (a
            device, a socket), or a parent that is a file.
    """
    path = Path(path)
    st = _stat(path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise KGError(f"{_shown(path)}: is a directory; give the path of a file to write")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise KGError(f"{_shown(path)}: is {_kind(st.st_mode)}, not a file kg can replace")
    _parents(path)
    return path


def output_folder(path: Path) -> Path:
    """Return ``path`` if a folder may be written there: nothing there yet, or a folder.

    Raises:
        KGError: ``"<path>: is a file, not a folder"`` (or a pipe, a device), or a
            parent that is a file.
    """
    path = Path(path)
    st = _stat(path)
    if st is not None and not stat.S_ISDIR(st.st_mode):
        what = "a file" if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)
        raise KGError(f"{_shown(path)}: is {what}, not a folder")
    _parents(path)
    return path


def _parents(path: Path) -> None:
    """Refuse a path below a file (``out.txt/x``): no folder can be made there."""
    for parent in path.absolute().parents:
        st = _stat(parent)
        if st is None:
            continue
        if not stat.S_ISDIR(st.st_mode):
            raise KGError(f"{_shown(path)}: cannot write: {_shown(parent)} is a file, not a folder")
        return
