import io

import pytest

from engagement.polls.models import Ballot, Poll
from engagement.polls.wagtail_hooks import seed_polls
from engagement.ratings.models import PolicyRating
from engagement.ratings.wagtail_hooks import seed_ratings
from tests.factories import ArticlePageFactory, PolicyPageFactory

pytestmark = pytest.mark.django_db


class FakeCommand:
    def __init__(self):
        self.stdout = io.StringIO()


def test_the_demo_seed_makes_polls_of_every_kind_and_ratings_and_is_idempotent(news_section, policy_section, grid):
    article = ArticlePageFactory(parent=news_section, title="停车难问题有了新办法")
    policies = [PolicyPageFactory(parent=policy_section) for _ in range(2)]

    for _ in range(2):
        seed_polls(FakeCommand())
        seed_ratings(FakeCommand())

    polls = list(Poll.objects.all())
    assert 4 <= len(polls) <= 6
    assert any(p.is_open() for p in polls)
    assert sum(p.has_closed() for p in polls) == 1
    assert sum(p.not_yet_open() for p in polls) == 1
    assert any(p.allow_anonymous for p in polls)
    assert Poll.objects.filter(page=article).exists()
    assert Ballot.objects.filter(poll__allow_anonymous=True, user__isnull=True).exists()
    assert Ballot.objects.filter(user__username__startswith="jumin").exists()
    assert not Ballot.objects.filter(poll__in=[p for p in polls if p.not_yet_open()]).exists()
    first_count = Ballot.objects.count()
    seed_polls(FakeCommand())
    assert Ballot.objects.count() == first_count

    ratings = PolicyRating.objects.filter(page__in=policies)
    assert ratings.count() > 0
    weeks = {r.updated_at.isocalendar()[:2] for r in ratings}
    assert len(weeks) > 3
    count = PolicyRating.objects.count()
    seed_ratings(FakeCommand())
    assert PolicyRating.objects.count() == count
