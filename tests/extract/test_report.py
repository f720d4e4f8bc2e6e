"""A whole fictional report: the facts an analyst expects, and none of the plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.model import DocExtraction
from kg.read import read_document

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def report() -> DocExtraction:
    return extract(read_document(DATA / "tongcheng_2023.txt"))


def facts(de: DocExtraction, p: str) -> set[tuple[str, str]]:
    return {(r.s, r.o) for r in de.relations if r.p == p}


def test_subject_and_its_short_form(report: DocExtraction) -> None:
    assert report.subject == "桐城高新技术产业开发区"
    zone = next(e for e in report.entities if e.name == report.subject)
    assert "桐城高新区" in zone.aliases


def test_short_firm_name_resolves_to_the_legal_name(report: DocExtraction) -> None:
    firm = next(e for e in report.entities if e.name == "安徽华源新材料股份有限公司")
    assert "华源新材" in firm.aliases
    assert ("安徽华源新材料股份有限公司", "省制造业高质量发展专项资金") in facts(report, "FUNDED_BY")


def test_honours_funding_partners_and_projects(report: DocExtraction) -> None:
    assert ("安徽睿能动力科技有限公司", "省级智能工厂") in facts(report, "RECEIVED_HONOUR")
    assert ("桐城高新技术产业开发区", "国家级绿色工业园区") in facts(report, "RECEIVED_HONOUR")
    assert ("桐城高新技术产业开发区", "合肥工业大学") in facts(report, "PARTNERS_WITH")
    assert ("安徽华源新材料股份有限公司", "年产20万吨功能性薄膜项目") in facts(report, "UNDERTAKES")
    assert ("桐城科创园", "桐城高新技术产业开发区") in facts(report, "LOCATED_IN")
    amounts = {(r.s, r.value_yuan) for r in report.relations if r.p == "FUNDED_BY"}
    assert ("安徽华源新材料股份有限公司", 5600000.0) in amounts


def test_plans_and_pending_applications_are_no_facts(report: DocExtraction) -> None:
    honours = {o for _, o in facts(report, "RECEIVED_HONOUR")}
    assert not any("技术中心" in h or "经开区" in h for h in honours)


def test_county_bureau_report_has_no_subject_and_keeps_its_facts() -> None:
    de = extract(read_document(DATA / "county_bureau_2022.txt"))
    assert de.subject is None
    assert ("宏达机械", "省级专精特新中小企业") in facts(de, "RECEIVED_HONOUR")
    assert ("星光电器", "省级专精特新中小企业") in facts(de, "RECEIVED_HONOUR")
    assert not any(o.startswith("国家级绿色工厂") for _, o in facts(de, "RECEIVED_HONOUR"))
    assert not any(o == "青溪工业园区" and s in {"宏达机械", "星光电器"} for s, o in facts(de, "LOCATED_IN"))
