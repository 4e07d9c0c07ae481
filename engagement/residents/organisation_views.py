"""The public page of a verified social organisation: its verification record and what it said in public."""

from django.http import Http404
from django.shortcuts import render
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from content.hooks import ORGANISATION_PANELS, fragments
from engagement.comments.selectors import discussion

from .models import OrganisationVerification

LISTED = 50


def organisation_page(request, user_id):
    """Shown for every organisation that was ever verified (a suspended or withdrawn one says so); else a 404.
    No contact details, no account data: the registered name, type, registration number and dates."""
    record = OrganisationVerification.objects.filter(user_id=user_id).first()
    if record is None:
        raise Http404
    comments = list(discussion(XtdComment.norel_objects.filter(user_id=user_id, is_public=True, is_removed=False))
                    .order_by("-submit_date").values("pk", "object_pk", "content_type_id", "comment", "submit_date")
                    [:LISTED])
    ids = {c["object_pk"] for c in comments}
    pages = {str(p.pk): p for p in Page.objects.live().public().filter(pk__in=ids).specific(defer=True)}
    rows = [(c, pages[c["object_pk"]]) for c in comments if c["object_pk"] in pages]
    return render(request, "residents/organisation.html", {
        "record": record, "in_force": record.in_force(), "rows": rows,
        "panels": fragments(ORGANISATION_PANELS, record, request),
    })
