"""Mediation organisations (调解组织) for the 交办 tests: verified through the residents app's own functions."""

import datetime

from django.utils import timezone

from engagement.residents import organisations
from tests.factories import UserFactory


def verified_organisation(moderator, *, username="tiaojie", name="幸福里人民调解委员会", kind="mediation", days=300):
    """(account, verification record) of an organisation verified now, valid for ``days`` more days."""
    account = UserFactory(username=username, email=f"{username}@example.org")
    record = organisations.verify(account, name=name, kind=kind, registration_number=f"5311{username[:10]:0<10}Y",
                                  valid_until=timezone.localdate() + datetime.timedelta(days=days), by=moderator)
    return account, record
