"""Each role can do exactly what DESIGN.md's capability table gives it, and nothing else."""

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from content.models import Department
from content.roles import (
    CHIEF_EDITORS,
    DEPARTMENT_STAFF,
    EDITORS,
    MODERATORS,
    STAFF_ROLES,
    SUPERVISORS,
    department_of,
    sync_roles,
)
from tests.factories import ArticlePageFactory, UserFactory

VOCABULARY = ["content.add_department", "content.change_topic", "content.delete_area", "content.view_department"]


@pytest.fixture
def article(news_section):
    return ArticlePageFactory(parent=news_section)


@pytest.fixture(autouse=True)
def roles_in_sync(home):
    sync_roles()  # what migrate and seed_demo do: page permissions now sit on the home page


def perms_of(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def crud(app_model, actions=("add", "change", "delete", "view")):
    app, model = app_model.split(".")
    return {f"{app}.{action}_{model}" for action in actions}


# DESIGN.md's capability matrix, row by row, written out here so that a wrong grant in the code fails
# (page permissions are GroupPagePermissions, tested below; superusers manage users and groups).
ADMIN = {"wagtailadmin.access_admin"}
# "write and edit articles, policies, sections; images, documents" (deleting: chief editors only);
# a section's comment mode (pre- or post-moderation) is part of editing the section
MEDIA = crud("wagtailimages.image", ("add", "change", "choose")) | crud("wagtaildocs.document", ("add", "change", "choose"))
MEDIA_DELETE = {"wagtailimages.delete_image", "wagtaildocs.delete_document"}
SECTION_COMMENT_MODE = crud("comments.sectionmoderation")
# "Department, Topic, Area snippets": chief editors and supervisors
VOCABULARY_SNIPPETS = crud("content.department") | crud("content.topic") | crud("content.area")
# "polls (create, close, export aggregates)": editors; chief editors may also delete
POLLS = crud("polls.poll", ("add", "change", "view", "export"))
# "comment moderation queue, blocks, verified badges": moderators; chief editors view
QUEUE_VIEW = {"comments.view_commentmoderation"}
MODERATION = QUEUE_VIEW | {"comments.moderate_commentmoderation", "comments.change_commentsettings"} | crud(
    "comments.sensitiveword")
# "demand triage: forward, reject, merge" (and staff entry of a forwarded comment); contact details "in triage"
TRIAGE = {"demands.view_demand", "demands.add_demand", "demands.triage_demand", "demands.view_demand_contact"}
# "department inbox: accept, return, answer, ask extension"; contact details of the own department's demands
INBOX = {"demands.view_demand", "demands.work_demand", "demands.view_demand_contact"}
# "grant extensions, holidays, deadlines, digests, exports"; contact details "each view audited"
SUPERVISION = {
    "demands.view_demand", "demands.supervise_demand", "demands.view_demand_contact",
    "demands.export_demand", "demands.export_demand_contact",
    "demands.change_extensionrequest", "demands.view_extensionrequest",
} | crud("demands.calendarday") | crud("demands.departmentdeadlines") | crud("demands.open311client")
# "dashboards and scorecards in the admin" (supervisors also acknowledge the early-warning alerts)
DASHBOARD = {"insights.view_dashboard"}
ALERTS = {"insights.view_alert", "insights.change_alert"}
ASSIGN_ALERTS = {"insights.assign_alert"}  # 预警 → a department, with a deadline
DISPOSE_ALERTS = {"insights.dispose_alert"}  # the department closes it with a disposal note
# Editorial feedback on what editors publish, not in the matrix's rows: the policy-rating trend
# report and the stop words that keep filler out of the hot terms.
RATING_TREND = {"ratings.view_trend"}
STOP_WORDS = crud("insights.stopword")
# Staff logins resist guessing: supervisors see the lockouts and their audit, and unlock (engagement/residents)
LOGIN_LOCKOUTS = {"axes.view_accessattempt", "axes.delete_accessattempt", "residents.view_loginaudit"}

# The privacy notice (隐私政策, a Wagtail setting): editors write it, chief editors answer for it
PRIVACY_NOTICE = {"residents.change_privacynotice"}

# Who publishes the site (site identity: name, organiser, contact, ICP number, logo): chief editors
SITE_IDENTITY = {"content.change_siteidentity"}
# Consultations' adoption reports: the issuing department writes it, supervisors oversee every
# department's, chief editors read them (to link the adopted policy)
REPORT_WRITE = {"consultations.write_adoptionreport"}
REPORT_OVERSEE = {"consultations.oversee_adoptionreport"}
REPORT_VIEW = {"consultations.view_adoptionreport"}

# Organisations' verification records ("verified badges"): moderators verify, suspend, reinstate and withdraw,
# supervisors too (oversight), chief editors read
ORGANISATIONS_VIEW = {"residents.view_organisationverification"}
ORGANISATIONS = ORGANISATIONS_VIEW | {"residents.add_organisationverification",
                                     "residents.change_organisationverification"}

DESIGNED = {
    EDITORS: ADMIN | MEDIA | SECTION_COMMENT_MODE | POLLS | RATING_TREND | STOP_WORDS | PRIVACY_NOTICE,
    CHIEF_EDITORS: ADMIN | MEDIA | MEDIA_DELETE | SECTION_COMMENT_MODE | VOCABULARY_SNIPPETS | POLLS
    | {"polls.delete_poll"} | QUEUE_VIEW | DASHBOARD | RATING_TREND | STOP_WORDS | PRIVACY_NOTICE | SITE_IDENTITY
    | REPORT_VIEW | ORGANISATIONS_VIEW,
    MODERATORS: ADMIN | MODERATION | TRIAGE | DASHBOARD | ORGANISATIONS | ASSIGN_ALERTS,
    SUPERVISORS: ADMIN | VOCABULARY_SNIPPETS | SUPERVISION | DASHBOARD | ALERTS | ASSIGN_ALERTS | RATING_TREND | STOP_WORDS
    | LOGIN_LOCKOUTS | REPORT_OVERSEE | ORGANISATIONS,
    DEPARTMENT_STAFF: ADMIN | INBOX | REPORT_WRITE | DISPOSE_ALERTS,
}


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_group_holds_exactly_what_the_design_gives_it(role):
    assert perms_of(role) == DESIGNED[role]


def test_a_department_group_holds_exactly_the_department_inbox(department):
    assert perms_of(department.staff_group_name) == DESIGNED[DEPARTMENT_STAFF]


def test_sync_removes_a_permission_granted_by_hand(editor):
    group = Group.objects.get(name=EDITORS)
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="change_department"))
    sync_roles()
    assert "content.change_department" not in perms_of(EDITORS)


def test_editors_write_but_cannot_publish(editor, news_section, article):
    assert news_section.permissions_for_user(editor).can_add_subpage()
    page_perms = article.permissions_for_user(editor)
    assert page_perms.can_edit()
    assert not page_perms.can_publish()
    assert not page_perms.can_delete()
    assert image_policy.user_has_permission(editor, "add")
    assert document_policy.user_has_permission(editor, "add")
    someone_elses = wagtail_factories.ImageFactory(uploaded_by_user=UserFactory(), collection=Collection.get_first_root_node())
    assert image_policy.user_has_permission_for_instance(editor, "change", someone_elses)
    assert image_policy.user_has_permission_for_instance(editor, "choose", someone_elses)
    assert not any(editor.has_perm(p) for p in VOCABULARY)


def test_chief_editors_publish_and_manage_the_vocabulary(chief_editor, article):
    page_perms = article.permissions_for_user(chief_editor)
    assert page_perms.can_edit() and page_perms.can_publish() and page_perms.can_unpublish()
    assert all(chief_editor.has_perm(p) for p in VOCABULARY)
    someone_elses = wagtail_factories.ImageFactory(uploaded_by_user=UserFactory(), collection=Collection.get_first_root_node())
    assert image_policy.user_has_permission_for_instance(chief_editor, "delete", someone_elses)


@pytest.mark.parametrize("who", ["moderator", "supervisor", "department_staff"])
def test_moderators_supervisors_and_department_staff_cannot_edit_pages(request, who, news_section, article):
    user = request.getfixturevalue(who)
    assert not news_section.permissions_for_user(user).can_add_subpage()
    assert not article.permissions_for_user(user).can_edit()
    assert not article.permissions_for_user(user).can_publish()
    assert not image_policy.user_has_permission(user, "add")
    assert not document_policy.user_has_permission(user, "add")


def test_supervisors_manage_the_vocabulary_moderators_do_not(supervisor, moderator):
    assert all(supervisor.has_perm(p) for p in VOCABULARY)
    assert not any(moderator.has_perm(p) for p in VOCABULARY)


def test_wagtails_default_grants_to_its_moderators_and_editors_groups_are_gone():
    """Wagtail's migrations give groups named Moderators/Editors page and collection rights."""
    moderators = Group.objects.get(name=MODERATORS)
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    supervisors = Group.objects.get(name=SUPERVISORS)
    assert not GroupPagePermission.objects.filter(group=supervisors).exists()
    editors_page_perms = set(
        GroupPagePermission.objects.filter(group__name=EDITORS).values_list("permission__codename", flat=True)
    )
    assert editors_page_perms == {"add_page", "change_page"}
    chief = set(GroupPagePermission.objects.filter(group__name=CHIEF_EDITORS).values_list("permission__codename", flat=True))
    assert "publish_page" in chief


@pytest.mark.parametrize("who", ["editor", "chief_editor", "moderator", "supervisor", "department_staff"])
def test_staff_roles_reach_the_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/").status_code == 200


def test_residents_cannot_reach_the_admin(client, resident):
    client.force_login(resident)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")  # the admin logs in through allauth
    assert client.get("/admin/pages/").status_code == 302


def test_adding_a_department_creates_its_staff_group(db):
    dept = Department.objects.create(name="应急管理局", slug="yingji")
    group = Group.objects.get(name=dept.staff_group_name)
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == DESIGNED[DEPARTMENT_STAFF]


def test_renaming_a_department_slug_renames_its_group_and_keeps_its_members(department, department_staff):
    old_name = department.staff_group_name
    department.slug = "chengshi-guanli"
    department.save()
    assert not Group.objects.filter(name=old_name).exists()
    assert Group.objects.filter(name="部门 chengshi-guanli").exists()
    assert department_of(department_staff) == department


def test_deleting_a_department_deletes_its_group(db):
    dept = Department.objects.create(name="应急管理局", slug="yingji")
    name = dept.staff_group_name
    dept.delete()
    assert not Group.objects.filter(name=name).exists()


def test_department_of_finds_the_staff_members_department(department_staff, department, editor):
    assert department_of(department_staff) == department
    assert department_of(editor) is None
    assert department_of(UserFactory()) is None
