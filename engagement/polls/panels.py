"""HTML fragments that polls contribute to other pages through the gongzhi_* hooks."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone

from content.visibility import page_is_viewable, unviewable_page_ids

from .models import Ballot, Poll
from .services import poll_views, polls_with_results

HOME_POLLS = 5


def login_url(request):
    try:
        url = resolve_url(settings.LOGIN_URL)
    except NoReverseMatch:
        url = "/accounts/login/"
    return f"{url}?next={request.get_full_path()}"


def visible_polls(polls, request):
    """`polls` without those attached to a page `request` may not see (private, unpublished)."""
    hidden = unviewable_page_ids(polls.exclude(page=None).values("page_id"), request)
    return polls.exclude(page_id__in=hidden) if hidden else polls


def page_polls_panel(page, request):
    """The polls attached to `page`, with their forms or results; a constant number of queries."""
    from .views import browser_token

    if not page_is_viewable(page, request):
        return None
    now = timezone.now()
    polls = polls_with_results(Poll.objects.filter(page_id=page.pk, opens_at__lte=now).order_by("opens_at", "pk"))
    views = poll_views(polls, request, browser_token(request), now)
    if not views:
        return None
    return render_to_string(
        "polls/includes/page_panel.html",
        {"views": views, "next": request.get_full_path(), "login_url": login_url(request)},
        request=request,
    )


def home_polls_panel(request):
    """Open polls on the home page, but those under a page the visitor may not see."""
    now = timezone.now()
    open_polls = Poll.objects.filter(opens_at__lte=now, closes_at__gt=now)
    polls = list(visible_polls(open_polls, request).order_by("closes_at")[:HOME_POLLS])
    if not polls:
        return None
    return render_to_string("polls/includes/home_panel.html", {"polls": polls}, request=request)


def profile_polls_panel(user, request):
    """The resident's own ballots: poll, what they chose, when."""
    ballots = list(
        Ballot.objects.filter(user=user).select_related("poll").prefetch_related("picks__choice").order_by("-created_at")
    )
    return render_to_string("polls/includes/profile_panel.html", {"ballots": ballots}, request=request)
