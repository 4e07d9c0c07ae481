"""The public 通报: per month, the public demands whose deadline was missed long enough to be listed."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import escalation


def _shift(month, months):
    index = month.year * 12 + month.month - 1 + months
    return month.replace(year=index // 12, month=index % 12 + 1)


def supervision_list(request, month=None):
    this_month = timezone.localdate().replace(day=1)
    if month is None:
        shown = this_month
    else:
        shown = escalation.parse_month(month)
        if shown is None:
            raise Http404(_("No such month."))
    listing = escalation.monthly_list(shown)
    following = _shift(shown, 1)
    return render(request, "demands/supervision.html", {
        "month": shown, "rows": listing["rows"], "private_count": listing["private"],
        "previous_month": _shift(shown, -1), "next_month": following if following <= this_month else None,
        "supervise_days": escalation.supervise_days(), "list_days": escalation.list_days(),
    })
