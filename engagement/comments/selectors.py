"""Reading comment threads with a constant number of queries, whatever their size.

One query counts the page's top-level comments, one loads a page of them (with authors and
profiles), one loads all their replies (``thread_id IN …``, ordered as comments-xtd keeps them:
depth first), one counts likes; with more than one page, one counts what all pages show. That is kept
for the page until it is purged (content/page_data.py); a logged-in reader's own likes and reports are
two more queries.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count
from django_comments_xtd.models import XtdComment

from engagement.residents.models import badge, is_verified_organisation, public_name, public_name_from

from .models import CommentReaction, CommentReport


@dataclass
class CommentView:
    """One published comment as shown under a story (plain values: no model instances to build)."""

    pk: int
    level: int
    parent_id: int
    thread_id: int
    text: str
    submit_date: object
    user_id: int | None
    author: str
    verified: bool = False
    likes: int = 0
    liked: bool = False
    reported: bool = False
    can_reply: bool = False
    replies: list = field(default_factory=list)


_FIELDS = (
    "pk", "level", "parent_id", "thread_id", "comment", "submit_date", "user_id", "user_name",
    "user__resident_profile__display_name", "verified",
)


def with_authors(queryset):
    """``queryset`` of comments as rows of ``_FIELDS``: the badge is the author's verification in force now."""
    return queryset.annotate(verified=badge("user_id")).values(*_FIELDS)


def _author(row):
    if row["user_id"] is None:
        return row["user_name"] or "—"
    return public_name_from(row["user__resident_profile__display_name"], row["user_id"])


def author_of(comment):
    """(public name, verified organisation?) from a comment loaded with user__resident_profile; a listing
    annotated with ``verified=badge("user_id")`` saves the badge's query."""
    user = comment.user
    if user is None:
        return comment.user_name or "—", False
    verified = getattr(comment, "verified", None)
    if verified is None:
        verified = is_verified_organisation(user)
    profile = getattr(user, "resident_profile", None) if _has_profile(user) else None
    if profile is None:
        return public_name(user), verified
    return profile.public_name, verified


def _has_profile(user):
    from engagement.residents.models import ResidentProfile

    try:
        user.resident_profile
    except ResidentProfile.DoesNotExist:
        return False
    return True


def published(queryset):
    return queryset.filter(is_public=True, is_removed=False)


def discussion(queryset):
    """Leave out organisations' position statements: comments too (for moderation), but listed on their own
    (engagement/consultations/statements.py), not in the page's threads."""
    return queryset.filter(position_statement__isnull=True)


def page_comments(page):
    content_type = ContentType.objects.get_for_model(page.specific_class)
    return discussion(XtdComment.norel_objects.filter(content_type=content_type, object_pk=str(page.pk)))


@dataclass
class ThreadsPage:
    """One page of a story's threads, as every reader sees it: plain values, kept for the page until it is
    purged (content/page_data.py). ``total`` counts the comments shown on all pages."""

    number: int
    num_pages: int
    threads: list
    total: int

    @property
    def has_other_pages(self):
        return self.num_pages > 1

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1


#: Comment pages asked beyond this are answered (and kept) as this one: the last page, for any real story.
LAST_PAGE_ASKED = 1_000


def comment_page_number(asked):
    """The comment page a reader asked for (``?comments_page=``) as a number from 1 to LAST_PAGE_ASKED."""
    try:
        return min(max(int(asked), 1), LAST_PAGE_ASKED)
    except (TypeError, ValueError):
        return 1


def comment_threads(page, user, *, page_number=1, per_page=20, max_level=2):
    """A page of top-level threads on `page`, oldest first, each with its published replies.

    Returns (ThreadsPage, [CommentView, ...]); each thread's ``replies`` are CommentViews in display order
    (depth first, oldest first). A reply whose parent is hidden is not shown. What every reader sees is
    kept for the page until it is purged; for a logged-in reader two more queries mark their own likes
    and reports. Five queries at most (seven logged in), whatever the number of comments.
    """
    from content.page_data import kept

    number = comment_page_number(page_number)
    threads_page = kept(page, f"comments:{number}:{per_page}:{max_level}",
                        lambda: _threads_page(page, number, per_page, max_level))
    if user.is_authenticated:
        _mark_own(threads_page.threads, user)
    return threads_page, threads_page.threads


def _threads_page(page, number, per_page, max_level):
    base = published(page_comments(page))
    top_level = base.filter(level=0).order_by("submit_date", "pk")
    paginator = Paginator(with_authors(top_level), per_page)
    try:
        rows_page = paginator.page(number)
    except EmptyPage:
        rows_page = paginator.page(paginator.num_pages)
    roots = list(rows_page.object_list)
    if not roots:
        return ThreadsPage(number=rows_page.number, num_pages=paginator.num_pages, threads=[], total=0)
    replies = list(with_authors(base.filter(thread_id__in=[r["pk"] for r in roots], level__gt=0)
                                .order_by("thread_id", "order")))
    ids = [r["pk"] for r in roots] + [r["pk"] for r in replies]
    likes = dict(CommentReaction.objects.filter(comment_id__in=ids, kind=CommentReaction.LIKE)
                 .values("comment_id").annotate(n=Count("id")).values_list("comment_id", "n"))

    def view(row):
        return CommentView(
            pk=row["pk"], level=row["level"], parent_id=row["parent_id"], thread_id=row["thread_id"],
            text=row["comment"], submit_date=row["submit_date"], user_id=row["user_id"], author=_author(row),
            verified=bool(row["verified"]), likes=likes.get(row["pk"], 0), can_reply=row["level"] < max_level,
        )

    views = {r["pk"]: view(r) for r in roots}
    threads = [views[r["pk"]] for r in roots]
    for row in replies:
        if row["parent_id"] not in views:
            continue  # its parent is held or rejected: hide the branch
        views[row["pk"]] = view(row)
        views[row["thread_id"]].replies.append(views[row["pk"]])
    # One page of threads holds every shown comment: count those instead of asking again.
    total = count_shown(page) if paginator.num_pages > 1 else sum(1 + len(t.replies) for t in threads)
    return ThreadsPage(number=rows_page.number, num_pages=paginator.num_pages, threads=threads, total=total)


def _mark_own(threads, user):
    """Mark the comments ``user`` liked or reported (two queries)."""
    shown = [c for thread in threads for c in (thread, *thread.replies)]
    if not shown:
        return
    ids = [c.pk for c in shown]
    liked = set(CommentReaction.objects.filter(comment_id__in=ids, kind=CommentReaction.LIKE, user_id=user.pk)
                .values_list("comment_id", flat=True))
    reported = set(CommentReport.objects.filter(comment_id__in=ids, user_id=user.pk)
                   .values_list("comment_id", flat=True))
    for comment in shown:
        comment.liked, comment.reported = comment.pk in liked, comment.pk in reported


def count_shown(page):
    """How many comments the page shows, on all its comment pages: published comments and replies,
    less the replies hidden with a held or rejected ancestor (as ``comment_threads`` hides them).

    One query over ids only, whatever the number of comments.
    """
    shown = set()
    rows = published(page_comments(page)).order_by("level").values_list("pk", "parent_id", "level")
    for pk, parent_id, level in rows:
        if level == 0 or parent_id in shown:
            shown.add(pk)
    return len(shown)
