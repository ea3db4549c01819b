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
from pathlib import Path

from kg.config import load_settings
from kg.evaluate.ablate import rare_parties, write_without


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSON Lines files")
    parser.add_argument("--companies", type=Path, help="the gazetteer to copy (default: the configured one)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rare = rare_parties(args.gold)
    kept = write_without(args.companies or load_settings().companies_csv, rare, args.out)
    print(f"{args.out}: {kept} companies, {len(rare)} gold parties of one article left out")


if __name__ == "__main__":
    main()
