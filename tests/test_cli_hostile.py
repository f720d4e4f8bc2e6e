"""Hostile situations for every command but ``kg build``: damaged build folders, odd
parameters, outputs that cannot be written, unreachable servers.

Each failure must be a :class:`kg.errors.KGError` whose message is one line naming the
file at fault; the CLI prints it as ``Error: …`` and exits 1, with no traceback. Most
tests call the library function a command is a thin layer over; a few run the command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError, QueryError, SchemaError, StoreError
from kg.export import FORMATS, get_exporter
from kg.model import PropertyGraph
from kg.neo4j_bolt import check_uri, connect
from kg.queries import cell_text, parse_params, read_query_file, run_query, run_sparql
from kg.rdf import load_graph
from kg.stores import open_store
from kg.validate import validate
from kg.views import find_node, render_html, select_view

runner = CliRunner()
BAD_ARG = "a\udcc7\udce0"  # what Python makes of the GBK bytes of 青 in a UTF-8 locale


@pytest.fixture()
def copy(graph_dir: Path, tmp_path: Path) -> Path:
    """A copy of the build folder that a test may damage."""
    return Path(shutil.copytree(graph_dir, tmp_path / "build"))


def cli(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env, input=input)
    return result.exit_code, result.stderr


def assert_one_error_line(code: int, err: str, start: str) -> None:
    assert code == 1
    assert err.startswith(f"Error: {start}"), err
    assert err.count("\n") == 1 and "Traceback" not in err


# ---------------------------------------------------------------------------
# the store/ folder


@pytest.mark.parametrize("damage", ["garbage CURRENT", "truncated tables", "no tables", "empty folder"])
def test_a_damaged_store_is_one_store_error(copy: Path, damage: str) -> None:
    store = copy / "store"
    if damage == "garbage CURRENT":
        (store / "CURRENT").write_bytes(os.urandom(300))  # RuntimeError from RocksDB before
    elif damage == "truncated tables":
        for sst in store.glob("*.sst"):
            sst.write_bytes(sst.read_bytes()[:100])
    elif damage == "no tables":
        for sst in store.glob("*.sst"):
            sst.unlink()
    else:
        shutil.rmtree(store)
        store.mkdir()
    with pytest.raises(StoreError) as info:
        open_store(copy)
    message = str(info.value)
    assert message.startswith(f"{store}: cannot open the Oxigraph store (")
    assert "\n" not in message and "run `kg build` again" in message
    with pytest.raises(StoreError):
        run_query(copy, "national_honours", {})
    if damage == "garbage CURRENT":
        code, err = cli("query", "national_honours", "--graph", str(copy))
        assert_one_error_line(code, err, f"{store}: cannot open the Oxigraph store")


def test_a_store_of_another_oxigraph_version_is_one_store_error(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pyoxigraph reports a store it cannot read as a RuntimeError (corruption, another
    # on-disk version); the version check cannot be reached by editing the files.
    class Store:
        @staticmethod
        def read_only(path: str) -> ox.Store:
            raise RuntimeError("The RocksDB database is using the outdated encoding version 0\nsee the notes")

    monkeypatch.setattr("kg.stores.ox", type("ox", (), {"Store": Store}))
    with pytest.raises(StoreError, match=r"store: cannot open the Oxigraph store \(The RocksDB database is using "
                                         r"the outdated encoding version 0\); run `kg build` again"):
        open_store(copy)


def test_a_store_held_open_by_another_process_is_still_read(copy: Path) -> None:
    hold = "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); sys.stdin.read()"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(copy / "store")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        rows = run_query(copy, "enterprise_honours", {"enterprise": "云帆科技"}).rows
        assert {r["honour"] for r in rows} == {"国家级绿色工厂", "省级企业技术中心"}
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=20)


# ---------------------------------------------------------------------------
# graph.trig


def test_an_empty_graph_file_is_an_error_not_an_empty_answer(copy: Path) -> None:
    shutil.rmtree(copy / "store")
    (copy / "graph.trig").write_bytes(b"")
    expected = f"{copy / 'graph.trig'}: empty file, not a graph kg wrote (run `kg build` again)"
    for call in (lambda: run_query(copy, "national_honours", {}),  # 0 rows before
                 lambda: run_query(copy, "national_honours", {}, engine="rdflib"),
                 lambda: validate(copy),  # "conforms: 0 triples checked" before
                 lambda: load_graph(copy),
                 lambda: get_exporter("nquads")(copy, copy / "x.nq")):
        with pytest.raises(KGError) as info:
            call()
        assert str(info.value) == expected
    assert not (copy / "x.nq").exists()


def test_a_folder_or_a_pipe_in_place_of_the_graph_file(tmp_path: Path) -> None:
    (tmp_path / "graph.trig").mkdir()
    with pytest.raises(KGError, match=r"graph\.trig: is a directory, not a TriG file"):
        load_graph(tmp_path)
    os.rmdir(tmp_path / "graph.trig")
    os.mkfifo(tmp_path / "graph.trig")
    with pytest.raises(KGError, match=r"graph\.trig: not a regular file"):
        run_query(tmp_path, "national_honours", {})


def test_a_truncated_graph_file_is_one_line_on_every_engine_and_export(copy: Path, tmp_path: Path) -> None:
    shutil.rmtree(copy / "store")
    trig = copy / "graph.trig"
    trig.write_bytes(trig.read_bytes()[:3000])
    with pytest.raises(StoreError) as info:
        run_query(copy, "national_honours", {}, engine="rdflib")
    assert "\n" not in str(info.value) and "bad syntax at line" in str(info.value)  # 3 lines + the text before
    for fmt in FORMATS:  # nquads and jsonld raised a bare SyntaxError before
        with pytest.raises(SchemaError, match="is not valid TriG"):
            get_exporter(fmt)(copy, tmp_path / "out" / f"x.{fmt}")
    assert not (tmp_path / "out").exists()  # cypher made its folder before reading the graph


def test_a_graph_outside_the_kg_model_says_what_is_wrong(tmp_path: Path) -> None:
    entity = "<https://w3id.org/kg-devzone/id/Enterprise/x>"
    head = "@prefix kg: <https://w3id.org/kg-devzone/ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    trig = tmp_path / "graph.trig"
    trig.write_text(head + f"{entity} a kg:Enterprise .\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"does not follow the kg model: .*Enterprise/x: no skos:prefLabel$"):
        load_graph(tmp_path)  # "missing or bad list index out of range" before
    trig.write_text(head + f'{entity} a kg:Enterprise, kg:Zone ; skos:prefLabel "x" .\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"Enterprise/x: 2 entity classes \(kg:Enterprise, kg:Zone\), not one"):
        load_graph(tmp_path)


def test_an_ill_typed_literal_is_a_violation_not_a_crash(copy: Path) -> None:
    trig = copy / "graph.trig"
    text = trig.read_text(encoding="utf-8")
    assert "kg:degree 1 " in text or "kg:degree 1;" in text or "kg:degree 1\n" in text
    trig.write_text(text.replace("kg:degree 1", 'kg:degree "many"^^xsd:integer', 1), encoding="utf-8")
    report = validate(copy)  # pyshacl's sh:minInclusive raised a TypeError before
    assert not report.conforms
    bad = [v for v in report.violations if "ill-typed" in v.message]
    assert len(bad) == 1 and bad[0].path == "kg:degree" and bad[0].message.startswith("ill-typed literal 'many'")
    assert bad[0].component == "sh:DatatypeConstraintComponent"


# ---------------------------------------------------------------------------
# parameters and query text


def test_parameters_that_are_not_utf8_text(graph_dir: Path) -> None:
    for engine in ("oxigraph", "rdflib", "neo4j"):  # neo4j: refused before connecting
        with pytest.raises(QueryError, match=r"^parameter 'enterprise' is not UTF-8 text: 'a\\xc7\\xe0'"):
            run_query(graph_dir, "enterprise_honours", {"enterprise": BAD_ARG}, engine=engine,
                      uri="bolt://127.0.0.1:1")
    with pytest.raises(QueryError, match="the query is not UTF-8 text"):
        run_sparql(graph_dir, f'ASK {{ ?s ?p "{BAD_ARG}" }}')
    code, err = cli("query", "enterprise_honours", "-p", f"enterprise={BAD_ARG}", "--graph", str(graph_dir))
    assert_one_error_line(code, err, "parameter 'enterprise' is not UTF-8 text")


def test_a_name_that_normalises_to_nothing_is_refused(graph_dir: Path) -> None:
    for value in ("", "  ", "**", "《》"):
        with pytest.raises(QueryError, match="parameter 'enterprise' is empty"):
            run_query(graph_dir, "enterprise_honours", {"enterprise": value})


def test_a_parameter_given_twice_is_refused() -> None:
    assert parse_params(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(QueryError, match=r"--param name is given twice \('云帆' and '临川'\)"):
        parse_params(["name=云帆", "name=临川"])  # the last one won silently before


def test_a_limit_beyond_64_bits_is_refused_not_an_empty_answer(graph_dir: Path) -> None:
    every = run_query(graph_dir, "most_connected", {"limit": str(2**63 - 1)})
    assert len(every.rows) == len(run_query(graph_dir, "most_connected", {"limit": "1000"}).rows) > 0
    for engine in ("oxigraph", "rdflib"):  # 0 rows on Oxigraph, islice's ValueError on rdflib before
        with pytest.raises(QueryError, match=r"parameter 'limit' must be at most 9223372036854775807"):
            run_query(graph_dir, "most_connected", {"limit": str(2**63)}, engine=engine)


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; {"', "a\\", "x\ny", "{}", "a'b", "云" * 50_000, "雲帆科技"])
def test_hostile_names_stay_one_literal(graph_dir: Path, value: str) -> None:
    for engine in ("oxigraph", "rdflib"):
        rows = run_query(graph_dir, "entity_lookup", {"name": value}, engine=engine).rows
        assert [r["name"] for r in rows] == (["云帆科技"] if value == "雲帆科技" else [])


def test_sparql_text_errors(graph_dir: Path) -> None:
    with pytest.raises(QueryError, match="^the query is empty$"):
        run_sparql(graph_dir, " \n ")
    with pytest.raises(QueryError, match="^SPARQL query failed: Unknown namespace prefix"):
        run_sparql(graph_dir, "SELECT * WHERE { ?s foo:bar ?o }", engine="rdflib")  # a bare Exception before
    with pytest.raises(QueryError) as info:
        run_sparql(graph_dir, "ASK {}", engine="neo4j")
    assert "choose one of: oxigraph, rdflib (neo4j runs the canned queries only" in str(info.value)


def test_query_files_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "ok.rq").write_bytes(b"\xef\xbb\xbfASK {}")
    assert read_query_file(tmp_path / "ok.rq") == "ASK {}"
    (tmp_path / "gbk.rq").write_bytes('SELECT * WHERE { ?s ?p "青" }'.encode("gbk"))
    os.mkfifo(tmp_path / "fifo.rq")  # read_text waited forever before
    (tmp_path / "empty.rq").write_bytes(b"")
    for name, reason in (("gbk.rq", r"not UTF-8 text \(byte 0xc7 at offset 24\)"), ("fifo.rq", "not a regular file"),
                         ("empty.rq", "empty file"), ("missing.rq", "path does not exist"), ("", "is a directory")):
        with pytest.raises(KGError, match=f"^{tmp_path / name if name else tmp_path}: {reason}"):
            read_query_file(tmp_path / name)
    code, err = cli("sparql", f"@{tmp_path / 'fifo.rq'}", "--graph", str(tmp_path))
    assert_one_error_line(code, err, f"{tmp_path / 'fifo.rq'}: not a regular file (a named pipe)")


def test_report_text_in_a_table_is_neither_markup_nor_terminal_codes(graph_dir: Path) -> None:
    assert cell_text("a\x1b[31mb\nc\u2028") == "a\\x1b[31mb\\nc\\u2028"
    assert cell_text(None) == "" and cell_text(3) == "3" and cell_text("[/x] 云帆") == "[/x] 云帆"
    query = 'SELECT ("[/x] [bold]b[/bold] :smile: \\u001b[2J" AS ?v) WHERE {}'
    result = runner.invoke(app, ["sparql", query, "--graph", str(graph_dir)])
    assert result.exit_code == 0, result.output  # rich's MarkupError on "[/x]" before
    assert "[/x] [bold]b[/bold] :smile: \\x1b[2J" in result.stdout and "\x1b" not in result.stdout


# ---------------------------------------------------------------------------
# kg view


def test_view_depth_is_bounded_by_the_graph_not_by_the_number(pg: PropertyGraph) -> None:
    start = time.perf_counter()
    sel = select_view(pg, focus="云帆科技", depth=10**18)  # looped 10**18 times before
    assert time.perf_counter() - start < 2
    assert {n.id for n in sel.nodes} == {n.id for n in select_view(pg, focus="云帆科技", depth=50).nodes}


def test_view_names_that_are_not_utf8_text(pg: PropertyGraph) -> None:
    with pytest.raises(QueryError, match=r"^the entity name is not UTF-8 text: 'a\\xc7\\xe0'"):
        find_node(pg, BAD_ARG)
    with pytest.raises(QueryError, match="^the zone name is not UTF-8 text"):
        select_view(pg, zone=BAD_ARG)


def test_view_and_exports_never_replace_a_pipe_or_a_folder(graph_dir: Path, pg: PropertyGraph, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # as root, /dev/full was replaced by a regular file the same way
    with pytest.raises(KGError, match=f"^{fifo}: is a named pipe, not a file kg can replace$"):
        render_html(pg, fifo)
    with pytest.raises(KGError, match=f"^{tmp_path}: is a directory; give the path of a file to write$"):
        render_html(pg, tmp_path)
    for fmt in FORMATS:
        with pytest.raises(KGError, match=f"^{fifo}: is a named pipe, not a "):
            get_exporter(fmt)(graph_dir, fifo)
    assert fifo.is_fifo()
    code, err = cli("view", "--graph", str(graph_dir), "--out", str(fifo))
    assert_one_error_line(code, err, f"{fifo}: is a named pipe")


def test_exports_into_a_file_where_a_folder_should_be(graph_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    with pytest.raises(KGError, match=r"afile: is a file, not a folder$"):  # "File exists" before
        get_exporter("neo4j-csv")(graph_dir, tmp_path / "afile")
    with pytest.raises(KGError, match=r"afile: is a file; give a \.cypher file or a folder"):
        get_exporter("cypher")(graph_dir, tmp_path / "afile")
    for fmt in FORMATS:
        with pytest.raises(KGError, match=r"afile/x: cannot write: .*afile is a file, not a folder$"):
            get_exporter(fmt)(graph_dir, tmp_path / "afile" / "x")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep"


# ---------------------------------------------------------------------------
# Bolt (no server needed for these)


def test_bolt_uris_with_a_bad_port() -> None:
    check_uri("bolt://127.0.0.1:7687")
    for uri, reason in (("bolt://127.0.0.1:999999", "Port out of range"), ("bolt://h:abc", "could not be cast")):
        with pytest.raises(StoreError, match=f"bad Bolt URI '{uri}': Port"):  # dialled port 16959 before
            check_uri(uri)
        with pytest.raises(StoreError, match=reason), connect(uri, password="x"):
            pass


def test_a_password_that_is_not_utf8_is_refused_without_being_shown() -> None:
    with pytest.raises(StoreError) as info, connect("bolt://127.0.0.1:1", password="secret\udcff"):
        pass
    assert str(info.value) == "the Neo4j password is not UTF-8 text (set KG_NEO4J_PASSWORD in a UTF-8 locale)"


def test_load_without_a_password_and_no_answer_at_the_prompt(graph_dir: Path) -> None:
    code, err = cli("load", "neo4j", "--graph", str(graph_dir), "--uri", "bolt://127.0.0.1:1",
                    env={"KG_NEO4J_PASSWORD": None}, input="")
    assert code == 1  # "Aborted." before
    assert err.splitlines()[-1] == "Error: no Neo4j password: set KG_NEO4J_PASSWORD, or type it at the prompt"
    assert "Traceback" not in err


def test_an_unreachable_routing_server_is_one_line(graph_dir: Path) -> None:
    # A process of its own: under pytest the driver's log goes to pytest's handler,
    # while in a shell Python's last-resort handler printed it above the error.
    env = {**os.environ, "KG_NEO4J_PASSWORD": "wrong", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-m", "kg", "load", "neo4j", "--graph", str(graph_dir), "--uri",
                           "neo4j://127.0.0.1:1"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout == ""
    assert_one_error_line(done.returncode, done.stderr, "cannot reach the Bolt server at neo4j://127.0.0.1:1")
