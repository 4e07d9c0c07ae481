"""Public comment views: post and reply, like, report, and the anonymous email confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from content.site import site_url
from content.visibility import not_viewable_response, page_is_viewable
from engagement.notifications.outbox import notify
from engagement.ratelimit import RateLimit, RateLimited, client_ip, rate_limited_response

from . import permissions, services
from .forms import CommentForm, ReportForm
from .models import CommentSettings
from .permissions import blocked_until, comments_open
from .selectors import author_of

CONFIRM_SALT = "gongzhi.comments.confirm"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 3


def _commentable_page(page_id):
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not hasattr(page, "comments_open"):
        raise Http404
    return page


def comment_settings(request):
    return CommentSettings.for_request(request)


def rate_limit_for(settings_obj):
    return RateLimit("comment", settings_obj.rate_limit_count, settings_obj.rate_limit_minutes * 60)


def _form_page(request, page, form, *, parent=None, status=200):
    return render(request, "comments/form_page.html", {
        "page": page, "form": form, "parent": parent,
        "parent_author": author_of(parent)[0] if parent else "",
        "action": reverse("comments:post", args=[page.pk]),
    }, status=status)


def post(request, page_id):
    """Post a comment or a reply (GET shows the form on its own page)."""
    page = _commentable_page(page_id)
    if not page_is_viewable(page, request):
        return not_viewable_response(request, page)
    settings_obj = comment_settings(request)
    anonymous = not request.user.is_authenticated
    if request.method != "POST":
        return redirect(page.url + "#comments")
    if not comments_open(page):
        messages.error(request, _("Comments are closed on this page."))
        return redirect(page.url)
    if anonymous and not settings_obj.allow_anonymous:
        return redirect(f"{reverse('account_login')}?next={page.url}")
    until = blocked_until(request.user)
    if until:
        messages.error(request, services.blocked_message(until))
        return _form_page(request, page, CommentForm(request.POST, anonymous=anonymous), status=403)

    form = CommentForm(request.POST, anonymous=anonymous)
    if form.is_bot:
        return HttpResponseBadRequest(_("Your comment could not be posted."))
    parent = None
    try:
        parent_id = form.parent_id()
    except ValidationError:
        parent_id = None  # not an id ("abc", "-1", 10**30): form.is_valid() says so, with a 400
    if parent_id:
        parent = XtdComment.norel_objects.filter(pk=parent_id).first()
        if parent is None:
            raise Http404
    if not form.is_valid():
        return _form_page(request, page, form, parent=parent, status=400)
    try:
        rate_limit_for(settings_obj).check(request)
    except RateLimited as exc:
        return rate_limited_response(request, exc)

    data = form.cleaned_data
    try:
        if anonymous:
            services.clean_text(data["comment"])
            return _send_confirmation(request, page, parent, data)
        comment = services.post_comment(
            page, data["comment"], user=request.user, parent=parent, followup=data.get("followup"),
            comment_settings=settings_obj, ip_address=client_ip(request) or None,
        )
    except services.CommentRefused as exc:
        form.add_error("comment", exc.message)
        return _form_page(request, page, form, parent=parent, status=400)
    if comment.is_public:
        messages.success(request, _("Your comment has been published."))
        return redirect(f"{page.url}#comment-{comment.pk}")
    messages.info(request, _("Thank you. Your comment will appear once a moderator has reviewed it."))
    return redirect(f"{page.url}#comments")


def _send_confirmation(request, page, parent, data):
    """Anonymous comments: sign the comment into a link and email it; nothing is saved until it is opened."""
    key = signing.dumps({
        "page": page.pk, "parent": parent.pk if parent else None, "name": data["name"],
        "email": data["email"], "comment": data["comment"], "ip": client_ip(request) or None,
        "at": timezone.now().isoformat(),
    }, salt=CONFIRM_SALT, compress=True)
    url = site_url(reverse("comments:confirm", args=[key]))
    body = render_to_string("comments/email/confirm.txt", {"page": page, "url": url, "name": data["name"]})
    notify(data["email"], _("Please confirm your comment"), body, kind="comment_confirm")
    return render(request, "comments/confirm_sent.html", {"page": page, "email": data["email"]})


def confirm(request, key):
    """Opening the emailed link publishes (or queues for review) the anonymous comment, once."""
    try:
        data = signing.loads(key, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return render(request, "comments/confirm_invalid.html", status=400)
    page = _commentable_page(data["page"])
    if not page_is_viewable(page, request):
        return not_viewable_response(request, page)
    settings_obj = comment_settings(request)
    duplicate = services.page_comment_by_submission(page, data)
    if duplicate is not None:
        return redirect(f"{page.url}#comments")
    if not settings_obj.allow_anonymous or not comments_open(page):
        return render(request, "comments/confirm_invalid.html", status=400)
    parent = XtdComment.norel_objects.filter(pk=data["parent"]).first() if data["parent"] else None
    try:
        comment = services.post_comment(
            page, data["comment"], parent=parent, name=data["name"], email=data["email"],
            comment_settings=settings_obj, ip_address=data["ip"], submitted_at=data["at"],
        )
    except services.CommentRefused as exc:
        messages.error(request, exc.message)
        return redirect(page.url)
    if comment.is_public:
        messages.success(request, _("Thank you: your comment is confirmed and published."))
        return redirect(f"{page.url}#comment-{comment.pk}")
    messages.info(request, _("Thank you: your comment is confirmed and will appear once a moderator has reviewed it."))
    return redirect(f"{page.url}#comments")


def reply(request, comment_id):
    """The reply form on its own page (JavaScript moves the main form instead)."""
    parent = get_object_or_404(XtdComment.norel_objects.select_related("user__resident_profile"),
                               pk=comment_id, is_public=True, is_removed=False)
    page = _commentable_page(parent.object_pk)
    if not page_is_viewable(page, request):
        return not_viewable_response(request, page)
    if not request.user.is_authenticated and not comment_settings(request).allow_anonymous:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if parent.level >= services.max_thread_level():
        messages.error(request, _("This conversation is as deep as it can go: reply higher up instead."))
        return redirect(f"{page.url}#comment-{parent.pk}")
    form = CommentForm(initial={"parent": parent.pk}, anonymous=not request.user.is_authenticated)
    return _form_page(request, page, form, parent=parent)


def _published_comment(comment_id):
    return get_object_or_404(XtdComment.norel_objects, pk=comment_id, is_public=True, is_removed=False)


@login_required
@require_POST
def like(request, comment_id):
    """Like or unlike; services.like refuses whoever permissions.can_react refuses (no button for them either)."""
    comment = _published_comment(comment_id)
    page = _commentable_page(comment.object_pk)
    if not page_is_viewable(page, request):
        return not_viewable_response(request, page)
    try:
        services.like(comment, request.user)
    except services.CommentRefused as exc:
        messages.error(request, exc.message)
    return redirect(f"{page.url}#comment-{comment.pk}")


@login_required
def report(request, comment_id):
    comment = _published_comment(comment_id)
    page = _commentable_page(comment.object_pk)
    if not page_is_viewable(page, request):
        return not_viewable_response(request, page)
    if not permissions.can_flag(request.user, comment):
        messages.error(request, _("You cannot report your own comment."))
        return redirect(f"{page.url}#comment-{comment.pk}")
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report(comment, request.user, form.cleaned_data["reason"],
                                comment_settings=comment_settings(request))
            except services.CommentRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Thank you for your report: a moderator will look at it."))
            return redirect(f"{page.url}#comments")
        status = 400
    else:
        status = 200
    author, _verified = author_of(comment)
    return render(request, "comments/report.html",
                  {"page": page, "comment": comment, "author": author, "form": form}, status=status)
