"""kg.validate: SHACL (schema/shapes.ttl) over graph.trig; violations are reported, not raised."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from kg.errors import KGError, SchemaError
from kg.model import PropertyGraph
from kg.rdf import write_trig
from kg.validate import Violation, validate
from tests.rdf.graphs import LINCHUAN, PROJECT, did


def _edge_id(pg: PropertyGraph, source: str, predicate: str) -> str:
    return next(e.id for e in pg.edges if e.source == source and e.type == predicate)


def _break(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_fixture_conforms(trig_only_dir: Path) -> None:
    report = validate(trig_only_dir)
    assert report.conforms and report.violations == []
    assert report.triples > 300


def test_bad_level_is_reported_on_its_fact(pg: PropertyGraph, trig_only_dir: Path) -> None:
    _break(trig_only_dir / "graph.trig", 'kg:level "provincial"', 'kg:level "galactic"')
    report = validate(trig_only_dir)
    assert not report.conforms
    [v] = report.violations
    assert v.path == "kg:level" and v.shape == "kgsh:Fact-level" and v.component == "sh:InConstraintComponent"
    assert v.focus_node.startswith("fact/")
    assert v.message == "kg:level is one of national, provincial, municipal, county, district"


def test_missing_direct_triple_is_reported(pg: PropertyGraph, trig_only_dir: Path) -> None:
    trig = trig_only_dir / "graph.trig"
    text = trig.read_text(encoding="utf-8")
    trig.write_text(re.sub(r"kg:undertakes (<[^>]+>)", r"kg:partnersWith \1", text), encoding="utf-8")
    report = validate(trig_only_dir)
    assert report.violations == [Violation(
        focus_node=_edge_id(pg, LINCHUAN, "UNDERTAKES"), path="",
        message="the fact's direct triple (source kg:locatedIn|undertakes|receivedHonour|fundedBy|partnersWith "
                "target) is missing",
        shape="kgsh:DirectTripleShape", component="sh:InConstraintComponent")]


def test_wrong_end_type_and_bad_evidence(pg: PropertyGraph, trig_only_dir: Path) -> None:
    trig = trig_only_dir / "graph.trig"
    _break(trig, f"<https://w3id.org/kg-devzone/id/{PROJECT}> a kg:Project", f"<https://w3id.org/kg-devzone/id/{PROJECT}> a kg:Honour")
    _break(trig, "kg:rawStart 143", "kg:rawStart 9999")
    found = {(v.focus_node, v.path, v.component) for v in validate(trig_only_dir).violations}
    undertakes = _edge_id(pg, LINCHUAN, "UNDERTAKES")
    assert (undertakes, "kg:target", "sh:OrConstraintComponent") in found  # neither Project nor Zone
    ev = next(e.evidence for e in pg.edges if e.id == undertakes)
    assert (f"{did(ev.doc)}/evidence/{ev.start}-{ev.end}", "kg:rawStart", "sh:LessThanOrEqualsConstraintComponent") in found
    funded = _edge_id(pg, PROJECT, "FUNDED_BY")
    assert (funded, "kg:source/rdf:type", "sh:InConstraintComponent") in found  # a Project no more
    assert (funded, "", "sh:InConstraintComponent") not in found  # its direct triple is still there


def test_invalid_trig_and_missing_graph(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="no graph found"):
        validate(tmp_path)
    (tmp_path / "graph.trig").write_text("<a> {", encoding="utf-8")
    with pytest.raises(SchemaError, match="not valid TriG"):
        validate(tmp_path)


def test_thousand_nodes_two_thousand_facts_conform(tmp_path: Path) -> None:
    # The speed of validation is measured by bench/, not asserted here (noisy machines).
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from gen_graph import fictional_base

    base = fictional_base(documents=80)
    assert len(base.nodes) >= 1000 and len(base.edges) >= 2000
    write_trig(base, tmp_path / "graph.trig")
    report = validate(tmp_path)
    assert report.conforms, report.violations[:3]
    assert report.triples > 20000


def test_materialised_figures_are_checked(pg: PropertyGraph, trig_only_dir: Path) -> None:
    trig = trig_only_dir / "graph.trig"
    text = trig.read_text(encoding="utf-8")
    # Unlink the funding summaries from their sources, zero a rank, retype a Project as a Zone.
    text = text.replace("kg:summarises", "rdfs:seeAlso")
    text = text.replace(f"<https://w3id.org/kg-devzone/id/{PROJECT}> a kg:Project", f"<https://w3id.org/kg-devzone/id/{PROJECT}> a kg:Zone")
    trig.write_text(re.sub(r"kg:degreeRank 1 ;", "kg:degreeRank 0 ;", text, count=1), encoding="utf-8")
    found = {(v.shape, v.component) for v in validate(trig_only_dir).violations}
    assert ("kgsh:Funded-summary", "sh:MinCountConstraintComponent") in found
    assert ("kgsh:FundingSummary-summarises", "sh:MinCountConstraintComponent") in found
    assert ("kgsh:Entity-degreeRank", "sh:MinInclusiveConstraintComponent") in found
    assert ("kgsh:EntityIri-Zone", "sh:PatternConstraintComponent") in found  # a Project IRI on a Zone
