"""Namespaces of the alliance-kg ontology and access to the files in ``ontologies/``."""
