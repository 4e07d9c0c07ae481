"""HTML panels for the site's hooks: home page, department page, resident profile."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.template.loader import render_to_string

from . import permissions as perms
from . import statistics
from .models import Demand, DemandAnswer, DemandRating
from .selectors import latest_answered, latest_answers_of, public_list


def home_panel(request):
    demands = latest_answered(5)
    if not demands:
        return None
    return render_to_string("demands/panels/home.html", {"demands": demands}, request=request)


def department_panel(department, request):
    period = statistics.default_period()
    return render_to_string("demands/panels/scorecard.html", {
        "department": department, "period": period, "card": statistics.for_department(department, period),
        "figures": statistics.FIGURES, "latest_answers": latest_answers_of(department),
    }, request=request)


def organisation_panel(organisation, request):
    """On a verified organisation's public page: its figures as a handler of demands (交办), computed as a
    department's are, and its latest public answers; nothing for an organisation never handed a demand."""
    from .handover import refusal_to_handle

    period = statistics.default_period()
    figures = statistics.for_handler(organisation, period)
    if not figures.received and refusal_to_handle(organisation):
        return None
    answers = list(DemandAnswer.objects.filter(organisation=organisation,
                                               demand__in=Demand.objects.publicly_readable())
                   .select_related("demand").order_by("-created_at")[:5])
    return render_to_string("demands/panels/organisation.html", {
        "organisation": organisation, "period": period, "figures": figures,
        "formulas": statistics.HANDLER_FIGURES, "latest_answers": answers,
    }, request=request)


def vocabulary_panel(request, *, topic=None, area=None, limit=5):
    """The latest publicly readable demands of a topic or an area (with its sub-areas), for its public page;
    an area's panel also gives its figures (statistics.for_area), shown even before it has a demand."""
    filters = {"topic": topic, "area": area}
    demands = list(public_list(filters)[:limit])
    counts = statistics.for_area(area) if area is not None else None
    if not demands and counts is None:
        return None
    query = f"topic={topic.slug}" if topic else f"area={area.slug}"
    return render_to_string("demands/panels/vocabulary.html", {
        "demands": demands, "query": query, "area": area, "counts": counts,
        "figures": statistics.AREA_FIGURES,
    }, request=request)


def profile_panel(user, request):
    if not user.is_authenticated:
        return None
    demands = list(Demand.objects.filter(author=user).select_related("department", "merged_into")
                   .order_by("-submitted_at")[:20])
    return render_to_string("demands/panels/profile.html", {
        "demands": demands, "handles": perms.can(user, "handle"),
    }, request=request)


def story_demands(page):
    """The publicly readable demands forwarded from comments on ``page``, newest first, each with its
    answers and ratings: three queries whatever their number (demands, answers, ratings)."""
    from django_comments_xtd.models import XtdComment

    comment_ids = XtdComment.norel_objects.filter(
        content_type=ContentType.objects.get_for_model(page.specific_class), object_pk=str(page.pk),
    ).values("pk")
    demands = list(
        Demand.objects.publicly_readable().filter(comment_id__in=comment_ids)
        .select_related("department")
        .prefetch_related(
            Prefetch("answers", queryset=DemandAnswer.objects.order_by("round", "created_at")),
            Prefetch("ratings", queryset=DemandRating.objects.order_by("round")),
        )
        .order_by("-submitted_at", "-pk")
    )
    for d in demands:
        answers, ratings = list(d.answers.all()), list(d.ratings.all())
        d.latest_answer = answers[-1] if answers else None
        d.latest_rating = ratings[-1] if ratings else None
    return demands


def story_panel(page, request):
    """Under an article's or policy's comments: what became of the demands forwarded from its discussion
    (kept for the page until it is purged: a demand's transition, answer or rating purges its story)."""
    from content.page_data import kept

    demands = kept(page, "demands", lambda: story_demands(page))
    for d in demands:
        d.is_late = d.is_overdue()  # now, not when kept
    if not demands:
        return None
    return render_to_string("demands/panels/story.html", {"demands": demands, "page": page}, request=request)


def cosigned_panel(record, request, limit=50):
    """On an organisation's public page: the publicly readable demands it co-signed (联名), newest first (one query)."""
    demands = list(Demand.objects.publicly_readable().filter(cosigns__organisation=record)
                   .select_related("department").order_by("-cosigns__created_at", "-pk")[:limit])
    if not demands:
        return None
    return render_to_string("demands/panels/cosigned.html", {"demands": demands}, request=request)
