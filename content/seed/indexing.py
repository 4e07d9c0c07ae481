"""Automatic search indexing switched off while seeding: ``update_index`` rebuilds once at the end."""

import copy

from django.conf import settings
from django.test.utils import override_settings


class search_indexing_paused:
    """Switch off automatic index updates (``AUTO_UPDATE: False`` on every search backend, which
    modelsearch reads at each save): one index write per save is slow. ``update_index``
    rebuilds the index once at the end."""

    def __enter__(self):
        backends = copy.deepcopy(getattr(settings, "WAGTAILSEARCH_BACKENDS", {}))
        for params in backends.values():
            params["AUTO_UPDATE"] = False
        self.override = override_settings(WAGTAILSEARCH_BACKENDS=backends)
        self.override.enable()
        return self

    def __exit__(self, *exc):
        self.override.disable()
        return False
