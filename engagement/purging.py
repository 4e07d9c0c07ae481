"""Which cached pages show what residents and departments do, and when to purge them.

content/purge.py is the one place that purges (both languages, every site, after the commit); this
module answers its ``gongzhi_cache_paths`` hook for engagement's models and connects the saves and
deletions that change a public page: a comment approved, rejected or removed (or liked), a ballot, a
policy rating, a demand's transition, answer, rating, support or co-signature, an organisation's
verification (its badge is on every page showing what it said or co-signed).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from content.hooks import CACHE_PATHS
from content.purge import page_path, paths_showing, purge


def _path(name, *args):
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def _page_and_listings(page):
    """A page with its comments, rating or poll: the page itself (its listings show none of these).
    Anything else commented on (no page, e.g. a Site in tests) shows on no cached page."""
    from wagtail.models import Page

    return [page_path(page.specific_deferred)] if isinstance(page, Page) else []


def demand_paths(demand):
    """The demand's page, the lists and figures it is counted in, and the story it was forwarded from."""
    from content.models import Area

    paths = [demand.get_absolute_url(), _path("demands:list"), _path("demands:league"), "/",
             _path("insights:transparency")]
    if demand.department_id:
        paths.append(demand.department.get_absolute_url())
    if demand.topic_id:
        paths.append(demand.topic.get_absolute_url())
    if demand.area_id:
        area = Area.objects.select_related("parent__parent__parent").get(pk=demand.area_id)
        paths += [a.get_absolute_url() for a in [*area.ancestors(), area]]
    if demand.comment_id:
        from django_comments_xtd.models import XtdComment

        comment = XtdComment.objects.filter(pk=demand.comment_id).first()
        if comment is not None:
            paths += _page_and_listings(comment.content_object)
    if demand.merged_into_id:
        paths.append(demand.merged_into.get_absolute_url())
    return paths


def organisation_paths(record):
    """The organisation's page, every page its published comments, opinions and statements are on (its badge
    shows there) and the demands it co-signed."""
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page

    page_ids = {int(pk) for pk in XtdComment.norel_objects.filter(user_id=record.user_id, is_public=True)
                .values_list("object_pk", flat=True).distinct() if pk.isdigit()}
    paths = [_path("organisation", record.user_id)]
    paths += [page_path(page) for page in Page.objects.filter(pk__in=page_ids).specific(defer=True)]
    paths += [cosign.demand.get_absolute_url() for cosign in record.cosigned_demands.select_related("demand")]
    return paths


def _author_page(comment):
    """An organisation's page lists what it said: a comment by one changes it."""
    from engagement.residents.models import OrganisationVerification

    if comment.user_id and OrganisationVerification.objects.filter(user_id=comment.user_id).exists():
        return [_path("organisation", comment.user_id)]
    return []


@hooks.register(CACHE_PATHS)
def engagement_cache_paths(obj):
    from django_comments_xtd.models import XtdComment

    from engagement.comments.models import CommentReaction
    from engagement.demands.models import Demand, DemandCoSign
    from engagement.polls.models import Poll
    from engagement.ratings.models import PolicyRating
    from engagement.residents.models import OrganisationVerification

    if isinstance(obj, Demand):
        return demand_paths(obj)
    if isinstance(obj, XtdComment):
        return _page_and_listings(obj.content_object) + _author_page(obj)
    if isinstance(obj, OrganisationVerification):
        return organisation_paths(obj)
    if isinstance(obj, DemandCoSign):
        return demand_paths(obj.demand) + [_path("organisation", obj.organisation.user_id)]
    if isinstance(obj, CommentReaction):
        return paths_showing(obj.comment)
    if isinstance(obj, PolicyRating):
        return _page_and_listings(obj.page)
    if isinstance(obj, Poll):
        return [_path("polls:detail", obj.pk), _path("polls:list"), "/", *_page_and_listings(obj.page)]
    return []


def _purge_instance(sender, instance, raw=False, **kwargs):
    if not raw:
        purge(instance)


def _purge_parent(attribute):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            purge(getattr(instance, attribute))
    return handler


def connect():
    """Purge on every save or deletion that changes a public page (called from GongzhiConfig.ready)."""
    from django_comments_xtd.models import XtdComment

    from engagement.comments.models import CommentModeration, CommentReaction
    from engagement.demands.models import Demand, DemandAnswer, DemandCoSign, DemandRating, DemandSupport
    from engagement.polls.models import Ballot
    from engagement.ratings.models import PolicyRating
    from engagement.residents.models import OrganisationVerification

    for model in (XtdComment, CommentReaction, PolicyRating, Demand, DemandCoSign, OrganisationVerification):
        post_save.connect(_purge_instance, sender=model, dispatch_uid=f"purge-{model._meta.label}")
        post_delete.connect(_purge_instance, sender=model, dispatch_uid=f"purge-del-{model._meta.label}")
    # A moderator's decision changes the comment's flags with update() (services.approve/reject): its
    # CommentModeration row is what is saved.
    for model, attribute in ((CommentModeration, "comment"), (DemandAnswer, "demand"), (DemandRating, "demand"),
                             (DemandSupport, "demand"), (Ballot, "poll")):
        handler = _purge_parent(attribute)
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"purge-{model._meta.label}")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"purge-del-{model._meta.label}")
