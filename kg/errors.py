"""The one exception tree of kg.

    KGError                 base of every error kg raises on purpose
    ├── InputError          a report file cannot be read or decoded
    ├── ExtractionError     an extractor's data files are missing or malformed
    ├── SchemaError         ontology or SHACL problems
    ├── StoreError          RDF store, Neo4j / Bolt server failures
    ├── QueryError          unknown canned query, missing parameter, bad SPARQL/Cypher
    └── DependencyMissing   an optional third-party package is not installed

Third-party exceptions are translated into these at the module boundary that calls the
third party, so the CLI only ever catches ``KGError``.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every expected failure; the CLI prints it as ``Error: …``."""


class InputError(KGError):
    """A source file cannot be read, decoded or parsed."""


class ExtractionError(KGError):
    """Extraction data (lexicons, patterns) is missing or malformed."""


class SchemaError(KGError):
    """The ontology or the SHACL shapes are invalid, or the graph violates them."""


class StoreError(KGError):
    """A graph store (Oxigraph, rdflib, Neo4j over Bolt) failed or is unreachable."""


class QueryError(KGError):
    """A canned query is unknown, lacks a parameter, or a query is malformed."""


class DependencyMissing(KGError):
    """An optional dependency is not installed; the message says how to install it."""
