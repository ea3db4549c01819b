"""The commands of ``kg``. Each one parses options and calls one library function."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from kg.cli.app import app, fail, settings_of


def _progress(label: str) -> Any:
    """A tqdm bar (count, rate, ETA) on a terminal; nothing in pipes."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(desc=label, unit="article", dynamic_ncols=True, smoothing=0.1)


@contextmanager
def _extractor(settings: Any, workers: int | None, scheduler: str | None) -> Iterator[Any]:
    if not (workers or scheduler):
        yield None
        return
    from kg.distributed import cluster_extractor

    with cluster_extractor(settings, workers, scheduler) as extractor:
        yield extractor


@app.command()
def ingest(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(
        ..., help="Files, folders (read recursively) or globs: .md .txt .html .jsonl .rss .atom .xml"
    ),
    max_chars: int | None = typer.Option(
        None,
        "--max-chars",
        min=1,
        help="Reject articles longer than this many characters (else $KG_MAX_CHARS, else 2000000).",
    ),
    force: bool = typer.Option(False, "--force", help="Re-ingest articles whose text is already stored."),
    batch: int = typer.Option(200, "--batch", min=1, help="Articles per write (one transaction each)."),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Extract on a Dask LocalCluster of N worker processes."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Extract on an existing Dask cluster, e.g. tcp://HOST:8786."
    ),
    count: bool = typer.Option(
        False,
        "--count",
        help="Also print the store's triple count before and after (a full scan of the store each: "
        "seconds on a store of millions of triples).",
    ),
) -> None:
    """Read articles, extract partnership events and store them as RDF.

    Re-ingesting an article replaces its graph (one transaction). A bad file gets one
    line on stderr; the others are still ingested and the exit code is 1. Every check
    runs per article before anything is written: urls must be IRI-safe (urls with
    spaces or " < > { } | \\ ^ ` are rejected, not rewritten: percent-encode them),
    text, title and url must be valid Unicode, and an article may have at most
    --max-chars characters. Texts longer than the spaCy model's max_length are
    processed in chunks split at paragraph boundaries.

    Input is streamed: every --batch articles are written as one transaction, so an
    interrupted run loses at most the batch in flight, and an article whose text is
    already stored is skipped (rerun the same command to resume; --force re-ingests).
    With --workers N or --scheduler ADDRESS, extraction runs on a Dask cluster and this
    process writes.

    Example:

    \b
        kg --store my-store ingest data/articles 'news/**/*.md'
    """
    from kg import api

    settings = settings_of(ctx).with_(max_chars=max_chars)
    if workers and scheduler:
        typer.echo("error: give --workers or --scheduler, not both", err=True)
        raise typer.Exit(2)
    bar = _progress("ingest")

    def tick(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    try:
        with _extractor(settings, workers, scheduler) as extractor:
            report = api.ingest(
                paths, settings, on_progress=tick, chunk=batch, force=force, extractor=extractor, count=count
            )
    finally:
        if bar is not None:
            bar.close()
    for error in report.errors:
        typer.echo(f"error: {error}", err=True)
    skipped = f", {report.skipped} already stored (skipped; --force re-ingests)" if report.skipped else ""
    size = ""
    if report.triples_after is not None and report.triples_before is not None:
        size = f"; store has {report.triples_after} triples ({report.triples_after - report.triples_before:+d})"
    typer.echo(f"ingested {report.articles} article(s), {report.events} event claim(s){skipped}{size}", err=True)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def query(
    ctx: typer.Context,
    spec: str | None = typer.Argument(None, help="A named query (see --list), a .rq file, or SPARQL text."),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE, bound as an RDF term (repeatable)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json | tsv (SELECT results)."),
    list_: bool = typer.Option(False, "--list", help="List the named queries with their parameters."),
) -> None:
    """Run a named query, a .rq file or ad-hoc SPARQL over the store.

    Parameter values are bound as RDF terms, never pasted into the query text.
    CONSTRUCT and DESCRIBE results print as Turtle. The two answers that grow
    fastest with the store are bounded: co-investors gives its first 100 pairs
    and circular-flows its first 100 loops, ranked; --param limit=N changes
    that, and limit=0 gives them all.

    Example:

    \b
        kg query events --format csv
        kg query partners --param company=Microsoft
        kg query co-investors --param limit=0 --format csv
        kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from kg.query.results import FORMATS, format_table
    from kg.query.runner import bind, library, resolve
    from kg.store.table import Table

    if list_:
        for q in library().values():
            usage = " ".join(
                f"--param {p.name}=<{p.value_type}>" if p.required else f"[--param {p.name}=<{p.value_type}>]"
                for p in q.params
            )
            typer.echo(f"{q.name} {usage}".rstrip())
            typer.echo(f"    {q.description}")
        return
    if spec is None:
        raise typer.BadParameter("give a query name, a .rq file or SPARQL (or --list)")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    params: dict[str, str] = {}
    for item in param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"--param {item!r}: use NAME=VALUE")
        params[name] = value
    from kg import api

    named = resolve(spec)  # before the store is opened: a bad name fails first
    bind(named, params)  # and so do bad parameters
    with api.open_store(settings_of(ctx), create=False) as store:
        result = api.query(store, named, params)
    if isinstance(result, bool):
        typer.echo("true" if result else "false")
    elif isinstance(result, Table):
        typer.echo(format_table(result, fmt), nl=False)
    else:
        typer.echo(result.serialize(format="turtle"), nl=False)


@app.command()
def export(
    ctx: typer.Context,
    fmt: str = typer.Option(
        "trig", "--format", "-f", help="ttl | nt | nq | trig | jsonld (nq/trig/jsonld keep named graphs)."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Export the whole graph in a standard RDF syntax.

    Example:

    \b
        kg export --format trig --out graph.trig
    """
    from kg import api
    from kg.store.export import EXPORT_FORMATS

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
    text = api.export(fmt, out, settings_of(ctx))
    if out is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"wrote {out}", err=True)


@app.command()
def validate(ctx: typer.Context) -> None:
    """Check the graph against the SHACL shapes in ontologies/shapes.ttl.

    Prints one line per violation (focus node, path, message); exit 1 when it does not conform.

    Example:

    \b
        kg validate
    """
    from kg import api

    report = api.validate(settings_of(ctx))
    for violation in report.violations:
        typer.echo(violation.line())
    if not report.conforms:
        fail(f"the graph does not conform: {len(report.violations) - report.warnings} violation(s)")
    typer.echo(f"conforms ({report.warnings} warning(s))", err=True)


@app.command()
def rebuild(ctx: typer.Context) -> None:
    """Re-derive agreements, status views and company edges from the stored claims
    (and re-apply curation).

    Example:

    \b
        kg rebuild
    """
    from kg import api

    api.rebuild(settings_of(ctx))
    typer.echo("rebuilt agreements and derived views", err=True)


@app.command()
def render(
    ctx: typer.Context,
    out: Path = typer.Option(Path("site"), "--out", "-o", help="Folder for the static site."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="YYYY-MM-DD: the site as of that day (only claims dated on or before it count)."
    ),
) -> None:
    """Render the alliance network as a static site that opens from disk with no network.

    Pages: index.html (the network, with a replay slider), summary.html, flows.html (value
    flows and their loops), one page per company.

    Example:

    \b
        kg render --out site && xdg-open site/index.html
        kg render --as-of 2024-06-30 --out site-2024-06
    """
    from kg import api

    pages = api.render(out, as_of, settings_of(ctx))
    typer.echo(f"wrote {len(pages)} page(s); open {out / 'index.html'}")


@app.command()
def evaluate(
    ctx: typer.Context,
    gold: Path | None = typer.Argument(None, help="Gold annotations, JSON Lines (DESIGN §8.4)."),
    articles_dir: Path | None = typer.Argument(None, help="Folder with the annotated articles."),
    errors: bool = typer.Option(
        False,
        "--errors",
        help=(
            "List every miss and false positive with its evidence, every typed match whose party roles"
            " differ from the gold's, and every full match whose date disagrees with the gold's."
        ),
    ),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    cv: int = typer.Option(
        0,
        "--cv",
        min=0,
        help="K-fold cross-validation by article of the learned decisions over GOLD (default: all the gold "
        "`kg train` uses): each article is decided by a model fitted without it.",
    ),
) -> None:
    """Score extraction against gold annotations: pair / typed / full P, R, F1, dates, main news,
    and the calibration of the confidence (share of right claims per confidence bin).

    Example:

    \b
        kg evaluate ../shared/eval/dev/gold.jsonl ../shared/eval/dev/articles --errors
        kg evaluate --cv 5
    """
    import json

    from kg import api

    if (gold is None) != (articles_dir is None):
        fail("give both GOLD and ARTICLES_DIR, or neither (only with --cv)")
    if not cv and gold is None:
        fail("GOLD and ARTICLES_DIR are required without --cv")
    report = api.evaluate(gold, articles_dir, settings_of(ctx), cv=cv)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(report.to_text(errors=errors), nl=False)


@app.command()
def demo(
    ctx: typer.Context,
    out: Path = typer.Option(Path("site"), "--out", "-o", help="Folder for the rendered pages."),
) -> None:
    """Ingest the bundled sample articles into the store and render the pages.

    Example:

    \b
        kg demo && xdg-open site/index.html
    """
    from kg import api

    settings = settings_of(ctx)
    done = api.demo(out, settings)
    report = done.ingest
    for error in report.errors:
        typer.echo(f"error: {error}", err=True)
    where = settings.endpoint or settings.store
    typer.echo(f"ingested {report.articles} sample articles ({report.events} event claims) into {where}")
    typer.echo(f"rendered {len(done.pages)} pages: open {out.resolve() / 'index.html'}")
    typer.echo("try: kg query events --format table   |   kg query --list")
    if not report.ok:
        raise typer.Exit(1)


from kg.cli import learn, serve  # noqa: E402,F401  (registers `kg train`, `kg serve`)
