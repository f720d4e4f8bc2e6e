"""Fail when the dev scores (score.py --json on stdin) fall below the quality issue's
per-type, strict and attribute floors. The floors only rise."""

import json
import sys

TYPE_FLOORS = {"entities": 0.80, "relations": 0.70}
STRICT_ENTITY_FLOOR = 0.83
ATTRIBUTE_FLOOR = 0.90

res = json.load(sys.stdin)
low = []
for kind, floor in TYPE_FLOORS.items():
    for key, row in res["lenient"][kind].items():
        if key != "ALL" and row["f1"] < floor:
            low.append(f"{kind} {key}: F1 {row['f1']:.3f} < {floor}")
strict = res["strict"]["entities"]["ALL"]["f1"]
if strict < STRICT_ENTITY_FLOOR:
    low.append(f"strict entities: F1 {strict:.3f} < {STRICT_ENTITY_FLOOR}")
for name, value in res["lenient"]["attributes"].items():
    if value is not None and value < ATTRIBUTE_FLOOR:
        low.append(f"attribute {name}: accuracy {value:.3f} < {ATTRIBUTE_FLOOR}")
print("\n".join(low) or "quality floors met", file=sys.stderr)
sys.exit(1 if low else 0)
