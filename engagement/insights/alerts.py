"""The alert job: run the detector over each topic × area and each term for one day.

Reads only the daily tables the hot-term job fills (a constant number of queries). One surge
raises one alert: an alert for the same key raised within ``DEDUPE_DAYS`` is updated (latest day,
highest count, evidence), not duplicated, and only a new alert is emailed to the Supervisors.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import Area, Topic
from content.roles import SUPERVISORS, staff_emails
from content.site import site_url

from . import detector
from .locking import job_lock
from .models import Alert, TermDayCount, TopicAreaDayCount
from .terms import stop_words

DEDUPE_DAYS = 7
MAX_EVIDENCE = 20


def _history_start():
    firsts = [
        TermDayCount.objects.aggregate(d=Min("day"))["d"],
        TopicAreaDayCount.objects.aggregate(d=Min("day"))["d"],
    ]
    firsts = [d for d in firsts if d]
    return min(firsts) if firsts else None


def _baseline(values_by_day, bdays, history_start):
    return [values_by_day.get(d, 0) if history_start and d >= history_start else None for d in bdays]


def detect_for_day(day):
    """[(kind, key, label, query, Detection, evidence refs)] for every key past its threshold on ``day``."""
    history_start = _history_start()
    if history_start is None:
        return []
    bdays = detector.baseline_days(day)
    found = []

    rows = list(TopicAreaDayCount.objects.filter(day=day, count__gte=detector.MIN_COUNT))
    if rows:
        topics = {t.pk: t for t in Topic.objects.filter(pk__in={r.topic_id for r in rows})}
        areas = {a.pk: a for a in Area.objects.filter(pk__in={r.area_id for r in rows})}
        past = {}
        for r in TopicAreaDayCount.objects.filter(
            day__in=bdays, topic_id__in={r.topic_id for r in rows}, area_id__in={r.area_id for r in rows}
        ).values_list("topic_id", "area_id", "day", "count"):
            past.setdefault((r[0], r[1]), {})[r[2]] = r[3]
        for row in rows:
            d = detector.detect(row.count, _baseline(past.get((row.topic_id, row.area_id), {}), bdays, history_start))
            if d.alarm:
                topic, area = topics[row.topic_id], areas[row.area_id]
                found.append((
                    Alert.Kind.TOPIC_AREA, f"topic:{topic.pk}|area:{area.pk}", f"{topic.name} · {area.name}",
                    f"{topic.name} {area.name}", d, list(row.samples),
                ))

    excluded = stop_words()
    rows = list(
        TermDayCount.objects.filter(day=day, documents__gte=detector.MIN_COUNT).exclude(term__in=excluded)
    )
    if rows:
        past = {}
        for term, bday, docs in TermDayCount.objects.filter(
            day__in=bdays, term__in=[r.term for r in rows]
        ).values_list("term", "day", "documents"):
            past.setdefault(term, {})[bday] = docs
        for row in rows:
            d = detector.detect(row.documents, _baseline(past.get(row.term, {}), bdays, history_start))
            if d.alarm:
                found.append((Alert.Kind.TERM, f"term:{row.term}", row.term, row.term, d, list(row.samples)))
    return found


def _supervisors():
    return list(
        get_user_model().objects.filter(groups__name=SUPERVISORS, is_active=True).exclude(email="").distinct()
    )


def _email(new_alerts):
    """One email per supervisor per run, listing the new alerts (updates of known surges are not re-sent)."""
    from engagement.notifications.outbox import notify

    if not new_alerts:
        return
    if len(new_alerts) == 1:
        subject = _("Early warning: %(what)s (%(n)s on %(day)s)") % {
            "what": new_alerts[0].label, "n": new_alerts[0].observed, "day": new_alerts[0].day,
        }
    else:
        subject = _("Early warning: %(n)s new alerts") % {"n": len(new_alerts)}
    lines = [
        _("%(what)s: %(n)s on %(day)s, against a baseline of %(mean)s on the same weekday over the previous "
          "8 weeks (threshold %(threshold)s, p = %(p).2g).") % {
            "what": a.label, "n": a.observed, "day": a.day, "mean": a.baseline_mean,
            "threshold": a.threshold, "p": a.p_value,
        }
        for a in new_alerts
    ]
    body = "\n".join(lines) + "\n\n" + _("Evidence and acknowledgement: %(url)s") % {
        "url": site_url(reverse("insights_admin:dashboard")),
    }
    for user in _supervisors():
        notify(user.email, subject, body, user=user, kind="insights_alert")


def raise_or_update(kind, key, label, query, day, detection, evidence):
    """Create the alert for this surge, or update the one raised for the same key recently. Returns (alert, created)."""
    recent = (
        Alert.objects.filter(kind=kind, key=key, day__gte=day - timedelta(days=DEDUPE_DAYS), first_day__lte=day)
        .order_by("-day")
        .first()
    )
    if recent is not None:
        changed = False
        if day > recent.day or detection.observed > recent.observed:
            recent.day = max(day, recent.day)
            recent.observed = max(detection.observed, recent.observed)
            changed = True
        merged = list(dict.fromkeys(list(recent.evidence) + list(evidence)))[:MAX_EVIDENCE]
        if merged != recent.evidence:
            recent.evidence = merged
            changed = True
        if changed:
            recent.save()
        return recent, False
    alert = Alert.objects.create(
        kind=kind, key=key, label=label[:200], search_query=query[:100], first_day=day, day=day,
        observed=detection.observed, baseline_mean=detection.baseline_mean, threshold=detection.threshold,
        p_value=detection.p_value, evidence=list(evidence)[:MAX_EVIDENCE],
    )
    return alert, True


def forget_evidence(refs, days):
    """Remove ``refs`` (records no longer public, e.g. 'demand:12') from the evidence of the alerts
    whose days may hold them: the hot-term job calls this when it takes their counts back.

    An alert's evidence comes from the samples of its own days (first_day … day), so only alerts
    overlapping ``days`` are read. What was observed stays: an alert records what was flagged.
    """
    refs = set(refs)
    if not refs or not days:
        return 0
    changed = 0
    for alert in Alert.objects.filter(first_day__lte=max(days), day__gte=min(days)).only("pk", "evidence"):
        kept = [ref for ref in alert.evidence if ref not in refs]
        if kept != alert.evidence:
            Alert.objects.filter(pk=alert.pk).update(evidence=kept)
            changed += 1
    return changed


def run_alerts(day=None):
    """The job. Returns {"raised": n, "updated": n}, or None if another run holds the lock."""
    day = day or timezone.localdate()
    with job_lock("alerts") as lock:
        if lock is None:
            return None
        new, updated = [], 0
        for kind, key, label, query, detection, evidence in detect_for_day(day):
            alert, created = raise_or_update(kind, key, label, query, day, detection, evidence)
            if created:
                new.append(alert)
            else:
                updated += 1
        _email(new)
        raised = len(new)
        lock.last_result = f"{day}: raised {raised}, updated {updated}"
        return {"raised": raised, "updated": updated, "day": day}


def acknowledge(alert, *, by, note=""):
    """A supervisor acknowledges an alert, with a note (what was done about it)."""
    alert.status = Alert.Status.ACKNOWLEDGED
    alert.acknowledged_by = by
    alert.acknowledged_at = timezone.now()
    alert.note = note.strip()
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "note", "updated_at"])
    return alert


# --- 预警 → 处置: an owner and a deadline for a surge ------------------------------------------------

class AlertRefused(Exception):
    """An assignment or disposal that is not allowed; its message is for people. Nothing was changed."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _audit(alert, action, by, **data):
    from wagtail.log_actions import log

    log(instance=alert, action=f"gongzhi.alerts.{action}", user=by,
        data={"status": alert.status, "department": alert.department_id, **data})


def _locked(alert):
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if locked.status == Alert.Status.DISPOSED:
        raise AlertRefused(_("This alert was already disposed of on %(when)s.") % {
            "when": f"{timezone.localtime(locked.disposed_at):%Y-%m-%d %H:%M}"})
    return locked


def _copy_back(alert, locked):
    for field in Alert._meta.concrete_fields:
        setattr(alert, field.attname, getattr(locked, field.attname))
    return alert


def assign(alert, *, department, due_on, by):
    """A supervisor or moderator hands the alert to ``department`` to dispose of by ``due_on`` (a date,
    today or later); re-assigning moves it. Its staff are told through the outbox."""
    from engagement.notifications.outbox import notify

    if department is None:
        raise AlertRefused(_("Choose the department that handles this alert."))
    if due_on is None:
        raise AlertRefused(_("Give the date by which the alert must be disposed of."))
    if due_on < timezone.localdate():
        raise AlertRefused(_("The deadline %(date)s is in the past: choose today or a later day.") % {"date": due_on})
    with transaction.atomic():
        locked = _locked(alert)
        locked.status, locked.department, locked.due_on = Alert.Status.ASSIGNED, department, due_on
        locked.assigned_by, locked.assigned_at = by, timezone.now()
        locked.save()
        _audit(locked, "assign", by, due_on=due_on.isoformat())
        subject = _("Early warning for %(department)s: %(what)s") % {"department": department, "what": locked.label}
        body = _("%(what)s: %(n)s on %(day)s. Dispose of it by %(due)s and say what was done:\n%(url)s") % {
            "what": locked.label, "n": locked.observed, "day": locked.day, "due": due_on,
            "url": site_url(reverse("insights_admin:alerts")),
        }
        for email in staff_emails(department):
            notify(email, subject, body, kind="insights_alert_assigned")
    return _copy_back(alert, locked)


def dispose(alert, *, note, by):
    """The department's staff close an assigned alert with what was done (处置); once."""
    note = (note or "").strip()
    if not note:
        raise AlertRefused(_("Write what was done about this alert before closing it."))
    with transaction.atomic():
        locked = _locked(alert)
        if locked.status != Alert.Status.ASSIGNED:
            raise AlertRefused(_("This alert is not assigned to a department yet."))
        now = timezone.now()
        locked.status, locked.disposal_note = Alert.Status.DISPOSED, note[:2000]
        locked.disposed_by, locked.disposed_at = by, now
        locked.disposed_on_time = timezone.localtime(now).date() <= locked.due_on
        locked.save()
        _audit(locked, "dispose", by, on_time=locked.disposed_on_time)
    return _copy_back(alert, locked)
