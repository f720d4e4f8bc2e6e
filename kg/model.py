"""Typed records passed between the pipeline stages.

read → repair → extract → resolve → graph → stores/views:

* ``read``    : path        → :class:`RawDoc`            (or :class:`ReadFailure`)
* ``repair``  : raw text    → :class:`Repaired`          (text + offset map to raw)
* ``extract`` : RawDoc      → :class:`DocExtraction`     (entities, relations, evidence)
* ``resolve`` : extractions → :class:`PropertyGraph`     (corpus-wide merged nodes/edges)
* ``graph``   : PropertyGraph ↔ RDF dataset (graph.trig); stores, views and the Neo4j
  loader all read a :class:`PropertyGraph`.

The records a build holds one per fact or entity use ``__slots__``: without an instance
dictionary a fact (:class:`Relation` or :class:`Edge` and its :class:`Evidence`) takes
about 500 bytes less, some 300 MB on a corpus of 600,000 facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EntityType = Literal["Zone", "Enterprise", "Organization", "Project", "Honour", "FundingSource"]
Predicate = Literal["LOCATED_IN", "UNDERTAKES", "RECEIVED_HONOUR", "FUNDED_BY", "PARTNERS_WITH"]

ENTITY_TYPES: tuple[str, ...] = ("Zone", "Enterprise", "Organization", "Project", "Honour", "FundingSource")
PREDICATES: tuple[str, ...] = ("LOCATED_IN", "UNDERTAKES", "RECEIVED_HONOUR", "FUNDED_BY", "PARTNERS_WITH")
LEVELS: tuple[str, ...] = ("national", "provincial", "municipal", "county", "district")


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One source file, decoded to text.

    Attributes:
        path: the file as given (absolute or relative).
        name: the file name without folders (FORMAT.md ``doc``).
        text: the decoded text (HTML/DOCX already reduced to text).
        encoding: the detected encoding (``utf-8``, ``gb18030``, ``docx`` …).
        sha256: hex digest of the file's bytes (cache key, document id).
    """

    path: str
    name: str
    text: str
    encoding: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file that could not be read: the build reports it and goes on."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Repaired:
    """Repaired text with a map back to the raw text.

    ``offsets[i]`` is the index in the raw text of the character that became
    ``text[i]``; ``len(offsets) == len(text) + 1`` and the last entry is the raw
    end. A repaired span ``[a, b)`` came from raw span ``[offsets[a], offsets[b-1] + 1)``
    (see :meth:`raw_span`).
    """

    text: str
    offsets: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the repaired span ``[start, end)`` to the raw span it came from."""
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact stands: the sentence (repaired text) and its offsets.

    ``start``/``end`` index the repaired text, ``raw_start``/``raw_end`` the raw text.
    """

    doc: str
    sentence: str
    start: int
    end: int
    raw_start: int
    raw_end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity of one document: canonical name, type and other surface forms."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """A fact of one document, with its attributes and evidence.

    ``rule`` names the pattern or rule that produced it (shown by ``kg explain``).
    """

    s: str
    p: str
    o: str
    evidence: Evidence
    level: str | None = None
    year: int | None = None
    batch: str | None = None
    grade: str | None = None
    amount: str | None = None
    value_yuan: float | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class DocExtraction:
    """Everything extracted from one document (one line of extractions.jsonl)."""

    doc: str
    subject: str | None
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    sha256: str = ""
    path: str = ""


# ---------------------------------------------------------------------------
# The merged, corpus-wide property graph (what graph.trig holds, and what the
# views and the Neo4j loader consume).


@dataclass(frozen=True, slots=True)
class Node:
    """A corpus-wide entity: one per real thing.

    Attributes:
        id: stable id (same input → same id across runs), e.g. ``Enterprise/3f2a…``.
        type: one of :data:`ENTITY_TYPES`.
        name: canonical name.
        aliases: other surface forms, sorted.
        docs: names of the documents that mention it, sorted.
    """

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Edge:
    """One fact from one document between two nodes (``source`` → ``target`` ids).

    ``id`` is stable; the same (s, p, o) stated in two documents gives two edges.
    """

    id: str
    source: str
    target: str
    type: str
    evidence: Evidence
    level: str | None = None
    year: int | None = None
    batch: str | None = None
    grade: str | None = None
    amount: str | None = None
    value_yuan: float | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A source document of the graph."""

    id: str
    name: str
    subject: str | None = None
    sha256: str = ""


@dataclass(frozen=True)
class PropertyGraph:
    """The whole graph: nodes, edges and documents, each sorted by id."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    documents: tuple[Document, ...] = ()

    def node(self, node_id: str) -> Node:
        """Return the node with this id (KeyError if absent)."""
        return self._index()[node_id]

    def _index(self) -> dict[str, Node]:
        idx = self.__dict__.get("_idx")
        if idx is None:
            idx = {n.id: n for n in self.nodes}
            object.__setattr__(self, "_idx", idx)
        return idx


@dataclass
class BuildReport:
    """What a build did; printed by the CLI and written as report.json."""

    documents_read: int = 0
    documents_failed: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    nodes: int = 0
    edges: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)
    extracted: int = 0
    cached: int = 0
    store: str = ""  # "loaded" afresh or "updated" (see kg.store_update)
    warnings: list[str] = field(default_factory=list)  # about the build, not one file (an unwritable cache)
    ignored: dict[str, int] = field(default_factory=dict)  # files of other types in the folders read, by suffix
