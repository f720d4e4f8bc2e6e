"""Incremental builds: the extraction cache (kg.cache) as the build uses it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kg.extract
from kg.cache import CACHE_DIR, ExtractionCache, entry_key, extractor_fingerprint, fingerprint_of, from_json, to_json
from kg.extract import extract
from kg.model import Relation
from kg.pipeline import build
from kg.read import read_document
from tests.conftest import EXAMPLES

OUTPUTS = ("extractions.jsonl", "graph.trig", "graph.html")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLES, src)
    return src


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the name of every document actually extracted (in this process)."""
    calls: list[str] = []
    real = kg.extract.extract

    def counting(doc):  # type: ignore[no-untyped-def]
        calls.append(doc.name)
        return real(doc)

    monkeypatch.setattr(kg.extract, "extract", counting)
    return calls


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_json_round_trip_is_lossless() -> None:
    for path in sorted(EXAMPLES.glob("*.txt")):
        de = extract(read_document(path))
        assert de.relations
        again = from_json(json.loads(json.dumps(to_json(de), ensure_ascii=False)), path=de.path)
        assert again == de


def test_round_trip_keeps_numbers_and_missing_attributes() -> None:
    de = extract(read_document(EXAMPLES / "qinghe_2023_summary.txt"))
    ev = de.relations[0].evidence
    odd = Relation("甲", "FUNDED_BY", "乙", ev, level="provincial", year=2023, value_yuan=1.5e8, amount="1.5亿元")
    de = type(de)(de.doc, None, de.entities, (odd,), sha256="ab", path="")
    back = from_json(json.loads(json.dumps(to_json(de))))
    assert back == de and isinstance(back.relations[0].value_yuan, float) and back.relations[0].batch is None


def test_second_build_takes_everything_from_the_cache(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    out = tmp_path / "out"
    first = build([corpus], out, validate=False)
    assert (first.extracted, first.cached) == (3, 0) and len(counted) == 3
    before = _outputs(out)
    second = build([corpus], out, validate=False)
    assert (second.extracted, second.cached) == (0, 3) and len(counted) == 3
    assert _outputs(out) == before
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["extracted"], report["cached"]) == (0, 3)


def test_only_the_changed_file_is_extracted_again(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    out = tmp_path / "out"
    build([corpus], out, validate=False)
    changed = corpus / "qinghe_2023_summary.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n栖霞智造有限公司荣获省级专精特新企业称号。\n", encoding="utf-8")
    counted.clear()
    report = build([corpus], out, validate=False)
    assert counted == ["qinghe_2023_summary.txt"]
    assert (report.extracted, report.cached) == (1, 2)
    fresh = tmp_path / "fresh"
    build([corpus], fresh, validate=False, cache=False)
    assert _outputs(out) == _outputs(fresh)
    assert "栖霞智造" in (out / "extractions.jsonl").read_text(encoding="utf-8")


def test_a_moved_file_is_a_hit_with_its_new_path(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    build([corpus], tmp_path / "a", validate=False, cache_dir=cache)
    moved = tmp_path / "elsewhere"
    shutil.move(str(corpus), moved)
    counted.clear()
    report = build([moved], tmp_path / "b", validate=False, cache_dir=cache)
    assert counted == [] and report.cached == 3
    assert not (tmp_path / "a" / CACHE_DIR).exists() and not (tmp_path / "b" / CACHE_DIR).exists()
    hit = ExtractionCache(cache).get(read_document(moved / "baiyun_2021_site.txt").sha256, "baiyun_2021_site.txt",
                                     str(moved / "baiyun_2021_site.txt"))
    assert hit is not None and hit.path == str(moved / "baiyun_2021_site.txt")


def test_same_bytes_under_another_name_is_a_miss(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    out = tmp_path / "out"
    build([corpus], out, validate=False)
    (corpus / "baiyun_2021_site.txt").rename(corpus / "baiyun_renamed.txt")
    counted.clear()
    build([corpus], out, validate=False)
    assert counted == ["baiyun_renamed.txt"]  # the name is the document id in every output
    assert '"doc": "baiyun_renamed.txt"' in (out / "extractions.jsonl").read_text(encoding="utf-8")


def test_no_cache_writes_and_reads_nothing(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    out = tmp_path / "out"
    build([corpus], out, validate=False)
    counted.clear()
    report = build([corpus], out, validate=False, cache=False)
    assert len(counted) == 3 and (report.extracted, report.cached) == (3, 0)
    other = tmp_path / "other"
    build([corpus], other, validate=False, cache=False)
    assert not (other / CACHE_DIR).exists()


def test_damaged_entries_are_misses_and_get_rewritten(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    out = tmp_path / "out"
    build([corpus], out, validate=False)
    before = _outputs(out)
    entries = sorted((out / CACHE_DIR).rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_text('{"key": "trunc', encoding="utf-8")
    entries[1].write_text(json.dumps({"key": "someone else", "fingerprint": "x", "extraction": {}}), encoding="utf-8")
    counted.clear()
    report = build([corpus], out, validate=False)
    assert (report.extracted, report.cached) == (2, 1) and len(counted) == 2
    assert _outputs(out) == before
    counted.clear()
    assert build([corpus], out, validate=False).cached == 3 and counted == []


def test_a_cache_that_cannot_be_written_is_one_warning_and_the_build_goes_on(
        corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    """``--cache`` naming a file: the build extracts everything, says once that nothing
    could be cached (in report.json and as a ``Warning:`` line), and exits 0; a cache
    that can be written gets no warning and keeps no probe file."""
    from typer.testing import CliRunner

    from kg.cli import app

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    out = tmp_path / "out"
    report = build([corpus], out, validate=False, cache_dir=blocked)
    assert report.extracted == len(counted) == 3 and report.cached == 0
    expected = f"{blocked}: cannot write the extraction cache (Not a directory): " \
               "the documents extracted now will be extracted again by the next build"
    assert report.warnings == [expected]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["warnings"] == [expected]
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--cache", str(blocked), "--no-validate"])
    assert result.exit_code == 0 and f"Warning: {expected}" in result.output.splitlines()

    report = build([corpus], tmp_path / "out2", validate=False)
    assert report.warnings == []
    assert not list((tmp_path / "out2" / CACHE_DIR).rglob("*.tmp"))


def test_other_fingerprints_are_ignored_and_pruned(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    cache_dir = tmp_path / "cache"
    stale = ExtractionCache(cache_dir, fingerprint="0" * 32)
    de = extract(read_document(corpus / "baiyun_2021_site.txt"))
    stale.put(de)
    assert stale.get(de.sha256, de.doc, de.path) == de
    assert ExtractionCache(cache_dir).get(de.sha256, de.doc, de.path) is None
    build([corpus], tmp_path / "out", validate=False, cache_dir=cache_dir)
    assert len(counted) == 3
    assert sorted(p.name for p in cache_dir.iterdir()) == [extractor_fingerprint()]


def test_editing_a_lexicon_or_an_extractor_changes_the_fingerprint(tmp_path: Path) -> None:
    package = tmp_path / "kg"
    for rel in ("extract/__init__.py", "extract/entities.py", "repair.py", "data/lexicon/heads.txt",
                "data/userdict.txt", "data/view/style.json", "views.py"):
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(f"# {rel}\n", encoding="utf-8")
    base = fingerprint_of(package)
    assert fingerprint_of(package) == base
    changed = set()
    for rel in ("data/lexicon/heads.txt", "data/userdict.txt", "extract/entities.py", "repair.py"):
        path = package / rel
        path.write_text(path.read_text(encoding="utf-8") + "新词\n", encoding="utf-8")
        changed.add(fingerprint_of(package))
        path.write_text(f"# {rel}\n", encoding="utf-8")
    assert len(changed) == 4 and base not in changed
    (package / "data/lexicon/new_list.txt").write_text("词\n", encoding="utf-8")
    assert fingerprint_of(package) != base
    (package / "data/lexicon/new_list.txt").unlink()
    for rel in ("data/view/style.json", "views.py"):  # the view does not affect extraction
        (package / rel).write_text("{}", encoding="utf-8")
    assert fingerprint_of(package) == base


def test_parallel_build_uses_and_fills_the_cache(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([corpus], out, validate=False, jobs=2)
    assert (first.extracted, first.cached) == (3, 0)
    before = _outputs(out)
    (corpus / "jinshui_2022_traditional.txt").write_text("雲帆電子有限公司落戶金水經濟開發區。\n", encoding="utf-8")
    second = build([corpus], out, validate=False, jobs=2)
    assert (second.extracted, second.cached) == (1, 2)
    assert _outputs(out)["extractions.jsonl"] != before["extractions.jsonl"]


def test_entry_key_depends_on_bytes_and_name() -> None:
    assert entry_key("a" * 64, "x.txt") == entry_key("a" * 64, "x.txt")
    assert len({entry_key("a" * 64, "x.txt"), entry_key("b" * 64, "x.txt"), entry_key("a" * 64, "x.html")}) == 3


@pytest.fixture()
def nine_reports(tmp_path: Path) -> Path:
    """The three examples, each under three names: one changed file is a ninth."""
    src = tmp_path / "nine"
    src.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")):
        for i in range(3):
            shutil.copy(path, src / f"{path.stem}_{i}{path.suffix}")
    return src


@pytest.mark.parametrize("jobs", [1, 2])
def test_after_one_change_the_store_is_updated_to_what_a_fresh_build_makes(
        nine_reports: Path, tmp_path: Path, jobs: int) -> None:
    import pyoxigraph as ox

    out = tmp_path / "out"
    assert build([nine_reports], out, validate=False, jobs=jobs).store == "loaded"
    changed = nine_reports / "qinghe_2023_summary_1.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n青禾经济开发区新引进星河微电子有限公司。\n",
                       encoding="utf-8")
    second = build([nine_reports], out, validate=False, jobs=jobs)
    assert (second.extracted, second.store) == (1, "updated")
    fresh = build([nine_reports], tmp_path / "fresh", validate=False, cache=False, jobs=jobs)
    assert fresh.store == "loaded"
    updated, loaded = ox.Store.read_only(str(out / "store")), ox.Store.read_only(str(tmp_path / "fresh" / "store"))
    assert set(updated) == set(loaded)
    assert any("星河微电子" in q.object.value for q in updated if isinstance(q.object, ox.Literal))
    assert (out / "graph.trig").read_bytes() == (tmp_path / "fresh" / "graph.trig").read_bytes()
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["store"] == "updated"
