"""What a consultation figure is: the one definition, used by the report page and /transparency/.

    received      published opinions (a moderator approved them; rejected and held ones are not counted)
    adopted       received opinions the department adopted in full
    partly        received opinions adopted in part
    not_adopted   received opinions not adopted
    adoption_rate (adopted + partly) / decided, in %, over the opinions of published reports only
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from engagement.comments.models import ModerationState, in_state

from .models import Opinion, Outcome



def outcome_counts(decided_only=Q()):
    """The aggregates behind OpinionFigures; ``decided_only`` narrows which decisions count (published ones)."""
    return {
        "received": Count("pk"),
        "adopted": Count("pk", filter=decided_only & Q(outcome=Outcome.ADOPTED)),
        "partly": Count("pk", filter=decided_only & Q(outcome=Outcome.PARTLY)),
        "not_adopted": Count("pk", filter=decided_only & Q(outcome=Outcome.NOT_ADOPTED)),
    }


OUTCOME_COUNTS = outcome_counts()
#: Decisions are public once the adoption report is: drafts in the workspace count nowhere else.
REPORTED = Q(consultation__adoption_report__isnull=False)


@dataclass(frozen=True)
class OpinionFigures:
    received: int = 0
    adopted: int = 0
    partly: int = 0
    not_adopted: int = 0

    @property
    def decided(self):
        return self.adopted + self.partly + self.not_adopted

    @property
    def adoption_rate(self):
        """Adopted in full or in part, in % of the decided opinions (None when none is decided)."""
        return round(100 * (self.adopted + self.partly) / self.decided, 1) if self.decided else None


def figures_from(row):
    """OpinionFigures from a row annotated with OUTCOME_COUNTS (missing keys count 0)."""
    return OpinionFigures(**{key: row.get(key) or 0 for key in OUTCOME_COUNTS})


def formula():
    return _("Opinions received: opinions published on the department's consultations (rejected or held ones are "
             "not counted). Adopted, partly adopted, not adopted: as decided in the published adoption reports. "
             "Adoption rate = (adopted + partly adopted) ÷ decided opinions.")


def by_department():
    """[(department name, slug, consultations, OpinionFigures)] for live consultations: two queries."""
    published = Opinion.objects.filter(in_state(ModerationState.APPROVED, "comment__"), consultation__live=True)
    rows = (published.values("consultation__issuing_department__name", "consultation__issuing_department__slug")
            .annotate(consultations=Count("consultation", distinct=True), **outcome_counts(REPORTED))
            .order_by("consultation__issuing_department__name"))
    return [(row["consultation__issuing_department__name"], row["consultation__issuing_department__slug"],
             row["consultations"], figures_from(row)) for row in rows]


def transparency_table():
    """The /transparency/ table of opinions received and adopted per department (insights shows it)."""
    from django.urls import reverse

    rows = by_department()
    return {
        "key": "consultations",
        "title": _("Policy consultations: opinions received and adopted per department"),
        "formula": formula(),
        "columns": [_("department"), _("consultations"), _("opinions received"), _("adopted"), _("partly adopted"),
                    _("not adopted"), _("adoption rate %")],
        "rows": [[name, n, f.received, f.adopted, f.partly, f.not_adopted, f.adoption_rate]
                 for name, _slug, n, f in rows],
        "row_links": [reverse("content:department", args=[slug]) for _name, slug, _n, _f in rows],
    }
