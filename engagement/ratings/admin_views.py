"""The weekly trend of policy ratings, for editors (a report in the Wagtail admin)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from content.choices import Satisfaction
from content.models import PolicyPage

from .models import PolicyRating
from .services import weekly_trend


def can_view_rating_trend(user):
    return bool(user and user.is_authenticated and user.has_perm("ratings.view_trend"))


class TrendPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_rating_trend(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PolicyRatingIndexView(TrendPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every rated policy with its totals; each links to its week-by-week trend."""

    template_name = "ratings/admin/index.html"
    page_title = _("Policy ratings")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        satisfied = Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED])
        rows = list(
            PolicyRating.objects.values("page_id")
            .annotate(count=Count("pk"), average=Avg("score"), satisfied=Count("pk", filter=satisfied))
            .order_by("-count")
        )
        titles = dict(PolicyPage.objects.filter(pk__in=[r["page_id"] for r in rows]).values_list("pk", "title"))
        for row in rows:
            row["title"] = titles.get(row["page_id"], "")
            row["satisfied_share"] = round(100 * row["satisfied"] / row["count"], 1)
            row["url"] = reverse("ratings_admin:trend", args=[row["page_id"]])
        context["rows"] = rows
        return context


class PolicyRatingTrendView(TrendPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """One policy's ratings per week: count, average and satisfaction shares."""

    template_name = "ratings/admin/trend.html"
    page_title = _("Rating trend")
    header_icon = "doc-full"

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("ratings_admin:index"), "label": PolicyRatingIndexView.page_title},
            {"url": "", "label": self.page.title},
        ]

    def get(self, request, *args, **kwargs):
        self.page = get_object_or_404(PolicyPage, pk=kwargs["page_id"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        weeks = weekly_trend(self.page)
        for week in weeks:
            week["satisfaction_by_value"] = {row["value"]: row["percent"] for row in week["satisfaction"]}
        context.update(policy=self.page, weeks=weeks, satisfaction_choices=Satisfaction.choices)
        return context
