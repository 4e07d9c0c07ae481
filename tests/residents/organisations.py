"""A verified social organisation for tests, made through the domain layer (organisations.verify)."""

import datetime
import io

from django.core.management import call_command

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
    """Let the verification's valid_until pass (yesterday), and the nightly job after midnight run."""
    OrganisationVerification.objects.filter(pk=record.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1))
    call_command("organisations_expired", stdout=io.StringIO())
