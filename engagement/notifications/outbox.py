"""Sending notifications: `notify()` records one and queues its delivery; delivery retries with backoff.

Everything that tells a person something by email calls `notify()`; nothing calls send_mail directly.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import MAX_ATTEMPTS, Notification, backoff

logger = logging.getLogger(__name__)


def notify(recipient, subject, body, *, user=None, kind=""):
    """Record a notification and deliver it through the task queue once the transaction commits.

    Returns the Notification. If the mail server is down the row stays pending and
    `retry_due()` (the `send_notifications` command / task) sends it later.
    """
    if not recipient:
        return None
    notification = Notification.objects.create(
        recipient=recipient, subject=subject[:200], body=body, user=user, kind=kind
    )
    from .tasks import deliver_notification

    transaction.on_commit(lambda: deliver_notification.enqueue(notification.pk))
    return notification


def deliver(notification_id):
    """Try to send one pending notification; on failure record the error and schedule a retry."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return False  # already sent by another worker, or given up
        notification.attempts += 1
        try:
            send_mail(notification.subject, notification.body, None, [notification.recipient])
        except Exception as exc:  # any mail failure: SMTP down, refused, DNS…
            logger.warning("Notification %s not sent (attempt %s): %s", notification.pk, notification.attempts, exc)
            notification.last_error = repr(exc)[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
            notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def retry_due(now=None):
    """Deliver every pending notification whose next attempt is due. Returns how many were sent."""
    now = now or timezone.now()
    due = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
    return sum(1 for pk in due.values_list("pk", flat=True) if deliver(pk))
