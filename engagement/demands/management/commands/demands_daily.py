from django.core.management.base import BaseCommand

from engagement.demands.daily import run_daily


class Command(BaseCommand):
    help = "Email Supervisors the overdue demands and close answers unrated for 7 days."

    def handle(self, *args, **options):
        result = run_daily()
        self.stdout.write(f"overdue: {result['overdue']}, auto-closed: {result['auto_closed']}")
