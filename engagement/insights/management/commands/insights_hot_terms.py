import datetime

from django.core.management.base import BaseCommand

from engagement.insights.hot_terms import run_hot_terms


class Command(BaseCommand):
    help = "Count new public texts into the daily term tables and snapshot the hot terms (热点)."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=datetime.date.fromisoformat, help="Snapshot for this day (default today).")
        parser.add_argument("--full", action="store_true", help="Forget all counts and re-read the whole corpus.")
        parser.add_argument("--enqueue", action="store_true", help="Hand the job to the insights worker's queue.")

    def handle(self, *args, day=None, full=False, enqueue=False, **options):
        if enqueue:
            from engagement.insights.tasks import hot_terms_task

            result = hot_terms_task.enqueue(day=day.isoformat() if day else None, full=full)
            self.stdout.write(f"Enqueued on the insights queue: {result.id}")
            return
        result = run_hot_terms(day=day, full=full)
        if result is None:
            self.stdout.write("Another run holds the lock; nothing done.")
        else:
            self.stdout.write(
                f"Read {result['documents']} new documents; {result['snapshots']} snapshots written for {result['day']}."
            )
