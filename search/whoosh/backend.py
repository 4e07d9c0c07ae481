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
    """The live index, or (``gen``) a rebuild's new generation, written by one writer from the
    first chunk to :meth:`WhooshRebuilder.finish`: no commit, no segment and no merge per chunk."""

    def __init__(self, backend, gen=None):
        super().__init__(backend)
        self.gen = gen  # None: the live generation
        self.writer = None

    def get_key(self):
        return str(self.backend.store.path)

    def prepare_document(self, obj):
        return prepare_document(obj)

    def _rebuild_writer(self):
        if self.writer is None:
            self.writer = self.backend.store.writer(self.gen, rebuild=True)
        return self.writer

    def add_items(self, model, items):
        docs = [self.prepare_document(obj) for obj in items]
        if not docs:
            return
        if self.gen is None:
            self.backend.store.apply([("update", doc) for doc in docs])
            return
        writer = self._rebuild_writer()
        for doc in docs:  # a fresh generation: nothing to replace
            writer.add_document(**doc)

    def add_item(self, obj):
        self.add_items(type(obj), [obj])

    def delete_item(self, item):
        if self.gen is None:
            self.backend.store.apply([("delete", doc_id(item))])
        else:
            self._rebuild_writer().delete_by_term("doc_id", doc_id(item))

    def refresh(self):
        pass

    def reset(self):
        self.backend.store.reset()


class WhooshRebuilder:
    """Build everything into a fresh generation, then swap the pointer atomically."""

    def __init__(self, index):
        self.index = index
        self.new_index = None

    def start(self):
        self.new_index = WhooshIndex(self.index.backend, gen=self.index.backend.store.begin_rebuild())
        return self.new_index

    def finish(self):
        store, new = self.index.backend.store, self.new_index
        writer = new._rebuild_writer()
        try:
            writer.commit(optimize=True)  # one writer, one segment
        except BaseException:
            writer.cancel()
            raise
        new.writer = None
        store.finish_rebuild(new.gen)


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
