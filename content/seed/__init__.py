"""The demo newsroom that ``manage.py seed_demo`` builds, one module a concern.

Each ``seed_*`` function takes the running command (``command.created`` counts what it
creates, ``command.now`` is the run's clock, ``command.stdout`` its output) and finds its
objects again by slug or username, so a second run creates nothing.

- :mod:`.data`: the invented material (departments, topics, areas, sections, stories, policies).
- :mod:`.site`: the home page, the default site and the sections.
- :mod:`.vocabulary`: departments, topics and the area tree.
- :mod:`.geo`: the grids' boundaries (polygons for Open311 locations).
- :mod:`.accounts`: one demo user per role, and the logins printed at the end.
- :mod:`.media`: hero images and policies' original documents.
- :mod:`.stories`: articles, policy explainers and the home page's lead stories.
- :mod:`.identity`: the masthead and footer (SiteIdentity).
- :mod:`.english`: the English edition (translations of the home page, sections and several stories).
- :mod:`.indexing`: automatic search indexing paused while seeding.
"""
