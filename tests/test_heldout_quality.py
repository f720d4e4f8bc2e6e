"""Quality on reports written apart from the rules: tests/data/heldout/.

Thirty-nine sets of fictional reports in styles the shared corpus lacks (numbered 经开区
summaries, traditional text with pinyin, scraped WeChat pages, flattened tables, a city
department's report on three zones, two reports in one file, a leader's speech, heavy
masks, bullet-point briefs, hard-wrapped scrapes, damaged scrapes, money-heavy 2024
reports, a provincial notice, an interview, honour lists, a town's and a sub-district's
parks, a 述职报告, a 党工委 report, foreign and listed firms, county and rural parks, a city
government's work report, a reply to a deputy's proposal, a rectification report, a free-trade
zone, a port, 2025 funding, PDF and document-site scrapes, news pieces, a commendation decision
with its attached lists, a 亩均 evaluation notice, low-altitude, digital, zero-carbon and maritime parks,
OCR slips, masked and rewritten text, county departments' reports, funding notices, list 公示 and
project plans as tables, a bonded zone, an agricultural and a chemical park, a border zone, a 发改局's
report on bonds and 国债, expo signing news, an east–west cooperation park, a speech, a Word
conversion with footnotes, a town's summary, a Q&A reply, hydrogen, dry-port, film, cross-border
e-commerce and mountain-county parks; reports made like the shared corpus, 2025–2026 policy words
(graded smart factories, 零碳, 低空, 算力, new funds), facts stated across sentences, more reports made like
the shared corpus, departments' and towns' reports on several parks taken park by park, and
2019–2022 project-heavy zone reports with a project table cut one cell a line, and short
snippets made like the dev corpus: simplified scrapes with site residue, traditional ones with
pinyin, big5 variants and mojibake, news and official-media pieces, and more of both; full-length
zone reports made like the corpus, badly damaged scrapes, departments' reports on money and honours), each
annotated by a writer who never
saw kg's code, with ``gold.jsonl`` per GUIDELINES. Scored with the
shared scorer; the floors sit a little below the figures of the README's Quality
section and only rise (the overall floors went from 0.78 to 0.77 relations when the sets P–R
joined the pool, then to 0.75 relations and 0.84 entities when S–U did, with T's tables and
notices the hardest set yet: over A–O alone relations are still near 0.80; 0.76 with V–X and
with Y–AA, whose AA states its facts across sentences, and with AB–AD; 0.77 with AE–AG; 0.78
relations and 0.85 entities with AH–AJ, unchanged with AK–AM).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.pipeline import build

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"
# lenient F1 floors: (entities, relations) over all sets, and relations per set
FLOORS = {"entities": 0.85, "relations": 0.78}
SET_FLOORS = {"A": 0.88, "B": 0.85, "C": 0.86, "D": 0.80, "E": 0.81, "F": 0.81, "G": 0.75, "H": 0.69, "I": 0.68,
              "J": 0.79, "K": 0.85, "L": 0.79, "M": 0.77, "N": 0.70, "O": 0.80,
              "P": 0.78, "Q": 0.65, "R": 0.80, "S": 0.74, "T": 0.66, "U": 0.74,
              "V": 0.70, "W": 0.68, "X": 0.75, "Y": 0.80, "Z": 0.66, "AA": 0.58,
              "AB": 0.82, "AC": 0.70, "AD": 0.81,
              "AE": 0.87, "AF": 0.76, "AG": 0.81, "AH": 0.90, "AI": 0.80, "AJ": 0.73,
              "AK": 0.79, "AL": 0.82, "AM": 0.73}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> dict[str, dict[str, object]]:
    out = tmp_path_factory.mktemp("heldout")
    build([HELDOUT], out / "build", validate=False, cache=False)
    predicted = [json.loads(line) for line in (out / "build" / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    results = {}
    for name in ["ALL", *SET_FLOORS]:
        folders = sorted(HELDOUT.iterdir()) if name == "ALL" else [HELDOUT / name]
        gold = [line for f in folders for line in (f / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = {json.loads(line)["doc"] for line in gold}
        (out / f"{name}.gold.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
        (out / f"{name}.pred.jsonl").write_text(
            "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in predicted if d["doc"] in docs), encoding="utf-8")
        run = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), str(out / f"{name}.gold.jsonl"),
                              str(out / f"{name}.pred.jsonl"), "--json"], capture_output=True, text=True, check=True)
        results[name] = json.loads(run.stdout)
    results["predicted"] = {"docs": sorted(d["doc"] for d in predicted)}
    return results


def test_every_heldout_report_is_read_and_predicted(scored: dict[str, dict[str, object]]) -> None:
    gold_docs = {json.loads(line)["doc"] for f in HELDOUT.iterdir() for line in (f / "gold.jsonl").read_text(encoding="utf-8").splitlines()}
    assert len(gold_docs) == 248 and sorted(gold_docs) == scored["predicted"]["docs"]


def test_heldout_quality_over_all_sets(scored: dict[str, dict[str, object]]) -> None:
    lenient = scored["ALL"]["lenient"]
    for part, floor in FLOORS.items():
        f1 = lenient[part]["ALL"]["f1"]  # type: ignore[index]
        assert f1 >= floor, f"held-out {part} F1 {f1:.3f} < {floor}"


@pytest.mark.parametrize("name", sorted(SET_FLOORS))
def test_heldout_relations_per_set(scored: dict[str, dict[str, object]], name: str) -> None:
    f1 = scored[name]["lenient"]["relations"]["ALL"]["f1"]  # type: ignore[index]
    assert f1 >= SET_FLOORS[name], f"held-out set {name}: relation F1 {f1:.3f} < {SET_FLOORS[name]}"
