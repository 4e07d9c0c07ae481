from django_tasks import task

from . import daily


@task()
def demands_daily():
    """Once a day (cron or the worker's scheduler): overdue digest + auto-close. See daily.py."""
    return daily.run_daily()
