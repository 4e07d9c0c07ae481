"""The demo's demands (engagement/demands/seed.py) show every part of the loop, 交办 included."""

from io import StringIO
from types import SimpleNamespace

from django.urls import reverse

from engagement.demands.models import Demand
from engagement.demands.seed import MEDIATION, seed
from engagement.residents.models import OrganisationVerification
from tests.factories import TopicFactory


def test_the_demo_hands_two_neighbour_disputes_to_a_mediation_organisation_which_answers_one(
    client, home, department, department_staff, moderator, supervisor, grid
):
    TopicFactory(name="噪音扰民", slug="noise", default_department=department)
    out = StringIO()

    seed(SimpleNamespace(stdout=out))
    seed(SimpleNamespace(stdout=out))  # a second run adds nothing

    organisation = OrganisationVerification.objects.in_force().get(kind="mediation")
    handed = list(Demand.objects.filter(handler=organisation))
    assert len(handed) == 2 and "2 handed to the demo mediation organisation" in out.getvalue()
    answered, waiting = sorted(handed, key=lambda d: d.status != "answered")
    assert answered.status == "answered" and waiting.status == "accepted"
    for demand in handed:
        accepted_at = demand.events.get(action="accepted").created_at
        assert accepted_at < demand.events.get(action="handed_over").created_at
        assert MEDIATION["noise"][0] in demand.events.get(action="handed_over").note

    page = client.get(answered.get_absolute_url()).content.decode()
    assert MEDIATION["noise"][1] in page and organisation.name in page

    client.force_login(organisation.user)
    worklist = client.get(reverse("demands:handled")).content.decode()
    assert waiting.tracking_number in worklist and waiting.title in worklist
