from django_tasks import task

from . import outbox


@task()
def deliver_notification(notification_id):
    return outbox.deliver(notification_id)
