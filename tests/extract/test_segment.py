"""The jieba wrapper: caches can be dropped and are rebuilt with the same results."""

from __future__ import annotations

from kg.extract import segment


def test_release_drops_the_tables_and_tagging_comes_back_the_same() -> None:
    text = "云帆科技有限公司年产50万套智能传感器项目开工。"
    before = segment.tagged(text)
    assert segment.tagged.cache_info().currsize > 0
    segment.release()
    assert segment.tagged.cache_info().currsize == 0
    assert segment._tokenizer.cache_info().currsize == 0
    assert segment.tagged(text) == before
