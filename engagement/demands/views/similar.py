"""``GET /search/similar-demands/?title=…``: the public demands that resemble a title being typed.

static/js/similar-demands.js calls it from the new-demand form (``data-similar-demands``); without
JavaScript the form works as before.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ..search import similar_demands as find_similar


@require_GET
def similar_demands(request):
    data = [
        {
            "tracking_number": d.tracking_number,
            "title": d.title,
            "url": d.get_absolute_url(),
            "status": d.get_status_display(),
        }
        for d in find_similar(request.GET.get("title", ""))
    ]
    response = JsonResponse(data, safe=False)
    response["Cache-Control"] = "no-store"
    return response
