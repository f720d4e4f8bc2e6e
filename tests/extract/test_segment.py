"""The jieba wrapper: caches can be dropped and are rebuilt with the same results."""

from __future__ import annotations

import functools
import marshal
import os
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import segment


def test_release_drops_the_tables_and_tagging_comes_back_the_same() -> None:
    text = "云帆科技有限公司年产50万套智能传感器项目开工。"
    before = segment.tagged(text)
    assert segment.tagged.cache_info().currsize > 0
    segment.release()
    assert segment.tagged.cache_info().currsize == 0
    assert segment._tokenizer.cache_info().currsize == 0
    assert segment.tagged(text) == before


def _dictionary(tmp_path: Path, text: str = "开发区 100 n\n云帆 5 nr\n") -> Path:
    path = tmp_path / "dict.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _file(path: Path) -> BinaryIO:
    """The dictionary opened as jieba opens it (the cache functions close it)."""
    return open(path, "rb")


def test_a_table_is_built_once_then_read_from_its_cache_file(tmp_path: Path) -> None:
    path = _dictionary(tmp_path)
    builds = []

    def build(f: BinaryIO) -> dict[str, str]:
        builds.append(1)
        with f:
            return {line.split()[0].decode(): line.split()[2].decode() for line in f}

    first = segment.cached_table("tags", _file(path), build, str(tmp_path))
    with _file(path) as f:
        cache = segment.cache_file("tags", f, str(tmp_path))
    assert first == {"开发区": "n", "云帆": "nr"} and len(builds) == 1
    assert cache is not None and os.path.exists(cache)
    assert segment.cached_table("tags", _file(path), build, str(tmp_path)) == first
    assert len(builds) == 1  # reused
    # a corrupt cache is rebuilt (and rewritten), as is one holding something else
    with open(cache, "wb") as f:
        f.write(b"\x00garbage")
    assert segment.cached_table("tags", _file(path), build, str(tmp_path)) == first
    assert len(builds) == 2
    with open(cache, "wb") as f:
        f.write(marshal.dumps(("not", "a", "table")))
    assert segment.cached_table("tags", _file(path), build, str(tmp_path)) == first
    assert len(builds) == 3
    assert segment.cached_table("tags", _file(path), build, str(tmp_path)) == first
    assert len(builds) == 3
    # a changed dictionary is a stale cache: a new file, built afresh
    _dictionary(tmp_path, "开发区 100 n\n云帆 5 nr\n高新区 7 n\n")
    assert segment.cached_table("tags", _file(path), build, str(tmp_path))["高新区"] == "n"
    assert len(builds) == 4
    with _file(path) as f:
        assert segment.cache_file("tags", f, str(tmp_path)) != cache


def test_an_unwritable_cache_folder_only_costs_the_build(tmp_path: Path) -> None:
    path = _dictionary(tmp_path)
    missing = str(tmp_path / "no" / "such" / "folder")
    table = segment.cached_table("tags", _file(path), segment._parse_word_tags, missing)
    assert table == {"开发区": "n", "云帆": "nr"}


def test_the_cached_tables_are_jiebas_own(tmp_path: Path) -> None:
    import jieba

    tok = jieba.Tokenizer()
    tok.tmp_dir = str(tmp_path)
    for _ in range(2):  # built, then read back
        assert segment._word_tags(tok) == segment._parse_word_tags(tok.get_dict_file())
        freq, total = segment.cached_table("prefix", tok.get_dict_file(), tok.gen_pfdict, str(tmp_path),
                                           sound=segment._is_prefix_dict)
        assert (freq, total) == tok.gen_pfdict(tok.get_dict_file())
    assert len(list(tmp_path.glob("kg.jieba.*.cache"))) == 2


def test_remembered_unknown_runs_tag_as_jieba_does() -> None:
    import jieba.posseg as ps

    text = "宇顺电子和利华益集团签约怡亚通供应链项目,泾县经开区"
    tagger = segment._tagger()
    first = [(w.word, w.flag) for w in tagger.cut(text)]
    assert segment._unknown_run.cache_info().currsize > 0
    plain = ps.POSTokenizer.__new__(ps.POSTokenizer)  # jieba's own, no remembering
    plain.tokenizer, plain.word_tag_tab = tagger.tokenizer, tagger.word_tag_tab
    assert [(w.word, w.flag) for w in plain.cut(text)] == first
    assert [(w.word, w.flag) for w in tagger.cut(text)] == first  # read back


@pytest.mark.parametrize("run", [
    "宇顺", "利华益", "怡亚通供应链", "泾县经开区", "施", "𠀋㐀乂",  # rare characters: every state
    "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", "啊啊啊啊啊", "一二三四五六七八九十",
    "中华人民共和国国务院办公厅关于印发",
])
def test_viterbi_reads_a_run_as_jiebas_does(run: str) -> None:
    """kg's viterbi scores only the state pairs with a transition: the same best path
    and probability as jieba's, which scores every pair."""
    import jieba.posseg as ps
    from jieba.posseg.viterbi import viterbi as jiebas

    segment._tagger()
    tables = (ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)
    prob, route = jiebas(run, *tables)
    assert segment.viterbi(run, *tables, segment._predecessors(ps.trans_P)) == (prob, list(route))


def _jiebas_reading(run: str) -> tuple[float, list[tuple[str, str]]]:
    import jieba.posseg as ps
    from jieba.posseg.viterbi import viterbi as jiebas

    segment._tagger()
    prob, route = jiebas(run, ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)
    return prob, list(route)


@functools.cache
def _dense() -> segment.DenseViterbi:
    import jieba.posseg as ps

    segment._tagger()
    return segment.DenseViterbi(ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)


# Characters the tables know with few states and with many, Latin, digits, and rare
# characters that take every state; 七哏 and 丈厝: no state of the second character
# can follow one of the first (jieba's fallback).
_RUN_CHARS = list("宇顺利华益怡亚通供应链泾县经开区施甲乙丙丁戊己庚辛壬癸子丑寅卯啊一二三中华人民共和国"
                  "七哏丈厝坜丐𠀋㐀乂xX12")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_RUN_CHARS), min_size=1, max_size=16) | st.text(min_size=1, max_size=8))
def test_the_dense_viterbi_reads_any_run_as_jiebas_does(run: str) -> None:
    """Same path, same probability to the last bit (ties between paths included)."""
    assert _dense()(run) == _jiebas_reading(run)


_TEXT_CHARS = _RUN_CHARS + list("有限公司科技工程项目园区开发经济局发展格局当地企业和与的了在年产万吨，。、( )A.5")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TEXT_CHARS), min_size=1, max_size=24) | st.text(min_size=1, max_size=12))
def test_the_route_is_jiebas_dag_and_calc(text: str) -> None:
    """route(): the ends get_DAG then calc give, ties and unknown characters included."""
    tok = segment._tokenizer()
    dag = tok.get_DAG(text)
    best: dict[int, tuple[float, int]] = {}
    tok.calc(text, dag, best)
    assert segment.route(tok, text) == [best[i][1] for i in range(len(text))]


def test_the_route_breaks_a_tie_as_jieba_does() -> None:
    """甲|乙 and 甲乙 score the same here (log 1 - log 8 + (log 8 - log 8)): jieba's max
    takes the longer word."""
    import jieba

    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = {"甲": 1, "甲乙": 1, "乙": 8}, 8, True
    best: dict[int, tuple[float, int]] = {}
    tok.calc("甲乙", tok.get_DAG("甲乙"), best)
    assert best[0][1] == 1
    assert segment.route(tok, "甲乙") == [1, 1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TEXT_CHARS), max_size=24) | st.text(max_size=12))
def test_the_tagger_tags_any_text_as_jiebas_does(text: str) -> None:
    """kg's tagger (its route, dense Viterbi, remembered runs) against jieba's own
    POSTokenizer over the same dictionary and tags."""
    import jieba.posseg as ps

    tagger = segment._tagger()
    plain = ps.POSTokenizer.__new__(ps.POSTokenizer)
    plain.tokenizer, plain.word_tag_tab = tagger.tokenizer, tagger.word_tag_tab
    assert [(w.word, w.flag) for w in tagger.cut(text)] == [(w.word, w.flag) for w in plain.cut(text)]


@pytest.mark.parametrize("run", ["七哏", "宇顺七哏", "丈厝坜", "丐哏施"])
def test_the_dense_viterbi_takes_jiebas_fallback(run: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A character none of whose states can follow the previous character's is read as
    jieba reads it (by the plain search, which holds jieba's fallbacks)."""
    plain: list[str] = []
    original = segment.viterbi
    monkeypatch.setattr(segment, "viterbi", lambda run, *tables: plain.append(run) or original(run, *tables))
    assert _dense()(run) == _jiebas_reading(run)
    assert plain == [run]


def test_the_tagger_reads_unknown_runs_with_the_dense_search(monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba.posseg as ps

    segment._unknown_run.cache_clear()
    runs: list[str] = []
    original = segment.DenseViterbi.__call__
    monkeypatch.setattr(segment.DenseViterbi, "__call__", lambda self, run: runs.append(run) or original(self, run))
    text = "星岚涞芯科技和宇顺利华签约"
    tagged = [(w.word, w.flag) for w in segment._tagger().cut(text)]
    assert runs and all(run in text for run in runs)
    plain = ps.POSTokenizer.__new__(ps.POSTokenizer)  # jieba's own reading
    plain.tokenizer, plain.word_tag_tab = segment._tagger().tokenizer, segment._tagger().word_tag_tab
    assert [(w.word, w.flag) for w in plain.cut(text)] == tagged


@pytest.mark.parametrize("text", [
    "工程机械产业园", "公司和当地企", "项目建设宇顺利华", "局面稳定", "发展格局", "园区利华益怡",
    "Ab12公司", " 公司", "，项目", "", "。。", "x临工集团",
])
def test_first_tagged_is_the_first_pair_of_tagged(text: str) -> None:
    """first_tagged stops reading after one word; the word is tagged's first."""
    whole = segment.tagged(text)
    assert segment.first_tagged(text) == (whole[0] if whole else None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("工程机械公司项目园区局发展格局宇顺利华益怡亚通和当地企业x12A。， ")), max_size=12)
       | st.text(max_size=10))
def test_first_tagged_agrees_with_tagged_on_any_text(text: str) -> None:
    whole = segment.tagged(text)
    assert segment.first_tagged(text) == (whole[0] if whole else None)



_FAKE_PKG_RESOURCES = """
import importlib, os
def resource_stream(package, resource):
    module = importlib.import_module(package)
    return open(os.path.join(os.path.dirname(module.__file__), resource), "rb")
"""
_IMPORT_CHECK = """
import sys
{before}
from kg.extract import segment
f = segment._tokenizer().get_dict_file()
print(f.name, "pkg_resources" in sys.modules)
f.close()
"""


@pytest.mark.parametrize("before", ["", "import pkg_resources"])
def test_jieba_is_imported_without_pkg_resources_and_reads_its_own_files(before: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    import jieba

    (tmp_path / "pkg_resources.py").write_text(_FAKE_PKG_RESOURCES)  # first on the path: setuptools' or none
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", _IMPORT_CHECK.format(before=before)], capture_output=True,
                         text=True, check=True, env=env).stdout.split()
    assert os.path.samefile(out[0], Path(jieba.__file__).parent / "dict.txt")
    # kg's import of jieba leaves pkg_resources unloaded, and a caller's own import of it as it was
    assert out[1] == ("True" if before else "False")
