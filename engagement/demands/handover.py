"""交办: a department hands an accepted demand to a verified mediation organisation (调解组织), which answers it in
public like a department and is scored the same way (statistics.for_handler).

    demand.hand_over(to=organisation, by=staff, reason="邻里之间的噪声纠纷，适合人民调解")
    demand.answer_as_organisation(text=..., by=organisation_account)
    demand.take_back(by=staff, reason=...)   # e.g. the organisation was suspended; the department answers

Why per demand, with a reason, and not per topic: Gongzhi's topics (停车, 噪音扰民, 物业管理 …) do not say whether
a demand is a dispute between neighbours: the same noise complaint may be about a building site (the
department's own work) or about the flat upstairs (a mediator's). The staff who read the demand decide, and
the one sentence they write is what the resident and the public read on the demand's page.

What stays: the state (accepted), the department (it remains responsible and the demand stays in its figures),
the answer deadline (no new clock). Only public demands are handed over: a private one was given to the
government's staff alone, and the organisation never sees contact details (DESIGN.md, Privacy).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notices


def refusal_to_handle(organisation, today=None):
    """Why ``organisation`` may not be handed a demand now (a message), or "" when it may."""
    from engagement.residents.organisation_models import OrganisationVerification

    if organisation is None:
        return _("Choose the mediation organisation to hand the demand to.")
    if organisation.kind != OrganisationVerification.Kind.MEDIATION:
        return _("%(organisation)s is not a mediation organisation (调解组织): only those can handle demands.") % {
            "organisation": organisation.name}
    if not organisation.in_force(today):
        return _("%(organisation)s cannot handle demands: its verification is not in force (%(status)s).") % {
            "organisation": organisation.name, "status": _state_of(organisation, today)}
    return ""


def demand_refusal(demand):
    """Why ``demand`` itself may not be handed over (a message), or "" (the lifecycle table says in which state)."""
    if not demand.is_public:
        return _("A private demand stays with the department: its resident chose that only the government's staff "
                 "read it.")
    if demand.round > 1:
        return _("A demand the department has answered once stays with it for the follow-up.")
    return ""


def _state_of(organisation, today=None):
    if organisation.status != organisation.Status.ACTIVE:
        return organisation.get_status_display()
    return _("expired on %(date)s") % {"date": f"{organisation.valid_until:%Y-%m-%d}"}


def mediation_organisations(today=None):
    """The organisations a department may hand a demand to now: mediation ones whose verification is in force."""
    from engagement.residents.organisation_models import OrganisationVerification

    records = OrganisationVerification.objects.filter(kind=OrganisationVerification.Kind.MEDIATION).order_by("name")
    return [r for r in records if r.in_force(today)]


class HandoverTransitions:
    """Mixed into Demand beside DemandTransitions: the hand-over steps of the lifecycle (transitions.LIFECYCLE)."""

    def hand_over(self, *, to, by, reason):
        """accepted (not handed) → accepted, handed to ``to``: it answers by the same deadline; the resident and
        the organisation are told."""
        from .transitions import TransitionNotAllowed

        refused = refusal_to_handle(to)
        if refused:
            raise TransitionNotAllowed(refused)
        if not (reason or "").strip():
            raise TransitionNotAllowed(_("Say why an organisation handles it: the resident will see it."))
        with transaction.atomic():
            d = self._locked("hand_over")
            if demand_refusal(d):
                raise TransitionNotAllowed(demand_refusal(d))
            now = timezone.now()
            d.handler, d.handed_over_at = to, now
            d.save(update_fields=["handler", "handed_over_at"])
            d._event("handed_over", by, d.status, reason.strip(), when=now, organisation=to)
            notices.handed_over(d, reason.strip())
        return self._done(d)

    def take_back(self, *, by, reason):
        """Handed → the department's own again (the organisation did not answer, or may no longer act)."""
        from .transitions import TransitionNotAllowed

        if not (reason or "").strip():
            raise TransitionNotAllowed(_("Say why the department takes the demand back."))
        with transaction.atomic():
            d = self._locked("take_back")
            organisation = d.handler
            d.handler, d.handed_over_at = None, None
            d.save(update_fields=["handler", "handed_over_at"])
            d._event("taken_back", by, d.status, reason.strip(), organisation=organisation)
            notices.taken_back(d, organisation, reason.strip())
        return self._done(d)

    def answer_as_organisation(self, *, text, by):
        """accepted → answered by the organisation the demand is handed to, acting now (its verification in
        force); the answer is published under its name and rated like any answer."""
        from engagement.residents.organisations import OrganisationRefused, refuse_unless_acting

        from .transitions import TransitionNotAllowed

        try:
            organisation = refuse_unless_acting(by)
        except OrganisationRefused as exc:
            raise TransitionNotAllowed(exc.message) from None
        return self._answer("answer_handed", text=text, by=by, organisation=organisation)
