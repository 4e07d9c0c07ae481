"""Query compilers: modelsearch's query objects → Whoosh queries (search, autocomplete,
more-like-this).

The user's text is never parsed as syntax: ``query_units()`` cuts it into Han runs and latin
words. Over all SearchFields a unit is one term list in the catch-all field; limited to some
``fields=`` it is an Or over the ``t_*`` fields.
"""

from modelsearch.backends.base import BaseSearchQueryCompiler, SearchFieldError
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq

from ..analysis import BIGRAM_MARK, query_units
from .documents import searchable_fields
from .schema import ALL_FIELD, WORD_BOOST, is_folded_word


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True  # ordering is done by the database
    autocomplete = False

    def _fields(self):
        return searchable_fields(self.queryset.model, autocomplete=self.autocomplete, only=self.fields)

    def _term(self, fields, text, boost=1.0, prefix=False):
        cls = wq.Prefix if prefix else wq.Term
        return wq.Or([cls(f, text, boost=b * boost) for f, b in fields]) if len(fields) > 1 else (
            cls(fields[0][0], text, boost=fields[0][1] * boost)
        )

    def _unit_query(self, unit, fields, prefix=False, boost=1.0):
        if unit.kind == "latin":
            return self._term(fields, unit.term, boost, prefix=prefix)
        folded = fields == [(ALL_FIELD, 1.0)]  # short words live in their character/bigram there
        if not unit.bigrams:  # one Han character
            char = unit.text
            if folded:
                return self._term(fields, char, boost)
            # the word, or a bigram starting with it
            return wq.Or([self._term(fields, char, WORD_BOOST * boost),
                          self._term(fields, BIGRAM_MARK + char, boost, prefix=True)])
        required = [self._term(fields, bg, boost) for bg in unit.bigrams]
        required = wq.And(required) if len(required) > 1 else required[0]
        long_words = [w for w in unit.words if len(w) > 1 and not (folded and is_folded_word(w))]
        words = [self._term(fields, w, WORD_BOOST * boost) for w in long_words]
        if not words:
            return required
        if long_words == [unit.text]:
            # The query run is one word: a document with that word has all its bigrams, so
            # OR-ing the word in adds score, not documents (and Or is faster than AndMaybe).
            return wq.Or([required] + words)
        return wq.AndMaybe(required, wq.Or(words) if len(words) > 1 else words[0])

    def _plain(self, text, operator, boost=1.0, prefix_last=False):
        fields = self._fields()
        if not fields:
            return wq.NullQuery
        if not self.autocomplete and self.fields is None:
            # All SearchFields: one term per query term in the catch-all field, whose weights
            # carry the field boosts (instead of an Or of one boosted term per field).
            fields = [(ALL_FIELD, 1.0)]
        units = query_units(text, stemmed=not self.autocomplete)
        if not units:
            return wq.NullQuery
        parts = []
        for i, unit in enumerate(units):
            prefix = prefix_last and unit.kind == "latin" and (self.autocomplete or i == len(units) - 1)
            parts.append(self._unit_query(unit, fields, prefix=prefix, boost=boost))
        return (wq.And if operator == "and" else wq.Or)(parts) if len(parts) > 1 else parts[0]

    def _phrase(self, text):
        fields = self._fields()
        terms = []
        for unit in query_units(text):
            terms.extend(unit.bigrams or ([unit.term] if unit.kind == "latin" else unit.words))
        if not terms or not fields:
            return wq.NullQuery
        if len(terms) == 1:
            return self._term(fields, terms[0])
        return wq.Or([wq.Phrase(f, terms, boost=b) for f, b in fields])

    def to_whoosh(self, query=None, boost=1.0):
        query = self.query if query is None else query
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            return self._plain(query.query_string, query.operator, boost * query.boost,
                               prefix_last=self.autocomplete)
        if isinstance(query, Fuzzy):
            return self._plain(query.query_string, query.operator, boost, prefix_last=True)
        if isinstance(query, Phrase):
            return self._phrase(query.query_string)
        if isinstance(query, Boost):
            return self.to_whoosh(query.subquery, boost * query.boost)
        if isinstance(query, Not):
            inner = self.to_whoosh(query.subquery, boost)
            if isinstance(inner, wq.Every):
                return wq.NullQuery
            if inner is wq.NullQuery:
                return wq.Every()
            return wq.Not(inner)
        if isinstance(query, And):
            parts = [self.to_whoosh(q, boost) for q in query.subqueries]
            if any(p is wq.NullQuery for p in parts):
                return wq.NullQuery
            parts = [p for p in parts if not isinstance(p, wq.Every)]
            return wq.And(parts) if parts else wq.Every()
        if isinstance(query, Or):
            parts = [self.to_whoosh(q, boost) for q in query.subqueries]
            if any(isinstance(p, wq.Every) for p in parts):
                return wq.Every()
            parts = [p for p in parts if p is not wq.NullQuery]
            return wq.Or(parts) if parts else wq.NullQuery
        raise NotImplementedError(f"{type(query).__name__} is not supported by the Whoosh backend.")

    def has_db_filters(self):
        return bool(self.queryset.query.where)

    def has_ordering(self):
        return not self.order_by_relevance


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    autocomplete = True

    def check(self):
        if self.fields:
            allowed = {f.field_name for f in self.queryset.model.get_autocomplete_search_fields()}
            for name in self.fields:
                if name not in allowed:
                    raise SearchFieldError(
                        f'Cannot autocomplete with field "{name}". Please add '
                        f'index.AutocompleteField("{name}") to {self.queryset.model.__name__}.search_fields.',
                        field_name=name,
                    )
        self._get_filters_from_queryset(check_only=True)
        list(self._get_order_by())


class MoreLikeThisQueryCompiler(WhooshSearchQueryCompiler):
    def to_whoosh(self, query=None, boost=1.0):
        text = self.query.query_string
        searcher = self.backend_store().searcher() if hasattr(self, "backend_store") else None
        fields = self._fields()
        if searcher is None or not fields:
            return super().to_whoosh(query, boost)
        parts = []
        for field, field_boost in fields:
            if field not in searcher.schema:
                continue
            try:
                terms = searcher.key_terms_from_text(field, text, numterms=12)
            except Exception:  # an empty field in the index: fall back to plain matching
                terms = []
            parts.extend(wq.Term(field, term, boost=field_boost * (1 + weight)) for term, weight in terms)
        return wq.Or(parts) if parts else super().to_whoosh(query, boost)
