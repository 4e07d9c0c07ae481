"""The moderation queue in the Wagtail admin: who sees it, who acts, and the audit log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail import hooks
from wagtail.models import ModelLogEntry

from engagement.comments import services
from engagement.comments.models import CommentModeration, CommentReport, SensitiveWord, in_state
from engagement.residents.models import ResidentProfile
from tests.comments.factories import comment, site_settings

QUEUE = reverse("comment_moderation:queue")
ADMIN_HOME = reverse("wagtailadmin_home")  # where Wagtail sends staff refused a view


@pytest.fixture
def held_comment(article, alice):
    SensitiveWord.objects.get_or_create(word="赌博")
    return comment(article, alice, "楼下有人聚众赌博")


def state(c):
    c.refresh_from_db()
    return c.is_public, c.moderation.state


def test_a_moderator_sees_the_pending_tab_with_rule_page_and_author(client, moderator, held_comment, article):
    client.force_login(moderator)

    html = client.get(QUEUE).content.decode()

    assert "楼下有人聚众赌博" in html
    assert article.title in html
    assert "王阿姨" in html
    assert "赌博" in html  # the word that held it
    assert f'form="approve-{held_comment.pk}"' in html


def test_the_tabs_show_counts_and_flags_with_reasons(client, moderator, article, alice, bob):
    target = comment(article, alice, "被举报的评论")
    services.report(target, bob, CommentReport.Reason.PRIVATE_INFO, comment_settings=site_settings())
    client.force_login(moderator)

    html = client.get(QUEUE + "?tab=flagged").content.decode()

    assert "被举报的评论" in html
    assert "泄露" in html or "private information" in html
    assert 'data-tab="flagged"' in html


def test_a_moderator_approves_a_held_comment_and_it_is_logged(client, moderator, held_comment, article):
    client.force_login(moderator)

    client.post(reverse("comment_moderation:approve", args=[held_comment.pk]))

    assert state(held_comment) == (True, "approved")
    assert "楼下有人聚众赌博" in client.get(article.url).content.decode()
    entry = ModelLogEntry.objects.get(action="gongzhi.comments.approve")
    assert entry.user == moderator


def test_a_moderator_rejects_with_a_reason_the_author_sees(client, moderator, held_comment, alice):
    client.force_login(moderator)

    client.post(reverse("comment_moderation:reject", args=[held_comment.pk]), {"reason": "涉及违法信息"})

    assert state(held_comment) == (False, "rejected")
    assert ModelLogEntry.objects.filter(action="gongzhi.comments.reject", user=moderator).exists()
    client.force_login(alice)
    profile = client.get(reverse("resident_profile")).content.decode()
    assert "涉及违法信息" in profile


def test_rejecting_needs_a_reason(client, moderator, held_comment):
    client.force_login(moderator)
    client.post(reverse("comment_moderation:reject", args=[held_comment.pk]), {"reason": " "})
    assert state(held_comment) == (False, "pending")


def test_bulk_approve_and_bulk_reject(client, moderator, article, alice):
    SensitiveWord.objects.create(word="广告")
    comments = [comment(article, alice, f"广告{n}") for n in range(4)]
    client.force_login(moderator)
    bulk = reverse("comment_moderation:bulk")

    client.post(bulk, {"action": "approve", "comment": [comments[0].pk, comments[1].pk]})
    client.post(bulk, {"action": "reject", "comment": [comments[2].pk, comments[3].pk], "bulk_reason": "广告信息"})

    assert [state(c)[1] for c in comments] == ["approved", "approved", "rejected", "rejected"]
    assert ModelLogEntry.objects.filter(action="gongzhi.comments.approve").count() == 2
    assert ModelLogEntry.objects.filter(action="gongzhi.comments.reject").count() == 2


def test_approving_a_reported_comment_clears_it_from_the_flagged_tab(client, moderator, article, alice, bob):
    target = comment(article, alice, "被举报的评论")
    services.report(target, bob, CommentReport.Reason.SPAM, comment_settings=site_settings())
    client.force_login(moderator)

    client.post(reverse("comment_moderation:approve", args=[target.pk]))

    assert "被举报的评论" not in client.get(QUEUE + "?tab=flagged").content.decode()


def test_a_moderator_blocks_an_author_until_a_date(client, moderator, held_comment, alice):
    client.force_login(moderator)
    until = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")

    client.post(reverse("comment_moderation:block", args=[alice.pk]), {"until": until})

    assert ResidentProfile.objects.get(user=alice).is_blocked()
    assert ModelLogEntry.objects.filter(action="gongzhi.comments.block_author").exists()


def test_a_chief_editor_views_the_queue_but_cannot_act(client, chief_editor, held_comment):
    client.force_login(chief_editor)

    html = client.get(QUEUE).content.decode()
    response = client.post(reverse("comment_moderation:approve", args=[held_comment.pk]))

    assert "楼下有人聚众赌博" in html
    assert f'form="approve-{held_comment.pk}"' not in html
    assert (response.status_code, response.url) == (302, ADMIN_HOME)
    assert state(held_comment) == (False, "pending")


@pytest.mark.parametrize("role", ["editor", "department_staff", "supervisor"])
def test_other_staff_cannot_see_or_use_the_queue(client, request, role, held_comment):
    client.force_login(request.getfixturevalue(role))

    listing = client.get(QUEUE)
    action = client.post(reverse("comment_moderation:approve", args=[held_comment.pk]))
    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert (listing.status_code, listing.url) == (302, ADMIN_HOME)
    assert (action.status_code, action.url) == (302, ADMIN_HOME)
    assert state(held_comment) == (False, "pending")
    assert QUEUE not in home


def test_a_resident_cannot_reach_the_queue(client, alice, held_comment):
    client.force_login(alice)
    assert client.get(QUEUE).status_code == 302
    assert client.post(reverse("comment_moderation:approve", args=[held_comment.pk])).status_code == 302
    assert state(held_comment) == (False, "pending")


def test_the_dashboard_shows_the_pending_count(client, moderator, held_comment, article, alice):
    comment(article, alice, "又一条赌博评论")
    client.force_login(moderator)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'data-pending-comments="2"' in html


def test_other_apps_add_actions_per_comment(client, moderator, held_comment):
    def forward(comment, request):
        return [("转为诉求", f"/admin/demands/from-comment/{comment.pk}/")]

    client.force_login(moderator)
    with hooks.register_temporarily("gongzhi_moderation_comment_actions", forward):
        html = client.get(QUEUE).content.decode()

    assert f"/admin/demands/from-comment/{held_comment.pk}/" in html


def test_moderators_edit_sensitive_words_in_the_admin(client, moderator, editor):
    client.force_login(moderator)
    url = reverse("wagtailsnippets_comments_sensitiveword:add")
    client.post(url, {"word": "诈骗", "note": ""})
    assert SensitiveWord.objects.filter(word="诈骗").exists()
    client.force_login(editor)
    response = client.get(url)
    assert (response.status_code, response.url) == (302, ADMIN_HOME)


def test_the_queue_lists_in_a_constant_number_of_queries(client, moderator, article, alice,
                                                         django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SensitiveWord.objects.create(word="违规")
    comment(article, alice, "违规1")
    client.force_login(moderator)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for n in range(10):
        comment(article, alice, f"违规{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(QUEUE)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert XtdComment.objects.filter(in_state(CommentModeration.State.PENDING), moderation__isnull=False).count() == 11


def test_editors_choose_pre_moderation_for_a_section_and_moderators_do_not(client, editor, moderator, news_section,
                                                                           article, alice):
    from engagement.comments.models import SectionModeration

    url = reverse("wagtailsnippets_comments_sectionmoderation:add")
    client.force_login(moderator)
    response = client.get(url)
    assert (response.status_code, response.url) == (302, ADMIN_HOME)
    client.force_login(editor)
    client.post(url, {"section": news_section.pk, "mode": "pre"})

    assert SectionModeration.objects.get(section=news_section).mode == "pre"
    assert not comment(article, alice, "先审后发").is_public
