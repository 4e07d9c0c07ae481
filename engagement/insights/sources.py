"""The public texts insights read: published comments, public demands, policy-rating reasons.

Each source yields ``Record``s with ids above a high-water mark, in id order, in chunks, so a
job reads only what is new. Insights only *read* the other apps (through the app registry, so a
source whose app has no model yet is simply skipped).

What is public is each source's one queryset below (for demands ``publicly_readable()``): the
records counted and the records that stay counted (``readable``) both come from it, so a
record that leaves it after it was counted (a demand rejected, merged or made private, a comment
removed) is taken back by the next run.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.utils import timezone


@dataclass(frozen=True)
class Record:
    source: str  # "comment" | "demand" | "rating"
    id: int
    day: date
    text: str
    topic_id: int | None = None
    area_id: int | None = None

    @property
    def ref(self):
        return f"{self.source}:{self.id}"


def local_day(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _has_fields(model, *names):
    have = {f.name for f in model._meta.get_fields()} | {getattr(f, "attname", "") for f in model._meta.get_fields()}
    return all(n in have for n in names)


def comment_queryset():
    model = _model("django_comments_xtd.XtdComment")
    if model is None:
        return None
    return model.objects.filter(is_public=True, is_removed=False)


def demand_queryset():
    model = _model("demands.Demand")
    if model is None or not _has_fields(model, "title", "description", "is_public", "submitted_at"):
        return None
    return model.objects.publicly_readable()


def rating_queryset():
    model = _model("ratings.PolicyRating")
    if model is None or not _has_fields(model, "reason", "created_at"):
        return None
    return model.objects.exclude(reason="")


def _comments(after_id, chunk):
    qs = comment_queryset()
    if qs is None:
        return
    rows = qs.filter(pk__gt=after_id).order_by("pk").values_list("pk", "submit_date", "comment")
    for pk, when, text in rows.iterator(chunk_size=chunk):
        yield Record("comment", pk, local_day(when), text or "")


def _demands(after_id, chunk):
    qs = demand_queryset()
    if qs is None:
        return
    rows = qs.filter(pk__gt=after_id).order_by("pk").values_list(
        "pk", "submitted_at", "title", "description", "topic_id", "area_id"
    )
    for pk, when, title, text, topic_id, area_id in rows.iterator(chunk_size=chunk):
        yield Record("demand", pk, local_day(when), f"{title or ''}\n{text or ''}", topic_id, area_id)


def _ratings(after_id, chunk):
    qs = rating_queryset()
    if qs is None:
        return
    rows = qs.filter(pk__gt=after_id).order_by("pk").values_list("pk", "created_at", "reason")
    for pk, when, text in rows.iterator(chunk_size=chunk):
        yield Record("rating", pk, local_day(when), text or "")


SOURCES = {"comment": _comments, "demand": _demands, "rating": _ratings}
QUERYSETS = {"comment": comment_queryset, "demand": demand_queryset, "rating": rating_queryset}


def read_new(source, after_id, chunk=2000):
    """Records of one source with id > after_id, oldest first."""
    yield from SOURCES[source](after_id, chunk)


def readable(source, low, high):
    """A source's records with ids in [low, high] that are public now; None when the source has
    no model (then nothing of it is public)."""
    qs = QUERYSETS[source]()
    if qs is None:
        return None
    return qs.filter(pk__gte=low, pk__lte=high)
