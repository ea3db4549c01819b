"""The README documents every command and every named query (so the docs cannot drift)."""

from __future__ import annotations

import typer.main

from kg.cli.app import app, register
from kg.config import PROJECT_ROOT
from kg.query.runner import library

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_set_up_commands() -> None:
    head = README[:600]
    assert "make demo" in head and "make test" in head


def test_every_command_is_documented() -> None:
    register()
    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        assert f"`kg {name}" in README, f"kg {name} is not in the README"


def test_every_named_query_is_documented() -> None:
    for name, query in library().items():
        assert f"| `{name}` |" in README, f"named query {name} is not in the README's table"
        for param in query.params:
            assert f"`{param.name}`" in README
