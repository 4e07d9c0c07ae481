"""The backend itself: modelsearch's backend, index and rebuilder interface over an IndexStore."""

from pathlib import Path

from django.conf import settings
from modelsearch.backends.base import BaseIndex, BaseSearchBackend

from .documents import doc_id, prepare_document
from .query import (
    MoreLikeThisQueryCompiler,
    WhooshAutocompleteQueryCompiler,
    WhooshSearchQueryCompiler,
)
from .results import WhooshSearchResults
from .store import IndexStore


class WhooshIndex(BaseIndex):
    def __init__(self, backend, gen=None):
        super().__init__(backend)
        self.gen = gen  # None: the live generation (and any being built)

    def get_key(self):
        return str(self.backend.store.path)

    def _gens(self):
        return [self.gen] if self.gen else None

    def prepare_document(self, obj):
        return prepare_document(obj)

    def add_items(self, model, items):
        docs = [self.prepare_document(obj) for obj in items]
        if not docs:
            return

        fresh = self.gen is not None  # a rebuild's new generation: nothing to replace

        def write(w):
            for doc in docs:
                if fresh:
                    w.add_document(**doc)
                else:
                    w.update_document(**doc)

        self.backend.store.write(write, gens=self._gens())

    def add_item(self, obj):
        self.add_items(type(obj), [obj])

    def delete_item(self, item):
        key = doc_id(item)
        self.backend.store.write(lambda w: w.delete_by_term("doc_id", key), gens=self._gens())

    def refresh(self):
        pass

    def reset(self):
        self.backend.store.reset()


class WhooshRebuilder:
    """Build everything into a fresh generation, then swap the pointer atomically."""

    def __init__(self, index):
        self.index = index
        self.gen = None

    def start(self):
        self.gen = self.index.backend.store.begin_rebuild()
        return WhooshIndex(self.index.backend, gen=self.gen)

    def finish(self):
        store = self.index.backend.store
        w = store.writer(self.gen)
        w.commit(optimize=True)  # one segment: faster searches
        store.finish_rebuild(self.gen)


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    rebuilder_class = WhooshRebuilder
    index_class = WhooshIndex
    catch_indexing_errors = False

    def __init__(self, params):
        super().__init__(params)
        path = params.pop("PATH", None) or params.pop("INDEX", None) or getattr(settings, "SEARCH_INDEX_DIR", None)
        if path is None:
            path = Path(settings.BASE_DIR) / "var" / "search-index"
        self.store = IndexStore.at(path)

    def get_index_for_model(self, model):
        return WhooshIndex(self)

    def more_like_this(self, model, text, fields=("title",), limit=5, queryset=None):
        """Objects of ``model`` whose ``fields`` share the most distinctive terms with ``text``.

        Whoosh's key-term extraction (Bo1 model) picks the terms of ``text`` that are most
        informative in those fields of the index; the query ORs them, weighted.
        """
        queryset = queryset if queryset is not None else model._default_manager.all()
        compiler = MoreLikeThisQueryCompiler(queryset, text, fields=list(fields), operator="or")
        compiler.backend_store = lambda: self.store
        compiler.check()
        return list(WhooshSearchResults(self, compiler)[:limit])
