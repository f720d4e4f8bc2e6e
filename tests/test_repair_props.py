"""Property tests of kg.repair: never raises, idempotent, offsets well formed."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.repair import repair, split_sentences

# Text built from the pieces repair reacts to, so the steps actually fire.
PIECES = st.sampled_from([
    "青禾", "園區", "經(jīng)", "(jīng)", "（yuán）", "(一期)", "(x)", "。", "，", ",", "；", "\n", "\n\n",
    " ", "  ", "\u3000", "\r\n", "1、", "2、", "3、", "一、", "（一）", "。ㄒ唬┕", "。ǘ⿲ι险", "?", "?duì)",
    "I(yè)", "下载本文档", "第1页 / 共6页", "_第2页", "相关推荐", "565net必赢官方网", "ＡＢＣ１２％",
    "\ufeff", "\x00", "\ud800", "产业园区坚持推进项目建设", "x", "X", "24. 3", "亿元",
    "&nbsp;", "&ldquo;", "&amp;", "&amp;amp;", "&#65292;", "&#0;", "&", "#", ";", "青 禾 经 济", "工  作",
])
MIXED = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join))

SETTINGS = settings(database=None, max_examples=int(__import__("os").environ.get("KG_HYPO_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_offsets(raw: str) -> None:
    rep = repair(raw)
    offs = rep.offsets
    assert len(offs) == len(rep.text) + 1
    assert offs[-1] == len(raw)
    assert all(0 <= o <= len(raw) for o in offs)
    assert all(a <= b for a, b in itertools.pairwise(offs))


@SETTINGS
@given(MIXED)
def test_repair_never_raises_and_offsets_are_monotone(raw: str) -> None:
    _check_offsets(raw)


@SETTINGS
@given(MIXED)
def test_repair_is_idempotent(raw: str) -> None:
    once = repair(raw).text
    assert repair(once).text == once


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_unicode(raw: str) -> None:
    _check_offsets(raw)


@SETTINGS
@given(MIXED)
def test_sentences_are_trimmed_ordered_and_non_empty(raw: str) -> None:
    text = repair(raw).text
    spans = split_sentences(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        last = b
