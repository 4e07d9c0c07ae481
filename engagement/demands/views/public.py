"""Public pages of demands: list, page, new-demand form, rating, support (附议), league table."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement.ratelimit import RateLimit, rate_limit
from engagement.residents.rights import Consent, record_consent

from .. import permissions as perms
from ..forms import DemandForm, OrganisationAnswerForm, PublicFilterForm, RatingForm
from ..intake import submit_demand
from ..models import Demand, DemandRating, DemandSupport, Status
from .. import cosign, statistics
from .. import grid_map
from ..selectors import (
    add_support_counts, annotate_overdue, find_readable, normalise_tracking_number, public_list, public_timeline,
    residents_demands,
)
from ..transitions import TransitionNotAllowed

PAGE_SIZE = 20
SUBMIT_LIMIT = RateLimit("demand", 5, 3600)
ACT_LIMIT = RateLimit("demand-act", 30, 600)


def demand_list(request):
    form = PublicFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(public_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "demands/list.html", {
        "form": form, "page": page, "demands": annotate_overdue(add_support_counts(list(page.object_list))),
        "query": query.urlencode(), "grid_map": grid_map.compute(),
    })


def find_demand(request):
    """The tracking-number box: straight to the demand when the asker may read it; otherwise back to the
    list with one message, the same whether the number is unknown or the demand hidden (no leak)."""
    text = request.GET.get("number", "")[:40]
    demand = find_readable(text, request.user)
    if demand is not None:
        return redirect(demand)
    number = normalise_tracking_number(text)
    if number is None:
        messages.error(request, _("A tracking number looks like GZ-2026-000201."))
    else:
        messages.error(request, _("No demand you may read has the tracking number %(number)s. A private demand "
                                  "opens only for its author, logged in.") % {"number": number})
    return redirect("demands:list")


@login_required
def my_demands(request):
    """我的诉求: a resident's own demands, each with its status and the next deadline."""
    return render(request, "demands/mine.html", {"demands": residents_demands(request.user)})


def _get_demand(tracking_number, user):
    """The demand ``user`` may read, else 404: the same answer whether it is hidden or does not exist."""
    return get_object_or_404(
        Demand.objects.readable_by(user).select_related(
            "topic", "area__parent__parent__parent", "department", "merged_into", "handler"),
        tracking_number=tracking_number.upper(),
    )


def _private_file(field_file, demand, *, download=False):
    response = FileResponse(field_file.open("rb"), content_type=mimetypes.guess_type(field_file.name)[0],
                            as_attachment=download, filename=field_file.name.rsplit("/", 1)[-1])
    public = Demand.objects.publicly_readable().filter(pk=demand.pk).exists()
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def demand_photo(request, tracking_number, pk):
    """A demand's photo, to whoever may read the demand in full (private demands: author and staff)."""
    demand = _get_demand(tracking_number, request.user)
    photo = get_object_or_404(demand.photos, pk=pk)
    return _private_file(photo.image, demand)


def answer_attachment(request, tracking_number, pk):
    """An answer's attachment, under the same rule as the demand's page (always as a download)."""
    demand = _get_demand(tracking_number, request.user)
    answer = get_object_or_404(demand.answers.exclude(attachment=""), pk=pk)
    return _private_file(answer.attachment, demand, download=True)


def _surviving_demand(tracking_number, user):
    """A merged demand's resident follows the demand it was merged into (at most a few hops), when
    ``user`` may read that one; the merged demand's own text stays hidden."""
    merged = Demand.objects.filter(tracking_number=tracking_number.upper(), status=Status.MERGED).first()
    target, hops = (merged.merged_into if merged else None), 0
    while target is not None and target.status == Status.MERGED and hops < 5:
        target, hops = target.merged_into, hops + 1
    if target is None or not perms.can_read_full(user, target):
        raise Http404
    return merged, target


def _story_link(demand, request):
    """Where a demand forwarded from a comment came from: {"page", "url", "comment_url"}, only while that
    comment is published and its page is live and public; else None."""
    if not demand.comment_id:
        return None
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page

    comment = (XtdComment.norel_objects.filter(pk=demand.comment_id, is_public=True, is_removed=False)
               .values("pk", "content_type_id", "object_pk").first())
    if comment is None or not str(comment["object_pk"]).isdigit():
        return None
    page = Page.objects.live().public().filter(pk=int(comment["object_pk"]),
                                              content_type_id=comment["content_type_id"]).first()
    url = page.get_url(request) if page else None
    if not url:
        return None
    return {"page": page, "url": url, "comment_url": f"{url}#comment-{comment['pk']}"}


def demand_detail(request, tracking_number):
    try:
        demand = _get_demand(tracking_number, request.user)
    except Http404:
        demand = None
    if demand is None or demand.status == Status.MERGED:
        merged, target = _surviving_demand(tracking_number, request.user)
        messages.info(request, _("Demand %(old)s was merged into %(new)s: it is followed here.") % {
            "old": merged.tracking_number, "new": target.tracking_number})
        return redirect(target)
    user = request.user
    return render(request, "demands/detail.html", {
        "demand": demand, "is_late": demand.is_overdue(),
        "is_author": user.is_authenticated and demand.author_id == user.pk,
        "photos": list(demand.photos.all()), "answers": list(demand.answers.select_related("department", "organisation")),
        "ratings": list(demand.ratings.all()), "timeline": public_timeline(demand),
        "support_count": demand.supports.count(),
        "cosigners": cosign.cosigners(demand), "may_cosign": cosign.may_cosign(user, demand),
        "has_supported": user.is_authenticated and demand.supports.filter(user=user).exists(),
        "can_support": perms.can_support(user, demand), "can_rate": perms.can_rate(user, demand),
        "rating_form": RatingForm(),
        "can_answer_handed": perms.can(user, "answer_handed", demand), "answer_form": OrganisationAnswerForm(),
        "story": _story_link(demand, request),
        # Residents whose demands were merged into this one rate its answer too (on their own demand).
        "merged_ratings": list(DemandRating.objects.filter(demand__merged_into=demand, demand__status=Status.MERGED)
                               .select_related("demand").order_by("created_at", "pk")),
        "rate_merged": perms.can_rate_merged(user, demand),
    })


@login_required
@rate_limit(SUBMIT_LIMIT)
def new_demand(request):
    if request.method == "POST":
        form = DemandForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            demand = submit_demand(
                title=data["title"], description=data["description"], topic=data["topic"], area=data["area"],
                kind=data["kind"], is_public=data["is_public"], author=request.user, contact=form.contact(),
                photos=data["photos"],
            )
            record_consent(purpose=Consent.Purpose.DEMAND, user=request.user, demand=demand)
            messages.success(request, _("Thank you. Your tracking number is %(number)s; we have emailed it to you.")
                             % {"number": demand.tracking_number})
            return redirect(demand)
    else:
        form = DemandForm(initial={"contact_email": request.user.email})
    return render(request, "demands/new.html", {"form": form})


def _record_rating(request, demand, rate, refused):
    """Validate the rating form and call ``rate(**cleaned_data)``; ``rate`` None means the user may not rate."""
    if rate is None:
        messages.error(request, refused)
        return redirect(demand)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how satisfied you are."))
        return redirect(demand)
    try:
        rate(by=request.user, **form.cleaned_data)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect(demand)
    demand.refresh_from_db(fields=["status"])
    if demand.status == Status.ACCEPTED:
        messages.success(request, _("Thank you. The department will answer again."))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect(demand)


@require_POST
@login_required
@rate_limit(ACT_LIMIT)
def rate_demand(request, tracking_number):
    demand = _get_demand(tracking_number, request.user)
    return _record_rating(request, demand, demand.rate if perms.can_rate(request.user, demand) else None,
                          _("Only the author can rate an answer, once."))


@require_POST
@login_required
@rate_limit(ACT_LIMIT)
def rate_merged_answer(request, tracking_number):
    """A resident whose demand was merged into this one rates its answer, once (stored on their own demand)."""
    demand = _get_demand(tracking_number, request.user)
    merged = perms.can_rate_merged(request.user, demand)
    return _record_rating(request, demand, merged.rate_merged_answer if merged else None,
                          _("Only a resident whose demand was merged into this one can rate its answer, once."))


@require_POST
@login_required
@rate_limit(ACT_LIMIT)
def support_demand(request, tracking_number):
    demand = _get_demand(tracking_number, request.user)
    if not perms.can_support(request.user, demand):
        raise Http404
    try:
        with transaction.atomic():
            DemandSupport.objects.create(demand=demand, user=request.user)
    except IntegrityError:
        messages.info(request, _("You already support this demand."))
    else:
        messages.success(request, _("You support this demand (附议)."))
    return redirect(demand)


@require_POST
@login_required
@rate_limit(ACT_LIMIT)
def cosign_demand(request, tracking_number):
    """联名: a verified organisation co-signs; a refused one (suspended, withdrawn) is told why."""
    demand = _get_demand(tracking_number, request.user)
    try:
        cosign.cosign(demand, request.user)
    except cosign.CoSignRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your organisation co-signs this demand (联名)."))
    return redirect(demand)


def department_league(request):
    period = statistics.default_period()
    return render(request, "demands/league.html", {
        "period": period, "rows": statistics.by_department(period), "figures": statistics.FIGURES,
    })
