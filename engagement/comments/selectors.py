"""Reading comment threads with a constant number of queries, whatever their size.

One query counts the page's top-level comments, one loads a page of them (with authors and
profiles), one loads all their replies (``thread_id IN …``, ordered as comments-xtd keeps them:
depth first), one counts likes (and the viewer's own), one finds the viewer's reports.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django_comments_xtd.models import XtdComment

from .models import CommentReaction, CommentReport


@dataclass
class CommentView:
    comment: XtdComment
    likes: int = 0
    liked: bool = False
    reported: bool = False
    can_reply: bool = False
    author: str = ""
    verified: bool = False
    replies: list = field(default_factory=list)

    @property
    def level(self):
        return self.comment.level


def author_of(comment):
    """(public name, verified organisation?) from a comment loaded with user__resident_profile."""
    user = comment.user
    if user is None:
        return comment.user_name or "—", False
    profile = getattr(user, "resident_profile", None) if _has_profile(user) else None
    if profile is None:
        return (user.email or user.get_username()).split("@")[0], False
    return profile.public_name, profile.is_verified_organisation


def _has_profile(user):
    from engagement.residents.models import ResidentProfile

    try:
        user.resident_profile
    except ResidentProfile.DoesNotExist:
        return False
    return True


def published(queryset):
    return queryset.filter(is_public=True, is_removed=False)


def page_comments(page):
    content_type = ContentType.objects.get_for_model(page.specific_class)
    return XtdComment.norel_objects.filter(content_type=content_type, object_pk=str(page.pk))


def comment_threads(page, user, *, page_number=1, per_page=20, max_level=2):
    """A page of top-level threads on `page`, oldest first, each with its published replies nested.

    Returns (paginator page, [CommentView, ...]) where each view's ``replies`` are CommentViews in
    display order (depth first, oldest first). A reply whose parent is hidden is not shown.
    """
    base = published(page_comments(page)).select_related("user__resident_profile")
    top_level = base.filter(level=0).order_by("submit_date", "pk")
    paginator = Paginator(top_level, per_page)
    try:
        threads_page = paginator.page(page_number)
    except PageNotAnInteger:
        threads_page = paginator.page(1)
    except EmptyPage:
        threads_page = paginator.page(paginator.num_pages)
    roots = list(threads_page.object_list)
    if not roots:
        return threads_page, []
    replies = list(base.filter(thread_id__in=[c.pk for c in roots], level__gt=0).order_by("thread_id", "order"))
    ids = [c.pk for c in roots] + [c.pk for c in replies]

    like_filter = Q(user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    likes = {
        row["comment_id"]: row
        for row in CommentReaction.objects.filter(comment_id__in=ids, kind=CommentReaction.LIKE)
        .values("comment_id").annotate(n=Count("id"), mine=Count("id", filter=like_filter))
    }
    reported = set()
    if user.is_authenticated:
        reported = set(CommentReport.objects.filter(comment_id__in=ids, user_id=user.pk)
                       .values_list("comment_id", flat=True))

    def view(comment):
        row = likes.get(comment.pk)
        author, verified = author_of(comment)
        return CommentView(
            comment=comment, likes=row["n"] if row else 0, liked=bool(row and row["mine"]),
            reported=comment.pk in reported, can_reply=comment.level < max_level,
            author=author, verified=verified,
        )

    views = {c.pk: view(c) for c in roots}
    threads = [views[c.pk] for c in roots]
    for reply in replies:
        if reply.parent_id not in views:
            continue  # its parent is held or rejected: hide the branch
        views[reply.pk] = view(reply)
        views[reply.thread_id].replies.append(views[reply.pk])
    return threads_page, threads


def count_published(page):
    return published(page_comments(page)).count()
