"""The nightly job: pages that still show the badge of an organisation whose verification lapsed are purged."""

from django.core.management.base import BaseCommand

from engagement.residents.organisations import purge_expired


class Command(BaseCommand):
    help = ("Purge the cached pages (proxy, page cache, kept page data) that show the badge of an organisation "
            "whose verification's valid-until date passed in the last week. Run it just after midnight.")

    def handle(self, *args, **options):
        self.stdout.write(f"purged the pages of {purge_expired()} lapsed organisation verifications")
