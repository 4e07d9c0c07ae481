"""Seeds bench/load.py's database (run by it in a subprocess, with its environment) and prints JSON:
the URLs the mix reads, the forms it posts to, and one logged-in session per simulated resident.

10,000 demands (bench/demands.py's realistic year) and 1,000 comments on one story (bench/comments.py).
"""

import json
import random
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent / "site"), str(BENCH.parent)]
sys.path.append(str(BENCH))  # last: bench/search.py must not shadow the search app

import django  # noqa: E402

django.setup()

RESIDENTS = 300


def session_for(user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def main():
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone
    from django_comments_xtd.models import XtdComment

    from comments import fill as fill_comments
    from content.models import ArticlePage, Area, Department, PolicyPage, SectionPage, Topic
    from demands import fill as fill_demands
    from engagement.demands.models import Demand
    from engagement.polls.models import Poll
    from tests.comments.factories import make_resident

    call_command("migrate", verbosity=0)
    if not ArticlePage.objects.exists():
        call_command("seed_demo", force=True, no_index=True, verbosity=0)
    article = ArticlePage.objects.live().order_by("-first_published_at").first()
    if Demand.objects.count() < 10_000:
        departments = list(Department.objects.order_by("pk")[:8])
        topics = list(Topic.objects.order_by("pk")[:8])
        grids = list(Area.objects.filter(kind=Area.Kind.GRID)[:4])
        count = 10_000 - Demand.objects.count()
        fill_demands(100_000, count, departments, topics, grids, random.Random(14))
    people = [make_resident(f"load{n:03d}") if not _exists(f"load{n:03d}") else _user(f"load{n:03d}")
              for n in range(RESIDENTS)]
    if XtdComment.objects.filter(object_pk=str(article.pk)).count() < 1000:
        fill_comments(article, 1000, people[:20])
    now = timezone.now()
    poll = Poll.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("pk").first()
    policy = PolicyPage.objects.live().first()
    section = SectionPage.objects.live().first()
    demand = Demand.objects.publicly_readable().order_by("-submitted_at").first()
    print(json.dumps({
        "pages": {"home": "/", "section": section.url, "article": article.url, "policy": policy.url,
                  "demands": "/demands/", "demand": demand.get_absolute_url(), "search": "/search/?q=%E5%81%9C%E8%BD%A6"},
        "comment_url": reverse("comments:post", args=[article.pk]), "rate_url": reverse("ratings:rate", args=[policy.pk]),
        "vote_url": reverse("polls:vote", args=[poll.pk]) if poll else None,
        "poll_choices": list(poll.choices.values_list("pk", flat=True)) if poll else [],
        "topic": Topic.objects.order_by("pk").first().pk, "grid": Area.objects.filter(kind=Area.Kind.GRID).first().pk,
        "sessions": [session_for(u) for u in people],
    }))


def _exists(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).exists()


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


if __name__ == "__main__":
    main()
