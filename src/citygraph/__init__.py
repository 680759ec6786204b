"""citygraph: an open knowledge graph of European cities, their networks and approaches."""

from citygraph.errors import CitygraphError, ProfileError

__version__ = "0.1.0"
__all__ = ["CitygraphError", "ProfileError", "__version__"]
