"""kg.store_update: the store updated unit by unit holds what a fresh load would."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import store_update
from kg.model import PropertyGraph
from kg.rdf import ID_IRI, write_trig
from kg.store_update import MANIFEST, TrigUnits, read_manifest
from kg.stores import memory_store, open_store, read_units, write_store
from tests.rdf.graphs import DOC_B, did


def _write(pg: PropertyGraph, out: Path) -> str:
    units = TrigUnits.for_store(out / "store")
    write_trig(pg, out / "graph.trig", also=units.feed)
    return write_store(out / "graph.trig", out / "store", units=units)


def _same_as_fresh(out: Path) -> None:
    """The store holds exactly the quads of graph.trig, and its manifest the units."""
    assert set(open_store(out)) == set(memory_store(out / "graph.trig"))
    manifest = read_manifest(out / "store")
    assert manifest is not None
    assert manifest.units == read_units(out / "graph.trig", None).manifest().units  # type: ignore[union-attr]


def _without_edge(pg: PropertyGraph, index: int) -> PropertyGraph:
    return dataclasses.replace(pg, edges=pg.edges[:index] + pg.edges[index + 1:])


def _without_doc(pg: PropertyGraph, name: str) -> PropertyGraph:
    return dataclasses.replace(pg, edges=tuple(e for e in pg.edges if e.evidence.doc != name))


@pytest.fixture()
def everything_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture graph is small: any change is a large share of it."""
    monkeypatch.setattr(store_update, "UPDATE_SHARE", 1.0)


def test_units_taken_while_writing_are_the_units_read_back(pg: PropertyGraph, tmp_path: Path) -> None:
    units = TrigUnits()
    write_trig(pg, tmp_path / "graph.trig", also=units.feed)
    fed, read = units.manifest(), read_units(tmp_path / "graph.trig", None).manifest()
    assert fed is not None and read is not None
    assert fed == read
    assert fed.size == (tmp_path / "graph.trig").stat().st_size
    # one unit a document graph and one a default-graph subject (documents, entities, aggregates)
    assert f"g <{ID_IRI}{did(DOC_B)}>" in fed.units
    assert f"s <{ID_IRI}{did(DOC_B)}>" in fed.units
    assert sum(k.startswith("g ") for k in fed.units) == len({e.evidence.doc for e in pg.edges})


@pytest.mark.usefixtures("everything_updates")
def test_updates_give_the_quads_of_a_fresh_load(pg: PropertyGraph, tmp_path: Path) -> None:
    assert _write(pg, tmp_path) == "loaded"
    _same_as_fresh(tmp_path)
    variants = [
        _without_edge(pg, 0),  # one fact less: its graph and its entities' ranks change
        _without_doc(pg, DOC_B),  # a document's graph vanishes
        pg,  # back to the start
    ]
    for variant in variants:
        assert _write(variant, tmp_path) == "updated"
        _same_as_fresh(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "store"]


@pytest.mark.usefixtures("everything_updates")
def test_nothing_changed_is_an_update_that_changes_nothing(pg: PropertyGraph, tmp_path: Path) -> None:
    _write(pg, tmp_path)
    before = set(open_store(tmp_path))
    assert _write(pg, tmp_path) == "updated"
    assert set(open_store(tmp_path)) == before


def test_a_large_change_loads_the_store_afresh(pg: PropertyGraph, tmp_path: Path) -> None:
    _write(_without_doc(pg, DOC_B), tmp_path)
    assert _write(pg, tmp_path) == "loaded"  # a new graph, over a fifth of the old text
    _same_as_fresh(tmp_path)


@pytest.mark.usefixtures("everything_updates")
def test_a_manifest_of_another_oxigraph_is_not_trusted(pg: PropertyGraph, tmp_path: Path) -> None:
    _write(pg, tmp_path)
    path = tmp_path / "store" / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "oxigraph": "0.0.1"}), encoding="utf-8")
    assert read_manifest(tmp_path / "store") is None
    assert _write(_without_edge(pg, 0), tmp_path) == "loaded"
    path.write_text(json.dumps({**data, "prefixes": "0" * 32}), encoding="utf-8")  # kg: meant another IRI
    assert read_manifest(tmp_path / "store") is None
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_manifest(tmp_path / "store") is not None
    path.write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path / "store") is None


@pytest.mark.usefixtures("everything_updates")
def test_a_file_not_written_by_kg_gets_no_manifest(pg: PropertyGraph, tmp_path: Path) -> None:
    _write(pg, tmp_path)
    other = tmp_path / "other.trig"
    other.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    assert write_store(other, tmp_path / "store") == "loaded"
    assert not (tmp_path / "store" / MANIFEST).exists()
    assert len(open_store(tmp_path)) == 1
    assert _write(pg, tmp_path) == "loaded"  # no manifest to compare with
    _same_as_fresh(tmp_path)


@pytest.mark.usefixtures("everything_updates")
def test_an_update_that_cannot_be_applied_falls_back_to_a_fresh_load(
        pg: PropertyGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(pg, tmp_path)

    def broken(store: ox.Store, units: list[bytes]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store_update, "_add", broken)
    assert _write(_without_edge(pg, 0), tmp_path) == "loaded"
    _same_as_fresh(tmp_path)


@pytest.mark.usefixtures("everything_updates")
def test_an_interrupted_update_keeps_the_old_store(
        pg: PropertyGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(pg, tmp_path)
    before = set(open_store(tmp_path))

    def interrupted(store: ox.Store, units: list[bytes]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_update, "_add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _write(_without_edge(pg, 0), tmp_path)
    assert set(open_store(tmp_path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "store"]


@pytest.mark.usefixtures("everything_updates")
def test_the_store_is_compacted_every_few_updates(
        pg: PropertyGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compacted: list[int] = []
    real = store_update._compact

    def spy(store: ox.Store) -> None:
        compacted.append(len(store))
        real(store)

    monkeypatch.setattr(store_update, "_compact", spy)
    _write(pg, tmp_path)
    counts = []
    for i in range(store_update.COMPACT_EVERY + 1):
        _write(_without_edge(pg, i % 2), tmp_path)
        manifest = read_manifest(tmp_path / "store")
        assert manifest is not None
        counts.append(manifest.updates)
    assert counts == [*range(1, store_update.COMPACT_EVERY), 0, 1]
    assert len(compacted) == 1
    _same_as_fresh(tmp_path)


def test_big_additions_are_bulk_loaded_in_pieces(
        pg: PropertyGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_update, "UPDATE_SHARE", 1.0)
    monkeypatch.setattr(store_update, "ADD_IN_ONE", 200)  # bytes: every unit is a piece
    _write(_without_doc(pg, DOC_B), tmp_path)
    assert _write(pg, tmp_path) == "updated"
    _same_as_fresh(tmp_path)
