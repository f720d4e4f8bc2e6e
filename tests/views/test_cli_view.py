"""``kg view``: argument parsing, output lines and exit codes (graph.trig round trip)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf import write_trig
from tests.views.graphs import page_data, small_graph

runner = CliRunner()


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    out = tmp_path / "build"
    out.mkdir()
    write_trig(small_graph(), out / "graph.trig")
    return out


def last_line(output: str) -> str:
    return [line for line in output.splitlines() if line.strip()][-1]


def test_view_focus_writes_the_neighbourhood(build_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    result = runner.invoke(app, ["view", "--graph", str(build_dir), "--focus", "臨工", "--depth", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"view: 4 nodes, 4 facts → {out}\n"
    labels = {n["label"] for n in page_data(out)["nodes"]}
    assert labels == {"临工集团", "青石智造园", "年产5万台智能装载机项目", "国家级绿色工厂"}


def test_view_defaults_to_graph_dir_view_html(build_dir: Path) -> None:
    result = runner.invoke(app, ["view", "--graph", str(build_dir), "--types", "Enterprise, Honour"])
    assert result.exit_code == 0, result.output
    assert result.output == f"view: 5 nodes, 3 facts → {build_dir / 'view.html'}\n"
    assert {n["group"] for n in page_data(build_dir / "view.html")["nodes"]} == {"Enterprise", "Honour"}


def test_view_zone_and_max_nodes_report_what_was_left_out(build_dir: Path) -> None:
    result = runner.invoke(app, ["view", "-g", str(build_dir), "--zone", "青石开发区", "--max-nodes", "3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("view: 3 nodes, ")
    assert lines[1].startswith("left out 5 nodes and ") and "--focus NAME" in lines[1]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--focus", "不存在的企业"], "Error: No entity named '不存在的企业' in the graph."),
        (["--types", "Enterprise,Firm"], ("Error: Unknown entity type Firm; choose from Zone, Enterprise, "
                                           "Organization, Project, Honour, FundingSource.")),
        (["--zone", "临工集团"], "Error: No Zone named '临工集团' in the graph."),
    ],
)
def test_view_expected_errors_are_one_line(build_dir: Path, args: list[str], error: str) -> None:
    result = runner.invoke(app, ["view", "--graph", str(build_dir), *args])
    assert result.exit_code == 1
    assert last_line(result.output) == error
    assert "Traceback" not in result.output
    assert not (build_dir / "view.html").exists()


def test_view_without_a_graph(tmp_path: Path) -> None:
    result = runner.invoke(app, ["view", "--graph", str(tmp_path)])
    assert result.exit_code == 1
    assert last_line(result.output).startswith("Error: no graph found")


def test_view_rejects_negative_depth(build_dir: Path) -> None:
    result = runner.invoke(app, ["view", "--graph", str(build_dir), "--depth", "-1"])
    assert result.exit_code == 2  # typer's usage error


def test_view_help_has_an_example() -> None:
    result = runner.invoke(app, ["view", "--help"])
    assert result.exit_code == 0
    assert "Example: kg view" in result.output and "--focus" in result.output
