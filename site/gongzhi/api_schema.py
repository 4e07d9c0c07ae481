"""The API's OpenAPI document, made valid and complete (what /api/v3/openapi.json describes).

Wagtail 8.0.1's document (django-ninja 1.7) is invalid OpenAPI 3.1 and says less than the API does:
- "anonymous allowed" is written as an HTTP security scheme without a ``scheme``; OpenAPI says it
  with an empty security requirement ``{}``;
- there is no ``servers`` entry: clients cannot tell where the API lives (the public address);
- only the success status of each operation is documented, while every operation can answer 400
  (refused at the edge, gongzhi/api.py), 401 (a bad token), 403, 404 and 422 with problem+json;
- ``limit`` does not say its cap (WAGTAILAPI_LIMIT_MAX) although a higher one is a 400;
- a string parameter may hold any character, while NUL is refused: its pattern says so;
- ``locale``, ``site`` and ``order`` are any string, while only the content languages, a hostname
  (with an optional port) and the listing's orderable fields are accepted: they say so (enum, pattern;
  ``order`` lists the fields that work with ``search`` too);
- the snippet paths are listed with ``type`` fixed to "" when no snippet model is exposed to the API
  (none is here): paths no request can match, so they are left out.
"""

from django.conf import settings

from content.site import public_base
from gongzhi.api_query import CHILD_AND_DESCENDANT_NOTE, RANDOM_ORDER_NOTE

# What `site` may be: "hostname[:port]" (gongzhi/api.py refuses anything else with a 400).
SITE_PATTERN = r"^[A-Za-z0-9.-]{1,255}(:[0-9]{1,5})?$"
# Any text but NUL, which no parameter may hold (gongzhi/api.py: a 400; PostgreSQL cannot store it).
NO_NUL_PATTERN = r"^[^\u0000]*$"

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["status"],
}
ERRORS = {
    "400": "Bad request: a parameter the API refuses (too large, NUL characters, a field list on a listing…)",
    "401": "Unauthorized: the bearer token is missing, unknown or expired",
    "403": "Forbidden: the token's user may not do this",
    "404": "Not found: no such object, or one the caller may not see",
    "422": "Unprocessable: a parameter or body that does not validate",
}
ANONYMOUS = "AllowAnonymous"


def content_languages():
    """The locales pages are written in (``?locale=en`` lists the English edition)."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def _orderable(model, base_fields):
    """What a listing of ``model`` may be ordered by, with or without ``search``: the fields Wagtail's
    OrderingValidator allows that are, on a searchable model, also the search index's FilterFields
    (the search backend refuses to order by any other)."""
    from wagtail.api.validators import OrderingValidator
    from wagtail.search.index import class_is_indexed

    allowed = OrderingValidator(model=model, fields=[], base_fields=list(base_fields), db_fields_only=True
                                ).allowed_fields - {"random"}
    if class_is_indexed(model):
        indexed = {field.get_attname(model) for field in model.get_filterable_search_fields()}
        allowed = {name for name in allowed if name.lstrip("-") in indexed}
    return sorted(allowed)


def _listings():
    """Each listing's path, with the fields it may be ordered by."""
    from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
    from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS
    from wagtail.images import get_image_model
    from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS
    from wagtail.models import Page

    return {"/api/v3/pages/": _orderable(Page, BASE_PAGE_READ_FIELDS),
            "/api/v3/images/": _orderable(get_image_model(), BASE_IMAGE_READ_FIELDS),
            "/api/v3/documents/": _orderable(get_document_model(), BASE_DOCUMENT_READ_FIELDS),
            "/api/v3/redirects/": _orderable(Redirect, BASE_REDIRECT_READ_FIELDS)}


def _no_nul(schema):
    """Give every free-text string in a parameter's schema (alone or in an anyOf) the no-NUL pattern."""
    for option in [schema, *schema.get("anyOf", [])]:
        if option.get("type") == "string" and not {"enum", "const", "pattern", "format"} & set(option):
            option["pattern"] = NO_NUL_PATTERN


def _precise(parameter, orderable):
    """Say what the API accepts for this query parameter, where Wagtail's document says "any string"."""
    name, schema = parameter.get("name"), parameter.get("schema", {})
    if name == "locale":
        parameter["schema"] = {"anyOf": [{"type": "string", "enum": content_languages()}, {"type": "null"}],
                               "title": schema.get("title", "Locale")}
    elif name == "site":
        parameter["schema"] = {"anyOf": [{"type": "string", "pattern": SITE_PATTERN}, {"type": "null"}],
                               "title": schema.get("title", "Site")}
        parameter["description"] = "The site's hostname, optionally with :port (anything else is a 400)."
    elif name == "order" and orderable:
        parameter["schema"] = {"anyOf": [{"const": "random", "type": "string"},
                                         {"type": "array", "items": {"type": "string", "enum": orderable}}],
                               "default": [], "title": schema.get("title", "Order")}
        parameter["description"] = f"Fields to order by (`-` first for descending), or `random`. {RANDOM_ORDER_NOTE}"
    elif name == "child_of":
        parameter["description"] = f"Only the children of this page (or of the site's root). {CHILD_AND_DESCENDANT_NOTE}"


def _problem_responses():
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}},
               "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {status: {"description": text, "content": content} for status, text in ERRORS.items()}


def _unreachable(path_item):
    """Does a path parameter of this path admit only the empty string?"""
    return any(parameter.get("in") == "path" and parameter.get("schema", {}).get("const") == ""
               for operation in path_item.values() if isinstance(operation, dict)
               for parameter in operation.get("parameters", []))


def complete(schema):
    """Fix and complete ``schema`` (a dict) in place; returns it."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    schema["servers"] = [{"url": public_base(), "description": "the site's public address (SITE_URL)"}]
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM
    components.get("securitySchemes", {}).pop(ANONYMOUS, None)
    problems = _problem_responses()
    paths = schema.get("paths", {})
    for path in [path for path, item in paths.items() if _unreachable(item)]:
        del paths[path]
    listings = _listings()
    for path, path_item in paths.items():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if "security" in operation:
                operation["security"] = [{} if ANONYMOUS in requirement else requirement
                                         for requirement in operation["security"]]
            for status, response in problems.items():
                operation["responses"].setdefault(status, response)
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == "limit" and parameter.get("in") == "query" and limit_max:
                    parameter["schema"]["maximum"] = limit_max
                    parameter["description"] = f"How many items to return, at most {limit_max} (more is a 400)."
                elif parameter.get("name") == "offset" and parameter.get("in") == "query":
                    parameter["schema"]["maximum"] = 2**31 - 1
                elif parameter.get("in") == "query":
                    _precise(parameter, listings.get(path))
                _no_nul(parameter.get("schema", {}))
    info = schema.setdefault("info", {})
    info["description"] = (
        f"{info.get('description', '')}\n\nListings give each item's id, title and meta; an item's fields are "
        "at its meta.detail_url (a `fields` parameter on a listing is refused with a 400). Images carry absolute "
        "download and rendition URLs."
    ).strip()
    return schema


def install(api):
    """Make ``api`` (Wagtail's NinjaAPI) serve the completed document."""
    original = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return complete(dict(original(*args, **kwargs)))

    api.get_openapi_schema = get_openapi_schema
