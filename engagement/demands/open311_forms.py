"""What an Open311 client may send: the GeoReport v2 POST parameters and the GET filters, checked at the edge.

Every limit comes from the model field the value ends up in (DemandContact, Demand, Topic, Open311Client),
so a change to a model changes what the API accepts, and nothing reaches the database that it would refuse
(or, on PostgreSQL, fail on: NUL characters, integers or dates out of range).
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from content.models import Topic

from .models import Demand, DemandContact, Open311Client

# Dates a request may be filtered on: Gongzhi holds nothing older, and further ahead is a typo.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_AHEAD = datetime.timedelta(days=366)

# Appended to address_string when lat/long are given: " (-90.000000, -180.000000)" at most.
COORDINATES = " ({lat:.6f}, {lng:.6f})"


def max_length(model, field):
    return model._meta.get_field(field).max_length


def has_nul(value):
    return "\x00" in value


def nul_fields(data):
    """The names of the parameters (known or not) whose name or value holds a NUL character."""
    return sorted({key for key, values in data.lists() if has_nul(key) or any(has_nul(v) for v in values)})


def api_client(key):
    """The active client with this api_key, or None; a key no client could have is not looked up."""
    if not key or has_nul(key) or len(key) > max_length(Open311Client, "api_key"):
        return None
    return Open311Client.objects.filter(api_key=key, is_active=True).first()


class Open311Form(forms.Form):
    """Turns a form's errors into GeoReport's list: "<parameter>: <message>" for each error."""

    def error_list(self):
        return [message if name == "__all__" else f"{name}: {message}"
                for name, errors in self.errors.items() for message in errors]


def _text(name, model, model_field):
    return forms.CharField(label=name, required=False, max_length=max_length(model, model_field))


class ServiceRequestForm(Open311Form):
    """POST /requests: a new service request (api_key is checked before, see api_client())."""

    service_code = forms.CharField(label="service_code", max_length=max_length(Topic, "slug"))
    description = forms.CharField(label="description", max_length=max_length(Demand, "description"))
    lat = forms.FloatField(label="lat", required=False, min_value=-90, max_value=90)
    long = forms.FloatField(label="long", required=False, min_value=-180, max_value=180)
    address_string = _text("address_string", DemandContact, "address")
    address_id = _text("address_id", DemandContact, "address")
    email = forms.EmailField(label="email", required=False, max_length=max_length(DemandContact, "email"))
    first_name = _text("first_name", DemandContact, "name")
    last_name = _text("last_name", DemandContact, "name")
    phone = _text("phone", DemandContact, "phone")
    # Accepted by the spec and not kept; bounded all the same.
    jurisdiction_id = _text("jurisdiction_id", Topic, "slug")
    device_id = _text("device_id", DemandContact, "address")
    account_id = _text("account_id", DemandContact, "address")
    # Kept as a link (models.Demand.media_url), http(s) only: never fetched from here.
    media_url = forms.URLField(label="media_url", required=False, max_length=max_length(Demand, "media_url"),
                               assume_scheme="https", validators=[URLValidator(schemes=["http", "https"])])

    topic = None

    def clean_service_code(self):
        code = self.cleaned_data["service_code"]
        self.topic = Topic.objects.filter(slug=code).first()
        return code

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name in ("lat", "long", "address_string", "address_id")):
            return data
        lat, lng = data.get("lat"), data.get("long")
        if (lat is None) != (lng is None):
            raise ValidationError(_("lat and long go together: give both or neither."))
        if lat is None and not data.get("address_string") and not data.get("address_id"):
            raise ValidationError(_("A location is required: lat and long, address_string or address_id."))
        location = data.get("address_string") or ""
        if lat is not None:
            location = (location + COORDINATES.format(lat=lat, lng=lng)).strip()
        address_max = max_length(DemandContact, "address")
        if len(location) > address_max:
            self.add_error("address_string", _("with lat and long, at most %(n)s characters in all.") % {"n": address_max})
        name = " ".join(p for p in (data.get("last_name"), data.get("first_name")) if p)
        name_max = max_length(DemandContact, "name")
        if len(name) > name_max:
            self.add_error("first_name", _("with last_name, at most %(n)s characters in all.") % {"n": name_max})
        data["location"], data["name"] = location, name
        return data

    def contact(self):
        """The private contact details, with the exact point if one was given (never public)."""
        data = self.cleaned_data
        point = {} if data["lat"] is None else {"latitude": round(Decimal(data["lat"]), 6),
                                                "longitude": round(Decimal(data["long"]), 6)}
        return {"name": data["name"], "phone": data["phone"], "email": data["email"], "address": data["location"],
                **point}


class W3CDateTimeField(forms.CharField):
    """A w3c date-time (or a date) in the range Gongzhi can hold: from EARLIEST_DATE to a year ahead."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)

    def clean(self, value):
        value = super().clean(value)  # a string: max_length, no NUL
        if not value:
            return None
        try:
            dt = parse_datetime(value)
            if dt is None:
                dt = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time.min)
        except (ValueError, OverflowError):  # not a date, or a well-formed impossible one
            raise ValidationError(_("not a w3c date-time."))
        if timezone.is_naive(dt):
            dt = timezone.make_aware(dt)
        latest = timezone.localdate() + LATEST_AHEAD
        # Aware datetimes compare without overflowing, even at year 1.
        if not (timezone.make_aware(datetime.datetime.combine(EARLIEST_DATE, datetime.time.min)) <= dt
                <= timezone.make_aware(datetime.datetime.combine(latest, datetime.time.max))):
            raise ValidationError(_("must be between %(earliest)s and %(latest)s.") % {
                "earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()})
        return dt


class CommaListField(forms.CharField):
    """A comma-separated list (service_code=a,b): at most `max_items` values of `item_length` characters."""

    def __init__(self, *, item_length, max_items=100, **kwargs):
        self.item_length, self.max_items = item_length, max_items
        super().__init__(required=False, max_length=(item_length + 1) * max_items, **kwargs)

    def clean(self, value):
        items = [i.strip() for i in (super().clean(value) or "").split(",") if i.strip()]
        if len(items) > self.max_items:
            raise ValidationError(_("at most %(n)s values.") % {"n": self.max_items})
        if any(len(i) > self.item_length for i in items):
            raise ValidationError(_("no value may be longer than %(n)s characters.") % {"n": self.item_length})
        return items


class DateRangeForm(Open311Form):
    """A start_date and end_date, the first not after the second."""

    start_date = W3CDateTimeField(label="start_date")
    end_date = W3CDateTimeField(label="end_date")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            raise ValidationError(_("start_date is after end_date."))
        return data


class RequestFilterForm(DateRangeForm):
    """GET /requests: the spec's filters."""

    service_request_id = CommaListField(label="service_request_id", item_length=max_length(Demand, "tracking_number"))
    service_code = CommaListField(label="service_code", item_length=max_length(Topic, "slug"))
    status = CommaListField(label="status", item_length=20, max_items=10)
    jurisdiction_id = _text("jurisdiction_id", Topic, "slug")

    def clean_status(self):
        wanted = set(self.cleaned_data["status"])
        if not wanted <= {"open", "closed"}:
            raise ValidationError(_("open or closed."))
        return wanted


class UpdateFilterForm(DateRangeForm):
    """GET /servicerequestupdates (the GeoReport updates extension FixMyStreet syncs with)."""

    service_request_id = CommaListField(label="service_request_id", item_length=max_length(Demand, "tracking_number"))
    jurisdiction_id = _text("jurisdiction_id", Topic, "slug")
    api_key = forms.CharField(label="api_key", required=False, max_length=max_length(Open311Client, "api_key"))
