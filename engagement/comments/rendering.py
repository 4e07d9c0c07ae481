"""The hot path: HTML for a page of comments, built in Python.

A thousand comments through Django's template engine cost seconds (≈ 40 variable lookups each);
built here with escape() they cost milliseconds. The markup mirrors comments/panel.html's
structure; every dynamic value is escaped, the comment text goes through render_comment_text.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import permissions
from .text import render_comment_text

_PK = 987654321


def _url_pattern(name):
    return reverse(name, args=[_PK]).replace(str(_PK), "{}")


def render_threads(threads, *, user, can_post, csrf_token):
    """<ol> of threads, each a root comment followed by its replies (indented by level)."""
    like_url, reply_url, report_url, organisation_url = (
        _url_pattern(n) for n in ("comments:like", "comments:reply", "comments:report", "organisation"))
    labels = {
        "verified": escape(_("Verified organisation")), "like": escape(_("Like")), "liked": escape(_("Liked")),
        "reply": escape(_("Reply")), "report": escape(_("Report")), "reported": escape(_("Reported")),
        "likes": escape(_("likes")),
    }
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
    can_react, can_flag = permissions.can_react, permissions.can_flag
    out = ['<ol class="comments__threads">']
    for thread in threads:
        out.append('<li class="comments__thread">')
        for c in (thread, *thread.replies):
            local = timezone.localtime(c.submit_date)
            badge = (f' <a class="comment__badge" href="{organisation_url.format(c.user_id)}">{labels["verified"]}</a>'
                     if c.verified else "")
            actions = []
            if can_react(user, c):
                pressed = "true" if c.liked else "false"
                label = labels["liked"] if c.liked else labels["like"]
                actions.append(
                    f'<form method="post" action="{like_url.format(c.pk)}" class="comment__like">{csrf}'
                    f'<button type="submit" aria-pressed="{pressed}">{label} '
                    f'<span class="comment__likes">{c.likes}</span></button></form>'
                )
            else:
                actions.append(f'<span class="comment__likes-count">{c.likes} {labels["likes"]}</span>')
            if can_post and c.can_reply:
                actions.append(f'<a class="comment__reply" href="{reply_url.format(c.pk)}" '
                               f'data-reply-to="{c.pk}">{labels["reply"]}</a>')
            if can_flag(user, c):
                if c.reported:
                    actions.append(f'<span class="comment__reported">{labels["reported"]}</span>')
                else:
                    actions.append(f'<a class="comment__report" href="{report_url.format(c.pk)}">{labels["report"]}</a>')
            out.append(
                f'<article class="comment comment--level-{c.level}" id="comment-{c.pk}">'
                f'<header class="comment__meta"><span class="comment__author">{escape(c.author)}</span>{badge} '
                f'<time datetime="{local.replace(microsecond=0).isoformat()}">{local:%Y-%m-%d %H:%M}</time></header>'
                f'<div class="comment__text">{render_comment_text(c.text)}</div>'
                f'<footer class="comment__actions">{"".join(actions)}</footer></article>'
            )
        out.append("</li>")
    out.append("</ol>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or built from ints
