"""kg.stores: the persistent Oxigraph store, built atomically, and how queries open it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import stores
from kg.errors import KGError, StoreError
from kg.model import PropertyGraph
from kg.rdf import prefix_text, write_trig
from kg.stores import open_store, select_oxigraph, write_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_store_holds_every_quad(graph_dir: Path) -> None:
    quads = len(list(ox.parse(path=str(graph_dir / "graph.trig"), format=ox.RdfFormat.TRIG)))
    store = open_store(graph_dir)
    assert len(store) == quads
    # Queries see the union of the default and the document graphs.
    assert select_oxigraph(store, "SELECT (COUNT(*) AS ?n) WHERE { ?f a kg:Fact }")[1] == [{"n": 19}]


def test_rebuild_replaces_the_store_and_leaves_no_temp_folders(pg: PropertyGraph, tmp_path: Path) -> None:
    write_trig(pg, tmp_path / "graph.trig")
    write_store(tmp_path / "graph.trig", tmp_path / "store")
    small = PropertyGraph(pg.nodes[:1], (), pg.documents)
    write_trig(small, tmp_path / "graph.trig")
    write_store(tmp_path / "graph.trig", tmp_path / "store")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "store"]
    assert len(open_store(tmp_path)) == len(list(ox.parse(path=str(tmp_path / "graph.trig"),
                                                           format=ox.RdfFormat.TRIG)))


def test_failed_build_keeps_the_old_store(pg: PropertyGraph, tmp_path: Path) -> None:
    write_trig(pg, tmp_path / "graph.trig")
    write_store(tmp_path / "graph.trig", tmp_path / "store")
    before = len(open_store(tmp_path))
    (tmp_path / "bad.trig").write_text("<http://a> <http://b> .", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot build the Oxigraph store"):
        write_store(tmp_path / "bad.trig", tmp_path / "store")
    assert len(open_store(tmp_path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.trig", "graph.trig", "store"]


def test_missing_trig_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="no graph found"):
        write_store(tmp_path / "graph.trig", tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_without_a_store_graph_trig_is_loaded_in_memory(trig_only_dir: Path) -> None:
    store = open_store(trig_only_dir)
    assert select_oxigraph(store, COUNT)[1][0]["n"] == len(store) > 0
    assert not (trig_only_dir / "store").exists()


def test_nothing_to_open_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match=r"no graph found: .*graph\.trig does not exist \(run `kg build` first\)"):
        open_store(tmp_path)


def test_rdflib_engine_reports_a_broken_file(tmp_path: Path) -> None:
    from kg.queries import run_sparql

    (tmp_path / "graph.trig").write_text("<http://a> {", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot load .*graph.trig into rdflib"):
        run_sparql(tmp_path, "ASK {}", engine="rdflib")
    with pytest.raises(StoreError, match="cannot load .*graph.trig into Oxigraph"):
        run_sparql(tmp_path, "ASK {}")


def _quads(store: ox.Store) -> list[str]:
    return sorted(map(str, store))


def test_store_loaded_in_pieces_equals_the_whole_file(pg: PropertyGraph, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # A large graph.trig goes to Oxigraph's bulk loader in pieces (its batches of a
    # million quads take over a gigabyte); each piece parses alone and none is lost.
    write_trig(pg, tmp_path / "graph.trig")
    whole = ox.Store()
    whole.bulk_load(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG)
    pieces = list(stores.trig_chunks(tmp_path / "graph.trig", 1))
    assert len(pieces) > len(pg.documents)  # every subject and every graph a piece
    assert sum(len(list(ox.parse(p, format=ox.RdfFormat.TRIG))) for p in pieces) == len(whole)
    monkeypatch.setattr(stores, "WHOLE_BYTES", 1000)  # larger files go in pieces
    monkeypatch.setattr(stores, "CHUNK_BYTES", 500)
    loads: list[object] = []
    real_load = stores._load

    def load(trig: Path, folder: Path, chunks: object) -> None:
        loads.append(chunks)
        real_load(trig, folder, chunks)  # type: ignore[arg-type]

    monkeypatch.setattr(stores, "_load", load)
    write_store(tmp_path / "graph.trig", tmp_path / "store")
    assert _quads(open_store(tmp_path)) == _quads(whole) and loads[0] is not None
    monkeypatch.setattr(stores, "WHOLE_BYTES", (tmp_path / "graph.trig").stat().st_size)  # small enough: one go
    shutil.rmtree(tmp_path / "store")  # else the store is updated (kg.store_update), not loaded
    write_store(tmp_path / "graph.trig", tmp_path / "store")
    assert _quads(open_store(tmp_path)) == _quads(whole) and loads[1] is None


def test_a_foreign_trig_file_is_loaded_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not write_trig's layout (a literal over two lines, after the same prefixes): the
    # pieces would cut it, so the file is loaded whole.
    trig = tmp_path / "graph.trig"
    trig.write_text(prefix_text() + '\n<http://a/s> <http://a/p> """one .\n<http://a/x> <http://a/y> "z" .\n""" .\n'
                    '<http://a/s> <http://a/q> "2" .\n', encoding="utf-8")
    assert stores.trig_chunks(trig, 1) is not None
    monkeypatch.setattr(stores, "WHOLE_BYTES", 0)
    monkeypatch.setattr(stores, "CHUNK_BYTES", 1)
    write_store(trig, tmp_path / "store")
    assert len(open_store(tmp_path)) == 2
    assert not (tmp_path / "store" / "kg-units.json").exists()  # its units are not known
    (tmp_path / "other.trig").write_text('<http://a/s> <http://a/p> "1" .\n', encoding="utf-8")
    assert stores.trig_chunks(tmp_path / "other.trig", 1) is None


def test_store_loaded_while_the_trig_is_written_equals_the_file(pg: PropertyGraph, tmp_path: Path) -> None:
    # kg build --jobs 2 feeds graph.trig's text to a loader thread as it is written.
    pieces: list[str] = []
    with stores.StoreLoader(tmp_path / "store", chunk_bytes=300, threads=2) as loader:
        write_trig(pg, tmp_path / "graph.trig", also=lambda text: (pieces.append(text), loader.feed(text)))
        loader.commit()
    assert "".join(pieces) == (tmp_path / "graph.trig").read_text(encoding="utf-8")
    whole = ox.Store()
    whole.bulk_load(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert _quads(open_store(tmp_path)) == _quads(whole)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "store"]


def test_a_loader_that_fails_keeps_the_old_store(pg: PropertyGraph, tmp_path: Path) -> None:
    write_trig(pg, tmp_path / "graph.trig")
    write_store(tmp_path / "graph.trig", tmp_path / "store")
    before = _quads(open_store(tmp_path))
    with stores.StoreLoader(tmp_path / "store", chunk_bytes=1) as loader:
        loader.feed(prefix_text())
        loader.feed('<http://a/s> <http://a/p> "1" .\n')
        loader.feed("<http://a/s> <http://a/p> .\n")  # no object: does not parse
        loader.feed('<http://a/s> <http://a/q> "2" .\n')
        with pytest.raises(StoreError, match="cannot build the Oxigraph store"):
            loader.commit()
    assert _quads(open_store(tmp_path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "store"]


def test_leaving_a_loader_without_commit_discards_it(pg: PropertyGraph, tmp_path: Path) -> None:
    # An error while graph.trig is written: the half-loaded store is removed, no
    # folder is left behind and there was no store before, so there is none after.
    with pytest.raises(RuntimeError), stores.StoreLoader(tmp_path / "store", chunk_bytes=100) as loader:
        write_trig(pg, tmp_path / "graph.trig", also=loader.feed)
        raise RuntimeError("stop")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig"]


def _replace_store(out: Path, trig: Path) -> None:
    """What a build's commit does to ``out/store``: a new store renamed into place, the
    old one renamed away and deleted."""
    from kg.build_folder import commit

    stage = out / "stage"
    stage.mkdir()
    write_store(trig, stage / "store")
    commit(stage, out)
    shutil.rmtree(stage)


def test_a_query_during_a_rebuild_answers_from_the_new_store(pg: PropertyGraph, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A build replaced the store while the query opened it (files gone under it):
    the query runs again on the store now in place instead of failing."""
    write_trig(pg, tmp_path / "graph.trig")
    write_store(tmp_path / "graph.trig", tmp_path / "store")
    small = tmp_path / "small.trig"
    write_trig(PropertyGraph(pg.nodes[:1], (), pg.documents), small)
    real_open = stores.open_store
    opened: list[int] = []

    def open_during_a_rebuild(graph_dir: Path) -> ox.Store:
        opened.append(1)
        if len(opened) == 1:
            _replace_store(graph_dir, small)
            raise StoreError(f"{graph_dir / 'store'}: cannot open the Oxigraph store (IO error: No such file or "
                             "directory: While opening a file for sequentially reading: store/CURRENT)")
        return real_open(graph_dir)

    monkeypatch.setattr(stores, "open_store", open_during_a_rebuild)
    rows = stores.sparql_oxigraph(tmp_path, COUNT)[1]
    assert len(opened) == 2
    assert rows == [{"n": len(list(ox.parse(path=str(small), format=ox.RdfFormat.TRIG)))}]


def test_a_store_that_fails_in_place_is_reported_at_once(graph_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No build replaced it: the error is the store's own (or the query's), not a race."""
    from kg.errors import QueryError

    opened: list[int] = []

    def damaged(graph_dir: Path) -> ox.Store:
        opened.append(1)
        raise StoreError("store: cannot open the Oxigraph store (Corruption: bad block)")

    with pytest.raises(QueryError, match="malformed SPARQL"):
        stores.sparql_oxigraph(graph_dir, "SELECT nonsense")
    monkeypatch.setattr(stores, "open_store", damaged)
    with pytest.raises(StoreError, match="Corruption"):
        stores.sparql_oxigraph(graph_dir, COUNT)
    assert len(opened) == 1


_SWAPPER = """
import shutil, sys, time
from pathlib import Path
from kg.build_folder import commit
out, keep, seconds = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
print("ready", flush=True)
end, swaps = time.monotonic() + seconds, 0
while time.monotonic() < end and not (out / "stop").exists():
    stage = out / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    shutil.copytree(keep, stage / "store")
    commit(stage, out)
    swaps += 1
print(swaps, flush=True)
"""


def test_queries_while_builds_replace_the_store_never_fail(graph_dir: Path, tmp_path: Path) -> None:
    """The real race, with RocksDB: another process puts a copy of the store in place
    again and again, as a build's commit does (hundreds of times a second), while
    queries open it and read it. Before queries ran again on a replaced store, a few
    in a hundred failed (CURRENT, a table file or the log gone while opening)."""
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(graph_dir / "graph.trig", out / "graph.trig")
    shutil.copytree(graph_dir / "store", out / "store")
    expected = stores.sparql_oxigraph(out, COUNT)[1]
    swapper = subprocess.Popen([sys.executable, "-c", _SWAPPER, str(out), str(graph_dir / "store"), "60"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert swapper.stdout is not None and swapper.stdout.readline() == "ready\n"
        queries, end = 0, time.monotonic() + 3
        while time.monotonic() < end:
            assert stores.sparql_oxigraph(out, COUNT)[1] == expected
            queries += 1
    finally:
        (out / "stop").touch()
        swaps = int(swapper.communicate(timeout=60)[0] or 0)
    assert swapper.returncode == 0 and queries > 20 and swaps > 20
