"""The hooks through which other apps attach to the site, by name, and how their answers are collected.

Content never imports engagement or search. An app registers a function under one of these names
in its ``wagtail_hooks.py`` (``@hooks.register(PAGE_PANELS)``); whoever offers the hook calls
every registered function, in Wagtail's ``order``, through :func:`fragments` or :func:`items`.
README's hook table lists the same names.
"""

from wagtail import hooks

#: ``fn(page, request) -> HTML | None``: comments, attached poll, policy rating under a story.
PAGE_PANELS = "gongzhi_page_panels"
#: ``fn(request) -> HTML | None``: open polls, latest answered demands on the home page.
HOME_PANELS = "gongzhi_home_panels"
#: ``fn(department, request) -> HTML | None``: the department's scorecard on its public page.
DEPARTMENT_PANELS = "gongzhi_department_panels"
#: ``fn(topic, request) -> HTML | None``: demands about the topic on its public page.
TOPIC_PANELS = "gongzhi_topic_panels"
#: ``fn(area, request) -> HTML | None``: demands in the area on its public page.
AREA_PANELS = "gongzhi_area_panels"
#: ``fn(user, request) -> HTML | None``: a resident's comments, votes, ratings, demands on their profile.
PROFILE_PANELS = "gongzhi_profile_panels"
#: ``fn(record, request) -> HTML | None``: on a verified organisation's public page (its statements; its figures as a handler).
ORGANISATION_PANELS = "gongzhi_organisation_panels"
#: ``fn(demand, request) -> HTML | None``: likely departments, near-duplicates beside a demand in triage.
TRIAGE_PANELS = "gongzhi_triage_panels"
#: ``fn(request) -> [(label, url)]``: the header navigation.
NAV_ITEMS = "gongzhi_nav_items"
#: ``fn(comment, request) -> [(label, url)]``: actions on a comment in the moderation queue.
MODERATION_COMMENT_ACTIONS = "gongzhi_moderation_comment_actions"
#: ``fn(comment) -> message | None``: why a held comment may not be published now (a statement of an
#: organisation no longer in force); the comments app refuses the approval with the first answer.
COMMENT_APPROVAL_CHECKS = "gongzhi_comment_approval_checks"
#: ``fn() -> {role: ["app_label.codename", ...]}``: each app's permissions for the roles (content.roles).
ROLE_PERMISSIONS = "gongzhi_role_permissions"
#: ``fn(command)``: each app seeds its own demo data (``manage.py seed_demo``).
SEED_DEMO = "gongzhi_seed_demo"
#: ``fn() -> [search type, ...]``: what the search page searches (search/types.py says what a type is).
SEARCH_TYPES = "gongzhi_search_types"
#: ``fn(obj) -> [path, ...]``: the site paths (unprefixed, Chinese) whose cached copies show ``obj``
#: (content/purge.py asks every app; each answers for its own models, an empty list for others).
CACHE_PATHS = "gongzhi_cache_paths"


def fragments(hook_name, *args):
    """The HTML every function registered for ``hook_name`` returns for ``args``, empty answers left out."""
    return [html for fn in hooks.get_hooks(hook_name) if (html := fn(*args))]


def items(hook_name, *args):
    """The lists every function registered for ``hook_name`` returns for ``args``, joined into one."""
    return [item for fn in hooks.get_hooks(hook_name) for item in (fn(*args) or [])]
