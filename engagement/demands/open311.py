"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/.

Services are Topics (service_code = topic slug); service_request_id is the tracking number;
status open|closed; agency_responsible = department; status_notes = the public answer.
Contact details never appear; private demands are never listed (and are 404 by id).
The exact address a client POSTs (address_string, lat/long) is kept with the private contact
details; responses give only the public location: the grid's name as `address` and its centroid
as `lat`/`long` (a POSTed point is mapped to the grid whose boundary holds it). Unknown paths,
formats and methods answer with GeoReport's error list, never an HTML page.
"""

import datetime
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from content.models import Area, Topic
from content.site import site_url
from engagement.ratelimit import RateLimit, RateLimited

from .intake import submit_demand
from .models import Channel, Demand, Status
from .open311_forms import RequestFilterForm, ServiceRequestForm, api_client, nul_fields

CLOSED = {Status.ANSWERED, Status.CLOSED, Status.REJECTED, Status.MERGED}
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
POST_LIMIT = RateLimit("open311-post", 60, 3600)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")  # how GeoReport v2 POSTs


class Open311Error(Exception):
    """An error answered with GeoReport's error list; `description` is one message or a list of them."""

    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.descriptions = list(description) if isinstance(description, (list, tuple)) else [description]


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
    return render([{"code": exc.status, "description": str(d)} for d in exc.descriptions], fmt, "errors", "error",
                  status=exc.status)


def api(view=None, *, methods=("GET",)):
    """Check the format and method, turn Open311Error into the spec's error list."""
    if view is None:  # @api(methods=...)
        return lambda v: api(v, methods=methods)

    def wrapper(request, *args, fmt, **kwargs):
        if fmt not in ("json", "xml"):
            return error_response(Open311Error(404, _("Unknown format: use .json or .xml.")), "json")
        if request.method not in methods and not (request.method == "HEAD" and "GET" in methods):
            response = error_response(Open311Error(405, _("Method not allowed here.")), fmt)
            response["Allow"] = ", ".join(methods)
            return response
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return error_response(exc, fmt)

    wrapper.__name__ = view.__name__
    return csrf_exempt(wrapper)  # clients authenticate with api_key, never a cookie


def iso(dt):
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


# --- discovery and services ---------------------------------------------------------------------------
@api
def discovery(request, fmt):
    base = site_url("/open311/v2/")
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
def jurisdiction_point():
    """(lat, long) of the first district with a boundary: where a request in no known grid is shown."""
    row = (Area.objects.filter(kind=Area.Kind.DISTRICT, centroid_lat__isnull=False).order_by("pk")
           .values_list("centroid_lat", "centroid_long").first())
    return (float(row[0]), float(row[1])) if row else None


def public_point(demand, fallback=None):
    """The public location of a demand: its grid's centroid (or its area's nearest), never the resident's point."""
    return (demand.area.public_point() if demand.area_id else None) or fallback


def request_row(demand, fallback=None):
    """One public request. Besides GeoReport's fields, the public record of its handling (the deadlines,
    when it was accepted and answered, whether on time), so anyone can recompute the published figures.
    `fallback` is the (lat, long) of a request outside every grid (jurisdiction_point())."""
    point = public_point(demand, fallback)
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
        "lat": point[0] if point else None,
        "long": point[1] if point else None,
        "media_url": site_url(photos[0].get_absolute_url()) if photos else (demand.media_url or None),
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


@api(methods=("GET", "POST"))
def requests_view(request, fmt):
    if request.method == "POST":
        return post_request(request, fmt)
    _refuse_nul(request.GET)
    form = RequestFilterForm(request.GET)
    if not form.is_valid():
        raise Open311Error(400, form.error_list())
    filters = form.cleaned_data
    qs = _base_requests()
    if filters["service_request_id"]:
        qs = qs.filter(tracking_number__in=[i.upper() for i in filters["service_request_id"]])
    else:
        start, end = filters["start_date"], filters["end_date"]
        if start is None and end is None:
            start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
        if start:
            qs = qs.filter(submitted_at__gte=start)
        if end:
            qs = qs.filter(submitted_at__lte=end)
        if filters["service_code"]:
            qs = qs.filter(topic__slug__in=filters["service_code"])
        wanted = filters["status"]
        if wanted == {"open"}:
            qs = qs.exclude(status__in=CLOSED)
        elif wanted == {"closed"}:
            qs = qs.filter(status__in=CLOSED)
    fallback = jurisdiction_point()
    rows = [request_row(d, fallback) for d in qs.order_by("-submitted_at")[:MAX_RESULTS]]
    return render(rows, fmt, "service_requests", "request")


def _refuse_nul(data):
    """NUL characters are refused in every parameter, even one Gongzhi ignores (PostgreSQL cannot hold them)."""
    names = nul_fields(data)
    if names:
        raise Open311Error(400, [_("%(name)s: NUL characters are not allowed.") % {"name": name.replace("\x00", "")}
                                 for name in names])


@api
def request_detail(request, request_id, fmt):
    demand = _base_requests().filter(tracking_number=request_id.upper()).first()
    if demand is None:
        raise Open311Error(404, _("No public service request %(id)s.") % {"id": request_id})
    return render([request_row(demand, jurisdiction_point())], fmt, "service_requests", "request")


def post_request(request, fmt):
    if request.content_type not in FORM_TYPES:
        raise Open311Error(415, _("Send the request's parameters form-encoded (application/x-www-form-urlencoded)."))
    data = request.POST
    client = api_client(data.get("api_key", ""))
    if client is None:
        raise Open311Error(403, _("Invalid or missing api_key."))
    try:
        POST_LIMIT.check(request)
    except RateLimited as exc:
        raise Open311Error(429, exc.message)
    _refuse_nul(data)
    form = ServiceRequestForm(data)
    if not form.is_valid():
        raise Open311Error(400, form.error_list())
    if form.topic is None:
        code = form.cleaned_data["service_code"]
        raise Open311Error(404, _("No service with code %(code)s.") % {"code": code})
    description = form.cleaned_data["description"]
    lat, lng = form.cleaned_data["lat"], form.cleaned_data["long"]
    try:
        demand = submit_demand(
            title=description.splitlines()[0][:60].strip() or description[:60], description=description,
            topic=form.topic, channel=Channel.OPEN311, contact=form.contact(), open311_client=client,
            area=Area.objects.grid_at(lat, lng) if lat is not None else None,
            media_url=form.cleaned_data["media_url"],
        )
    except ValidationError as exc:  # what the model refuses and the form let through: still the client's error
        raise Open311Error(400, exc.messages)
    return render([{"service_request_id": demand.tracking_number, "service_notice": None, "account_id": None}],
                  fmt, "service_requests", "request")


def _path_format(path):
    return "xml" if path.lower().endswith(".xml") else "json"


@csrf_exempt
def not_found(request, path=""):
    """Any other path under /open311/v2/: GeoReport's error list (XML if the path asks for it), not HTML."""
    return error_response(Open311Error(404, _("No such Open311 resource: see discovery.json.")), _path_format(path))


def unreadable(request, status):
    """A request Django could not read (a malformed or too large body; gongzhi.edge.bad_request)."""
    message = _("The request could not be read: send its parameters form-encoded, within the size limit.")
    return error_response(Open311Error(status, message), _path_format(request.path_info))
