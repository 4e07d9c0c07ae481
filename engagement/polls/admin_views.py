"""Admin screens for polls: CSV export of aggregates (never identities) and closing a poll."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from content.downloads import csv_response
from content.models import Area

from .models import Ballot, BallotChoice, Poll
from .permissions import can_close_poll, can_export_poll


def poll_export_rows(poll):
    """The export as rows: totals per choice, then a per-area breakdown. No voter identity appears.

    Cells are raw values: csv_response() neutralises anything that would read as a formula.
    """
    choices = list(poll.choices.annotate(votes=Count("picks")).order_by("sort_order", "pk"))
    total = Ballot.objects.filter(poll=poll).count()
    rows = [
        [_("Question"), poll.question],
        [_("Opens"), timezone.localtime(poll.opens_at).strftime("%Y-%m-%d %H:%M")],
        [_("Closes"), timezone.localtime(poll.closes_at).strftime("%Y-%m-%d %H:%M")],
        [_("Voters"), total],
        [],
        [_("Choice"), _("Votes"), _("Percent of voters")],
    ]
    for choice in choices:
        percent = f"{100 * choice.votes / total:.1f}" if total else "0.0"
        rows.append([choice.text, choice.votes, percent])

    picks = (
        BallotChoice.objects.filter(ballot__poll=poll)
        .values_list("ballot__area_id", "choice_id").annotate(n=Count("pk")).order_by()
    )
    voters = dict(Ballot.objects.filter(poll=poll).values_list("area_id").annotate(n=Count("pk")).order_by())
    by_area = {}
    for area_id, choice_id, n in picks:
        by_area.setdefault(area_id, {})[choice_id] = n
    # Full names (district · street · community · grid): grids in different communities share names.
    names = {
        area.pk: area.full_name()
        for area in Area.objects.filter(pk__in=[a for a in voters if a]).select_related("parent__parent__parent")
    }
    # An area with a handful of voters would show how its residents voted: such areas are
    # counted together in one row without their names.
    minimum = settings.POLL_EXPORT_MIN_AREA_VOTERS
    small = {a for a, n in voters.items() if a is not None and n < minimum}
    rows += [[], [_("Area")] + [c.text for c in choices] + [_("Voters")]]
    for area_id in sorted(set(voters) - small, key=lambda a: (a is None, names.get(a, ""))):
        label = names.get(area_id, "") if area_id else _("No area given")
        rows.append([label] + [by_area.get(area_id, {}).get(c.pk, 0) for c in choices] + [voters[area_id]])
    if small:
        label = _("Areas with fewer than %(n)d voters (together)") % {"n": minimum}
        rows.append([label] + [sum(by_area.get(a, {}).get(c.pk, 0) for a in small) for c in choices]
                    + [sum(voters[a] for a in small)])
    return rows


def export_poll_csv(request, pk):
    poll = get_object_or_404(Poll, pk=pk)
    if not can_export_poll(request.user, poll):
        raise PermissionDenied
    return csv_response(f"poll-{poll.pk}-results.csv", poll_export_rows(poll))


def close_poll(request, pk):
    from .wagtail_hooks import poll_viewset

    poll = get_object_or_404(Poll, pk=pk)
    if not can_close_poll(request.user, poll):
        raise PermissionDenied
    if request.method == "POST":
        poll.close()
        messages.success(request, _("The poll “%(question)s” is closed.") % {"question": poll.question})
        return redirect(poll_viewset.get_url_name("list"))
    return TemplateResponse(request, "polls/admin/confirm_close.html", {
        "poll": poll, "page_title": _("Close poll"), "header_icon": "lock",
        "cancel_url": poll_viewset.get_url_name("list"),
    })
