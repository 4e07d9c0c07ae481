"""Raw records for insight tests: published comments (XtdComment) and, when demands land, demands."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.utils import timezone
from django_comments_xtd.models import XtdComment


def at(day, hour=10):
    """An aware datetime on a local day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def comment(text, day, *, public=True, target=None):
    """A comment on ``target`` (any model instance; the current Site by default) submitted on ``day``."""
    site = Site.objects.get_current()
    target = target or site
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk), site=site,
        user_name="居民", comment=text, submit_date=at(day), is_public=public, is_removed=False,
    )


def demand(title, topic, area, day=None, *, description="", public=True, author=None):
    """A demand submitted on ``day`` through the demands app's own intake."""
    from engagement.demands.intake import submit_demand

    return submit_demand(
        title=title, description=description or title, topic=topic, area=area, is_public=public,
        author=author, contact={"name": "张三", "phone": "13800000000", "email": "zhangsan@example.com"},
        submitted_at=at(day) if day else None,
    )
