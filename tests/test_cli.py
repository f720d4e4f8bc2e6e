"""The CLI through typer's CliRunner: exit codes, `Error:` lines, help on every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def test_build_examples(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "documents: 3 read, 0 failed" in result.output
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["documents_read"] == 3


def test_another_builds_output_inside_the_reports_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``kg build .`` in a folder of reports writes ``output/`` there; a second build of
    the same folder into another one used to read that graph.html as a report (a
    ``Warning:`` line, and exit 2 with ``--strict``)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for src in EXAMPLES.glob("*.txt"):
        (reports / src.name).write_bytes(src.read_bytes())
    monkeypatch.chdir(reports)
    first = runner.invoke(app, ["build", ".", "--no-validate"])
    assert first.exit_code == 0 and (reports / "output" / "graph.html").is_file(), first.output
    again = runner.invoke(app, ["build", ".", "--out", str(tmp_path / "other"), "--no-validate", "--strict"])
    assert again.exit_code == 0, again.output
    assert "Warning" not in again.output and "documents: 3 read, 0 failed" in again.output
    named = runner.invoke(app, ["build", "output", "--out", str(tmp_path / "third"), "--no-validate"])
    assert named.exit_code == 1 and "graph.html: no text" in named.output  # named, it is read


def test_build_counts_the_files_it_does_not_read(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes((EXAMPLES / "qinghe_2023_summary.txt").read_bytes())
    for name in ("b.pdf", "c.PDF", "d.doc", "scraped_page"):
        (src / name).write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--no-validate", "--strict"])
    assert result.exit_code == 0, result.output  # not reports: nothing failed
    assert "not read:  2 .pdf, 1 (no suffix), 1 .doc (kg reads .docx .htm .html .md .txt)" in result.stdout
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert report["ignored"] == {".pdf": 2, "": 1, ".doc": 1} and report["documents_read"] == 1
    plain = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "p"), "--no-validate"])
    assert "not read" not in plain.output


def test_build_missing_input_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("Error: ") and "nope" in lines[-1]
    assert "Traceback" not in result.output


def test_build_strict_exits_2_on_a_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text((EXAMPLES / "qinghe_2023_summary.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    ok = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--no-validate"])
    assert ok.exit_code == 0 and "b.txt" in ok.output
    strict = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--strict", "--no-validate"])
    assert strict.exit_code == 2


def test_explain_prints_facts_with_rule_and_evidence() -> None:
    result = runner.invoke(app, ["explain", str(EXAMPLES / "qinghe_2023_summary.txt")])
    assert result.exit_code == 0, result.output
    assert "subject:  青禾经济开发区" in result.output
    assert "rule:" in result.output and "evidence:" in result.output
    assert "-RECEIVED_HONOUR-> 国家级绿色工厂" in result.output


def test_explain_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    result = runner.invoke(app, ["explain", str(tmp_path / "e.txt")])
    assert result.exit_code == 1 and result.output.strip().splitlines()[-1].startswith("Error: ")


@pytest.mark.parametrize("name", sorted(typer.main.get_command(app).commands))  # type: ignore[attr-defined]
def test_every_command_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and command.help.strip()
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0


def test_python_dash_m_kg(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "build" in result.stdout


@pytest.mark.parametrize(("args", "code", "stream", "text"), [
    (["query", "--help"], 0, "stdout", "Usage"),
    (["build", "/nonexistent/kg-input"], 1, "stderr", "Error: "),
])
def test_main_runs_exit_handlers_flushes_and_keeps_the_exit_code(args: list[str], code: int, stream: str,
                                                                 text: str) -> None:
    # main() ends the process with os._exit after the command: running threads must still
    # finish and the atexit handlers run, buffered output (a pipe) must reach the reader,
    # and the code is kept
    import subprocess
    import sys

    program = ("import atexit, sys, threading, time\n"
               "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
               "threading.Thread(target=lambda: (time.sleep(1.0), print('thread done', file=sys.stderr))).start()\n"
               f"sys.argv = ['kg', *{args!r}]\n"
               "from kg.cli import main\n"
               "main()\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert result.returncode == code, result.stderr
    assert text in getattr(result, stream)
    # as the interpreter would end: the thread (usually still sleeping when the command
    # returns) finishes, then the exit handlers run
    assert result.stderr.rstrip().endswith("handler ran")
    assert "thread done\n" in result.stderr.split("handler ran")[0]


def test_build_of_reports_with_nothing_to_extract_says_so(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("今天天气很好，我们去公园散步。", encoding="utf-8")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "entities:  none found" in result.output and "relations: none found" in result.output
    assert "0 nodes, 0 facts" in result.output


def test_a_current_folder_that_was_removed_is_one_error_line(tmp_path: Path) -> None:
    # relative paths cannot be resolved, and jieba finds its data files through the
    # current folder: one line saying so instead of every document failing
    import subprocess
    import sys

    gone = tmp_path / "gone"
    gone.mkdir()
    program = ("import os, sys\n"
               "from kg.cli import main\n"
               f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
               f"sys.argv = ['kg', 'build', {str(EXAMPLES)!r}, '--out', {str(tmp_path / 'out')!r}]\n"
               "main()\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False,
                            cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: the current folder no longer exists")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", ["--out", "--cache"])
def test_an_empty_folder_option_is_refused_not_taken_for_the_current_folder(
        option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --out "$UNSET" would otherwise build into (and replace the outputs of) the current folder
    monkeypatch.chdir(tmp_path)
    args = ["build", str(EXAMPLES), option, ""] + (["--out", str(tmp_path / "out")] if option == "--cache" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}': is empty" in result.output
    assert list(tmp_path.iterdir()) == []
    assert runner.invoke(app, ["build", str(EXAMPLES), "--out", ".", "--no-validate"]).exit_code == 0  # said so: built here
    assert (tmp_path / "graph.trig").is_file()


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_without_chinese_gets_escapes_not_a_traceback(encoding: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": encoding}
    result = subprocess.run([sys.executable, "-m", "kg", "query", "--list"], capture_output=True, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    out = result.stdout.decode(encoding)
    assert "\\u56ed\\u533a" in out and "zone_funding" in out  # 园区, escaped


@pytest.mark.parametrize(("signal_exc", "code"), [("KeyboardInterrupt()", 130), ("SystemExit(143)", 143)])
def test_a_stop_wrapped_in_another_exception_still_exits_quietly(signal_exc: str, code: int) -> None:
    # Ctrl-C or SIGTERM landing while a module creates a class (the validator is imported
    # late) is wrapped by Python 3.11 in "RuntimeError: Error calling __set_name__": the
    # stop must still exit 130/143 with nothing on stderr, not a traceback and 1
    import subprocess
    import sys

    program = ("import sys\n"
               "from kg.cli import app, main\n"
               "@app.command('boom')\n"
               "def boom() -> None:\n"
               "    class Field:\n"
               "        def __set_name__(self, owner, name):\n"
               f"            raise {signal_exc}\n"
               "    class Report:\n"
               "        violations = Field()\n"
               "sys.argv = ['kg', 'boom']\n"
               "main()\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (code, "")


def test_an_unexpected_exception_still_ends_in_its_traceback() -> None:
    import subprocess
    import sys

    program = ("import sys\n"
               "from kg.cli import app, main\n"
               "@app.command('boom')\n"
               "def boom() -> None:\n"
               "    raise RuntimeError('a bug')\n"
               "sys.argv = ['kg', 'boom']\n"
               "main()\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and result.stderr.rstrip().endswith("RuntimeError: a bug")
