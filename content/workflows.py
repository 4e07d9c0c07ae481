"""The editorial workflow: "chief editor approval" (总编审核) on every section editors write in.

Editors write and submit; the one task of the workflow is a Wagtail ``GroupApprovalTask`` for the
Chief editors group, so only chief editors approve (and so publish) what editors submit.
Wagtail's own default workflow ("Moderators approval", created by a Wagtail migration for the
group that happens to share our Moderators' name) is switched off: moderators moderate comments
and demands, never pages.

The workflow is assigned to the home page, so every section below it (时政要闻, 政策解读, 社区民生 and
any section added later) inherits it: an editor can submit anywhere, and no new section is left
where editors could only save drafts.

``ensure_editorial_workflow()`` is idempotent. ``sync_roles()`` (after every migrate, and
``manage.py sync_roles``) and ``manage.py seed_demo`` call it.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from .roles import CHIEF_EDITORS

# Names are data, not translated strings: the admin shows them as they are, so they are in Chinese only
# (the site's language) — an English half read as untranslated admin text. Earlier names are renamed.
WORKFLOW_NAME = "总编审核"
TASK_NAME = "总编审核"
EARLIER_NAMES = ("总编审核 (chief editor approval)",)
#: Wagtail's default workflow (migration wagtailcore 0048): deactivated, see above.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


@transaction.atomic
def ensure_editorial_workflow():
    """Create the workflow and its task if needed, and assign it to every home page (so to all sections).

    Returns the workflow.
    """
    from wagtail.models import GroupApprovalTask, Task, Workflow, WorkflowPage, WorkflowTask

    from .models import HomePage, SectionPage

    chief_editors, _ = Group.objects.get_or_create(name=CHIEF_EDITORS)
    Task.objects.filter(name__in=EARLIER_NAMES).update(name=TASK_NAME)
    Workflow.objects.filter(name__in=EARLIER_NAMES).update(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([chief_editors])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()

    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        WorkflowPage.objects.filter(workflow=default).delete()
        default.active = False
        default.save(update_fields=["active"])

    for home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
        # Sections once assigned one by one inherit it from the home page now.
        WorkflowPage.objects.filter(workflow=workflow, page__in=SectionPage.objects.child_of(home)).delete()
    return workflow
