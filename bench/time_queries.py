"""Time every named query on a kept store, one pass per process; summarize passes.

A pass opens the store, runs one warm-up query, then every named query through ``api.query``
as ``kg query`` runs it (parameters as in ``bench_scale.PARAMS``; optional ones left out, so
``co-investors`` and ``circular-flows`` give their default first 100), and appends one JSON line
``{"label", "query", "seconds", "rows"}`` per query to ``--out``. ``--extra NAME:P=V`` adds a
run with parameters (skipped when the query does not declare them, e.g. on older code). Run
passes in fresh processes, alternating the code versions under comparison with
``PYTHONPATH``, then ``--summary`` prints the fastest and median of each (label, query)::

    for i in 1 2 3 4; do
      PYTHONPATH=old python bench/time_queries.py STORE --label before --out t.jsonl
      PYTHONPATH=new python bench/time_queries.py STORE --label after --out t.jsonl \\
          --extra co-investors:limit=0
    done
    python bench/time_queries.py --summary t.jsonl
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

PARAMS = {"company": "OpenAI", "status": "completed", "date": "2024-06-30"}


def one_pass(store_path: Path, label: str, out: Path, extras: list[str]) -> None:
    from kg import api
    from kg.query.runner import library
    from kg.store import open_oxigraph
    from kg.store.table import Table

    runs: list[tuple[str, dict[str, str]]] = []
    with open_oxigraph(store_path, create=False) as store:
        first = api.query(store, "agreements")  # warm-up; gives an agreement for `history`
        agreement = first.records()[0]["agreement"] if isinstance(first, Table) and first.rows else ""
        queries = library()
        for name, named in queries.items():
            runs.append((name, {p.name: PARAMS.get(p.name, agreement) for p in named.params if p.required}))
        for extra in extras:
            name, _, assignment = extra.partition(":")
            key, _, value = assignment.partition("=")
            if name in queries and key in {p.name for p in queries[name].params}:
                runs.append((f"{name} {key}={value}", {key: value}))
        with out.open("a", encoding="utf-8") as f:
            for shown, params in runs:
                start = time.perf_counter()
                result = api.query(store, shown.split(" ")[0], params)
                seconds = time.perf_counter() - start
                rows = len(result.rows) if isinstance(result, Table) else len(result)  # type: ignore[arg-type]
                f.write(json.dumps({"label": label, "query": shown, "seconds": seconds, "rows": rows}) + "\n")


def summary(path: Path) -> None:
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    rows: dict[tuple[str, str], int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        times[(r["query"], r["label"])].append(r["seconds"])
        rows[(r["query"], r["label"])] = r["rows"]
    print("| query | label | rows | fastest s | median s | passes |\n|---|---|---|---|---|---|")
    for (query, label), ts in sorted(times.items()):
        print(
            f"| {query} | {label} | {rows[(query, label)]:,} | {min(ts):.2f} | {statistics.median(ts):.2f} | {len(ts)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path, nargs="?")
    parser.add_argument("--label", default="run")
    parser.add_argument("--out", type=Path, default=Path("time_queries.jsonl"))
    parser.add_argument("--extra", action="append", default=[], help="NAME:PARAM=VALUE, e.g. co-investors:limit=0")
    parser.add_argument("--summary", type=Path, help="print the summary of this JSON Lines file and exit")
    args = parser.parse_args()
    if args.summary:
        summary(args.summary)
    elif args.store:
        one_pass(args.store, args.label, args.out, args.extra)
    else:
        parser.error("give a STORE or --summary FILE")


if __name__ == "__main__":
    main()
