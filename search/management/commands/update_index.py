"""``manage.py update_index``: Wagtail's command with a progress bar.

The search app comes before wagtail.search in INSTALLED_APPS, so this command wins. The Whoosh
backend's rebuilder builds into a fresh index generation and swaps it in atomically when done
(search/backend.py), so searches keep working during a rebuild.
"""

from django.db import transaction
from modelsearch.management.commands.rebuild_modelsearch_index import DEFAULT_CHUNK_SIZE
from modelsearch.management.commands.rebuild_modelsearch_index import Command as BaseCommand
from tqdm import tqdm


class Command(BaseCommand):
    help = "Rebuild the search index into a fresh index and swap it in (with a progress bar)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, **options):
        self.show_progress = options["verbosity"] > 0 and not options.get("no_progress")
        super().handle(**options)

    def print_iter_progress(self, iterable):
        # The bar is drawn by queryset_chunks (it knows the object count); no dots.
        yield from iterable

    def queryset_chunks(self, qs, chunk_size=DEFAULT_CHUNK_SIZE):
        with transaction.atomic():  # a stable count and order while iterating
            total = qs.count()
            bar = tqdm(
                total=total, unit="obj", desc=qs.model.__name__, leave=True, dynamic_ncols=True,
                disable=not getattr(self, "show_progress", True), file=self.stderr,
            )
            try:
                i = 0
                while True:
                    items = list(qs[i * chunk_size :][:chunk_size])
                    if not items:
                        break
                    yield items
                    bar.update(len(items))
                    i += 1
            finally:
                bar.close()
