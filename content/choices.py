"""Choices more than one app records, defined once so every figure counts the same values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Satisfaction(models.TextChoices):
    """How satisfied a resident is (满意 / 基本满意 / 不满意): with a policy (ratings) or an answer (demands)."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
