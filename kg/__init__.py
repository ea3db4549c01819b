"""alliance-kg: a knowledge graph of AI-industry alliances built from news.

The package is laid out by stage (ingest → extract → resolve → rdf → store →
query/analyze → render). Importing it does no work; see ``kg.api`` for the
small public API used by the CLI and the notebooks.
"""

__version__ = "0.1.0"
