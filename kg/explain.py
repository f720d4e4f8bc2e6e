"""``kg explain``: every fact of one report with its evidence and the rule behind it."""

from __future__ import annotations

from pathlib import Path

from kg.extract import extract
from kg.model import DocExtraction
from kg.read import read_document


def explain(path: Path) -> str:
    """Extract one file and render its facts for auditing.

    Raises:
        InputError: the file cannot be read.
    """
    return render(extract(read_document(Path(path))))


def render(de: DocExtraction) -> str:
    """Text report: subject, entities by type, then each fact with evidence and rule."""
    lines = [f"document: {de.doc}", f"subject:  {de.subject or '-'}", ""]
    by_type: dict[str, list[str]] = {}
    for e in de.entities:
        by_type.setdefault(e.type, []).append(e.name + (f" ({'、'.join(e.aliases)})" if e.aliases else ""))
    for t, names in by_type.items():
        lines.append(f"{t} [{len(names)}]: " + "; ".join(names))
    lines.append("")
    for i, r in enumerate(de.relations, 1):
        attrs = {k: v for k, v in (("level", r.level), ("year", r.year), ("batch", r.batch), ("grade", r.grade),
                                   ("amount", r.amount), ("value_yuan", r.value_yuan)) if v is not None}
        extra = " " + " ".join(f"{k}={v}" for k, v in attrs.items()) if attrs else ""
        lines.append(f"{i}. {r.s} -{r.p}-> {r.o}{extra}")
        lines.append(f"   rule:     {r.rule}")
        lines.append(f"   evidence: {r.evidence.sentence}")
        lines.append(f"   offsets:  text[{r.evidence.start}:{r.evidence.end}] raw[{r.evidence.raw_start}:{r.evidence.raw_end}]")
    return "\n".join(lines)
