"""Companies the gazetteer does not hold: score extraction as if the long tail were unknown.

Real news names companies no gazetteer holds. The gold sets we tune on name few of them (the
gazetteer grew with them), so their scores overstate what a new article gets. This writes a
copy of ``data/companies.csv`` without every company that is a gold party in at most one article
of the given gold files (hubs such as OpenAI or Nvidia stay), for ``kg evaluate`` to run with:

    .venv/bin/python bench/ablate_gazetteer.py data/eval/gold.jsonl data/gold/samples.jsonl \\
        ../shared/eval/dev/gold.jsonl --out /tmp/ablated.csv
    KG_COMPANIES=/tmp/ablated.csv .venv/bin/kg evaluate ../shared/eval/dev/gold.jsonl ../shared/eval/dev/articles

Results are in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rare_parties(gold_files: list[Path]) -> set[str]:
    """Gold party names that appear in at most one article over ``gold_files``."""
    count: Counter[str] = Counter()
    for path in gold_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                count.update({p for e in article["events"] for p in e["parties"]})
    return {name for name, n in count.items() if n <= 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSON Lines files")
    parser.add_argument("--companies", type=Path, default=ROOT / "data" / "companies.csv")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rare = rare_parties(args.gold)
    with args.companies.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = [r for r in reader if r["name"] not in rare]
    kept = {r["name"] for r in rows}
    for row in rows:
        if row.get("parent") and row["parent"] not in kept:
            row["parent"] = ""  # a dropped parent: the unit stands alone
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.out}: {len(rows)} companies, {len(rare)} gold parties of one article left out")


if __name__ == "__main__":
    main()
