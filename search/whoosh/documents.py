"""What one object becomes in the index: its document id, labels and text fields.

Documents are keyed ``<root model label>:<pk>`` (an ArticlePage is one document under
``wagtailcore.page:<pk>``); ``doc_ct`` holds the labels of the model and its concrete parents, so
searching ``Page`` finds articles and searching ``ArticlePage`` does not find policies.
"""

from collections import OrderedDict

from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)

from .schema import ALL_FIELD


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


# The SearchFields that name an object (a page's title, a policy's full title, a demand's title, a
# department's name): a match in one ranks above any match elsewhere (schema.BoostedText). Only
# the object's own fields: a related topic's or department's name is not the object's title. A
# model may name its own with ``search_title_fields``.
TITLE_FIELDS = ("title", "policy_title", "name")


def title_fields(model):
    """The catch-all keys (``t_<name>``) of ``model``'s title fields."""
    return {f"t_{name}" for name in getattr(model, "search_title_fields", TITLE_FIELDS)}


def prepare_document(obj):
    """The fields of ``obj``'s document: ``t_*``/``ac_*`` texts, the catch-all triples and the ids."""
    model = type(obj)
    fields = collect_fields(obj, model.get_search_fields())
    boosts = dict(searchable_fields(model))
    titles = title_fields(model)
    combined = [(text, boosts.get(key, 1.0), key in titles) for key, text in fields.items() if key.startswith("t_")]
    if combined:
        fields[ALL_FIELD] = combined
    fields.update(doc_id=doc_id(obj), doc_pk=str(obj.pk), doc_ct=" ".join(concrete_labels(model)))
    return fields
