"""Search results: Whoosh finds and ranks candidates, the database filters, orders and fetches.

Filters and ordering on FilterFields are applied by the database on the primary keys Whoosh
returns (exact Django semantics, tree paths included); unfiltered relevance searches read only the
requested slice from Whoosh and from the database.
"""

from collections import OrderedDict

from django.db.models import Count
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import query as wq

from .documents import model_label

PK_CHUNK = 5000  # pk__in chunks (SQLite's variable limit)


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    # Whoosh side -------------------------------------------------------------------------
    def _whoosh_query(self):
        q = self.query_compiler.to_whoosh()
        if q is wq.NullQuery:
            return None
        return q

    def _ct_filter(self):
        return wq.Term("doc_ct", model_label(self.query_compiler.queryset.model))

    def _hits(self, limit=None):
        """[(pk, score)] in relevance order, at most ``limit``."""
        q = self._whoosh_query()
        if q is None:
            return []
        store = self.backend.store
        searcher = store.searcher()
        if isinstance(q, wq.Every):
            q = self._ct_filter()
            results = searcher.search(q, limit=limit, scored=False, sortedby=None)
        else:
            results = searcher.search(q, limit=limit, filter=store.model_docs(searcher, self._ct_filter()))
        pk_column = store.pk_column(searcher)
        pk_field = self.query_compiler.queryset.model._meta.pk
        hits = []
        for hit in results:
            hits.append((pk_field.to_python(pk_column[hit.docnum]), hit.score))
        return hits

    def _count_hits(self):
        q = self._whoosh_query()
        if q is None:
            return 0
        searcher = self.backend.store.searcher()
        if isinstance(q, wq.Every):
            q = self._ct_filter()
            return len(searcher.search(q, limit=1, scored=False))
        ct_docs = self.backend.store.model_docs(searcher, self._ct_filter())
        return len(searcher.search(q, limit=1, filter=ct_docs))

    # Database side -----------------------------------------------------------------------
    def _filter_pks(self, pks):
        """The subset of ``pks`` the queryset's filters let through (chunked for SQLite)."""
        qs = self.query_compiler.queryset
        allowed = set()
        for i in range(0, len(pks), PK_CHUNK):
            chunk = pks[i : i + PK_CHUNK]
            allowed.update(qs.filter(pk__in=chunk).order_by().values_list("pk", flat=True))
        return allowed

    def _ordered_pks(self, pks):
        """``pks`` (filtered) in the queryset's own order (order_by on FilterFields)."""
        qs = self.query_compiler.queryset
        if not qs.ordered:
            qs = qs.order_by("-pk")
        if len(pks) <= 30000:
            ordered = qs.filter(pk__in=pks).values_list("pk", flat=True)
        else:
            wanted = set(pks)  # too many for one IN (): walk the ordered table instead
            ordered = (pk for pk in qs.values_list("pk", flat=True).iterator() if pk in wanted)
        return list(dict.fromkeys(ordered))  # joins on related filters can repeat a row

    def _candidates(self):
        """All matching pks the filters allow, with scores, in relevance order (computed once
        per search: slices, count() and facets of the same search share it)."""
        cached = getattr(self.query_compiler, "_whoosh_candidates", None)
        if cached is not None:
            return cached
        hits = self._hits()
        if self.query_compiler.has_db_filters() and hits:
            allowed = self._filter_pks([pk for pk, _ in hits])
            hits = [(pk, s) for pk, s in hits if pk in allowed]
        self.query_compiler._whoosh_candidates = hits
        return hits

    def _fetch(self, pks, scores=None):
        """Model instances for ``pks``, in that order, through the caller's queryset
        (so ``.specific()``, ``select_related`` etc. are honoured)."""
        if not pks:
            return []
        base = self.query_compiler.queryset
        by_pk = {}
        for i in range(0, len(pks), PK_CHUNK):
            qs = base.filter(pk__in=pks[i : i + PK_CHUNK]).order_by()
            if self.prefetch_related:
                qs = qs.prefetch_related(*self.prefetch_related)
            by_pk.update((obj.pk, obj) for obj in qs)
        out = []
        for pk in pks:
            obj = by_pk.get(pk)
            if obj is None:
                continue  # deleted since it was indexed
            if self._score_field and scores is not None:
                setattr(obj, self._score_field, scores.get(pk))
            out.append(obj)
        return out

    def _do_search(self):
        compiler = self.query_compiler
        if compiler.has_ordering():
            hits = self._hits()
            if not hits:
                return []
            ordered = self._ordered_pks([pk for pk, _ in hits])[self.start : self.stop]
            return self._fetch(ordered, dict(hits))
        if not compiler.has_db_filters():
            # The fast path: only the requested slice is read from Whoosh and the database.
            hits = self._hits(limit=self.stop)[self.start : self.stop]
        else:
            hits = self._candidates()[self.start : self.stop]
        return self._fetch([pk for pk, _ in hits], dict(hits))

    def _do_count(self):
        if not self.query_compiler.has_db_filters():
            total = self._count_hits()
        else:
            total = len(self._candidates())
        total = max(total - self.start, 0)
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return total

    def candidate_pks(self):
        """Every matching primary key the queryset's filters allow, best first (for facets)."""
        return [pk for pk, _ in self._candidates()]

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None and not field_name.endswith("_id"):  # a ForeignKey by its name
            field = self.query_compiler._get_filterable_field(field_name + "_id")
            field_name = field_name + "_id" if field is not None else field_name
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {self.query_compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        pks = self.candidate_pks()
        counts = {}
        model = self.query_compiler.queryset.model
        for i in range(0, len(pks), PK_CHUNK):
            rows = (
                model._default_manager.filter(pk__in=pks[i : i + PK_CHUNK])
                .values(field_name).annotate(count=Count("pk")).order_by()
            )
            for row in rows:
                counts[row[field_name]] = counts.get(row[field_name], 0) + row["count"]
        return OrderedDict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))
