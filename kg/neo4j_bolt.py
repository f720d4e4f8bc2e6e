"""The Bolt boundary: open a driver, tell Neo4j from FalkorDB, translate driver errors.

Everything that differs between the servers kg talks to lives here, in one small
:class:`Dialect` per server:

* **Neo4j 5** (the target) runs ``schema/neo4j.cypher`` as written.
* **FalkorDB** (the Bolt server the tests start; it answers as ``Neo4j/5.13.0``) has no
  ``CREATE CONSTRAINT … IS UNIQUE`` and no ``IF NOT EXISTS``, so its dialect turns every
  constraint and index of the schema file into ``CREATE INDEX FOR (n:L) ON (n.p)`` and
  skips the ones ``CALL db.indexes()`` already lists. Its Bolt front end takes about
  4 KiB of statement plus parameters (:meth:`FalkorDialect.split` cuts the rows to
  fit, :meth:`FalkorDialect.prepare` refuses any other statement that would not), it
  writes text parameters into the query unescaped (:meth:`FalkorDialect.prepare` escapes
  them), and it needs a nudge after a client closes
  (:meth:`FalkorDialect.after_close`).

The server is recognised by ``CALL dbms.components()``, which Neo4j answers and FalkorDB
rejects. Every ``neo4j`` exception is turned into a one-line :class:`~kg.errors.StoreError`
by :func:`bolt_errors`; nothing above this module sees a driver exception.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kg.errors import DependencyMissing, StoreError
from kg.names import typed_text

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_URI = "bolt://localhost:7687"
CONNECT_TIMEOUT = 15.0
# The Bolt preamble and four protocol versions (5.x down to 4.2), see
# https://neo4j.com/docs/bolt/current/bolt/handshake/ — used only to probe FalkorDB.
_BOLT_HANDSHAKE = bytes.fromhex("6060B017" "000001FF" "00080805" "00020404" "00000003")
# "CYPHER rows=… corpus='corpus/…' " around the statement, with room to spare.
_PARAMS_OVERHEAD = 96
_SCHEMA_STATEMENT = re.compile(
    r"CREATE\s+(?:CONSTRAINT|INDEX)\s+\w+\s+IF\s+NOT\s+EXISTS\s+FOR\s+"
    r"(?:\(\w+:(?P<label>\w+)\)|\(\)-\[\w+:(?P<rtype>\w+)\]-\(\))\s+"
    r"(?:REQUIRE|ON)\s+\(?\w+\.(?P<prop>\w+)\)?(?:\s+IS\s+UNIQUE)?",
    re.IGNORECASE,
)


def _neo4j() -> Any:
    try:
        import neo4j
    except ImportError:  # pragma: no cover - neo4j is a core dependency today
        raise DependencyMissing("the Neo4j driver is missing: pip install 'neo4j>=5'") from None
    # The driver logs a failed routing table fetch as a warning, which, with no handler
    # configured, Python prints on stderr above kg's own one-line error.
    logger = logging.getLogger("neo4j")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return neo4j


class Dialect:
    """Neo4j 5: the schema file runs as written; nothing to do after closing."""

    name = "neo4j"

    def schema_statements(self, session: Any, statements: list[str]) -> list[str]:
        """Return the statements that create the schema on this server.

        Args:
            session: an open session (unused by Neo4j, whose statements say IF NOT EXISTS).
            statements: the statements of ``schema/neo4j.cypher``.
        """
        return statements

    def after_close(self, uri: str) -> None:
        """Hook run after the driver to ``uri`` closed (nothing to do for Neo4j)."""

    def split(self, statement: str, rows: list[Any]) -> Iterator[list[Any]]:
        """Split one transaction's rows into the parameter lists of its statements (Neo4j: one)."""
        if rows:
            yield rows

    def prepare(self, statement: str, values: dict[str, Any]) -> dict[str, Any]:
        """Return the parameters of ``statement`` as this server must receive them (Neo4j: as they are)."""
        return self.escape(values)

    def escape(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return ``values`` written for this server, their size already checked (Neo4j: as they are)."""
        return values


class FalkorDialect(Dialect):
    """FalkorDB: indexes instead of constraints, created only when missing; small statements."""

    name = "falkordb"
    # FalkorDB 4.16's Bolt front end writes the parameters into the query text
    # ("CYPHER rows=[…] UNWIND …") in a 4 KiB buffer and crashes the server (stack
    # smashing) beyond it: 1362 one-digit integers pass, 1363 do not. So each RUN's
    # statement plus parameters, written as Cypher literals, must stay under this.
    max_query_bytes = 3900

    def split(self, statement: str, rows: list[Any]) -> Iterator[list[Any]]:
        """Split rows into parameter lists whose query text stays under :attr:`max_query_bytes`.

        Raises:
            StoreError: one row alone is too large for FalkorDB.
        """
        budget = self.max_query_bytes - len(statement.encode("utf-8")) - _PARAMS_OVERHEAD
        chunk: list[Any] = []
        size = 0
        for row in rows:
            n = literal_size(row) + 2
            if n > budget:
                raise StoreError(f"a row of about {n} bytes is too large for FalkorDB's Bolt "
                                 f"(~{self.max_query_bytes} bytes per statement): {str(row)[:80]}…")
            if chunk and size + n > budget:
                yield chunk
                chunk, size = [], 0
            chunk.append(row)
            size += n
        if chunk:
            yield chunk

    def prepare(self, statement: str, values: dict[str, Any]) -> dict[str, Any]:
        """Check the size of ``statement`` with ``values`` and escape every text parameter.

        FalkorDB 4.16 writes each parameter into the query text between single quotes
        without escaping it, then parses that text as Cypher: a ``'`` in a value fails the
        statement ("An unknown error occurred") and a backslash starts an escape (``a\\b``
        arrives as ``a`` and a backspace). Doubling backslashes and escaping quotes makes
        the server read back exactly the value sent (the escapes are counted by
        :func:`literal_size`, so :meth:`split` already leaves room for them). And that
        query text must fit the server's 4 KiB buffer: one byte more and the server dies
        (a 1,500-character name given to a canned query did it), so a statement that would
        not fit is refused here, before it is sent.

        Raises:
            StoreError: the statement with its parameters would not fit; a text holds a NUL
                character, where FalkorDB would cut it short.
        """
        size = len(statement.encode("utf-8")) + sum(len(k) + 2 + literal_size(v) for k, v in values.items())
        if size > self.max_query_bytes:
            raise StoreError(f"the statement and its parameters come to about {size:,} bytes, more than "
                             f"FalkorDB's Bolt takes (~{self.max_query_bytes:,} bytes; a longer one crashes the server)")
        return self.escape(values)

    def escape(self, values: dict[str, Any]) -> dict[str, Any]:
        """Escape every text parameter, as :meth:`prepare` does, without sizing the
        statement again (for rows :meth:`split` has already cut to fit)."""
        return {key: _escaped(value) for key, value in values.items()}

    def schema_statements(self, session: Any, statements: list[str]) -> list[str]:
        """Translate the Neo4j schema into the FalkorDB indexes that do not exist yet."""
        rows = session.run("CALL db.indexes() YIELD label, properties RETURN label, properties").data()
        existing = {(r["label"], p) for r in rows for p in r["properties"]}
        wanted: list[str] = []
        for statement in statements:
            target, prop, index = _falkor_index(statement)
            if (target, prop) not in existing and index not in wanted:
                wanted.append(index)
        return wanted

    def after_close(self, uri: str) -> None:
        """Reset FalkorDB's Bolt listener after a client said GOODBYE.

        FalkorDB 4.16 leaves the connection accepted right after a GOODBYE unanswered (its
        handshake never gets a reply), which would stall the next client until its
        connection timeout. A bare connect/close absorbs that slot; then a handshake probe
        confirms the listener answers again (retried a few times, 0.5 s each).
        """
        parts = urlsplit(uri)
        address = (parts.hostname or "localhost", parts.port or 7687)
        with contextlib.suppress(OSError):
            socket.create_connection(address, timeout=0.5).close()
        for _ in range(4):
            with contextlib.suppress(OSError), socket.create_connection(address, timeout=0.5) as probe:
                probe.sendall(_BOLT_HANDSHAKE)
                if len(probe.recv(4)) == 4:
                    return


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise StoreError(f"FalkorDB cannot store text with a NUL character (it would cut it short): {value[:80]!r}")
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, dict):
        return {key: _escaped(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escaped(v) for v in value]
    return value


def literal_size(value: Any) -> int:
    """An upper bound of the bytes of ``value`` written as a Cypher literal."""
    if isinstance(value, str):
        data = value.encode("utf-8")
        return 2 + len(data) + sum(data.count(c) for c in (b"'", b'"', b"\\"))
    if isinstance(value, dict):
        return 2 + sum(len(str(k)) + 4 + literal_size(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return 2 + sum(literal_size(v) + 2 for v in value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return len(str(value))
    return 32  # a float, however the server prints it


def _falkor_index(statement: str) -> tuple[str, str, str]:
    m = _SCHEMA_STATEMENT.fullmatch(statement.strip())
    if m is None:
        raise StoreError(f"cannot translate this schema statement for FalkorDB: {statement.strip()}")
    if m["label"]:
        return m["label"], m["prop"], f"CREATE INDEX FOR (n:{m['label']}) ON (n.{m['prop']})"
    return m["rtype"], m["prop"], f"CREATE INDEX FOR ()-[r:{m['rtype']}]-() ON (r.{m['prop']})"


def detect_dialect(driver: Any, database: str | None = None) -> Dialect:
    """Recognise the server behind ``driver``: Neo4j answers ``dbms.components()``.

    Raises:
        StoreError: the server cannot be reached.
    """
    neo4j = _neo4j()
    with driver.session(database=database) as session:
        try:
            session.run("CALL dbms.components() YIELD name RETURN name").consume()
        except (neo4j.exceptions.DatabaseError, neo4j.exceptions.ClientError) as exc:
            if _is_missing_database(exc):
                raise
            return FalkorDialect()
    return Dialect()


@dataclass
class Connection:
    """An open driver with the server's dialect and the database to use."""

    driver: Any
    uri: str
    database: str | None
    dialect: Dialect


def check_uri(uri: str) -> None:
    """Reject URIs the driver cannot use (it would fail obscurely on ``http://``, and
    take port 999999 for 16959, its remainder by 65536).

    Raises:
        StoreError: not a ``bolt://`` or ``neo4j://`` URI, or one whose port is not a
            number from 0 to 65535.
    """
    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise StoreError(f"not a Bolt URI: {uri!r} (expected e.g. {DEFAULT_URI})")
    try:
        urlsplit(uri).port  # noqa: B018 -- reading it checks it
    except ValueError as exc:
        raise StoreError(f"bad Bolt URI {uri!r}: {exc} (expected e.g. {DEFAULT_URI})") from None


@contextlib.contextmanager
def connect(uri: str, user: str = "neo4j", password: str | None = None, *,
            database: str | None = None) -> Iterator[Connection]:
    """Open a driver to ``uri``, check it answers, and close it afterwards.

    Args:
        uri: a ``bolt://`` or ``neo4j://`` URI.
        user: the user name (ignored when ``password`` is None).
        password: the password; None connects without authentication.
        database: the database to use (None: the server's default).

    Yields:
        The connection: driver, database and server dialect.

    Raises:
        StoreError: bad URI, unreachable server, refused credentials, missing database.
    """
    check_uri(uri)
    for what, text in (("the Neo4j user", user), ("the database name", database)):
        if text is not None:
            typed_text(text, what)
    if password is not None and not _utf8(password):  # never shown
        raise StoreError("the Neo4j password is not UTF-8 text (set KG_NEO4J_PASSWORD in a UTF-8 locale)")
    neo4j = _neo4j()
    auth = None if password is None else (user, password)
    with bolt_errors(uri, database, "connecting"):
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECT_TIMEOUT)
    dialect: Dialect | None = None
    try:
        with bolt_errors(uri, database, "connecting"):
            driver.verify_connectivity()  # the database is checked by detect_dialect
            dialect = detect_dialect(driver, database)
        yield Connection(driver, uri, database, dialect)
    finally:
        driver.close()
        if dialect is not None:
            dialect.after_close(uri)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_missing_database(exc: BaseException) -> bool:
    return getattr(exc, "code", None) == "Neo.ClientError.Database.DatabaseNotFound"


def _one_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


@contextlib.contextmanager
def bolt_errors(uri: str, database: str | None, what: str) -> Iterator[None]:
    """Translate ``neo4j`` driver exceptions raised inside the block into StoreError.

    Args:
        uri: the server, named in the message ("" when unknown).
        database: the database, named when it is missing.
        what: what was being done (``"loading"``, ``"query zone_funding"`` …).

    Raises:
        StoreError: one line saying what failed and why.
    """
    exc_mod = _neo4j().exceptions
    at = f" at {uri}" if uri else ""
    try:
        yield
    except exc_mod.AuthError:
        raise StoreError(f"authentication failed{at}: wrong user or password "
                         "(the password comes from KG_NEO4J_PASSWORD or the prompt)") from None
    except exc_mod.ServiceUnavailable as exc:
        raise StoreError(f"cannot reach the Bolt server{at}: {_one_line(exc)}") from None
    except exc_mod.CypherSyntaxError as exc:
        raise StoreError(f"Cypher syntax error while {what}: {_one_line(exc)}") from None
    except exc_mod.Neo4jError as exc:
        if _is_missing_database(exc):
            raise StoreError(f"database {database!r} does not exist{at}") from None
        hint = "; check the user and password" if what == "connecting" else ""
        raise StoreError(f"the server{at} failed while {what}: {_one_line(exc)}{hint}") from None
    except (exc_mod.DriverError, ValueError) as exc:
        raise StoreError(f"Bolt driver error{at} while {what}: {_one_line(exc)}") from None


__all__ = ["Connection", "Dialect", "FalkorDialect", "bolt_errors", "check_uri", "connect", "detect_dialect",
           "literal_size"]
