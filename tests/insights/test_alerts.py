"""Early warning end to end: counts → alert → email → acknowledgement; one surge, one alert."""

import datetime

import pytest
from django.urls import reverse

from engagement.insights.alerts import run_alerts
from engagement.insights.hot_terms import run_hot_terms
from engagement.insights.models import Alert, StopWord
from engagement.notifications.models import Notification

from .factories import comment

DAY = datetime.date(2026, 11, 20)


def quiet_history(text="路灯坏了", weeks=8):
    for week in range(1, weeks + 1):
        comment(text, DAY - datetime.timedelta(days=7 * week))


def surge(day=DAY, n=8, text="路灯坏了，晚上看不见"):
    return [comment(text, day) for _ in range(n)]


@pytest.mark.django_db
def test_a_surge_raises_one_alert_with_its_evidence_and_emails_the_supervisors(supervisor):
    quiet_history()
    comments = surge()
    run_hot_terms(day=DAY)

    assert run_alerts(day=DAY)["raised"] >= 1
    alert = Alert.objects.get(key="term:路灯")
    assert alert.observed == 8 and alert.baseline_mean == 1.0 and alert.threshold <= 8
    assert set(alert.evidence) <= {f"comment:{c.pk}" for c in comments} and alert.evidence
    mail = Notification.objects.filter(kind="insights_alert", recipient=supervisor.email)
    assert mail.count() == 1 and "路灯" in mail.get().body


@pytest.mark.django_db
def test_an_editors_stop_word_raises_no_alert(supervisor):
    quiet_history()
    surge()
    run_hot_terms(day=DAY)
    StopWord.objects.create(word="路灯")

    run_alerts(day=DAY)

    assert not Alert.objects.filter(key="term:路灯").exists()


@pytest.mark.django_db
def test_rerunning_or_a_second_surge_day_updates_the_same_alert(supervisor):
    quiet_history()
    surge()
    run_hot_terms(day=DAY)
    run_alerts(day=DAY)
    mails = Notification.objects.count()

    assert run_alerts(day=DAY)["raised"] == 0
    next_day = DAY + datetime.timedelta(days=1)
    surge(day=next_day, n=12)
    run_hot_terms(day=next_day)
    run_alerts(day=next_day)

    alert = Alert.objects.get(key="term:路灯")
    assert alert.first_day == DAY and alert.day == next_day and alert.observed == 12
    assert Notification.objects.count() == mails


@pytest.mark.django_db
def test_a_quiet_day_and_a_new_site_raise_nothing():
    assert run_alerts(day=DAY) == {"raised": 0, "updated": 0, "day": DAY}
    surge(n=20)  # a busy first day on a brand-new site: no history, no alarm
    run_hot_terms(day=DAY)
    assert run_alerts(day=DAY)["raised"] == 0


@pytest.mark.django_db
def test_a_supervisor_acknowledges_an_alert_with_a_note(client, supervisor):
    quiet_history()
    surge()
    run_hot_terms(day=DAY)
    run_alerts(day=DAY)
    alert = Alert.objects.get(key="term:路灯")
    client.force_login(supervisor)
    url = reverse("insights_admin:acknowledge_alert", args=[alert.pk])

    client.post(url, {"note": ""})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN

    client.post(url, {"note": "已转城管局核查路灯"})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ACKNOWLEDGED and alert.acknowledged_by == supervisor
    page = client.get(reverse("insights_admin:dashboard"))
    assert "已转城管局核查路灯" in page.content.decode()


@pytest.mark.django_db
def test_a_moderator_sees_alerts_but_cannot_acknowledge_them(client, moderator):
    quiet_history()
    surge()
    run_hot_terms(day=DAY)
    run_alerts(day=DAY)
    alert = Alert.objects.get(key="term:路灯")
    client.force_login(moderator)
    assert client.get(reverse("insights_admin:dashboard")).status_code == 200
    response = client.post(reverse("insights_admin:acknowledge_alert", args=[alert.pk]), {"note": "看过"})
    assert response.status_code in (302, 403)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN
