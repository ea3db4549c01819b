# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
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
# ## Follow the money: value flows and loops
#
# Every agreement of a directed kind whose claims say who pays is a value flow: investment
# (investor → investee), supply (customer → supplier), licensing (licensee → licensor),
# acquisition (acquirer → target), with its status, amount and US dollar value. The flows of the
# company with the most of them, as a DataFrame (`direction`: `in` when it is paid):

# %%
payer = nb.busiest_payer(store)
print("company:", payer)
money = nb.flows_df(store, company=payer)
money[["direction", "payer", "payee", "kind", "status", "amount", "amount_usd", "first_date"]]

# %% [markdown]
# Loops of flows among companies (A pays B, B pays A; or A → B → C → A), counting flows announced
# or later and not terminated or blocked; each row is one step, with its evidence sentence:

# %%
loops = nb.loops_df(store, statuses="all")
print(loops["loop"].nunique() if len(loops) else 0, "loop(s) with any status")
loops[["loop", "companies", "step", "payer", "payee", "kind", "status", "amount", "evidence"]]

# %% [markdown]
# The company's exposure: what comes in and goes out by counterparty, the largest counterparty's
# share, and the circular part (money from companies it pays itself, directly or via others).

# %%
nb.exposure_df(store, payer, statuses="all")

# %% [markdown]
# Goods go the other way: a supply deal that states a quantity ("10 gigawatts", "one million
# TPUs") is a goods flow from the supplier to the customer, in the unit stated.

# %%
nb.query_df(store, "goods-flows")[["supplier", "customer", "quantity", "unit", "status", "first_date", "evidence"]]

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
# Drawn as the site's pages draw it (the same data, layout and scripts): nodes sized by PageRank
# and coloured by community, edges coloured by kind (dashed while rumoured or in talks, faded once
# terminated or blocked). Hover for details; click an edge for all its sources.

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
