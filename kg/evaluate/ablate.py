"""A gazetteer without the long tail: companies that are a gold party in at most one article.

Real news names companies no gazetteer holds, while the gold sets we tune on name few such
companies (the gazetteer grew with them). Scoring with this copy measures extraction as a new
article meets it: hubs known, the long tail unknown (``bench/ablate_gazetteer.py``).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

__all__ = ["rare_parties", "write_without"]


def rare_parties(gold_files: Iterable[Path]) -> set[str]:
    """Gold party names that appear in at most one article over ``gold_files``."""
    count: Counter[str] = Counter()
    for path in gold_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                count.update({p for e in article["events"] for p in e["parties"]})
    return {name for name, n in count.items() if n <= 1}


def write_without(companies_csv: Path, names: set[str], out: Path) -> int:
    """Copy ``companies_csv`` to ``out`` without the rows named ``names``; the rows kept."""
    with companies_csv.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = [r for r in reader if r["name"] not in names]
    kept = {r["name"] for r in rows}
    for row in rows:
        if row.get("parent") and row["parent"] not in kept:
            row["parent"] = ""  # a dropped parent: the unit stands alone
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
