"""Run extraction over a gold set's articles and score it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.config import Settings
from kg.errors import InputError
from kg.evaluate.gold import load_gold
from kg.evaluate.scorer import EvalReport, score
from kg.records import Article, EventCandidate
from kg.resolve.gazetteer import Gazetteer, load_gazetteer
from kg.resolve.names import fold as fold_name

__all__ = ["evaluate", "party_key"]


def party_key(gazetteer: Gazetteer) -> Callable[[str], str]:
    """Folding for matching: the gazetteer's canonical name when known, else the folded name."""

    def key(name: str) -> str:
        canonical = gazetteer.canonical(name)
        return fold_name(canonical if canonical is not None else name)

    return key


def _read_articles(gold_files: list[str], articles_dir: Path) -> list[tuple[str, Article]]:
    from kg.ingest.readers import read_file

    out: list[tuple[str, Article]] = []
    for rel in gold_files:
        # "feed.rss#2" names the second entry of a multi-article file (as Article.path does)
        name, _, entry = rel.rpartition("#") if "#" in rel else (rel, "", "")
        path = articles_dir / name
        if not path.is_file():
            raise InputError(str(path), f"the gold file names {rel!r}, which is not in {articles_dir}; fix the path")
        articles = read_file(path)
        if entry:
            if not entry.isdigit() or not 1 <= int(entry) <= len(articles):
                raise InputError(
                    str(path), f"the gold file names entry #{entry}, but the file holds {len(articles)} articles"
                )
            out.append((rel, articles[int(entry) - 1]))
            continue
        if len(articles) != 1:
            raise InputError(str(path), f"expected one article, found {len(articles)}; name one as {rel}#N")
        out.append((rel, articles[0]))
    return out


def evaluate(gold_path: Path, articles_dir: Path, settings: Settings) -> EvalReport:
    """Extract events from every article the gold file names and score them."""
    from kg.extract.events import extract_articles
    from kg.extract.pipeline import build_nlp

    gold = load_gold(gold_path)
    gazetteer = load_gazetteer(settings.companies_csv)
    nlp = build_nlp(settings, gazetteer)
    pairs = _read_articles(sorted(gold), Path(articles_dir))
    keys = {id(article): rel for rel, article in pairs}
    predictions: dict[str, list[EventCandidate]] = {}
    for article, events in extract_articles(
        (a for _, a in pairs), nlp, gazetteer, batch_size=settings.batch_size, n_process=settings.n_process
    ):
        predictions[keys.get(id(article), article.path)] = events
    if len(predictions) != len(pairs):  # n_process > 1 copies articles; map back by path
        by_path = {a.path: rel for rel, a in pairs}
        predictions = {by_path.get(k, k): v for k, v in predictions.items()}
    return score(gold, predictions, party_key(gazetteer))
