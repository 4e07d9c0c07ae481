"""Policy evaluation (政策评价): a resident's score (1–5) and satisfaction for one policy explainer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from content.choices import Satisfaction

REASON_MAX_LENGTH = 300


class PolicyRating(models.Model):
    """One account's current opinion of one policy: posting again changes it (unique per page and user)."""

    page = models.ForeignKey(
        "content.PolicyPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("policy")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_ratings", verbose_name=_("resident")
    )
    score = models.PositiveSmallIntegerField(_("rating"), choices=[(n, str(n)) for n in range(1, 6)])
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("policy rating")
        verbose_name_plural = _("policy ratings")
        permissions = [("view_trend", _("Can see the weekly trend of policy ratings"))]
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="one_rating_per_account"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]
        indexes = [models.Index(fields=["page", "updated_at"])]

    def __str__(self):
        return f"{self.page_id}: {self.score}"
