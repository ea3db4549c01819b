# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Build your own graph, and measure it
#
# This notebook walks through the whole loop on your own material:
#
# 1. put articles in a folder (`.md`/`.txt` with front matter, `.html`, `.jsonl`, RSS/Atom);
# 2. ingest them into a fresh store;
# 3. look at what was extracted;
# 4. write a gold file (what the articles really say) and score the extraction against it.
#
# To keep it self-contained it writes a small invented article into a temporary folder. Replace
# `articles` with your own folder, and `gold` with your own annotations, to do the same for real.

# %%
import tempfile
from pathlib import Path

from kg import notebook as nb

work = Path(tempfile.mkdtemp(prefix="kg-build-your-own-"))
articles = work / "articles"
print("working in", work)

# %% [markdown]
# ## 1. Articles
#
# A Markdown article starts with YAML front matter: `title`, `url` (the article's identity) and
# `published` (relative dates such as "on Tuesday" are resolved against it). The companies here
# are invented, so the extractor has to find them with spaCy's NER rather than the gazetteer.

# %%
nb.write_article(
    articles,
    "northwind-contoso.md",
    title="Northwind Analytics agrees to buy Contoso Vision",
    url="https://example.org/my-news/northwind-contoso",
    published="2025-03-14",
    text="""
Northwind Analytics said on Tuesday that it has agreed to acquire Contoso Vision, a maker of
computer-vision software, for $120 million in cash.

The deal is expected to close in the second quarter, subject to regulatory approval.

Separately, Northwind Analytics signed a cloud supply agreement with Fabrikam Cloud in January.
""",
)
sorted(p.name for p in articles.iterdir())

# %% [markdown]
# ## 2. Ingest into a fresh store
#
# Each article becomes one named graph; re-ingesting the same article replaces its graph.

# %%
report = nb.ingest([articles], work / "store")
print(f"{report.articles} article(s), {report.events} event claim(s), store has {report.triples_after} quads")
assert report.ok, report.errors

# %% [markdown]
# ## 3. What was extracted
#
# The `events` query is the contract every tool can rely on (DESIGN §8.3).

# %%
store = nb.open_store(work / "store")
nb.query_df(store, "events")

# %%
nb.query_df(store, "companies")

# %%
store.close()

# %% [markdown]
# ## 4. Score it against your own gold annotations
#
# One JSON object per article: `{"file": ..., "events": [...]}`; each event lists its `parties`,
# `type`, `status`, `date` (at the precision the text gives), `amount` (`<integer> <ISO 4217>`)
# and the `evidence` sentence. A note starting with "background" marks a background fact.
#
# A predicted event matches a gold one when at least two parties agree: `pair` compares parties,
# `typed` adds the kind, `full` adds the status.

# %%
gold = nb.write_gold(
    work / "gold.jsonl",
    {
        "northwind-contoso.md": [
            {
                "parties": ["Northwind Analytics", "Contoso Vision"],
                "type": "acquisition",
                "status": "signed",
                "date": "2025-03-11",
                "amount": "120000000 USD",
                "evidence": "Northwind Analytics said on Tuesday that it has agreed to acquire Contoso Vision",
                "note": "main news",
            },
            {
                "parties": ["Northwind Analytics", "Fabrikam Cloud"],
                "type": "supply",
                "status": "signed",
                "date": "2025-01",
                "amount": None,
                "evidence": "Northwind Analytics signed a cloud supply agreement with Fabrikam Cloud in January.",
                "note": "background: an earlier deal",
            },
        ]
    },
)
scores = nb.evaluate(gold, articles)
nb.scores_df(scores)

# %% [markdown]
# The full report lists every miss and false positive with its evidence: the place to start when
# tuning patterns (`kg/extract/patterns/`) or adding companies to a gazetteer (`$KG_COMPANIES`).

# %%
print(scores.to_text(errors=True))

# %% [markdown]
# ## Next
#
# * `kg --store <folder> render --out site` draws the network as a static site;
# * `kg --store <folder> serve` answers SPARQL over HTTP at `/query`;
# * for many articles or several users, see "Scaling: SPARQL servers" in the README.
#
# The working folder printed at the top stays for you to look into; delete it when you are done.
