"""Entity resolution within a document and across the corpus."""

from __future__ import annotations

from kg.extract.entities import EntityMention
from kg.extract.types import Mention
from kg.model import DocExtraction, Entity, Evidence, Relation
from kg.resolve import merge_mentions, resolve


def em(name: str, etype: str = "Enterprise", kind: str = "") -> EntityMention:
    return EntityMention(etype, name, Mention(name, 0, len(name)), kind)


def entity(merged, name: str) -> Entity:
    (e,) = [e for e in merged.entities if e.name == name]
    return e


def test_short_and_group_forms_are_one_firm() -> None:
    merged = merge_mentions([em("临川集团", kind="group"), em("临川"), em("x临川")], None)
    firm = entity(merged, "临川集团")
    assert {"临川", "x临川"} <= set(firm.aliases)
    assert merged.canonical("臨川") == "临川集团"


def test_no_entity_name_keeps_a_space_from_the_text() -> None:
    """An extractor that took a scraped space into a name (`` 贴息贷款``) does not make
    it the entity's name or an alias."""
    merged = merge_mentions([em(" 贴息贷款", "FundingSource"), EntityMention("Enterprise", "临川 ", Mention("临川 ", 0, 3), "")],
                            None)
    assert sorted((e.name, e.aliases) for e in merged.entities) == [("临川", ()), ("贴息贷款", ())]
    assert merged.canonical(" 贴息贷款") == "贴息贷款"


def test_a_scraped_space_between_chinese_characters_leaves_a_name() -> None:
    merged = merge_mentions([em("博远 智能"), em("Mini LED显示模组项目", "Project")], None)
    assert sorted(e.name for e in merged.entities) == ["Mini LED显示模组项目", "博远智能"]


def test_firms_sharing_a_prefix_stay_apart() -> None:
    merged = merge_mentions([em("临川"), em("临川金泰")], None)
    assert {e.name for e in merged.entities} == {"临川", "临川金泰"}


def test_short_name_with_its_trade_is_one_firm() -> None:
    merged = merge_mentions([em("拓云", kind="company"), em("拓云网络", kind="industry")], None)
    assert [e.name for e in merged.entities if e.type == "Enterprise"] == ["拓云网络"]


def test_branded_park_and_its_full_name_are_one_zone() -> None:
    merged = merge_mentions([em("青谷", "Zone", "sub"), em("青谷环保产业园", "Zone", "sub")], None)
    assert [e.name for e in merged.entities] == ["青谷环保产业园"]


def test_zone_and_its_sub_park_stay_apart() -> None:
    merged = merge_mentions([em("青禾经济开发区", "Zone", "peer"), em("青禾经济开发区星桥孵化器", "Zone", "sub")], None)
    assert len(merged.entities) == 2


def test_subject_is_a_zone_even_as_a_bare_word() -> None:
    merged = merge_mentions([], "开发区")
    assert merged.entities == [Entity("开发区", "Zone", ())]


def doc(name: str, entities: list[Entity], relations: list[Relation] = ()) -> DocExtraction:  # type: ignore[assignment]
    return DocExtraction(name, None, tuple(entities), tuple(relations))


def rel(s: str, p: str, o: str, d: str) -> Relation:
    return Relation(s, p, o, Evidence(d, f"{s}{o}", 0, 2, 0, 2))


def test_corpus_merges_same_name_and_long_aliases_only() -> None:
    a = doc("a.txt", [Entity("云帆科技有限公司", "Enterprise", ("云帆科技",)), Entity("临川", "Enterprise")])
    b = doc("b.txt", [Entity("云帆科技", "Enterprise"), Entity("临川", "Enterprise", ("临川",))])
    c = doc("c.txt", [Entity("临川重工", "Enterprise", ("临川",))])
    pg = resolve([a, b, c])
    names = sorted(n.name for n in pg.nodes)
    # 云帆科技 is a 4-character alias: enough to merge; 临川 (2 chars) never merges 临川重工.
    assert names.count("临川") == 1 and "临川重工" in names
    yunfan = [n for n in pg.nodes if "云帆科技" in (n.name, *n.aliases)]
    assert len(yunfan) == 1 and yunfan[0].docs == ("a.txt", "b.txt")


def test_ids_are_stable_and_edges_per_document() -> None:
    a = doc("a.txt", [Entity("云帆科技", "Enterprise"), Entity("国家级绿色工厂", "Honour")],
            [rel("云帆科技", "RECEIVED_HONOUR", "国家级绿色工厂", "a.txt")])
    b = doc("b.txt", [Entity("云帆科技", "Enterprise"), Entity("国家级绿色工厂", "Honour")],
            [rel("云帆科技", "RECEIVED_HONOUR", "国家级绿色工厂", "b.txt")])
    one, two = resolve([a, b]), resolve([b, a])
    assert one == two
    assert len(one.nodes) == 2 and len(one.edges) == 2
    assert {e.evidence.doc for e in one.edges} == {"a.txt", "b.txt"}


def test_bare_zone_words_of_two_reports_are_two_zones() -> None:
    a = doc("a.txt", [Entity("开发区", "Zone"), Entity("云帆科技", "Enterprise")],
            [rel("云帆科技", "LOCATED_IN", "开发区", "a.txt")])
    b = doc("b.txt", [Entity("开发区", "Zone", ("经济技术开发区",)), Entity("临川重工", "Enterprise")],
            [rel("临川重工", "LOCATED_IN", "开发区", "b.txt")])
    pg = resolve([a, b])
    zones = [n for n in pg.nodes if n.type == "Zone"]
    assert len(zones) == 2 and {z.docs for z in zones} == {("a.txt",), ("b.txt",)}
    assert len({e.target for e in pg.edges}) == 2


def test_projects_differing_by_gongcheng_or_xiangmu_are_one() -> None:
    merged = merge_mentions([em("星湖园二期工程基础设施项目", "Project"), em("星湖园二期基础设施项目", "Project"),
                             em("岚湖路白改黑", "Project"), em("岚湖路白改黑工程", "Project")], None)
    assert sorted(e.name for e in merged.entities) == ["岚湖路白改黑工程", "星湖园二期工程基础设施项目"]
    assert merged.canonical("星湖园二期基础设施项目") == "星湖园二期工程基础设施项目"


def test_short_projects_are_not_merged_on_their_core() -> None:
    merged = merge_mentions([em("一期工程", "Project"), em("一期项目", "Project")], None)
    assert len(merged.entities) == 2


def test_short_development_zone_and_doubled_word_are_the_zone() -> None:
    merged = merge_mentions([em("云岭经济开发区", "Zone", "peer"), em("云岭开发区", "Zone", "peer"),
                             em("云岭云岭开发区", "Zone", "peer")], None)
    assert [e.name for e in merged.entities] == ["云岭经济开发区"]
    assert {"云岭开发区", "云岭云岭开发区"} <= set(merged.entities[0].aliases)


def test_development_zones_of_different_places_stay_apart() -> None:
    merged = merge_mentions([em("云岭经济开发区", "Zone", "peer"), em("星湖开发区", "Zone", "peer")], None)
    assert len(merged.entities) == 2


def test_honour_with_a_trailing_unit_word_is_the_same_honour() -> None:
    merged = merge_mentions([em("星湖美丽园区试点单位", "Honour"), em("星湖美丽园区试点", "Honour")], None)
    assert len(merged.entities) == 1


def test_anaphora_or_grade_mention_is_no_honour_alias() -> None:
    grade = EntityMention("Honour", "全市工会集体协商竞赛", Mention("三等奖", 0, 3), "honour")
    again = EntityMention("Honour", "全市工会集体协商竞赛", Mention("此殊荣", 5, 8), "honour")
    longer = EntityMention("Honour", "省级绿色工厂", Mention("省级绿色工厂称号", 9, 17), "honour")
    merged = merge_mentions([grade, again, longer], None)
    known = {n for e in merged.entities for n in (e.name, *e.aliases)}
    assert not ({"三等奖", "此殊荣"} & known)
    assert "省级绿色工厂称号" in known


def test_short_reference_to_a_longer_project_is_that_project() -> None:
    merged = merge_mentions([em("20万吨/年高性能树脂一体化项目", "Project"), em("高性能树脂一体化", "Project"),
                             em("二期厂房", "Project"), em("云帆电机二期厂房", "Project")], None)
    names = sorted(e.name for e in merged.entities)
    assert names == ["20万吨/年高性能树脂一体化项目", "二期厂房", "云帆电机二期厂房"]  # 二期厂房: too short to tell


def test_firms_cluster_as_same_firm_pairs_them() -> None:
    """_cluster_firms works each firm's core out once (not per pair) and tests a pair
    only while its longer name is unmerged: the clusters are those same_firm makes,
    each longer name joining the first shorter name it is the same firm as."""
    from kg.resolve import same_firm

    names = ["临川", "临川集团", "山东临川", "临川金泰", "临川金泰有限公司", "华源新材", "安徽华源新材料股份有限公司",
             "拓云", "拓云网络", "星岚公司", "星岚集团"]
    merged = merge_mentions([em(n) for n in names], None)
    ordered = sorted(names, key=lambda k: (len(k), k))
    root = {n: n for n in ordered}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if root[b] == b and same_firm(a, b):
                root[b] = root[a]
    clusters: dict[str, set[str]] = {}
    for n in ordered:
        top = n
        while root[top] != top:
            top = root[top]
        clusters.setdefault(top, set()).add(n)
    assert sorted(sorted({e.name, *e.aliases}) for e in merged.entities) == sorted(sorted(c) for c in clusters.values())


def test_a_short_name_is_the_legal_name_less_a_trade_word() -> None:
    from kg.resolve import same_firm

    assert same_firm("科睿传感", "科睿传感技术有限公司")
    assert not same_firm("临工", "临工金利")  # (two characters: too short to tell)


def test_a_legal_name_with_a_bracketed_place_and_its_short_name_are_one_firm() -> None:
    """卓锐传感技术（澜州）有限公司 is 卓锐传感 (the key of a name loses its brackets:
    the place inside them must still be dropped from the legal name's core)."""
    merged = merge_mentions([em("卓锐传感技术（岚州）有限公司", kind="legal"), em("卓锐传感")], None)
    assert [(e.name, e.aliases) for e in merged.entities] == [("卓锐传感技术（岚州）有限公司", ("卓锐传感",))]


def test_a_short_name_of_brand_and_last_trade_word_is_the_legal_name() -> None:
    merged = merge_mentions([em("岚州宏纺纺织印染有限公司", kind="legal"), em("宏纺印染"), em("宏纺新材料有限公司", kind="legal")], None)
    assert sorted((e.name, e.aliases) for e in merged.entities) == [
        ("宏纺新材料有限公司", ()), ("岚州宏纺纺织印染有限公司", ("宏纺印染",))]
