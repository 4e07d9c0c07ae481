"""Public poll pages: the list, one poll, and the vote (a plain form POST; works without JavaScript)."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.visibility import not_viewable_response, page_is_viewable
from engagement.ratelimit import RateLimit, RateLimited, rate_limit, rate_limited_response

from .models import Poll
from .panels import login_url, visible_polls
from .services import VoteRefused, cast_vote, poll_views, polls_with_results

BROWSER_COOKIE = "gongzhi_voter"
BROWSER_COOKIE_SALT = "engagement.polls.browser"
BROWSER_COOKIE_AGE = 365 * 24 * 3600

# Every vote (account or anonymous): a burst limit per account and per IP.
VOTE_LIMIT = RateLimit("poll-vote", getattr(settings, "POLLS_VOTES_PER_10_MINUTES", 20), 600)


def anonymous_vote_limit(poll):
    """Anonymous votes in one poll from one IP address per day (a browser can drop its cookie)."""
    return RateLimit(f"poll-anonymous-{poll.pk}", getattr(settings, "POLLS_ANONYMOUS_VOTES_PER_IP", 10), 24 * 3600)


def browser_token(request):
    """The anonymous voter's browser token from its signed cookie (None if absent or tampered)."""
    return request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT)


def _remember_browser(response, token):
    response.set_signed_cookie(
        BROWSER_COOKIE, token, salt=BROWSER_COOKIE_SALT, max_age=BROWSER_COOKIE_AGE,
        httponly=True, samesite="Lax", secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )
    return response


def poll_list(request):
    now = timezone.now()
    polls = visible_polls(Poll.objects.all(), request)
    base = polls_with_results(polls)
    open_polls = poll_views(base.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at"), request,
                            browser_token(request), now)
    upcoming = polls.filter(opens_at__gt=now).order_by("opens_at")[:10]
    closed = Paginator(polls.filter(closes_at__lte=now).order_by("-closes_at"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "polls/poll_list.html", {
        "open_polls": open_polls, "upcoming": upcoming, "closed": closed, "login_url": login_url(request),
    })


def poll_detail(request, pk):
    poll = get_object_or_404(polls_with_results(Poll.objects.select_related("page")), pk=pk)
    if poll.page_id and not page_is_viewable(poll.page, request):
        return not_viewable_response(request, poll.page)
    [view] = poll_views([poll], request, browser_token(request))
    page = poll.page.specific if poll.page_id else None
    return render(request, "polls/poll_detail.html", {
        "poll": poll, "view": view, "login_url": login_url(request), "page_url": page.get_url(request) if page else None,
    })


def _back(request, poll):
    target = request.POST.get("next", "")
    # A path on this site only: redirect() would read "a b" as a view name (NoReverseMatch, a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(poll.get_absolute_url())


@require_POST
@rate_limit(VOTE_LIMIT)
def vote(request, pk):
    poll = get_object_or_404(Poll.objects.select_related("page"), pk=pk)
    if poll.page_id and not page_is_viewable(poll.page, request):
        return not_viewable_response(request, poll.page)
    token = None
    if not request.user.is_authenticated and poll.allow_anonymous:
        try:
            anonymous_vote_limit(poll).check(request)
        except RateLimited as exc:
            return rate_limited_response(request, exc)
        token = browser_token(request) or secrets.token_urlsafe(24)
    try:
        cast_vote(poll, request.POST.getlist("choice"), user=request.user, browser_token=token)
    except VoteRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Thank you: your vote has been counted."))
    response = _back(request, poll)
    if token:
        _remember_browser(response, token)
    return response
