"""Rating a policy, and the figures shown under it and in the admin trend — in one place."""

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from content.choices import Satisfaction

from .models import PolicyRating

SCORES = range(1, 6)


class RatingRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def rate_policy(page, user, *, score, satisfaction, reason=""):
    """Record (or change) `user`'s rating of `page`. Returns (rating, created). Raises RatingRefused."""
    if user is None or not user.is_authenticated:
        raise RatingRefused(_("Please log in to rate this policy."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if score not in SCORES:
        raise RatingRefused(_("Please give a rating from 1 to 5 stars."))
    if satisfaction not in Satisfaction.values:
        raise RatingRefused(_("Please say whether you are satisfied with this policy."))
    reason = (reason or "").strip()
    if len(reason) > PolicyRating._meta.get_field("reason").max_length:
        raise RatingRefused(_("Please keep your reason to %(max)s characters.") % {"max": 300})
    values = {"score": score, "satisfaction": satisfaction, "reason": reason}
    try:
        with transaction.atomic():
            return PolicyRating.objects.update_or_create(page=page, user=user, defaults=values)
    except IntegrityError:
        # A simultaneous first rating by the same account won: this one becomes a change of it.
        PolicyRating.objects.filter(page=page, user=user).update(**values)
        return PolicyRating.objects.get(page=page, user=user), False


def _aggregates():
    figures = {
        "count": Count("pk"),
        "average": Avg("score"),
    }
    for n in SCORES:
        figures[f"score_{n}"] = Count("pk", filter=Q(score=n))
    for value in Satisfaction.values:
        figures[value] = Count("pk", filter=Q(satisfaction=value))
    return figures


def _shares(row):
    count = row["count"] or 0
    row["distribution"] = [
        {"score": n, "count": row[f"score_{n}"], "percent": round(100 * row[f"score_{n}"] / count, 1) if count else 0}
        for n in reversed(SCORES)
    ]
    row["satisfaction"] = [
        {"value": value, "label": label, "count": row[value],
         "percent": round(100 * row[value] / count, 1) if count else 0}
        for value, label in Satisfaction.choices
    ]
    row["satisfied_share"] = (
        round(100 * (row[Satisfaction.SATISFIED] + row[Satisfaction.BASICALLY_SATISFIED]) / count, 1) if count else 0
    )
    return row


def policy_summary(page):
    """Count, average, distribution 5..1 and satisfaction shares of one policy, in one query."""
    return _shares(PolicyRating.objects.filter(page=page).aggregate(**_aggregates()))


def weekly_trend(page):
    """Per week (Monday) of the latest rating: count, average, satisfaction shares — one query."""
    rows = (
        PolicyRating.objects.filter(page=page)
        .annotate(week=TruncWeek("updated_at"))
        .values("week").annotate(**_aggregates()).order_by("week")
    )
    return [_shares(dict(row)) for row in rows]
