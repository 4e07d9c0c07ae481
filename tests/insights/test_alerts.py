"""Early warning end to end: counts → alert → email → acknowledgement; one surge, one alert."""

import datetime

import pytest
from django.urls import reverse

from engagement.insights.alerts import run_alerts
from engagement.insights.hot_terms import run_hot_terms
from engagement.insights.models import Alert, StopWord, TermDayCount, TopicAreaDayCount
from engagement.notifications.models import Notification

from .factories import comment, demand

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
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN


@pytest.mark.django_db
def test_a_demand_rejected_after_its_alert_leaves_the_evidence_and_the_counts(topic, grid, moderator, supervisor):
    for week in range(1, 9):
        demand("停车难", topic, grid, DAY - datetime.timedelta(days=7 * week))
    today = [demand(f"停车难第{i}次反映", topic, grid, DAY) for i in range(7)]
    run_hot_terms(day=DAY)
    run_alerts(day=DAY)
    street = grid.parent.parent
    alert = Alert.objects.get(kind=Alert.Kind.TOPIC_AREA, key=f"topic:{topic.pk}|area:{street.pk}")
    rejected = today[0]
    assert f"demand:{rejected.pk}" in alert.evidence
    assert f"demand:{rejected.pk}" in Alert.objects.get(key="term:停车难").evidence

    rejected.reject(by=moderator, reason="不属于受理范围")
    run_hot_terms(day=DAY)
    run_alerts(day=DAY)  # the update merges today's samples again: the ref must not come back

    for alert in Alert.objects.all():
        assert f"demand:{rejected.pk}" not in alert.evidence, alert.key
        assert set(alert.evidence) <= {f"demand:{d.pk}" for d in today[1:]}
    alert = Alert.objects.get(key=f"topic:{topic.pk}|area:{street.pk}")
    assert alert.observed == 7  # what was flagged then stays on record
    assert TopicAreaDayCount.objects.get(day=DAY, topic=topic, area=street).count == 6
    assert TermDayCount.objects.get(day=DAY, term="停车难").documents == 6


@pytest.mark.django_db
def test_a_surge_made_only_of_hidden_demands_raises_no_alert(topic, grid, moderator, supervisor):
    for week in range(1, 9):
        demand("停车难", topic, grid, DAY - datetime.timedelta(days=7 * week))
    run_hot_terms(day=DAY)
    surge_of = [demand(f"停车难第{i}次反映", topic, grid, DAY) for i in range(7)]
    run_hot_terms(day=DAY)
    for d in surge_of[1:]:
        d.merge(into=surge_of[0], by=moderator)
    run_hot_terms(day=DAY)

    assert run_alerts(day=DAY)["raised"] == 0
