"""What a published adoption report tells whom: each resident who gave an opinion, once, through the outbox."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from engagement.notifications.outbox import notify

from .models import Outcome


def tell_opinion_givers(consultation):
    """One email per account that gave a published opinion, with how many of theirs were adopted."""
    from .services import received

    rows = received(consultation).filter(comment__is_public=True, comment__user__isnull=False)
    per_user = {}
    for user_id, outcome in rows.values_list("comment__user_id", "outcome"):
        mine = per_user.setdefault(user_id, {"n": 0, "adopted": 0})
        mine["n"] += 1
        mine["adopted"] += outcome in (Outcome.ADOPTED, Outcome.PARTLY)
    users = get_user_model().objects.filter(pk__in=per_user, is_active=True).exclude(email="")
    url = consultation.full_url or ""
    if url:
        url += consultation.reverse_subpage("report")
    sent = []
    for user in users:
        mine = per_user[user.pk]
        body = _("The adoption report on “%(title)s” is published. You gave %(n)s opinions; %(adopted)s of them "
                 "were adopted in full or in part. Every opinion's outcome and the reason:\n\n%(url)s") % {
            "title": consultation.title, "n": mine["n"], "adopted": mine["adopted"], "url": url}
        sent.append(notify(user.email, _("Adoption report published: %(title)s") % {"title": consultation.title},
                           body, user=user, kind="consultation_report"))
    return sent
