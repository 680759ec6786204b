"""The exceptions citygraph raises: each names what was wrong and where."""

from pathlib import Path


class CitygraphError(Exception):
    """Base class of every error citygraph reports to a user."""


class ProfileError(CitygraphError):
    """A document does not follow the profile layout at a given line."""

    def __init__(self, path: str | Path, line: int, expected: str, found: str | None = None):
        self.path, self.line, self.expected, self.found = str(path), line, expected, found
        where = f"{self.path}:{line}"
        got = f"; found {found!r}" if found is not None else ""
        super().__init__(f"{where}: expected {expected}{got}")

    def __reduce__(self):  # crosses process boundaries (the build runs in a child process)
        return type(self), (self.path, self.line, self.expected, self.found)


class UnknownTopic(ProfileError):
    """A line where a topic category was due names no topic of the scheme."""


class DataError(CitygraphError):
    """A curated table is inconsistent (undefined slug, contradiction, missing source)."""

    def __init__(self, path: str | Path, row: int, message: str):
        self.path, self.row, self.message = str(path), row, message
        super().__init__(f"{path}:{row}: {message}")

    def __reduce__(self):
        return type(self), (self.path, self.row, self.message)


class QueryError(CitygraphError):
    """A SPARQL query is malformed or not allowed."""


class StoreError(CitygraphError):
    """The store could not be opened, loaded or reached."""
