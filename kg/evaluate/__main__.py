"""``python -m kg.evaluate GOLD.jsonl ARTICLES_DIR [--json] [--errors]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.config import load_settings
from kg.errors import KgError
from kg.evaluate.runner import evaluate


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    flags = {a for a in args if a.startswith("--")}
    paths = [a for a in args if not a.startswith("--")]
    if len(paths) != 2:
        print("usage: python -m kg.evaluate GOLD.jsonl ARTICLES_DIR [--json] [--errors]", file=sys.stderr)
        return 2
    try:
        report = evaluate(Path(paths[0]), Path(paths[1]), load_settings())
    except KgError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if "--json" in flags:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.to_text(errors="--errors" in flags))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
