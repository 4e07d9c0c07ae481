"""Demands in the Wagtail admin and on the public site's extension points."""

from content.roles import DEPARTMENT_STAFF, MODERATORS, SUPERVISORS
from wagtail import hooks

from .permissions import ROLE_PERMISSIONS


@hooks.register("gongzhi_role_permissions")
def demand_role_permissions():
    return {
        MODERATORS: ROLE_PERMISSIONS["Moderators"],
        DEPARTMENT_STAFF: ROLE_PERMISSIONS["Department staff"],
        SUPERVISORS: ROLE_PERMISSIONS["Supervisors"],
    }
