"""A Whoosh search backend for Wagtail / modelsearch that understands Chinese.

Configure with::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "PATH": SEARCH_INDEX_DIR}}

Layout on disk (``PATH``)::

    CURRENT            name of the live generation (replaced atomically by os.replace)
    BUILDING           name of a generation being rebuilt (writers write to it too)
    gen-<stamp>/       a Whoosh index

What lives in Whoosh: the document id, the model's primary key (a column, for fast reads), the
concrete model labels (``_ct``), one text field per SearchField (``t_<name>``, related fields as
``t_<relation>__<name>``) and one per AutocompleteField (``ac_<name>``). Filters and ordering on
FilterFields are applied by the database on the candidates Whoosh returns (exact Django
semantics, tree paths included); ``check()`` still rejects filters/orderings on fields that are
not declared as FilterFields, as every modelsearch backend does.
"""

import logging
import os
import shutil
import threading
import time
import uuid
from collections import Counter, OrderedDict, defaultdict
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    get_model_root,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField, get_indexed_models
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq
from whoosh import scoring
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.index import LockError, create_in, exists_in, open_dir
from whoosh.system import pack_uint

from .analysis import (
    BIGRAM_MARK,
    HAN_RE,
    analyze,
    autocomplete_analyzer,
    normalize,
    query_units,
    text_analyzer,
)

logger = logging.getLogger(__name__)

WORD_BOOST = 2.0  # a whole jieba word counts twice a bigram: whole-word matches rank first
LOCK_TIMEOUT = float(getattr(settings, "SEARCH_LOCK_TIMEOUT", 60))
PK_CHUNK = 5000  # pk__in chunks (SQLite's variable limit)
# Every SearchField of a document, terms weighted by their field's boost. (An index built by an
# earlier release has "all_text", without the folded short words: it is searched through the
# t_* fields until `update_index` rebuilds it.)
ALL_FIELD = "all_terms"


BM25_K1, BM25_B = 1.2, 0.75
REF_LENGTH = 20  # tokens: the field length that gets no length penalty in the catch-all field


def field_tf(tf, length):
    """BM25's saturated, length-normalised term frequency for one field."""
    return tf * (BM25_K1 + 1) / (tf + BM25_K1 * ((1 - BM25_B) + BM25_B * length / REF_LENGTH))


class BoostedText(TEXT):
    """The catch-all field: its value is ``[(text, boost), ...]`` (one pair per SearchField).

    A term's stored weight is the sum over the fields of ``boost × BM25 tf`` (saturated and
    normalised by that field's length, at index time), and :class:`Weighting` scores it as
    ``idf × weight`` — the per-field sum of boosted BM25 scores the per-field query gave, in
    ONE posting per term. Searches over all SearchFields query one term here instead of OR-ing
    one boosted term per field (that Or, inside Ands, made queries slow at 50,000 documents),
    and Whoosh's block-max skipping works on plain term lists. No positions: phrase queries
    use the ``t_*`` fields. Length is normalised against a fixed reference length
    (``REF_LENGTH``), not the index's average, so weights never need recomputing.

    Short Han words are folded into the term with the same characters, so that a query for
    one or two characters is ONE plain term list (an Or of the word and its bigram, or of a
    character and every bigram starting with it, cost most of the query time):

    * every Han character is a term of its own here (a one-character query finds it
      anywhere); a one-character jieba word adds ``WORD_BOOST ×`` its score to that term;
    * a two-character jieba word adds ``WORD_BOOST ×`` its score to the weight of the bigram
      with the same characters (every document holding the word holds the bigram), so
      小区停车收费 weighs more than 暂停车辆通行 in the one list for 停车;
    * longer words keep postings of their own (the query ORs them in with ``WORD_BOOST``)."""

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), phrase=False)
        self.scorable = False  # no field lengths: the weights already hold them

    def index(self, value, **kwargs):
        if isinstance(value, str):
            value = [(value, 1.0)]
        freqs, weights = defaultdict(int), defaultdict(float)
        for text, boost in value:
            terms = analyze(text)  # the terms text_analyzer() gives, without Token objects
            length = len(terms)
            chars = Counter(char for run in HAN_RE.findall(normalize(text)) for char in run)
            for char, tf in chars.items():
                freqs[char] += tf
                weights[char] += boost * field_tf(tf, length)
            for term, tf in Counter(terms).items():
                weight = boost * field_tf(tf, length)
                if is_folded_word(term):
                    weights[folded_term(term)] += WORD_BOOST * weight
                else:
                    freqs[term] += tf
                    weights[term] += weight
        for term, freq in freqs.items():
            yield term.encode("utf-8"), freq, weights[term], pack_uint(freq)


def is_folded_word(term):
    """A Han word of one or two characters (see :class:`BoostedText`)."""
    return len(term) <= 2 and HAN_RE.fullmatch(term) is not None


def folded_term(word):
    """The catch-all term a short word's score is added to: the character, or the bigram."""
    return word if len(word) == 1 else BIGRAM_MARK + word


class PresaturatedScorer(scoring.BaseScorer):
    """``idf × stored weight`` (see :class:`BoostedText`), with block-max quality."""

    def __init__(self, idf, maxweight):
        self.idf, self.maxweight = idf, maxweight

    def supports_block_quality(self):
        return True

    def score(self, matcher):
        return self.idf * matcher.weight()

    def max_quality(self):
        return self.idf * self.maxweight

    def block_quality(self, matcher):
        return self.idf * matcher.block_max_weight()


class Weighting(scoring.BM25F):
    """BM25F for the ``t_*`` fields, ``idf × weight`` for the catch-all field."""

    def __init__(self):
        super().__init__(B=BM25_B, K1=BM25_K1)

    def scorer(self, searcher, fieldname, text, qf=1):
        if fieldname == ALL_FIELD:
            return PresaturatedScorer(searcher.idf(fieldname, text),
                                      searcher.term_info(fieldname, text).max_weight())
        return super().scorer(searcher, fieldname, text, qf=qf)


def build_schema():
    schema = Schema(
        doc_id=ID(unique=True, stored=True),
        doc_pk=ID(stored=True, sortable=True),
        doc_ct=KEYWORD(lowercase=False, commas=False, scorable=False),
    )
    schema.add("t_*", TEXT(analyzer=text_analyzer(), phrase=True), glob=True)
    schema.add("ac_*", TEXT(analyzer=autocomplete_analyzer(), phrase=False), glob=True)
    schema.add(ALL_FIELD, BoostedText())
    return schema


def model_label(model):
    return model._meta.label_lower


def doc_id(obj):
    return f"{model_label(get_model_root(type(obj)))}:{obj.pk}"


def concrete_labels(model):
    """The labels of ``model`` and its concrete parents (an ArticlePage is also a Page)."""
    labels = [model_label(model)]
    for parent in model._meta.get_parent_list():
        labels.append(model_label(parent))
    return labels


def text_of(value):
    """Flatten a field value (str, list from StreamField.get_searchable_content, etc.)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "\n".join(text_of(v) for v in value)
    return str(value)


def _related_values(value):
    if value is None:
        return []
    if hasattr(value, "all") and callable(value.all):
        return list(value.all())
    return [value]


def collect_fields(obj, search_fields, prefix=""):
    """{"t_title": text, "ac_title": text, ...} for one object."""
    doc = {}
    for field in search_fields:
        if isinstance(field, RelatedFields):
            for related in _related_values(field.get_value(obj)):
                sub = collect_fields(related, field.fields, prefix=f"{prefix}{field.field_name}__")
                for key, text in sub.items():
                    doc[key] = f"{doc[key]}\n{text}" if key in doc else text
        elif isinstance(field, (SearchField, AutocompleteField)):
            key = ("t_" if isinstance(field, SearchField) else "ac_") + prefix + field.field_name
            text = text_of(field.get_value(obj))
            if text:
                doc[key] = f"{doc[key]}\n{text}" if key in doc else text
    return doc


_fields_cache = {}


def searchable_fields(model, autocomplete=False, only=None, prefix=""):
    """[(whoosh_field, boost)] for the model and every indexed subclass of it (cached)."""
    key = (model, autocomplete, tuple(only) if only is not None else None, prefix)
    cached = _fields_cache.get(key)
    if cached is None:
        cached = _fields_cache[key] = _searchable_fields(model, autocomplete, only, prefix)
    return cached


def _searchable_fields(model, autocomplete=False, only=None, prefix=""):
    models = [model] + [m for m in get_indexed_models() if issubclass(m, model) and m is not model]
    found = OrderedDict()
    for m in models:
        for field in m.get_search_fields():
            _gather(field, autocomplete, only, prefix, found, top=True)
    return list(found.items())


def _gather(field, autocomplete, only, prefix, found, top):
    if isinstance(field, RelatedFields):
        if only is not None and top and field.field_name not in only:
            return
        for sub in field.fields:
            _gather(sub, autocomplete, None, f"{prefix}{field.field_name}__", found, top=False)
        return
    wanted = AutocompleteField if autocomplete else SearchField
    if not isinstance(field, wanted):
        return
    if only is not None and top and field.field_name not in only:
        return
    key = ("ac_" if autocomplete else "t_") + prefix + field.field_name
    boost = float(getattr(field, "boost", None) or 1.0)
    found[key] = max(found.get(key, 0), boost)


# --------------------------------------------------------------------------------------------
# The index on disk: generations, a pointer file, a writer that waits for the lock
# --------------------------------------------------------------------------------------------


class IndexStore:
    """The directory holding the generations of one Whoosh index; shared per path per process."""

    _instances = {}
    _instances_lock = threading.Lock()

    @classmethod
    def at(cls, path):
        path = Path(path)
        with cls._instances_lock:
            store = cls._instances.get(path)
            if store is None:
                store = cls._instances[path] = cls(path)
            return store

    def __init__(self, path):
        self.path = Path(path)
        self._ix = {}
        self._local = threading.local()
        self._lock = threading.Lock()

    # pointer files ------------------------------------------------------------------------
    def _read_pointer(self, name):
        try:
            return (self.path / name).read_text().strip() or None
        except FileNotFoundError:
            return None

    def _write_pointer(self, name, value):
        tmp = self.path / f".{name}.{os.getpid()}.{uuid.uuid4().hex}"
        tmp.write_text(value)
        os.replace(tmp, self.path / name)  # atomic on POSIX

    def current(self):
        gen = self._read_pointer("CURRENT")
        if gen and (gen in self._ix or exists_in(self.path / gen)):
            return gen
        return self._create_first()

    def _create_first(self):
        self.path.mkdir(parents=True, exist_ok=True)
        lockfile = self.path / ".init.lock"
        import fcntl

        with open(lockfile, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                gen = self._read_pointer("CURRENT")
                if gen and exists_in(self.path / gen):
                    return gen
                gen = self.new_generation()
                self._write_pointer("CURRENT", gen)
                return gen
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def new_generation(self):
        gen = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        (self.path / gen).mkdir(parents=True)
        create_in(self.path / gen, build_schema())
        return gen

    def open(self, gen):
        with self._lock:
            ix = self._ix.get(gen)
            if ix is None:
                ix = self._ix[gen] = open_dir(self.path / gen)
            return ix

    # reading ------------------------------------------------------------------------------
    def searcher(self):
        """A searcher on the live generation, one per thread, refreshed when the index changed."""
        gen = self.current()
        cached = getattr(self._local, "searcher", None)
        if cached is not None and cached[0] == gen and cached[1].up_to_date():
            searcher = cached[1]
        else:
            # Not Searcher.refresh(): it reuses segment readers by segment id and so keeps the
            # old deletion sets of segments that gained deletions (updated documents show twice).
            if cached is not None:
                cached[1].close()
            searcher = self.open(gen).searcher(weighting=Weighting())
        self._local.searcher = (gen, searcher)
        return searcher

    def model_docs(self, searcher, ct_query):
        """The document numbers of one model, cached per searcher: Whoosh would otherwise turn
        the filter query into a set on every search (the slowest part of a query)."""
        cache = getattr(self._local, "model_docs", None)
        if cache is None or cache[0] is not searcher:
            cache = self._local.model_docs = (searcher, {})
        key = ct_query.text
        docs = cache[1].get(key)
        if docs is None:
            docs = cache[1][key] = searcher._filter_to_comb(ct_query)
        return docs

    def pk_column(self, searcher):
        """The primary-key column reader, cached per searcher (opening it reads every offset)."""
        cached = getattr(self._local, "pk_column", None)
        if cached is None or cached[0] is not searcher:
            cached = self._local.pk_column = (searcher, searcher.reader().column_reader("doc_pk"))
        return cached[1]

    # writing ------------------------------------------------------------------------------
    def write_targets(self):
        gens = [self.current()]
        building = self._read_pointer("BUILDING")
        if building and building not in gens and (self.path / building).exists():
            gens.append(building)
        return gens

    def writer(self, gen, timeout=LOCK_TIMEOUT, **kwargs):
        """Whoosh allows one writer per index across processes: wait for the lock, retrying."""
        ix = self.open(gen)
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            try:
                return ix.writer(**kwargs)
            except LockError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(delay)  # waiting for another process's commit, not a test sleep
                delay = min(delay * 2, 0.25)

    def write(self, fn, gens=None, **writer_kwargs):
        for gen in gens or self.write_targets():
            w = self.writer(gen, **writer_kwargs)
            try:
                fn(w)
            except BaseException:
                w.cancel()
                raise
            w.commit()

    # rebuild ------------------------------------------------------------------------------
    def begin_rebuild(self):
        self.current()
        gen = self.new_generation()
        self._write_pointer("BUILDING", gen)
        return gen

    def finish_rebuild(self, gen):
        old = self._read_pointer("CURRENT")
        self._write_pointer("CURRENT", gen)
        try:
            (self.path / "BUILDING").unlink()
        except FileNotFoundError:
            pass
        self._local.__dict__.clear()
        if old and old != gen:
            with self._lock:
                self._ix.pop(old, None)
            # Other processes may still read the old generation for a moment; keep the
            # previous one and remove older ones.
            self.cleanup(keep={gen, old})

    def cleanup(self, keep):
        for child in self.path.glob("gen-*"):
            if child.name not in keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def reset(self):
        gen = self.begin_rebuild()
        self.finish_rebuild(gen)

    def size_bytes(self):
        gen = self.current()
        return sum(f.stat().st_size for f in (self.path / gen).iterdir() if f.is_file())


# --------------------------------------------------------------------------------------------
# modelsearch's index/rebuilder interface
# --------------------------------------------------------------------------------------------


class WhooshIndex(BaseIndex):
    def __init__(self, backend, gen=None):
        super().__init__(backend)
        self.gen = gen  # None: the live generation (and any being built)

    def get_key(self):
        return str(self.backend.store.path)

    def _gens(self):
        return [self.gen] if self.gen else None

    def prepare_document(self, obj):
        model = type(obj)
        fields = collect_fields(obj, model.get_search_fields())
        boosts = dict(searchable_fields(model))
        combined = [(text, boosts.get(key, 1.0)) for key, text in fields.items() if key.startswith("t_")]
        if combined:
            fields[ALL_FIELD] = combined
        fields.update(doc_id=doc_id(obj), doc_pk=str(obj.pk), doc_ct=" ".join(concrete_labels(model)))
        return fields

    def add_items(self, model, items):
        docs = [self.prepare_document(obj) for obj in items]
        if not docs:
            return

        fresh = self.gen is not None  # a rebuild's new generation: nothing to replace

        def write(w):
            has_all = ALL_FIELD in w.schema  # an index built before this catch-all field
            for doc in docs:
                if not has_all:
                    doc = {k: v for k, v in doc.items() if k != ALL_FIELD}
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


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True  # ordering is done by the database
    autocomplete = False
    use_all_field = False  # set by the results when the index has the catch-all field

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
        if self.use_all_field and not self.autocomplete and self.fields is None:
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
            from modelsearch.backends.base import SearchFieldError

            for name in self.fields:
                if name not in allowed:
                    raise SearchFieldError(
                        f'Cannot autocomplete with field "{name}". Please add '
                        f'index.AutocompleteField("{name}") to {self.queryset.model.__name__}.search_fields.',
                        field_name=name,
                    )
        self._get_filters_from_queryset(check_only=True)
        list(self._get_order_by())


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    # Whoosh side -------------------------------------------------------------------------
    def _whoosh_query(self):
        self.query_compiler.use_all_field = ALL_FIELD in self.backend.store.searcher().schema
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


SearchBackend = WhooshSearchBackend
