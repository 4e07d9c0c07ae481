"""Comment fixtures' helpers: residents and comments made through the domain layer."""

from datetime import timedelta

from django.utils import timezone

from engagement.comments import services
from engagement.comments.models import CommentSettings
from tests.factories import UserFactory


def make_resident(username, *, hours_old=48, **profile):
    from engagement.residents.models import profile_for

    user = UserFactory(username=username, email=f"{username}@example.com")
    user.date_joined = timezone.now() - timedelta(hours=hours_old)
    user.save(update_fields=["date_joined"])
    if profile:
        p = profile_for(user)
        for key, value in profile.items():
            setattr(p, key, value)
        p.save()
    return user


def site_settings(site=None):
    from wagtail.models import Site

    return CommentSettings.for_site(site or Site.objects.get(is_default_site=True))


def comment(page, user, text="很好的政策，支持！", parent=None):
    return services.post_comment(page, text, user=user, parent=parent, comment_settings=site_settings())
