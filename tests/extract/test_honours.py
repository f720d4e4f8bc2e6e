"""RECEIVED_HONOUR extraction: triggers, holders, names, attributes, negatives (fictional text)."""

from __future__ import annotations

import pytest

from kg.extract.honours import clean_honour, extract_honours
from kg.extract.types import HonourFact
from kg.repair import split_sentences


def facts(text: str) -> list[HonourFact]:
    return extract_honours(text, split_sentences(text))


def pairs(text: str) -> set[tuple[tuple[str, ...], str]]:
    """(holders, honour) of every fact; ``()`` is the subject zone."""
    return {(tuple(m.text for m in f.recipients), f.honour) for f in facts(text)}


def only(text: str) -> HonourFact:
    found = facts(text)
    assert len(found) == 1, found
    return found[0]


# fmt: off
TRIGGERED = [
    ("青峰科技被认定为国家高新技术企业。", {(("青峰科技",), "国家高新技术企业")}),
    ("星河药业荣获“全国五一劳动奖状”。", {(("星河药业",), "全国五一劳动奖状")}),
    ("天目机械、金禾新材和北辰重工获评省级企业技术中心。",
     {(("天目机械", "金禾新材", "北辰重工"), "省级企业技术中心")}),
    ("蓝湖电子入选省级专精特新中小企业名单。", {(("蓝湖电子",), "省级专精特新中小企业")}),
    ("翠湖生物医药产业园被省科技厅命名为“省级农业科技园区”。",
     {(("翠湖生物医药产业园",), "省级农业科技园区")}),
    ("红杉智造通过ISO9001质量管理体系认证。", {(("红杉智造",), "ISO9001质量管理体系认证")}),
    ("蓝湾水利展览馆成功申报第四批国家水情教育基地。", {(("蓝湾水利展览馆",), "国家水情教育基地")}),
    ("电镀园被市政府确定为全市唯一的电镀集控中心。", {(("电镀园",), "电镀集控中心")}),
    ("开发区消防救援大队被团省委授予“省青年文明号”称号。", {(("开发区消防救援大队",), "省青年文明号")}),
    ("管委会获“全国模范职工之家”称号。", {((), "全国模范职工之家")}),
    ("明辉光电、科达仪器等5家企业列入省级隐形冠军企业培育名单。",
     {(("明辉光电", "科达仪器"), "省级隐形冠军企业培育名单")}),
    ("长岭工业园区属省级重点工业园区。", {(("长岭工业园区",), "省级重点工业园区")}),
    ("博远智能被认定为省级工业设计中心。", {(("博远智能",), "省级工业设计中心")}),
    ("澜沧储能被评为省级绿色工厂。", {(("澜沧储能",), "省级绿色工厂")}),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), TRIGGERED)
def test_trigger_patterns(text: str, expected: set[tuple[tuple[str, ...], str]]) -> None:
    assert pairs(text) == expected


def test_counted_tail_keeps_the_first_named_holder_only() -> None:
    assert pairs("宁远机械等七家公司成功通过两化融合管理体系贯标认证。") == {
        (("宁远机械",), "两化融合管理体系贯标认证")
    }


def test_masked_prefix_is_dropped_and_grade_cut() -> None:
    fact = only("x云岭获评全省数字经济平台三星,全市唯一。")
    assert [m.text for m in fact.recipients] == ["云岭"]
    assert (fact.honour, fact.grade, fact.level) == ("全省数字经济平台", "三星", "provincial")


def test_subject_zone_gets_year_and_level() -> None:
    fact = only("开发区获批2023年度中国优秀物流园区。")
    assert fact.recipients == ()
    assert (fact.honour, fact.year, fact.level) == ("中国优秀物流园区", 2023, "national")


def test_batch_and_level_are_attributes_not_name() -> None:
    fact = only("松岭公司获批第三批国家级绿色工厂。")
    assert (fact.honour, fact.batch, fact.level) == ("国家级绿色工厂", "第三批", "national")
    assert [m.text for m in fact.recipients] == ["松岭公司"]


def test_second_clause_inherits_the_holder_and_takes_its_grade() -> None:
    found = facts("青溪产业园于2021年获批省级小微企业园,2022年又被评为四星级小微企业园。")
    assert [(tuple(m.text for m in f.recipients), f.honour, f.year, f.grade) for f in found] == [
        (("青溪产业园",), "省级小微企业园", 2021, None),
        (("青溪产业园",), "小微企业园", 2022, "四星级"),
    ]


def test_passive_clause_without_subject_keeps_the_sentence_holder() -> None:
    found = facts("长岭工业园区属省级重点工业园区,2012年被国家发改委确定为国家小型微型企业创业示范基地。")
    assert {(tuple(m.text for m in f.recipients), f.honour) for f in found} == {
        (("长岭工业园区",), "省级重点工业园区"),
        (("长岭工业园区",), "国家小型微型企业创业示范基地"),
    }
    assert [f.year for f in found] == [None, 2012]


def test_sibling_award_with_only_a_grade_reuses_the_honour() -> None:
    found = facts("x临川获第二届“市长杯”工业设计大赛金奖、青禾重工获银奖。")
    assert [(m.text, f.honour, f.grade, f.batch) for f in found for m in f.recipients] == [
        ("临川", "市长杯工业设计大赛", "金奖", "第二届"),
        ("青禾重工", "市长杯工业设计大赛", "银奖", "第二届"),
    ]


def test_grade_in_a_contest_frame() -> None:
    fact = only("在2023年度全市开发区综合考核中,我区荣获一等奖。")
    assert (fact.recipients, fact.honour, fact.grade, fact.level, fact.year) == (
        (), "全市开发区综合考核", "一等奖", "municipal", 2023)


def test_grade_after_passing_a_review_of_a_quoted_title() -> None:
    fact = only("帮助云帆网络成功通过“泰山产业领军人才”期满验收并获得“优秀等次”。")
    assert ([m.text for m in fact.recipients], fact.honour, fact.grade) == (["云帆网络"], "泰山产业领军人才", "优秀")


def test_evaluation_result_of_the_subject() -> None:
    fact = only("推进双创载体升级,双创平台绩效评价获得优秀成绩。")
    assert (fact.recipients, fact.honour, fact.grade) == ((), "双创平台绩效评价", "优秀")


def test_holder_before_an_evaluation_frame() -> None:
    fact = only("青苇市资源综合利用产业集群在2023年度全省县域产业集群建设成效评估中,获全省第一位次。")
    assert [m.text for m in fact.recipients] == ["青苇市资源综合利用产业集群"]
    assert (fact.honour, fact.level, fact.year) == ("全省县域产业集群建设成效评估", "provincial", 2023)


def test_shared_quoted_modifier_of_two_titles() -> None:
    found = pairs("宇宁机械技术改造项目获批省第二批“工业互联网+智能制造”试点示范企业和示范项目。")
    assert found == {
        (("宇宁机械技术改造项目",), "工业互联网+智能制造试点示范企业"),
        (("宇宁机械技术改造项目",), "工业互联网+智能制造示范项目"),
    }


def test_list_of_holders_closed_by_a_counted_designation() -> None:
    found = facts("省级重点项目:全年争取省重大项目x个。主要有:甲岚药业、乙川光电、丙木食品等省重大项目x个;")
    assert [(tuple(m.text for m in f.recipients), f.honour, f.level) for f in found] == [
        (("甲岚药业", "乙川光电", "丙木食品"), "省重大项目", "provincial")
    ]


def test_designation_written_before_a_project_name() -> None:
    assert (("青石污水处理厂二期",), "省重点建设项目") in pairs("省重点建设项目青石污水处理厂二期获中央预算内资金1000万元的支持。")


def test_anaphora_repeats_the_previous_honour_with_its_level() -> None:
    found = facts("甲岭经济开发区评为浙江省开发区产业链试点示范单位。全市仅有乙岭经济开发区与丙川经济开发区同获此殊荣。")
    assert [(m.text, f.honour, f.level) for f in found for m in f.recipients] == [
        ("甲岭经济开发区", "浙江省开发区产业链试点示范单位", "provincial"),
        ("乙岭经济开发区", "浙江省开发区产业链试点示范单位", "provincial"),
        ("丙川经济开发区", "浙江省开发区产业链试点示范单位", "provincial"),
    ]


def test_holder_named_before_an_activity_and_a_bare_honour() -> None:
    assert pairs("丁湾经济开发区美丽园区创建列入省第二批试点名单。") == {(("丁湾经济开发区",), "美丽园区试点")}


def test_title_that_is_graded_belongs_to_the_subject() -> None:
    fact = only("国家新型工业化产业示范基地获评五星级基地。")
    assert (fact.recipients, fact.honour, fact.grade) == ((), "国家新型工业化产业示范基地", "五星级")


def test_holders_of_a_list_published_earlier_in_the_sentence() -> None:
    found = facts("近日,省工信厅公布2023年度省级绿色工厂名单,青川经开区的瑞达汽车部件、恒昌纸业榜上有名。")
    assert [(tuple(m.text for m in f.recipients), f.honour, f.year, f.level) for f in found] == [
        (("瑞达汽车部件", "恒昌纸业"), "省级绿色工厂", 2023, "provincial")
    ]


def test_quoted_titles_side_by_side() -> None:
    assert pairs("园区先后荣获“全国文明单位”“国家级循环化改造示范试点园区”等称号。") == {
        ((), "全国文明单位"),
        ((), "国家级循环化改造示范试点园区"),
    }


def test_result_of_an_evaluation_as_a_grade() -> None:
    fact = only("园区获评2023年度全省开发区综合考核优秀等次。")
    assert (fact.honour, fact.grade, fact.year) == ("全省开发区综合考核", "优秀", 2023)


def test_the_same_honour_stated_twice_is_one_fact() -> None:
    assert pairs("长岭园区获评省级绿色园区。长岭园区被评为省级绿色园区(全省共五家)。") == {
        (("长岭园区",), "省级绿色园区")
    }
    assert pairs("长岭园区被评为青川市先进工业园,进入全市先进工业园行列。") == {(("长岭园区",), "青川市先进工业园")}


def test_different_grades_of_one_title_are_two_facts() -> None:
    found = facts("丰岭产业园获批省级小微企业园。丰岭产业园被评为五星级小微企业园。")
    assert [(f.honour, f.grade) for f in found] == [("省级小微企业园", None), ("小微企业园", "五星级")]


# fmt: off
NOT_HONOURS = [
    "力争明年创建国家级绿色园区。",                         # target
    "我区积极争创国家级经济技术开发区。",                    # campaign
    "正在申报省级工业设计中心。",                           # applied for
    "下一步,将力争获批省级高新区。",                        # plan
    "已上报省级示范园区创建材料,争取年内获批。",              # reported, not granted
    "园区新增国家级专精特新“小巨人”企业3家,申报高企18家。",   # counted category
    "全年共有12家企业入选市级专精特新企业名单。",             # no named holder
    "区级服务企业擂台赛第二季度获得第一名。",                 # internal campaign ranking
    "宏远集团董事长张三荣获“全国劳动模范”称号。",             # a person
    "群众获得感和幸福感不断提升。",                          # not a trigger
    "九峰项目获中央预算内资金1200万元的支持。",               # money, not an honour
    "通过排摸医化、建材等行业规模上企业,落实创建绿色工厂5家。",  # 通过 + no certificate
    "xx有限公司获批省级企业技术中心。",                      # masked, nothing distinctive
    "通过现场审核后可评为泰山产业领军人才。",                 # modal: may be rated
    "晨光科技成为全省首家获得该认证的企业。",                 # demonstrative object
    "青禾公司获批用地指标200亩。",                           # land, not an honour
    "青禾公司获批复同意扩建。",                              # an approval, not a title
    "获奖企业达到15家。",                                   # counted winners
]
# fmt: on


@pytest.mark.parametrize("text", NOT_HONOURS)
def test_no_honour(text: str) -> None:
    assert facts(text) == []


# fmt: off
CLEANED = [
    ("第五批国家级绿色工厂", ("国家级绿色工厂", None)),
    ("“省长杯”工业设计大赛金奖", ("省长杯工业设计大赛", "金奖")),
    ("x省第一批产教融合型企业建设培育库", ("产教融合型企业建设培育库", None)),
    ("五星基层党组织称号", ("基层党组织", "五星")),
    ("省级先进制造业与现代服务业融合发展试点园区(全省共三家)", ("省级先进制造业与现代服务业融合发展试点园区", None)),
    ("县域特色产业集群(基地)", ("县域特色产业集群(基地)", None)),
    ("2022年度全省x家县域特色产业集群建设成效评估", ("县域特色产业集群建设成效评估", None)),
    ("x市首家制造业新型研发中心", ("制造业新型研发中心", None)),
    ("全市重点扶持打造的“两个园区”之一", ("全市重点扶持打造的两个园区", None)),
]
# fmt: on


@pytest.mark.parametrize(("raw", "expected"), CLEANED)
def test_clean_honour(raw: str, expected: tuple[str, str | None]) -> None:
    assert clean_honour(raw) == expected


def test_offsets_point_into_the_document() -> None:
    text = "前言。松岭公司获批第三批国家级绿色工厂。"
    fact = only(text)
    holder = fact.recipients[0]
    assert text[holder.start:holder.end] == "松岭公司"
    assert text[fact.sentence[0]:fact.sentence[1]].startswith("松岭公司")
    assert "国家级绿色工厂" in text[fact.honour_mention.start:fact.honour_mention.end]


def test_chained_clauses_share_the_year_of_the_first() -> None:
    found = facts("青禾工业园区2019年被省工信厅认定为省级循环经济示范园区,被市政府确定为全市重点扶持园区之一。")
    years = {f.honour: f.year for f in found}
    assert years.get("省级循环经济示范园区") == 2019
    assert len(found) == 2 and all(y == 2019 for y in years.values()), years


def test_year_does_not_leak_into_the_next_sentence() -> None:
    found = facts("青禾工业园区2019年被认定为省级示范园区。青禾工业园区被评为全市先进园区。")
    assert {f.honour: f.year for f in found}.get("全市先进园区") is None


def test_a_contest_groups_grade_is_a_grade_in_the_contest() -> None:
    fact = only("在第五届“金梧桐”全省创新创业大赛中，云帆智能装备有限公司荣获成长企业组一等奖。")
    assert fact.honour == "金梧桐全省创新创业大赛" and fact.grade == "一等奖"
    assert [m.text for m in fact.recipients] == ["云帆智能装备有限公司"]


def test_people_counted_hold_no_honour() -> None:
    assert not facts("全区共有12人入选国家级高层次人才计划。")


def test_the_same_contest_named_again_with_its_own_grade() -> None:
    found = facts("云帆生物荣获第八届省“星火杯”创新创业大赛一等奖，青石视觉获得同届大赛优秀奖。")
    by_holder = {f.recipients[0].text: f for f in found}
    assert by_holder["青石视觉"].honour == by_holder["云帆生物"].honour
    assert (by_holder["云帆生物"].grade, by_holder["青石视觉"].grade) == ("一等奖", "优秀奖")


def test_a_bulleted_lines_label_holds_the_honour_after_its_colon() -> None:
    text = "三、企业培育\n● 恒锐新材料科技有限公司：入选第六批省级专精特新中小企业\n● 博川机电：认定为省级企业技术中心\n"
    assert pairs(text) == {(("恒锐新材料科技有限公司",), "省级专精特新中小企业"), (("博川机电",), "省级企业技术中心")}


def test_a_modal_before_the_trigger_is_no_grant() -> None:
    assert facts("该企业能够被认定为省级企业技术中心。") == []
    assert facts("预计明年可被评为国家级绿色工厂。") == []


def test_lists_named_before_their_holders() -> None:
    text = ("在2023年度国家级绿色工厂名单中，青禾新能源科技有限公司、云帆纺织印染有限公司和恒拓精密3家企业上榜。"
            "全年新认定第30批省级企业技术中心12家，德沃泵业、宏纺印染位列其中。")
    assert pairs(text) == {(("青禾新能源科技有限公司", "云帆纺织印染有限公司", "恒拓精密"), "国家级绿色工厂"),
                           (("德沃泵业", "宏纺印染"), "省级企业技术中心")}


def test_the_issuer_of_a_list_gives_its_level_and_is_no_part_of_its_name() -> None:
    found = facts("工业和信息化部公布的第五批专精特新“小巨人”企业名单中，我市岚峰精工、鑫湃新材料榜上有名。")
    assert [(tuple(m.text for m in f.recipients), f.honour, f.level) for f in found] == [
        (("岚峰精工", "鑫湃新材料"), "专精特新小巨人企业", "national")
    ]
    fact = only("瑞科电子入选工业和信息化部等四部门公布的2023年度智能制造示范工厂揭榜单位名单。")
    assert (fact.honour, fact.level) == ("智能制造示范工厂揭榜单位", "national")


def test_a_bare_entry_verb_takes_the_list_named_before_it() -> None:
    found = facts("第七批省级绿色工厂名单公布，万禾食品、晟邦化工等7家企业入选。")
    assert [(tuple(m.text for m in f.recipients), f.honour, f.level) for f in found] == [
        (("万禾食品", "晟邦化工"), "省级绿色工厂", "provincial")
    ]


def test_an_adverb_after_a_holder_is_no_part_of_its_name() -> None:
    assert pairs("明川光学同时入选国家级绿色工厂名单。") == {(("明川光学",), "国家级绿色工厂")}


def test_a_rank_among_holders_is_no_part_of_the_honour_and_pingding_wei_grants() -> None:
    assert pairs("岚湾科创园被科技部认定为国家大学科技园，成为全省第三家、全市首家国家大学科技园。") == {
        (("岚湾科创园",), "国家大学科技园")}
    assert pairs("江岚物流园被国家发展改革委、自然资源部联合评定为第四批国家级示范物流园区。") == {
        (("江岚物流园",), "国家级示范物流园区")}


def test_a_firm_with_a_bracketed_place_leading_the_sentence_holds_a_later_clauses_honour() -> None:
    assert pairs("丰禾粮油（汀川）有限公司全年加工大豆90万吨，产值突破50亿元，入选第八批国家级绿色工厂。") == {
        (("丰禾粮油（汀川）有限公司",), "国家级绿色工厂")}


def _honoured(text: str) -> set[tuple[str, str]]:
    """(holder, honour) of each RECEIVED_HONOUR of a whole report."""
    from kg.extract import extract_text
    from kg.repair import repair

    de = extract_text(repair(text), "t.txt")
    return {(r.s, r.o) for r in de.relations if r.p == "RECEIVED_HONOUR"}


def test_holders_listed_under_a_heading_that_names_a_granted_honour() -> None:
    report = ("青禾高新区管理委员会关于表彰2025年度先进企业的决定\n"
              "授予青禾云帆电子有限公司等3家企业“2025年度工业经济十强企业”称号；"
              "授予青禾卓宇精密机械有限公司等2家企业“2025年度亩均效益领跑者”称号。\n"
              "附件：名单\n\n"
              "一、工业经济十强企业（3家，按产值排序）\n序号 企业名称 所在园区\n"
              "1 青禾云帆电子有限公司 青禾芯谷\n2 青禾澄明光电有限公司 海湾智造园\n3 青禾和光新材料有限公司 海湾智造园\n\n"
              "二、亩均效益领跑者（2家）\n1．青禾卓宇精密机械有限公司（亩均税收86.2万元）\n"
              "2．青禾润达食品有限公司（亩均税收58.4万元）\n\n"
              "三、创新团队（2个）\n青禾星河研究院有限公司、青禾远图测绘有限公司\n")
    found = _honoured(report)
    assert {("青禾云帆电子有限公司", "工业经济十强企业"), ("青禾澄明光电有限公司", "工业经济十强企业"),
            ("青禾卓宇精密机械有限公司", "亩均效益领跑者"), ("青禾润达食品有限公司", "亩均效益领跑者")} <= found
    # the row numbers and the header row name no one; a heading naming no granted honour lists none
    assert not any(s[0].isdigit() or s == "序号" for s, _ in found)
    assert not any(s in ("青禾星河研究院有限公司", "青禾远图测绘有限公司") for s, _ in found)


def test_a_rank_or_a_granting_verb_before_a_legal_name_is_no_part_of_it() -> None:
    found = _honoured("青禾经济开发区2025年工作总结\n授予青禾卓宇精密机械有限公司“亩均效益领跑者”称号，"
                      "对第二名青禾润达食品有限公司及青禾云帆电子有限公司予以通报表扬。")
    assert ("青禾卓宇精密机械有限公司", "亩均效益领跑者") in found
    from kg.extract import extract_text
    from kg.repair import repair

    names = {e.name for e in extract_text(repair("青禾经济开发区2025年工作总结\n对第二名青禾润达食品有限公司及青禾云帆电子有限公司予以奖励。"),
                                          "t.txt").entities}
    assert {"青禾润达食品有限公司", "青禾云帆电子有限公司"} <= names


def test_a_decision_names_holders_before_wei_and_carries_over_its_clauses() -> None:
    text = ("经专家评审和实地核查，确定青禾云帆电子有限公司等9家企业为2025年度省级绿色工厂，"
            "青禾经济开发区、海湾化工园区2家园区为省级绿色园区，4家企业为省级绿色供应链管理企业。")
    found = {(tuple(m.text for m in f.recipients), f.honour, f.year) for f in facts(text)}
    assert found == {(("青禾云帆电子有限公司",), "省级绿色工厂", 2025),
                     (("青禾经济开发区", "海湾化工园区"), "省级绿色园区", 2025)}  # (4家企业: no one named)
    assert facts("拟确定青禾云帆电子有限公司为2025年度省级绿色工厂。") == []
    assert pairs("青禾云帆电子有限公司被认定为省级绿色工厂。") == {(("青禾云帆电子有限公司",), "省级绿色工厂")}


def test_a_list_under_a_heading_without_the_level_of_the_decision() -> None:
    text = ("确定2家企业为省级绿色供应链管理企业，3家企业的4项产品为省级绿色设计产品。\n"
            "一、绿色供应链管理企业(2家)\n序号 企业名称 所在设区市\n1 青禾云帆电子有限公司 青禾市\n2 海湾卓宇机械有限公司 海湾市\n"
            "二、绿色设计产品(4项)\n序号 企业名称 产品名称\n1 青禾云帆电子有限公司 LED平板灯\n2 鹤鸣家具有限公司 办公椅\n")
    assert pairs(text) == {(("青禾云帆电子有限公司",), "省级绿色供应链管理企业"), (("海湾卓宇机械有限公司",), "省级绿色供应链管理企业"),
                           (("青禾云帆电子有限公司",), "省级绿色设计产品"), (("鹤鸣家具有限公司",), "省级绿色设计产品")}


def test_a_clause_listing_firms_holds_the_honour_of_the_passive_clause_after_it() -> None:
    # the holders are the clause before (counted firms, their own platform), not the zone
    assert pairs("主要有：①青禾云帆电子牵头组建的宽带光器件工程研究中心，被认定为省级工程研究中心；"
                 "②岚石生物、和弦精工、澄川智控3家企业的技术中心，被认定为省级企业技术中心。") == {
        (("青禾云帆电子",), "省级工程研究中心"), (("岚石生物", "和弦精工", "澄川智控"), "省级企业技术中心")}
    assert pairs("孵化载体方面，青禾星创孵化器有限公司经科技部批准，成为国家级科技企业孵化器。") == {
        (("青禾星创孵化器有限公司",), "国家级科技企业孵化器")}
    # a clause of places or a phrase is no holder; nor one that states its own fact
    assert all(holders == () for holders, _ in pairs("产品远销欧洲、东南亚等地，成为园区当年签约当年投产的又一样板。"))
    ((holder,), _), = pairs("园内的青禾科创孵化中心今年被科技部认定为国家级科技企业孵化器。")
    assert holder.endswith("青禾科创孵化中心")  # (not 园内: a place word owns no platform)


def test_a_firm_holds_what_its_own_platform_or_product_won() -> None:
    assert pairs("岚石生物的重组胶原敷料产品入选省级制造业单项冠军产品。") == {(("岚石生物",), "省级制造业单项冠军产品")}
    assert pairs("青禾云帆电子有限公司的研发中心获批省级企业技术中心。") == {(("青禾云帆电子有限公司",), "省级企业技术中心")}


def test_circled_numbers_bullets_and_declared_short_names_are_no_part_of_a_holder() -> None:
    found = pairs("新增平台3个：①澄川光子产业研究院有限公司（以下简称“光子研究院”）获批省级新型研发机构；"
                  "● 岚石生物、和弦精工获评省级企业技术中心。")
    assert found == {(("澄川光子产业研究院有限公司",), "省级新型研发机构"), (("岚石生物", "和弦精工"), "省级企业技术中心")}


def test_the_issuing_ministry_is_no_part_of_the_title_and_a_grade_after_the_level_is_cut() -> None:
    assert clean_honour("工业和信息化部2025年卓越级智能工厂名单") == ("卓越级智能工厂", None)
    assert clean_honour("省四星级小微企业园") == ("省小微企业园", "四星级")
    fact = only("晟舟精密入选工业和信息化部2025年度国家级绿色工厂名单。")
    assert (fact.honour, fact.level) == ("国家级绿色工厂", "national")


def test_holders_listed_after_a_colon_behind_an_honour_line_hold_it() -> None:
    text = ("（三）企业荣誉\n1.国家级专精特新“小巨人”企业（第五批）：岚峰精测仪器股份有限公司、瀚泊新材料科技有限公司\n"
            "2.省级专精特新中小企业（2023年第一批）：云汀数控、德沅生物、凯澜电子等9家\n"
            "3.重点项目：青梧大道项目、滨湖污水厂项目\n4.主要工作：推进技改、培育企业\n")
    found = facts(text)
    assert {(tuple(m.text for m in f.recipients), f.honour) for f in found} == {
        (("岚峰精测仪器股份有限公司", "瀚泊新材料科技有限公司"), "国家级专精特新小巨人企业"),
        (("云汀数控", "德沅生物", "凯澜电子"), "省级专精特新中小企业")}
    second = next(f for f in found if f.honour == "省级专精特新中小企业")
    assert (second.level, second.year, second.batch) == ("provincial", 2023, "第一批")
    # a title planned, not granted, lists no holders
    assert not facts("1.力争省级绿色工厂：云汀数控、德沅生物\n")


def test_holders_in_brackets_behind_a_counted_leveled_title_hold_it() -> None:
    text = ("全年新增国家级专精特新“小巨人”企业3家(恒峪精密、翎澜智能、科汀光电),累计达到9家;"
            "新认定省级企业技术中心2家：澜峪机械、汀岚电子。力争新增省级绿色工厂2家（云汀数控、德沅生物）。"
            "新开工项目5个（青梧大道项目、滨湖污水厂项目）。新增省级专精特新中小企业26家（名单另附）。")
    assert pairs(text) == {(("恒峪精密", "翎澜智能", "科汀光电"), "国家级专精特新小巨人企业"),
                           (("澜峪机械", "汀岚电子"), "省级企业技术中心")}
    assert next(f for f in facts(text) if f.honour == "省级企业技术中心").level == "provincial"


def test_an_approved_upgrade_is_the_zones_honour_not_the_approvers() -> None:
    text = ("梧汀高新技术产业开发区始建于2006年,2015年经省政府批准升级为省级高新区,"
            "2021年经国务院批复升级为国家高新技术产业开发区,规划面积32.6平方公里。"
            "岷汀经济开发区经省政府批准认定为省级经济开发区。")
    assert pairs(text) == {(("梧汀高新技术产业开发区",), "省级高新区"), (("梧汀高新技术产业开发区",), "国家高新技术产业开发区"),
                           (("岷汀经济开发区",), "省级经济开发区")}


def test_a_kind_of_body_before_the_holders_name_is_no_part_of_it() -> None:
    assert pairs("区内孵化载体青岚创新港获评国家级科技企业孵化器。") == {(("青岚创新港",), "国家级科技企业孵化器")}


def test_where_the_holders_are_is_cut_before_their_names() -> None:
    assert pairs("汐川经开区内的恒屿电缆、博达电子入选省级专精特新中小企业名单。") == {
        (("恒屿电缆", "博达电子"), "省级专精特新中小企业")}
    assert pairs("区内企业恒屿电缆获评省级专精特新中小企业。") == {(("恒屿电缆",), "省级专精特新中小企业")}
    # a kind of firm left after the place is a category, not a holder
    assert not any(holders for holders, _ in pairs("园区内的生物医药企业获评省级专精特新中小企业。"))


def test_respective_titles_pair_with_their_holders_in_order() -> None:
    assert pairs("园区内的朗睿精密、宇帆电子分别获评省级“专精特新”中小企业和省级企业技术中心。") == {
        (("朗睿精密",), "省级专精特新中小企业"), (("宇帆电子",), "省级企业技术中心")}


def test_a_leveled_list_of_key_projects_is_an_honour_of_a_project_named_after_its_firm() -> None:
    assert pairs("海晟光电被认定为省级瞪羚企业,其年产1200万片光伏玻璃项目列入2021年省级重点项目名单。") == {
        (("海晟光电",), "省级瞪羚企业"), (("年产1200万片光伏玻璃项目",), "省级重点项目")}
    # one project that joins two works with 及
    assert pairs("沐岚动力获评省级企业技术中心，其燃料电池电堆及动力系统产业化项目列入省重点建设项目名单。") == {
        (("沐岚动力",), "省级企业技术中心"), (("燃料电池电堆及动力系统产业化项目",), "省重点建设项目")}
    # a count of them is no holder's honour
    assert pairs("全年获批省重点项目3个。") == set()


def test_an_approver_a_lapse_of_time_and_a_list_word_are_cut_from_holders_and_titles() -> None:
    text = ("桦岭工业园区位于桦岭县城东部,园区始建于2003年,2008年经省政府批准为省级开发区。"
            "同年,园区获评国家级绿色工业园区,才过半年又被列入省级化工园区认定名单。")
    assert {h for _, h in pairs(text)} == {"省级开发区", "国家级绿色工业园区", "省级化工园区"}
    assert not any("省政府" in m or "半年" in m for holders, _ in pairs(text) for m in holders)


def test_three_leveled_titles_listed_with_a_pause_mark_pair_with_three_holders() -> None:
    assert pairs("芯岚微电子、启明光谱和沃原生物分别被认定为省级企业技术中心、省级工程研究中心和省级专精特新中小企业。") == {
        (("芯岚微电子",), "省级企业技术中心"), (("启明光谱",), "省级工程研究中心"), (("沃原生物",), "省级专精特新中小企业")}


def test_holders_introduced_after_a_counted_title() -> None:
    found = pairs("全年新增省级专精特新中小企业9家，主要有汀禾生物、岚梧阀门、澄川电气等，新增数量居全市第二。")
    assert (("汀禾生物", "岚梧阀门", "澄川电气"), "省级专精特新中小企业") in found


def test_a_proposed_list_under_notice_grants_nothing() -> None:
    text = ("锦川光电、沐岚食品2家企业已列入2025年省级专精特新中小企业拟认定名单，目前处于公示阶段。"
            "同日公示的还有市级企业技术中心拟认定名单，汐岚化纤等19家企业榜上有名。"
            "澜岳电子入选2025年度省级专精特新中小企业名单。")
    assert pairs(text) == {(("澜岳电子",), "省级专精特新中小企业")}
