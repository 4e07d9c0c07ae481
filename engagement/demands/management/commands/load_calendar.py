from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from engagement.demands.calendar import UnknownYear, load_year


class Command(BaseCommand):
    help = ("Store a year's official holidays and make-up working days (调休) in the working-day calendar, "
            "then recompute the deadlines of open demands. Run it each November for the next year.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        try:
            counts = load_year(year)
        except UnknownYear as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            _("Calendar %(year)s: %(created)d days added, %(updated)d corrected, %(unchanged)d unchanged, "
              "%(kept)d of your own kept; %(recomputed)d open deadlines recomputed.") % {"year": year, **counts}
        )
