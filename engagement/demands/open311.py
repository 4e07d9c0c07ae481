"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/.

Services are Topics (service_code = topic slug); service_request_id is the tracking number;
status open|closed; agency_responsible = department; status_notes = the public answer.
Contact details never appear; private demands are never listed (and are 404 by id).
The exact address a client POSTs (address_string, lat/long) is kept with the private contact
details; responses give only the public area name.
"""

import datetime
import xml.etree.ElementTree as ET

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from content.models import Topic
from content.site import site_url
from engagement.ratelimit import RateLimit, RateLimited

from .intake import submit_demand
from .models import Channel, Demand, Open311Client, Status

CLOSED = {Status.ANSWERED, Status.CLOSED, Status.REJECTED, Status.MERGED}
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
POST_LIMIT = RateLimit("open311-post", 60, 3600)


class Open311Error(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status, self.description = status, description


# --- rendering ---------------------------------------------------------------------------------------
def _xml_value(el, value):
    if isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = str(value)


def render(data, fmt, root, item, status=200):
    """`data` is a list of flat dicts (or one dict for a single object as `root`)."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    top = ET.Element(root)
    rows = data if isinstance(data, list) else [data]
    for row in rows:
        parent = ET.SubElement(top, item) if isinstance(data, list) else top
        for key, value in row.items():
            child = ET.SubElement(parent, key)
            if isinstance(value, list):
                for sub in value:
                    sub_el = ET.SubElement(child, "attribute")
                    for k, v in sub.items():
                        _xml_value(ET.SubElement(sub_el, k), v)
            else:
                _xml_value(child, value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8", xml_declaration=False)
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error_response(exc, fmt):
    return render([{"code": exc.status, "description": exc.description}], fmt, "errors", "error", status=exc.status)


def api(view):
    """Check the format, turn Open311Error into the spec's error list."""

    def wrapper(request, *args, fmt, **kwargs):
        if fmt not in ("json", "xml"):
            return error_response(Open311Error(404, _("Unknown format: use .json or .xml.")), "json")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return error_response(exc, fmt)

    wrapper.__name__ = view.__name__
    return wrapper


def iso(dt):
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


# --- discovery and services ---------------------------------------------------------------------------
@api
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": "2026-11-25T00:00:00+08:00",
        "contact": _("Gongzhi media centre; see the demands pages of the site"),
        "key_service": _("API keys are issued by the site's supervisors in the admin (Open311 clients)."),
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
            "changeset": "2026-11-25T00:00:00+08:00", "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    }
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    top = ET.Element("discovery")
    for key in ("changeset", "contact", "key_service"):
        ET.SubElement(top, key).text = data[key]
    endpoints = ET.SubElement(top, "endpoints")
    for ep in data["endpoints"]:
        el = ET.SubElement(endpoints, "endpoint")
        for key in ("specification", "url", "changeset", "type"):
            ET.SubElement(el, key).text = ep[key]
        formats = ET.SubElement(el, "formats")
        for f in ep["formats"]:
            ET.SubElement(formats, "format").text = f
    return HttpResponse(b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8"),
                        content_type="text/xml; charset=utf-8")


def service_row(topic):
    return {
        "service_code": topic.slug, "service_name": topic.name, "description": topic.description or topic.name,
        "metadata": False, "type": "realtime", "keywords": topic.name,
        "group": topic.default_department.name if topic.default_department_id else "",
    }


@api
def services(request, fmt):
    rows = [service_row(t) for t in Topic.objects.select_related("default_department").order_by("name")]
    return render(rows, fmt, "services", "service")


@api
def service_definition(request, code, fmt):
    if not Topic.objects.filter(slug=code).exists():
        raise Open311Error(404, _("No service with code %(code)s.") % {"code": code})
    return render({"service_code": code, "attributes": []}, fmt, "service_definition", "attribute")


# --- requests -----------------------------------------------------------------------------------------
def request_row(demand):
    """One public request. Besides GeoReport's fields, the public record of its handling (the deadlines,
    when it was accepted and answered, whether on time), so anyone can recompute the published figures."""
    answers = sorted(demand.answers.all(), key=lambda a: a.round)  # prefetched
    photos = list(demand.photos.all())
    return {
        "service_request_id": demand.tracking_number,
        "status": "closed" if demand.status in CLOSED else "open",
        "status_notes": answers[-1].text if answers else None,
        "service_name": demand.topic.name,
        "service_code": demand.topic.slug,
        "description": demand.description,
        "agency_responsible": demand.department.name if demand.department_id else None,
        "service_notice": None,
        "requested_datetime": iso(demand.submitted_at),
        "updated_datetime": iso(demand.closed_at or demand.answered_at or demand.accepted_at
                                or demand.forwarded_at or demand.submitted_at),
        "expected_datetime": iso(demand.answer_due_at or demand.first_answer_due_at),
        "address": demand.area.full_name() if demand.area_id else None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": site_url(photos[0].get_absolute_url()) if photos else None,
        "forwarded_datetime": iso(demand.forwarded_at),
        "accept_due_datetime": iso(demand.accept_due_at),
        "accepted_datetime": iso(demand.first_accepted_at),
        "accepted_on_time": demand.accepted_on_time,
        "answer_due_datetime": iso(demand.first_answer_due_at or demand.answer_due_at),
        "answered_datetime": iso(demand.first_answered_at),
        "answered_on_time": demand.first_answered_on_time,
    }


def _base_requests():
    """What Open311 may show: the publicly readable demands, nothing else (list, by id, every filter)."""
    return Demand.objects.publicly_readable().select_related(
        "topic", "department", "area__parent__parent__parent"
    ).prefetch_related("answers", "photos")


def _parse_date(value, name):
    dt = parse_datetime(value) if value else None
    if value and dt is None:
        try:
            dt = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time.min)
        except ValueError:
            raise Open311Error(400, _("%(name)s must be a w3c date-time.") % {"name": name})
    if dt is not None and timezone.is_naive(dt):
        dt = timezone.make_aware(dt)
    return dt


@csrf_exempt
@require_http_methods(["GET", "POST"])
@api
def requests_view(request, fmt):
    if request.method == "POST":
        return post_request(request, fmt)
    params = request.GET
    qs = _base_requests()
    if params.get("service_request_id"):
        ids = [i.strip().upper() for i in params["service_request_id"].split(",") if i.strip()]
        qs = qs.filter(tracking_number__in=ids)
    else:
        start = _parse_date(params.get("start_date"), "start_date")
        end = _parse_date(params.get("end_date"), "end_date")
        if start is None and end is None:
            start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
        if start and end and start > end:
            raise Open311Error(400, _("start_date is after end_date."))
        if start:
            qs = qs.filter(submitted_at__gte=start)
        if end:
            qs = qs.filter(submitted_at__lte=end)
        if params.get("service_code"):
            qs = qs.filter(topic__slug__in=[c.strip() for c in params["service_code"].split(",")])
        status = params.get("status")
        if status:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, _("status must be open or closed."))
            if wanted == {"open"}:
                qs = qs.exclude(status__in=CLOSED)
            elif wanted == {"closed"}:
                qs = qs.filter(status__in=CLOSED)
    rows = [request_row(d) for d in qs.order_by("-submitted_at")[:MAX_RESULTS]]
    return render(rows, fmt, "service_requests", "request")


@api
def request_detail(request, request_id, fmt):
    demand = _base_requests().filter(tracking_number=request_id.upper()).first()
    if demand is None:
        raise Open311Error(404, _("No public service request %(id)s.") % {"id": request_id})
    return render([request_row(demand)], fmt, "service_requests", "request")


def post_request(request, fmt):
    data = request.POST
    key = data.get("api_key", "")
    client = Open311Client.objects.filter(api_key=key, is_active=True).first() if key else None
    if client is None:
        raise Open311Error(403, _("Invalid or missing api_key."))
    try:
        POST_LIMIT.check(request)
    except RateLimited as exc:
        raise Open311Error(429, exc.message)
    code = data.get("service_code", "")
    if not code:
        raise Open311Error(400, _("service_code is required."))
    topic = Topic.objects.filter(slug=code).first()
    if topic is None:
        raise Open311Error(404, _("No service with code %(code)s.") % {"code": code})
    description = (data.get("description") or "").strip()
    if not description:
        raise Open311Error(400, _("description is required."))
    if len(description) > 5000:
        raise Open311Error(400, _("description is longer than 5,000 characters."))
    has_location = data.get("lat") and data.get("long") or data.get("address_string") or data.get("address_id")
    if not has_location:
        raise Open311Error(400, _("A location is required: lat and long, address_string or address_id."))
    location = data.get("address_string") or ""
    if data.get("lat") and data.get("long"):
        try:
            lat, lng = float(data["lat"]), float(data["long"])
        except ValueError:
            raise Open311Error(400, _("lat and long must be numbers."))
        location = f"{location} ({lat:.6f}, {lng:.6f})".strip()
    name = " ".join(p for p in (data.get("last_name", ""), data.get("first_name", "")) if p)
    email = (data.get("email") or "").strip()
    if email and "@" not in email:
        raise Open311Error(400, _("email is not valid."))
    demand = submit_demand(
        title=description.splitlines()[0][:60], description=description, topic=topic, channel=Channel.OPEN311,
        contact={"name": name, "phone": data.get("phone", ""), "email": email, "address": location[:300]},
        open311_client=client,
    )
    return render([{"service_request_id": demand.tracking_number, "service_notice": None, "account_id": None}],
                  fmt, "service_requests", "request")
