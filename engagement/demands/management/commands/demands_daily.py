from django.core.management.base import BaseCommand

from engagement.demands.daily import run_daily


class Command(BaseCommand):
    help = ("Email Supervisors the overdue demands, climb overdue demands up the escalation ladder "
            "(reminder, formal notice, public list) and close answers unrated for 7 days.")

    def handle(self, *args, **options):
        result = run_daily()
        escalated = result["escalated"]
        self.stdout.write(
            f"overdue: {result['overdue']}, reminded: {escalated['reminded']}, "
            f"formal notices: {escalated['supervised']}, listed: {escalated['listed']}, "
            f"auto-closed: {result['auto_closed']}"
        )
