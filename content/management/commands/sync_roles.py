"""``manage.py sync_roles``: make the role groups hold exactly their permissions (content.roles)
and make sure the editorial workflow exists and covers the news and policy sections."""

from django.core.management.base import BaseCommand

from content.roles import sync_roles


class Command(BaseCommand):
    help = "Give every role group exactly its permissions and set up the chief-editor approval workflow."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(self.style.SUCCESS("Roles and the editorial workflow are in sync."))
