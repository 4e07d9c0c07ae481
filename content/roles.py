"""The staff roles of DESIGN.md as Django groups, with exactly the permissions it gives them.

Other apps add their own capabilities to a role by registering the ``gongzhi_role_permissions``
hook: ``fn() -> {role_name: [\"app_label.codename\", ...]}`` (department staff: role ``DEPARTMENT_STAFF``).
``sync_roles()`` (run by ``manage.py sync_roles`` and after every migrate) makes the groups match.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail import hooks

from .hooks import ROLE_PERMISSIONS

EDITORS = "Editors"
CHIEF_EDITORS = "Chief editors"
MODERATORS = "Moderators"
SUPERVISORS = "Supervisors"
DEPARTMENT_STAFF = "Department staff"  # a template: each department gets its own group

STAFF_ROLES = [EDITORS, CHIEF_EDITORS, MODERATORS, SUPERVISORS]

_PAGE_AND_MEDIA = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
]
_VOCABULARY = [
    f"content.{action}_{model}"
    for model in ("department", "topic", "area")
    for action in ("add", "change", "delete", "view")
]

BASE_PERMISSIONS = {
    EDITORS: _PAGE_AND_MEDIA,
    CHIEF_EDITORS: _PAGE_AND_MEDIA + _VOCABULARY + [
        "wagtailimages.delete_image", "wagtaildocs.delete_document",
        "content.change_siteidentity",  # Settings → site identity: name, organiser, contact, ICP number, logo
    ],
    MODERATORS: ["wagtailadmin.access_admin"],
    SUPERVISORS: ["wagtailadmin.access_admin"] + _VOCABULARY,
    DEPARTMENT_STAFF: ["wagtailadmin.access_admin"],
}

# Page tree permissions (wagtail GroupPagePermission) on the home page and everything below it.
# Every other role group (and every department group) holds none: deny by default.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    CHIEF_EDITORS: ["add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page"],
}

# Image and document permissions are collection permissions in Wagtail (GroupCollectionPermission),
# granted on the root collection. Wagtail's own migrations give its default "Editors" and
# "Moderators" groups some of these; sync_roles makes every role group hold exactly this.
COLLECTION_PERMISSIONS = {
    EDITORS: [p for p in _PAGE_AND_MEDIA if not p.startswith("wagtailadmin.")],
    CHIEF_EDITORS: [p for p in _PAGE_AND_MEDIA if not p.startswith("wagtailadmin.")]
    + ["wagtailimages.delete_image", "wagtaildocs.delete_document"],
}


def role_permissions():
    """Codenames per role: the base above plus what other apps register."""
    merged = {role: list(perms) for role, perms in BASE_PERMISSIONS.items()}
    for fn in hooks.get_hooks(ROLE_PERMISSIONS):
        for role, perms in fn().items():
            merged.setdefault(role, []).extend(perms)
    return merged


def _permissions(codenames):
    found = []
    for dotted in codenames:
        app_label, codename = dotted.split(".", 1)
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is None:
            raise LookupError(f"Permission {dotted} does not exist (migrations not run?)")
        found.append(perm)
    return found


def ensure_department_group(department):
    """The staff group of one department (created, or renamed to follow its slug), with department-staff rights."""
    from .models import Department

    group = Group.objects.filter(pk=department.staff_group_id).first() if department.staff_group_id else None
    if group is None:
        group, _ = Group.objects.get_or_create(name=department.staff_group_name)
        Department.objects.filter(pk=department.pk).update(staff_group=group)
        department.staff_group = group
    elif group.name != department.staff_group_name:
        group.name = department.staff_group_name
        group.save(update_fields=["name"])
    try:
        group.permissions.set(_permissions(role_permissions()[DEPARTMENT_STAFF]))
    except LookupError:
        pass  # during the initial migrate: post_migrate's sync_roles sets them
    return group


@transaction.atomic
def sync_roles():
    """Make every role group (and every department's group) hold exactly its permissions:
    model permissions, page permissions on the home page, collection permissions on the root
    collection; then make sure the editorial workflow exists (content.workflows)."""
    from .models import Department

    perms = role_permissions()
    groups = {}
    for role in STAFF_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(perms[role]))
        groups[role] = group
    for department in Department.objects.all():
        groups[department.staff_group_name] = ensure_department_group(department)
    _sync_page_permissions(groups)
    _sync_collection_permissions(groups)

    from .workflows import ensure_editorial_workflow

    ensure_editorial_workflow()


def _sync_page_permissions(groups):
    """Page permissions on every home page: the site's and each of its translations (the English edition)."""
    from wagtail.models import GroupPagePermission, Page

    from .models import HomePage

    roots = list(HomePage.objects.all()) or [root for root in [Page.get_first_root_node()] if root is not None]
    for name, group in groups.items():
        wanted = PAGE_PERMISSIONS.get(name, []) if roots else []
        GroupPagePermission.objects.filter(group=group).exclude(
            page__in=roots, permission__codename__in=wanted
        ).delete()
        for root in roots:
            for codename in wanted:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
                )


def _sync_collection_permissions(groups):
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    for name, group in groups.items():
        wanted = _permissions(COLLECTION_PERMISSIONS.get(name, [])) if root is not None else []
        stale = GroupCollectionPermission.objects.filter(group=group)
        if root is not None:
            stale = stale.exclude(collection=root, permission__in=wanted)
        stale.delete()
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def departments_of(user):
    """The departments whose staff group ``user`` is in (usually one; a person may work for two)."""
    from .models import Department

    if not (user and user.is_authenticated):
        return []
    return list(Department.objects.filter(staff_group__user=user).order_by("name"))


def department_of(user):
    """The one department ``user`` works for, or None (none, or several: scope with departments_of())."""
    departments = departments_of(user)
    return departments[0] if len(departments) == 1 else None


def staff_emails(department):
    """Email addresses of the active members of ``department``'s staff group (by key)."""
    from django.contrib.auth import get_user_model

    if department is None or not department.staff_group_id:
        return []
    return list(
        get_user_model().objects.filter(groups=department.staff_group_id, is_active=True)
        .exclude(email="").values_list("email", flat=True).distinct()
    )


def role_emails(role):
    """Email addresses of the active members of a role group (e.g. SUPERVISORS)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(groups__name=role, is_active=True)
        .exclude(email="").values_list("email", flat=True).distinct()
    )
