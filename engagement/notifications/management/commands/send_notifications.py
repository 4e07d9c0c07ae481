from django.core.management.base import BaseCommand

from engagement.notifications.outbox import retry_due


class Command(BaseCommand):
    help = "Send every notification that is waiting and due (retries after a mail outage). Run from cron."

    def handle(self, *args, **options):
        sent = retry_due()
        self.stdout.write(f"Sent {sent} notification(s).")
