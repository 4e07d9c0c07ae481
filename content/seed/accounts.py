"""One demo user per role, all with the same known password, and the logins printed at the end."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content.models import Department
from content.roles import CHIEF_EDITORS, EDITORS, MODERATORS, SUPERVISORS, ensure_department_group

DEMO_PASSWORD = "gongzhi-demo-2026"
#: username, email, role (group name or a department slug prefixed with "dept:"), description
DEMO_USERS = [
    ("admin", "admin@example.com", "superuser", "超级管理员 (superuser)"),
    ("editor", "editor@example.com", EDITORS, "编辑 (Editors: write, submit for approval)"),
    ("chief", "chief@example.com", CHIEF_EDITORS, "总编 (Chief editors: approve and publish)"),
    ("moderator", "moderator@example.com", MODERATORS, "审核员 (Moderators: comments, demand triage)"),
    ("supervisor", "supervisor@example.com", SUPERVISORS, "督办 (Supervisors: deadlines, exports)"),
    ("staff-chengguan", "staff-chengguan@example.com", "dept:chengguan", "城市管理局工作人员 (department staff)"),
    ("resident", "resident@example.com", None, "居民 (resident: log in on the site with the email)"),
]


def seed_users(command):
    """The demo users by username; a new one gets its role and a verified email address."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    users = {}
    for username, email, role, _label in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email, is_staff=role == "superuser",
                        is_superuser=role == "superuser")
            user.set_password(DEMO_PASSWORD)
            user.save()
            command.created += 1
            if role and role.startswith("dept:"):
                dept = Department.objects.get(slug=role.removeprefix("dept:"))
                user.groups.add(ensure_department_group(dept))
            elif role and role != "superuser":
                user.groups.add(Group.objects.get_or_create(name=role)[0])
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        users[username] = user
    return users


def print_logins(command):
    command.stdout.write("")
    command.stdout.write(command.style.MIGRATE_HEADING(f"Demo logins (password for all: {DEMO_PASSWORD})"))
    command.stdout.write("  Staff log in at /admin/ with the username; residents at /accounts/login/ with the email.")
    for username, email, _role, label in DEMO_USERS:
        command.stdout.write(f"  {username:<16} {email:<30} {label}")
