"""Keep private objects out of the index on every save.

modelsearch's post_save handler only *adds* objects that are in ``get_indexed_objects()``; an
object that leaves that set (a demand made private, merged or rejected after being public) would
stay in the index. This handler removes it.
"""

from django.db.models.signals import post_save
from modelsearch.index import Indexed, get_indexed_models, remove_object


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


def connect():
    for model in get_indexed_models():
        if getattr(model, "search_auto_update", True) and _restricts_indexed_objects(model):
            post_save.connect(remove_if_no_longer_indexed, sender=model, dispatch_uid=f"search-privacy-{model._meta.label}")
