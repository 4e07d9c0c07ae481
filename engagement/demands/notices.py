"""What to tell whom when a demand moves (一事一告): one function per event, called by the transition
inside its transaction. Every message goes through the notification outbox (a row first, delivered by
a task after commit and retried), so nothing is lost when the mail server is down."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from content.roles import SUPERVISORS, role_emails, staff_emails
from content.site import site_url
from engagement.notifications.outbox import notify


def _tell_resident(demand, kind, subject, body):
    notify(demand.resident_email(), subject, body, user=demand.author if demand.author_id else None, kind=kind)


def _tell_department(department, kind, subject, body):
    for email in staff_emails(department):
        notify(email, subject, body, kind=kind)


def forwarded(demand):
    subject = _("New demand %(number)s for %(department)s") % {
        "number": demand.tracking_number, "department": demand.department}
    body = _("“%(title)s” was forwarded to your department. Accept it by %(due)s.\n%(url)s") % {
        "title": demand.title, "due": timezone.localtime(demand.accept_due_at).strftime("%Y-%m-%d %H:%M"),
        "url": site_url(f"/admin/demands/workspace/{demand.pk}/"),
    }
    _tell_department(demand.department, "demand_forwarded", subject, body)


def rejected(demand, reason):
    _tell_resident(
        demand, "demand_rejected",
        _("Your demand %(number)s was not accepted") % {"number": demand.tracking_number},
        _("Reason: %(reason)s\n%(url)s") % {"reason": reason, "url": site_url(demand.get_absolute_url())},
    )


def merged(demand, into):
    _tell_resident(
        demand, "demand_merged",
        _("Your demand %(number)s is now followed as %(into)s") % {
            "number": demand.tracking_number, "into": into.tracking_number},
        _("The same matter is being handled under %(into)s:\n%(url)s") % {
            "into": into.tracking_number, "url": site_url(into.get_absolute_url())},
    )


def answerer(demand):
    """Who answers the demand, by name: the organisation it is handed to, else its department."""
    return demand.handler.name if demand.handler_id else str(demand.department)


def answered(demand):
    """The resident, and the residents whose demands were merged into this one."""
    _tell_resident(
        demand, "demand_answered",
        _("Your demand %(number)s has been answered") % {"number": demand.tracking_number},
        _("%(department)s answered. Read it and tell us if you are satisfied:\n%(url)s") % {
            "department": answerer(demand), "url": site_url(demand.get_absolute_url())},
    )
    _tell_merged_residents(demand)


def _tell_merged_residents(demand):
    """Once per address, not the demand's own resident (just told); only when the public may read the
    demand: a merged resident could not open a private one."""
    if not type(demand).objects.publicly_readable().filter(pk=demand.pk).exists():
        return
    told = {demand.resident_email()}
    url = site_url(demand.get_absolute_url())
    merged_demands = (demand.merged_demands.filter(status=demand.Status.MERGED).select_related("author", "contact")
                      .order_by("submitted_at", "pk"))
    for m in merged_demands:
        email = m.resident_email()
        if not email or email in told:
            continue
        told.add(email)
        values = {"number": m.tracking_number, "into": demand.tracking_number, "department": answerer(demand),
                  "url": url}
        if m.author_id:
            body = _("Your demand %(number)s was merged into %(into)s, which %(department)s has answered. "
                     "Log in to read the answer and tell us if you are satisfied:\n%(url)s") % values
        else:
            body = _("Your demand %(number)s was merged into %(into)s, which %(department)s has answered. "
                     "Read the answer:\n%(url)s") % values
        notify(email, _("%(into)s, which your demand %(number)s was merged into, has been answered") % values, body,
               user=m.author if m.author_id else None, kind="demand_merged_answered")


def extension_requested(demand, reason):
    for email in role_emails(SUPERVISORS):
        notify(email, _("Extension requested for %(number)s") % {"number": demand.tracking_number},
               reason, kind="demand_extension_requested")


def extension_decided(demand, request, note):
    _tell_department(demand.department, "demand_extension_decided", _("Extension for %(number)s: %(decision)s") % {
        "number": demand.tracking_number, "decision": request.get_status_display()}, note)


def reopened(demand, comment):
    subject = _("Follow-up needed on %(number)s") % {"number": demand.tracking_number}
    _tell_department(demand.department, "demand_reopened", subject, comment or subject)
    if demand.handler_id:
        tell_organisation(demand.handler, "demand_reopened", subject,
                           f"{comment or subject}\n{site_url(reverse('demands:handled'))}")


def tell_organisation(organisation, kind, subject, body):
    notify(organisation.user.email, subject, body, user=organisation.user, kind=kind)


def handed_over(demand, reason):
    """The resident learns who answers now, why, and that the deadline has not moved; the organisation gets the
    demand in its work list."""
    values = {"number": demand.tracking_number, "organisation": demand.handler.name,
              "department": demand.department, "reason": reason,
              "due": timezone.localtime(demand.answer_due_at).strftime("%Y-%m-%d %H:%M"),
              "url": site_url(demand.get_absolute_url())}
    _tell_resident(demand, "demand_handed_over",
                   _("Your demand %(number)s is handled by %(organisation)s") % values,
                   _("%(department)s handed your demand to the mediation organisation %(organisation)s, which will "
                     "answer it in public by %(due)s (the same deadline). Why: %(reason)s\n%(url)s") % values)
    tell_organisation(demand.handler, "demand_handed_over",
                       _("Demand %(number)s handed to %(organisation)s") % values,
                       _("%(department)s handed you a demand to answer in public by %(due)s. Why: %(reason)s\n"
                         "%(worklist)s") % {**values, "worklist": site_url(reverse("demands:handled"))})


def taken_back(demand, organisation, reason):
    values = {"number": demand.tracking_number, "organisation": organisation.name if organisation else "",
              "department": demand.department, "reason": reason, "url": site_url(demand.get_absolute_url())}
    _tell_resident(demand, "demand_taken_back",
                   _("Your demand %(number)s is answered by %(department)s again") % values,
                   _("%(department)s took your demand back from %(organisation)s and answers it itself, by the same "
                     "deadline. Why: %(reason)s\n%(url)s") % values)
    if organisation is not None:
        tell_organisation(organisation, "demand_taken_back",
                           _("Demand %(number)s taken back by %(department)s") % values, reason)
