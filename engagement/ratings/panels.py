"""HTML fragments that policy ratings contribute to policy pages and the resident's profile."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import NoReverseMatch

from content.models import PolicyPage
from content.visibility import page_is_viewable

from .forms import PolicyRatingForm
from .models import PolicyRating
from .services import policy_summary


def login_url(request):
    try:
        url = resolve_url(settings.LOGIN_URL)
    except NoReverseMatch:
        url = "/accounts/login/"
    return f"{url}?next={request.get_full_path()}#policy-rating"


def policy_rating_panel(page, request):
    """Under every PolicyPage: the figures, and the resident's form (their own rating filled in)."""
    if not isinstance(page, PolicyPage) or not page_is_viewable(page, request):
        return None
    mine = None
    if request.user.is_authenticated:
        mine = PolicyRating.objects.filter(page=page, user=request.user).first()
    initial = {"score": mine.score, "satisfaction": mine.satisfaction, "reason": mine.reason} if mine else None
    return render_to_string(
        "ratings/includes/policy_panel.html",
        {
            "page": page, "summary": policy_summary(page), "mine": mine,
            "form": PolicyRatingForm(initial=initial), "login_url": login_url(request),
        },
        request=request,
    )


def profile_ratings_panel(user, request):
    ratings = list(PolicyRating.objects.filter(user=user).select_related("page").order_by("-updated_at"))
    return render_to_string("ratings/includes/profile_panel.html", {"ratings": ratings}, request=request)
