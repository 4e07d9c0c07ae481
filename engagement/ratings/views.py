"""Rate a policy: a plain form POST from the policy page (works without JavaScript)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.models import PolicyPage
from content.visibility import not_viewable_response, page_is_viewable
from engagement.ratelimit import RateLimit, rate_limit

from .forms import PolicyRatingForm
from .services import RatingRefused, rate_policy

RATING_LIMIT = RateLimit("policy-rating", 10, 600)


@require_POST
@rate_limit(RATING_LIMIT)
def rate(request, page_id):
    page = get_object_or_404(PolicyPage, pk=page_id)
    if not page_is_viewable(page, request):
        return not_viewable_response(request, page)
    if not request.user.is_authenticated:
        # Back to the policy after logging in (this address only takes POSTs).
        return redirect_to_login(page.get_url(request) + "#policy-rating")
    form = PolicyRatingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(page.get_url(request) + "#policy-rating")
    try:
        _rating, created = rate_policy(page, request.user, **form.cleaned_data)
    except RatingRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Thank you: your rating has been saved.") if created
                         else _("Your rating has been updated."))
    return redirect(page.get_url(request) + "#policy-rating")
