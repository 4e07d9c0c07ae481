"""The entry point Wagtail's settings name (the backend lives in ``search/whoosh/``)::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "PATH": SEARCH_INDEX_DIR}}

modelsearch imports this module and takes its ``SearchBackend``; ``search.backend.WhooshSearchBackend``
works as a dotted path too.
"""

from .whoosh.backend import WhooshSearchBackend

SearchBackend = WhooshSearchBackend

__all__ = ["SearchBackend", "WhooshSearchBackend"]
