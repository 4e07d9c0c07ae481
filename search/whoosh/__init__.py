"""A Whoosh search backend for Wagtail / modelsearch that understands Chinese.

Wagtail's ``WAGTAILSEARCH_BACKENDS`` names ``search.backend``, which re-exports the backend class
from here. One module per concept:

    schema.py      the fields (``t_*``, ``ac_*``, the catch-all ``all_terms``), BoostedText, Weighting
    documents.py   what an object becomes in the index (document id, labels, field texts, boosts)
    store.py       the index on disk: generations, the CURRENT/BUILDING pointers, the single writer
    query.py       query compilers: search, autocomplete, more-like-this
    results.py     results: Whoosh ranks, the database filters, orders and fetches
    backend.py     modelsearch's backend, index and rebuilder interface

What lives in Whoosh: the document id, the model's primary key (a column, for fast reads), the
concrete model labels (``doc_ct``), one text field per SearchField (``t_<name>``, related fields as
``t_<relation>__<name>``), one per AutocompleteField (``ac_<name>``) and the catch-all field.
Filters and ordering on FilterFields are applied by the database on the candidates Whoosh returns
(exact Django semantics, tree paths included); ``check()`` still rejects filters/orderings on
fields that are not declared as FilterFields, as every modelsearch backend does.
"""
