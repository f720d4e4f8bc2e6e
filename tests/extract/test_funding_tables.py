"""FUNDED_BY from funding tables flattened to text (fictional notices and reports)."""

from __future__ import annotations

from kg.extract import extract_text
from kg.repair import repair


def _funded(text: str) -> list[tuple[str, str, str | None, float | None]]:
    de = extract_text(repair(text), "t.txt")
    return sorted((r.s, r.o, r.amount, r.value_yuan) for r in de.relations if r.p == "FUNDED_BY")


def _relation(text: str, s: str) -> dict[str, object]:
    de = extract_text(repair(text), "t.txt")
    (r,) = [r for r in de.relations if r.p == "FUNDED_BY" and r.s == s]
    return {"o": r.o, "year": r.year, "batch": r.batch, "level": r.level, "evidence": r.evidence.sentence}


NOTICE = """岚江省财政厅关于下达2025年省级园区提质增效专项资金(第一批)的通知

各设区市财政局：现将专项资金下达给你们，具体项目见附件。

附件：2025年省级园区提质增效专项资金(第一批)分配表

序号 | 项目名称 | 承担单位 | 所在园区 | 金额(万元)
1 | 柘岭精工数控刀具扩产项目 | 岚江柘岭精工有限公司 | 柘岭经济开发区 | 460
2 | 苇塘园区公共检测中心 | 苇塘工业园区管理委员会 | 苇塘工业园区 | 300
合计 | | | | 760

岚江省财政厅
"""


def test_a_titled_table_funds_each_row_project_with_its_amount_in_the_header_unit() -> None:
    assert _funded(NOTICE) == [
        ("柘岭精工数控刀具扩产项目", "园区提质增效专项资金", "460万元", 4_600_000.0),
        ("苇塘园区公共检测中心", "园区提质增效专项资金", "300万元", 3_000_000.0),
    ]
    # the title's year, batch and level qualify every row; the row is the evidence
    assert _relation(NOTICE, "苇塘园区公共检测中心") == {
        "o": "园区提质增效专项资金", "year": 2025, "batch": "第一批", "level": "provincial",
        "evidence": "2 | 苇塘园区公共检测中心 | 苇塘工业园区管理委员会 | 苇塘工业园区 | 300"}


def test_an_introduced_table_funds_the_zone_of_each_row() -> None:
    text = ("岚江省2024年度开发区考核结果通报\n"
            "省财政安排开发区考核激励资金900万元，对受表彰的开发区给予奖励。激励资金统筹用于平台建设。具体分配如下：\n"
            "开发区名称 | 获得称号 | 激励资金(万元)\n"
            "柘岭经济开发区 | 先进园区 | 500\n"
            "苇塘工业园区 | 争先进位奖 | 400\n")
    assert _funded(text) == [
        ("柘岭经济开发区", "开发区考核激励资金", "500万元", 5_000_000.0),
        ("苇塘工业园区", "开发区考核激励资金", "400万元", 4_000_000.0),
    ]


def test_a_source_column_names_each_rows_source_even_with_its_row_number_glued() -> None:
    # (the repair turns the tabs into spaces and glues 1 to the cell after it)
    text = ("柘岭经济开发区2024年上半年工作总结\n上半年争取上级资金情况如下：\n\n表3 上半年争取上级资金情况\n"
            "序号\t资金类别\t支持项目\t金额（万元）\n"
            "1\t超长期特别国债\t柘岭经开区再生水利用工程\t6000\n"
            "2\t地方政府专项债券\t柘岭经开区应急消防站\t1200\n")
    assert _funded(text) == [
        ("柘岭经开区再生水利用工程", "超长期特别国债", "6000万元", 60_000_000.0),
        ("柘岭经开区应急消防站", "地方政府专项债券", "1200万元", 12_000_000.0),
    ]


def test_a_table_of_investments_funds_nothing() -> None:
    text = ("柘岭经济开发区2024年工作总结\n附件：2024年园区重点项目计划表\n"
            "序号 | 项目名称 | 建设单位 | 总投资(万元)\n"
            "1 | 柘岭精工数控刀具扩产项目 | 岚江柘岭精工有限公司 | 46000\n")
    assert _funded(text) == []


def test_a_title_with_a_category_and_a_caption_unit_names_the_bond() -> None:
    text = ("柘岭县发展和改革局2025年工作总结\n表1 2025年柘岭县产业园区类地方政府专项债券项目资金安排表（单位：万元）\n"
            "序号 项目名称 建设单位 所在园区 资金额\n"
            "1 柘岭经济开发区标准化厂房（三期）项目 柘岭经开区建设发展有限公司 柘岭经济开发区 8500\n"
            "合计 8500\n")
    assert _funded(text) == [("柘岭经济开发区标准化厂房（三期）项目", "地方政府专项债券", "8500万元", 85_000_000.0)]


def test_a_source_column_with_amounts_funds_each_named_source_of_a_rows_project() -> None:
    from kg.extract import extract_text
    from kg.repair import repair

    raw = ("汐岙高新区2022年重点项目建设进展情况\n附件：重点项目进展情况表\n序号\n项目名称\n建设单位\n建设地点\n资金来源\n进展情况\n"
           "一、续建项目（2个）\n"
           "1\n汐岙新能源装备产业园二期\n汐岙城市建设投资有限公司\n汐岙新能源装备产业园\n专项债券20000万元、企业自筹\n12栋厂房主体完工\n"
           "二、新开工项目（1个）\n"
           "2\n智能网联汽车测试场\n汐岙高新区管委会\n东湖片区\n中央预算内资金3000万元、专项债券15000万元\n测试道路完成路基施工\n")
    de = extract_text(repair(raw), "t.txt")
    funded = {(r.s, r.o, r.amount) for r in de.relations if r.p == "FUNDED_BY"}
    assert funded == {("智能网联汽车测试场", "中央预算内资金", "3000万元"), ("智能网联汽车测试场", "专项债券", "15000万元"),
                      ("汐岙新能源装备产业园二期", "专项债券", "20000万元")}
    assert ("汐岙城市建设投资有限公司", "汐岙新能源装备产业园二期") in {(r.s, r.o) for r in de.relations if r.p == "UNDERTAKES"}


def test_a_space_split_table_keeps_its_cells_apart_where_a_number_meets_a_name() -> None:
    # (a number and a cell after it are no amount and its unit: the space between stays)
    text = ("柘岭经济开发区2021年工作总结\n部分项目资金安排情况如下:\n"
            "序号 项目名称 建设单位 总投资(亿元) 争取资金(万元) 资金来源\n"
            "1 柘岭智能终端产业园一期 柘岭城投集团 8.6 15000 地方政府专项债券\n"
            "2 柘岭经开区公共实训基地 柘岭职业技术学院 1.1 2000 中央预算内投资\n")
    assert _funded(text) == [
        ("柘岭智能终端产业园一期", "地方政府专项债券", "15000万元", 150_000_000.0),
        ("柘岭经开区公共实训基地", "中央预算内投资", "2000万元", 20_000_000.0),
    ]
    assert repair("总投资42 亿元,2023 年建成").text == "总投资42亿元,2023年建成"


def test_a_table_split_by_the_radical_gun_as_a_bar() -> None:
    text = ("青梧县发展和改革局2024年资金工作情况\n下达地方政府专项债券资金，具体如下：\n"
            "项目名称丨建设单位丨额度（亿元）\n"
            "青梧冷链物流园丨青梧交投供应链有限公司丨1.6\n"
            "桐溪镇工业集中区基础设施提升工程丨桐溪镇人民政府丨0.9\n")
    assert _funded(text) == [
        ("桐溪镇工业集中区基础设施提升工程", "地方政府专项债券", "0.9亿元", 90_000_000.0),
        ("青梧冷链物流园", "地方政府专项债券", "1.6亿元", 160_000_000.0),
    ]
