"""Public pages of demands: list, page, new-demand form, rating and support (附议)."""

from django.http import HttpResponse


def demand_list(request):
    return HttpResponse("")


def demand_detail(request, tracking_number):
    return HttpResponse("")
