"""Background jobs (django-tasks). Cron or the worker's scheduler enqueues them: see the README."""

from django_tasks import task


@task()
def compute_hot_terms():
    """Hourly: count what is new and snapshot today's hot terms."""
    from .hot_terms import run_hot_terms

    result = run_hot_terms()
    return None if result is None else {**result, "day": str(result["day"])}


@task()
def raise_alerts():
    """Hourly, after compute_hot_terms: the early-warning detector for today."""
    from .alerts import run_alerts

    result = run_alerts()
    return None if result is None else {**result, "day": str(result["day"])}


@task()
def retrain_routing():
    """Nightly: retrain the department suggestion from past routing."""
    from .routing import train

    model = train()
    return model.samples if model else 0
