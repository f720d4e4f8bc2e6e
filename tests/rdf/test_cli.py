"""CLI: kg query / sparql / validate / export — parsing, output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
MY_COMMANDS = ("query", "sparql", "validate", "export")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", MY_COMMANDS)
def test_commands_have_help_with_an_example(command: str) -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert command in commands
    code, out, _ = run(command, "--help")
    assert code == 0 and "Example: kg " in out


def test_query_list() -> None:
    code, out, _ = run("query", "--list")
    assert code == 0
    for text in ("entity_lookup", "实体查询 / Entity look-up", "most_connected", "limit=10", "subject, object"):
        assert text in out


def test_query_table(graph_dir: Path) -> None:
    code, out, _ = run("query", "entity_lookup", "--param", "name=臨川", "--graph", str(graph_dir))
    assert code == 0
    assert "实体查询 / Entity look-up" in out and "临川重工" in out and "临川、临川重工集团" in out
    assert out.rstrip().endswith("1 row")


def test_query_csv_with_several_params(graph_dir: Path) -> None:
    code, out, _ = run("query", "fact_evidence", "-p", "subject=云帆科技", "-p", "object=北辰物流",
                       "-g", str(graph_dir), "--format", "csv")
    assert code == 0
    assert out == "predicate,sentence,doc,start,end\nPARTNERS_WITH,北辰物流与云帆科技签约。,某县经信局2023年工作总结.docx,360,372\n"


def test_query_json_on_rdflib(graph_dir: Path) -> None:
    code, out, _ = run("query", "most_connected", "-p", "limit=2", "-g", str(graph_dir), "-f", "json",
                       "--engine", "rdflib")
    assert code == 0
    assert json.loads(out) == [{"name": "青禾经济开发区", "type": "Zone", "degree": 8},
                               {"name": "云帆科技", "type": "Enterprise", "degree": 6}]


@pytest.mark.parametrize(("args", "error"), [
    (("query", "nope"), ("Error: unknown query 'nope'; known queries: co_honoured, enterprise_honours, "
                         "enterprise_projects, entity_lookup, fact_evidence, facts_per_document, funding_ranking, "
                         "honour_holders, most_connected, national_honours, zone_enterprises, zone_funding, "
                         "zone_partners")),
    (("query", "enterprise_honours"), ("Error: query enterprise_honours needs parameter 'enterprise' "
                                       "(--param enterprise=…)")),
    (("query", "enterprise_honours", "-p", "enterprise"), "Error: --param expects NAME=VALUE, got 'enterprise'"),
    (("query", "most_connected", "-p", "limit=many"), "Error: parameter 'limit' must be an integer, not 'many'"),
    (("query",), "Error: give a query name, or --list to see them"),
    (("sparql", "SELECT ?x WHERE {"), "Error: malformed SPARQL: "),
    (("sparql", "@/nonexistent/q.rq"), "Error: /nonexistent/q.rq: path does not exist"),
])
def test_errors_print_one_line_and_exit_1(graph_dir: Path, args: tuple[str, ...], error: str) -> None:
    code, out, err = run(*args, "--graph", str(graph_dir))
    assert code == 1 and out == ""
    assert err.startswith(error) and err.count("\n") == 1


def test_missing_graph(tmp_path: Path) -> None:
    code, _, err = run("query", "national_honours", "--graph", str(tmp_path))
    assert code == 1
    assert err == f"Error: no graph found: {tmp_path / 'graph.trig'} does not exist (run `kg build` first)\n"
    assert run("validate", "--graph", str(tmp_path))[2] == err
    assert run("sparql", "ASK {}", "--graph", str(tmp_path))[2] == err


def test_bad_format_choice_is_a_usage_error(graph_dir: Path) -> None:
    code, _, err = run("query", "national_honours", "-g", str(graph_dir), "--format", "xml")
    assert code == 2 and "'xml' is not one of" in err


def test_neo4j_engine_reads_the_password_from_the_environment(graph_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.neo4j_load

    seen: dict[str, object] = {}

    def fake(name: str, params: dict[str, str], **connection: object) -> object:
        from kg.queries import QueryResult

        seen.update(name=name, params=params, **connection)
        return QueryResult(["partner", "type", "doc"], [{"partner": "青禾大学", "type": "Organization", "doc": "d"}])

    monkeypatch.setattr(kg.neo4j_load, "run_cypher_query", fake)
    monkeypatch.setenv("KG_NEO4J_PASSWORD", "s3cret")
    code, out, _ = run("query", "zone_partners", "-p", "zone=青禾開發區", "--engine", "neo4j", "--uri",
                       "bolt://db:7687", "--user", "reader", "--database", "kg", "-f", "csv")
    assert code == 0 and out == "partner,type,doc\n青禾大学,Organization,d\n"
    assert seen == {"name": "zone_partners", "params": {"zone": "青禾开发区"}, "uri": "bolt://db:7687",
                    "user": "reader", "password": "s3cret", "database": "kg"}


def test_sparql(graph_dir: Path) -> None:
    code, out, _ = run("sparql", "SELECT (COUNT(*) AS ?zones) WHERE { ?z a kg:Zone }", "-g", str(graph_dir),
                       "-f", "csv")
    assert code == 0 and out == "zones\n2\n"


def test_sparql_from_file(graph_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text("ASK { ?f kg:amount \"708万元\" }", encoding="utf-8")
    code, out, _ = run("sparql", f"@{tmp_path / 'q.rq'}", "-g", str(graph_dir), "-f", "json", "-e", "rdflib")
    assert code == 0 and json.loads(out) == [{"ask": True}]


def test_validate_conforming(graph_dir: Path) -> None:
    code, out, _ = run("validate", "--graph", str(graph_dir))
    assert code == 0 and out.startswith("conforms: ") and out.endswith(" triples checked\n")


def test_validate_violations(trig_only_dir: Path) -> None:
    trig = trig_only_dir / "graph.trig"
    trig.write_text(trig.read_text(encoding="utf-8").replace("kg:year 2022", 'kg:year "2022"'), encoding="utf-8")
    code, out, err = run("validate", "--graph", str(trig_only_dir))
    assert code == 1
    lines = out.splitlines()
    assert lines and all(line.startswith("fact/") and "\tkg:year\t" in line for line in lines)
    assert "[kgsh:Fact-year sh:DatatypeConstraintComponent]" in out
    assert err == f"Error: the graph does not conform to the SHACL shapes: {len(lines)} violations\n"


@pytest.mark.parametrize(("fmt", "suffix"), [("turtle", "ttl"), ("nquads", "nq"), ("jsonld", "jsonld"),
                                             ("graphml", "graphml")])
def test_export(graph_dir: Path, tmp_path: Path, fmt: str, suffix: str) -> None:
    out = tmp_path / f"graph.{suffix}"
    code, stdout, _ = run("export", "--format", fmt, "--graph", str(graph_dir), "--out", str(out))
    assert code == 0 and stdout == f"{out}\n" and out.stat().st_size > 1000


def test_export_unknown_format(graph_dir: Path, tmp_path: Path) -> None:
    code, _, err = run("export", "--format", "rdfxml", "--graph", str(graph_dir), "--out", str(tmp_path / "x"))
    assert code == 1
    assert err == ("Error: unknown export format 'rdfxml'; choose one of: turtle, nquads, jsonld, graphml, "
                   "neo4j-csv, cypher\n")
