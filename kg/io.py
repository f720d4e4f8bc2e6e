"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A killed build therefore never leaves a half-written output: readers see either the
previous file or the new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import KGError


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary sibling of ``path`` for writing; rename it over ``path`` on success.

    Args:
        path: the final file.
        mode: ``"w"`` (text) or ``"wb"`` (binary).
        encoding: text encoding (ignored in binary mode).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    fh = None
    try:
        fh = os.fdopen(fd, mode, encoding=None if "b" in mode else encoding, newline="" if "b" not in mode else None)
        try:
            yield fh
        except OSError as exc:
            # a write of the caller's that found the disk full (such an error names no file)
            if exc.filename is None and exc.errno in _FULL:
                raise cannot_write(target, exc) from None
            raise
        try:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
            os.replace(tmp, target)
        except OSError as exc:
            raise cannot_write(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            if fh is None:
                os.close(fd)
            else:
                fh.close()  # its flush fails again on a full disk; the file is closed all the same
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""The errors of a write that found no room (disk full, quota, file size limit)."""


def cannot_write(target: Path, exc: OSError) -> KGError:
    """The one-line error of an output that cannot be written (the previous one stays)."""
    from kg.read import shown

    return KGError(f"{shown(target)}: cannot write ({exc.strerror or type(exc).__name__})")


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_open(path, "w") as fh:
        fh.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
