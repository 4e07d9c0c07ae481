"""Reading consultations with a constant number of queries, whatever the number of opinions.

The consultation page: the sections (1 query), published opinions per section (1 aggregate), supports and
oppositions per section (1 aggregate), the viewer's own stances (1), a page of opinions (count + rows, 2),
the report's existence (1), the department (1). The report page: the same sections, one aggregate of
outcomes per section and the opinions in one query.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.utils import timezone

from engagement.comments.models import CommentSettings, ModerationState, in_state
from engagement.comments.permissions import blocked_until
from engagement.residents.models import badge, public_name_from

from .models import AdoptionReport, ConsultationPage, Opinion, Outcome, SectionStance, Stage
from .statistics import OUTCOME_COUNTS, figures_from

OPINIONS_PER_PAGE = 20

_OPINION_FIELDS = (
    "pk", "comment_id", "section_id", "proposed_wording", "outcome", "outcome_reason", "comment__comment",
    "comment__submit_date", "comment__user_id", "comment__user_name",
    "comment__user__resident_profile__display_name", "verified",
)


def opinion_rows(queryset):
    """``queryset`` of opinions as rows of ``_OPINION_FIELDS``; the badge is the author's verification in force now."""
    return queryset.annotate(verified=badge("comment__user_id")).values(*_OPINION_FIELDS)


def published_opinions(consultation):
    """Opinions a visitor may read: their comments are approved (the comments app's one rule)."""
    return Opinion.objects.filter(in_state(ModerationState.APPROVED, "comment__"), consultation=consultation)


def numbered(consultation):
    """The sections in the draft's order, each with its ``number`` (1, 2, …: 第1条)."""
    sections = list(consultation.sections.all().order_by("sort_order", "pk"))
    for number, section in enumerate(sections, start=1):
        section.number = number
    return sections


def _opinion_row(row, numbers):
    user_id = row["comment__user_id"]
    author = (public_name_from(row["comment__user__resident_profile__display_name"], user_id) if user_id
              else row["comment__user_name"] or "—")
    return {
        "pk": row["pk"], "comment_id": row["comment_id"], "user_id": user_id, "section_id": row["section_id"],
        "section_number": numbers.get(row["section_id"]), "text": row["comment__comment"],
        "submitted": row["comment__submit_date"], "author": author,
        "verified": bool(row["verified"]),
        "proposes_wording": bool(row["proposed_wording"]), "outcome": Outcome(row["outcome"]),
        "reason": row["outcome_reason"],
    }


def section_counts(consultation, sections, user=None):
    """Attach ``opinion_count``, ``support_count``, ``oppose_count`` (and the viewer's ``my_stance``) to each section.

    Three queries at most, whatever the number of opinions and stances. Returns the number of published
    opinions on the draft as a whole.
    """
    per_section = dict(published_opinions(consultation).values("section_id").annotate(n=Count("pk"))
                       .values_list("section_id", "n"))
    support, oppose = SectionStance.Stance.SUPPORT, SectionStance.Stance.OPPOSE
    stances = {
        row["section_id"]: row for row in SectionStance.objects.filter(section__page=consultation)
        .values("section_id").annotate(s=Count("pk", filter=Q(stance=support)), o=Count("pk", filter=Q(stance=oppose)))
    }
    mine = {}
    if user is not None and user.is_authenticated:
        mine = dict(SectionStance.objects.filter(section__page=consultation, user=user)
                    .values_list("section_id", "stance"))
    for section in sections:
        row = stances.get(section.pk, {})
        section.opinion_count = per_section.get(section.pk, 0)
        section.support_count, section.oppose_count = row.get("s", 0), row.get("o", 0)
        section.my_stance = mine.get(section.pk)
    return per_section.get(None, 0)


def consultation_context(consultation, request):
    """What the consultation page shows: stage, sections with their counts, a page of opinions, the forms."""
    from .forms import OpinionForm
    from .panels import statements_panel

    user = request.user
    sections = numbered(consultation)
    whole = section_counts(consultation, sections, user)
    numbers = {s.pk: s.number for s in sections}
    shown = published_opinions(consultation).order_by("comment__submit_date", "pk")
    chosen = request.GET.get("section", "")
    if chosen == "whole":
        shown = shown.filter(section__isnull=True)
    elif chosen.isdigit() and int(chosen) in numbers:
        shown = shown.filter(section_id=int(chosen))
    else:
        chosen = ""
    opinions_page = Paginator(opinion_rows(shown), OPINIONS_PER_PAGE).get_page(request.GET.get("page"))
    opinions_page.object_list = [_opinion_row(row, numbers) for row in opinions_page.object_list]
    stage = consultation.stage_on()
    until = blocked_until(user)
    return {
        "stage": stage,
        "Stage": Stage,
        "department": consultation.issuing_department,
        "sections": sections,
        "whole_opinions": whole,
        "opinion_total": whole + sum(s.opinion_count for s in sections),
        "opinions_page": opinions_page,
        "chosen_section": chosen,
        "can_give_opinion": stage == Stage.OPEN and user.is_authenticated and until is None,
        "blocked_until": until,
        "form": OpinionForm(),
        "csrf_token_value": get_token(request) if stage == Stage.OPEN and user.is_authenticated else "",
        "report_url": consultation.report_url() if stage == Stage.REPORTED else "",
        "statements_html": statements_panel(consultation, request),
    }


def report_context(consultation, request):
    """The adoption report page: per section its figures and every opinion with its outcome; None if unpublished."""
    report = AdoptionReport.objects.filter(consultation=consultation).select_related("published_by").first()
    if report is None:
        return None
    sections = numbered(consultation)
    numbers = {s.pk: s.number for s in sections}
    rows = [_opinion_row(row, numbers) for row in
            opinion_rows(published_opinions(consultation).order_by("comment__submit_date", "pk"))]
    per_section = {
        row["section_id"]: figures_from(row) for row in published_opinions(consultation)
        .values("section_id").annotate(**OUTCOME_COUNTS)
    }
    groups = [{"section": s, "figures": per_section.get(s.pk, figures_from({})),
               "opinions": [r for r in rows if r["section_id"] == s.pk]} for s in sections]
    groups.append({"section": None, "figures": per_section.get(None, figures_from({})),
                   "opinions": [r for r in rows if r["section_id"] is None]})
    return {
        "report": report,
        "department": consultation.issuing_department,
        "groups": groups,
        "total": figures_from({key: sum(getattr(g["figures"], key) for g in groups)
                               for key in OUTCOME_COUNTS}),
    }


def listing(today=None):
    """Live, public consultations grouped by stage for /consultations/: {stage: [page, …]}, three queries."""
    today = today or timezone.localdate()
    pages = list(ConsultationPage.objects.live().public().select_related("issuing_department")
                 .order_by("-closes_on", "-pk"))
    reported = set(AdoptionReport.objects.filter(consultation__in=pages).values_list("consultation_id", flat=True))
    grouped = {stage: [] for stage in (Stage.OPEN, Stage.UPCOMING, Stage.CLOSED, Stage.REPORTED)}
    for page in pages:
        page.current_stage = page.stage_on(today, reported=page.pk in reported)
        grouped[page.current_stage].append(page)
    return grouped


def comment_settings_for(request):
    return CommentSettings.for_request(request)
