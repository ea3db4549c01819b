"""The ``kg`` command line: one Typer app, one module per command group, thin shells."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from kg.config import Settings, load_settings
from kg.errors import KgError

app = typer.Typer(
    name="kg",
    help="alliance-kg: turn news about AI-industry deals into a knowledge graph of alliances.\n\n"
    "Example:\n\n\b\n    kg ingest data/articles && kg query events --format csv && kg render --out site",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    store: Path | None = typer.Option(None, "--store", help="Store folder (else $KG_STORE, else ./kg-store)."),
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="Use a SPARQL 1.1 server instead of the embedded store (its query URL)."
    ),
    update_endpoint: str | None = typer.Option(
        None, "--update-endpoint", help="The server's update URL when it differs from --endpoint."
    ),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Log what happens."),
) -> None:
    """Global options for every command."""
    level = logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler()
    handler.setLevel(level)  # libraries that set their own loggers' level (Dask: INFO) stay quiet too
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    ctx.obj = load_settings(store=store, endpoint=endpoint, update_endpoint=update_endpoint)


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.obj if isinstance(ctx.obj, Settings) else load_settings()


def fail(message: str) -> None:
    """Print one line to stderr and exit 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def register() -> None:
    from kg.cli import commands  # noqa: F401  (registers the commands on ``app``)


def main() -> None:
    """Console entry point: KgError → one line on stderr and exit code 1."""
    register()
    try:
        app()
    except KgError as e:
        typer.echo(f"error: {e}", err=True)
        sys.exit(1)
