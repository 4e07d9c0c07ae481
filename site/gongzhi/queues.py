"""Task queues by urgency, each with its own worker (README, Production):

    notifications   emails (engagement.notifications)                 db_worker --queue-name notifications
    default         cache purges, image focal points, file deletion   db_worker --queue-name default
    index           search index and Wagtail's reference index         db_worker --queue-name index
    insights        hot terms, alerts, routing model (cron --enqueue)  db_worker --queue-name insights

Gongzhi's own tasks name their queue in ``@task(queue_name=...)``; the libraries' tasks are routed
here, once, at start-up (their Task objects are frozen dataclasses: the queue is set in place, so
every module that imported them enqueues on it).
"""

from importlib import import_module

QUEUES = ["default", "notifications", "index", "insights"]

#: Library tasks that would otherwise share the default queue with cache purges.
LIBRARY_TASK_QUEUES = {
    "modelsearch.tasks.insert_or_update_object_task": "index",
    "wagtail.tasks.update_reference_index_task": "index",
}


def route_library_tasks():
    for path, queue in LIBRARY_TASK_QUEUES.items():
        module_name, name = path.rsplit(".", 1)
        task = getattr(import_module(module_name), name)
        object.__setattr__(task, "queue_name", queue)
