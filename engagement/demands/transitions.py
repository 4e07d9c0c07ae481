"""The demand lifecycle (DESIGN.md), one method per transition.

    submitted ──forward──▶ forwarded ──accept──▶ accepted ──answer──▶ answered ──rate/auto──▶ closed
        ├──reject──▶ rejected     └──return──▶ submitted      │        └─dissatisfied─▶ accepted (once)
        └──merge───▶ merged                                    └─hand_over / take_back (交办, handover.py)

Each method locks the demand row (select_for_update), checks the state it was asked from,
changes it, writes a DemandEvent and hands telling people to notices.py (the outbox delivers
after commit). Two moderators acting at once: the second finds the new state and gets
TransitionNotAllowed ("already handled"). Views never set `status`.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import deadlines, notices


class TransitionNotAllowed(Exception):
    """Raised when a transition is asked from a state that does not allow it; its message is for people."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Step:
    """One row of the lifecycle: who acts, from which states, to which state (None: the state stays,
    or depends on the act, e.g. a dissatisfied first rating reopens instead of closing)."""

    actor: str
    sources: tuple
    target: str | None
    label: str  # for "cannot be %(action)s" messages
    handed: bool | None = None  # True: only while handed to an organisation; False: only while not; None: either


# Actors: "triage" Moderators; "department" staff of the demand's department; "supervisor" Supervisors;
# "author" the demand's resident; "merged author" the resident of a demand merged into it; "system" jobs;
# "handler" the mediation organisation the demand is handed to (handover.py).
LIFECYCLE = {
    "forward": Step("triage", ("submitted",), "forwarded", gettext_lazy("forwarded")),
    "reject": Step("triage", ("submitted",), "rejected", gettext_lazy("rejected")),
    "merge": Step("triage", ("submitted",), "merged", gettext_lazy("merged")),
    "change_kind": Step("triage", ("submitted", "forwarded", "accepted"), None, gettext_lazy("re-typed")),
    "accept": Step("department", ("forwarded",), "accepted", gettext_lazy("accepted")),
    "return": Step("department", ("forwarded",), "submitted", gettext_lazy("returned")),
    "answer": Step("department", ("accepted",), "answered", gettext_lazy("answered"), handed=False),
    "hand_over": Step("department", ("accepted",), None, gettext_lazy("handed over"), handed=False),
    "take_back": Step("department", ("accepted",), None, gettext_lazy("taken back"), handed=True),
    "answer_handed": Step("handler", ("accepted",), "answered", gettext_lazy("answered"), handed=True),
    "extend": Step("department", ("accepted",), None, gettext_lazy("extended")),
    "decide_extension": Step("supervisor", ("submitted", "forwarded", "accepted", "answered", "closed"), None,
                             gettext_lazy("extended")),
    "rate": Step("author", ("answered",), "closed", gettext_lazy("rated")),
    "rate_merged": Step("merged author", ("merged",), None, gettext_lazy("rated")),
    "close": Step("system", ("answered",), "closed", gettext_lazy("closed")),
}


def allows(action, status, handed=None):
    """May ``action`` be taken on a demand in ``status`` (``handed``: is it handed to an organisation)?
    The lifecycle table; permissions add who."""
    step = LIFECYCLE[action]
    return status in step.sources and (step.handed is None or handed is None or step.handed == bool(handed))


class DemandTransitions:
    """Mixed into Demand: the only code that changes a demand's status."""

    # --- helpers -------------------------------------------------------------------------
    def _locked(self, action):
        """Lock this demand's row and check the lifecycle still allows ``action`` from its state."""
        step = LIFECYCLE[action]
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        if locked.status not in step.sources:
            if self.status in step.sources:
                raise TransitionNotAllowed(
                    _("Already handled: this demand is now “%(status)s”, it can no longer be %(action)s.")
                    % {"status": locked.get_status_display(), "action": step.label}
                )
            raise TransitionNotAllowed(
                _("A demand that is “%(status)s” cannot be %(action)s.")
                % {"status": locked.get_status_display(), "action": step.label}
            )
        if step.handed is not None and step.handed != bool(locked.handler_id):
            raise TransitionNotAllowed(
                _("This demand is handed to %(organisation)s: its answer comes from there (take it back to act "
                  "yourselves).") % {"organisation": locked.handler} if locked.handler_id else
                _("This demand is not handed to an organisation.")
            )
        return locked

    def _event(self, action, by, from_status, note="", department=None, when=None, organisation=None):
        from .models import DemandEvent

        return DemandEvent.objects.create(
            demand_id=self.pk, actor=by if (by and by.is_authenticated) else None, action=action,
            from_status=from_status, to_status=self.status, note=note or "",
            department=department or self.department, organisation=organisation, created_at=when or timezone.now(),
        )

    def _done(self, locked):
        """Copy the saved state back onto the instance the caller holds."""
        for field in type(self)._meta.concrete_fields:
            setattr(self, field.attname, getattr(locked, field.attname))
        return self

    def resident_email(self):
        """Where to tell the resident: their account email, else the email they gave."""
        if self.author_id and self.author and self.author.email:
            return self.author.email
        contact = getattr(self, "contact", None) if self.pk else None
        return contact.email if contact else ""

    # --- triage (Moderators) ----------------------------------------------------------------
    def forward(self, *, to, by, note=""):
        """submitted → forwarded: send to department `to`; the accept deadline starts now."""
        if to is None:
            raise TransitionNotAllowed(_("Choose the department to forward the demand to."))
        with transaction.atomic():
            d = self._locked("forward")
            now = timezone.now()
            d.status, d.department, d.forwarded_at = self.Status.FORWARDED, to, now
            d.accept_due_at = deadlines.accept_deadline(to, now)
            d.accepted_at = d.answer_due_at = None
            d.save()
            d._event("forwarded", by, self.Status.SUBMITTED, note, department=to, when=now)
            notices.forwarded(d)
        return self._done(d)

    def reject(self, *, by, reason):
        """submitted → rejected, with a reason the resident sees."""
        if not (reason or "").strip():
            raise TransitionNotAllowed(_("Give the reason for rejecting: the resident will see it."))
        with transaction.atomic():
            d = self._locked("reject")
            d.status, d.closed_at = self.Status.REJECTED, timezone.now()
            d.save()
            d._event("rejected", by, self.Status.SUBMITTED, reason)
            notices.rejected(d, reason)
        return self._done(d)

    def merge(self, *, into, by, note=""):
        """submitted → merged into another demand; its resident then follows the surviving one."""
        if into is None or into.pk == self.pk:
            raise TransitionNotAllowed(_("Choose another demand to merge this one into."))
        if into.status in (self.Status.MERGED, self.Status.REJECTED):
            raise TransitionNotAllowed(_("A demand cannot be merged into one that is merged or rejected."))
        with transaction.atomic():
            d = self._locked("merge")
            d.status, d.merged_into, d.closed_at = self.Status.MERGED, into, timezone.now()
            d.save()
            d._event("merged", by, self.Status.SUBMITTED, note or into.tracking_number)
            notices.merged(d, into)
        return self._done(d)

    def change_kind(self, *, kind, by):
        """Correct the type (咨询/求助/投诉/建言); an open answer deadline follows the new type."""
        if kind not in self.Kind.values:
            raise TransitionNotAllowed(_("Unknown demand type."))
        with transaction.atomic():
            d = self._locked("change_kind")
            old = d.kind
            if old == kind:
                return self._done(d)
            d.kind = kind
            if d.status == self.Status.ACCEPTED:
                d.answer_due_at = deadlines.answer_deadline(d.department, kind, d.accepted_at, d.extension_days)
            d.save()
            d._event("kind_changed", by, d.status, f"{old} → {kind}")
        return self._done(d)

    # --- department workspace ----------------------------------------------------------------
    def accept(self, *, by, note=""):
        """forwarded → accepted: the department takes it on; the answer deadline starts now."""
        with transaction.atomic():
            d = self._locked("accept")
            now = timezone.now()
            d.status, d.accepted_at = self.Status.ACCEPTED, now
            if d.first_accepted_at is None:
                d.first_accepted_at = now
                d.accepted_on_time = bool(d.accept_due_at and now <= d.accept_due_at)
            d.answer_due_at = deadlines.answer_deadline(d.department, d.kind, now, d.extension_days)
            d.save()
            d._event("accepted", by, self.Status.FORWARDED, note, when=now)
        return self._done(d)

    def return_to_triage(self, *, by, reason):
        """forwarded → submitted: wrong department; moderators route it again."""
        if not (reason or "").strip():
            raise TransitionNotAllowed(_("Say why the demand goes back to triage."))
        with transaction.atomic():
            d = self._locked("return")
            department = d.department
            d.status, d.department = self.Status.SUBMITTED, None
            d.forwarded_at = d.accept_due_at = None
            d.save()
            d._event("returned", by, self.Status.FORWARDED, reason, department=department)
        return self._done(d)

    def answer(self, *, text, by, attachment=None):
        """accepted → answered: the public answer of this round; the resident is told."""
        return self._answer("answer", text=text, by=by, attachment=attachment)

    def _answer(self, action, *, text, by, attachment=None, organisation=None):
        """The answer of this round, by the department (``answer``) or its handler (``answer_handed``)."""
        from .models import DemandAnswer

        if not (text or "").strip():
            raise TransitionNotAllowed(_("Write the answer."))
        with transaction.atomic():
            d = self._locked(action)
            if organisation is not None and d.handler_id != organisation.pk:
                raise TransitionNotAllowed(_("This demand is not handed to your organisation."))
            now = timezone.now()
            DemandAnswer.objects.create(
                demand=d, round=d.round, text=text, author=by, department=d.department, organisation=organisation,
                attachment=attachment or "", created_at=now,
            )
            d.status, d.answered_at = self.Status.ANSWERED, now
            if d.round == 1:
                d.first_answered_at, d.first_answer_due_at = now, d.answer_due_at
                d.first_answered_on_time = bool(d.answer_due_at and now <= d.answer_due_at)
            d.save()
            d._event("answered", by, self.Status.ACCEPTED, when=now, organisation=organisation)
            notices.answered(d)
        return self._done(d)

    def request_extension(self, *, days, reason, by):
        """Ask a Supervisor for `days` more working days to answer (one pending request at a time)."""
        from .models import ExtensionRequest

        if not days or days < 1 or days > 30:
            raise TransitionNotAllowed(_("Ask for between 1 and 30 working days."))
        if not (reason or "").strip():
            raise TransitionNotAllowed(_("Say why more time is needed."))
        with transaction.atomic():
            d = self._locked("extend")
            if d.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
                raise TransitionNotAllowed(_("An extension request is already waiting for a decision."))
            request = ExtensionRequest.objects.create(demand=d, requested_by=by, days=days, reason=reason)
            d._event("extension_requested", by, d.status, f"+{days}: {reason}")
            notices.extension_requested(d, reason)
        self._done(d)
        return request

    def decide_extension(self, request, *, grant, by, note=""):
        """A Supervisor grants (the answer deadline moves) or refuses a pending extension request."""
        from .models import ExtensionRequest

        with transaction.atomic():
            d = type(self).objects.select_for_update().get(pk=self.pk)
            req = ExtensionRequest.objects.select_for_update().get(pk=request.pk, demand=d)
            if req.status != ExtensionRequest.Status.PENDING:
                raise TransitionNotAllowed(_("Already decided: this extension request was %(status)s.")
                                           % {"status": req.get_status_display()})
            req.status = ExtensionRequest.Status.GRANTED if grant else ExtensionRequest.Status.REFUSED
            req.decided_by, req.decided_at = by, timezone.now()
            req.save()
            if grant and d.status == self.Status.ACCEPTED:
                d.extension_days += req.days
                d.answer_due_at = deadlines.answer_deadline(d.department, d.kind, d.accepted_at, d.extension_days)
                d.save()
            d._event("extension_granted" if grant else "extension_refused", by, d.status,
                     f"+{req.days} {note}".strip())
            notices.extension_decided(d, req, note)
        self._done(d)
        return req

    # --- the resident's rating and closing -------------------------------------------------------
    def rate(self, *, satisfaction, by, comment="", resolved=None):
        """answered → closed; a first-round 不满意 reopens it (→ accepted) for one follow-up round.

        ``resolved`` is the resident's yes/no to "was your problem solved?" (None: not answered).
        """
        from .models import DemandRating, Satisfaction

        if satisfaction not in Satisfaction.values:
            raise TransitionNotAllowed(_("Choose how satisfied you are."))
        with transaction.atomic():
            d = self._locked("rate")
            if DemandRating.objects.filter(demand=d, round=d.round).exists():
                raise TransitionNotAllowed(_("This answer has already been rated."))
            now = timezone.now()
            DemandRating.objects.create(demand=d, round=d.round, satisfaction=satisfaction, resolved=resolved,
                                        comment=comment, created_at=now)
            d._event("rated", by, self.Status.ANSWERED, satisfaction, when=now)
            if satisfaction == Satisfaction.DISSATISFIED and d.round == 1:
                d.status, d.round, d.accepted_at, d.extension_days = self.Status.ACCEPTED, 2, now, 0
                d.answer_due_at = deadlines.answer_deadline(d.department, d.kind, now)
                d.save()
                d._event("reopened", by, self.Status.ANSWERED, comment, when=now)
                notices.reopened(d, comment)
            else:
                d.status, d.closed_at = self.Status.CLOSED, now
                d.save()
                d._event("closed", by, self.Status.ANSWERED, when=now)
        return self._done(d)

    def rate_merged_answer(self, *, satisfaction, by, comment="", resolved=None):
        """The resident of this merged demand rates the answer of the demand it was merged into.

        Stored as this demand's round-1 rating; neither demand changes status (the surviving demand's
        author rates it through rate()). Allowed once, to this demand's author, when the surviving
        demand is answered or closed.
        """
        from .models import DemandRating, Satisfaction

        if satisfaction not in Satisfaction.values:
            raise TransitionNotAllowed(_("Choose how satisfied you are."))
        with transaction.atomic():
            d = self._locked("rate_merged")
            if not (by and by.is_authenticated and d.author_id == by.pk):
                raise TransitionNotAllowed(_("Only the resident whose demand was merged can rate this answer."))
            survivor = type(self).objects.filter(pk=d.merged_into_id).first() if d.merged_into_id else None
            if survivor is None or survivor.status not in (self.Status.ANSWERED, self.Status.CLOSED):
                raise TransitionNotAllowed(_("The demand yours was merged into has not been answered yet."))
            if DemandRating.objects.filter(demand=d).exists():
                raise TransitionNotAllowed(_("This answer has already been rated."))
            now = timezone.now()
            DemandRating.objects.create(demand=d, round=1, satisfaction=satisfaction, resolved=resolved,
                                        comment=comment, created_at=now)
            d._event("rated", by, self.Status.MERGED, f"{satisfaction} → {survivor.tracking_number}", when=now)
        return self._done(d)

    def auto_close(self, *, now=None):
        """answered → closed when the answer waited AUTO_CLOSE_DAYS without a rating."""
        now = now or timezone.now()
        with transaction.atomic():
            d = self._locked("close")
            if d.answered_at and d.answered_at > now - datetime.timedelta(days=deadlines.AUTO_CLOSE_DAYS):
                raise TransitionNotAllowed(_("The answer is still waiting for the resident's rating."))
            d.status, d.closed_at = self.Status.CLOSED, now
            d.save()
            d._event("auto_closed", None, self.Status.ANSWERED, when=now)
        return self._done(d)

    # --- audit of contact details ------------------------------------------------------------------
    def record_contact_view(self, *, by, note=""):
        """Audit one look at the contact details (每次查看留痕)."""
        return self._event("contact_viewed", by, self.status, note)
