"""Helpers of the tests that stop a running ``kg build`` (tests/test_kill.py,
tests/test_interrupt.py): a corpus of the shared reports written several times, the
build as a process of its own session, and whether any process of it is left."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED


def shared_copies(folder: Path, copies: int) -> Path:
    """The shared seeds and dev reports written ``copies`` times into ``folder``,
    under distinct names."""
    sources = sorted(p for sub in ("seeds", "dev") for p in (SHARED / "corpus" / sub).glob("*.txt"))
    if not sources:
        pytest.fail(f"the shared corpus is missing: {SHARED}/corpus")
    for k in range(copies):
        for p in sources:
            (folder / f"c{k}_{p.name}").write_bytes(p.read_bytes())
    return folder


def changed_copy(source: Path, folder: Path) -> Path:
    """``source`` copied into ``folder`` with its first document dropped and its second
    one changed."""
    shutil.copytree(source, folder, dirs_exist_ok=True)
    names = sorted(p.name for p in folder.iterdir())
    (folder / names[0]).unlink()
    (folder / names[1]).write_text("栖霞智造有限公司荣获省级专精特新企业称号。\n", encoding="utf-8")
    return folder


# ``python -m kg`` with Ctrl-C handled as in a terminal: a shell that runs the tests in
# the background hands its children SIGINT ignored, and Python then keeps it so.
_KG = "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); sys.argv[0] = 'kg'; " \
      "from kg.cli import main; main()"


def start_build(corpus: Path, out: Path, *extra: str, capture: bool = False) -> subprocess.Popen[bytes]:
    """``kg build corpus --out out`` started in a session of its own."""
    pipe = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-c", _KG, "build", str(corpus), "--out", str(out), *extra],
                            cwd=REPO, stdout=pipe, stderr=pipe, start_new_session=True)


def run_build(corpus: Path, out: Path, *extra: str) -> None:
    """``kg build corpus --out out``, which must succeed."""
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), *extra],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def session_gone(sid: int, wait: float = 10.0) -> bool:
    """True once no process of session ``sid`` (the build and its workers) is left."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(stat.parent.name)
        if not alive:
            return True
        time.sleep(0.1)
    return False


def signal_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], sig: int, limit: float) -> bool:
    """Send ``sig`` to the build's main process once ``ready()``; False if the build
    finished first. ``ready`` looks at files the build may remove under it (its
    staging folder is renamed into place at the end): a file gone is not ready."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            now = ready()
        except FileNotFoundError:
            now = False
        if now:
            os.kill(proc.pid, sig)
            return True
        time.sleep(0.005)
    return False
