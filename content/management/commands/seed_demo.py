"""``manage.py seed_demo``: a believable demo newsroom (idempotent; ``make run`` calls it).

Creates the home page (replacing Wagtail's welcome page as the default site's root), the
vocabulary (departments, topics, an area tree down to grids), three sections, 40 articles and 12
policy explainers with locally drawn hero images and original documents, the editorial
workflow, and one demo user per role (the steps live in ``content/seed/``, a module a concern).
Then it calls every ``gongzhi_seed_demo`` hook (other apps' demo data) in order, and rebuilds
the search index once.

Demo only: it refuses to run when ``settings.DEBUG`` is off unless ``--force`` is given, so
a production deployment gets no demo accounts. Objects are found again by their slug (or
username), so a second run creates nothing and changes nothing that exists.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from content.hooks import SEED_DEMO
from content.roles import sync_roles
from content.seed import accounts, english, geo, identity, media, site, stories, vocabulary
from content.seed.indexing import search_indexing_paused


class Command(BaseCommand):
    help = "Seed a demo site (idempotent). Demo only: refuses when DEBUG is off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though settings.DEBUG is False.")
        parser.add_argument("--no-index", action="store_true", help="Do not rebuild the search index at the end.")
        parser.add_argument("--no-hooks", action="store_true", help="Only the content; skip other apps' demo data.")

    def handle(self, *args, force=False, no_index=False, no_hooks=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates demo accounts with known passwords; it refuses to run when DEBUG is off. "
                "Pass --force if this really is a demo installation."
            )
        started = time.monotonic()
        self.created = 0  # every seed step counts what it creates here
        self.now = timezone.now()
        with search_indexing_paused():
            with transaction.atomic():
                self.seed_content()
            self.stdout.write(f"Content: {self.created} objects created ({time.monotonic() - started:.1f}s).")
            if not no_hooks:
                for fn in hooks.get_hooks(SEED_DEMO):
                    fn(self)
        if not no_index:
            call_command("update_index", verbosity=0)
            self.stdout.write("Search index rebuilt.")
        accounts.print_logins(self)
        self.stdout.write(self.style.SUCCESS(f"Demo site ready in {time.monotonic() - started:.1f}s."))

    def seed_content(self):
        """The newsroom itself, in one transaction. A further content seed step is one line here."""
        home = site.seed_home(self)
        departments = vocabulary.seed_departments(self)
        topics = vocabulary.seed_topics(self, departments)
        areas = vocabulary.seed_areas(self)
        geo.seed_boundaries(self)  # grid polygons for Open311 locations
        sections = site.seed_sections(self, home)
        users = accounts.seed_users(self)
        sync_roles()  # page permissions on the home page, the editorial workflow on the sections
        images = media.seed_images(self)
        articles = stories.seed_articles(self, sections, topics, departments, areas, images, users)
        stories.seed_policies(self, sections, topics, departments, areas, articles, users)
        stories.seed_lead_stories(self, home, articles)
        english.seed_english(self, home)  # the English edition: translations of the home page, sections, stories
        identity.seed_site_identity(self)
