from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from engagement.notifications.models import Notification
from engagement.notifications.outbox import notify, retry_due


@pytest.mark.django_db(transaction=True)
def test_a_notification_is_sent_through_the_task_queue():
    notify("resident@example.com", "您的诉求已答复", "请查看答复。", kind="demand_answered")

    assert [m.subject for m in mail.outbox] == ["您的诉求已答复"]
    assert Notification.objects.get().status == Notification.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_notification_survives_a_mail_outage_and_is_sent_on_retry(settings):
    settings.EMAIL_BACKEND = "tests.mail.BrokenMailBackend"
    notify("resident@example.com", "您的诉求已答复", "请查看答复。")

    waiting = Notification.objects.get()
    assert waiting.status == Notification.Status.PENDING
    assert waiting.attempts == 1
    assert "mail server down" in waiting.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_due(now=timezone.now()) == 0  # not due yet: backoff
    assert retry_due(now=timezone.now() + timedelta(hours=1)) == 1

    waiting.refresh_from_db()
    assert waiting.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [["resident@example.com"]]
