"""Property tests of extraction: on any text, ``extract_text(repair(s))`` never raises,
every relation's evidence offsets slice the repaired text to the evidence sentence, and
its raw offsets lie inside the raw text."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract, extract_text
from kg.model import DocExtraction, RawDoc
from kg.repair import repair

# Fictional names and the words the extractors react to, so that rules actually fire.
FRAGMENTS = st.sampled_from([
    "青禾", "云帆", "临川", "栖霞", "星河", "经济开发区", "高新区", "开发区", "产业园", "园区", "工业园",
    "项目", "一期", "二期", "工程", "基地", "中心", "有限公司", "股份有限公司", "集团", "科技", "电子", "重工",
    "、", "，", "。", "；", "：", "（", "）", "“", "”", "《", "》", "\n", "\n\n", " ", "等",
    "获批", "获得", "荣获", "入选", "认定为", "被评为", "国家级", "省级", "市级", "专精特新", "“小巨人”",
    "企业", "称号", "示范", "单位", "第一批", "第三批", "2023年", "2021年度", "12", "3.5", "万元", "亿元",
    "资金", "专项资金", "扶持", "补助", "争取", "到位", "签约", "落户", "投资", "总投资", "建设", "开工",
    "与", "和", "联合", "合作", "签订", "战略合作协议", "位于", "入驻", "引进", "新签约", "管委会", "局",
    "經濟開發區", "雲帆", "(jīng)", "（yuán）", "。ㄒ唬┕", "?", "第1页", "下载本文档", "ＡＢＣ１２",
    "\u3000", "\ufeff", "\x00", "\r\n",
])
PLACE = st.sampled_from(["青禾", "云帆", "临川", "栖霞", "星河", "雲帆"])
FIRM = st.tuples(PLACE, st.sampled_from(["科技", "电子", "重工", "新材料"]),
                 st.sampled_from(["有限公司", "股份有限公司", "集团", ""])).map("".join)
ZONE = st.tuples(PLACE, st.sampled_from(["经济开发区", "高新区", "产业园"])).map("".join)
LEVEL = st.sampled_from(["国家级", "省级", "市级", ""])
CLAUSE = st.one_of(
    st.tuples(FIRM, st.sampled_from(["荣获", "获批", "入选"]), LEVEL,
              st.sampled_from(["专精特新“小巨人”企业称号", "高新技术企业", "绿色工厂", "技术中心"])).map("".join),
    st.tuples(FIRM, st.sampled_from(["获得", "争取"]), LEVEL, st.sampled_from(["专项资金", "技改资金"]),
              st.sampled_from(["500万元", "1.2亿元", ""])).map("".join),
    st.tuples(ZONE, st.sampled_from(["新签约", "引进"]), FIRM, st.sampled_from(["等项目12个", "智能制造项目"])).map("".join),
    st.tuples(FIRM, st.just("与"), FIRM, st.sampled_from(["签订战略合作协议", "合作共建研发中心"])).map("".join),
    st.tuples(FIRM, st.sampled_from(["落户", "入驻"]), ZONE).map("".join),
)
CHINESE = st.lists(st.one_of(CLAUSE, FRAGMENTS), max_size=40).map("".join)
MIXED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=6)), max_size=50).map("".join)
TEXT = st.one_of(CHINESE, MIXED, st.text(max_size=200))

SETTINGS = settings(database=None, deadline=None, max_examples=int(os.environ.get("KG_HYPO_EXAMPLES", "120")),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _check(raw: str, de: DocExtraction) -> None:
    text = repair(raw).text
    names = {n for e in de.entities for n in (e.name, *e.aliases)}
    assert all(e.name for e in de.entities)
    assert all(n == n.strip() for n in names), names  # no name starts or ends with white space
    for r in de.relations:
        ev = r.evidence
        assert 0 <= ev.start < ev.end <= len(text), r
        assert text[ev.start:ev.end] == ev.sentence, r
        assert 0 <= ev.raw_start <= ev.raw_end <= len(raw), r
        assert r.s and r.o and r.s != r.o, r
        assert {r.s, r.o} <= names | {de.subject}, r


@SETTINGS
@given(TEXT)
def test_extract_text_never_raises_and_offsets_hold(raw: str) -> None:
    de = extract_text(repair(raw), "x.txt")
    assert de.doc == "x.txt"
    _check(raw, de)


@SETTINGS
@given(CHINESE)
def test_chinese_reports_keep_raw_offsets_on_the_evidence(raw: str) -> None:
    de = extract(RawDoc(path="dir/x.txt", name="x.txt", text=raw, encoding="utf-8", sha256="0" * 64))
    _check(raw, de)
    for r in de.relations:
        ev = r.evidence
        # the raw span holds the evidence's characters, before repair changed them
        assert ev.raw_end > ev.raw_start or not ev.sentence


def test_a_known_sentence_gives_evidence_that_slices_both_texts() -> None:
    raw = "青禾經濟開發區：\n云帆电子有限公司荣获国家级专精特新“小巨人”企业称号。\n"
    de = extract(RawDoc(path="x.txt", name="x.txt", text=raw, encoding="utf-8", sha256=""))
    honours = [r for r in de.relations if r.p == "RECEIVED_HONOUR"]
    assert honours, de.relations
    ev = honours[0].evidence
    assert "小巨人" in ev.sentence
    assert raw[ev.raw_start:ev.raw_end] == ev.sentence  # this sentence needed no repair
    _check(raw, de)
