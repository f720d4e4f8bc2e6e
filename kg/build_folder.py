"""The output folder of ``kg build``: its lock, the staging folder, and the commit.

A build writes every output into a staging folder inside the output folder
(``<out>/.build.<random>.tmp``) and moves them into place together only once all of
them are written and checked: extractions.jsonl, graph.trig, graph.html and the store,
then report.json last. Until that commit the output folder holds the previous build's
outputs, all of them, whenever the build stops: an error, Ctrl-C, SIGTERM, or SIGKILL
(and the next build removes what a killed one left). The commit is a handful of
renames within one file system, with SIGINT and SIGTERM held back while they run.

A lock on ``<out>/.lock`` keeps two builds out of one folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.io import cannot_write

OUTPUTS = ("extractions.jsonl", "graph.trig", "store", "graph.html", "report.json")
"""A build's outputs, in the order of the commit (report.json, last, says it is done)."""
STAGE_PREFIX = ".build."
_LOCK = ".lock"
_TMP = ".tmp"


def output_folder(out: Path) -> Path:
    """``out``, created if missing; a :class:`KGError` when it cannot be a folder."""
    from kg.read import shown

    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise KGError(f"{shown(out)}: the output folder is an existing file") from None
    except OSError as exc:
        raise KGError(f"{shown(out)}: cannot create the output folder ({exc.strerror or type(exc).__name__})") from None
    return out


@contextlib.contextmanager
def locked(out: Path) -> Iterator[bool]:
    """Hold an exclusive lock on ``out`` for the build (released even on SIGKILL);
    yields whether the platform has such locks."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, so no leftover clean-up
        yield False
        return
    # A POSIX record lock belongs to this process alone: forked workers do not hold it,
    # and it goes when the process dies.
    try:
        fh = open(out / _LOCK, "a+b")  # noqa: SIM115 -- closed by the with below
    except OSError as exc:
        from kg.read import shown

        raise KGError(f"{shown(out / _LOCK)}: cannot open the build's lock ({exc.strerror})") from None
    with fh:
        try:
            fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise KGError(f"another kg build is writing {out}; wait for it or choose another --out") from None
        try:
            yield True
        finally:
            fcntl.lockf(fh.fileno(), fcntl.LOCK_UN)


def remove_leftovers(out: Path) -> None:
    """Delete what an interrupted build left in ``out``: its staging folder, the
    temporary files and folders of its outputs (``kg.io`` and ``kg.stores`` name them
    ``.<output>.<random>.tmp``) and a ``.store.old``."""
    for child in out.iterdir():
        name = child.name
        ours = name.startswith(STAGE_PREFIX) or any(name.startswith(f".{o}.") for o in OUTPUTS)
        if ours and (name.endswith(_TMP) or name == ".store.old"):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    child.unlink()


def check_targets(out: Path) -> None:
    """Raise the error the commit would meet: an output file whose place holds a folder
    (checked before the build starts, and again before the commit moves anything)."""
    from kg.read import shown

    for name in OUTPUTS:
        target = out / name
        if name != "store" and target.is_dir() and not target.is_symlink():
            raise KGError(f"{shown(target)}: cannot write (Is a directory)")


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh staging folder in ``out``, removed when the block ends (committed or not).

    An error raised in the block that names a file of the staging folder names the
    output it stands for instead (``out/graph.trig: cannot write (No space left on
    device)``): the user knows the output, not the staging folder, which is gone.
    """
    from kg.read import shown

    try:
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, suffix=_TMP, dir=out))
    except OSError as exc:
        raise cannot_write(out, exc) from None
    names = {f"{place}{os.sep}": f"{final}{os.sep}" for place, final in ((stage, out), (shown(stage), shown(out)))}
    try:
        yield stage
    except KGError as exc:
        exc.args = tuple(_renamed(a, names) if isinstance(a, str) else a for a in exc.args)
        raise
    except OSError as exc:
        if isinstance(exc.filename, str):
            exc.filename = _renamed(exc.filename, names)
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _renamed(text: str, names: dict[str, str]) -> str:
    for place, final in names.items():
        text = text.replace(place, final)
    return text


_stops: list[BaseException] = []


def note_stop(exc: BaseException) -> None:
    """Remember the exception a signal handler is about to raise (the CLI's, for Ctrl-C
    and SIGTERM). Python drops an exception raised in a finaliser or a weakref callback
    ("Exception ignored in …"): a stop landing there would be lost, and the build would
    go on and replace the outputs. :func:`raise_if_stopped` raises it again where it
    cannot be lost."""
    _stops.append(exc)


def clear_stops() -> None:
    """Forget the stops noted so far (a new command begins)."""
    _stops.clear()


def first_stop() -> BaseException | None:
    """The first stop noted, if any."""
    return _stops[0] if _stops else None


def raise_if_stopped() -> None:
    """Raise (anew) the first stop noted, if any: a build calls this between its stages
    and before it puts its outputs in place."""
    if (first := first_stop()) is not None:
        raise type(first)(*first.args)


def commit(stage: Path, out: Path) -> None:
    """Move the outputs in ``stage`` into ``out``, replacing the previous ones.

    A store already in ``out`` is set aside first and deleted once everything is in
    place. SIGINT and SIGTERM wait until that is done; a stop noted before (see
    :func:`note_stop`) is raised before anything moves.

    Raises:
        KGError: an output cannot be put in place (nothing is moved then).
    """
    check_targets(out)
    old_store = out / ".store.old"
    with _signals_held():
        raise_if_stopped()  # (a stop lost in a finaliser: nothing moves)
        try:
            for name in OUTPUTS:
                new, target = stage / name, out / name
                if not new.exists():
                    continue
                if name == "store":
                    shutil.rmtree(old_store, ignore_errors=True)
                    if target.exists() or target.is_symlink():
                        target.rename(old_store)
                new.replace(target)
        except OSError as exc:
            raise cannot_write(out / name, exc) from None
        shutil.rmtree(old_store, ignore_errors=True)
        with contextlib.suppress(OSError):
            old_store.unlink()  # a file or link that stood where the store goes


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs, then act on them (from the
    main thread only, where Python runs signal handlers; elsewhere, nothing to do)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous: dict[int, Any] = {}
    try:
        for s in (signal.SIGINT, signal.SIGTERM):
            previous[s] = signal.signal(s, lambda signum, frame: held.append(signum))
        yield
    finally:
        error = restore_signal_handlers(previous)
        if error is not None:
            raise error
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)


def restore_signal_handlers(previous: dict[int, Any]) -> BaseException | None:
    """Put every handler of ``previous`` back, even when a signal that arrived meanwhile
    makes a restored handler raise (``signal.signal`` first runs the handlers of the
    signals pending, and changes nothing if one raises: it is called again). A handler
    left swapped would swallow that signal for the rest of the process. Returns the
    first exception raised on the way."""
    error: BaseException | None = None
    for s, handler in previous.items():
        while True:
            try:
                signal.signal(s, signal.SIG_DFL if handler is None else handler)
                break
            except BaseException as exc:  # noqa: BLE001 -- raised once every handler is back
                error = error or exc
    return error
