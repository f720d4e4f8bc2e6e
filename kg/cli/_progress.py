"""A rich progress bar with documents/s, on stderr, shown only on a terminal.

The bar runs without rich's refresh thread (it redraws from ``advance``, at most ten
times a second): the build forks its worker processes while the bar is up, and a
fork must not copy a thread that may hold the console's lock.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator

_STAGES = {"extract": "extracting", "resolve": "resolving entities", "graph.trig": "writing graph.trig",
           "store": "loading the Oxigraph store", "graph.html": "laying out graph.html", "shacl": "checking SHACL shapes"}
_MIN_REDRAW = 0.1


@contextlib.contextmanager
def progress_bar(label: str = "extract") -> Iterator[Callable[[str, int, int], None]]:
    """Yield ``advance(stage, done, total)``; a no-op when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield lambda stage, done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task(_STAGES.get(label, label), total=None, rate="-")
        started, last = time.perf_counter(), 0.0

        def advance(stage: str, done: int, total: int) -> None:
            nonlocal last
            now = time.perf_counter()
            if stage == "extract":
                bar.update(task, completed=done, total=total or None, rate=f"{done / max(now - started, 1e-9):.1f}")
            else:
                bar.update(task, description=_STAGES.get(stage, stage))
            if stage != "extract" or done == total or now - last >= _MIN_REDRAW:
                bar.refresh()
                last = now

        yield advance
