"""Position statements (立场声明): a verified social organisation states its position on a policy or a consultation.

A statement is a comment on the page held for a moderator (``HoldRule.STATEMENT``), plus a ``PositionStatement``
naming the organisation; approved in the comment moderation queue, it is listed on the page under the
organisation's name (linking to its public page) and on the organisation's page. Who may state is the residents
app's one rule (``organisations.refuse_unless_acting``): a suspended, withdrawn or expired organisation is
refused with its reason and nothing is written. A statement on a consultation follows its dates.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from content.models import PolicyPage
from engagement.comments import services as comments
from engagement.comments.models import HoldRule, ModerationState, in_state
from engagement.residents.models import badge
from engagement.residents.organisations import OrganisationRefused, acting_organisation, refuse_unless_acting

from .models import ConsultationPage, PositionStatement, Stage
from .services import ConsultationRefused, refuse_unless_open

STATED_ON = (PolicyPage, ConsultationPage)
LISTED = 50


class StatementRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def takes_statements(page):
    """Statements are published on policies and consultations only."""
    return isinstance(page, STATED_ON)


def _standing(page, record):
    """The organisation's statement on ``page`` that is approved or still waiting, or None (a rejected one may be redone)."""
    return (PositionStatement.objects.filter(page_id=page.pk, organisation=record)
            .exclude(in_state(ModerationState.REJECTED, "comment__")).select_related("comment").first())


def statement_form_state(page, user):
    """What the page offers ``user``: ("form", None), ("waiting"|"published", statement), or (None, None)."""
    record = acting_organisation(user)
    if record is None or not takes_statements(page):
        return None, None
    if isinstance(page, ConsultationPage) and page.stage_on() != Stage.OPEN:
        return None, None
    standing = _standing(page, record)
    if standing is None:
        return "form", None
    return ("published" if standing.comment.is_public else "waiting"), standing


def publish_statement(page, user, text, *, comment_settings, ip_address=None):
    """Submit ``user``'s organisation's statement on ``page``; it waits for a moderator. Returns the PositionStatement.

    Refused (StatementRefused, nothing written): not an organisation in force, not a policy or consultation,
    a consultation not open, a statement already approved or waiting, or a text the comments app refuses.
    """
    try:
        record = refuse_unless_acting(user)
        if not takes_statements(page):
            raise StatementRefused(_("Position statements are published on policies and consultations only."))
        if isinstance(page, ConsultationPage):
            refuse_unless_open(page)
        with transaction.atomic():
            type(record).objects.select_for_update().filter(pk=record.pk).values_list("pk").first()
            if _standing(page, record) is not None:
                raise StatementRefused(_("Your organisation already has a statement here (published or waiting "
                                         "for a moderator)."))
            comment = comments.post_comment(page, text, user=user, followup=False, comment_settings=comment_settings,
                                            ip_address=ip_address, hold=HoldRule.STATEMENT)
            return PositionStatement.objects.create(comment=comment, page_id=page.pk, organisation=record)
    except (OrganisationRefused, ConsultationRefused, comments.CommentRefused) as exc:
        raise StatementRefused(exc.message) from None


def approval_refusal(comment):
    """Why a held statement may not be published now (its organisation no longer acts as verified), or None.

    A statement is published under the organisation's verified name; one written before a suspension,
    withdrawal or expiry waits, or is rejected, until the organisation is reinstated.
    """
    statement = PositionStatement.objects.filter(comment_id=comment.pk).select_related("organisation").first()
    if statement is None or statement.organisation.in_force():
        return None
    record = statement.organisation
    if record.status == record.Status.ACTIVE:
        standing = _("expired on %(date)s") % {"date": f"{record.valid_until:%Y-%m-%d}"}
    else:
        standing = record.get_status_display()
    return _("%(name)s is not a verified organisation now (%(standing)s): its statement cannot be published "
             "until the organisation is reinstated.") % {"name": record.name, "standing": standing}


def _approved():
    return (PositionStatement.objects.filter(in_state(ModerationState.APPROVED, "comment__"))
            .annotate(verified=badge("organisation__user_id")))


def statements_on(page):
    """The approved statements on ``page``, oldest first, as rows (one query)."""
    return [
        {"organisation": row["organisation__name"], "user_id": row["organisation__user_id"],
         "verified": row["verified"], "text": row["comment__comment"], "submitted": row["comment__submit_date"],
         "pk": row["pk"]}
        for row in _approved().filter(page_id=page.pk).order_by("comment__submit_date", "pk")
        .values("pk", "organisation__name", "organisation__user_id", "verified", "comment__comment",
                "comment__submit_date")
    ]


def statements_by(record, limit=LISTED):
    """``record``'s approved statements on live public pages, newest first, each with its page (two queries)."""
    from wagtail.models import Page

    rows = list(_approved().filter(organisation=record).select_related("comment")
                .order_by("-comment__submit_date", "-pk")[:limit])
    pages = {p.pk: p for p in Page.objects.live().public().filter(pk__in={r.page_id for r in rows}).specific(defer=True)}
    return [(row, pages[row.page_id]) for row in rows if row.page_id in pages]
