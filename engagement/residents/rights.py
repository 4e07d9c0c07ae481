"""Residents' rights under the PIPL (个人信息保护法), one function per right.

    record_consent(...)          consent to the privacy notice (signup, demand submission)      Art. 14
    export_data(user)            "Download my data": everything the account holds, as a dict     Art. 45
    export_csv(data)             the same as one CSV (section, record, field, value)
    delete_account(user, ...)    "Delete my account", audited by a DeletionRecord                Art. 47
    erase_closed_contacts(...)   the retention job: contact details of long-closed demands       Art. 19, 47

What survives an account's deletion, and why:

- **Comments**: the resident chooses. *Anonymise* keeps the text, unlinks the account and shows
  已注销用户 (no email, IP or follow-up kept). *Remove* deletes them; a removed comment that others
  replied to stays as an empty placeholder (text replaced, also shown as 已注销用户), or the other
  residents' replies would disappear with it.
- **Demands** (诉求) are part of the public record (the department's answer, the statistics, the open
  data): kept, with the author unlinked and the contact details (name, phone, email, address) erased.
- **Ballots** are kept as anonymous votes: the account is unlinked (a random token takes its place, as
  for an anonymous poll's ballot), so published and closed poll results do not change afterwards. A
  ballot holds no text, only choices and the voter's grid (counted in the export only above a minimum).
- **Policy ratings** are removed: a rating is the account's *current* opinion (the resident can change
  it any time), its reason is free text that can identify them, and the model has no rating without
  an account. The policy's average is recomputed without it.
- Support (附议), likes and reports, consents at signup, the outbox's emails: removed. Consents given
  with a demand stay with the demand (unlinked), as the record of what it was submitted under.
"""

import csv
import io
import json
import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from .rights_models import Consent, DeletionRecord, PrivacyNotice, RetentionRun

ANONYMISE = DeletionRecord.CommentChoice.ANONYMISE
REMOVE = DeletionRecord.CommentChoice.REMOVE
DEFAULT_RETENTION_MONTHS = 24


def _in_site_language(message):
    """What is stored in place of a person (a name, a removed text), in the site's own language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def deleted_name():
    return _in_site_language("Deleted account")  # 已注销用户


def removed_text():
    return _in_site_language("(This comment was removed with its author's account.)")


# -- Consent ------------------------------------------------------------------------------------------

def current_notice():
    """The privacy notice in force (created with its built-in defaults on first use)."""
    return PrivacyNotice.load()


def record_consent(*, purpose, user=None, demand=None, given_by=Consent.GivenBy.RESIDENT, notice=None, when=None):
    """Record that the privacy notice in force (its version) was accepted, for `purpose`."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    notice = notice or current_notice()
    return Consent.objects.create(
        user=user, demand=demand, purpose=purpose, given_by=given_by, notice_version=notice.version,
        given_at=when or timezone.now(),
    )


# -- Download my data -----------------------------------------------------------------------------------

def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _page_titles(page_ids):
    from wagtail.models import Page

    return {p.pk: (p.title, p.url) for p in Page.objects.filter(pk__in=page_ids).specific(defer=True)}


def export_data(user):
    """Everything Gongzhi holds about the account `user`, as JSON-ready data (only theirs)."""
    from allauth.account.models import EmailAddress
    from django_comments_xtd.models import XtdComment

    from engagement.comments.models import CommentReaction, CommentReport, state_of
    from engagement.demands.models import Demand, DemandContact, DemandSupport
    from engagement.polls.models import Ballot
    from engagement.ratings.models import PolicyRating

    from .models import ResidentProfile, is_verified_organisation

    profile = ResidentProfile.objects.filter(user=user).select_related("area").first()
    account = {
        "email": user.email, "username": user.get_username(), "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "display_name": profile.display_name if profile else "",
        "area": str(profile.area) if profile and profile.area else "",
        "notify_replies": profile.notify_replies if profile else False,
        "verified_organisation": is_verified_organisation(user),
        "commenting_blocked_until": _iso(profile.commenting_blocked_until) if profile else None,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }

    comments = list(XtdComment.norel_objects.filter(user=user).order_by("submit_date", "pk"))
    pages = _page_titles({int(c.object_pk) for c in comments if str(c.object_pk).isdigit()})
    comment_rows = []
    for c in comments:
        title, url = pages.get(int(c.object_pk), ("", "")) if str(c.object_pk).isdigit() else ("", "")
        comment_rows.append({
            "id": c.pk, "page": title, "url": url, "text": c.comment, "submitted": _iso(c.submit_date),
            "reply_to": c.parent_id if c.parent_id != c.pk else None, "state": str(state_of(c)),
            "name_shown": c.user_name, "email": c.user_email, "ip_address": c.ip_address or "",
            "email_replies": c.followup,
        })

    ballots = []
    for b in (Ballot.objects.filter(user=user).select_related("poll", "area")
              .prefetch_related("picks__choice").order_by("created_at", "pk")):
        ballots.append({
            "poll": b.poll.question, "choices": [p.choice.text for p in b.picks.all()],
            "voted": _iso(b.created_at), "area": str(b.area) if b.area else "",
        })

    ratings = list(PolicyRating.objects.filter(user=user).order_by("created_at", "pk"))
    policy_pages = _page_titles({r.page_id for r in ratings})
    rating_rows = [{
        "policy": policy_pages.get(r.page_id, ("", ""))[0], "url": policy_pages.get(r.page_id, ("", ""))[1],
        "score": r.score, "satisfaction": r.satisfaction, "reason": r.reason,
        "created": _iso(r.created_at), "updated": _iso(r.updated_at),
    } for r in ratings]

    demands = []
    contacts = {c.demand_id: c for c in DemandContact.objects.filter(demand__author=user)}
    for d in (Demand.objects.filter(author=user).select_related("topic", "area", "department")
              .prefetch_related("ratings").order_by("submitted_at", "pk")):
        contact = contacts.get(d.pk)
        demands.append({
            "tracking_number": d.tracking_number, "title": d.title, "description": d.description,
            "status": d.status, "type": d.kind, "public": d.is_public, "channel": d.channel,
            "topic": str(d.topic), "area": str(d.area) if d.area else "",
            "department": str(d.department) if d.department else "",
            "submitted": _iso(d.submitted_at), "closed": _iso(d.closed_at),
            "contact": {k: getattr(contact, k, "") for k in ("name", "phone", "email", "address")},
            "ratings": [{"round": r.round, "satisfaction": r.satisfaction, "resolved": r.resolved,
                         "comment": r.comment, "rated": _iso(r.created_at)} for r in d.ratings.all()],
            "url": d.get_absolute_url(),
        })

    consents = [{
        "for": c.purpose, "given_by": c.given_by, "notice_version": c.notice_version, "when": _iso(c.given_at),
        "demand": c.demand.tracking_number if c.demand_id else "",
    } for c in Consent.objects.filter(Q(user=user) | Q(demand__author=user)).select_related("demand")
        .order_by("given_at", "pk")]

    return {
        "generated_at": _iso(timezone.now()),
        "privacy_notice_version": current_notice().version,
        "account": account,
        "comments": comment_rows,
        "comment_likes": [{"comment": r.comment_id, "when": _iso(r.created_at)}
                          for r in CommentReaction.objects.filter(user=user).order_by("pk")],
        "comment_reports": [{"comment": r.comment_id, "reason": r.reason, "when": _iso(r.created_at)}
                            for r in CommentReport.objects.filter(user=user).order_by("pk")],
        "ballots": ballots,
        "policy_ratings": rating_rows,
        "demands": demands,
        "demand_supports": [{"demand": s.demand.tracking_number, "when": _iso(s.created_at)}
                            for s in DemandSupport.objects.filter(user=user).select_related("demand").order_by("pk")],
        "consents": consents,
    }


def _flatten(prefix, value, out):
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, item, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for n, item in enumerate(value, 1):
            _flatten(f"{prefix}[{n}]", item, out)
    elif isinstance(value, list):
        out.append((prefix, "; ".join(str(v) for v in value)))
    else:
        out.append((prefix, "" if value is None else value))


def export_csv(data):
    """`data` from export_data() as one CSV: one line per value (section, record, field, value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "record", "field", "value"])
    for section, value in data.items():
        if isinstance(value, list):
            for n, record in enumerate(value, 1):
                pairs = []
                _flatten("", record, pairs)
                for field, item in pairs:
                    writer.writerow([section, n, field, item])
        elif isinstance(value, dict):
            pairs = []
            _flatten("", value, pairs)
            for field, item in pairs:
                writer.writerow([section, 1, field, item])
        else:
            writer.writerow([section, "", "", value])
    return buffer.getvalue()


def export_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2)


# -- Delete my account --------------------------------------------------------------------------------

def _comments_to_keep(parents):
    """Of the account's comments ({id: parent id}), those others replied to (directly or further down):
    kept as placeholders so the replies of others stay in their threads."""
    from django_comments_xtd.models import XtdComment

    mine = set(parents)
    keep = set()
    replies_of_others = (XtdComment.norel_objects.filter(parent_id__in=mine).exclude(pk__in=mine)
                         .values_list("parent_id", flat=True))
    for parent in replies_of_others:
        while parent in mine and parent not in keep:
            keep.add(parent)
            if parents[parent] == parent:  # a thread's root is its own parent
                break
            parent = parents[parent]
    return keep


def delete_account(user, *, comments=ANONYMISE):
    """Delete the account `user`, as described in the module docstring; returns the DeletionRecord."""
    from allauth.account.models import EmailAddress
    from django_comments_xtd.models import XtdComment

    from engagement.comments.models import CommentReaction, CommentReport
    from engagement.demands.models import Demand, DemandContact, DemandSupport
    from engagement.notifications.models import Notification
    from engagement.polls.models import Ballot
    from engagement.ratings.models import PolicyRating

    comments = DeletionRecord.CommentChoice(comments)
    counts = {}
    with transaction.atomic():
        own = XtdComment.norel_objects.filter(user=user)
        parents = dict(own.values_list("pk", "parent_id"))
        counts["comment_likes_removed"] = CommentReaction.objects.filter(user=user).delete()[0]
        counts["comment_reports_removed"] = CommentReport.objects.filter(user=user).delete()[0]
        anonymous = {"user": None, "user_name": deleted_name()[:50], "user_email": "", "user_url": "",
                     "ip_address": None, "followup": False}
        if comments == ANONYMISE:
            counts["comments_anonymised"] = own.update(**anonymous)
            counts["comments_removed"] = 0
            counts["comments_left_as_placeholders"] = 0
        else:
            keep = _comments_to_keep(parents)
            counts["comments_left_as_placeholders"] = (
                XtdComment.norel_objects.filter(pk__in=keep).update(comment=removed_text(), **anonymous))
            gone = [pk for pk in parents if pk not in keep]
            XtdComment.norel_objects.filter(pk__in=gone).delete()
            counts["comments_removed"] = len(gone)
            counts["comments_anonymised"] = 0

        ballots = list(Ballot.objects.filter(user=user).values_list("pk", flat=True))
        for pk in ballots:
            Ballot.objects.filter(pk=pk).update(user=None, browser_token=f"deleted:{secrets.token_hex(24)}")
        counts["ballots_anonymised"] = len(ballots)
        counts["policy_ratings_removed"] = PolicyRating.objects.filter(user=user).delete()[0]
        counts["demand_supports_removed"] = DemandSupport.objects.filter(user=user).delete()[0]

        demands = Demand.objects.filter(author=user)
        counts["demand_contacts_erased"] = DemandContact.objects.filter(demand__author=user).update(
            name="", phone="", email="", address="", latitude=None, longitude=None)
        counts["demands_unlinked"] = demands.update(author=None)

        counts["consents_removed"] = Consent.objects.filter(user=user, demand__isnull=True).delete()[0]
        counts["consents_unlinked"] = Consent.objects.filter(user=user).update(user=None)

        emails = {user.email.lower()} | {e.lower() for e in EmailAddress.objects.filter(user=user)
                                         .values_list("email", flat=True)}
        emails.discard("")
        email_match = Q()
        for email in emails:
            email_match |= Q(recipient__iexact=email)
        counts["emails_removed"] = Notification.objects.filter(Q(user=user) | email_match).delete()[0]

        user.delete()
        return DeletionRecord.objects.create(comments=comments, counts=counts)


# -- Retention ---------------------------------------------------------------------------------------

def retention_months():
    return int(getattr(settings, "GONGZHI_CONTACT_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))


def months_before(moment, months):
    """The same local day and time `months` calendar months earlier (the month's last day if shorter)."""
    import calendar

    local = timezone.localtime(moment)
    month_index = local.year * 12 + (local.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    return local.replace(year=year, month=month + 1, day=day)


def closed_contacts(cutoff):
    """Contact details not yet erased of demands closed, rejected or merged before `cutoff` (a merged
    demand only once the demand it was merged into is finished too: its author follows that one)."""
    from engagement.demands.models import OPEN_STATUSES, DemandContact, Status

    finished = [Status.CLOSED, Status.REJECTED, Status.MERGED]
    return (DemandContact.objects
            .filter(demand__status__in=finished, demand__closed_at__lt=cutoff)
            .exclude(demand__status=Status.MERGED,
                     demand__merged_into__status__in=[*OPEN_STATUSES, Status.ANSWERED])
            .exclude(name="", phone="", email="", address="", latitude__isnull=True))


def erase_closed_contacts(*, months=None, dry_run=False, now=None):
    """Erase the contact details of demands finished more than `months` months ago.

    Returns {"months", "cutoff", "counts": {status: n}, "erased", "tracking_numbers", "run"}; with
    dry_run, nothing is written (no erasure, no RetentionRun) and "run" is None.
    """
    months = retention_months() if months is None else int(months)
    now = now or timezone.now()
    cutoff = months_before(now, months)
    with transaction.atomic():
        rows = list(closed_contacts(cutoff).select_for_update(of=("self",))
                    .values_list("pk", "demand__status", "demand__tracking_number"))
        counts = {}
        for _pk, status, _number in rows:
            counts[status] = counts.get(status, 0) + 1
        numbers = sorted(number for _pk, _status, number in rows)
        run = None
        if not dry_run and rows:
            from engagement.demands.models import DemandContact

            DemandContact.objects.filter(pk__in=[pk for pk, _s, _n in rows]).update(
                name="", phone="", email="", address="", latitude=None, longitude=None)
        if not dry_run:
            run = RetentionRun.objects.create(ran_at=now, months=months, cutoff=cutoff, erased=len(rows),
                                              counts=counts, tracking_numbers=numbers)
    return {"months": months, "cutoff": cutoff, "counts": counts, "erased": len(rows),
            "tracking_numbers": numbers, "run": run}

