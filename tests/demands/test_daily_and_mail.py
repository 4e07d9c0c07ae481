import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from engagement.demands.daily import run_daily
from engagement.demands.models import Demand
from engagement.notifications.models import Notification
from engagement.notifications.outbox import retry_due

from .factories import make_demand


@pytest.mark.django_db
def test_daily_digest_lists_overdue_demands_for_supervisors(forwarded, supervisor):
    later = forwarded.accept_due_at + datetime.timedelta(hours=1)
    assert run_daily(now=later)["overdue"] == 1
    digest = Notification.objects.get(kind="demand_overdue_digest")
    assert digest.recipient == supervisor.email and forwarded.tracking_number in digest.body


@pytest.mark.django_db
def test_unrated_answers_close_after_seven_days(answered):
    assert run_daily(now=answered.answered_at + datetime.timedelta(days=6))["auto_closed"] == 0
    assert run_daily(now=answered.answered_at + datetime.timedelta(days=7, minutes=1))["auto_closed"] == 1
    answered.refresh_from_db()
    assert answered.status == "closed" and answered.events.last().action == "auto_closed"


@pytest.mark.django_db
def test_the_management_command_runs(capsys):
    call_command("demands_daily")
    assert "overdue: 0" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_demand_survives_a_mail_outage_and_its_email_is_retried(settings, topic, resident):
    settings.EMAIL_BACKEND = "tests.mail.BrokenMailBackend"
    demand = make_demand(topic, author=resident)

    assert Demand.objects.filter(tracking_number=demand.tracking_number).exists()  # committed, not lost
    waiting = Notification.objects.get(kind="demand_submitted")
    assert waiting.status == Notification.Status.PENDING and "mail server down" in waiting.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_due(now=timezone.now() + datetime.timedelta(hours=1)) == 1
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert demand.tracking_number in mail.outbox[0].subject
