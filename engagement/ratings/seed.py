"""Demo policy ratings for `manage.py seed_demo`: every seeded policy, spread over the last 10 weeks."""

import datetime
import random

from django.utils import timezone

from content.choices import Satisfaction
from content.models import PolicyPage

from .models import PolicyRating

REASONS = ["", "", "解读很清楚，办事指南一目了然。", "希望增加线上办理渠道。", "执行细则还不够具体。",
           "对老年人不太友好，建议加强宣传。", "", "补贴标准偏低。"]


def _satisfaction_for(score):
    if score >= 4:
        return Satisfaction.SATISFIED
    if score == 3:
        return Satisfaction.BASICALLY_SATISFIED
    return Satisfaction.DISSATISFIED


def seed_demo_ratings(command):
    from engagement.residents.seed import demo_residents

    residents = demo_residents()
    now = timezone.now()
    made = 0
    for page in PolicyPage.objects.live().order_by("pk"):
        for user in residents:
            rng = random.Random(f"{page.pk}/{user.username}")
            if rng.random() < 0.25 or PolicyRating.objects.filter(page=page, user=user).exists():
                continue
            score = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 4, 3])[0]
            rating = PolicyRating.objects.create(
                page=page, user=user, score=score, satisfaction=_satisfaction_for(score), reason=rng.choice(REASONS)
            )
            when = now - datetime.timedelta(days=rng.randint(0, 69), hours=rng.randint(0, 23))
            PolicyRating.objects.filter(pk=rating.pk).update(created_at=when, updated_at=when)
            made += 1
    command.stdout.write(f"Policy ratings: {made} new, {PolicyRating.objects.count()} in all")
