"""``kg build`` end to end: outputs, FORMAT.md lines, evidence offsets, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.errors import KGError
from kg.pipeline import build
from kg.read import read_document
from kg.repair import repair
from tests.conftest import EXAMPLES

OUTPUTS = ("extractions.jsonl", "graph.trig", "graph.html", "report.json")
ENTITY_TYPES = {"Zone", "Enterprise", "Organization", "Project", "Honour", "FundingSource"}
PREDICATES = {"LOCATED_IN", "UNDERTAKES", "RECEIVED_HONOUR", "FUNDED_BY", "PARTNERS_WITH"}
LEVELS = {None, "national", "provincial", "municipal", "county", "district"}


def test_examples_build_writes_every_output(examples_build: Path) -> None:
    for name in OUTPUTS:
        assert (examples_build / name).stat().st_size > 0, name
    assert (examples_build / "store").is_dir()
    report = json.loads((examples_build / "report.json").read_text(encoding="utf-8"))
    assert report["documents_read"] == len(list(EXAMPLES.glob("*.txt")))
    assert report["documents_failed"] == 0
    assert report["relations"].get("RECEIVED_HONOUR", 0) > 0


def check_format(line: str) -> dict:
    rec = json.loads(line)
    assert set(rec) >= {"doc", "subject", "entities", "relations"}
    assert "/" not in rec["doc"]
    names = set()
    for e in rec["entities"]:
        assert e["type"] in ENTITY_TYPES and isinstance(e["name"], str) and e["name"]
        assert isinstance(e["aliases"], list)
        names |= {e["name"], *e["aliases"]}
    for r in rec["relations"]:
        assert r["p"] in PREDICATES
        assert r["s"] in names | {rec["subject"]} and r["o"] in names | {rec["subject"]}
        assert r["level"] in LEVELS
        assert r["year"] is None or isinstance(r["year"], int)
        assert r["value_yuan"] is None or isinstance(r["value_yuan"], (int, float))
        assert isinstance(r["evidence"], str) and r["evidence"]
    return rec


def test_extractions_follow_format(examples_build: Path) -> None:
    lines = (examples_build / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    for line in lines:
        check_format(line)


def test_trig_parses_and_holds_one_graph_per_document(examples_build: Path) -> None:
    ds = Dataset()
    ds.parse(examples_build / "graph.trig", format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g) and str(g.identifier) != str(ds.default_graph.identifier)}
    assert len(graphs) == 3


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    build([EXAMPLES], a)
    build([EXAMPLES], b)
    for name in ("extractions.jsonl", "graph.trig", "graph.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_bad_file_is_reported_and_the_rest_builds(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text((EXAMPLES / "qinghe_2023_summary.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    report = build([src], tmp_path / "out", validate=False)
    assert report.documents_read == 1 and report.documents_failed == 1
    assert "empty.txt" in report.failures[0].reason


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="no report files"):
        build([tmp_path], tmp_path / "out")


def test_failed_build_keeps_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([EXAMPLES], out, validate=False)
    before = (out / "graph.trig").read_bytes()
    with pytest.raises(KGError):
        build([tmp_path / "missing"], out)
    assert (out / "graph.trig").read_bytes() == before


@pytest.mark.slow
def test_corpus_evidence_offsets_slice_to_the_evidence(corpus_build: Path, shared_dir: Path) -> None:
    paths = {p.name: p for p in (shared_dir / "corpus").rglob("*.txt")}
    total = 0
    for line in (corpus_build / "extractions.jsonl").read_text(encoding="utf-8").splitlines():
        rec = check_format(line)
        raw = read_document(paths[rec["doc"]]).text
        text = repair(raw).text
        for r in rec["relations"]:
            o = r["offsets"]
            assert text[o["start"] : o["end"]] == r["evidence"]
            assert 0 <= o["raw_start"] <= o["raw_end"] <= len(raw)
            total += 1
    assert total > 100


def test_the_build_holds_no_texts_and_one_evidence_per_sentence(tmp_path: Path) -> None:
    # Memory (issue #7): past extraction the build holds extractions, never a document's
    # text; facts from one sentence share one Evidence, and sharing changes no value.
    import gc

    from kg.extract import extract
    from kg.model import DocExtraction, Evidence, RawDoc, Repaired
    from kg.pipeline import ExtractOptions, extract_file, shared

    path = min(EXAMPLES.glob("*.txt"))
    de, cached = extract_file(str(path), ExtractOptions())
    assert isinstance(de, DocExtraction) and not cached
    assert de == extract(read_document(path)) == shared(de)
    evidence = [r.evidence for r in de.relations]
    assert len({id(e) for e in evidence}) == len(set(evidence)) < len(evidence)

    held: list[str] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage != "extract":
            gc.collect()
            held.extend(f"{stage}: {type(o).__name__}" for o in gc.get_objects() if isinstance(o, (RawDoc, Repaired)))

    build([EXAMPLES], tmp_path / "out", validate=False, cache=False, progress=progress)
    assert held == []
    assert all(not hasattr(o, "__dict__") for o in (evidence[0], de.relations[0], de.entities[0], de))
    assert isinstance(evidence[0], Evidence)
