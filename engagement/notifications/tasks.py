from django_tasks import task

from . import outbox


# Its own queue and worker (README, Production): an email never waits behind index updates.
@task(queue_name="notifications")
def deliver_notification(notification_id):
    return outbox.deliver(notification_id)
