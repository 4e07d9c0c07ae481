"""The voting rule, in one place: who may vote, when, for what — and the per-poll results.

Views, the seed command and tests all call `cast_vote`; it either writes one complete
ballot or raises `VoteRefused` (with a message in the user's language) and writes nothing.
"""

from django.db import IntegrityError, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Ballot, BallotChoice, Poll, PollChoice


class VoteRefused(Exception):
    """A vote that may not be recorded; `message` is translated and safe to show."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _area_of(user):
    # The residents app owns the profile; read it without requiring one to exist.
    profile = getattr(user, "resident_profile", None)
    return getattr(profile, "area_id", None)


def _parse_choice_ids(choice_ids):
    """The chosen ids; a value that is no id PollChoice could have is refused before it reaches a query
    (an `in` lookup with 10**30 is an OverflowError on SQLite, an error on PostgreSQL)."""
    largest = BaseDatabaseOperations.integer_field_ranges[PollChoice._meta.pk.get_internal_type()][1]
    ids = set()
    for value in choice_ids or []:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = None
        if pk is None or not 0 < pk <= largest:
            raise VoteRefused(_("That choice is not part of this poll."))
        ids.add(pk)
    return ids


def cast_vote(poll, choice_ids, *, user=None, browser_token=None, now=None):
    """Record the ballot of `user` (or, on an anonymous poll, of the browser `browser_token`).

    Refused — nothing written — when the poll is not open, the voter may not vote, the
    choices are empty / not this poll's / several on a single-choice poll, or this voter
    has already voted (checked first for a friendly message, enforced by the unique constraints).
    """
    now = now or timezone.now()
    if poll.not_yet_open(now):
        raise VoteRefused(_("This poll is not open yet: voting starts at %(when)s.")
                          % {"when": timezone.localtime(poll.opens_at).strftime("%Y-%m-%d %H:%M")})
    if poll.has_closed(now):
        raise VoteRefused(_("This poll is closed: votes are no longer accepted."))

    if user is not None and user.is_authenticated:
        voter = {"user": user}
    elif poll.allow_anonymous and browser_token:
        user = None
        voter = {"browser_token": browser_token}
    else:
        raise VoteRefused(_("Please log in to vote in this poll."))

    ids = _parse_choice_ids(choice_ids)
    if not ids:
        raise VoteRefused(_("Please choose an answer before voting."))
    if poll.kind == Poll.Kind.SINGLE and len(ids) > 1:
        raise VoteRefused(_("This poll allows only one answer."))
    choices = list(PollChoice.objects.filter(poll=poll, pk__in=ids))
    if len(choices) != len(ids):
        raise VoteRefused(_("That choice is not part of this poll."))

    if Ballot.objects.filter(poll=poll, **voter).exists():
        raise VoteRefused(_("You have already voted in this poll."))
    return record_ballot(poll, choices, voter=voter, area_id=_area_of(user) if user else None, now=now)


def record_ballot(poll, choices, *, voter, area_id=None, now=None):
    """Write the ballot and its choices atomically; a duplicate voter (a lost race) is refused."""
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(poll=poll, area_id=area_id, created_at=now or timezone.now(), **voter)
            BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, choice=c) for c in choices])
    except IntegrityError:
        # Another request for the same voter won the race: the constraint kept it to one ballot.
        raise VoteRefused(_("You have already voted in this poll.")) from None
    return ballot


# --- reads -----------------------------------------------------------------------------------
def polls_with_results(queryset):
    """Polls with `ballot_count` and their choices (ordered, each with `votes`), in two queries."""
    return queryset.annotate(ballot_count=Count("ballots", distinct=True)).prefetch_related(
        Prefetch("choices", queryset=PollChoice.objects.annotate(votes=Count("picks")).order_by("sort_order", "pk"))
    )


def choices_picked_by(polls, *, user=None, browser_token=None):
    """{poll_id: {choice_id, ...}} of this voter's ballots in `polls`, in one query."""
    poll_ids = [p.pk for p in polls]
    if not poll_ids:
        return {}
    if user is not None and user.is_authenticated:
        voter = {"ballot__user": user}
    elif browser_token:
        voter = {"ballot__browser_token": browser_token}
    else:
        return {}
    picked = {}
    rows = BallotChoice.objects.filter(ballot__poll_id__in=poll_ids, **voter).values_list("ballot__poll_id", "choice_id")
    for poll_id, choice_id in rows:
        picked.setdefault(poll_id, set()).add(choice_id)
    return picked


class PollView:
    """What a template needs to show one poll to one visitor (no queries of its own)."""

    def __init__(self, poll, picked, now):
        self.poll = poll
        self.picked = picked or set()
        self.has_voted = bool(self.picked)
        self.is_open = poll.is_open(now)
        self.not_yet_open = poll.not_yet_open(now)
        self.has_closed = poll.has_closed(now)
        self.show_results = poll.results_visible_to(self.has_voted, now)
        self.total = getattr(poll, "ballot_count", 0)
        self.rows = []
        for choice in poll.choices.all():
            votes = getattr(choice, "votes", 0)
            percent = round(100 * votes / self.total, 1) if self.total else 0
            self.rows.append({"choice": choice, "votes": votes, "percent": percent, "mine": choice.pk in self.picked})

    @property
    def can_vote(self):
        return self.is_open and not self.has_voted


def poll_views(polls, request, browser_token=None, now=None):
    """Wrap `polls` (from polls_with_results) for the visitor: one query for their own picks."""
    now = now or timezone.now()
    polls = list(polls)
    picked = choices_picked_by(polls, user=request.user, browser_token=browser_token)
    return [PollView(p, picked.get(p.pk), now) for p in polls]
