"""HTML fragments the comments app adds to story pages and to the resident's profile."""

import dataclasses

from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django_comments_xtd.models import XtdComment

from content.page_data import kept
from content.visibility import page_is_viewable

from .forms import CommentForm
from .models import CommentSettings
from .rendering import render_threads
from .permissions import blocked_until, can_post, comments_open
from .selectors import comment_page_number, comment_threads


def page_panel(page, request):
    """The comments under an Article or Policy page: threads, pagination and the form.

    Nothing for a visitor who may not see the page itself (content.visibility).
    """
    if not page_is_viewable(page, request):
        return None
    comment_settings = CommentSettings.for_request(request)
    user = request.user
    allowed = can_post(user, page, comment_settings)
    threads_page, threads_html = _threads(page, request, allowed)
    return render_to_string("comments/panel.html", {
        "threads_html": threads_html,
        "page": page,
        "open": comments_open(page),
        "can_post": allowed,
        "blocked_until": blocked_until(user),
        "form": CommentForm(anonymous=not user.is_authenticated) if allowed else None,
        "action": reverse("comments:post", args=[page.pk]),
        "threads": bool(threads_html),
        "threads_page": threads_page,
        "total": threads_page.total,
    }, request=request)


def _threads(page, request, can_post):
    """(ThreadsPage, its HTML) for the comment page asked. A resident's has their own likes, reports and
    like buttons (with their token); an anonymous reader's is the same for all of them in a language, so
    it is kept as HTML for the page until the page is purged (content/page_data.py)."""
    user = request.user
    number = comment_page_number(request.GET.get("comments_page", 1))

    def build():
        threads_page, threads = comment_threads(
            page, user, page_number=number,
            per_page=settings.COMMENTS_PAGE_SIZE, max_level=settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
        )
        # Only residents get like buttons: an anonymous page carries no token (gongzhi/caching.py).
        csrf_token = get_token(request) if user.is_authenticated else ""
        html = render_threads(threads, user=user, can_post=can_post, csrf_token=csrf_token) if threads else ""
        return dataclasses.replace(threads_page, threads=[]), html

    if user.is_authenticated:
        return build()
    return kept(page, f"comments-html:{get_language()}:{number}:{int(can_post)}", build)


def profile_panel(user, request):
    """The resident's own comments, with their moderation state and any rejection reason."""
    from wagtail.models import Page

    comments = list(
        XtdComment.norel_objects.filter(user=user).select_related("moderation").order_by("-submit_date")[:50]
    )
    pages = {str(p.pk): p for p in Page.objects.filter(pk__in={c.object_pk for c in comments})}
    rows = [(c, pages.get(c.object_pk), getattr(c, "moderation", None)) for c in comments]
    return render_to_string("comments/profile_panel.html", {"rows": rows}, request=request)
