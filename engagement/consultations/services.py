"""Consultation domain layer: give an opinion, support or oppose a section, decide an opinion, publish the
adoption report. Views, the admin workspace and the seed call only these; each refusal is a
``ConsultationRefused`` whose message is for the person, in their language, and nothing changes.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from engagement.comments import services as comments
from engagement.comments.models import ModerationState, in_state

from . import permissions
from .models import DECIDED_OUTCOMES, AdoptionReport, ConsultationSection, Opinion, Outcome, SectionStance, Stage

MAX_WORDING = 2000


class ConsultationRefused(Exception):
    """An opinion, stance, decision or report that may not be made; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def refuse_unless_open(consultation, today=None):
    """Raise ConsultationRefused unless ``consultation`` takes opinions today (the one rule: views ask it too)."""
    stage = consultation.stage_on(today)
    if stage == Stage.UPCOMING:
        raise ConsultationRefused(_("This consultation opens on %(date)s: opinions are not accepted yet.")
                                  % {"date": f"{consultation.opens_on:%Y-%m-%d}"})
    if stage != Stage.OPEN:
        raise ConsultationRefused(_("This consultation closed on %(date)s: opinions are no longer accepted.")
                                  % {"date": f"{consultation.closes_on:%Y-%m-%d}"})


def section_of(consultation, section_id):
    """The section ``section_id`` of this consultation, None for the whole draft; refuses another one's."""
    if section_id in (None, ""):
        return None
    section = ConsultationSection.objects.filter(pk=section_id, page_id=consultation.pk).first()
    if section is None:
        raise ConsultationRefused(_("That section is not part of this consultation."))
    return section


def opinion_text(text, wording):
    """The comment's text: the opinion, then the proposed wording, so moderators and hold rules see both."""
    if not wording:
        return text
    label = _("Proposed wording:")
    return f"{text}\n\n{label}\n{wording}"


def give_opinion(consultation, user, text, *, section_id=None, proposed_wording="", comment_settings,
                 ip_address=None):
    """Post ``user``'s opinion on a section (or the whole draft) as a moderated comment on the page.

    Returns the Opinion; ``opinion.comment.is_public`` says whether it is published or held for review.
    Refuses when the consultation is not open, the section belongs to another consultation, a new wording
    is proposed for no section, or the comments app refuses the text (empty, too long, author blocked).
    """
    if not (user and user.is_authenticated):
        raise ConsultationRefused(_("Please log in to give an opinion."))
    refuse_unless_open(consultation)
    section = section_of(consultation, section_id)
    wording = (proposed_wording or "").replace("\x00", "").strip()
    if wording and section is None:
        raise ConsultationRefused(_("A new wording can only be proposed for a section."))
    if len(wording) > MAX_WORDING:
        raise ConsultationRefused(_("A proposed wording can be at most %(max)s characters.") % {"max": MAX_WORDING})
    try:
        text = comments.clean_text(text)
        with transaction.atomic():
            comment = comments.post_comment(
                consultation, opinion_text(text, wording), user=user, followup=False,
                comment_settings=comment_settings, ip_address=ip_address,
            )
            opinion = Opinion.objects.create(comment=comment, consultation=consultation, section=section,
                                             proposed_wording=wording)
    except comments.CommentRefused as exc:
        raise ConsultationRefused(exc.message) from None
    return opinion


def take_stance(section, user, stance):
    """Support or oppose a section; the same choice again withdraws it. Returns the stance now held or None."""
    if not (user and user.is_authenticated):
        raise ConsultationRefused(_("Please log in to support or oppose a section."))
    if stance not in SectionStance.Stance.values:
        raise ConsultationRefused(_("Please choose to support or to oppose the section."))
    refuse_unless_open(section.page)
    with transaction.atomic():
        current = SectionStance.objects.select_for_update().filter(section=section, user=user).first()
        if current is not None and current.stance == stance:
            current.delete()
            return None
        if current is not None:
            current.stance = stance
            current.save(update_fields=["stance"])
            return stance
        try:
            with transaction.atomic():
                SectionStance.objects.create(section=section, user=user, stance=stance)
        except IntegrityError:
            pass  # a double click: already recorded
    return stance


def received(consultation):
    """The opinions the consultation received: every one a moderator has not rejected."""
    return Opinion.objects.filter(consultation=consultation).exclude(in_state(ModerationState.REJECTED, "comment__"))


def _refuse_unless_reporter(user, consultation):
    if not permissions.can(user, "report", consultation):
        raise ConsultationRefused(_("Only the issuing department's staff may decide opinions and publish the report."))


def _refuse_once_reported(consultation):
    if AdoptionReport.objects.filter(consultation=consultation).exists():
        raise ConsultationRefused(_("The adoption report is published: its decisions can no longer change."))


@transaction.atomic
def decide(opinion, *, outcome, reason, by):
    """Record the department's decision on one opinion: adopted, partly adopted or not, and why."""
    consultation = opinion.consultation
    _refuse_unless_reporter(by, consultation)
    _refuse_once_reported(consultation)
    if outcome not in DECIDED_OUTCOMES:
        raise ConsultationRefused(_("Please choose adopted, partly adopted or not adopted."))
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ConsultationRefused(_("Please give the reason: residents read it in the report."))
    locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
    locked.outcome, locked.outcome_reason = outcome, reason[:2000]
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["outcome", "outcome_reason", "decided_by", "decided_at"])
    log(instance=consultation, action="gongzhi.consultations.decide", user=by,
        data={"opinion": opinion.pk, "outcome": outcome})
    return locked


def report_blockers(consultation, today=None):
    """Why the report cannot be published yet, as messages (empty: it can be)."""
    blockers = []
    if consultation.stage_on(today) in (Stage.UPCOMING, Stage.OPEN):
        blockers.append(_("The consultation is still open until %(date)s.") % {"date": f"{consultation.closes_on:%Y-%m-%d}"})
    waiting = received(consultation).filter(in_state(ModerationState.PENDING, "comment__")).count()
    if waiting:
        blockers.append(_("%(n)s opinions still wait for a moderator.") % {"n": waiting})
    undecided = received(consultation).filter(Q(outcome=Outcome.OPEN) | Q(outcome_reason="")).count()
    if undecided:
        blockers.append(_("%(n)s opinions have no outcome yet: every opinion needs one, with its reason.")
                        % {"n": undecided})
    return blockers


def publish_report(consultation, *, summary, by, today=None):
    """Publish the adoption report (采纳情况) and tell everyone who gave an opinion that it is out.

    Refused (nothing written) while the consultation is open, while an opinion waits for a moderator or
    has no outcome, without a summary, or when the report is already out.
    """
    from .notices import tell_opinion_givers

    _refuse_unless_reporter(by, consultation)
    summary = (summary or "").replace("\x00", "").strip()
    with transaction.atomic():
        # Lock the page row: two staff publishing at once make one report, and decisions wait.
        type(consultation).objects.select_for_update().filter(pk=consultation.pk).values_list("pk").first()
        _refuse_once_reported(consultation)
        blockers = report_blockers(consultation, today)
        if not summary:
            blockers.append(_("Please write the report's summary."))
        if blockers:
            raise ConsultationRefused(" ".join(blockers))
        report = AdoptionReport.objects.create(consultation=consultation, summary=summary[:5000], published_by=by)
        log(instance=consultation, action="gongzhi.consultations.publish_report", user=by,
            data={"opinions": received(consultation).count()})
        transaction.on_commit(lambda: tell_opinion_givers(consultation))
    return report
