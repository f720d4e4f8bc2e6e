"""FUNDED_BY extraction: verbs, lists, recipients, canonical sources, negatives (fictional text)."""

from __future__ import annotations

import pytest

from kg.extract.funding import canonical_source, extract_funding
from kg.extract.types import FundingFact
from kg.repair import split_sentences


def facts(text: str) -> list[FundingFact]:
    return extract_funding(text, split_sentences(text))


def rows(text: str) -> list[tuple[str | None, str, str | None]]:
    """(recipient, source, amount) of every fact; ``None`` is the subject zone."""
    return [(f.recipient.text if f.recipient else None, f.source, f.amount) for f in facts(text)]


def only(text: str) -> FundingFact:
    found = facts(text)
    assert len(found) == 1, found
    return found[0]


def test_two_recipients_of_one_grant() -> None:
    found = facts("九溪水上乐园和九溪温泉项目获批省服务业发展引导专项资金200万元。")
    assert [(f.recipient.text if f.recipient else None, f.source, f.value_yuan, f.level) for f in found] == [
        ("九溪水上乐园", "省服务业发展引导专项资金", 2_000_000.0, "provincial"),
        ("九溪温泉项目", "省服务业发展引导专项资金", 2_000_000.0, "provincial"),
    ]


def test_an_amount_with_thousands_separators_is_read_after_repair() -> None:
    from kg.extract import extract_text
    from kg.repair import repair

    de = extract_text(repair("青禾经济开发区2023年工作总结\n云帆科技有限公司获得省级专项资金1,234.5万元。"), "t.txt")
    (fact,) = [r for r in de.relations if r.p == "FUNDED_BY"]
    assert (fact.s, fact.o, fact.amount, fact.value_yuan) == ("云帆科技有限公司", "省级专项资金", "1234.5万元", 12_345_000.0)


def test_redacted_names_and_amounts_are_masked_ones() -> None:
    """``■■临工`` is ``x临工`` (临工, GUIDELINES' masked names); ``□□科技有限公司`` leaves
    nothing distinctive; ``■■万元`` is an amount without a value."""
    from kg.extract import extract_text
    from kg.repair import repair

    text = "青禾经济开发区2023年工作总结\n□□科技有限公司荣获国家级绿色工厂。■■临工获得省级专项资金■■万元。"
    boxed, masked = (extract_text(repair(t), "t.txt") for t in (text, text.replace("□", "x").replace("■", "x")))
    assert boxed.entities == masked.entities and "科技有限公司" not in {e.name for e in boxed.entities}
    (fact,) = [r for r in boxed.relations if r.p == "FUNDED_BY"]
    assert (fact.s, fact.amount, fact.value_yuan) == ("临工", "xx万元", None)


def test_designated_project_gets_central_budget_money() -> None:
    fact = only("省重点建设项目青石污水处理厂二期获中央预算内资金1200万元的支持。")
    assert (fact.recipient and fact.recipient.text, fact.source, fact.amount, fact.level) == (
        "青石污水处理厂二期", "中央预算内资金", "1200万元", "national")


def test_subject_zone_gets_money_without_an_amount() -> None:
    fact = only("另外,开发区还获省级产业集聚区建设的专项资金支持。")
    assert (fact.recipient, fact.source, fact.amount, fact.level) == (None, "产业集聚区建设专项资金", None, "provincial")


def test_list_of_recipients_of_one_source() -> None:
    text = "政府专项债主要包括:青云健康城x.x亿元、白鹭艺术中心x.xx亿元、x棚户区改造x.x亿元。"
    assert rows(text) == [("青云健康城", "政府专项债券", "x.x亿元"), ("白鹭艺术中心", "政府专项债券", "x.xx亿元")]
    assert all(f.value_yuan is None for f in facts(text))


def test_list_without_colon_and_national_bonds() -> None:
    found = facts("特别国债主要有白鹭艺术中心3.5亿元、青云健康城1.2亿元。")
    assert [(f.recipient.text if f.recipient else None, f.value_yuan, f.level) for f in found] == [
        ("白鹭艺术中心", 350_000_000.0, "national"),
        ("青云健康城", 120_000_000.0, "national"),
    ]


def test_list_of_sources_continues_over_semicolons() -> None:
    text = ("施岚公司获批绿色工厂。财政奖补:各类资金共计xxxx万元。主要包括:中央预算内资金xxxx万元;"
            "施岚公司紧缺人才省级扶持xxx万元;市级两化融合奖补资金xxx万元(全市第一);疫情防控补助资金xx万元。"
            "下一步继续争取资金。")
    assert rows(text) == [
        (None, "中央预算内资金", "xxxx万元"),
        ("施岚公司", "紧缺人才省级扶持", "xxx万元"),
        (None, "两化融合奖补资金", "xxx万元"),
        (None, "疫情防控补助资金", "xx万元"),
    ]
    assert [f.level for f in facts(text)] == ["national", "provincial", "municipal", None]


def test_short_name_known_from_elsewhere_in_the_document_splits_an_item() -> None:
    text = "岚山公司获评示范企业。主要包括:岚山紧缺人才省级扶持xxx万元;"
    assert rows(text) == [("岚山", "紧缺人才省级扶持", "xxx万元")]


def test_amount_paid_out_after_the_source() -> None:
    fact = only("前期申报的省“三重一创”项目丰溪高效电机新兴产业工程第1批次省级专项补助资金708万元已拨付至企业。")
    assert (fact.recipient and fact.recipient.text, fact.source, fact.batch, fact.value_yuan) == (
        "丰溪高效电机新兴产业工程", "省级专项补助资金", "第1批次", 7_080_000.0)


def test_bond_issued_for_a_project() -> None:
    assert rows("已争取创业园二期基础设施项目发行专项债券5000万。") == [
        ("创业园二期基础设施项目", "专项债券", "5000万")
    ]


def test_helped_firm_applies_for_a_loan() -> None:
    assert rows("帮助翔云制药申请重点防疫企业xxxx万元贴息贷款。") == [("翔云制药", "贴息贷款", "xxxx万元")]
    assert rows("协助恒通物流申请贴息贷款500万元。") == [("恒通物流", "贴息贷款", "500万元")]


def test_recipient_carried_from_an_earlier_clause() -> None:
    text = "帮助云帆网络成功通过“泰山产业领军人才”期满验收并获得“优秀等次”,新获批省财政奖励资金xxx万元。"
    assert rows(text) == [("云帆网络", "省财政奖励资金", "xxx万元")]


def test_payout_to_the_firm_named_earlier_in_the_sentence() -> None:
    text = "服务宇川幼教装备有限公司复产达能,完成企业上规,并兑现上规奖励。"
    assert rows(text) == [("宇川幼教装备有限公司", "上规奖励", None)]


def test_firms_brought_in_by_a_fund() -> None:
    text = "县政府与某建投集团合作已成立智能制造产业投资基金,现园区以基金招商方式成功签约星通科技、易光电子等项目入驻芯屏产业园。"
    assert rows(text) == [("星通科技", "智能制造产业投资基金", None), ("易光电子", "智能制造产业投资基金", None)]


def test_application_made_for_a_firm_and_bonds_of_local_government() -> None:
    assert rows("为星火科技申请研发费用补助60万元。") == [("星火科技", "研发费用补助", "60万元")]
    text = "全年争取上级资金5.6亿元,其中:地方政府专项债券2.5亿元、超长期特别国债1.8亿元。"
    assert rows(text) == [(None, "地方政府专项债券", "2.5亿元"), (None, "超长期特别国债", "1.8亿元")]


def test_named_recipient_wins_over_the_purpose() -> None:
    assert rows("今年,我区环保产业园获中央财政支持资金1.5亿元,用于园区循环化改造。") == [
        ("环保产业园", "中央财政支持资金", "1.5亿元")
    ]


def test_purpose_names_the_recipient() -> None:
    assert rows("争取中央预算内投资3200万元,用于青岚污水处理厂建设。") == [
        ("青岚污水处理厂", "中央预算内投资", "3200万元")
    ]


# fmt: off
NOT_FUNDING = [
    "计划申请专项债5.765亿元。",                       # plan
    "积极申报2024年地方政府专项债券项目8个。",            # applying
    "第2批次设备投入补助万元已报省发改委审核。",           # reported, not granted
    "累计为企业兑现各类奖补资金2300万元。",               # unnamed money, generic recipients
    "全年共争取到位各类资金4.5亿元。",                   # unnamed money
    "到位市外资金6.6亿元。",                            # investment, not funding
    "有5家企业获得政策贷款。",                          # counted recipients
    "5家企业荣获二等奖,获创业补助1万元。",                # recipients carried over are counted
    "为争取园区重点项目的资金支持打好基础。",             # purpose, not a grant
    "及时足额拨付企业奖励资金30万元。",                  # payout to unnamed firms
    "双创平台绩效评价优秀,有望获奖金10万元。",            # hoped for
    "审核拨付过年红包补助10万元。",                     # payout, no named recipient
    "积极争取中央预算内资金和专项债券支持。",             # an effort: no amount, not done
    "申请研发费用补助60万元。",                         # an application only
]
# fmt: on


@pytest.mark.parametrize("text", NOT_FUNDING)
def test_no_funding(text: str) -> None:
    assert facts(text) == []


# fmt: off
CANONICAL = [
    ("市级两化融合奖补资金", "两化融合奖补资金"),   # level modifier dropped
    ("省市各级企业上云奖补资金", "企业上云奖补资金"),
    ("省级专项补助资金", "省级专项补助资金"),     # the rest would be unnamed: kept whole
    ("省财政奖励资金", "省财政奖励资金"),         # single-character level prefix belongs to the name
    ("x省财政奖励资金", "省财政奖励资金"),        # mask dropped
    ("中央预算内资金", "中央预算内资金"),
    ("政府专项债", "政府专项债券"),               # short form completed
    ("专项债", "专项债券"),
    ("专项债券资金", "专项债券"),
    ("第1批次省级专项补助资金", "省级专项补助资金"),  # batch dropped
    ("省级产业集聚区建设的专项资金", "产业集聚区建设专项资金"),
]
# fmt: on


@pytest.mark.parametrize(("surface", "expected"), CANONICAL)
def test_canonical_source(surface: str, expected: str) -> None:
    assert canonical_source(surface) == expected


def test_offsets_point_into_the_document() -> None:
    text = "前言。九溪温泉项目获批省服务业发展引导专项资金200万元。"
    fact = only(text)
    assert fact.recipient is not None and text[fact.recipient.start:fact.recipient.end] == "九溪温泉项目"
    assert text[fact.source_mention.start:fact.source_mention.end] == "省服务业发展引导专项资金"
    assert text[fact.sentence[0]:fact.sentence[1]].startswith("九溪温泉项目")


def test_the_shares_listed_after_qizhong_are_each_firms() -> None:
    text = "全年兑现技改奖补资金1265.5万元，惠及区内企业23家，其中云帆重工320万元、青石食品185.5万元。"
    assert set(rows(text)) >= {("云帆重工", "技改奖补资金", "320万元"), ("青石食品", "技改奖补资金", "185.5万元")}


def test_a_fund_named_in_a_policy_title_is_no_grant_and_an_adverb_no_recipient() -> None:
    text = "严格落实《青禾经济开发区工业企业技术改造奖补办法》，全年兑现技改奖补资金1265.5万元。"
    assert not any(f.source.endswith("技术改造奖补") for f in facts(text))
    assert not any(f.recipient is not None and f.recipient.text == "严格" for f in facts(text))


def test_a_paragraph_about_one_source_funds_what_it_lists_without_naming_it_again() -> None:
    text = ("（一）超长期特别国债。全区共有3个项目获得超长期特别国债资金支持，合计2.1亿元。"
            "其中：青禾产业园标准厂房及配套基础设施项目获得1.2亿元；城东老旧管网更新改造工程获得6000万元。\n"
            "（二）地方政府专项债券。全年发行地方政府专项债券5亿元。分项目看：青禾人才公寓1.5亿元，"
            "科创大道北延及配套管网工程0.7亿元。\n"
            "足额兑现区级“工业十条”奖补资金6870万元，其中云帆汽车饰件有限公司获得奖补资金410万元。\n"
            "另有临川电子获得300万元。")
    got = rows(text)
    assert ("青禾产业园标准厂房及配套基础设施项目", "超长期特别国债", "1.2亿元") in got
    assert ("城东老旧管网更新改造工程", "超长期特别国债", "6000万元") in got
    assert ("青禾人才公寓", "地方政府专项债券", "1.5亿元") in got
    assert ("科创大道北延及配套管网工程", "地方政府专项债券", "0.7亿元") in got
    assert ("云帆汽车饰件有限公司", "工业十条奖补资金", "410万元") in got
    assert not any(r == "临川电子" for r, _, _ in got)  # (a new paragraph: no source carried)


def test_a_word_joined_to_unnamed_money_is_no_source() -> None:
    assert rows("获批数量和资金额度均创历年新高。") == []


def test_a_count_after_a_verb_is_no_list_of_holders() -> None:
    assert rows("组织开展质押融资对接活动3场，帮助9家企业获得质押贷款1.6亿元。") == []


def test_shares_after_a_source_written_before_its_verb_or_with_fenbie_yongyu() -> None:
    """``S下达我县N万元，其中支持A项目x万元、B项目y万元`` and ``争取S N亿元，分别用于：
    A x亿元，B y亿元``: each item has its share of S; ``甲、乙各获得S N万元``: both do."""
    def pairs(text: str) -> set[tuple[str | None, str]]:
        return {(r, s) for r, s, _ in rows(text)}

    found = pairs("省级制造业高质量发展专项资金下达我县2380万元，其中支持恒远电机年产50万台驱动电机项目800万元、"
                  "凯盛新材年产3万吨改性塑料项目500万元。")
    assert {("恒远电机年产50万台驱动电机项目", "制造业高质量发展专项资金"), ("凯盛新材年产3万吨改性塑料项目", "制造业高质量发展专项资金")} <= found
    found = pairs("产业园争取地方政府专项债券资金7.8亿元，分别用于：固废资源化利用基础设施项目1.6亿元，园区铁路专用线项目3亿元。")
    assert {("固废资源化利用基础设施项目", "地方政府专项债券"), ("园区铁路专用线项目", "地方政府专项债券")} <= found
    assert pairs("星拓精密、恒远电机各获得中央财政中小企业发展专项资金600万元。") == {
        ("星拓精密", "中央财政中小企业发展专项资金"), ("恒远电机", "中央财政中小企业发展专项资金")}


def test_a_park_word_with_a_running_total_is_the_subject_and_a_zone_wide_total_no_recipient() -> None:
    # 产业园累计 / 集中区累计: the report's own park (累计 is no part of the name)
    assert rows("创建以来，产业园累计到位中央财政奖补资金1.2亿元。") == [(None, "中央财政奖补资金", "1.2亿元")]
    # all the zone's firms together: a total, no recipient
    assert rows("全年开发区企业共争取各级科技项目资金1.05亿元。") == []


def _funded(text: str) -> list[tuple[str, str, str | None]]:
    """(recipient, source, amount) of each FUNDED_BY fact of a whole report."""
    from kg.extract import extract_text
    from kg.repair import repair

    de = extract_text(repair("青禾经济开发区2024年工作总结\n" + text), "t.txt")
    return [(r.s, r.o, r.amount) for r in de.relations if r.p == "FUNDED_BY"]


def test_works_that_use_bonds_are_funded_by_them() -> None:
    assert _funded("澄江路污水处理厂提标改造工程完成主体施工，该工程使用政府专项债券2.3亿元。") == [
        ("澄江路污水处理厂提标改造工程", "政府专项债券", "2.3亿元")]
    # a bare 工程 after the works named earlier in the sentence is that works
    assert _funded("园区标准厂房三期工程完成主体施工，新增厂房面积3.2万平方米，工程使用政府专项债券1.5亿元。") == [
        ("园区标准厂房三期工程", "政府专项债券", "1.5亿元")]
    assert _funded("新建展厅使用面积1200平方米。") == []


def test_a_source_that_refers_back_is_the_source_named_before_it() -> None:
    assert _funded("岚峰材料有限公司碳纤维项目获得大规模设备更新中央预算内资金800万元，"
                   "衡山精工轴承车间项目获得同一专项资金支持300万元。") == [
        ("岚峰材料有限公司碳纤维项目", "大规模设备更新中央预算内资金", "800万元"),
        ("衡山精工轴承车间项目", "大规模设备更新中央预算内资金", "300万元")]
    assert _funded("衡山精工轴承车间项目获得同类资金300万元。") == []  # nothing named before it


def test_a_list_takes_the_source_an_earlier_clause_of_its_sentence_names() -> None:
    assert rows("其中，省级制造业技术改造奖补资金（以下简称“省技改资金”）980万元，共支持项目6个，"
                "主要包括：柘岭精工刀具扩产项目360万元、苇塘纺织印染改造项目220万元。") == [
        ("柘岭精工刀具扩产项目", "制造业技术改造奖补资金", "360万元"),
        ("苇塘纺织印染改造项目", "制造业技术改造奖补资金", "220万元"),
    ]


def test_a_level_range_opening_a_source_is_cut_whole_or_kept_whole() -> None:
    assert canonical_source("省级以上工业发展类资金") == "工业发展类资金"
    assert canonical_source("省级以上专项资金") == "省级以上专项资金"  # (not 以上专项资金)


def test_money_got_in_plain_words_and_spent_on_a_works() -> None:
    assert _funded("企业层面，曜岭光能拿到省制造业高质量发展专项资金1800万元。") == [
        ("曜岭光能", "省制造业高质量发展专项资金", "1800万元")]
    assert _funded("中央预算内投资1.2亿元，全部用在北区污水处理厂扩建工程上。") == [
        ("北区污水处理厂扩建工程", "中央预算内投资", "1.2亿元")]


def test_a_breakdown_of_a_source_and_its_amount_without_a_verb() -> None:
    assert sorted(_funded("具体说，地方政府专项债券2.6亿元，其中标准化厂房三期项目1.5亿元、园区智慧管网改造项目1.1亿元；")) == [
        ("园区智慧管网改造项目", "地方政府专项债券", "1.1亿元"),
        ("标准化厂房三期项目", "地方政府专项债券", "1.5亿元"),
        ("青禾经济开发区", "地方政府专项债券", "2.6亿元")]
    # a figure that names a source but says nothing of where the money went
    assert _funded("地方政府专项债券2.6亿元，同比增长12%。") == []


def test_a_list_takes_the_source_a_verb_of_its_sentence_names() -> None:
    assert rows("全县共有5个项目纳入支持范围，下达超长期特别国债资金1.83亿元，其中：县人民医院医疗设备更新项目5260万元，"
                "柘岭精工轴承智能化改造项目4120万元。") == [
        ("县人民医院医疗设备更新项目", "超长期特别国债", "5260万元"),
        ("柘岭精工轴承智能化改造项目", "超长期特别国债", "4120万元")]


def test_recipients_given_amounts_respectively_each_take_their_own() -> None:
    assert rows("恒岳新能源、瑞川精工分别获得省级制造业高质量发展专项资金2100万元、860万元。") == [
        ("恒岳新能源", "制造业高质量发展专项资金", "2100万元"),
        ("瑞川精工", "制造业高质量发展专项资金", "860万元")]
    # without 分别, or with as many amounts as recipients missing, each is given the one amount
    assert rows("恒岳新能源、瑞川精工获得省级制造业高质量发展专项资金2100万元。") == [
        ("恒岳新能源", "制造业高质量发展专项资金", "2100万元"),
        ("瑞川精工", "制造业高质量发展专项资金", "2100万元")]
    assert [a for _, _, a in rows("甲园路网工程、乙园管廊工程、丙园污水工程分别获得地方政府专项债券2.8亿元、1.5亿元。")] == [
        "2.8亿元", "2.8亿元", "2.8亿元"]


def test_an_adverb_before_the_verb_is_no_part_of_the_recipient() -> None:
    assert rows("瑞川精工另获市级小巨人企业奖励100万元。") == [("瑞川精工", "小巨人企业奖励", "100万元")]
    assert rows("瑞川精工亦获得市级技术改造奖补资金50万元。") == [("瑞川精工", "技术改造奖补资金", "50万元")]


def test_a_clause_opening_with_project_carries_the_project_named_before_to_later_clauses() -> None:
    from kg.extract import extract_text
    from kg.repair import repair

    text = ("青禾经济开发区2024年工作总结\n青禾药谷公共服务平台项目由青禾产业投资有限公司投资建设。"
            "项目总投资3.8亿元，已获中央预算内资金3000万元，另获省级生物医药产业发展专项资金800万元。")
    funded = sorted((r.s, r.o, r.amount) for r in extract_text(repair(text), "t.txt").relations if r.p == "FUNDED_BY")
    assert funded == [("青禾药谷公共服务平台项目", "中央预算内资金", "3000万元"),
                      ("青禾药谷公共服务平台项目", "生物医药产业发展专项资金", "800万元")]


def test_shares_written_amount_first_go_to_what_they_are_for() -> None:
    from kg.extract import extract_text
    from kg.repair import repair

    de = extract_text(repair("桐溪经济开发区2023年工作总结\n全年争取地方政府专项债券3.6亿元，其中2.2亿元用于标准厂房三期项目，"
                             "1.4亿元用于园区综合管廊一期工程，为项目建设提供了坚实的资金保障。"), "t.txt")
    funded = {(r.s, r.o, r.amount) for r in de.relations if r.p == "FUNDED_BY"}
    assert {("标准厂房三期项目", "地方政府专项债券", "2.2亿元"), ("园区综合管廊一期工程", "地方政府专项债券", "1.4亿元")} <= funded
