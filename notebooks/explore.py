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
# # Explore the alliance graph
#
# This notebook opens the store that `make demo` builds (`kg-store` in the project root), or the
# one named by `$KG_STORE` (a folder) or `$KG_ENDPOINT` (a SPARQL server). Every cell calls the
# `kg` library; `kg.notebook` turns results into pandas DataFrames, charts and an inline network.

# %%
import pandas as pd

from kg import notebook as nb

pd.set_option("display.max_colwidth", 80)
store = nb.open_store()
print(f"{store.backend} store at {store.location}: {store.count()} quads")

# %% [markdown]
# ## Named queries and ad-hoc SPARQL
#
# The named query library (`kg query --list`), then the `events` contract: one row per status
# assertion with its source, agreement, kind, status, date, parties and amount.

# %%
nb.named_queries()

# %%
events = nb.query_df(store, "events")
events.head(10)

# %% [markdown]
# Any SPARQL works too. Queries read the union of all named graphs (one graph per article).

# %%
nb.query_df(
    store,
    """
    PREFIX kg:   <https://w3id.org/alliance-kg/ont#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?kind (COUNT(DISTINCT ?agreement) AS ?agreements) WHERE {
      ?agreement a ?cls . ?cls rdfs:subClassOf kg:Agreement ; skos:notation ?kind .
    } GROUP BY ?kind ORDER BY DESC(?agreements)
    """,
)

# %% [markdown]
# ## One company: partners and timeline
#
# We take the most central company (highest PageRank) so the notebook works on any store.

# %%
G = nb.company_network(store)
metrics = nb.network_metrics(G)
company = str(metrics.iloc[0]["label"])
print("company:", company)
nb.partners(store, company)

# %%
nb.timeline(store, company)

# %% [markdown]
# ## A deal's status history, with its evidence
#
# Each row is one source's claim: the status, its date, the article and the sentence it rests on.

# %%
agreement = nb.busiest_agreement(store)
print("agreement:", agreement)
nb.deal_history(store, agreement)

# %% [markdown]
# ## Network analytics (networkx)
#
# Degree (distinct partners), betweenness, PageRank and Louvain communities (seeded).

# %%
metrics.head(10)

# %%
nb.communities(G)

# %% [markdown]
# ## The network, interactive
#
# Nodes are sized by number of partners and coloured by community; edges are coloured by kind
# (dashed when terminated or blocked). Hover for details; drag to rearrange.

# %%
nb.show_network(G)

# %% [markdown]
# The same for one company's neighbourhood:

# %%
nb.show_network(G, company=company, height=420)

# %% [markdown]
# ## Deals over time
#
# Agreements per quarter of their first claimed date, by kind, and the current status of each kind.

# %%
nb.plot_deals_per_quarter(store);

# %%
nb.counts_by_kind_status(store)

# %%
store.close()
