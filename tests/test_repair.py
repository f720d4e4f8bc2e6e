"""Tests of kg.repair on fictional strings (zones and firms invented here), plus a few
checks on the real shared corpus (read-only, never copied)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from kg import repair as repair_mod
from kg.model import Repaired
from kg.names import to_simplified
from kg.repair import repair, split_sentences

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"


def fixed(raw: str) -> str:
    return repair(raw).text


def assert_offsets_sound(raw: str, rep: Repaired) -> None:
    """Offsets are a monotone map into raw; unchanged chars map to themselves."""
    assert len(rep.offsets) == len(rep.text) + 1
    assert rep.offsets[-1] == len(raw)
    assert all(0 <= a <= b <= len(raw) for a, b in zip(rep.offsets, rep.offsets[1:]))
    for i, ch in enumerate(rep.text):
        src = raw[rep.offsets[i]]
        related = {src, to_simplified(src), unicodedata.normalize("NFKC", src)}
        if ch in related:
            continue
        # a rebuilt character (mojibake recovery, joined space) still points at raw text
        assert not src.isspace() or ch == " ", (i, ch, src)


def misalign(text: str, lead: bytes = b"\xa1") -> str:
    """Fake the scraper's damage: GBK bytes decoded one byte off (``lead`` is the stray
    byte in front: A1 makes the 。 of the heading runs); undecodable pairs are lost."""
    data = lead + text.encode("gbk")
    out, i = [], 0
    while i < len(data):
        if data[i] < 0x80:
            out.append(chr(data[i]))
            i += 1
            continue
        try:
            out.append(data[i:i + 2].decode("gbk"))
        except UnicodeDecodeError:
            pass
        i += 2
    return "".join(out)


# ---------------------------------------------------------------------------
# 1. pinyin glosses

# fmt: off
PINYIN_CASES = [
    ("青禾經(jīng)濟開發(fā)區(qū)管委會", "青禾经济开发区管委会"),
    ("創(chuàng )新驅(qū)動", "创新驱动"),
    ("園（yuán）區建設", "园区建设"),
    ("綠(lǜ)色工廠", "绿色工厂"),
    ("澄江産業園(chǎn yè)", "澄江产业园"),
]
KEEP_CASES = [
    "白鹭湾产业园(一期)项目开工。",
    "云帆(x)检测中心投用。",
    "青禾污水厂采用(PPP)模式建设。",
    "青禾科技(Qinghe Tech)签约落户。",
]
# fmt: on


@pytest.mark.parametrize(("raw", "want"), PINYIN_CASES)
def test_pinyin_glosses_removed(raw: str, want: str) -> None:
    rep = repair(raw)
    assert rep.text == want
    assert_offsets_sound(raw, rep)


@pytest.mark.parametrize("raw", KEEP_CASES)
def test_normal_parentheses_kept(raw: str) -> None:
    assert fixed(raw) == raw


def test_gloss_of_a_lost_character_goes_with_its_stand_in() -> None:
    assert fixed("青禾園區?jǐn)數字化改造") == "青禾园区数字化改造"
    assert fixed("白鷺灣I(yè)技術服務") == "白鹭湾技术服务"


# ---------------------------------------------------------------------------
# 2. traditional → simplified


def test_traditional_to_simplified_with_variants() -> None:
    raw = "臨溪產業園區獲評國家級綠色工廠,助力企業增資擴産。"
    rep = repair(raw)
    assert rep.text == "临溪产业园区获评国家级绿色工厂,助力企业增资扩产。"
    assert rep.offsets[:-1] == tuple(range(len(raw)))


def test_opencc_t2s_keeps_length() -> None:
    sample = "臨溪產業園區後來瞭解甚麼夥計噁心乾坤理髮一隻" * 3
    assert len(to_simplified(sample)) == len(sample)


def test_length_changing_conversion_maps_per_character(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a converter ever changes the length, only that line is converted per char."""
    def fake(text: str) -> str:
        return text.replace("園", "园").replace("甲", "乙丙")

    monkeypatch.setattr(repair_mod, "to_simplified", fake)
    raw = "青禾園區\n甲企業落户"
    rep = repair(raw)
    assert rep.text == "青禾园區\n乙丙企業落户"
    assert_offsets_sound(raw, rep)
    i = rep.text.index("乙")
    assert rep.offsets[i] == rep.offsets[i + 1] == raw.index("甲")


# ---------------------------------------------------------------------------
# 3. misaligned-GBK mojibake


@pytest.mark.parametrize("numeral", ["一", "二", "三", "四", "五", "八", "十"])
def test_mojibake_heading_is_recovered(numeral: str) -> None:
    # like the real damage: the run goes on to the gloss of a traditional character
    # (設 = D4 4F: its ASCII trail byte re-synchronises the decoder)
    garbled = misalign(f"（{numeral}）加快青禾智能装备项目建設")
    assert garbled.startswith("。") and "青禾" not in garbled
    raw = f"今年以来成效明显。\n{garbled}(shè)工作。\n下一段正文。"
    rep = repair(raw)
    assert rep.text == f"今年以来成效明显。\n（{numeral}）加快青禾智能装备项目建设工作。\n下一段正文。"
    assert_offsets_sound(raw, rep)


def test_mojibake_heading_without_gloss_is_recovered_to_line_end() -> None:
    line = "（四）加快白鹭湾科技项目"
    garbled = misalign(line + "。")  # the final 。 absorbs the trailing byte
    assert fixed(garbled) .startswith(line)


def test_mojibake_heading_inside_a_line_keeps_the_stop_before_it() -> None:
    # a scraper joined the heading's line to the one before: 。ㄒ唬… inside the line
    garbled = misalign("（二）加快青禾智能装备项目建設")
    raw = f"今年以来成效明显。{garbled}(shè)工作。"
    rep = repair(raw)
    assert rep.text == "今年以来成效明显。（二）加快青禾智能装备项目建设工作。"
    assert_offsets_sound(raw, rep)
    # the line's own 。 read as the run's first character: the stop stays
    assert fixed(f"今年以来成效明显{garbled}(shè)工作。") == "今年以来成效明显。（二）加快青禾智能装备项目建设工作。"
    assert fixed("青禾园区。ㄅ") == "青禾园区。ㄅ"  # (too short a run to be a heading)


def test_unrecoverable_mojibake_is_dropped_with_the_lost_gloss() -> None:
    # the heading's numeral survives, the run and the gloss of the lost char go
    raw = "。ㄈ﹫(jiān)守青禾園區服務底線。"
    assert fixed(raw) == "（三）守青禾园区服务底线。"


def test_mojibake_never_glued_to_following_word() -> None:
    # "笽" would decode from the broken bytes, but it is not a real word character
    raw = "。ㄈ┕I(yè)青禾園區服務提速。"
    out = fixed(raw)
    assert out == "（三）青禾园区服务提速。"
    assert not re.search("[ㄅ-ㄩǘ┕﹫⿲]", out)


def test_shifted_run_after_lost_character_is_redecoded() -> None:
    garbled = misalign("加快青禾智能装备项目建設", lead=b"\x8e")
    assert garbled.endswith("O") and "青禾" not in garbled
    assert fixed(f"全年?duì){garbled}(shè)工作") == "全年加快青禾智能装备项目建设工作"


def test_shifted_run_ending_at_another_lost_character() -> None:
    garbled = misalign("加快青禾智能装备項", lead=b"\x8e")  # 項's second byte is lost with the shift
    assert fixed(f"全年?duì){garbled}?xiàng)目青禾") == "全年加快青禾智能装备目青禾"


def test_lost_character_with_stray_trail_byte() -> None:
    assert fixed("完成率12.5%?h青禾园区项目") == "完成率12.5%青禾园区项目"
    assert fixed("What?I said 青禾") == "What?I said 青禾"


def test_ordinary_question_mark_text_untouched() -> None:
    raw = "如何推进?青禾园区坚持项目为王(一期)。"
    assert fixed(raw) == raw


# ---------------------------------------------------------------------------
# 4. boilerplate and spam

BOILERPLATE_DOC = """电脑桌面
添加青禾文库 | 范文素材网站到电脑桌面
安装后可以在桌面快捷访问
青禾园区年度工作总结.docxVIP专享VIP免费优质
青禾园区年度工作总结_第1页
第1页 / 共4页
已阅读3页,还剩12页未读, 继续免费阅读
下载本文档
来源:青禾日报  |  2023-05-06 09:12:00
首页 / 要闻动态 / 园区新闻
今年以来,青禾园区新签约项目8个。
白鹭湾园区鸟瞰_fororder_图片3
大会现场
白鹭湾园区引进998net必赢官方网云帆电子项目。
展开阅读全文
相关推荐
青禾园区上半年工作总结
白鹭湾园区工作计划

版权所有 © 2023 青禾网 浙ICP备12345678号
下面是小编为大家整理的工作总结,供大家参考。
"""


def test_boilerplate_removed() -> None:
    out = fixed(BOILERPLATE_DOC)
    assert out == "今年以来,青禾园区新签约项目8个。\n白鹭湾园区引进云帆电子项目。"


def test_boilerplate_generalises_to_other_prompts() -> None:
    raw = "第 2 页 共 9 页\n- 3 -\n猜你喜欢\n青禾工作计划\n\n扫一扫关注青禾园区微信公众号\n青禾园区获评省级绿色园区。"
    assert fixed(raw) == "青禾园区获评省级绿色园区。"


def test_generic_gambling_spam_rule() -> None:
    assert fixed("青禾园区js333太阳城官网新建厂房。") == "青禾园区新建厂房。"
    assert fixed("临溪园区5G基站建成,3D打印中心投用。") == "临溪园区5G基站建成,3D打印中心投用。"
    # a brand before 娱乐 and a site word, with no Latin token
    assert fixed("鲜丰冷库项目和星辉娱乐官网下载农投集团冷链中心项目均落户园区。") == "鲜丰冷库项目和农投集团冷链中心项目均落户园区。"
    assert fixed("园区文化娱乐设施和体育场馆建成开放。") == "园区文化娱乐设施和体育场馆建成开放。"


def test_boilerplate_word_inside_a_long_body_line_keeps_the_line() -> None:
    body = "青禾园区推进项目建设," * 30 + "版权所有相关工作也在推进。"
    assert fixed(body) == body


# ---------------------------------------------------------------------------
# 5. page-chunk counters and hard line breaks


FILLER = "围绕新材料、智能装备和电子信息三大主导产业,深入开展产业链招商和以商招商,持续优化营商环境,"


def test_page_counters_rejoin_sentences() -> None:
    chunk1 = "1、青禾园区半年回顾。今年以来,青禾园区" + FILLER * 2 + "管委会始终"
    chunk2 = "2、把服务企业放在首位," + FILLER * 2 + "园区"
    chunk3 = "3、迎来了云帆电子扩产项目。"
    raw = f"{chunk1}\n{chunk2}\n{chunk3}"
    rep = repair(raw)
    assert rep.text == chunk1[2:] + chunk2[2:] + chunk3[2:]
    assert_offsets_sound(raw, rep)


def test_page_counter_after_blank_line() -> None:
    head = "青禾园区坚持产业链招商," + FILLER * 2 + "着力推进一"
    assert fixed(head + "\n\n4、是强化要素保障。") == head + "是强化要素保障。"


def test_page_break_after_a_heading_enumerator() -> None:
    head = "青禾园区" + FILLER * 2 + "成效明显。 (七)"
    want = head.replace("。 (", "。(")  # (a space beside full-width punctuation goes)
    assert fixed(head + "\n\n8、推动云帆电子扩产。") == want + "推动云帆电子扩产。"


def test_long_unpunctuated_list_items_are_not_page_counters() -> None:
    raw = ("二、下半年工作安排\n1、加快推进青禾园区新材料产业园基础设施和标准厂房建设项目工作进度\n"
           "2、全力做好白鹭湾智能装备产业园招商引资和云帆电子项目落地服务保障工作")
    assert fixed(raw) == raw


def test_real_list_items_kept() -> None:
    raw = "青禾园区运行亮点如下:\n1、云帆电子满产。\n2、白鹭湾园区扩容。\n二、工作安排\n1、园区扩容\n2、企业服务"
    assert fixed(raw) == raw


def test_hard_line_breaks_rejoined() -> None:
    raw = ("2022 年,青禾开发区围绕新材料和智能装备两条产业链,持续推进云帆电子扩产\n"
           "项目和白鹭湾园区标准厂房建设,园区服务企业的能力和水平得到明显提\n"
           "升。\n二、下一步打算")
    out = fixed(raw)
    assert out == ("2022年,青禾开发区围绕新材料和智能装备两条产业链,持续推进云帆电子扩产项目和"
                   "白鹭湾园区标准厂房建设,园区服务企业的能力和水平得到明显提升。\n二、下一步打算")


def test_short_title_and_punctuated_lines_not_joined() -> None:
    raw = "白鹭湾园区新闻速递第三期\n图为云帆电子装配线。\n青禾园区产值X亿元;\n云帆电子纳税X亿元;"
    assert fixed(raw) == raw


def test_line_ending_with_comma_is_joined() -> None:
    assert fixed("青禾园区引进云帆电子,\n白鹭湾智能装备等项目。") == "青禾园区引进云帆电子,白鹭湾智能装备等项目。"


# ---------------------------------------------------------------------------
# 6. width and white space


def test_full_width_latin_digits_folded_chinese_punctuation_kept() -> None:
    raw = "青禾园区完成产值１２３亿元，增长１５．６％；ＡＢＣ公司（一期）投产："
    assert fixed(raw) == "青禾园区完成产值123亿元，增长15.6%；ABC公司（一期）投产："


def test_redaction_boxes_are_masks() -> None:
    raw = "■ 主要工作\n□□科技有限公司获评绿色工厂，■■临工获得资金■■万元，□.□亿元。二○二三年。□是 □否"
    assert fixed(raw) == "■ 主要工作\nxx科技有限公司获评绿色工厂，xx临工获得资金xx万元，x.x亿元。二○二三年。x是 x否"


def test_thousands_separators_dropped() -> None:
    assert fixed("获得资金1,234.5万元，总投资12,345,678元。") == "获得资金1234.5万元，总投资12345678元。"
    for kept in ("2021,2022年", "第1,2,3批", "1,2345", "0.5,123", "１，２３４万元"):  # no thousands (or a clause break)
        assert fixed(kept) == kept.replace("１，２３４", "1，234")


def test_white_space_collapsed() -> None:
    raw = "  青禾园区\u3000\u3000新签约项目  8 个。  \r\n\r\n\r\n\r\n固定资产投资 24. 3 亿元。\t"
    assert fixed(raw) == "青禾园区 新签约项目 8个。\n\n固定资产投资 24.3亿元。"


def test_spaces_beside_full_width_punctuation_dropped() -> None:
    # an &nbsp; after a comma, a space before a bracket: artefacts that would start a name
    raw = "5月，\u00a0开发区与鸿远物流集团签约 。云帆科技 （一期）投产：\u3000星桥项目“ 智造 ”开工"
    assert fixed(raw) == "5月，开发区与鸿远物流集团签约。云帆科技（一期）投产：星桥项目“智造”开工"
    assert fixed("白云产业园 智能制造项目 8个") == "白云产业园 智能制造项目 8个"  # between words: kept


def test_letter_spaced_titles_closed_up() -> None:
    # a PDF's letter-spaced title, single or double spaces (ideographic ones too)
    raw = "青 禾 经 济 开 发 区\n2 0 2 3 年 工 作 总 结\n临\u3000川\u3000重\u3000工  签  约"
    assert fixed(raw) == "青禾经济开发区\n2023年工作总结\n临川重工签约"
    # not letter-spacing: numbers in columns, two characters, words of two
    for kept in ("产值 1 2 3", "甲 乙", "白云产业园 智能制造项目 8个", "云帆 科技 电子 集团"):
        assert fixed(kept) == kept


def test_character_references_left_by_a_scrape_are_decoded() -> None:
    raw = "开发区&nbsp;与云帆科技有限公司签约&#65292;获评&ldquo;小巨人&rdquo;企业&#x3002;A&amp;B公司&#0;"
    rep = repair(raw)
    assert rep.text == "开发区 与云帆科技有限公司签约，获评“小巨人”企业。A&B公司"
    a = rep.text.index("“小巨人”")
    assert raw[slice(*rep.raw_span(a, a + 4))] == "&ldquo;小巨人"  # each character points at where it came from
    for kept in ("R&D;投入", "&unknown;", "A & B", "&amp"):  # not a reference this step knows
        assert fixed(kept) == kept


def test_control_and_zero_width_characters_removed() -> None:
    raw = "青禾\u200b园区\x07获评\ufeff省级园区。"
    rep = repair(raw)
    assert rep.text == "青禾园区获评省级园区。"
    assert_offsets_sound(raw, rep)


# ---------------------------------------------------------------------------
# offsets, idempotence, sentences


def test_offsets_point_back_to_raw_characters() -> None:
    raw = "下载本文档\n臨溪產業園(chǎn yè)區引進998net必赢官方网云帆電子項目。"
    rep = repair(raw)
    assert rep.text == "临溪产业园区引进云帆电子项目。"
    assert_offsets_sound(raw, rep)
    start = rep.text.index("云帆电子")
    a, b = rep.raw_span(start, start + 4)
    assert raw[a:b] == "云帆電子"
    assert raw[rep.offsets[rep.text.index("区")]] == "區"


def test_idempotent_on_fixtures() -> None:
    for raw in [BOILERPLATE_DOC, *(r for r, _ in PINYIN_CASES), *KEEP_CASES]:
        once = fixed(raw)
        assert fixed(once) == once


def test_split_sentences() -> None:
    text = "青禾园区获评省级园区。云帆电子落户！  \n 白鹭湾项目开工;下一步“加快建设。”\n\n尾句"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "青禾园区获评省级园区。", "云帆电子落户！", "白鹭湾项目开工;", "下一步“加快建设。”", "尾句"]
    assert split_sentences("  \n\n ") == []


# ---------------------------------------------------------------------------
# the real shared corpus (read only)

corpus_files = sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not corpus_files, reason=f"shared corpus not found at {CORPUS}")

PROMPTS = re.compile(r"下载本文档|VIP专享|到电脑桌面|桌面快捷访问|已阅读\d+页|继续免费阅读|展开阅读全文|第\d+页 / 共\d+页"
                     r"|_第\d+页|相关推荐|版权说明|ICP备|_fororder_|必赢|小编为大家|来源:")
PINYIN_LEFT = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+[)）]")


@needs_corpus
@pytest.mark.parametrize("path", corpus_files, ids=lambda p: p.name)
def test_corpus_file_is_clean(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    rep = repair(raw)
    assert not PROMPTS.search(rep.text)
    assert not [g for g in PINYIN_LEFT.findall(rep.text) if re.search("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]", g)]
    assert not re.search("[經濟區發園區產業項圍國]", rep.text)
    assert not re.search("[ㄅ-ㄩǘ┕┎┤┘唬﹫⿲]", rep.text)
    assert repair(rep.text).text == rep.text
    assert_offsets_sound(raw, rep)


@needs_corpus
def test_corpus_page_markers_and_headings() -> None:
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in CORPUS.glob("seeds/*.txt")}
    first = repair(seeds["000"]).text
    assert re.search(r"^（一）", first, re.MULTILINE) and re.search(r"^（二）", first, re.MULTILINE)
    doc13 = repair((CORPUS / "dev" / "p013.txt").read_text(encoding="utf-8")).text
    assert not re.search(r"(^|\n)\d、", doc13)


def test_data_files_load_and_bad_patterns_name_their_file() -> None:
    from kg.errors import ExtractionError

    assert len(repair_mod._line_rules()) > 20 and len(repair_mod._inline_patterns()) > 5
    with pytest.raises(ExtractionError, match=r"kg/data/repair/inline.txt: bad pattern '\('"):
        repair_mod._compile("(", "inline.txt")


@pytest.mark.parametrize("raw", [
    "a\r\nb\rc\r\r\nd", "\x00x\x1fy\x7f\u00ad\u200b\u2028\u2029z", "甲\t乙\u00a0丙\u3000丁\u2000戊",
    "\ud800lone\udfff", "\ufeff开头", "\r", "\r\n\r\n", "", "普通文本，没有控制字符。",
])
def test_control_edits_are_those_of_every_match(raw: str) -> None:
    """_controls looks only where a match can start: the same edits as every match of
    _CONTROL, found by trying each position."""
    expected = [(m.start(), m.end(), "\n" if m.group() in ("\r\n", "\r", "\u2028", "\u2029") else " " if m.group().isspace() else "")
                for m in repair_mod._CONTROL.finditer(raw)]
    assert repair_mod._controls(raw) == expected


def test_a_simplified_line_keeps_a_character_simplified_chinese_also_writes() -> None:
    # 昇 and 乾 are simplified characters too (t2s would turn them into 升, 干); 設 is not.
    assert repair("临川县的锐昇电机获评省级专精特新企业。").text == "临川县的锐昇电机获评省级专精特新企业。"
    assert repair("乾元科技落户园区。").text == "乾元科技落户园区。"
    assert repair("加快项目建設。").text == "加快项目建设。"
    assert repair("銳昇電機獲評省級企業。").text == "锐升电机获评省级企业。"  # a traditional line: all of it
    # however often such characters come in a line (a place named twice)
    line = "濛溪县发改局到濛溪绿色食品产业园调研，锐昇电机项目投产。"
    assert repair(line).text == line


def test_a_flattened_tables_rows_stay_lines_of_their_own() -> None:
    raw = ("具体情况如下：\n序号 项目名称 建设单位 总投资（亿元） 进展\n"
           "1 年产5万台电驱动总成项目 青禾卓宇精密机械有限公司 12.5 主体厂房已封顶\n"
           "2 鹤鸣食品冷链物流中心项目 青禾鹤鸣食品有限公司 3.4 钢结构吊装\n")
    lines = repair(raw).text.splitlines()
    assert len([ln for ln in lines if "项目" in ln and "有限公司" in ln]) == 2
    # two columns: a row number, a name and one more field
    raw = "一、十强企业（3家）\n序号 企业名称 所在园区\n1 青禾云帆电子有限公司 青禾芯谷\n2 青禾卓宇精密机械有限公司 海湾智造园\n"
    rows = [ln for ln in repair(raw).text.splitlines() if "有限公司" in ln]
    assert len(rows) == 2 and rows[0].endswith("青禾云帆电子有限公司 青禾芯谷")
    # cells split by bars
    raw = ("序号 | 项目名称 | 承担单位 | 金额(万元)\n1 | 青禾芯谷公共技术服务平台 | 青禾芯谷发展有限公司 | 500\n"
           "2 | 海湾智造园标准厂房三期项目 | 青禾海湾建设集团有限公司 | 680\n")
    rows = [ln for ln in repair(raw).text.splitlines() if "有限公司" in ln]
    assert len(rows) == 2 and rows[0].endswith("| 500")


def test_bulleted_lines_stay_lines_of_their_own() -> None:
    raw = ("● 青禾大道东延工程：路基施工，累计完成投资1.1亿元\n"
           "● 中央预算内投资：到位4800万元，用于污水处理厂提标改造工程\n"
           "◆ 云帆电子：获评市级绿色工厂\n")
    assert repair(raw).text.splitlines() == raw.splitlines()


def test_a_narrow_hard_wrap_and_a_gloss_split_by_it_are_rejoined() -> None:
    raw = ("二、主要工作\n昕辰光电投资22億元的Mini LED顯示模組項(xiàng)目一\n期竣工投產(chǎn)，達產(chǎn)後可形成年產(chǎn)各\n"
           "類顯示模組800萬片的能力；邁克森醫(yī\n)療器械二期擴(kuò)產(chǎn)順利推進(jìn)。\n")
    assert repair(raw).text == ("二、主要工作\n昕辰光电投资22亿元的Mini LED显示模组项目一期竣工投产，达产后可形成年产各"
                                "类显示模组800万片的能力；迈克森医疗器械二期扩产顺利推进。")


def test_a_headline_over_a_long_paragraph_stays_apart() -> None:
    body = "今年上半年，我省经济开发区立足自身优势，积极推进招商引资和项目建设，产业升级步伐明显加快。" * 3
    raw = "高端项目带动 青禾开发区产业升级步伐加快\n" + body
    assert repair(raw).text.splitlines()[0] == "高端项目带动 青禾开发区产业升级步伐加快"


def test_footnote_references_after_words_go_and_the_notes_stay() -> None:
    out = repair("全年新增省级新型研发机构2家[2]；孵化面积4.2万平方米[14]。\n[2] 见省科技厅公布的名单。\n").text
    assert "[2]；" not in out and "[14]" not in out and "2家；" in out
    assert "[2] 见省科技厅" in out  # (the note itself, at its line's start)


def test_a_page_footer_splitting_a_word_is_dropped_and_the_word_joined() -> None:
    raw = ("依托雁岙生物医药产业园，澜禾制药原料药绿色化改\n- 2 -\n\n造项目通过竣工验收，瑞岙生物重组蛋白药物产业化基地项目完成设备招标。\n")
    assert "绿色化改造项目通过竣工验收" in repair(raw).text


def test_a_page_marker_and_the_running_title_after_it_are_dropped() -> None:
    raw = ("青禾经济开发区2023年工作总结\n（2024年1月8日）\n"
           "全年实施亿元以上项目46个，其中新开工项目21个、竣工投产项目15个。江屿新材料\n— 1 —\n\n"
           "青禾经济开发区2023年工作总结\n股份有限公司年产5万吨锂电池隔膜项目一期建成投产。\n")
    text = repair(raw).text
    assert "江屿新材料股份有限公司年产5万吨锂电池隔膜项目" in text
    assert text.startswith("青禾经济开发区2023年工作总结") and text.count("工作总结") == 1


def test_a_table_scraped_one_cell_a_line_is_put_back_in_rows() -> None:
    raw = ("附件：重点项目进展情况表\n序号\n项目名称\n建设单位\n建设地点\n资金来源\n进展情况\n一、续建项目（2个）\n"
           "1\n汐岙新能源装备产业园二期\n汐岙城市建设投资有限公司\n汐岙新能源装备产业园\n专项债券20000万元、企业自筹\n12栋厂房主体完工\n"
           "2\n智能网联汽车测试场\n汐岙高新区管委会\n东湖片区\n中央预算内资金3000万元\n测试道路完成路基施工\n")
    text = repair(raw).text
    assert "序号|项目名称|建设单位|建设地点|资金来源|进展情况\n一、续建项目（2个）\n" in text
    assert "\n1|汐岙新能源装备产业园二期|汐岙城市建设投资有限公司|汐岙新能源装备产业园|专项债券20000万元、企业自筹|12栋厂房主体完工\n" in text
    assert repair(text).text == text
    # (short lines that are no table's header stay lines)
    plain = "序号\n一\n二\n三\n四\n"
    assert repair(plain).text == plain.strip()
