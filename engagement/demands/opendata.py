"""Open data behind /transparency/ and /departments/: enough to recompute every published figure.

- public records: every publicly readable demand, one row each, with its deadlines, when it was
  accepted and answered, whether on time, working days to answer and its latest rating. No personal
  data: no contact details, no account, no text beyond the title the page shows.
- private totals: per department and month of the forward, the counts of the private demands that the
  figures include (and their working days to answer as {days: demands}, for the median).

The facts come from statistics.facts_of(), the same function the figures are computed from.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.downloads import open_data_header

from . import statistics
from .models import Demand
from content.site import site_url

RECORD_FIELDS = [
    ("tracking_number", _("Tracking number (the demand's public page is /demands/<tracking number>/)")),
    ("url", _("The demand's public page")),
    ("title", _("Title")),
    ("topic", _("Topic")),
    ("kind", _("Type: enquiry, help, complaint or suggestion")),
    ("department", _("Department it was forwarded to")),
    ("handled_by", _("Mediation organisation the department handed it to (交办), if any; it stays the department's")),
    ("area", _("Grid, community, street and district")),
    ("street", _("Street")),
    ("status", _("Status now")),
    ("round", _("2 after a dissatisfied rating reopened it")),
    ("submitted_at", _("Submitted")),
    ("forwarded_at", _("Forwarded to the department (the month of this date is the demand's period)")),
    ("accept_due_at", _("Accept deadline")),
    ("accepted_at", _("First accepted")),
    ("accepted_on_time", _("Accepted before the accept deadline")),
    ("answer_due_at", _("Answer deadline of the first answer")),
    ("answered_at", _("First answered")),
    ("answered_on_time", _("First answer before its deadline")),
    ("working_days_to_answer", _("Working days from the forward to the first answer")),
    ("satisfaction", _("Latest rating: satisfied, basically_satisfied or dissatisfied")),
    ("resolved", _("Latest rating: was the problem solved (true/false, empty if not asked)")),
    ("overdue_now", _("Still open past its accept or answer deadline now")),
]

PRIVATE_FIELDS = [
    ("department", _("Department")),
    ("month", _("Month of the forward")),
    ("received", _("Private demands received")),
    ("answered", _("Of those, answered")),
    ("accepted_on_time", _("Accepted before the accept deadline")),
    ("answered_on_time", _("First answer before its deadline")),
    ("rated", _("Rated")),
    ("satisfied", _("Rated satisfied or basically satisfied")),
    ("resolution_asked", _("Said whether the problem was solved")),
    ("resolved", _("Said the problem was solved")),
    ("overdue_now", _("Still open past a deadline now")),
    ("working_days_to_answer", _("Working days to answer, as days:demands")),
]


AREA_NAMES = ("area__parent__parent__parent__name", "area__parent__parent__name", "area__parent__name",
              "area__name")
AREA_KINDS = ("area__parent__parent__parent__kind", "area__parent__parent__kind", "area__parent__kind",
              "area__kind")


def public_records():
    """Every publicly readable demand as a flat dict (RECORD_FIELDS): two queries whatever the number."""
    demands = Demand.objects.publicly_readable()
    facts = {f.pk: f for f in statistics.facts_of(demands)}
    tz = timezone.get_current_timezone()
    placeholder = "GZ-0000-000000"
    url = site_url(reverse("demands:detail", kwargs={"tracking_number": placeholder}))

    def iso(value):
        return value.astimezone(tz).isoformat(timespec="seconds") if value else None

    rows = demands.order_by("submitted_at", "pk").values_list(
        "pk", "tracking_number", "title", "topic__name", "kind", "department__name", "handler__name", "status",
        "round", "submitted_at", *AREA_NAMES, *AREA_KINDS)
    records = []
    for pk, number, title, topic, kind, department, handler, status, round_, submitted, *area in rows:
        names, kinds = area[:4], area[4:]
        fact = facts.get(pk)
        records.append({
            "tracking_number": number,
            "url": url.replace(placeholder, number),
            "title": title,
            "topic": topic,
            "kind": kind,
            "department": department,
            "handled_by": handler,
            "area": " · ".join(n for n in names if n) or None,
            "street": fact.street if fact else next(
                (n for n, k in zip(names, kinds) if k == "street"), None),
            "status": status,
            "round": round_,
            "submitted_at": iso(submitted),
            "forwarded_at": iso(fact.forwarded_at) if fact else None,
            "accept_due_at": iso(fact.accept_due_at) if fact else None,
            "accepted_at": iso(fact.first_accepted_at) if fact else None,
            "accepted_on_time": fact.accepted_on_time if fact else None,
            "answer_due_at": iso(fact.first_answer_due_at) if fact else None,
            "answered_at": iso(fact.first_answered_at) if fact else None,
            "answered_on_time": fact.answered_on_time if fact else None,
            "working_days_to_answer": fact.working_days if fact else None,
            "satisfaction": fact.satisfaction if fact else None,
            "resolved": fact.resolved if fact else None,
            "overdue_now": fact.overdue if fact else False,
        })
    return records


def private_totals():
    """Per department and month of the forward, the counts of private demands (PRIVATE_FIELDS)."""
    out = []
    for row in statistics.private_totals(statistics.Period.all_time()):
        f = row["figures"]
        out.append({
            "department": row["department"], "month": row["month"], "received": f.received,
            "answered": f.answered, "accepted_on_time": f.accepted_on_time, "answered_on_time": f.answered_on_time,
            "rated": f.rated, "satisfied": f.satisfied, "resolution_asked": f.resolution_asked,
            "resolved": f.resolved, "overdue_now": f.overdue_now,
            "working_days_to_answer": " ".join(f"{k}:{v}" for k, v in f.working_days_histogram().items()),
        })
    return out


def dataset(kind):
    """(header, fields, rows) of one open-data file: kind is "demands" or "private"."""
    if kind == "demands":
        header = open_data_header(_("Gongzhi open data: public demands, one record each"))
        return header, RECORD_FIELDS, public_records()
    header = open_data_header(_("Gongzhi open data: private demands included in the figures, per department "
                                "and month"))
    return header, PRIVATE_FIELDS, private_totals()
