"""Residents' rights under the PIPL: the retention job that erases the contact details of
long-closed demands."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from engagement.demands.models import Demand
from engagement.residents import rights
from engagement.residents.models import RetentionRun
from tests.demands.factories import CONTACT, make_demand

from .rights import EMPTY_CONTACT, contact_of

pytestmark = pytest.mark.usefixtures("clear_rate_limits")


@pytest.fixture
def finished(topic):
    """Demands finished at different times, and an open one."""
    now = timezone.now()

    def demand(title, status, closed_days_ago):
        d = make_demand(topic, title=title)
        Demand.objects.filter(pk=d.pk).update(
            status=status, closed_at=None if closed_days_ago is None else now - timedelta(days=closed_days_ago))
        return d

    return {
        "old_closed": demand("三年前办结", "closed", 3 * 365),
        "old_rejected": demand("三年前驳回", "rejected", 3 * 365),
        "old_merged": demand("三年前合并", "merged", 3 * 365),
        "recent_closed": demand("上个月办结", "closed", 30),
        "old_open": demand("仍在办理", "accepted", None),
    }


def test_the_retention_job_erases_only_long_closed_contacts_and_reports_them(finished):
    out = io.StringIO()
    call_command("erase_closed_contacts", stdout=out)

    for key in ("old_closed", "old_rejected", "old_merged"):
        assert contact_of(finished[key]) == EMPTY_CONTACT, key
    for key in ("recent_closed", "old_open"):
        assert contact_of(finished[key]) == CONTACT, key
    report = out.getvalue()
    assert "erased 3" in report and "closed: 1" in report and "rejected: 1" in report and "merged: 1" in report
    run = RetentionRun.objects.get()
    assert (run.months, run.erased, run.counts) == (24, 3, {"closed": 1, "rejected": 1, "merged": 1})
    assert finished["old_closed"].tracking_number in run.tracking_numbers

    call_command("erase_closed_contacts", stdout=io.StringIO())  # nothing left to erase
    assert RetentionRun.objects.first().erased == 0


def test_a_dry_run_changes_nothing(finished):
    out = io.StringIO()
    call_command("erase_closed_contacts", "--dry-run", stdout=out)

    assert "would erase 3" in out.getvalue() and "closed: 1" in out.getvalue()
    assert all(contact_of(d) == CONTACT for d in finished.values())
    assert not RetentionRun.objects.exists()


def test_months_come_from_the_option_or_the_setting(finished, settings):
    call_command("erase_closed_contacts", "--months", "1", stdout=io.StringIO())
    assert contact_of(finished["recent_closed"]) == EMPTY_CONTACT
    assert contact_of(finished["old_open"]) == CONTACT

    settings.GONGZHI_CONTACT_RETENTION_MONTHS = 60
    assert rights.erase_closed_contacts()["months"] == 60


def test_a_merged_demand_keeps_its_contact_while_the_demand_it_joined_is_open(finished):
    Demand.objects.filter(pk=finished["old_merged"].pk).update(merged_into=finished["old_open"])
    result = rights.erase_closed_contacts(dry_run=True)
    assert finished["old_merged"].tracking_number not in result["tracking_numbers"]


def test_months_before_counts_calendar_months():
    tz = ZoneInfo("Asia/Shanghai")
    assert rights.months_before(datetime(2026, 3, 31, 12, tzinfo=tz), 1).date().isoformat() == "2026-02-28"
    assert rights.months_before(datetime(2026, 1, 15, 12, tzinfo=tz), 24).date().isoformat() == "2024-01-15"
