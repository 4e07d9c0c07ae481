"""The editorial workflow (总编审核): editors submit, chief editors approve; scheduled publishing."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Revision, Workflow, WorkflowPage, WorkflowState

from content.models import ArticlePage
from content.roles import CHIEF_EDITORS, sync_roles
from content.workflows import TASK_NAME, WORKFLOW_NAME, ensure_editorial_workflow
from tests.content.admin_forms import add_page_form
from tests.factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def community_section(home):
    return SectionPageFactory(parent=home, title="社区民生", slug="community")


@pytest.fixture(autouse=True)
def workflow_in_place(news_section, policy_section, community_section):
    sync_roles()  # after migrate / seed_demo: the workflow is on the home page, so on every section


def submit_article(client, editor, section, title="社区微循环公交开通"):
    client.force_login(editor)
    url, data = add_page_form(client, "articlepage", section, title=title, slug="community-bus")
    data["action-submit"] = "Submit"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ArticlePage.objects.get(slug="community-bus")


def test_the_workflow_covers_every_section_with_one_chief_editor_task(home, news_section, policy_section, community_section):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    assert set(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)) == {home.pk}
    assert community_section.get_workflow() == workflow  # 社区民生 had none (issue 11)
    tasks = [t.specific for t in workflow.tasks]
    assert [t.name for t in tasks] == [TASK_NAME]
    assert isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [CHIEF_EDITORS]
    assert news_section.get_workflow() == workflow
    assert ArticlePageFactory(parent=policy_section).get_workflow() == workflow
    assert Workflow.objects.filter(active=True).count() == 1  # Wagtail's default one is switched off


def test_a_section_added_later_carries_the_workflow_and_editors_submit_there(client, home, editor):
    later = SectionPageFactory(parent=home, title="文化旅游", slug="culture")
    assert later.get_workflow() == Workflow.objects.get(name=WORKFLOW_NAME)

    page = submit_article(client, editor, later)

    assert not page.live and page.current_workflow_state.workflow.name == WORKFLOW_NAME


def test_an_editor_submits_in_the_community_section(client, editor, community_section):
    page = submit_article(client, editor, community_section)

    assert page.current_workflow_state is not None and not page.live


def test_setting_up_the_workflow_twice_changes_nothing():
    counts = (Workflow.objects.count(), GroupApprovalTask.objects.count(), WorkflowPage.objects.count())
    ensure_editorial_workflow()
    sync_roles()
    assert (Workflow.objects.count(), GroupApprovalTask.objects.count(), WorkflowPage.objects.count()) == counts


def test_an_editor_submits_and_a_chief_editor_approves(client, editor, chief_editor, news_section):
    page = submit_article(client, editor, news_section)
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []  # editors cannot approve their own (or anyone's) work
    assert "approve" in [name for name, *_ in task.get_actions(page, chief_editor)]

    client.force_login(chief_editor)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "可以发布"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None


def test_a_chief_editor_can_reject_back_to_the_editor(client, editor, chief_editor, news_section):
    page = submit_article(client, editor, news_section)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(chief_editor)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "标题需要修改"},
    )
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES


def test_an_editor_asking_to_publish_does_not_publish(client, editor, news_section):
    client.force_login(editor)
    url, data = add_page_form(client, "articlepage", news_section, title="未经审核的稿件", slug="unreviewed")
    data["action-publish"] = "Publish"
    client.post(url, data)
    page = ArticlePage.objects.filter(slug="unreviewed").first()
    assert page is not None and not page.live  # saved as a draft, not published


def test_a_chief_editor_publishes_directly(client, chief_editor, news_section):
    client.force_login(chief_editor)
    url, data = add_page_form(client, "articlepage", news_section, title="总编直接发布", slug="chief-direct")
    data["action-publish"] = "Publish"
    assert client.post(url, data).status_code == 302
    assert ArticlePage.objects.get(slug="chief-direct").live


# --- Scheduled publishing: `manage.py publish_scheduled` (run it every minute in production) -------

def schedule(page, go_live_at):
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()  # with go_live_at in the future this only approves the revision for later
    page.refresh_from_db()
    return revision


def test_publish_scheduled_publishes_pages_whose_go_live_time_has_come(news_section):
    page = ArticlePageFactory(parent=news_section, live=False, title="定时发布的稿件")
    revision = schedule(page, timezone.now() + datetime.timedelta(hours=1))
    assert not page.live
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is not None

    # An hour later (moved back rather than waited for):
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    ArticlePage.objects.filter(pk=page.pk).update(go_live_at=past)
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live
    assert page.title == "定时发布的稿件"


def test_publish_scheduled_leaves_future_pages_alone(news_section):
    page = ArticlePageFactory(parent=news_section, live=False)
    schedule(page, timezone.now() + datetime.timedelta(days=1))
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live


def test_publish_scheduled_unpublishes_expired_pages(news_section):
    page = ArticlePageFactory(parent=news_section)
    ArticlePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live and page.expired
