"""Queues by urgency (gongzhi/queues.py): an email is never behind index work.

On the database backend (production's), with 2,000 index updates queued first, the notifications
worker delivers the email and leaves the index work to the index worker.
"""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from modelsearch.tasks import insert_or_update_object_task

from engagement.notifications.outbox import notify

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default", "notifications", "index", "insights"]}}


def test_library_index_tasks_and_gongzhi_emails_have_their_own_queues():
    from wagtail.tasks import update_reference_index_task

    from engagement.insights.tasks import hot_terms_task
    from engagement.notifications.tasks import deliver_notification

    assert insert_or_update_object_task.queue_name == "index"
    assert update_reference_index_task.queue_name == "index"
    assert deliver_notification.queue_name == "notifications"
    assert hot_terms_task.queue_name == "insights"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_an_email_queued_behind_2000_index_updates_is_delivered_first_by_its_worker():
    for n in range(2000):
        insert_or_update_object_task.enqueue("content", "articlepage", str(n))
    notify("resident@example.com", "您的诉求已答复", "部门已答复您的诉求。")

    call_command("db_worker", queue_name="notifications", batch=True, startup_delay=False, verbosity=0)

    assert [m.subject for m in mail.outbox] == ["您的诉求已答复"]
    assert DBTaskResult.objects.filter(queue_name="index", status="READY").count() == 2000
    assert not DBTaskResult.objects.filter(queue_name="notifications", status="READY").exists()
