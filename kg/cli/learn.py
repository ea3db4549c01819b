"""``kg train``: fit the learned decisions on the gold sets and report cross-validated scores."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import app, fail, settings_of


def _parse_sets(specs: list[str]) -> list[tuple[str, Path, Path]]:
    out = []
    for spec in specs:
        name, _, rest = spec.partition("=")
        gold, _, articles = rest.partition(":")
        if not (name and gold and articles):
            fail(f"--gold {spec!r}: expected NAME=GOLD.jsonl:ARTICLES_DIR")
        out.append((name, Path(gold), Path(articles)))
    return out


def _cv_line(name: str, report: object) -> str:
    levels = report.levels  # type: ignore[attr-defined]
    da = report.date_accuracy  # type: ignore[attr-defined]
    p8 = report.full_precision_at_08  # type: ignore[attr-defined]
    return (
        f"{name:<14}{levels['pair'].f1:>8.3f}{levels['typed'].f1:>8.3f}{levels['full'].f1:>8.3f}"
        f"{'n/a' if da is None else f'{da:.3f}':>8}{'n/a' if p8 is None else f'{p8:.3f}':>10}"
    )


@app.command()
def train(
    ctx: typer.Context,
    gold: list[str] = typer.Option(
        [],
        "--gold",
        help="A gold set as NAME=GOLD.jsonl:ARTICLES_DIR (repeatable). Default: data/gold, data/eval, "
        "data/invented and ../shared/eval/dev (or $KG_SHARED/eval/dev) when present. Never pass the check set.",
    ),
    out: Path = typer.Option(
        None, "--out", "-o", help="Where to write the model (default: the one shipped, kg/extract/model/)."
    ),
    folds: int = typer.Option(5, "--folds", "-k", min=2, help="Folds of the article-level cross-validation."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report the cross-validated scores; write nothing."),
) -> None:
    """Train the learned decisions (kind, status, confidence) over the rules' features.

    Each candidate set of learned heads is scored by k-fold cross-validation by article (no
    article is scored by a model fitted on it); the set with the best cross-validated full F1
    is fitted on all the gold and written as JSON. Deterministic: the same gold gives the same
    file.

    Example:

    \b
        kg train && git diff --stat kg/extract/model
    """
    import json

    from kg.evaluate.learn import TrainParams, collect, default_gold_sets, fit, select_heads
    from kg.extract.decide import MODEL_RESOURCE

    settings = settings_of(ctx)
    sets = _parse_sets(gold) if gold else default_gold_sets()
    cases = collect(sets, settings)
    if len(cases) < folds:
        fail(f"{len(cases)} gold articles are too few for {folds} folds; add gold or lower --folds")
    params, reports = select_heads(cases, TrainParams(), settings, folds)
    typer.echo(f"{len(cases)} articles from {', '.join(n for n, _, _ in sets)}; {folds}-fold CV by article")
    typer.echo(f"{'heads':<14}{'pair':>8}{'typed':>8}{'full':>8}{'dates':>8}{'P@0.8':>10}")
    for name, report in reports.items():
        typer.echo(_cv_line(name, report))
    chosen = "+".join(params.heads) or "rules"
    typer.echo(f"learned decisions: {chosen} (confidence is always learned)")
    if dry_run:
        return
    about = {
        "trained_on": {n: sum(1 for c in cases if c.gold_set == n) for n, _, _ in sets},
        "folds": folds,
        "heads": list(params.heads),
        "cv": {name: r.levels["full"].to_dict() for name, r in reports.items()},
    }
    model = fit(cases, params, about=about)
    target = out or Path(__file__).resolve().parent.parent / "extract" / MODEL_RESOURCE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_text(json.dumps(model.to_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(target)
    typer.echo(f"wrote {target}")
