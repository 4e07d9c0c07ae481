"""HTML panels for the site's hooks: home page, department page, resident profile."""

from django.template.loader import render_to_string

from .models import Demand
from .selectors import latest_answered, scorecard


def home_panel(request):
    demands = latest_answered(5)
    if not demands:
        return None
    return render_to_string("demands/panels/home.html", {"demands": demands}, request=request)


def department_panel(department, request):
    return render_to_string("demands/panels/scorecard.html", {"department": department, "card": scorecard(department)},
                            request=request)


def profile_panel(user, request):
    if not user.is_authenticated:
        return None
    demands = list(Demand.objects.filter(author=user).select_related("department", "merged_into")
                   .order_by("-submitted_at")[:20])
    return render_to_string("demands/panels/profile.html", {"demands": demands}, request=request)
