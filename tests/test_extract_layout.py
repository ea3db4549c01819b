"""kg/extract stays in small pieces: no module over 400 lines, no function over 60 (issue #11)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kg.extract

EXTRACT = Path(kg.extract.__file__).parent
MODULES = sorted(EXTRACT.glob("*.py"))
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_the_extract_package_has_modules() -> None:
    assert {"events.py", "triggers.py", "status.py", "reconcile.py"} <= {p.name for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_module_is_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines; split it by job (at most {MAX_MODULE_LINES})"


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_functions_are_small(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = {
        f.name: f.end_lineno - f.lineno + 1
        for f in _functions(tree)
        if f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES
    }
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines {long}; split them into named steps"


def test_every_word_list_a_rule_names_is_in_vocab_json_and_every_list_is_used() -> None:
    import json
    import re

    from kg.extract.vocab import table, words

    texts = [path.read_text(encoding="utf-8") for path in MODULES]
    lists = {name for text in texts for name in re.findall(r'words\("(\w+)"\)', text)}
    tables = {name for text in texts for name in re.findall(r'table\("(\w+)"\)', text)}
    stored = {k for k in json.loads((EXTRACT / "patterns" / "vocab.json").read_text(encoding="utf-8")) if k[0] != "_"}
    named = lists | tables
    assert named == stored, f"named only in code: {named - stored}; only in vocab.json: {stored - named}"
    assert all(words(name) for name in lists) and all(table(name) for name in tables)


@pytest.mark.parametrize("name", ["vocab.json", "cues.json"])
def test_pattern_files_name_each_list_once(name: str) -> None:
    """JSON keeps the last of two equal keys without a word: a list added twice would silently
    replace the first (it once did: "approval_verbs")."""
    import json
    from collections import Counter

    repeated: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        repeated.extend(k for k, n in Counter(k for k, _ in items).items() if n > 1)
        return dict(items)

    json.loads((EXTRACT / "patterns" / name).read_text(encoding="utf-8"), object_pairs_hook=pairs)
    assert not repeated, f"{name} names {sorted(repeated)} more than once"
