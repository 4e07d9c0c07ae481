"""Wagtail hooks of the residents' rights (imported by wagtail_hooks.py): who edits the privacy notice."""

from wagtail import hooks

from content.hooks import ROLE_PERMISSIONS
from content.roles import CHIEF_EDITORS, EDITORS

# The privacy notice (隐私政策) is a text editors write and chief editors answer for, under Settings.
PRIVACY_NOTICE_PERMISSIONS = ["residents.change_privacynotice"]


@hooks.register(ROLE_PERMISSIONS)
def privacy_notice_role_permissions():
    return {EDITORS: PRIVACY_NOTICE_PERMISSIONS, CHIEF_EDITORS: PRIVACY_NOTICE_PERMISSIONS}
