"""Residents give opinions on a section or the whole draft, support or oppose sections; the page counts them."""

import pytest
from django_comments_xtd.models import XtdComment

from engagement.comments.models import CommentModeration, ModerationMode, SectionModeration, SensitiveWord
from engagement.consultations import services
from engagement.consultations.models import Opinion, SectionStance
from tests.consultations.conftest import close, make_consultation, opinion, sections_of
from tests.page_privacy import messages_of

pytestmark = pytest.mark.django_db


def post_opinion(client, consultation, section=None, text="收费标准应写明具体金额。", wording=""):
    return client.post(f"/consultations/{consultation.pk}/opinions/",
                       {"section": section.pk if section else "", "comment": text, "proposed_wording": wording})


def test_a_resident_comments_on_a_section_and_the_page_shows_it_under_that_section(client, alice, consultation):
    second = sections_of(consultation)[1]
    client.force_login(alice)

    response = post_opinion(client, consultation, second, "开放时间太晚。", wording="工作日18:00至次日7:30")

    assert response.status_code == 302 and response["Location"].endswith(f"#section-{second.pk}")
    assert "谢谢，您的意见已发布。" in messages_of(response)
    saved = Opinion.objects.get()
    assert (saved.section, saved.proposed_wording) == (second, "工作日18:00至次日7:30")
    page = client.get(consultation.url).content.decode()
    assert "1 条意见" in page and "开放时间太晚。" in page and "针对第2条" in page and "提出修改建议" in page
    assert "工作日18:00至次日7:30" in page  # the proposed wording is part of the moderated text


def test_an_opinion_on_the_whole_draft_has_no_section(client, alice, consultation):
    client.force_login(alice)
    post_opinion(client, consultation, None, "总体支持。")

    assert Opinion.objects.get().section is None
    assert "针对草案整体" in client.get(consultation.url).content.decode()


def test_a_pre_moderated_section_holds_the_opinion_for_the_queue(client, alice, consultation, policy_section):
    SectionModeration.objects.create(section=policy_section, mode=ModerationMode.PRE)
    client.force_login(alice)

    response = post_opinion(client, consultation, sections_of(consultation)[0], "建议扩大适用范围。")

    assert "谢谢，您的意见经审核后将会显示。" in messages_of(response)
    held = Opinion.objects.get().comment
    assert not held.is_public and CommentModeration.objects.get(comment=held).rule == "pre_moderation"
    assert "建议扩大适用范围。" not in client.get(consultation.url).content.decode()


def test_a_sensitive_word_in_the_proposed_wording_holds_the_opinion(alice, consultation):
    SensitiveWord.objects.create(word="赌博")
    held = opinion(consultation, alice, "建议修改。", section=sections_of(consultation)[0], wording="允许赌博")

    assert not held.comment.is_public
    assert CommentModeration.objects.get(comment=held.comment).rule_detail == "赌博"


def test_commenting_after_closing_is_refused_with_a_message_and_nothing_is_saved(client, alice, consultation):
    close(consultation)
    client.force_login(alice)

    response = post_opinion(client, consultation, sections_of(consultation)[0], "晚到的意见")

    assert response.status_code == 400
    assert "本次征求意见已于" in response.content.decode() and "不再接受意见" in response.content.decode()
    assert "晚到的意见" in response.content.decode()  # their text comes back to them
    assert not Opinion.objects.exists() and not XtdComment.objects.exists()
    page = client.get(consultation.url).content.decode()
    assert "不再接受意见" in page and 'name="comment"' not in page


def test_an_opinion_before_the_opening_date_is_refused(alice, policy_section, department):
    upcoming = make_consultation(policy_section, department, slug="later", opens=3, closes=20)

    with pytest.raises(services.ConsultationRefused, match="尚不接受意见"):
        opinion(upcoming, alice)
    assert not Opinion.objects.exists()


def test_an_opinion_on_a_section_of_another_consultation_is_refused(client, alice, consultation, policy_section,
                                                                     department):
    other = make_consultation(policy_section, department, slug="other-draft", title="另一份征求意见稿")
    client.force_login(alice)

    response = post_opinion(client, consultation, sections_of(other)[0])

    assert response.status_code == 400 and "该条款不属于本次征求意见。" in response.content.decode()
    assert not Opinion.objects.exists() and not XtdComment.objects.exists()


def test_a_new_wording_for_no_section_is_refused(alice, consultation):
    with pytest.raises(services.ConsultationRefused, match="只能针对具体条款"):
        opinion(consultation, alice, wording="改成这样")
    assert not XtdComment.objects.exists()


def test_an_empty_opinion_is_refused_with_the_comments_message(client, alice, consultation):
    client.force_login(alice)
    response = post_opinion(client, consultation, None, "   ")

    assert response.status_code == 400 and not Opinion.objects.exists()


def test_a_blocked_resident_cannot_give_an_opinion(alice, consultation):
    import datetime

    from django.utils import timezone

    from engagement.residents.models import profile_for

    profile = profile_for(alice)
    profile.commenting_blocked_until = timezone.now() + datetime.timedelta(days=2)
    profile.save()

    with pytest.raises(services.ConsultationRefused):
        opinion(consultation, alice)
    assert not Opinion.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, consultation):
    response = post_opinion(client, consultation)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Opinion.objects.exists()


def test_support_and_opposition_are_counted_per_section_and_taken_back_by_choosing_again(client, alice, bob,
                                                                                        consultation):
    first, second, _third = sections_of(consultation)
    url = f"/consultations/{consultation.pk}/sections/{first.pk}/stance/"
    client.force_login(alice)
    client.post(url, {"stance": "support"})
    client.force_login(bob)
    client.post(url, {"stance": "oppose"})
    client.post(f"/consultations/{consultation.pk}/sections/{second.pk}/stance/", {"stance": "support"})

    page = client.get(consultation.url).content.decode()
    section_one = page.split(f'id="section-{first.pk}"')[1].split("</li>")[0]
    assert "1 人赞成" in section_one and "1 人反对" in section_one

    response = client.post(url, {"stance": "oppose"})  # bob again: withdrawn
    assert "已撤回您的赞成或反对。" in messages_of(response)
    assert SectionStance.objects.filter(section=first).count() == 1
    client.post(url, {"stance": "support"})  # and changes his mind
    assert SectionStance.objects.get(section=first, user=bob).stance == "support"


def test_a_stance_after_closing_is_refused(client, alice, consultation):
    first = sections_of(consultation)[0]
    close(consultation)
    client.force_login(alice)

    response = client.post(f"/consultations/{consultation.pk}/sections/{first.pk}/stance/", {"stance": "support"})

    assert any("不再接受意见" in m for m in messages_of(response))
    assert not SectionStance.objects.exists()


def test_a_stance_on_a_section_of_another_consultation_is_refused(client, alice, consultation, policy_section,
                                                                  department):
    other = make_consultation(policy_section, department, slug="other-draft")
    client.force_login(alice)

    response = client.post(f"/consultations/{consultation.pk}/sections/{sections_of(other)[0].pk}/stance/",
                           {"stance": "support"})

    assert "该条款不属于本次征求意见。" in messages_of(response)
    assert not SectionStance.objects.exists()


def test_the_page_counts_opinions_supports_and_oppositions_in_a_constant_number_of_queries(
        client, alice, consultation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.comments.factories import make_resident

    first = sections_of(consultation)[0]

    def queries():
        client.force_login(alice)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(consultation.url).status_code == 200
        return len(captured)

    opinion(consultation, alice, section=first)
    queries()  # warm-up: the first request also fills per-process caches (content types, site)
    few = queries()
    for n in range(12):
        resident = make_resident(f"r{n}")
        opinion(consultation, resident, f"意见{n}", section=first)
        services.take_stance(first, resident, "support" if n % 2 else "oppose")
    assert queries() == few
