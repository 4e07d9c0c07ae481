"""The retention job: erase the contact details of demands finished long ago (rights.erase_closed_contacts)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from engagement.residents.rights import erase_closed_contacts, retention_months


class Command(BaseCommand):
    help = ("Erase the contact details (name, phone, email, address) of demands closed, rejected or merged more "
            "than N months ago (GONGZHI_CONTACT_RETENTION_MONTHS, default 24). Each run is recorded (RetentionRun).")

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None,
                            help=f"keep contact details this many months after closing (default {retention_months()})")
        parser.add_argument("--dry-run", action="store_true", help="report what would be erased; change nothing")

    def handle(self, *args, months=None, dry_run=False, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1")
        result = erase_closed_contacts(months=months, dry_run=dry_run)
        cutoff = timezone.localtime(result["cutoff"]).strftime("%Y-%m-%d %H:%M")
        verb = "would erase" if dry_run else "erased"
        self.stdout.write(f"{verb} {result['erased']} contact details of demands finished before {cutoff} "
                          f"({result['months']} months)")
        for status, count in sorted(result["counts"].items()):
            self.stdout.write(f"  {status}: {count}")
        if dry_run:
            self.stdout.write("dry run: nothing was changed")
        elif result["run"] is not None:
            self.stdout.write(f"recorded as retention run #{result['run'].pk}")
