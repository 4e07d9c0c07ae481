import datetime

from django.core.management.base import BaseCommand

from engagement.insights.alerts import run_alerts


class Command(BaseCommand):
    help = "Run the early-warning detector (预警) for one day (default today)."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=datetime.date.fromisoformat)
        parser.add_argument("--enqueue", action="store_true", help="Hand the job to the insights worker's queue.")

    def handle(self, *args, day=None, enqueue=False, **options):
        if enqueue:
            from engagement.insights.tasks import alerts_task

            result = alerts_task.enqueue(day=day.isoformat() if day else None)
            self.stdout.write(f"Enqueued on the insights queue: {result.id}")
            return
        result = run_alerts(day=day)
        if result is None:
            self.stdout.write("Another run holds the lock; nothing done.")
        else:
            self.stdout.write(f"{result['day']}: {result['raised']} alerts raised, {result['updated']} updated.")
