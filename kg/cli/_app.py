"""The typer application and the one place where errors become ``Error: …``."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

import typer

from kg.build_folder import clear_stops, first_stop, note_stop
from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="Knowledge graphs from Chinese development-zone work reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@contextlib.contextmanager
def expected_errors() -> Iterator[None]:
    """Turn a :class:`KGError` into ``Error: …`` on stderr and exit code 1; so too an
    ``OSError`` (a full disk, a permission, a folder where a file should be), named by
    its file: the machine's state, not a bug of kg, and no traceback helps the user."""
    try:
        yield
    except KGError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        from kg.read import shown

        where = f"{shown(exc.filename)}: " if exc.filename is not None else ""
        typer.echo(f"Error: {where}{exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None


def main() -> None:
    """Console-script entry point (``kg``, ``python -m kg``).

    Once the command has returned, the exit handlers have run and stdout and stderr are
    flushed, the process ends with ``os._exit``: tearing the interpreter down (the
    modules of igraph, networkx, rdflib and a build's caches) took 0.2-0.3 s after
    every build and saves nothing, since every output is written and renamed into place
    before the command returns. An unexpected exception still ends the usual way,
    with its traceback.
    """
    clear_stops()
    sys.unraisablehook = _quiet_stops
    for signum, handler in ((signal.SIGINT, _interrupted), (signal.SIGTERM, _terminated)):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # (a background job's Ctrl-C stays ignored)
            signal.signal(signum, handler)
    # A terminal or pipe whose encoding has no Chinese (LANG=en_US.ISO-8859-1, an ASCII
    # PYTHONIOENCODING) shows names as \uXXXX escapes instead of ending in a traceback.
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        os.getcwd()
    except OSError:  # every relative path, and jieba's data files, would fail one by one
        typer.echo("Error: the current folder no longer exists (removed or moved away); "
                   "run kg from an existing folder", err=True)
        sys.exit(_finish(1))
    try:
        app()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:
        stop = _stopped_by_signal(exc)
        if stop is None:
            raise
        code = stop
    lost = _lost_stop()
    sys.exit(_finish(code if lost is None or code not in (0, None) else lost))


def _lost_stop() -> object | None:
    """The exit code of a stop whose exception was lost (see ``note_stop``) although
    the command went on to its end: 130 or 143 all the same. None: no stop."""
    stop = first_stop()
    return None if stop is None else _stopped_by_signal(stop)


def _stopped_by_signal(exc: BaseException) -> object | None:
    """The exit code of a Ctrl-C (130) or SIGTERM (143) that another exception wraps.

    A signal that lands while a class is being created (a module imported late, such as
    the validator's) raises inside ``__set_name__``, and Python 3.11 wraps that in a
    ``RuntimeError``: the stop would end in a traceback and exit code 1 instead of 130.
    Returns None when no signal is behind ``exc``.
    """
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, KeyboardInterrupt):
            return 130
        if isinstance(cause, SystemExit):
            return cause.code
        cause = cause.__cause__ or cause.__context__
    return None


def _quiet_stops(unraisable: Any) -> None:
    """``sys.unraisablehook``: a stop that lands in a finaliser is noted (and acted on
    later), so Python's "Exception ignored in …" report of it is left out; any other
    exception is reported as ever."""
    if not (isinstance(unraisable.exc_value, (KeyboardInterrupt, SystemExit)) and first_stop() is not None):
        sys.__unraisablehook__(unraisable)


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C: Python's own KeyboardInterrupt, noted first (``note_stop``) so that one
    lost in a finaliser still stops the build before it replaces its outputs."""
    note_stop(KeyboardInterrupt())
    raise KeyboardInterrupt


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (``kill``, ``timeout``, a service manager) stops a command as Ctrl-C
    does, so its clean-up runs (a build leaves the previous outputs and no temporary
    files), and the process exits with 128 + 15, as one killed by the signal would."""
    note_stop(SystemExit(128 + signum))
    raise SystemExit(128 + signum)


def _finish(code: object) -> int:
    """End the process as the interpreter would, without tearing it down: wait for the
    threads that are not daemons, run the exit handlers, flush, and exit with ``code``
    as ``sys.exit`` would (None: 0; a message: printed, 1). Returns only if flushing
    failed."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let the interpreter report it
        return int(code or 0)
    os._exit(int(code or 0))
