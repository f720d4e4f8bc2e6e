"""``kg load neo4j`` through typer's CliRunner, against the FalkorDB test server."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import PropertyGraph
from kg.neo4j_load import node_count, relationship_count
from tests.neo4j.conftest import counts
from tests.neo4j.falkordb import free_port

runner = CliRunner()


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory, graph: PropertyGraph) -> Path:
    from kg.rdf import write_trig

    out = tmp_path_factory.mktemp("build")
    write_trig(graph, out / "graph.trig")
    return out


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def test_load_prints_the_counts(bolt_uri: str, build_dir: Path, graph: PropertyGraph) -> None:
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--uri", bolt_uri, "--batch-size", "7"],
                           env={"KG_NEO4J_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    assert f"loaded {node_count(graph)} nodes and {relationship_count(graph)} relationships into {bolt_uri}" in result.output
    assert counts(bolt_uri) == (node_count(graph), relationship_count(graph))


def test_replace_option_reaches_the_loader(bolt_uri: str, build_dir: Path, graph: PropertyGraph) -> None:
    with_mark = "MATCH (n:Entity {name: '残留企业'}) RETURN count(n) AS c"
    from kg.neo4j_bolt import connect

    runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--uri", bolt_uri], env={"KG_NEO4J_PASSWORD": ""})
    with connect(bolt_uri) as conn:  # a stale entity of the same corpus, as an older extraction would leave
        corpus = conn.driver.execute_query("MATCH (d:Document) RETURN d.corpus AS c LIMIT 1").records[0]["c"]
        conn.driver.execute_query("CREATE (:Entity:Enterprise {id: 'Enterprise/stale', name: '残留企业', corpus: $c})",
                                  c=corpus)
        assert conn.driver.execute_query(with_mark).records[0]["c"] == 1
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--uri", bolt_uri, "--replace"],
                           env={"KG_NEO4J_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    assert counts(bolt_uri) == (node_count(graph), relationship_count(graph))


def test_password_is_prompted_hidden_when_the_env_lacks_it(bolt_uri: str, build_dir: Path) -> None:
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--uri", bolt_uri], input="\n",
                           env={"KG_NEO4J_PASSWORD": None})
    assert result.exit_code == 0, result.output
    assert "Neo4j password" in result.output


def test_a_refused_password_is_one_error_line_and_not_echoed(falkordb: str, build_dir: Path) -> None:
    # FalkorDB refuses any non-empty password, as Neo4j refuses a wrong one.
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--uri", falkordb],
                           input="s3cret-pass\n", env={"KG_NEO4J_PASSWORD": None})
    assert result.exit_code == 1
    assert "s3cret-pass" not in result.output
    (line,) = _error_lines(result.output)
    assert line.startswith(f"Error: the server at {falkordb} failed while connecting") and "password" in line
    assert "Traceback" not in result.output


def test_an_unreachable_server_is_one_error_line(build_dir: Path) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--uri", uri],
                           env={"KG_NEO4J_PASSWORD": ""})
    assert result.exit_code == 1
    assert _error_lines(result.output) == [line for line in result.output.splitlines() if line.strip()]
    (line,) = _error_lines(result.output)
    assert line.startswith(f"Error: cannot reach the Bolt server at {uri}: ")


def test_a_bad_uri_is_one_error_line(build_dir: Path) -> None:
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--uri", "localhost:7687"],
                           env={"KG_NEO4J_PASSWORD": ""})
    assert result.exit_code == 1
    assert _error_lines(result.output) == ["Error: not a Bolt URI: 'localhost:7687' (expected e.g. bolt://localhost:7687)"]


def test_a_missing_graph_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(tmp_path / "nope"), "--uri", "bolt://127.0.0.1:1"],
                           env={"KG_NEO4J_PASSWORD": ""})
    assert result.exit_code == 1
    (line,) = _error_lines(result.output)
    assert "nope" in line and "kg build" in line


def test_batch_size_must_be_positive(build_dir: Path) -> None:
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(build_dir), "--batch-size", "0"])
    assert result.exit_code == 2  # typer's usage error


def test_help_shows_an_example() -> None:
    result = runner.invoke(app, ["load", "neo4j", "--help"])
    assert result.exit_code == 0
    assert "kg load neo4j --graph output/" in result.output and "KG_NEO4J_PASSWORD" in result.output
    assert runner.invoke(app, ["load", "--help"]).exit_code == 0
