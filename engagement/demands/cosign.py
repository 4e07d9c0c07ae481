"""联名: verified social organisations co-sign public demands, apart from residents' support (附议).

Who may act as an organisation is the residents app's one rule (``organisations.refuse_unless_acting``):
a suspended, withdrawn or expired verification is refused with its reason, and nothing is written.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from engagement.residents.organisation_models import in_force_condition
from engagement.residents.organisations import OrganisationRefused, acting_organisation, refuse_unless_acting

from . import permissions as perms
from .models import DemandCoSign


class CoSignRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def may_cosign(user, demand):
    """Show the button: a verified organisation in force, on a demand residents may support, not yet co-signed."""
    record = acting_organisation(user)
    return bool(record and perms.can_support(user, demand)
                and not DemandCoSign.objects.filter(demand=demand, organisation=record).exists())


def cosign(demand, user):
    """Co-sign ``demand`` as ``user``'s organisation. Returns the DemandCoSign; raises CoSignRefused."""
    try:
        record = refuse_unless_acting(user)
    except OrganisationRefused as exc:
        raise CoSignRefused(exc.message) from None
    if not perms.can_support(user, demand):
        raise CoSignRefused(_("This demand cannot be co-signed."))
    try:
        with transaction.atomic():
            return DemandCoSign.objects.create(demand=demand, organisation=record)
    except IntegrityError:
        raise CoSignRefused(_("Your organisation has already co-signed this demand.")) from None


def cosigners(demand, today=None):
    """The organisations in force that co-signed, oldest first (one query): a suspended, withdrawn or expired
    one's co-sign is kept but not shown as a verified organisation's until it is in force again."""
    return [c.organisation for c in demand.cosigns.filter(in_force_condition(today, "organisation__"))
            .select_related("organisation").order_by("created_at", "pk")]
