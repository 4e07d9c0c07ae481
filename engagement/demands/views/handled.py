"""The mediation organisation's side of 交办 on the public site (organisations log in as residents do):
its work list of the demands handed to it, and its public answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement.ratelimit import rate_limit

from .. import permissions as perms
from .. import statistics
from ..forms import OrganisationAnswerForm
from ..models import Demand
from ..selectors import handled_work
from ..transitions import TransitionNotAllowed
from .public import ACT_LIMIT


@login_required
def handled_demands(request):
    """交办给本组织的诉求: open ones by their deadline first, then the answered; with the organisation's figures."""
    organisation = perms.handling_organisation(request.user)
    if organisation is None:
        return render(request, "demands/handled.html", {"organisation": None}, status=403)
    scope = perms.policy.instances_user_has_permission_for(request.user, "view_handled")
    open_, done = handled_work(scope)
    period = statistics.default_period()
    return render(request, "demands/handled.html", {
        "organisation": organisation, "open": open_, "done": done, "period": period,
        "figures": statistics.for_handler(organisation, period),
    })


@require_POST
@login_required
@rate_limit(ACT_LIMIT)
def answer_handed(request, tracking_number):
    """The organisation publishes its answer; refused with the reason (not handed to it, answered already, its
    verification no longer in force), nothing written."""
    demand = get_object_or_404(Demand.objects.readable_by(request.user),
                               tracking_number=tracking_number.upper())
    form = OrganisationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer."))
        return redirect(demand)
    try:
        demand.answer_as_organisation(text=form.cleaned_data["text"], by=request.user)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Answer published under your organisation's name."))
    return redirect(demand)
