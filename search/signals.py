"""Keep private objects out of the index on every save.

modelsearch's post_save handler only *adds* objects that are in ``get_indexed_objects()``; an
object that leaves that set (a demand made private, merged or rejected after being public) would
stay in the index. This handler removes it.

It also re-indexes pages once Wagtail has finished publishing them (see below).
"""

from django.db.models.signals import post_save
from modelsearch.index import Indexed, get_indexed_models, insert_or_update_object, remove_object
from wagtail.signals import page_published


def _restricts_indexed_objects(model):
    from wagtail.models import Page

    if issubclass(model, Page):
        return False  # pages are all indexed; the search page filters live()/public()
    return model.get_indexed_objects.__func__ is not Indexed.get_indexed_objects.__func__


def remove_if_no_longer_indexed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if not sender.get_indexed_objects().filter(pk=instance.pk).exists():
        remove_object(instance)


def reindex_published_page(sender, instance, **kwargs):
    """modelcluster writes a page's ParentalManyToMany rows (topics, departments) *after* the
    post_save that indexes it; re-index once publishing has finished so they are included."""
    insert_or_update_object(instance)


def connect():
    page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published-page")
    for model in get_indexed_models():
        if getattr(model, "search_auto_update", True) and _restricts_indexed_objects(model):
            post_save.connect(remove_if_no_longer_indexed, sender=model, dispatch_uid=f"search-privacy-{model._meta.label}")
