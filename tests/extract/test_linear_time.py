"""Extraction takes time linear in a sentence's and a document's length, whatever they
hold: long runs of one pattern (a list of thousands of firms, a run of digits or of one
word, a masked name of thousands of x, a paragraph of thousands of sentences, thousands
of zone names) once took time quadratic in it: minutes for 100k characters.

Timed as a ratio in one run (8x the text must take well under 64x the time), not
against a wall clock."""

from __future__ import annotations

import time

import pytest

from kg.extract import extract
from kg.model import RawDoc


def _seconds(text: str) -> float:
    doc = RawDoc(path="long.txt", name="long.txt", text=text, encoding="utf-8", sha256="0")
    start = time.perf_counter()
    extract(doc)
    return time.perf_counter() - start


@pytest.mark.parametrize("make", [
    pytest.param(lambda n: "、".join(["云帆电子"] * n) + "获评国家级绿色工厂。", id="firm-list"),
    pytest.param(lambda n: "1" * (4 * n) + "家企业获得省级专项资金。", id="digit-run"),
    pytest.param(lambda n: "有限公司" * n, id="word-run"),
    pytest.param(lambda n: "x" * (4 * n) + "临工获评国家级绿色工厂。", id="masked-name"),
    pytest.param(lambda n: "园区水平不断提高,获评青禾省开" * (n // 4), id="clauses-without-a-topic"),
    pytest.param(lambda n: "扶持,通过引进项目业主" * (n // 3), id="funding-clauses"),
    pytest.param(lambda n: "云帆电子投资三期厂房项目" * (n // 3), id="investors-and-projects"),
    # one paragraph of many short sentences: each looked back to its paragraph's start
    pytest.param(lambda n: "开工项目:竣工3个;调整退出2个;新建精密厂房" * (n // 5), id="one-long-paragraph"),
    # many zones and names: each name tried against every zone
    pytest.param(lambda n: "城西、城南和青禾工業區)" * (n // 3), id="many-zones"),
    # many sentences, each looking for its topic zone among all of the report's zones
    pytest.param(lambda n: "数字出版产业基地项目持续跟进。" * (n // 3), id="many-sentences-many-zones"),
    # many peer zones before many firms in one paragraph
    pytest.param(lambda n: "、星河科技产业园、第五届国" * (n // 3), id="peer-zones-in-a-paragraph"),
    # blank lines before a line listing an honour's holders; counted titles never closed
    pytest.param(lambda n: " \t\n" * n + "1.省级绿色工厂：云帆电子", id="blank-lines-before-a-colon-list"),
    pytest.param(lambda n: "新增省级绿色工厂3家（云帆电子" * (n // 4), id="counted-titles-unclosed"),
])
def test_time_is_linear_in_a_long_sentence(make) -> None:  # type: ignore[no-untyped-def]
    _seconds(make(10))  # tables and patterns loaded
    small = min(_seconds(make(4_000)) for _ in range(2))
    large = _seconds(make(32_000))
    assert large < 24 * max(small, 0.005), (small, large)


def test_an_overlong_sentence_is_cut_at_a_soft_stop() -> None:
    from kg.repair import MAX_SENTENCE, split_sentences

    text = "青禾园区引进云帆电子，" * 300 + "完成。短句。"
    spans = split_sentences(text)
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    assert "".join(text[a:b] for a, b in spans) == text  # nothing lost, nothing twice
    assert all(text[b - 1] in "，。" for a, b in spans)  # cut after a comma, not mid-word
    assert text[spans[-1][0]:spans[-1][1]] == "短句。"
    assert split_sentences("园" * 2500) == [(0, 1000), (1000, 2000), (2000, 2500)]  # no stop: at the limit
