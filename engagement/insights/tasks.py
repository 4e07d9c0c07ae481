"""The insight jobs as tasks on their own queue ("insights"), for `manage.py insights_* --enqueue`.

Cron may run the commands directly (the job runs in cron's process) or enqueue them: then the
insights worker (`db_worker --queue-name insights`) runs them, never ahead of an email or an index
update, which have their own queues and workers (README, Production).
"""

import datetime

from django_tasks import task

INSIGHTS_QUEUE = "insights"


@task(queue_name=INSIGHTS_QUEUE)
def hot_terms_task(day=None, full=False):
    from .hot_terms import run_hot_terms

    result = run_hot_terms(day=datetime.date.fromisoformat(day) if day else None, full=full)
    return None if result is None else {"documents": result["documents"], "snapshots": result["snapshots"]}


@task(queue_name=INSIGHTS_QUEUE)
def alerts_task(day=None):
    from .alerts import run_alerts

    result = run_alerts(day=datetime.date.fromisoformat(day) if day else None)
    return None if result is None else {"raised": result["raised"], "updated": result["updated"]}


@task(queue_name=INSIGHTS_QUEUE)
def train_routing_task():
    from .routing import train

    model = train()
    return None if model is None else model.samples
