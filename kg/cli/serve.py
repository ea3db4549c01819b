"""``kg serve``: the store over the SPARQL 1.1 Protocol, plus the rendered site."""

from __future__ import annotations

import secrets
import signal
from pathlib import Path
from typing import Any

import typer

from kg.cli.app import app, settings_of


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Interface to listen on (0.0.0.0 exposes the store to your network)."
    ),
    port: int = typer.Option(8000, "--port", help="TCP port (0 = any free port)."),
    allow_update: bool = typer.Option(
        False,
        "--allow-update",
        help="Accept SPARQL Update at /update (read-only without it); updates need `Authorization: Bearer TOKEN`.",
    ),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="KG_SERVE_TOKEN",
        help="Bearer token that updates must carry (default: $KG_SERVE_TOKEN, else one is generated and printed).",
    ),
    allow_federation: bool = typer.Option(
        False,
        "--allow-federation",
        help="Let queries use SERVICE and updates LOAD, which make the server fetch other URLs (refused with 403 without it).",
    ),
    site: Path | None = typer.Option(
        None,
        "--site",
        help="Folder of a rendered site to serve at / (default: ./site, rendered there first if missing).",
    ),
    no_site: bool = typer.Option(False, "--no-site", help="Serve SPARQL only; / shows a query form."),
    timeout: int = typer.Option(30, "--timeout", min=1, help="Seconds a query may run before it is stopped (504)."),
    max_result_mb: float = typer.Option(
        100.0, "--max-result-mb", min=0.001, help="Largest result relayed, in MB (larger ones get a 507)."
    ),
    max_concurrent: int = typer.Option(
        4, "--max-concurrent", min=1, help="Requests evaluated at once; others wait up to 10 s, then get a 503."
    ),
    max_connections: int = typer.Option(
        64,
        "--max-connections",
        min=1,
        help="Client connections open at once (a thread each); one more gets a 503 at once.",
    ),
) -> None:
    """Serve the store at http://HOST:PORT/query (SPARQL 1.1 Protocol) and the site at /.

    Queries: GET ?query=... or POST (application/sparql-query or a form); results as JSON,
    XML, CSV or TSV by the Accept header. Oxigraph's own server does the SPARQL work over
    the same store folder (with the union of all graphs as the default graph). Queries nested
    deeper than 64 levels are refused (400), and so are SERVICE and LOAD (403) without
    --allow-federation. With --allow-update, an update must carry `Authorization: Bearer
    TOKEN` (TOKEN from --token or $KG_SERVE_TOKEN, else generated and printed once at start),
    and a cross-site update (an Origin other than this server's) is refused. A query runs at
    most --timeout seconds (504), a result over --max-result-mb is not relayed (507), and at
    most --max-concurrent requests are evaluated at once (503 after 10 s of waiting). At most
    --max-connections clients are connected at once, and one silent for 30 s is dropped. While it
    runs, the store folder is locked: `kg ingest` into it is refused (go through the server
    with --endpoint, or stop it first). Stop with Ctrl-C.

    Example:

    \b
        kg serve --port 8000 &
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:8000/query
    """
    from kg import api
    from kg.serve import Limits

    settings = settings_of(ctx)
    folder: Path | None = None
    if not no_site:
        folder = site or Path("site")
        if not (folder / "index.html").is_file():
            if site is not None and folder.exists() and any(folder.iterdir()):
                raise typer.BadParameter(f"{folder} has no index.html; render it with `kg render --out {folder}`")
            typer.echo(f"rendering the site into {folder} ...", err=True)
            api.render(folder, settings=settings)
    limits = Limits(
        timeout_s=timeout,
        max_result_bytes=int(max_result_mb * 1024 * 1024),
        max_concurrent=max_concurrent,
        max_connections=max_connections,
    )
    generated = allow_update and not token
    if generated:
        token = secrets.token_urlsafe(24)
    running = api.serve(
        settings,
        host,
        port,
        folder,
        allow_update,
        token=token,
        allow_federation=allow_federation,
        limits=limits,
        background=False,
    )

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    with running:
        signal.signal(signal.SIGTERM, _stop)
        mode = "read-write" if allow_update else "read-only"
        typer.echo(f"SPARQL endpoint ({mode}): {running.query_url}", err=True)
        typer.echo(f"site: {running.url}/" if folder else f"query form: {running.url}/", err=True)
        if generated:
            typer.echo(f"update token (send `Authorization: Bearer TOKEN` to /update): {token}", err=True)
        try:
            running.serve_forever()
        except KeyboardInterrupt:
            typer.echo("stopping", err=True)
