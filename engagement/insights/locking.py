"""One run of a job at a time: a lock row taken with SELECT … FOR UPDATE NOWAIT.

A second run that finds the row locked gets ``None`` and exits cleanly; everything the winner
writes commits (or rolls back) together with its high-water marks, so a crash loses nothing
and a rerun changes nothing. (SQLite has no row locks: there the database's single writer
serialises the runs, and the later one finds nothing new.)
"""

from contextlib import contextmanager

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from .models import JobLock


@contextmanager
def job_lock(name):
    """``with job_lock("hot_terms") as lock:`` — lock is the JobLock row, or None if another run holds it."""
    try:
        JobLock.objects.get_or_create(name=name)
    except IntegrityError:
        pass  # created by the concurrent run a moment ago
    with transaction.atomic():
        try:
            with transaction.atomic():
                lock = JobLock.objects.select_for_update(nowait=True).get(name=name)
        except DatabaseError:
            lock = None
        if lock is not None:
            lock.last_started_at = timezone.now()
            lock.save(update_fields=["last_started_at"])
        yield lock
        if lock is not None:
            lock.last_finished_at = timezone.now()
            lock.save(update_fields=["last_finished_at", "last_result"])
