"""A verified social organisation for tests, made through the domain layer (organisations.verify)."""

import datetime

from django.utils import timezone

from engagement.residents import organisations
from engagement.residents.models import OrganisationVerification
from tests.comments.factories import make_resident

NAME = "东城区绿荫公益服务中心"


def make_organisation(moderator, username="lvyin", *, name=NAME, number="52110101MJ0000001X", days=365):
    """(account, record): a resident account verified by ``moderator`` until ``days`` from today."""
    account = make_resident(username, display_name="绿荫")
    record = organisations.verify(account, name=name, kind="welfare", registration_number=number,
                                  valid_until=timezone.localdate() + datetime.timedelta(days=days), by=moderator)
    return account, record


def expire(record):
    """Let the verification's valid_until pass (yesterday)."""
    OrganisationVerification.objects.filter(pk=record.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1))
