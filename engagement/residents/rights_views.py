"""The residents' rights pages: the privacy notice, "Download my data", "Delete my account" (rights.py does the work)."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from engagement.ratelimit import RateLimit, rate_limit

from . import rights
from .forms import DeleteAccountForm

EXPORT_LIMIT = RateLimit("my-data", 10, 3600)
DELETE_LIMIT = RateLimit("delete-account", 5, 900)


def privacy_notice(request):
    notice = rights.current_notice()
    return render(request, "residents/privacy.html", {
        "notice": notice, "retention_months": rights.retention_months(),
    })


@never_cache
@login_required
@rate_limit(EXPORT_LIMIT, methods=("GET", "HEAD"))
def download_my_data(request, fmt):
    """The logged-in resident's own data, as JSON or CSV (never anyone else's: there is no parameter)."""
    data = rights.export_data(request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        # A byte-order mark so that spreadsheet programs read the Chinese text as UTF-8.
        response = HttpResponse("\ufeff" + rights.export_csv(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(rights.export_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gongzhi-my-data-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@rate_limit(DELETE_LIMIT)
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.user, request.POST)
        if form.is_valid():
            rights.delete_account(request.user, comments=form.cleaned_data["comments"])
            logout(request)
            return render(request, "residents/account_deleted.html")
    else:
        form = DeleteAccountForm(request.user)
    return render(request, "residents/delete_account.html", {"form": form})
