"""The error hierarchy. Each message says what went wrong, where, and how to fix it."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error the CLI turns into one clean line and exit code 1."""


class InputError(KgError):
    """An article file, gold file or CSV that cannot be read or is malformed."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OutputError(KgError):
    """A file the command should write (``--out``) that cannot be written."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ConfigError(KgError):
    """A setting that is missing or has a bad value."""


class ModelError(KgError):
    """The spaCy pipeline named in the configuration cannot be loaded."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class QueryError(KgError):
    """A named query that does not exist, a bad parameter, or SPARQL that does not parse."""


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""


class ProcessError(KgError):
    """A server process that cannot be started, exits early or does not answer in time."""
