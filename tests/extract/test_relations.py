"""LOCATED_IN, UNDERTAKES and PARTNERS_WITH rules, and the report subject (fictional text)."""

from __future__ import annotations

from kg.extract import extract_text
from kg.model import DocExtraction
from kg.repair import repair

HEADER = "青禾经济开发区2023年工作总结\n一、主要工作\n"


def run(body: str) -> DocExtraction:
    return extract_text(repair(HEADER + body), "t.txt")


def facts(de: DocExtraction, p: str) -> set[tuple[str, str]]:
    return {(r.s, r.o) for r in de.relations if r.p == p}


def test_subject_from_title() -> None:
    assert run("今年以来，各项工作稳步推进。").subject == "青禾经济开发区"


def test_subject_from_a_letter_spaced_title() -> None:
    de = extract_text(repair("青 禾 经 济 开 发 区\n2 0 2 3 年 工 作 总 结\n一、主要工作\n云帆科技有限公司荣获国家级绿色工厂。"), "s.txt")
    assert de.subject == "青禾经济开发区"
    assert ("云帆科技有限公司", "青禾经济开发区") in facts(de, "LOCATED_IN")


def test_subject_generic_word_when_never_named() -> None:
    de = extract_text(repair("开发区工作汇报\n今年以来，开发区项目建设提速，开发区企业增多。"), "g.txt")
    assert de.subject == "开发区"


def test_a_file_name_names_the_zone_a_report_calls_only_by_a_generic_word() -> None:
    body = "今年以来，开发区项目建设提速。云帆科技有限公司年产50万套传感器项目开工建设。"
    de = extract_text(repair(body), "青禾经济开发区2023年工作总结.txt")
    assert de.subject == "青禾经济开发区"
    assert ("云帆科技有限公司", "青禾经济开发区") in facts(de, "LOCATED_IN")
    assert extract_text(repair(body), "3f9a01c2.txt").subject == "开发区"  # a name that names nothing
    assert extract_text(repair(body.replace("开发区", "高新区")), "青禾经济开发区2023年工作总结.txt").subject == "高新区"
    department = "县经信局2022年工作总结\n今年以来，县经信局推进工业经济平稳运行。"
    assert extract_text(repair(department), "青禾经济开发区相关材料.txt").subject is None  # speaks for no zone


def test_department_report_without_zone_has_no_subject() -> None:
    de = extract_text(repair("县经信局2022年工作总结\n今年以来，县经信局推进工业经济平稳运行。"), "d.txt")
    assert de.subject is None


def test_firms_and_projects_of_the_report_are_located_in_the_subject() -> None:
    de = run("云帆科技有限公司年产50万套传感器项目开工建设。")
    located = facts(de, "LOCATED_IN")
    assert ("云帆科技有限公司", "青禾经济开发区") in located
    assert ("年产50万套传感器项目", "青禾经济开发区") in located


def test_name_prefixed_by_a_sub_park_is_located_in_the_sub_park() -> None:
    de = run("完成星桥孵化器1#厂房改造工程。")
    assert ("星桥孵化器1#厂房改造工程", "星桥孵化器") in facts(de, "LOCATED_IN")
    assert ("星桥孵化器", "青禾经济开发区") in facts(de, "LOCATED_IN")


def test_courted_firms_are_not_located() -> None:
    de = run("走访对接云帆科技有限公司，洽谈合作意向。")
    assert not any(s == "云帆科技有限公司" for s, _ in facts(de, "LOCATED_IN"))


def test_undertakes_from_name_prefix_and_investment_phrase() -> None:
    de = run("临川重工一期厂房竣工投产。云帆科技有限公司总投资12亿元的年产50万套传感器项目开工。")
    und = facts(de, "UNDERTAKES")
    assert ("临川重工", "临川重工一期厂房") in und
    assert ("云帆科技有限公司", "年产50万套传感器项目") in und


def test_partners_from_signed_agreement() -> None:
    de = run("开发区与鸿远物流集团签订战略合作协议。")
    assert ("青禾经济开发区", "鸿远物流集团") in facts(de, "PARTNERS_WITH")
    assert not any(s == "鸿远物流集团" for s, _ in facts(de, "LOCATED_IN"))


def test_the_zone_word_after_a_scraped_space_is_still_the_report_zone() -> None:
    """``5月， 开发区与…`` (an &nbsp; after the comma) and ``5月 开发区 与…``: the partner
    is the report's zone, not a zone named `` 开发区`` with a space."""
    for body in ("5月，\u00a0开发区与鸿远物流集团签订战略合作协议。", "5月 开发区 与鸿远物流集团签订战略合作协议。"):
        de = run(body)
        assert facts(de, "PARTNERS_WITH") == {("青禾经济开发区", "鸿远物流集团")}, body
        assert all(e.name == e.name.strip() for e in de.entities), de.entities


def test_a_firm_signing_with_the_zone_is_the_zones_partner() -> None:
    """``X与开发区签约`` is ``开发区与X签约`` (the relation is symmetric): a partner, not a
    firm in the zone."""
    de = run("鸿远物流集团与开发区签订战略合作协议。")
    assert facts(de, "PARTNERS_WITH") == {("青禾经济开发区", "鸿远物流集团")}
    assert not facts(de, "LOCATED_IN")
    assert not facts(run("县政府与开发区签订目标责任书。"), "PARTNERS_WITH")  # a pledge, as the other way round
    settling = run("鸿远物流集团与开发区签订入园协议。")  # signing to settle in the zone: no partnership
    assert not facts(settling, "PARTNERS_WITH") and ("鸿远物流集团", "青禾经济开发区") in facts(settling, "LOCATED_IN")


def test_partner_actor_named_before_yu() -> None:
    de = run("借助县政府与鸿远物流集团的战略合作，拓展招商渠道。")
    assert ("县政府", "鸿远物流集团") in facts(de, "PARTNERS_WITH")


def test_every_relation_has_evidence_that_slices_the_text() -> None:
    rep = repair(HEADER + "临川重工一期厂房竣工投产。开发区与鸿远物流集团签约。")
    de = extract_text(rep, "t.txt")
    assert de.relations
    for r in de.relations:
        assert rep.text[r.evidence.start : r.evidence.end] == r.evidence.sentence
        assert r.s in r.evidence.sentence or r.p == "LOCATED_IN" or r.s == de.subject


def test_joint_work_with_departments_and_pledges_are_no_partnership() -> None:
    de = run("联合市场监督管理局、应急管理局等部门开展园区整治行动。党工委书记与下属青禾公司负责人签订党风廉政建设责任书。")
    assert not facts(de, "PARTNERS_WITH")


def test_body_named_before_yu_is_the_partner_actor() -> None:
    de = run("借助临江市滨湖区与县政府建立战略合作之机，拓展招商渠道。")
    assert ("临江市滨湖区", "县政府") in facts(de, "PARTNERS_WITH")


def test_sub_park_named_by_its_industry_is_a_zone() -> None:
    de = run("加快生物医药产业园建设。推进汽车产业园招商。")
    zones = {e.name for e in de.entities if e.type == "Zone"}
    assert "生物医药产业园" in zones
    assert "汽车产业园" not in zones  # a two-character industry names no park
    assert ("生物医药产业园", "青禾经济开发区") in facts(de, "LOCATED_IN")


def test_honour_title_repeated_alone_is_no_zone() -> None:
    de = run("园区被评为岚州市先进工业园,进入全市先进工业园行列。")
    assert ("青禾经济开发区", "岚州市先进工业园") in facts(de, "RECEIVED_HONOUR")
    assert "先进工业园" not in {e.name for e in de.entities if e.type == "Zone"}


def test_signing_dated_by_its_sentence_or_the_report_year() -> None:
    de = run("2021年园区与星湖大学签订战略合作协议。园区与云帆科技有限公司签订战略合作协议。")
    years = {r.o: r.year for r in de.relations if r.p == "PARTNERS_WITH"}
    assert years.get("星湖大学") == 2021
    assert years.get("云帆科技有限公司") == 2023  # the year of the report's title


def test_numbered_heading_zone_is_the_topic_of_its_item() -> None:
    de = run("一是星湖新材料产业园。强化用地保障,抓好岚湖电子年产5万台电机项目建设。"
             "二是云岭科技千亩产业综合体。加快青禾智造园建设。\n三、其他工作\n云帆科技有限公司投产。")
    located = facts(de, "LOCATED_IN")
    assert ("星湖新材料产业园", "青禾经济开发区") in located
    assert any(s.endswith("年产5万台电机项目") and o == "星湖新材料产业园" for s, o in located), located
    assert ("青禾智造园", "云岭科技千亩产业综合体") in located
    assert ("云帆科技有限公司", "青禾经济开发区") in located  # a new paragraph ends the item



def test_zone_body_without_a_fact_of_its_own_is_not_annotated() -> None:
    de = run("青禾经济开发区分局做好服务工作。青禾经济开发区消防大队荣获省青年文明号。")
    names = {e.name for e in de.entities if e.type == "Organization"}
    assert "青禾经济开发区消防大队" in names
    assert "青禾经济开发区分局" not in names
    assert ("青禾经济开发区消防大队", "青禾经济开发区") in facts(de, "LOCATED_IN")


def test_project_designated_for_bonds_is_funded_by_them() -> None:
    de = run("其中总投资6亿元的园区污水管网配套工程已确定为发债项目。星湖大道工程申报专项债项目。")
    funded = facts(de, "FUNDED_BY")
    assert ("园区污水管网配套工程", "专项债券") in funded
    assert not any(s.startswith("星湖大道") for s, _ in funded)  # applied for, not allocated


def test_descriptive_project_with_its_own_budget_is_a_project() -> None:
    de = run("推进总投资6亿元的开发区基础设施配套工程。推进开发区基础设施配套工程。")
    assert "开发区基础设施配套工程" in {e.name for e in de.entities if e.type == "Project"}
    de = run("推进开发区基础设施配套工程。")
    assert "开发区基础设施配套工程" not in {e.name for e in de.entities if e.type == "Project"}


def test_holder_of_a_zone_kind_title_is_a_zone_inside_its_named_parent() -> None:
    de = run("创新平台实现突破,岚州科创中心星火空间获批国家级众创空间。")
    types = {e.name: e.type for e in de.entities}
    assert types.get("岚州科创中心星火空间") == "Zone"
    assert types.get("岚州科创中心") == "Zone"
    assert ("岚州科创中心星火空间", "岚州科创中心") in facts(de, "LOCATED_IN")
    assert ("岚州科创中心星火空间", "国家级众创空间") in facts(de, "RECEIVED_HONOUR")


def test_a_county_department_named_in_the_title_speaks_for_no_zone() -> None:
    text = ("松岭县经济发展局2024年上半年工作汇报\n上半年，县经济发展局围绕工业强县抓好各项工作。"
            "松岭经济开发区完成产值56亿元；石桥工业园完成产值21亿元。"
            "石桥工业园内的云帆船舶配套有限公司年产20艘游艇项目完成主体工程。"
            "我局被市工业和信息化局评为全市工业经济运行监测工作先进单位。")
    de = extract_text(repair(text), "b.txt")
    assert de.subject is None
    assert ("云帆船舶配套有限公司", "石桥工业园") in facts(de, "LOCATED_IN")
    assert not any(o == "松岭经济开发区" for _, o in facts(de, "LOCATED_IN"))
    assert ("松岭县经济发展局", "全市工业经济运行监测工作先进单位") in facts(de, "RECEIVED_HONOUR")


def test_a_placement_verb_puts_a_project_in_the_sub_park_after_it() -> None:
    de = run("3月，总投资45亿元的云帆新能源年产20GWh储能电池项目签约落户南岸新材料产业园。"
             "6月，青石精密机械有限公司总投资8亿元的高端五轴数控机床项目于9月在北湖智能装备产业园开工建设。")
    located = facts(de, "LOCATED_IN")
    assert any(s.endswith("储能电池项目") and o == "南岸新材料产业园" for s, o in located)
    assert ("青石精密高端五轴数控机床项目", "北湖智能装备产业园") in located or any(
        "五轴数控机床项目" in s and o == "北湖智能装备产业园" for s, o in located)
    assert ("南岸新材料产业园", "青禾经济开发区") in located
    assert not any(e.name == "北湖智能" for e in de.entities)  # a place's park, not a firm


def test_the_zone_right_before_a_list_of_firms_holds_them() -> None:
    de = run("二、企业培育\n鹭石科技园的云帆电子、青石机械获评省级专精特新中小企业，企业发展势头良好。")
    located = facts(de, "LOCATED_IN")
    assert ("云帆电子", "鹭石科技园") in located and ("青石机械", "鹭石科技园") in located


def test_a_named_project_in_talks_is_the_zones_but_a_firm_only_courted_is_not() -> None:
    de = run("走访对接云帆电子等行业头部企业20余家。云岭机器人减速器项目已进入实质性洽谈阶段，拟选址北湖智能装备产业园。")
    located = facts(de, "LOCATED_IN")
    assert ("云岭机器人减速器项目", "北湖智能装备产业园") in located
    assert not any(s == "云帆电子" for s, _ in located)


def test_a_declared_short_name_is_the_full_names_entity() -> None:
    de = run("区属平台公司青禾城建投资集团有限公司（以下简称“城投集团”）全年完成投融资68亿元。"
             "青禾综合保税区（以下简称“综保区”）获评A类。综保区内的青禾跨境电商产业园新引进云帆优选等企业12家。"
             "城投集团与鹭洲农商银行签订授信协议。")
    names = {e.name: e for e in de.entities}
    assert "青禾城建投资集团有限公司" in names and "城投集团" in names["青禾城建投资集团有限公司"].aliases
    assert "城投集团" not in names and "区属平台公司青禾城建投资集团有限公司" not in names
    assert "综保区" in names["青禾综合保税区"].aliases
    assert ("青禾城建投资集团有限公司", "鹭洲农商银行") in facts(de, "PARTNERS_WITH")
    assert ("青禾跨境电商产业园", "青禾综合保税区") in facts(de, "LOCATED_IN")


def test_a_parks_own_report_and_the_subject_less_its_place_name() -> None:
    de = extract_text(repair("澄溪新材料产业园2023年工作总结\n2023年，新材料产业园紧扣主线推进各项工作。"
                             "云帆化学股份有限公司年产2万吨电子化学品项目开工建设。"), "p.txt")
    assert de.subject == "澄溪新材料产业园"
    assert not any(e.name == "新材料产业园" for e in de.entities)
    assert ("云帆化学股份有限公司", "澄溪新材料产业园") in facts(de, "LOCATED_IN")


def test_a_project_opening_with_a_firms_short_form_is_that_firms() -> None:
    de = run("区内企业宏屹新能源材料有限公司发展良好。宏屹新能年产2万吨锂电正极材料项目开工建设。")
    owned = facts(de, "UNDERTAKES")
    assert any(s == "宏屹新能源材料有限公司" and "锂电正极材料项目" in o for s, o in owned)


def test_tongbu_opens_no_partner_and_kinds_of_partner_name_no_one() -> None:
    de = run("同步深化与高校院所的产学研合作。开发区与青石理工大学签订战略合作协议。")
    partners = facts(de, "PARTNERS_WITH")
    assert ("青禾经济开发区", "青石理工大学") in partners
    assert not any(o in ("步深化与高校院所", "高校院所", "产学研") for _, o in partners)


def test_firms_arriving_in_a_park_that_opens_the_sentence_are_in_it() -> None:
    de = run("云澧科创孵化园全年新入驻科技型企业37家，知微视觉、澄远数据等一批成长性较好的企业相继入驻。")
    located = facts(de, "LOCATED_IN")
    assert ("知微视觉", "云澧科创孵化园") in located and ("澄远数据", "云澧科创孵化园") in located


def test_a_project_placed_in_a_place_that_is_no_zone_is_in_none() -> None:
    text = ("松岭县经济发展局2024年工作汇报\n上半年，县经济发展局抓好各项工作。松岭经济开发区完成产值56亿元。"
            "位于县城南片区的云帆食品冷链仓储中心项目完成立项手续。")
    de = extract_text(repair(text), "c.txt")
    assert not any(s.endswith("冷链仓储中心项目") for s, _ in facts(de, "LOCATED_IN"))


def test_a_firms_project_named_again_in_short_is_that_project() -> None:
    de = run("3月，总投资45亿元的云帆新能源年产20GWh储能电池项目签约落户南岸新材料产业园。"
             "二、明年打算\n加快推进云帆新能源项目建设，确保一期产线年内投产。")
    projects = [e for e in de.entities if e.type == "Project"]
    assert len(projects) == 1 and "云帆新能源项目" in projects[0].aliases
    assert any(o == projects[0].name for _, o in facts(de, "UNDERTAKES"))


def test_a_facility_funded_by_anaphora_is_a_project_of_its_investor() -> None:
    de = run("康沅生物医药总投资12亿元的创新药产业化基地完成主体施工，该项目获得中央预算内资金3200万元支持。")
    assert ("创新药产业化基地", "中央预算内资金") in facts(de, "FUNDED_BY")
    assert any(e.name == "创新药产业化基地" and e.type == "Project" for e in de.entities)


def test_an_anaphoric_recipient_is_the_project_named_before_it() -> None:
    de = run("北湖大道东延工程全线通车，该工程争取中央预算内投资6800万元。"
             "空港冷链物流中心项目主体结顶，该项目列入省重点建设项目。该项目获得专项债券资金500万元。")
    assert ("北湖大道东延工程", "中央预算内投资") in facts(de, "FUNDED_BY")
    assert ("空港冷链物流中心项目", "省重点建设项目") in facts(de, "RECEIVED_HONOUR")
    assert not any("该" in e.name for e in de.entities)


def test_partners_that_name_no_one_are_dropped() -> None:
    de = run("开发区与青石理工大学签订全面合作协议，双方将在人才培养、联合攻关等方面深度合作。"
             "深化与长三角地区园区合作。园区与xx大学签订产学研合作协议。")
    partners = {o for _, o in facts(de, "PARTNERS_WITH")}
    assert "青石理工大学" in partners
    assert not partners & {"攻关", "长三角地区园区", "大学"}


def test_firms_visited_and_not_yet_signed_are_not_placed() -> None:
    de = run("走访了苏州宏图智能、东莞捷讯电子等企业，目前仍在洽谈，尚未签约。")
    assert not any(s in ("苏州宏图智能", "东莞捷讯电子") for s, _ in facts(de, "LOCATED_IN"))


def test_a_purpose_names_one_works_project_or_a_project_less_what_money_buys() -> None:
    de = run("争取中央预算内投资2800万元，用于纬三路及配套管网工程。"
             "争取省级科技专项资金300万元，用于青石科技车规级芯片封测项目研发设备购置。")
    funded = facts(de, "FUNDED_BY")
    assert ("纬三路及配套管网工程", "中央预算内投资") in funded
    assert any(s.endswith("车规级芯片封测项目") and o == "科技专项资金" for s, o in funded)


def test_a_zone_before_a_holder_and_a_park_after_a_bare_zone_word() -> None:
    text = ("江屿市工业和信息化局2023年工作总结\n市工信局抓好各项工作。"
            "经开区的博川齿轮公司获评省级智能工厂。芯途传感、数衡科技等12家企业入驻高新区的江屿智能传感器产业园。")
    de = extract_text(repair(text), "c.txt")
    assert de.subject is None
    assert ("博川齿轮公司", "省级智能工厂") in facts(de, "RECEIVED_HONOUR")
    assert ("芯途传感", "江屿智能传感器产业园") in facts(de, "LOCATED_IN")


def test_a_park_right_after_a_bare_zone_word_is_where_a_project_lands() -> None:
    de = run("汀屿半导体12英寸功率芯片制造项目签约落户高新区南湖片区，计划总投资40亿元。")
    located = facts(de, "LOCATED_IN")
    assert ("汀屿半导体12英寸功率芯片制造项目", "南湖片区") in located
    assert not any(s.endswith("功率芯片制造项目") and o != "南湖片区" for s, o in located)


def test_a_table_rows_builder_undertakes_its_project() -> None:
    de = run("具体情况如下：\n序号 项目名称 建设单位 总投资（亿元） 进展\n"
             "1 年产5万台电驱动总成项目 青石卓宇精密机械有限公司 12.5 主体厂房已封顶\n"
             "2 鹤鸣食品冷链物流中心项目 青禾鹤鸣食品有限公司 3.4 钢结构吊装\n"
             "3 年产3亿只锂电池结构件项目 xx公司 5.6 已摘牌\n")
    owned = facts(de, "UNDERTAKES")
    assert ("青石卓宇精密机械有限公司", "年产5万台电驱动总成项目") in owned
    assert ("青禾鹤鸣食品有限公司", "鹤鸣食品冷链物流中心项目") in owned
    assert not any(o == "年产3亿只锂电池结构件项目" for _, o in owned)


def test_a_chemical_parks_report_and_holders_behind_verbs_or_time_words() -> None:
    text = ("东皋化工园区2023年安全环保工作总结\n2023年，园区入选第四批国家智慧化工园区试点示范单位，"
            "同年被省工业和信息化厅认定为省级绿色化工园区。江北润泰石化股份有限公司年产30万吨聚碳酸酯项目投产。"
            "督促润泰石化股份有限公司完成整改，润泰石化股份有限公司获评省级绿色工厂。")
    de = extract_text(repair(text), "d.txt")
    assert de.subject == "东皋化工园区"
    honours = facts(de, "RECEIVED_HONOUR")
    assert ("东皋化工园区", "省级绿色化工园区") in honours
    assert not any(s in ("同年", "东皋化工") for s, _ in honours | facts(de, "LOCATED_IN"))


def test_a_firm_building_in_a_neighbouring_countys_zone_is_there() -> None:
    de = run("经园区牵线搭桥，配套企业宏途电气科技有限公司于2023年8月在邻近的临溪县经济开发区投资建设年产8万台变频器项目。")
    located = facts(de, "LOCATED_IN")
    assert ("宏途电气科技有限公司", "临溪县经济开发区") in located
    assert ("年产8万台变频器项目", "临溪县经济开发区") in located
    assert not any(s == "年产8万台变频器项目" and o == "青禾经济开发区" for s, o in located)


def test_the_titles_full_zone_name_wins_over_a_cut_form_in_the_body() -> None:
    text = ("关于青岚县经济开发区2024年上半年工作情况的汇报\n——2024年7月23日在县人大常委会会议上\n"
            "受县人民政府委托，现将青岚县经济开发区2024年上半年工作情况报告如下，请予审议。\n"
            + "上半年，经开区完成规上工业产值86亿元，同比增长9.2%，各项工作稳步推进，重点项目建设提速增效。" * 4
            + "云帆精密机械有限公司年产5万台电驱动总成项目开工。")
    de = extract_text(repair(text), "d.txt")
    assert de.subject == "青岚县经济开发区"
    assert ("云帆精密机械有限公司", "青岚县经济开发区") in facts(de, "LOCATED_IN")


def test_a_sources_written_form_with_its_level_is_an_alias_and_places_cut_first_characters() -> None:
    de = extract_text(repair("潮湄临港产业集聚区2023年工作总结\n今年以来，潮湄临港产业集聚区推进各项工作。"
                             "天岳光伏获得省级工业转型升级资金300万元。位于白沙坝工业集中区的云帆矿业有限公司投产。"), "f.txt")
    assert de.subject == "潮湄临港产业集聚区"
    source = next(e for e in de.entities if e.type == "FundingSource")
    assert source.name == "工业转型升级资金" and "省级工业转型升级资金" in source.aliases
    assert ("云帆矿业有限公司", "白沙坝工业集中区") in facts(de, "LOCATED_IN")


def test_a_zones_own_departments_hold_their_honours_and_are_in_the_zone() -> None:
    de = run("管委会招商服务局被省商务厅评为全省招商引资工作先进集体；党群工作部被市委组织部命名为全市基层党建工作示范点。"
             "开发区与鹤州农商银行签订战略合作协议。")
    honours = facts(de, "RECEIVED_HONOUR")
    assert ("管委会招商服务局", "全省招商引资工作先进集体") in honours
    assert ("党群工作部", "全市基层党建工作示范点") in honours
    assert {("管委会招商服务局", "青禾经济开发区"), ("党群工作部", "青禾经济开发区")} <= facts(de, "LOCATED_IN")
    assert not any(s in ("省商务厅", "市委组织部") for s, _ in facts(de, "LOCATED_IN"))
    assert ("青禾经济开发区", "鹤州农商银行") in facts(de, "PARTNERS_WITH")


def test_partner_tasks_are_no_partners_and_a_holder_after_de_is_what_is_named() -> None:
    de = run("开发区与华川移动签署战略合作协议。开发区与青石大学合作开展高精度位移传感、光学测量等研究。"
             "由锐芯微电子有限公司牵头建设的高端传感器中试基地获得省级科技专项资金300万元。")
    partners = {o for _, o in facts(de, "PARTNERS_WITH")}
    assert "华川移动" in partners and not partners & {"光学测量", "开展高精度位移传感"}
    assert any(s == "高端传感器中试基地" for s, _ in facts(de, "FUNDED_BY"))


def test_a_park_opening_a_paragraph_holds_the_firms_and_projects_after_it() -> None:
    de = run("（一）煤化工产业链条持续延伸。红柳滩煤化工片区围绕主链条补链延链强链。"
             "宁青煤业集团有限公司年产60万吨煤制烯烃项目完成投资38亿元。\n"
             "（二）新能源产业规模快速壮大。凤岭新能源产业园全年新增并网装机92万千瓦。\n"
             "青禾能源集团有限公司年产5万吨电池材料项目投产。")
    located = facts(de, "LOCATED_IN")
    assert ("宁青煤业集团有限公司", "红柳滩煤化工片区") in located
    assert ("年产60万吨煤制烯烃项目", "红柳滩煤化工片区") in located
    assert ("青禾能源集团有限公司", "青禾经济开发区") in located  # (another paragraph)
    assert not any(s in ("红柳滩", "凤岭") for s, _ in facts(de, "UNDERTAKES"))


def test_a_numbered_heading_naming_a_park_before_a_colon_holds_its_paragraph() -> None:
    de = run("（一）云台东园：电子信息产业加速集聚。东园全年完成工业投资53亿元。"
             "芯迈半导体投资42亿元的年产36万片晶圆项目主厂房封顶。\n"
             "（二）凤岭西园：高端装备产业提质升级。巨擎重工盾构机智能总装车间建成投用。\n")
    located = facts(de, "LOCATED_IN")
    assert any(o == "云台东园" and "晶圆项目" in s for s, o in located)
    assert any(o == "凤岭西园" and s.startswith("巨擎重工") for s, o in located)


def test_a_builder_named_after_its_project_undertakes_it() -> None:
    de = run("（1）年产8万吨果汁饮料项目——云帆食品有限公司，总投资6.5亿元，3月签约\n"
             "（2）智能仓储中心项目——临川物流集团，总投资2亿元，已签约\n"
             "小微园三期标准厂房项目由青禾城建投资有限公司负责投资建设，总投资2亿元。"
             "青禾大道东延工程——路基完成，云帆食品有限公司配合施工。")
    done = facts(de, "UNDERTAKES")
    assert ("云帆食品有限公司", "年产8万吨果汁饮料项目") in done
    assert ("临川物流集团", "智能仓储中心项目") in done
    assert ("青禾城建投资有限公司", "小微园三期标准厂房项目") in done
    assert not any(p == "青禾大道东延工程" for _, p in done)


def test_a_bulleted_brief_names_sources_in_labels_and_recipients_in_purposes() -> None:
    de = run("五、要素保障\n"
             "● 专项债券：到位地方政府专项债券3.2亿元，全部用于青禾标准厂房三期\n"
             "● 中央预算内投资：到位4800万元，用于污水处理厂提标改造工程\n"
             "● 融资对接：到位授信11亿元\n"
             "● 东环路北延工程：路基施工，累计完成投资1.1亿元\n")
    funded = facts(de, "FUNDED_BY")
    assert ("青禾标准厂房三期", "地方政府专项债券") in funded
    assert ("污水处理厂提标改造工程", "中央预算内投资") in funded
    assert len(funded) == 2
    assert not any(e.name == "东环路" for e in de.entities)


def test_a_project_after_its_firms_legal_name_is_the_recipient() -> None:
    de = run("云帆新材料科技有限公司年产5万吨电解液项目获得省级制造业高质量发展专项资金1100万元。"
             "远航新能源年产10GWh储能电池项目获得省级制造业高质量发展专项资金800万元。")
    funded = facts(de, "FUNDED_BY")
    assert ("年产5万吨电解液项目", "制造业高质量发展专项资金") in funded
    assert ("远航新能源年产10GWh储能电池项目", "制造业高质量发展专项资金") in funded
    assert ("云帆新材料科技有限公司", "年产5万吨电解液项目") in facts(de, "UNDERTAKES")


def test_a_bracketed_park_in_the_title_is_the_subject_and_its_place_opens_no_firm() -> None:
    de = extract_text(repair("云岫街道（云岫科技园）2023年工作总结\n云岫科创中心项目完成主体施工，"
                             "由云岫城建投资有限公司投资建设。"), "t.txt")
    assert de.subject == "云岫科技园"
    assert not any(e.name == "云岫" for e in de.entities)
    assert ("云岫城建投资有限公司", "云岫科创中心项目") in facts(de, "UNDERTAKES")


def test_a_short_name_before_a_capacity_phrase_builds_the_project_named_with_or_without_it() -> None:
    de = run("4月，澜沧储能年产10GWh储能电池模组项目签约落户。鼎镁钛材年产800吨钛合金镜架材料项目完成主体施工。"
             "新建年产5万吨饲料项目。下半年推动澜沧储能项目投产。")
    done = facts(de, "UNDERTAKES")
    assert ("澜沧储能", "澜沧储能年产10GWh储能电池模组项目") in done
    assert ("鼎镁钛材", "鼎镁钛材年产800吨钛合金镜架材料项目") in done
    assert len(done) == 2  # (澜沧储能项目 is the same project named again)
    project = next(e for e in de.entities if e.name == "澜沧储能年产10GWh储能电池模组项目")
    assert "年产10GWh储能电池模组项目" in project.aliases
    assert not any(e.name in ("新建", "饲料") for e in de.entities)


def test_a_demonstrative_holder_is_what_was_named_before_and_last_year_is_the_year_before() -> None:
    de = extract_text(repair("青柘数字经济产业园2024年工作总结\n园区有一个青柘创业孵化中心，在孵企业180家。"
                             "去年这个孵化中心被省科技厅认定为省级科技企业孵化器。云帆科技有限公司落户园区，"
                             "该企业被认定为国家高新技术企业。"), "t.txt")
    held = {(r.s, r.o, r.year) for r in de.relations if r.p == "RECEIVED_HONOUR"}
    assert ("青柘创业孵化中心", "省级科技企业孵化器", 2023) in held
    assert ("云帆科技有限公司", "国家高新技术企业", 2024) in held


def test_holders_named_after_an_active_granting_verb() -> None:
    de = extract_text(repair("关于2024年度全省开发区考核评价结果的通报\n经省政府同意，授予青禾经济开发区、"
                             "临川工业园区“2024年度全省开发区高质量发展先进单位”称号。"), "t.txt")
    held = facts(de, "RECEIVED_HONOUR")
    assert held == {("青禾经济开发区", "全省开发区高质量发展先进单位"), ("临川工业园区", "全省开发区高质量发展先进单位")}


def test_a_provincial_notice_on_the_provinces_zones_has_no_subject() -> None:
    de = extract_text(repair("澜江省商务厅\n关于2024年度全省开发区综合发展水平考核评价结果的通报\n"
                             "各设区市商务局：\n枫溆高新区的晶叶光伏科技有限公司项目建成投产。"), "t.txt")
    assert de.subject is None
    assert ("晶叶光伏科技有限公司", "枫溆高新区") in facts(de, "LOCATED_IN")


def test_the_title_park_named_in_full_in_the_body_is_the_subject() -> None:
    de = extract_text(repair("眼镜特色产业园2023年度工作总结\n2023年，檀溪眼镜特色产业园稳步发展。"
                             "明瞳光学有限公司获评省级绿色工厂。"), "t.txt")
    assert de.subject == "檀溪眼镜特色产业园"


def test_a_body_whose_name_holds_he_is_one_organization() -> None:
    """和 inside 工业和信息化局 or 人力资源和社会保障局 cuts no list of holders or partners."""
    de = run("岚州市工业和信息化局被评为全省工业经济运行监测先进单位。开发区与县人力资源和社会保障局签订合作协议。")
    orgs = {e.name for e in de.entities if e.type == "Organization"}
    assert {"岚州市工业和信息化局", "县人力资源和社会保障局"} <= orgs
    assert facts(de, "RECEIVED_HONOUR") == {("岚州市工业和信息化局", "全省工业经济运行监测先进单位")}
    assert facts(de, "PARTNERS_WITH") == {("青禾经济开发区", "县人力资源和社会保障局")}


def test_a_project_named_after_a_zone_of_its_own_rank_is_in_that_zone() -> None:
    """A county's report on several zones: 白沙溪工业集中区标准厂房二期项目 is in
    白沙溪工业集中区, whichever zone the sentence began with."""
    de = extract_text(repair("桐岭县投资促进局2024年工作总结\n3月，甲纺织集团有限公司面料项目签约落户白沙溪工业集中区。"
                             "桐岭县经济开发区获评全省开发区招商引资工作先进单位；白沙溪工业集中区标准厂房二期项目获得市级工业发展专项资金900万元。"), "c.txt")
    assert ("白沙溪工业集中区标准厂房二期项目", "白沙溪工业集中区") in facts(de, "LOCATED_IN")


def test_an_evaluation_report_names_its_park_as_subject() -> None:
    de = extract_text(repair("汀澜生物医药产业园“十四五”发展规划实施情况中期评估报告\n园区集聚企业86家，瑞衡生物等企业加快发展。"), "e.txt")
    assert de.subject == "汀澜生物医药产业园"


def test_foreign_and_listed_firms() -> None:
    """A 株式会社 is a firm; a listed firm's code is no part of its name; an A股上市公司
    is no one; a firm with a Latin gloss keeps its short name."""
    de = run("韩国世元化学株式会社在区内增资3600万美元。总部位于市区的枫岚药业集团股份有限公司（股份代号：02787.HK）"
             "入选省级跨国经营示范企业。澜海智能装备股份有限公司成为开发区第5家A股上市公司。"
             "园区企业沅川汽车零部件集团与德国海勒姆（HELLEM）电子公司签署合资协议。")
    firms = {e.name for e in de.entities if e.type == "Enterprise"}
    assert {"韩国世元化学株式会社", "枫岚药业集团股份有限公司", "德国海勒姆（HELLEM）电子公司"} <= firms
    assert not any("上市" in f or "代号" in f for f in firms)
    assert ("枫岚药业集团股份有限公司", "省级跨国经营示范企业") in facts(de, "RECEIVED_HONOUR")
    assert facts(de, "PARTNERS_WITH") == {("沅川汽车零部件集团", "德国海勒姆（HELLEM）电子公司")}


def test_the_builder_after_by_its_subsidiary_and_the_investor_before_a_gloss() -> None:
    de = run("德国克尔巴赫集团（KERBACH Group）总投资1.2亿欧元的年产12万套精密减速器项目于5月签约，"
             "由其全资子公司克尔巴赫精密传动（沅川）有限公司负责实施。")
    assert facts(de, "UNDERTAKES") == {("德国克尔巴赫集团", "年产12万套精密减速器项目"),
                                       ("克尔巴赫精密传动（沅川）有限公司", "年产12万套精密减速器项目")}


def test_the_zones_party_committee_signing_stands_for_the_zone() -> None:
    de = run("党工委与青禾职业技术学院签订党建共建协议。")
    assert facts(de, "PARTNERS_WITH") == {("青禾经济开发区", "青禾职业技术学院")}


def test_a_list_of_fields_or_directions_names_no_firm_and_no_partner() -> None:
    de = run("与临岚集团签署协议，双方在园区运营、数据基础设施和冷链物流等领域开展合作。"
             "研究院围绕齿轮传动、谐波减速器和工业软件等方向开展攻关。"
             "建成材料检测、工业软件等3个公共服务平台。")
    assert facts(de, "PARTNERS_WITH") == {("青禾经济开发区", "临岚集团")}
    assert {e.name for e in de.entities if e.type == "Enterprise"} == {"临岚集团"}


def test_a_terse_list_item_is_placed_by_the_sentence_after_it() -> None:
    de = run("区内设装备制造园、纺织服装园两个园区。\n"
             "1.锦川纺织年产2000万米功能面料项目。位于纺织服装园。9月投产。\n"
             "2.拓岭电子封装测试项目。总投资12亿元。落户装备制造园。\n"
             "3.开发区标准化厂房四期项目。新建厂房8万平方米。\n"
             "纺织服装园内，青松机械二期冲压项目投产。")
    located = facts(de, "LOCATED_IN")
    assert {("锦川纺织", "纺织服装园"), ("拓岭电子", "装备制造园"), ("拓岭电子封装测试项目", "装备制造园"),
            ("青松机械", "纺织服装园"), ("纺织服装园", "青禾经济开发区")} <= located
    assert ("开发区标准化厂房四期项目", "青禾经济开发区") in located


def test_a_research_body_the_zone_co_built_or_a_placement_names_is_in_that_zone() -> None:
    de = run("开发区与东川理工大学签订战略合作协议，双方共建的东川理工大学青禾智能制造研究院已在青禾科创孵化中心挂牌运行。"
             "高新区与南岭大学签署协议，合作共建南岭大学青禾新材料研究院。"
             "北屿大学青禾研究院正式落户青禾软件园。与西川大学签订产学研合作协议。")
    located = facts(de, "LOCATED_IN")
    assert {("东川理工大学青禾智能制造研究院", "青禾科创孵化中心"), ("南岭大学青禾新材料研究院", "青禾经济开发区"),
            ("北屿大学青禾研究院", "青禾软件园")} <= located
    assert not {s for s, _ in located} & {"东川理工大学", "南岭大学", "西川大学"}  # partners, in no zone


def test_a_city_governments_report_on_its_zones_places_each_fact_in_its_paragraphs_zone() -> None:
    text = ("岚州市人民政府工作报告（摘编）\n"
            "各位代表！开发区是全市经济发展的主阵地。\n"
            "岚州经济技术开发区要继续当好排头兵。经开区成功获评国家级绿色工业园区，中德（岚州）产业合作园新引进博岚传动等德资企业3家。\n"
            "岚州高新技术产业开发区要建设创新高地。云澜科创港获批国家级科技企业孵化器，高新区获得省级创新发展奖补资金500万元。\n")
    de = extract_text(repair(text), "t.txt")
    assert de.subject is None
    assert {("岚州经济技术开发区", "国家级绿色工业园区")} <= facts(de, "RECEIVED_HONOUR")
    assert ("岚州高新技术产业开发区", "创新发展奖补资金") in facts(de, "FUNDED_BY")
    located = facts(de, "LOCATED_IN")
    assert {("中德（岚州）产业合作园", "岚州经济技术开发区"), ("博岚传动", "中德（岚州）产业合作园"),
            ("云澜科创港", "岚州高新技术产业开发区")} <= located
    assert not {s for s, _ in facts(de, "RECEIVED_HONOUR")} & {"岚州市人民政府"}


def test_a_lab_a_firm_co_builds_with_a_university_is_the_firms_project() -> None:
    de = run("澄禾生物科技有限公司与江屿医科大学签订战略合作协议，共建抗体药物联合实验室，首批攻关课题5项。"
             "开发区与南岭大学签署协议，共建南岭大学青禾研究院。")
    assert facts(de, "UNDERTAKES") == {("澄禾生物科技有限公司", "抗体药物联合实验室")}
    assert ("抗体药物联合实验室", "Project") in {(e.name, e.type) for e in de.entities}
    assert {e.name for e in de.entities if e.type == "Enterprise"} == {"澄禾生物科技有限公司"}  # (not 抗体药|物联)


def test_a_firm_that_builds_or_runs_the_project_after_it_undertakes_it() -> None:
    de = run("鹭栖开发建设有限公司负责实施的合作园标准厂房三期项目总投资4.5亿元，争取到地方政府专项债券3.2亿元。"
             "中驰物流有限公司牵头实施的铁海联运通道项目入选国家多式联运示范工程。"
             "绿源环境科技有限公司承建的固废处置中心项目开工。")
    assert {("鹭栖开发建设有限公司", "合作园标准厂房三期项目"), ("中驰物流有限公司", "铁海联运通道项目"),
            ("绿源环境科技有限公司", "固废处置中心项目")} <= facts(de, "UNDERTAKES")
    # the money and the honour go to the project, the subject of its sentence
    assert facts(de, "FUNDED_BY") == {("合作园标准厂房三期项目", "地方政府专项债券")}
    assert ("铁海联运通道项目", "国家多式联运示范工程") in facts(de, "RECEIVED_HONOUR")
    assert {e.name: e.type for e in de.entities}["铁海联运通道项目"] == "Project"


def test_a_preposition_jieba_glued_to_a_short_name_is_cut() -> None:
    de = run("明瞳光学有限公司年产3000万副镜片项目建成投产。由明瞳光学牵头建设的眼镜检测公共服务平台投入运行。")
    assert not any(e.name.startswith("由") for e in de.entities)


def test_an_investment_phrase_after_a_place_or_a_word_referring_to_the_firm() -> None:
    de = run("星河能源有限公司在园区东侧滩涂建设的滩涂储能电站项目并网发电。"
             "翼擎智航科技有限公司是国内领先的工业无人机企业。其投资7.8亿元建设的无人机总装基地项目竣工投产。")
    assert {("星河能源有限公司", "滩涂储能电站项目"), ("翼擎智航科技有限公司", "无人机总装基地项目")} <= facts(de, "UNDERTAKES")
    # 其 refers no further back than the sentence before
    de = run("翼擎智航科技有限公司落户园区。全年新签约项目12个。园区运行平稳。其投资5亿元建设的智能仓储基地项目开工。")
    assert ("翼擎智航科技有限公司", "智能仓储基地项目") not in facts(de, "UNDERTAKES")


def test_a_builder_named_by_its_role_after_the_project_undertakes_it() -> None:
    de = run("禾川智能仓储中心项目，建设单位为禾川物流有限公司，总投资3.1亿元。"
             "岚汀污水处理厂扩容工程（实施主体：岚汀水务有限公司）年内完工。")
    assert {("禾川物流有限公司", "禾川智能仓储中心项目"), ("岚汀水务有限公司", "岚汀污水处理厂扩容工程")} <= facts(de, "UNDERTAKES")


def test_a_builder_field_on_its_own_after_an_item_title_builds_the_item() -> None:
    de = run("6.凤台新城综合管廊项目。建设单位:青禾城市建设投资集团。完成管廊主体4.8公里。\n"
             "7.城区供水管网改造工程。建设单位：青禾水务有限公司。10月竣工通水。")
    assert {("青禾城市建设投资集团", "凤台新城综合管廊项目"), ("青禾水务有限公司", "城区供水管网改造工程")} <= facts(de, "UNDERTAKES")
    # a role without its colon is prose, not a field
    de = run("凤台新城综合管廊项目开工。建设单位青禾城市建设投资集团完成招标。")
    assert ("青禾城市建设投资集团", "凤台新城综合管廊项目") not in facts(de, "UNDERTAKES")


def test_a_short_name_in_brackets_after_the_builder_keeps_the_builder() -> None:
    de = run("临岚货运枢纽项目由岚港交通投资集团（岚港交投）投资5.2亿元建设。岚港交投同时负责园区道路养护。")
    assert ("岚港交通投资集团", "临岚货运枢纽项目") in facts(de, "UNDERTAKES")
    firm = next(e for e in de.entities if e.name == "岚港交通投资集团")
    assert "岚港交投" in firm.aliases
    # a place in brackets after a name is no short name of it
    de = run("澄岚精工（青禾）有限公司投资建设精密轴承项目。")
    assert not any("青禾" in e.aliases for e in de.entities)


def test_a_project_opened_by_a_firm_short_name_the_report_names_in_full() -> None:
    de = run("物流园开工的项目是：宏瑞达冷链配送中心项目，投资方为宏瑞达供应链管理有限公司。")
    assert ("宏瑞达供应链管理有限公司", "宏瑞达冷链配送中心项目") in facts(de, "UNDERTAKES")
    assert "冷链配送中心项目" not in {e.name for e in de.entities}


def test_a_time_word_inside_a_zone_name() -> None:
    de = run("北塘现代物流园、东湖未来产业园两个片区同步开工。")
    assert {"北塘现代物流园", "东湖未来产业园"} <= {e.name for e in de.entities if e.type == "Zone"}


def test_a_short_name_that_runs_into_the_head_of_a_park_is_no_firm() -> None:
    de = run("在雁岭智造园，澄科精密有限公司投资建设精密结构件项目。")
    assert "雁岭智" not in {e.name for e in de.entities}
    assert ("雁岭智", "雁岭智造园") not in facts(de, "UNDERTAKES")


def test_a_park_that_frames_a_paragraph_with_zai_places_its_firms_and_projects() -> None:
    de = run("在雁岭智造园，澄科精密有限公司投资建设精密结构件项目；恒远电子有限公司总投资8亿元的覆铜板项目也于当天动工。\n"
             "北塘现代物流园开工的是两个项目：冷链中心项目和铁路专用线项目。")
    located = facts(de, "LOCATED_IN")
    assert {("澄科精密有限公司", "雁岭智造园"), ("恒远电子有限公司", "雁岭智造园"), ("覆铜板项目", "雁岭智造园"),
            ("冷链中心项目", "北塘现代物流园"), ("铁路专用线项目", "北塘现代物流园")} <= located


def test_the_project_a_clause_announces_is_funded_not_its_builder() -> None:
    de = run("第5个项目是园区中水回用工程，由岚汀水务有限公司实施，去年已获得地方政府专项债券资金0.8亿元支持。")
    assert facts(de, "FUNDED_BY") == {("园区中水回用工程", "地方政府专项债券")}


def test_a_bare_project_word_after_a_project_refers_to_it_a_counted_one_does_not() -> None:
    de = run("临岚货运枢纽项目由岚港物流有限公司建设，项目已争取到中央预算内资金6000万元。")
    assert facts(de, "FUNDED_BY") == {("临岚货运枢纽项目", "中央预算内资金")}
    de = run("临岚货运枢纽项目开工。全区共有12个项目获得中央预算内资金6000万元。")
    assert ("临岚货运枢纽项目", "中央预算内资金") not in facts(de, "FUNDED_BY")


def test_a_project_heading_then_its_builder_and_its_money_in_the_next_sentence() -> None:
    de = run("（一）青禾经济开发区北区污水处理厂扩建工程。项目业主为青禾水务发展有限公司，总投资2.1亿元，获中央预算内投资3200万元。\n"
             "（二）海湾公共实训基地项目。项目由青禾城市建设投资集团有限公司（以下简称“青禾城投”）建设，获中央预算内投资1800万元。\n"
             "（三）海湾冷链物流中心项目。该项目位于海湾食品产业园，业主为青禾农业发展有限公司，获超长期特别国债9000万元。")
    assert {("青禾水务发展有限公司", "青禾经济开发区北区污水处理厂扩建工程"), ("青禾城市建设投资集团有限公司", "海湾公共实训基地项目"),
            ("青禾农业发展有限公司", "海湾冷链物流中心项目")} <= facts(de, "UNDERTAKES")
    assert facts(de, "FUNDED_BY") == {("青禾经济开发区北区污水处理厂扩建工程", "中央预算内投资"), ("海湾公共实训基地项目", "中央预算内投资"),
                                      ("海湾冷链物流中心项目", "超长期特别国债")}


def test_grants_after_a_source_named_for_a_counted_set_and_update_projects() -> None:
    de = run("全区共有9个设备更新项目获得超长期特别国债支持，其中青禾精密液压阀组生产线设备更新项目获支持1260万元，"
             "海湾新能源电芯产线设备更新项目获支持2850万元。")
    assert facts(de, "FUNDED_BY") == {("青禾精密液压阀组生产线设备更新项目", "超长期特别国债"),
                                      ("海湾新能源电芯产线设备更新项目", "超长期特别国债")}


def test_a_firm_named_in_full_before_a_grant_under_a_source_heading_is_kept() -> None:
    de = run("（一）超长期特别国债。全年争取超长期特别国债3.2亿元，其中：青禾智造园标准厂房项目获得1.6亿元；"
             "青禾精工股份有限公司数控机床设备更新项目获得5600万元。")
    assert ("青禾精工股份有限公司", "数控机床设备更新项目") in facts(de, "UNDERTAKES")


def test_a_project_named_with_ji_is_one_holder_and_a_plural_refers_back() -> None:
    de = run("上述项目中，青禾保税区二期基础设施项目和海湾园区公共管廊及应急救援中心项目已列入2024年省重点建设项目名单。"
             "云帆机器人关节模组项目和星澜锂电正极材料项目分别位于海湾智造园和青禾保税区，两个项目均入选2024年度省重大产业项目名单。")
    honoured = facts(de, "RECEIVED_HONOUR")
    assert {("青禾保税区二期基础设施项目", "省重点建设项目"), ("海湾园区公共管廊及应急救援中心项目", "省重点建设项目"),
            ("云帆机器人关节模组项目", "省重大产业项目"), ("星澜锂电正极材料项目", "省重大产业项目")} <= honoured
    located = facts(de, "LOCATED_IN")
    assert {("云帆机器人关节模组项目", "海湾智造园"), ("星澜锂电正极材料项目", "青禾保税区")} <= located
    assert ("星澜锂电正极材料项目", "海湾智造园") not in located


def test_a_short_name_that_runs_into_an_industry_opens_no_firm() -> None:
    de = run("全年凤栖新材料产业园完成投资20亿元。")
    assert "凤栖新" not in {e.name for e in de.entities}


def test_a_table_rows_zone_cell_places_its_firm_and_project() -> None:
    de = run("附件：分配表\n序号 | 项目名称 | 承担单位 | 所在园区 | 金额(万元)\n"
             "1 | 云帆精密电驱壳体技改项目 | 青禾云帆精密机械有限公司 | 海湾智造园 | 680\n"
             "2 | 鹤鸣食品冷链中心项目 | 青禾鹤鸣食品有限公司 | 青禾经济开发区 | 500\n"
             "序号 企业名称 所在园区\n3 海湾卓宇电子有限公司 海湾化工园区\n")
    located = facts(de, "LOCATED_IN")
    assert {("云帆精密电驱壳体技改项目", "海湾智造园"), ("青禾云帆精密机械有限公司", "海湾智造园"),
            ("海湾卓宇电子有限公司", "海湾化工园区")} <= located
    assert ("青禾云帆精密机械有限公司", "青禾经济开发区") not in located


def test_an_item_counter_is_no_part_of_the_name_after_it() -> None:
    de = run("附件中第3项海湾光谷芯城标准厂房(三期)项目已获地方政府专项债券资金1.2亿元支持。")
    names = {e.name for e in de.entities}
    assert "海湾光谷芯城标准厂房(三期)项目" in names
    assert not any(n.startswith("项") for n in names)


def test_a_builder_field_later_in_a_project_row_builds_it() -> None:
    de = run("3. 苇塘园标准厂房三期工程 总投资2.4亿元 建设单位：青禾园区建设投资有限公司 施工单位：华建八局第三建设有限公司 进度：主体结顶\n")
    assert ("青禾园区建设投资有限公司", "苇塘园标准厂房三期工程") in facts(de, "UNDERTAKES")
    assert ("华建八局第三建设有限公司", "苇塘园标准厂房三期工程") not in facts(de, "UNDERTAKES")


def test_a_firm_named_after_the_zone_does_not_build_every_project_the_zone_names() -> None:
    de = run("青禾经开区建设发展有限公司负责园区道路养护。\n表3 上半年争取上级资金情况\n"
             "序号\t资金类别\t支持项目\t金额（万元）\n1\t超长期特别国债\t青禾经开区再生水利用工程\t6000\n")
    assert ("青禾经开区再生水利用工程", "超长期特别国债") in facts(de, "FUNDED_BY")
    assert not {(s, o) for s, o in facts(de, "UNDERTAKES") if o == "青禾经开区再生水利用工程"}


def test_a_county_department_named_alone_over_its_title_speaks_for_no_zone() -> None:
    de = extract_text(repair("柘岭县发展和改革局\n关于2025年度中央预算内投资项目实施情况的报告\n\n县人大常委会：\n"
                             "全县争取中央预算内投资1.2亿元。柘岭经济开发区污水处理厂扩建工程获得中央预算内投资4000万元。\n"), "t.txt")
    assert de.subject is None


def test_news_of_two_zones_listed_as_equals_has_no_subject() -> None:
    news = ("洽谈会柘岭专场签约20个项目\n本报讯 现场集中签约项目20个，签约项目主要落户柘岭高新技术产业开发区（以下简称柘岭高新区）"
            "和苇塘经济开发区两大平台。\n")
    assert extract_text(repair(news), "t.txt").subject is None
    # a zone's own report that names a partner zone after itself keeps its subject
    report = "柘岭高新技术产业开发区2024年工作总结\n柘岭高新技术产业开发区和苇塘经济开发区签订合作协议。\n"
    assert extract_text(repair(report), "t.txt").subject == "柘岭高新技术产业开发区"


def test_a_zone_placed_in_a_larger_zone_is_located_in_it() -> None:
    de = extract_text(repair("临溟化工园区2025年工作总结\n临溟化工园区位于临溟市滨江新区东部，规划面积26.5平方公里。\n"), "t.txt")
    assert ("临溟化工园区", "滨江新区") in facts(de, "LOCATED_IN")
    de = extract_text(repair("临溟化工园区2025年工作总结\n临溟化工园区位于临溟市东部，规划面积26.5平方公里。\n"), "t.txt")
    assert not facts(de, "LOCATED_IN")


def test_a_title_naming_an_area_of_a_zone_makes_the_area_the_subject_in_that_zone() -> None:
    de = extract_text(repair("澜柘新区临湖片区2023年工作报告\n片区下辖临湖智造产业园。晟达电子落户临湖智造产业园。\n"), "t.txt")
    assert de.subject == "临湖片区"
    assert {("临湖片区", "澜柘新区"), ("临湖智造产业园", "临湖片区"), ("晟达电子", "临湖智造产业园")} <= facts(de, "LOCATED_IN")


def test_a_speakers_we_is_the_zone_and_no_part_of_a_name() -> None:
    de = extract_text(repair("青禾经济技术开发区2025年工作会议讲话\n去年12月，我们和岚衡集团签了战略合作协议，双方合作开发南区产业新城。"
                             "咱们经开区去年被省市场监管局认定为省级知识产权示范园区。"), "t.txt")
    names = {e.name for e in de.entities}
    assert "岚衡集团" in names and not any(n.startswith(("我们", "和", "咱们")) or n.endswith("签了") for n in names)
    assert ("青禾经济技术开发区", "岚衡集团") in facts(de, "PARTNERS_WITH")
    assert ("青禾经济技术开发区", "省级知识产权示范园区") in facts(de, "RECEIVED_HONOUR")
    assert "南区产业新城" in names


def test_a_firm_before_yu_is_the_partner_even_unnamed_by_the_finder_or_after_an_adverb() -> None:
    de = run("鸿屿电缆与澜石大学签订产学研合作协议，双方共建特种电缆材料联合实验室。"
             "瑞昇药业同时与省医药工业研究院共建创新药物联合实验室。园区企业与岚石大学开展合作。"
             "上海静安区与县政府签订合作协议。")
    partners = facts(de, "PARTNERS_WITH")
    assert ("鸿屿电缆", "澜石大学") in partners and ("瑞昇药业", "省医药工业研究院") in partners
    assert ("青禾经济开发区", "澜石大学") not in partners  # (the firm signed, not the zone)
    assert not any(s in ("园区企业", "上海静安区") and o == "岚石大学" for s, o in partners)


def test_builders_listed_in_order_build_the_projects_listed_before() -> None:
    de = run("6月，北岸智造园集中签约年产6GWh储能电池PACK项目、年产50万台智能电表项目和新能源汽车精密结构件项目。"
             "上述三个项目的投资方均来自深圳，依次为驰曜新能源科技有限公司、睿岑仪表有限公司和永楷精密制造有限公司。")
    assert {("驰曜新能源科技有限公司", "年产6GWh储能电池PACK项目"), ("永楷精密制造有限公司", "新能源汽车精密结构件项目")} \
        <= facts(de, "UNDERTAKES")
    # (two builders for three projects: no order to follow)
    de = run("签约甲溪光伏组件项目、乙溪储能项目和丙溪氢能项目。投资方分别为驰曜新能源科技有限公司和睿岑仪表有限公司。")
    assert not any(s == "驰曜新能源科技有限公司" for s, _ in facts(de, "UNDERTAKES"))


def test_a_dated_placement_clause_after_the_project_places_it() -> None:
    located = facts(run("由其投资建设的12英寸晶圆级封装测试项目总投资45亿元，8月在溟湾智能制造产业园开工。"), "LOCATED_IN")
    assert ("12英寸晶圆级封装测试项目", "溟湾智能制造产业园") in located


def test_a_park_opening_a_clause_with_nei_holds_what_the_clauses_after_it_name() -> None:
    de = run("围绕新能源汽车零部件产业链，溟湾智能制造产业园内，项目业主为浙江金湾机电有限公司的新能源汽车电驱系统项目于6月开工建设。"
             "同在该园区内，由临湾汇达投资集团有限公司投资建设的汽车零部件标准厂房项目(一期)已竣工交付。")
    located = facts(de, "LOCATED_IN")
    assert {("浙江金湾机电有限公司", "溟湾智能制造产业园"), ("新能源汽车电驱系统项目", "溟湾智能制造产业园"),
            ("临湾汇达投资集团有限公司", "溟湾智能制造产业园"), ("汽车零部件标准厂房项目(一期)", "溟湾智能制造产业园")} <= located


def test_a_departments_report_zone_by_zone_places_each_aspects_firms_and_projects() -> None:
    text = ("澜汀县经信局2023年工作总结\n全县以澜汀经济开发区、澜汀高新技术产业园区和石沅工业园为主阵地。"
            "经开区方面，瑞澄锂电投资18亿元建设的年产3万吨正极材料项目投产；恒汀重工智能化改造项目完成设备安装。"
            "高新园区方面，星岫光电精密光学镜头产业化项目厂房已封顶。石沅工业园方面，鲜禾食品年产5万吨预制菜加工项目建成试产。")
    located = facts(extract_text(repair(text), "t.txt"), "LOCATED_IN")
    assert {("年产3万吨正极材料项目", "澜汀经济开发区"), ("恒汀重工智能化改造项目", "澜汀经济开发区"),
            ("星岫光电精密光学镜头产业化项目", "澜汀高新技术产业园区"),
            ("鲜禾食品年产5万吨预制菜加工项目", "石沅工业园")} <= located
    assert not any(z == "澜汀高新技术产业园区" for p, z in located if p.startswith(("恒汀", "年产3万吨")))


def test_a_zone_that_is_part_of_another_lies_in_it() -> None:
    text = ("栖鹭镇人民政府关于工业集中区建设情况的汇报\n今年以来，全镇以栖鹭镇工业集中区为主要载体。"
            "栖鹭镇工业集中区是澜岭经济开发区“一区四片”中的栖鹭片区，规划面积4.2平方公里。鹭冠机械年产5000台智能农机装备项目竣工投产。")
    de = extract_text(repair(text), "t.txt")
    assert ("栖鹭镇工业集中区", "澜岭经济开发区") in facts(de, "LOCATED_IN")
    assert ("鹭冠机械", "栖鹭镇工业集中区") in facts(de, "LOCATED_IN")


def test_priced_projects_arriving_one_after_the_other_in_listed_parks_pair_in_order() -> None:
    located = facts(run("总投资20亿元的华岫光电Mini LED背光模组项目、总投资15亿元的凯澜新能源储能电池PACK项目"
                        "相继签约落户梧岭装备制造产业园和滨岙新能源产业园。"), "LOCATED_IN")
    assert ("华岫光电Mini LED背光模组项目", "梧岭装备制造产业园") in located
    assert ("凯澜新能源储能电池PACK项目", "滨岙新能源产业园") in located
    assert ("凯澜新能源储能电池PACK项目", "梧岭装备制造产业园") not in located


def test_a_clause_with_its_own_subject_places_only_that_subject() -> None:
    de = run("4月举办线上集中签约活动，北辰微电子第三代半导体功率器件项目落户青梧智慧谷，华砺新材料碳纤维复合材料项目落户青梧新材料产业园。")
    located = facts(de, "LOCATED_IN")
    assert ("北辰微电子第三代半导体功率器件项目", "青梧智慧谷") in located
    assert ("华砺新材料碳纤维复合材料项目", "青梧新材料产业园") in located
    assert ("青梧智慧谷", "青梧新材料产业园") not in located
    assert ("北辰微电子第三代半导体功率器件项目", "青梧新材料产业园") not in located
    # (a short name referring back is no subject of its own)
    de = run("开发区与东澜大学签订合作协议，合作共建青禾化工新材料研究院，研究院已在青禾化工园挂牌运行。")
    assert ("青禾化工新材料研究院", "青禾化工园") in facts(de, "LOCATED_IN")


def test_a_park_the_sentence_relies_on_holds_what_it_names() -> None:
    located = facts(run("依托雁岙生物医药产业园，澜禾制药原料药绿色化改造项目通过竣工验收，博岙医疗一次性内窥镜生产线项目正式投产。"),
                    "LOCATED_IN")
    assert {("澜禾制药原料药绿色化改造项目", "雁岙生物医药产业园"), ("博岙医疗", "雁岙生物医药产业园")} <= located


def test_a_park_opening_a_sentence_after_qizhong_holds_the_firms_it_brings_in() -> None:
    located = facts(run("开发区下辖滨岙产业园和北岸产业园。其中，滨岙产业园通过“腾笼换鸟”等方式盘活闲置厂房12万平方米，"
                        "引进誉岙电子、朗岙包装等企业9家。"), "LOCATED_IN")
    assert {("誉岙电子", "滨岙产业园"), ("朗岙包装", "滨岙产业园")} <= located


def test_a_title_on_a_citys_zones_one_by_one_has_no_single_subject() -> None:
    text = ("项目扎堆开工投产 青梧各开发区一季度跑出“加速度”\n"
            "霁澜经济开发区1-3月在建项目41个。同样是抓项目，柘汀工业园区先后引进科硕精密、汇朗电机等6家配套企业。")
    de = extract_text(repair(text), "n.txt")
    assert de.subject is None
    assert ("科硕精密", "柘汀工业园区") in facts(de, "LOCATED_IN")
    # an addressee line (各园区、管委会各部门：) is no such title
    de = extract_text(repair("青禾高新技术产业开发区管理委员会关于表彰先进企业的决定\n各园区、管委会各部门：\n"
                             "云帆科技有限公司获评国家级绿色工厂。"), "d.txt")
    assert de.subject == "青禾高新技术产业开发区"


def test_fields_of_a_cooperation_and_teams_are_no_partners() -> None:
    de = run("根据协议，双方将在共建研发平台、联合培养人才和科技成果转化等方面开展全方位合作。"
             "随后，区内企业与高校团队进行了对接签约。")
    assert not facts(de, "PARTNERS_WITH")


def test_a_title_run_into_the_body_names_the_subject_and_its_department() -> None:
    body = ("版权声明:文档内容由网友上传\n\n沅汀数字经济产业园2023年度工作总结一、2023年工作成效2023年,产业园新入驻企业63家。"
            "园区与汐商银行签订战略合作协议，墨川信息获评国家级服务型制造示范企业。")
    de = extract_text(repair(body), "a.txt")
    assert de.subject == "沅汀数字经济产业园"
    # a county department's title under a document site's lines: no single zone
    body = ("上传者:lj****88 文档号:5204718 日期:2024-01-22\n— 1 / 5 —\n"
            "澜汀县经济和信息化局2023年工作总结一、工业经济运行情况。全县规上工业增加值增长8.2%，工业投资增长12.5%，"
            "澜汀经济开发区和青梧高新区完成产值120亿元。")
    assert extract_text(repair(body), "b.txt").subject is None


def test_a_supply_chain_project_is_the_project_of_the_firm_its_name_opens_with() -> None:
    de = run("双招双引取得突破，易华数字供应链先行区项目已完工，成功招引怡亚通供应链项目。")
    assert ("怡亚通", "怡亚通供应链项目") in facts(de, "UNDERTAKES")
    assert "怡亚通供应链" not in {e.name for e in de.entities if e.type == "Enterprise"}


def test_a_firm_known_by_its_short_name_opens_a_project_named_later() -> None:
    de = run("走访对接凯澜电子、远航智控等行业头部企业60余家。"
             "远航智控年产10万台工业机器人减速器项目已进入实质性洽谈阶段。")
    assert ("远航智控", "远航智控年产10万台工业机器人减速器项目") in facts(de, "UNDERTAKES")
    # the firm was only visited: no LOCATED_IN of its own
    assert ("远航智控", "青禾经济开发区") not in facts(de, "LOCATED_IN")


def test_a_park_named_by_a_project_is_that_project_not_a_zone_of_its_own() -> None:
    de = run("苍岭茶业集团茶叶精深加工产业园项目落户城东食品加工区。")
    assert ("苍岭茶业集团茶叶精深加工产业园项目", "城东食品加工区") in facts(de, "LOCATED_IN")
    assert not any(e.type == "Zone" and e.name.startswith("苍岭茶业") for e in de.entities)


def test_investment_phrases_after_a_declared_short_name_a_place_or_a_new_verb() -> None:
    de = run("澜峰储能科技有限公司（下称“澜峰储能”）投资建设的独立储能电站项目已于10月投入运行。"
             "绿川乳业在临沣工业园区新建年产10万吨液态奶生产线项目。"
             "众诚新材料股份有限公司完成年产1万吨锂电池负极材料技改项目。"
             "澄宇电子材料有限公司承担的高纯电子特气提纯关键技术研发项目列入省重点研发计划。")
    owned = facts(de, "UNDERTAKES")
    for firm, project in [("澜峰储能科技有限公司", "储能电站项目"), ("绿川乳业", "年产10万吨液态奶生产线项目"),
                          ("众诚新材料股份有限公司", "年产1万吨锂电池负极材料技改项目"),
                          ("澄宇电子材料有限公司", "技术研发项目")]:
        assert any(s == firm and o.endswith(project) for s, o in owned), (firm, project)
    # what a firm undertakes (承担的) is no honour it holds
    assert not any(e.type == "Honour" and e.name.endswith("研发项目") for e in de.entities)


def test_its_project_and_a_builder_after_two_clauses() -> None:
    de = run("启衡智能装备有限公司入选专精特新“小巨人”企业，其工业机器人减速器扩产项目完成投资4.2亿元。"
             "物流园一期项目总投资11.5亿元，获得政策性开发性金融工具资本金1.2亿元，由勐岚城投物流有限公司负责建设运营。"
             "园区与恒瑞达新能源科技有限公司签订投资协议，由该公司投资6.2亿元建设锂电池正极材料前驱体项目。")
    assert {("启衡智能装备有限公司", "工业机器人减速器扩产项目"), ("勐岚城投物流有限公司", "物流园一期项目"),
            ("恒瑞达新能源科技有限公司", "锂电池正极材料前驱体项目")} <= facts(de, "UNDERTAKES")
    # 其 before a project reaches no further back than its own sentence
    de = run("启衡智能装备有限公司落户园区。其工业机器人减速器扩产项目完成投资4.2亿元。")
    assert ("启衡智能装备有限公司", "工业机器人减速器扩产项目") not in facts(de, "UNDERTAKES")


def test_a_heading_number_is_no_part_of_a_funded_project_and_a_theme_is_no_partner() -> None:
    de = run("三、资金争取\n（3）生物创新药中试基地工程获批政府专项债券2亿元；\n(六)数字化转型和产学研合作深入推进。")
    assert ("生物创新药中试基地工程", "政府专项债券") in facts(de, "FUNDED_BY")
    assert not any(e.name.startswith(("（", "(")) or e.name == "数字化转型" for e in de.entities)


def test_firms_an_incubator_hosts_are_in_it() -> None:
    de = run("共建的研究院于9月揭牌运行,首批入驻科研团队6个。青禾创新港获批国家级科技企业孵化器,在孵企业达87家,"
             "其中云帆智能科技、澜芯微电子入选省科技型中小企业培育库。")
    assert {("云帆智能科技", "青禾创新港"), ("澜芯微电子", "青禾创新港")} <= facts(de, "LOCATED_IN")


def test_a_firm_whose_trade_jieba_cut_opens_its_project() -> None:
    de = run("北辰微电子功率器件项目落户青梧智慧谷,华砺新材料碳纤维复合材料项目落户青梧新材料产业园。"
             "翠岙竹业投资3.6亿元的竹纤维新材料项目主体完工。")
    assert {("华砺新材料", "华砺新材料碳纤维复合材料项目"), ("翠岙竹业", "竹纤维新材料项目")} <= facts(de, "UNDERTAKES")
    # a place's park of that trade opens no firm
    de = run("凤栖新材料产业园新入驻企业12家。")
    assert not any(e.type == "Enterprise" for e in de.entities)


def test_a_short_firm_of_a_trade_opens_its_project_but_a_product_or_a_place_does_not() -> None:
    de = run("锦程机械精密铸件项目、华鑫包装绿色包装材料项目等6个项目集中开工。")
    assert ("华鑫包装", "华鑫包装绿色包装材料项目") in facts(de, "UNDERTAKES")
    de = run("矿山装备再制造项目、高性能碳纤维复合材料项目、青禾大数据中心项目开工。")
    assert facts(de, "UNDERTAKES") == set()


def test_a_firm_signing_by_its_short_name_and_a_college_whose_discipline_holds_yu() -> None:
    de = run("霁原新材料科技有限公司落户园区。园区与汀澜大学材料科学与工程学院签订产学研合作协议;"
             "霁原新材料与朔辰石英集团签订战略合作协议,在高纯石英提纯技术方面开展合作。")
    assert facts(de, "PARTNERS_WITH") == {("青禾经济开发区", "汀澜大学材料科学与工程学院"),
                                          ("霁原新材料科技有限公司", "朔辰石英集团")}
    # the zone's own company's short name is the zone signing
    de = run("青禾经开区建设发展有限公司负责园区道路建设。经开区与澜港集团签订战略合作协议。")
    assert facts(de, "PARTNERS_WITH") == {("青禾经济开发区", "澜港集团")}


def test_a_project_is_where_its_sentence_places_its_builder() -> None:
    de = run("位于滨湖新材料产业园的汀鹭化纤股份有限公司投资9.6亿元的年产8万吨差别化纤维项目于5月开工。")
    located = facts(de, "LOCATED_IN")
    assert ("汀鹭化纤股份有限公司", "滨湖新材料产业园") in located
    assert ("年产8万吨差别化纤维项目", "滨湖新材料产业园") in located


def test_an_adverb_of_a_second_placement_opens_the_placing_clause() -> None:
    de = run("云栖光电年产500万片背光模组项目总投资3.2亿元，同样落地南湖智造园。")
    assert ("云栖光电年产500万片背光模组项目", "南湖智造园") in facts(de, "LOCATED_IN")


def test_a_project_referred_back_to_as_the_foregoing_gets_its_grant() -> None:
    de = run("汀岚再生资源综合利用项目主体完工，总投资6.2亿元。前述项目获得省级循环经济发展专项资金300万元。"
             "四是少数项目业主资金筹措困难。")
    assert ("汀岚再生资源综合利用项目", "循环经济发展专项资金") in facts(de, "FUNDED_BY")
    assert not any(e.name in ("前述项目", "少数项目") for e in de.entities)


def test_a_parks_firm_named_after_it_is_the_recipient_and_is_in_it() -> None:
    de = run("兑现制造业奖补资金900万元，其中，北屿数字产业园企业云汐信息获得215万元。园区企业全年争取信用贷款2亿元。")
    assert ("云汐信息", "制造业奖补资金") in facts(de, "FUNDED_BY")
    assert ("云汐信息", "北屿数字产业园") in facts(de, "LOCATED_IN")
    assert not any("企业" in e.name for e in de.entities)


def test_a_short_name_ending_in_xincai_is_a_firm() -> None:
    de = run("澜沅新材投资12亿元建设年产6万吨生物基尼龙项目。渚岭碳素获评市级专精特新企业。")
    assert ("澜沅新材", "年产6万吨生物基尼龙项目") in facts(de, "UNDERTAKES")
    assert any(e.name == "渚岭碳素" and e.type == "Enterprise" for e in de.entities)


def test_a_facility_a_firm_builds_is_its_project_but_a_leveled_title_is_not() -> None:
    de = run("瑞汀生物投资8.6亿元建设抗体药物生产基地，目前洁净车间已进入装修阶段。"
             "年内，由汀岳机器人投资建设的工业机器人整机生产基地完成设备安装。星岚数据建成省级企业技术中心。")
    undertaken = facts(de, "UNDERTAKES")
    assert ("瑞汀生物", "抗体药物生产基地") in undertaken
    assert ("汀岳机器人", "工业机器人整机生产基地") in undertaken
    assert not any(s == "星岚数据" for s, _ in undertaken)
