from django_tasks import task

from . import outbox


@task()
def deliver_notification(notification_id):
    return outbox.deliver(notification_id)


@task()
def retry_due_notifications():
    """Run periodically (every few minutes) by the worker's scheduler or cron: see the README."""
    return outbox.retry_due()
