"""Consultation fixtures: an open consultation of 城市管理局 with three sections, residents, opinions through the domain layer."""

import datetime

import pytest
from django.utils import timezone

from engagement.consultations import services
from engagement.consultations.models import ConsultationPage, ConsultationSection
from tests.comments.factories import site_settings

SECTIONS = [("适用范围", "本办法适用于东城区共享停车场。"), ("开放时段", "工作日19:00至次日7:30开放。"),
            ("收费标准", "收费不高于周边停车场的50%。")]


def make_consultation(parent, department, *, slug="parking-draft", title="错时共享停车实施意见（征求意见稿）",
                      opens=-3, closes=10, sections=SECTIONS):
    today = timezone.localdate()
    page = ConsultationPage(
        title=title, slug=slug, summary="为缓解停车难，现公开征求意见。", issuing_department=department,
        opens_on=today + datetime.timedelta(days=opens), closes_on=today + datetime.timedelta(days=closes),
    )
    page.sections = [ConsultationSection(heading=h, body=b, sort_order=i) for i, (h, b) in enumerate(sections)]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def close(consultation, days_ago=1):
    """Move the closing date into the past (the consultation stops taking opinions)."""
    today = timezone.localdate()
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_on=today - datetime.timedelta(days=days_ago + 10), closes_on=today - datetime.timedelta(days=days_ago))
    consultation.refresh_from_db()
    return consultation


def opinion(consultation, user, text="开放时间太晚，建议提前到18:00。", section=None, wording=""):
    return services.give_opinion(consultation, user, text, section_id=section.pk if section else None,
                                 proposed_wording=wording, comment_settings=site_settings())


def sections_of(consultation):
    return list(consultation.sections.order_by("sort_order"))


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


@pytest.fixture
def consultation(policy_section, department):
    return make_consultation(policy_section, department)
