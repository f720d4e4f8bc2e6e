"""Entity heads, left edges, masks, generic names and enumerations (fictional sentences)."""

from __future__ import annotations

import pytest

from kg.extract import entities
from kg.extract.entities import find_all


def names(text: str, etype: str) -> set[str]:
    return {m.name for m in find_all(text, [(0, len(text))]) if m.type == etype}


# fmt: off
@pytest.mark.parametrize(("text", "etype", "expected"), [
    ("启动青禾大道东延工程。", "Project", {"青禾大道东延工程"}),
    ("投资50亿元的星河锂电池负极材料及关联项目签约落地。", "Project", {"星河锂电池负极材料及关联项目"}),
    ("云帆科技有限公司年产50万套智能传感器项目开工。", "Project", {"年产50万套智能传感器项目"}),
    ("推进40万吨/年高性能树脂一体化项目建设。", "Project", {"40万吨/年高性能树脂一体化项目"}),
    ("完成星桥孵化器1#厂房改造工程。", "Zone", {"星桥孵化器"}),
    ("青禾经济开发区召开大会。", "Zone", {"青禾经济开发区"}),
    ("云帆科技有限公司投产。", "Enterprise", {"云帆科技有限公司"}),
    ("海岚电子、临川重工等3家企业获得奖励。", "Enterprise", {"海岚电子", "临川重工"}),
    ("x临川集团获评示范企业。", "Enterprise", {"临川集团"}),
    ("施岚公司获批绿色工厂。", "Enterprise", {"施岚"}),
    ("区属平台公司青禾城投集团有限公司完成投资。", "Enterprise", {"青禾城投集团有限公司"}),
    ("推进高端五轴数控机床及功能部件项目。", "Project", {"高端五轴数控机床及功能部件项目"}),
    ("投资8亿元建设的冷链物流中心项目落户临港物流园。", "Project", {"冷链物流中心项目"}),
    ("知微视觉、澄远数据等一批企业相继入驻。", "Enterprise", {"知微视觉", "澄远数据"}),
    ("禾穗米业投资1.2亿元的稻米加工项目开工，丰岭菌业、美澜灯饰入驻。", "Enterprise", {"禾穗米业", "丰岭菌业", "美澜灯饰"}),
    ("华芯微电子12英寸功率器件晶圆制造项目进入设备调试阶段。", "Project", {"华芯微电子12英寸功率器件晶圆制造项目"}),
    ("曜龙光电第6代柔性显示模组生产线项目完成设备搬入。", "Project", {"曜龙光电第6代柔性显示模组生产线项目"}),
    ("南岸新材料产业园、临港物流园和云澧科创孵化园功能日益完善。", "Zone", {"临港物流园", "云澧科创孵化园"}),
    ("（三）临沣工业园区\n临沣工业园区完成产值。", "Zone", {"临沣工业园区"}),
    ("4月，投资10亿元的诺璟光电年产500万片车载显示模组项目正式签约落地。", "Enterprise", {"诺璟光电"}),
    ("引进三禾食品5万吨果蔬深加工项目。德资企业Keller传感入驻合作园。区内企业澄明光电投产。", "Enterprise",
     {"三禾食品", "Keller传感", "澄明光电"}),
    ("红柳滩煤化工片区加快建设，云台东园、凤岭西园和栖凤科创孵化中心入驻率提升。", "Zone",
     {"红柳滩煤化工片区", "云台东园", "凤岭西园", "栖凤科创孵化中心"}),
    ("泓泰储能10万千瓦/20万千瓦时共享储能电站并网。", "Project", {"泓泰储能10万千瓦/20万千瓦时共享储能电站"}),
    ("开发区临溪新能源产业园入驻企业12家，开发区绿野公司投产。", "Zone", {"临溪新能源产业园"}),
    ("（一）江屿经济技术开发区。经开区全年完成产值。", "Zone", {"江屿经济技术开发区"}),
    ("重点承接卓宇精密等龙头企业的配套项目。走访凯晟电子、远航智控等企业。", "Enterprise", {"卓宇精密", "远航智控"}),
    ("市属企业江屿港务集团完成改造。四是深化与华川移动等企业合作。", "Enterprise", {"江屿港务集团", "华川移动"}),
    ("项目选址澄东精密制造园；云岭生物医药园新引进项目9个，临沣精密机械产业专区揭牌。", "Zone",
     {"澄东精密制造园", "云岭生物医药园", "临沣精密机械产业专区"}),
    ("落户鹭川高新技术产业开发区星湖科创城的青禾·鹭川科创飞地。", "Zone", {"星湖科创城", "鹭川高新技术产业开发区", "青禾·鹭川科创飞地"}),
    ("云岫街道（云岫科技园）2023年工作总结", "Zone", {"云岫科技园"}),
    ("汇智大厦内衡芯微电子、禾弦科技获评。", "Enterprise", {"衡芯微电子"}),
    ("授予枫溆高新区、苍梧山工业园区“先进单位”称号。", "Zone", {"枫溆高新区", "苍梧山工业园区"}),
    ("位于云溪光谷产业园的博远光电光学镜片扩产项目主体封顶。", "Project", {"博远光电光学镜片扩产项目"}),
    ("澜峰机械增资扩产项目投产，绿岭食品提质增效项目完工。", "Project", {"澜峰机械增资扩产项目", "绿岭食品提质增效项目"}),
    ("11月，瀚舟供应链投资8亿元建设的冷链物流中心项目落户临港物流园。", "Enterprise", {"瀚舟供应链"}),
    ("澄禾医药研发总部项目落户梧汀生物医药港，鹭湾科创港新入驻企业12家。", "Zone", {"梧汀生物医药港", "鹭湾科创港"}),
    ("位于东湖片区和汐澜生物医药港的项目开工。", "Zone", {"东湖片区", "汐澜生物医药港"}),
    ("区内孵化载体青岚创新港获评国家级科技企业孵化器。", "Zone", {"青岚创新港"}),
])
def test_names_found(text: str, etype: str, expected: set[str]) -> None:
    assert expected <= names(text, etype)
# fmt: on


# fmt: off
@pytest.mark.parametrize(("text", "etype", "absent"), [
    ("全年新开工重点项目12个，省级技改项目8个。", "Project", {"重点项目", "省级技改项目", "技改项目"}),
    ("积极参与开发区项目谋划。", "Project", {"开发区项目", "积极参与开发区项目"}),
    ("不断完善高新区配套。", "Zone", {"不断完善高新区"}),
    ("xx汽车产业园开工。", "Zone", {"汽车产业园", "xx汽车产业园"}),
    ("组建专业招商公司。", "Enterprise", {"专业招商", "招商"}),
    ("聚焦智能制造、新能源汽车等产业。", "Enterprise", {"智能制造", "新能源汽车"}),
    ("推动工程机械产业升级。", "Project", {"工程"}),
    ("主导产业为船舶配套和港口物流，共同开设船舶焊接、船舶电气订单班。", "Enterprise", {"港口物流", "船舶电气"}),
    ("区属平台公司青禾城投集团有限公司完成投资。", "Enterprise", {"区属平台", "区属平台公司青禾城投集团有限公司"}),
    ("围绕打造千亿级新材料产业园目标。", "Zone", {"级新材料产业园", "新材料产业园"}),
    ("另有12个项目纳入国债储备项目库，制定上级资金项目管理办法。", "Project", {"国债储备项目", "上级资金项目"}),
    ("青岚经济技术开发区工作总结。9月，青岚化工集中区被认定为省级化工园区。", "Enterprise", {"青岚化工"}),
    ("临港物流园和云澧科创孵化园功能日益完善。", "Zone", {"临港物流园和云澧科创孵化园"}),
    ("市属企业江屿港务集团完成改造。四是深化与华川移动等企业合作。", "Enterprise", {"深化", "市属企业江屿港务集团"}),
    ("构建“众创空间—孵化器—加速器—产业园”全链条孵化体系。", "Zone", {"众创空间—孵化器—加速器—产业园", "众创空间—孵化器"}),
    ("做好六稳重大工程，推进一区一创项目，MEMS传感器晶圆级封测基地开工。", "Enterprise", {"MEMS传感"}),
    ("做好六稳重大工程，推进一区一创项目。", "Project", {"六稳重大工程", "一创项目"}),
    ("加快集中建设标准厂房，一期装置已完成中交。", "Enterprise", {"中建", "中交"}),
    ("构建创新中心+孵化器模式。", "Zone", {"中心+孵化器", "创新中心+孵化器"}),
    ("（一）江屿经济技术开发区。经开区全年完成产值。", "Zone", {"）江屿经济技术开发区"}),
    ("位于县城南片区的云帆食品冷链仓储中心项目完成立项。", "Zone", {"县城南片区"}),
    ("年内新上项目12个，大型煤化工项目加快推进，输变电工程开工。", "Project", {"新上项目", "大型煤化工项目", "输变电工程"}),
    ("中试基地由锐芯微电子有限公司牵头建设，项目由青禾城建投资有限公司投资。", "Enterprise", {"由锐芯微电子有限公司", "由青禾城建投资有限公司"}),
    ("盘活3宗闲置厂房，利用存量厂房，单笔最大项目落地。", "Project", {"宗闲置厂房", "闲置厂房", "存量厂房", "单笔最大项目"}),
    ("青禾经济开发区新材料产业园开工。", "Zone", {"新材料产业园"}),
    ("云岫街道（云岫科技园）2023年工作总结", "Zone", {"云岫街道（云岫科技园"}),
    ("推动企业扩产项目开工，企业技改扩产项目10个。", "Project", {"企业扩产项目", "企业技改扩产项目", "扩产项目"}),
    ("位于东湖片区和汐澜生物医药港的项目开工。", "Zone", {"东湖片区和汐澜生物医药港"}),
    ("区内孵化载体青岚创新港获评国家级科技企业孵化器。", "Zone", {"孵化载体青岚创新港", "载体青岚创新港"}),
])
def test_generic_or_broken_names_rejected(text: str, etype: str, absent: set[str]) -> None:
    assert not (absent & names(text, etype))
# fmt: on


def test_firm_opening_a_project_is_cut_from_the_project() -> None:
    found = names("蓝岭金属材料有限公司年产2万吨冷轧钢筋项目开工。", "Project")
    assert "年产2万吨冷轧钢筋项目" in found
    assert not any(n.startswith("蓝岭") for n in found)


def test_enumeration_items_typed_by_their_own_head() -> None:
    text = "主要有:海岚电子、星桥产业园等省重大项目5个。"
    assert "海岚电子" in names(text, "Enterprise")
    assert "星桥产业园" in names(text, "Project")  # a park listed among projects is built as one
    text = "主要有:海岚电子、星桥经济开发区等合作伙伴项目。"
    assert "星桥经济开发区" in names(text, "Zone")


def test_a_park_bringing_a_list_in_is_not_the_first_member() -> None:
    found = names("南区新材料产业园集聚汀锐新材料、海屿化工等企业12家。", "Enterprise")
    assert {"汀锐新材料", "海屿化工"} <= found
    assert not any("产业园" in n for n in found)


def test_offsets_point_at_the_mention() -> None:
    text = "今年，云帆科技有限公司投产。"
    (m,) = [m for m in find_all(text, [(0, len(text))]) if m.type == "Enterprise"]
    assert text[m.mention.start : m.mention.end] == "云帆科技有限公司"


# fmt: off
@pytest.mark.parametrize(("text", "etype", "expected"), [
    # jieba splits an unknown place name into single characters (中|印 f|v)
    ("以青禾云谷、中印软件园为中心发展数字产业。", "Zone", {"中印软件园"}),
    # a number glued to a Latin unit or model is part of the name
    ("完成星桥创业园2000KVA箱式变电工程。", "Project", {"星桥创业园2000KVA箱式变电工程"}),
    ("推进5G智慧灯杆项目建设。", "Project", {"5G智慧灯杆项目"}),
    # a masked capacity stays in a product project's name
    ("岚湖电子新建年产*亿片高端智能成像组件项目开工。", "Project", {"年产*亿片高端智能成像组件项目"}),
    # a particle jieba glued to an unknown firm name is not part of it
    ("引进了永帆电子、青禾重工等企业。", "Enterprise", {"永帆电子", "青禾重工"}),
    ("除星岚食品有限公司外均已投产。", "Enterprise", {"星岚食品有限公司"}),
    # a facility's function that opens with a stop word or a verb runs on in the name
    ("绿源环境公司承建的危险废物集中处置中心项目开工。", "Project", {"危险废物集中处置中心项目"}),
    # 通道 and 联运, which jieba reads as verbs, are words of a logistics project's name
    ("汀湄至西岭铁海联运通道项目开工。", "Project", {"汀湄至西岭铁海联运通道项目"}),
    # a place of a rare character whose first jieba reads as a verb (临|岫)
    ("签约项目主要落户临岫高新技术产业开发区。", "Zone", {"临岫高新技术产业开发区"}),
    # a place of two characters jieba reads as morphemes (葭|洲), after a stop word
    ("恒远新材位于葭洲经济开发区。", "Zone", {"葭洲经济开发区"}),
    # 创意, a "verb" inside a park's name; a dry port, processing parks, a film base
    ("入驻柘溪文化创意产业园。", "Zone", {"柘溪文化创意产业园"}),
    ("曜岭国际陆港新开通班列12条。", "Zone", {"曜岭国际陆港"}),
    ("下设龙潭中药材加工园、翠坪竹木加工园两个园中园。", "Zone", {"龙潭中药材加工园", "翠坪竹木加工园"}),
    ("建成柘溪影视基地。", "Zone", {"柘溪影视基地"}),
    # the kind of firm before a short name is no part of it
    ("引进聚醚多元醇生产企业润岭化工，其项目已完成备案。", "Enterprise", {"润岭化工"}),
    # a department's verb before the firm it guides (指导 tagged as a noun)
    ("我局将指导锦川光电等企业申报国家级小巨人。", "Enterprise", {"锦川光电"}),
    # an industry's park after the bare zone word (经开区|电子信息产业园)
    ("海晟光电落户经开区电子信息产业园。", "Zone", {"电子信息产业园"}),
    # a zone named after China and its bracketed place
    ("推进中国（汀岚）跨境电子商务综合试验区建设。", "Zone", {"中国（汀岚）跨境电子商务综合试验区"}),
])
def test_left_edges_of_unknown_names(text: str, etype: str, expected: set[str]) -> None:
    assert expected <= names(text, etype)
# fmt: on


# fmt: off
@pytest.mark.parametrize(("text", "etype", "absent"), [
    # single characters that are words of the sentence, not fragments of a name
    ("引进更多项目落地。", "Project", {"更多项目"}),
    ("紧盯引重大项目。", "Project", {"盯引重大项目", "引重大项目"}),
])
def test_single_character_words_do_not_join_a_name(text: str, etype: str, absent: set[str]) -> None:
    assert not (absent & names(text, etype))
# fmt: on


def test_project_cut_inside_the_firm_that_opens_it_starts_with_the_firm() -> None:
    text = "同华新能源二期厂房竣工。"  # jieba: 同|华新 (preposition + word)
    firms = names(text, "Enterprise")
    projects = names(text, "Project")
    assert "同华新能源" in firms
    assert "同华新能源二期厂房" in projects


# fmt: off
@pytest.mark.parametrize(("text", "expected"), [
    ("纳税超亿元企业2家(星岚、青禾),超千万元11家。", {"星岚", "青禾"}),
    ("销售收入超百亿元1家(四川岚湖)、超十亿元5家。", {"四川岚湖"}),
    ("云帆电子、青禾家具等 12个高科技企业先后投产。", {"云帆电子", "青禾家具"}),
    ("先后试投产 岚芯、百禾、星桥家具等十几家", {"岚芯", "百禾", "星桥家具"}),
])
def test_firms_named_in_counted_lists(text: str, expected: set[str]) -> None:
    assert expected <= names(text, "Enterprise")
# fmt: on


# fmt: off
@pytest.mark.parametrize(("text", "absent"), [
    ("规上企业5家(重点企业、新能源)。", {"重点企业", "新能源"}),
    ("引进岚湖、青禾等3家银行。", {"岚湖", "青禾"}),
    ("新增企业3家(同比增长20%)。", {"同比增长20%"}),
])
def test_counted_lists_of_non_firms_give_no_firm(text: str, absent: set[str]) -> None:
    assert not (absent & names(text, "Enterprise"))
# fmt: on


# fmt: off
@pytest.mark.parametrize(("text", "expected"), [
    ("新城体育中心开始招投标,档案馆完成总量60%。", {"档案馆"}),
    ("青禾城市规划馆完成总量60%。", {"青禾城市规划馆"}),
    ("青禾家居精品城完成主体结顶。", {"青禾家居精品城"}),
    ("星湖道路建设已完成80%,正持续建设中。", {"星湖道路"}),
    ("云岭国际营地完成主体施工。", {"云岭国际营地"}),
])
def test_facilities_reported_as_built(text: str, expected: set[str]) -> None:
    assert expected <= names(text, "Project")
# fmt: on


# fmt: off
@pytest.mark.parametrize(("text", "absent"), [
    ("抓好总投资3200万元的4条道路建设已完成。", {"条道路", "4条道路"}),
    ("推动青禾城完成转型。", {"青禾城"}),           # a one-character head not opening its clause
    ("园区道路完成改造。", {"园区道路"}),            # generic
])
def test_facility_look_alikes_are_not_projects(text: str, absent: set[str]) -> None:
    assert not (absent & names(text, "Project"))
# fmt: on


def test_zone_list_members_take_the_class_word() -> None:
    text = "加快星湖新材料、云岭智能装备等百亿产业园建设。"
    assert {"星湖新材料产业园", "云岭智能装备产业园"} <= names(text, "Zone")


def test_short_project_after_a_firm_keeps_the_firm() -> None:
    text = "正在跟进总投资7亿元的岚湖传媒总公司总部基地项目。"
    assert "岚湖传媒总公司总部基地项目" in names(text, "Project")


def test_firm_category_before_a_legal_name_is_not_part_of_it() -> None:
    text = "园区中外合资企业星岚金属结构工程有限公司自主研发新品。"
    assert "星岚金属结构工程有限公司" in names(text, "Enterprise")
    assert not any(p.endswith("金属结构工程") for p in names(text, "Project"))  # inside the firm name


def test_project_list_members_are_projects_even_with_a_park_head() -> None:
    text = "新签约了星湖酒店、岚湖电子新建年产5万台电机、云岭家居产业园等项目。"
    projects = names(text, "Project")
    assert {"星湖酒店", "云岭家居产业园"} <= projects
    assert any(p.endswith("年产5万台电机") for p in projects)
    assert "云岭家居产业园" not in names(text, "Zone")


def test_masked_list_members_without_a_distinctive_part_are_dropped() -> None:
    text = "投资20亿元的xx汽车产业园、20亿元的xx通智能装备产业园等36个项目开工。"
    found = names(text, "Project") | names(text, "Zone")
    assert not any("汽车产业园" in n or "智能装备产业园" in n for n in found), found


# fmt: off
@pytest.mark.parametrize(("text", "absent"), [
    ("已谋划十四五、补短板、扩内需等十大类97个项目。", {"扩内需", "补短板"}),   # categories
    ("做好可研、环评等项目前期工作。", {"可研", "环评"}),                         # tasks
])
def test_lists_of_categories_and_tasks_give_no_entities(text: str, absent: set[str]) -> None:
    found = {m.name for m in find_all(text, [(0, len(text))])}
    assert not (absent & found)
# fmt: on


def test_counted_class_after_a_list_still_lists_its_members() -> None:
    text = "水库北路西延、星湖大道等4条道路的项目手续已完成办理。"
    assert "水库北路西延" in names(text, "Project")


# fmt: off
@pytest.mark.parametrize(("text", "expected"), [
    ("完成星湖路亮化工程。", {"星湖路亮化工程"}),
    ("完成105国道沿线部分企业亮化景观工程。", {"105国道沿线部分企业亮化景观工程"}),
    ("启动岚湖大道白改黑工程。", {"岚湖大道白改黑工程"}),
])
def test_street_works_keep_their_place(text: str, expected: set[str]) -> None:
    assert expected <= names(text, "Project")
# fmt: on


def test_bare_street_work_is_generic() -> None:
    assert not names("加快绿化工程建设。", "Project")


# fmt: off
@pytest.mark.parametrize(("text", "etype", "absent"), [
    ("建设云岭省大花园典型示范区。", "Zone", {"典型示范区", "大花园典型示范区"}),
    ("建设宜居宜业星湖新城。", "Zone", {"宜居宜业星湖新城"}),
])
def test_slogans_and_evaluations_are_not_part_of_zone_names(text: str, etype: str, absent: set[str]) -> None:
    assert not (absent & names(text, etype))
# fmt: on


def test_places_listed_before_a_zone_share_its_head() -> None:
    text = "格局为一园三区(城东、岭南和八湾工业区)。"
    assert {"城东工业区", "岭南工业区", "八湾工业区"} <= names(text, "Zone")


def test_no_shared_head_for_words_that_are_no_places() -> None:
    text = "推进研发和星湖产业园建设。"
    assert "研发产业园" not in names(text, "Zone")


# fmt: off
@pytest.mark.parametrize(("text", "absent"), [
    ("构建新发展格局。", {"新发展格局", "发展格局"}),
    ("优化产业布局。", {"产业布局"}),
])
def test_common_words_ending_in_a_head_are_no_bodies(text: str, absent: set[str]) -> None:
    assert not (absent & names(text, "Organization"))
# fmt: on


def test_a_bureau_is_still_found() -> None:
    assert "县公安局" in names("县公安局开展专项行动。", "Organization")


def test_events_listed_among_projects_are_no_projects() -> None:
    text = "签约了星湖酒店、第三届青年人才创业大赛等项目。"
    assert "星湖酒店" in names(text, "Project")
    assert not any(n.startswith("第三届") for n in names(text, "Project"))


def test_quoted_project_names_and_quoted_categories() -> None:
    assert "星火肺项目" in names("积极对接岚州大学“星火肺”项目。", "Project")
    assert not names("做好“军令状”项目帮办服务。", "Project")  # one everyday word: a kind of project


def test_street_works_listed_before_a_project_share_its_head() -> None:
    text = "完成星湖东路两侧绿化亮化、岚桥路亮化工程。"
    assert {"星湖东路两侧绿化亮化工程", "岚桥路亮化工程"} <= names(text, "Project")
    text = "完成星湖路、岚桥路白改黑工程。"  # short road names: no works of their own
    assert "星湖路工程" not in names(text, "Project")


@pytest.mark.parametrize(("word", "flag", "stops_in", "runs_on_in"), [
    ("1000", "m", ("建设1000家", 6), ("1000KVA箱式变电站", 4)),  # a count, or a model
    ("*", "x", ("有*个", 2), ("年产*亿片", 3)),  # a masked count, or a masked capacity
    ("千亩", "m", ("建设千亩产业园", 4), ("环保科技千亩产业综合体", 6)),  # a scale after a verb, or inside a name
])
def test_a_word_ends_a_name_by_its_context(word: str, flag: str, stops_in: tuple[str, int],
                                           runs_on_in: tuple[str, int]) -> None:
    """What a word alone says is remembered per word (``_word_class``): the context
    still decides for the words whose answer depends on it, in either order of calls."""
    for _ in range(2):
        assert entities._ends_name(word, flag, stops_in[1], stops_in[0])
        assert not entities._ends_name(word, flag, runs_on_in[1], runs_on_in[0])
        entities._word_class.cache_clear()
        assert not entities._ends_name(word, flag, runs_on_in[1], runs_on_in[0])
        assert entities._ends_name(word, flag, stops_in[1], stops_in[0])


def test_dropping_nested_mentions_tests_only_the_open_ones() -> None:
    """_drop_nested tests a mention against the kept mentions not ended before it
    starts: the same mentions are kept as by testing against every kept one."""
    import random

    from kg.extract.types import Mention

    def every_kept(found: list[entities.EntityMention]) -> list[entities.EntityMention]:
        listed = {(e.mention.start, e.mention.end) for e in found if e.kind == "enumeration" and e.type == "Project"}
        found = sorted((e for e in found if not (e.type == "Zone" and (e.mention.start, e.mention.end) in listed)),
                       key=lambda e: (e.mention.start, -e.mention.end, e.type))
        keep: list[entities.EntityMention] = []
        for em in found:
            if not any(entities._same_span(em, k) or (entities._inside(em, k) and entities._swallowed(em, k)) for k in keep):
                keep.append(em)
        return keep

    rng = random.Random(7)
    for _ in range(300):
        found = []
        for _ in range(rng.randint(0, 25)):
            start = rng.randint(0, 40)
            end = start + rng.randint(0, 12)
            found.append(entities.EntityMention(rng.choice(["Zone", "Project", "Enterprise", "Organization"]), "x",
                                                Mention("x" * (end - start), start, end),
                                                rng.choice(["", "enumeration", "legal"])))
        assert entities._drop_nested(list(found)) == every_kept(list(found))


def _name_run_start_by_finditer(text: str, end: int, floor: int, longest: int) -> int:
    """The former ``_name_run_start``: the end of the last non-name character, found by
    a ``finditer`` over the window."""
    import re

    lo = max(floor, end - longest)
    if lo >= end:
        return end
    start = lo
    for m in re.compile("[^" + entities._NAME_CHAR.pattern[1:]).finditer(text, lo, end):
        start = m.end()
    return start


@pytest.mark.parametrize("text", ["", "华创新材料有限公司", "引进了江西华创新材料有限公司,签约“中印软件园”",
                                  "\n公司 A-1 (一期)项目。\n\n", "xx临工；总投资5.2亿元的年产2万吨冷轧钢筋项目"])
def test_name_run_start_matches_finditer(text: str) -> None:
    for end in range(len(text) + 1):
        for floor in (0, 1, 3, end):
            for longest in (0, 1, 5, 32):
                assert entities._name_run_start(text, end, floor, longest) == \
                    _name_run_start_by_finditer(text, end, floor, longest)


def test_name_run_start_matches_finditer_on_any_text() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    chars = st.sampled_from(list("华创新材料公司项目aZ09·-—/#+.()（）%×*＊ ,，。、“”\n\t"))

    @given(st.text(chars, max_size=40), st.integers(0, 45), st.integers(0, 45), st.integers(0, 40))
    def check(text: str, end: int, floor: int, longest: int) -> None:
        end = min(end, len(text))
        assert entities._name_run_start(text, end, floor, longest) == \
            _name_run_start_by_finditer(text, end, floor, longest)

    check()


def test_a_someone_mask_names_no_firm() -> None:
    from kg.repair import repair

    text = repair("某某科技有限公司获评省级企业技术中心，云帆科技有限公司投产。").text
    assert names(text, "Enterprise") == {"云帆科技有限公司"}


def test_a_firms_project_joining_two_works_starts_after_the_firm() -> None:
    """甲有限公司中央厨房及冷链配送中心项目: the project is both works, not 中心项目."""
    text = "9月，鹤麓食品集团股份有限公司中央厨房及冷链配送中心项目签约。推进道路及管网配套项目。"
    assert {"中央厨房及冷链配送中心项目", "道路及管网配套项目"} <= names(text, "Project")


def test_the_party_prefix_is_no_part_of_a_zone_name() -> None:
    assert "青溪经济技术开发区" in names("中共青溪经济技术开发区工作委员会召开全体会议。", "Zone")


def test_rural_parks_are_zones() -> None:
    text = "形成“一区两园”布局，即机械园和青槐返乡创业园。改建了柳塘村扶贫车间，白沙小微企业园获评省级示范小微企业园。"
    assert {"青槐返乡创业园", "柳塘村扶贫车间", "白沙小微企业园"} <= names(text, "Zone")


def test_a_project_qualified_only_by_its_kind_or_standing_is_a_category() -> None:
    text = ("招商小分队收集有效项目信息30条，争取转化为实质性项目；全年洽谈欧美资项目5个，"
            "促成实质性合作项目8项、产学研合作项目12项、企业委托研发项目6项，发行专项债支持公益性项目。")
    assert not names(text, "Project")


def test_a_park_named_by_its_industry_with_an_industry_head_and_a_direction_word_before_it() -> None:
    text = "区内设装备制造园、纺织服装园、石岭科创园三个园区，以北岭五金机械园为重点。"
    assert names(text, "Zone") == {"装备制造园", "纺织服装园", "石岭科创园", "北岭五金机械园"}


def test_an_industry_term_opening_with_an_adjective_stays_in_the_name() -> None:
    text = "江汀先进制造研究院揭牌运行，江汀高端装备产业园完成扩区。"
    assert names(text, "Organization") == {"江汀先进制造研究院"}
    assert names(text, "Zone") == {"江汀高端装备产业园"}


def test_list_items_with_a_bracketed_line_of_business_or_counted_without_deng_are_firms() -> None:
    from kg.extract.entities import find_all
    from kg.repair import split_sentences

    def names(text: str) -> set[str]:
        return {e.name for e in find_all(text, split_sentences(text)) if e.type == "Enterprise"}

    assert {"岚动电驱", "凌川复材", "启澄芯控"} <= names(
        "全年引进岚动电驱（电机电控）、凌川复材（碳纤维机体结构件）、启澄芯控（航电与飞控模组）等配套企业11家。")
    assert {"衡知数据", "砺青智能", "知微数科"} <= names("其中，衡知数据、砺青智能、知微数科三家企业收入均突破亿元。")
    # the count must be the items': two named and 三家 is no such list
    assert not {"岚动电驱", "启澄芯控"} & names("全区新增岚动电驱、启澄芯控三家企业。")


def test_kinds_of_firm_listed_by_common_words_and_graded_trade_words_are_no_firms() -> None:
    from kg.extract.entities import find_all
    from kg.repair import split_sentences

    def names(text: str) -> set[str]:
        return {e.name for e in find_all(text, split_sentences(text)) if e.type == "Enterprise"}

    found = names("全年引进整机制造、航空发动机、海贝优选等企业14家。力争新增卓越级智能工厂1家。")
    assert "海贝优选" in found and not {"整机制造", "航空发动机", "卓越级智能"} & found


def test_a_verb_opening_the_clause_is_no_part_of_a_bank_or_group_after_it() -> None:
    assert "沄岭银行" in names("落实“科创贷”等金融产品，协调沄岭银行等6家金融机构为区内企业新增授信。", "Enterprise")
    assert "沄岭银行" in names("年内积极对接沄岭银行，新增授信5亿元。", "Enterprise")
    # after a preposition the verb-like word is the name's own (纵横 as a brand)
    assert "纵横云澈信息技术有限公司" in names("开发区与纵横云澈信息技术有限公司签约。", "Enterprise")


def test_processing_areas_are_zones() -> None:
    found = names("园区形成“一园三区”格局，即城东食品加工区、竹岙竹木加工区和马岭综合加工区。", "Zone")
    assert {"城东食品加工区", "竹岙竹木加工区", "马岭综合加工区"} <= found


def test_a_town_jieba_does_not_know_opens_its_industrial_zone() -> None:
    assert "栖鹭镇工业集中区" in names("今年以来，全镇以栖鹭镇工业集中区和栖鹭小微企业园为主要载体。", "Zone")


def test_two_latin_words_stay_in_one_name_and_a_parks_trade_is_no_firm() -> None:
    text = "华岫光电Mini LED背光模组项目签约落户梧岭装备制造产业园。"
    assert "华岫光电Mini LED背光模组项目" in names(text, "Project")
    assert "梧岭装备" not in names(text, "Enterprise")
    # (a space inside a damaged word is not taken for one between two words)
    assert "蓝鲸5 G通信技术有限公司" not in names("蓝鲸5 G通信技术有限公司获评省级工程技术研究中心。", "Enterprise")


def test_distribution_centres_keep_their_whole_name() -> None:
    assert "安格斯华东分拨中心项目" in names("云签约项目中，安格斯华东分拨中心项目落户临港物流园。", "Project")


def test_a_state_owned_label_is_no_part_of_the_firm_after_it() -> None:
    found = names("集中区标准厂房二期项目由镇属国企栖鹭镇兴业建设投资有限公司投资建设，市属国企汀澜城市发展投资集团有限公司参与。",
                  "Enterprise")
    assert {"栖鹭镇兴业建设投资有限公司", "汀澜城市发展投资集团有限公司"} <= found
    assert not any(n.startswith(("镇属", "国企", "市属")) for n in found)


def test_a_slogan_joined_by_a_plus_sign_is_no_firm() -> None:
    from kg.extract import extract_text
    from kg.repair import repair

    de = extract_text(repair("鹤汀高新区2025年工作总结\n延链补链强链,全力打造“算力+智造”双引擎。"), "t.txt")
    assert not any(e.type == "Enterprise" for e in de.entities)
