"""GET /open311/v2/servicerequestupdates.json|xml: the GeoReport updates extension.

What a city CRM (FixMyStreet's Open311 update sync) polls: every status change and every public answer
of a public request since a date. It reads the same public record as the demand page: only
publicly readable demands (DemandQuerySet.publicly_readable), only public actions, and never an event's
internal note; an answer's text is the public answer.
"""

import datetime

from django.utils import timezone

from .models import Demand, DemandEvent, Status
from .open311 import Open311Error, _refuse_nul, api, iso, render
from .open311_forms import UpdateFilterForm

DEFAULT_DAYS = 7
MAX_UPDATES = 1000

# GeoReport has open/closed; the updates extension's statuses (FixMyStreet's names) say more.
UPDATE_STATUS = {
    Status.SUBMITTED: "open", Status.FORWARDED: "in_progress", Status.ACCEPTED: "in_progress",
    Status.ANSWERED: "closed", Status.CLOSED: "closed", Status.REJECTED: "no_further_action",
    Status.MERGED: "duplicate",
}


def public_updates(start, end, tracking_numbers=()):
    """The public events of publicly readable demands in [start, end], oldest first, with their answers."""
    events = (
        DemandEvent.objects.filter(demand__in=Demand.objects.publicly_readable(),
                                   action__in=DemandEvent.PUBLIC_ACTIONS, created_at__gte=start)
        .exclude(to_status="")
        .select_related("demand").prefetch_related("demand__answers")
        .order_by("created_at", "pk")
    )
    if end is not None:
        events = events.filter(created_at__lte=end)
    if tracking_numbers:
        events = events.filter(demand__tracking_number__in=[n.upper() for n in tracking_numbers])
    return list(events[:MAX_UPDATES])


def _answer_text(event):
    """The public answer an 'answered' event published: the answer of that round (the latest before it)."""
    answers = [a for a in event.demand.answers.all() if a.created_at <= event.created_at]
    return max(answers, key=lambda a: (a.created_at, a.pk)).text if answers else ""


def update_row(event):
    answered = event.action == DemandEvent.Action.ANSWERED
    return {
        "update_id": str(event.pk),
        "service_request_id": event.demand.tracking_number,
        "status": UPDATE_STATUS.get(event.to_status, "open"),
        "updated_datetime": iso(event.created_at),
        "description": (_answer_text(event) if answered else "") or str(event.get_action_display()),
        "media_url": None,
    }


@api
def updates_view(request, fmt):
    _refuse_nul(request.GET)
    form = UpdateFilterForm(request.GET)
    if not form.is_valid():
        raise Open311Error(400, form.error_list())
    data = form.cleaned_data
    start = data["start_date"] or (data["end_date"] or timezone.now()) - datetime.timedelta(days=DEFAULT_DAYS)
    rows = [update_row(e) for e in public_updates(start, data["end_date"], data["service_request_id"])]
    return render(rows, fmt, "service_request_updates", "request_update")
