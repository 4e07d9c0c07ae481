"""Moderating a comment once: the second moderator is told, stale forms change nothing, and one
rule each decides who may like, report and see the queue (issue 16)."""

import re
import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.messages import get_messages
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from content.roles import MODERATORS
from engagement.comments import permissions, services
from engagement.comments.models import CommentModeration, CommentReaction, CommentReport, SensitiveWord
from engagement.comments.wagtail_hooks import moderation_menu_item
from tests.comments.factories import comment, make_resident, site_settings
from tests.factories import ArticlePageFactory, UserFactory

QUEUE = reverse("comment_moderation:queue")


@pytest.fixture
def held_comment(article, alice):
    SensitiveWord.objects.get_or_create(word="赌博")
    return comment(article, alice, "楼下有人聚众赌博")


@pytest.fixture
def second_moderator(db):
    other = UserFactory(username="moderator2")
    other.groups.add(Group.objects.get(name=MODERATORS))
    return other


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def state(c):
    c.refresh_from_db()
    return c.moderation.state


def queue_form(html, form_id):
    """The hidden fields of one form in the queue, as a moderator's browser would post them."""
    form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', html, re.DOTALL).group(1)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def told(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- one decision per comment ---------------------------------------------------------------------

@pytest.mark.parametrize("language, already_handled", [("en", "Already handled"), ("zh-hans", "已被处理")])
def test_the_second_moderator_is_told_already_handled_and_the_first_decision_stands(
        client, moderator, second_moderator, held_comment, language, already_handled):
    speaks(second_moderator, language)
    client.force_login(second_moderator)
    stale = queue_form(client.get(QUEUE).content.decode(), f"approve-{held_comment.pk}")
    client.force_login(moderator)
    client.post(reverse("comment_moderation:reject", args=[held_comment.pk]),
                {**queue_form(client.get(QUEUE).content.decode(), f"reject-{held_comment.pk}"), "reason": "违法信息"})

    client.force_login(second_moderator)
    response = client.post(reverse("comment_moderation:approve", args=[held_comment.pk]), stale, follow=True)

    assert state(held_comment) == "rejected"
    assert held_comment.moderation.rejection_reason == "违法信息"
    assert held_comment.moderation.decided_by == moderator
    assert not ModelLogEntry.objects.filter(action="gongzhi.comments.approve").exists()
    assert already_handled in response.content.decode()  # shown in the queue, in their language


def test_a_rejected_comment_cannot_be_approved_by_a_stale_form(moderator, second_moderator, held_comment):
    services.reject(held_comment, by=moderator, reason="广告")

    with pytest.raises(services.AlreadyHandled):
        services.approve(XtdComment.norel_objects.get(pk=held_comment.pk), by=second_moderator,
                         expected=CommentModeration.State.PENDING)

    assert state(held_comment) == "rejected"
    assert not XtdComment.objects.get(pk=held_comment.pk).is_public


def test_a_rejected_comment_can_still_be_approved_from_the_rejected_tab(client, moderator, held_comment, article):
    services.reject(held_comment, by=moderator, reason="误判")
    client.force_login(moderator)
    form = queue_form(client.get(QUEUE + "?tab=rejected").content.decode(), f"approve-{held_comment.pk}")

    client.post(reverse("comment_moderation:approve", args=[held_comment.pk]), form)

    assert state(held_comment) == "approved"
    assert "楼下有人聚众赌博" in client.get(article.url).content.decode()


def test_rejecting_twice_changes_nothing_the_second_time(moderator, second_moderator, held_comment):
    services.reject(held_comment, by=moderator, reason="第一次")

    with pytest.raises(services.AlreadyHandled):
        services.reject(held_comment, by=second_moderator, reason="第二次")

    held_comment.refresh_from_db()
    assert held_comment.moderation.rejection_reason == "第一次"
    assert ModelLogEntry.objects.filter(action="gongzhi.comments.reject").count() == 1


def test_a_reported_comment_kept_by_one_moderator_is_not_rejected_by_anothers_stale_form(
        client, moderator, second_moderator, article, alice, bob):
    target = comment(article, alice, "被举报的评论")
    services.report(target, bob, CommentReport.Reason.SPAM, comment_settings=site_settings())
    client.force_login(second_moderator)
    stale = queue_form(client.get(QUEUE + "?tab=flagged").content.decode(), f"reject-{target.pk}")
    services.approve(target, by=moderator, expected="reported")  # the first moderator keeps it

    response = client.post(reverse("comment_moderation:reject", args=[target.pk]), {**stale, "reason": "垃圾信息"})

    assert state(target) == "approved"
    assert any("已被处理" in m for m in told(response))


def test_a_new_report_does_not_make_a_moderators_form_stale(client, moderator, article, alice, bob):
    target = comment(article, alice, "已发布的评论")
    client.force_login(moderator)
    form = queue_form(client.get(QUEUE + "?tab=approved").content.decode(), f"reject-{target.pk}")
    services.report(target, bob, CommentReport.Reason.ABUSE, comment_settings=site_settings())

    client.post(reverse("comment_moderation:reject", args=[target.pk]), {**form, "reason": "辱骂"})

    assert state(target) == "rejected"


def test_bulk_actions_skip_comments_another_moderator_handled_and_say_so(client, moderator, second_moderator,
                                                                         article, alice):
    SensitiveWord.objects.create(word="广告")
    first, second = comment(article, alice, "广告一"), comment(article, alice, "广告二")
    speaks(second_moderator, "en")
    client.force_login(second_moderator)
    html = client.get(QUEUE).content.decode()
    stale = {f"expected-{c.pk}": re.search(rf'name="expected-{c.pk}" value="([^"]*)"', html).group(1)
             for c in (first, second)}
    services.reject(first, by=moderator, reason="广告", expected="pending")

    response = client.post(reverse("comment_moderation:bulk"),
                           {"action": "approve", "comment": [first.pk, second.pk], **stale})

    assert (state(first), state(second)) == ("rejected", "approved")
    assert any("1 comment had already been handled" in m for m in told(response))


# --- the published state is stored once -----------------------------------------------------------

def test_the_decision_is_read_from_the_comment_itself(moderator, article, alice, bob):
    SensitiveWord.objects.create(word="赌博")
    pending = comment(article, alice, "赌博")
    approved = comment(article, alice, "支持")
    rejected = comment(article, bob, "广告")
    services.reject(rejected, by=moderator, reason="广告")

    rows = {c.pk: (c.is_public, c.is_removed, c.moderation.state)
            for c in XtdComment.norel_objects.select_related("moderation")}

    assert "state" not in {f.name for f in CommentModeration._meta.concrete_fields}
    assert rows == {pending.pk: (False, False, "pending"), approved.pk: (True, False, "approved"),
                    rejected.pk: (False, True, "rejected")}


def test_the_queue_tabs_and_the_public_page_agree(client, moderator, article, alice, bob):
    SensitiveWord.objects.create(word="赌博")
    texts = {"pending": "待审的赌博评论", "approved": "已发布的评论", "rejected": "被拒绝的评论"}
    comment(article, alice, texts["pending"])
    comment(article, alice, texts["approved"])
    services.reject(comment(article, bob, texts["rejected"]), by=moderator, reason="广告")
    client.force_login(moderator)

    page = client.get(article.url).content.decode()
    for tab, text in texts.items():
        listed = {t for t in texts if texts[t] in client.get(f"{QUEUE}?tab={tab}").content.decode()}
        assert listed == {tab}
        assert (text in page) == (tab == "approved")


# --- can_react / can_flag decide the page and the POST --------------------------------------------

@pytest.mark.parametrize("viewer", ["author", "neighbour", "visitor"])
def test_who_may_like_and_report_sees_the_buttons_and_is_heard(client, article, alice, bob, viewer):
    target = comment(article, alice, "一条评论")
    user = {"author": alice, "neighbour": bob, "visitor": None}[viewer]
    if user:
        client.force_login(user)
    who = user or AnonymousUser()
    may_react, may_flag = permissions.can_react(who, target), permissions.can_flag(who, target)

    html = client.get(article.url).content.decode()
    client.post(reverse("comments:like", args=[target.pk]))
    client.post(reverse("comments:report", args=[target.pk]), {"reason": "spam"})

    assert (reverse("comments:like", args=[target.pk]) in html) == may_react
    assert (reverse("comments:report", args=[target.pk]) in html) == may_flag
    assert CommentReaction.objects.filter(comment=target).exists() == may_react
    assert CommentReport.objects.filter(comment=target).exists() == may_flag
    assert (may_react, may_flag) == {"author": (False, False), "neighbour": (True, True),
                                     "visitor": (False, False)}[viewer]


def test_changing_the_reaction_rule_changes_the_button_and_the_post_together(client, monkeypatch, article,
                                                                             alice, bob):
    target = comment(article, alice, "一条评论")
    client.force_login(bob)
    monkeypatch.setattr(permissions, "can_react", lambda user, comment: False)
    monkeypatch.setattr(permissions, "can_flag", lambda user, comment: False)

    html = client.get(article.url).content.decode()
    like = client.post(reverse("comments:like", args=[target.pk]))
    report = client.post(reverse("comments:report", args=[target.pk]), {"reason": "spam"})

    assert reverse("comments:like", args=[target.pk]) not in html
    assert reverse("comments:report", args=[target.pk]) not in html
    assert like.status_code == report.status_code == 302
    assert not CommentReaction.objects.exists()
    assert not CommentReport.objects.exists()


# --- the queue's menu item and the queue ask the same question ------------------------------------

def _staff_with(*perms):
    group = Group.objects.create(name="+".join(perms))
    for perm in ("wagtailadmin.access_admin", *perms):
        app_label, codename = perm.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = UserFactory(username=f"staff-{group.pk}")
    user.groups.add(group)
    return user


USERS = {
    "moderator": lambda request: request.getfixturevalue("moderator"),
    "chief_editor": lambda request: request.getfixturevalue("chief_editor"),
    "editor": lambda request: request.getfixturevalue("editor"),
    "supervisor": lambda request: request.getfixturevalue("supervisor"),
    "department_staff": lambda request: request.getfixturevalue("department_staff"),
    "resident": lambda request: request.getfixturevalue("alice"),
    "moderate_only": lambda request: _staff_with("comments.moderate_commentmoderation"),
    "view_only": lambda request: _staff_with("comments.view_commentmoderation"),
    "superuser": lambda request: UserFactory(username="root", is_superuser=True, is_staff=True),
}


@pytest.mark.parametrize("who", USERS)
def test_the_queue_menu_item_is_hidden_exactly_when_the_queue_refuses(client, request, who, held_comment):
    user = USERS[who](request)
    menu_request = RequestFactory().get("/admin/")
    menu_request.user = user
    client.force_login(user)

    shown = moderation_menu_item().is_shown(menu_request)
    opens = client.get(QUEUE).status_code == 200

    assert shown == opens
    assert shown == permissions.can_view_queue(user)


@pytest.mark.parametrize("who", USERS)
def test_the_approve_button_is_shown_exactly_when_approving_is_accepted(client, request, who, held_comment):
    user = USERS[who](request)
    client.force_login(user)

    html = client.get(QUEUE).content.decode()
    client.post(reverse("comment_moderation:approve", args=[held_comment.pk]))

    assert (f'form="approve-{held_comment.pk}"' in html) == (state(held_comment) == "approved")
    assert (state(held_comment) == "approved") == permissions.can_moderate(user)


# --- two moderators at the same moment ------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.skipif("sqlite" in settings.DATABASES["default"]["ENGINE"], reason="real row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_land_one_decision(news_section, moderator, second_moderator):
    SensitiveWord.objects.create(word="赌博")
    article = ArticlePageFactory(parent=news_section, slug="race")
    held = comment(article, make_resident("racer"), "赌博")
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(action, by):
        copy = XtdComment.norel_objects.get(pk=held.pk)
        barrier.wait()
        try:
            if action == "approve":
                services.approve(copy, by=by, expected="pending")
            else:
                services.reject(copy, by=by, reason="违法信息", expected="pending")
            outcomes[action] = "won"
        except services.AlreadyHandled as exc:
            outcomes[action] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=("approve", moderator)),
               threading.Thread(target=decide, args=("reject", second_moderator))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    winners = [action for action, outcome in outcomes.items() if outcome == "won"]
    assert len(outcomes) == 2 and len(winners) == 1
    assert state(held) == {"approve": "approved", "reject": "rejected"}[winners[0]]
    assert ModelLogEntry.objects.filter(action__in=["gongzhi.comments.approve", "gongzhi.comments.reject"]).count() == 1
