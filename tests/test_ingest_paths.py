"""Files, folders and globs → files; ``read_articles`` never stops at a bad file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import SUPPORTED_SUFFIXES, expand_paths, read_articles
from kg.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """news/a.md, news/2024/b.txt, news/2024/deep/c.md, news/notes.pdf, news/.hidden/d.md"""
    (tmp_path / "news" / "2024" / "deep").mkdir(parents=True)
    (tmp_path / "news" / ".hidden").mkdir()
    for rel in ("news/a.md", "news/2024/b.txt", "news/2024/deep/c.md", "news/.hidden/d.md", "news/.e.md"):
        (tmp_path / rel).write_text(f"Text of {rel}.\n", encoding="utf-8")
    (tmp_path / "news" / "notes.pdf").write_bytes(b"%PDF")
    return tmp_path


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root.resolve()).as_posix() for p in paths]


def test_folder_is_recursive_sorted_and_skips_hidden_and_unsupported(tree: Path) -> None:
    files, errors = expand_paths([str(tree / "news")])
    assert errors == []
    assert names(files, tree) == ["news/2024/b.txt", "news/2024/deep/c.md", "news/a.md"]
    assert all(p.is_absolute() for p in files)


def test_globs_including_double_star(tree: Path) -> None:
    files, _ = expand_paths([str(tree / "news" / "*.md")])
    assert names(files, tree) == ["news/a.md"]
    files, _ = expand_paths([str(tree / "news" / "**" / "*.md")])
    assert names(files, tree) == ["news/2024/deep/c.md", "news/a.md"]
    files, _ = expand_paths([str(tree / "news" / "20??")])  # a glob matching a folder
    assert names(files, tree) == ["news/2024/b.txt", "news/2024/deep/c.md"]


def test_relative_specs_and_dedup(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    files, errors = expand_paths(["news/a.md", "./news/a.md", "news/2024/../a.md", "news/*.md", "news"])
    assert errors == []
    assert names(files, tree) == ["news/2024/b.txt", "news/2024/deep/c.md", "news/a.md"]


def test_specs_that_match_nothing_are_errors(tree: Path) -> None:
    files, errors = expand_paths(
        [
            str(tree / "missing.md"),
            str(tree / "news" / "*.docx"),
            str(tree / "news" / ".hidden" / "none"),
            "",
            str(tree / "news" / "a.md"),
        ]
    )
    assert names(files, tree) == ["news/a.md"]
    assert len(errors) == 4 and all(isinstance(e, InputError) for e in errors)
    assert "missing.md" in str(errors[0]) and "no such file" in errors[0].problem
    assert "*.docx" in str(errors[1]) and "matches no article files" in errors[1].problem
    assert "empty path" in errors[3].problem


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    files, errors = expand_paths([str(tmp_path / "empty")])
    assert files == [] and "holds no article files" in errors[0].problem


def test_explicit_unsupported_file_is_kept_for_a_clear_read_error(tree: Path) -> None:
    files, errors = expand_paths([str(tree / "news" / "notes.pdf")])
    assert names(files, tree) == ["news/notes.pdf"] and errors == []
    [error] = list(read_articles([str(tree / "news" / "notes.pdf")]))
    assert isinstance(error, InputError) and "unsupported file type '.pdf'" in error.problem


def test_read_articles_yields_errors_and_keeps_going(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for fixture in FIXTURES.iterdir():
        shutil.copy(fixture, folder / fixture.name)
    (folder / "a-bad.md").write_text("---\npublished: never\n---\nBody\n", encoding="utf-8")
    (folder / "b-bad.jsonl").write_text('{"text": "ok"}\n{oops\n', encoding="utf-8")
    (folder / "c-bad.txt").write_bytes(b"\xff\xfe bytes")
    results = list(read_articles([str(folder), str(tmp_path / "nowhere" / "*.md"), str(folder / "page.html")]))
    errors = [r for r in results if isinstance(r, InputError)]
    articles = [r for r in results if isinstance(r, Article)]
    assert len(errors) == 4
    assert "nowhere" in str(errors[0])  # spec errors come first
    assert {Path(e.path).name for e in errors[1:]} == {"a-bad.md", "b-bad.jsonl", "c-bad.txt"}
    # all good articles still read: 2 jsonl + 1 atom + 2 rss + 1 html + 1 md, and the good line of
    # b-bad.jsonl; page.html given twice, read once
    assert len(articles) == 8
    assert any(a.path.endswith("/b-bad.jsonl#1") for a in articles)
    assert len({a.key for a in articles}) == 8
    assert sum(a.path.endswith("page.html") for a in articles) == 1


def test_supported_suffixes_constant() -> None:
    assert SUPPORTED_SUFFIXES == (".md", ".markdown", ".txt", ".html", ".htm", ".jsonl", ".rss", ".atom", ".xml")


def test_names_that_are_no_files_are_named_and_skipped(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text("Acme agreed to buy Widget.\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.md")  # reading it would block forever
    (folder / "loop1.md").symlink_to(folder / "loop2.md")
    (folder / "loop2.md").symlink_to(folder / "loop1.md")
    (folder / "gone.md").symlink_to(folder / "missing.md")
    (folder / "sub.md").mkdir()  # a folder named like a file is searched, not reported
    files, errors = expand_paths([str(folder)])
    assert [f.name for f in files] == ["good.md"]
    problems = {Path(e.path).name: e.problem for e in errors}
    assert set(problems) == {"pipe.md", "loop1.md", "loop2.md", "gone.md"}
    assert problems["pipe.md"].startswith("a named pipe (FIFO)")
    assert "symbolic link" in problems["gone.md"] and all(Path(e.path).is_absolute() for e in errors)
    _, [named] = expand_paths([str(folder / "pipe.md")])
    assert named.problem == "a named pipe (FIFO), not a file"
